import { describe, expect, it } from 'vitest';
import { SECTIONS } from '../../../../addon/sidebars/customer-card/layout';
import { categoryKey, EDITABLE_FIELDS } from '../../../../shared/customers';

describe('customer card layout', () => {
  const names = SECTIONS.flatMap((s) => s.fields.map((f) => f.name));

  it('shows every field the server lets the card edit, each once, and no other', () => {
    expect([...names].sort()).toEqual([...EDITABLE_FIELDS].sort());
    expect(new Set(names).size).toBe(names.length);
  });

  it('folds categories the way the card and the server both do (one shared categoryKey)', () => {
    const inputs = ['Corporate', '  NON-PROFIT ', 'Société  Générale', 'Straße', 'Ærø', 'Łódź', 'İstanbul'];
    expect(inputs.map(categoryKey)).toEqual(['corporate', 'non-profit', 'societe generale', 'strasse', 'aero', 'lodz', 'istanbul']);
  });
});
