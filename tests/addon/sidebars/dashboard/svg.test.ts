import { describe, expect, it } from 'vitest';
import { axisLabel, formatValue } from '../../../../addon/sidebars/dashboard/svg';

describe('dashboard sidebar value formats', () => {
  it('shows fractions as percents, money with two decimals and the currency, counts whole', () => {
    expect(formatValue(0.4274, 'percent')).toBe('42.7%');
    expect(formatValue(1, 'percent')).toBe('100.0%');
    expect(formatValue(1234.5, 'currency', 'ZAR')).toBe('ZAR 1,234.50');
    expect(formatValue(1234.5, 'currency')).toBe('1,234.50');
    expect(formatValue(2400, 'integer')).toBe('2,400');
    expect(formatValue(null, 'currency')).toBe('');
    expect(formatValue('<b>x</b>', 'text')).toBe('<b>x</b>');
  });

  it('shortens axis labels', () => {
    expect([axisLabel(13235.94, 'currency'), axisLabel(1_100_000, 'integer'), axisLabel(0.45, 'percent'), axisLabel(49, 'integer')]).toEqual(['13.2k', '1.1M', '45%', '49']);
  });
});
