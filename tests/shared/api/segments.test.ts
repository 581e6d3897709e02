import { describe, expect, it } from 'vitest';
import { createSegmentsApi } from '../../../shared/api';
import { MemoryWorkbook, readTable, segmentsTab, type Grid } from '../../../shared/workbook';

const customers: Grid = {
  header: ['id', 'contact_type', 'first_name', 'last_name', 'region', 'email_consent', 'clv_12m', 'last_purchase', 'status', 'riding_style'],
  rows: [
    ['C-1', 'customer', 'Ann', 'Ames', 'Gauteng', true, 1200, '2026-10-01', 'active', 'road'],
    ['C-2', 'customer', 'Ben', 'Botha', 'Western Cape', false, 300, '2025-01-10', 'active', 'mtb'],
    ['C-3', 'prospect', 'Cara', 'Cele', 'Gauteng', null, null, null, 'active', 'road'],
    ['C-4', 'customer', 'Dan', 'Dube', 'Gauteng', true, 50, '2026-11-20', 'archived', null],
  ],
};
const profile: Grid = { header: ['id', 'field', 'type', 'choices'], rows: [['F-1', 'riding_style', 'choice', 'road, mtb']] };

function api(wb = new MemoryWorkbook({ Customers: customers, 'Profile fields': profile, Segments: { header: ['id', 'name', 'rule', 'description', 'members', 'updated_at'], rows: [] } })) {
  return { wb, api: createSegmentsApi({ workbook: () => wb, now: () => '2026-11-23T08:00:00Z', user: () => 'owner' }) };
}

describe('segments API', () => {
  it('offers every column with its kind and the values that exist, most frequent first', () => {
    const r = api().api.getSegmentBuilder({});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const col = (name: string) => r.value.columns.find((c) => c.name === name);
    expect(col('region')).toMatchObject({ kind: 'text', values: ['Gauteng', 'Western Cape'] });
    expect(col('riding_style')).toMatchObject({ kind: 'text', values: ['road', 'mtb'], label: 'Riding style' });
    expect(col('clv_12m')).toMatchObject({ kind: 'number', min: 50, max: 1200, values: [] });
    expect(col('last_purchase')).toMatchObject({ kind: 'date', min: '2025-01-10', max: '2026-11-20' });
    expect(col('email_consent')).toMatchObject({ kind: 'yes/no', values: ['yes', 'no'] });
    expect(col('first_name')?.values).toEqual([]);
    expect(r.value.total).toBe(4);
  });

  it('counts a rule live with a sample, and places a problem at its character', () => {
    const { api: segments } = api();
    const r = segments.previewSegment({ rule: 'region = "Gauteng" and (clv_12m >= 100 or riding_style = "road")', sample: 1 });
    expect(r).toEqual({ ok: true, value: { count: 2, total: 4, sample: [{ id: 'C-1', name: 'Ann Ames' }], issues: [] } });
    const within = segments.previewSegment({ rule: 'last_purchase within last 60 days' });
    expect(within.ok && within.value.count).toBe(2);
    // The rule is 32 characters long: the missing value is at its end.
    const bad = segments.previewSegment({ rule: 'region = "Gauteng" and clv_12m >' });
    expect(bad.ok && bad.value).toMatchObject({ count: null, issues: [{ code: 'syntax', at: 32 }] });
    const unknown = segments.previewSegment({ rule: 'shoe = 3' });
    expect(unknown.ok && unknown.value.issues[0]?.message).toMatch(/no column "shoe"/);
  });

  it('saves to the Segments tab with the member count, replaces by name keeping what it replaced, refuses a bad rule at its place', () => {
    const { wb, api: segments } = api();
    const saved = segments.saveSegment({ name: 'Gauteng', rule: 'region = "Gauteng"', description: 'north' });
    expect(saved).toEqual({ ok: true, value: { name: 'Gauteng', rule: 'region = "Gauteng"', description: 'north', members: 3, updated_at: '2026-11-23T08:00:00Z' } });
    const again = segments.saveSegment({ name: 'gauteng', rule: 'region = "Gauteng" and status = "active"' });
    expect(again.ok && again.value).toMatchObject({ members: 2, description: 'north', previous: { rule: 'region = "Gauteng"', description: 'north' } });
    const rows = readTable(wb, segmentsTab)!.rows.map((r) => r.record);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: 'gauteng', rule: 'region = "Gauteng" and status = "active"', members: 2 });
    expect(rows[0]!.id).toMatch(/^S-/);
    expect(segments.saveSegment({ name: 'Broken', rule: 'region in (' })).toMatchObject({ ok: false, issues: [{ path: ['rule'], message: expect.stringMatching(/at character 12/) as unknown }] });
    expect(segments.saveSegment({ name: '  ', rule: 'region = "x"' })).toMatchObject({ ok: false, issues: [{ path: ['name'] }] });
  });
});
