import { describe, expect, it } from 'vitest';
import type { ApiIssue, CustomerCard, ProfileFieldView } from '../../../../shared/api';
import { applicableProfile, groupIssues, inputText, inputValue, money, saveRequest } from '../../../../addon/sidebars/customer-card/form';
import type { InputKind } from '../../../../addon/sidebars/customer-card/layout';

const view = (field: string, type: ProfileFieldView['type'], categories: string[], value: ProfileFieldView['value'] = null): ProfileFieldView => ({
  field,
  type,
  choices: [],
  required: false,
  categories,
  value,
});

const PROFILE = [view('language', 'choice', []), view('fleet_size', 'number', ['corporate', 'government'], 4), view('riding_style', 'choice', ['individual'], 'gravel')];

function card(fields: CustomerCard['fields'], profile = PROFILE): CustomerCard {
  return {
    id: 'C-000007',
    row: 8,
    fields,
    profile,
    categories: ['individual', 'corporate'],
    purchases: { count: 0, total: 0, first: null, last: null, recent: [] },
    interactions: { count: 0, last: null, openComplaints: 0, recent: [] },
    warnings: [],
    settings: { dateOrder: 'dmy', datePattern: 'DD/MM/YYYY', timeZone: 'Africa/Johannesburg', country: 'ZA', currency: 'ZAR' },
    display: { phone: '082 555 0100' },
    insight: { tier: '', memberNo: '', clv: null, churnRisk: null, churnLevel: '', churnReason: '', openComplaints: [] },
    timeline: { items: [], total: 0, offset: 0 },
    referrals: { count: 0, referred: [] },
  };
}

const KINDS: Record<string, InputKind> = { city: 'text', email: 'email', email_consent: 'yes/no', notes: 'textarea', category: 'category' };

describe('inputs', () => {
  it('show blank for null and yes/no for booleans', () => {
    expect(inputText(null)).toBe('');
    expect(inputText(true)).toBe('yes');
    expect(inputText(false)).toBe('no');
    expect(inputText(12.5)).toBe('12.5');
  });

  it('send blank as null, yes/no as booleans, numbers as numbers, and anything else as typed', () => {
    expect(inputValue('   ', 'text')).toBeNull();
    expect(inputValue('yes', 'yes/no')).toBe(true);
    expect(inputValue('no', 'yes/no')).toBe(false);
    expect(inputValue(' 17 ', 'number')).toBe(17);
    expect(inputValue('-2.5', 'number')).toBe(-2.5);
    // Not a number: sent as typed so the server names the field's error.
    expect(inputValue('seventeen', 'number')).toBe('seventeen');
    expect(inputValue(' a@b.example ', 'email')).toBe('a@b.example');
    expect(inputValue(' line one\nline two ', 'textarea')).toBe(' line one\nline two ');
  });
});

describe('applicableProfile', () => {
  it('keeps fields for every category and those listing this category, folded', () => {
    expect(applicableProfile(PROFILE, ' Corporate ').map((p) => p.field)).toEqual(['language', 'fleet_size']);
    expect(applicableProfile(PROFILE, 'individual').map((p) => p.field)).toEqual(['language', 'riding_style']);
    expect(applicableProfile(PROFILE, '').map((p) => p.field)).toEqual(['language']);
  });
});

describe('saveRequest', () => {
  const base = card({ city: 'Durban', email: 'ann@shop.example', email_consent: true, category: 'corporate', notes: null });

  it('is undefined when no input differs from the card', () => {
    expect(saveRequest(base, { fields: { city: 'Durban', email: ' ann@shop.example', email_consent: 'yes', category: 'corporate', notes: '' }, profile: { fleet_size: '4' } }, KINDS)).toBeUndefined();
  });

  it('sends only changed fields, each with the value the card showed', () => {
    const request = saveRequest(base, { fields: { city: 'Cape Town', email: 'ann@shop.example', email_consent: 'no', category: 'corporate', notes: '' }, profile: { fleet_size: '17', language: '' } }, KINDS);
    expect(request).toEqual({
      id: 'C-000007',
      changes: { city: 'Cape Town', email_consent: false },
      profile: { fleet_size: 17 },
      seen: { changes: { city: 'Durban', email_consent: true }, profile: { fleet_size: 4 } },
    });
  });

  it('never sends an input left as it was shown, even when the browser showed a value blank', () => {
    const odd = card({ birth_date: '28 Oct 61', city: 'Durban', category: 'corporate' });
    const shown = { fields: { birth_date: '', city: 'Durban', category: 'corporate' }, profile: { fleet_size: '4' } };
    expect(saveRequest(odd, shown, { birth_date: 'date', city: 'text', category: 'category' }, shown)).toBeUndefined();
    const edited = { fields: { ...shown.fields, city: 'Paarl' }, profile: shown.profile };
    expect(saveRequest(odd, edited, { birth_date: 'date', city: 'text', category: 'category' }, shown)?.changes).toEqual({ city: 'Paarl' });
  });

  it('clears a field as null', () => {
    expect(saveRequest(base, { fields: { city: '' }, profile: {} }, KINDS)?.changes).toEqual({ city: null });
  });

  it('leaves Profile fields of a category the customer is leaving alone', () => {
    const request = saveRequest(base, { fields: { category: 'individual' }, profile: { fleet_size: '99', riding_style: 'road' } }, KINDS);
    expect(request?.changes).toEqual({ category: 'individual' });
    expect(request?.profile).toEqual({ riding_style: 'road' });
    expect(request?.seen?.profile).toEqual({ riding_style: 'gravel' });
  });
});

describe('groupIssues', () => {
  const issue = (path: string[], message: string): ApiIssue => ({ path, code: 'invalid_input', message });

  it('puts contract fields, Profile fields and whole-request issues in their places, without repeats', () => {
    const grouped = groupIssues([
      issue(['changes', 'email'], 'Enter a valid e-mail address.'),
      issue(['profile', 'VAT number'], 'This field is required.'),
      issue(['changes', 'email'], 'Enter a valid e-mail address.'),
      issue([], 'The request was not understood.'),
      issue(['changes'], 'Odd.'),
    ]);
    expect([...grouped]).toEqual([
      ['field:email', ['Enter a valid e-mail address.']],
      ['profile:VAT number', ['This field is required.']],
      ['card', ['The request was not understood.', 'Odd.']],
    ]);
  });
});

describe('money', () => {
  it('shows two decimals with thousands separators after the currency', () => {
    expect(money(1234567.5, 'ZAR')).toBe('ZAR 1,234,567.50');
    expect(money(0.333, '')).toBe('0.33');
    expect(money(null, 'ZAR')).toBe('');
  });
});
