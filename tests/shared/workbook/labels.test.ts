import { describe, expect, it } from 'vitest';
import { columnLabel, COLUMN_LABELS, customersTab, sidebarLabel, TABS } from '../../../shared/workbook';

describe('labels', () => {
  it('gives the contract columns their human names', () => {
    expect(columnLabel('first_name')).toBe('First name');
    expect(columnLabel('email_consent')).toBe('E-mail consent');
    expect(columnLabel('clv_12m')).toBe('Lifetime value (12 months)');
  });

  it('has a label for every column of every contract tab', () => {
    const missing = TABS.flatMap((t) => Object.keys(t.columns)).filter((c) => !(c in COLUMN_LABELS));
    expect(missing).toEqual([]);
    expect(Object.keys(customersTab.columns).map(columnLabel)).not.toContain('');
  });

  it('makes other snake_case names readable and leaves a person\'s own headers as written', () => {
    expect(columnLabel('fleet_size')).toBe('Fleet size');
    expect(columnLabel('Shoe size')).toBe('Shoe size');
    expect(columnLabel('VAT no')).toBe('VAT no');
    expect(columnLabel('constructor')).toBe('constructor');
    expect(columnLabel('__proto__')).toBe('__proto__');
  });

  it('names the sidebars', () => {
    expect(['customer-card', 'duplicates', 'messages', 'dashboard'].map(sidebarLabel)).toEqual(['Customer card', 'Duplicates', 'Messages', 'Dashboard']);
    expect(sidebarLabel('loyalty-cards')).toBe('Loyalty cards');
    expect(sidebarLabel('toString')).toBe('ToString');
  });
});
