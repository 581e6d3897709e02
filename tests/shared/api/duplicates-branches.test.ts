import { describe, expect, it } from 'vitest';
import { createServerApi, type ServerDeps } from '../../../shared/api';
import { customersTab, MemoryWorkbook } from '../../../shared/workbook';

const header = Object.keys(customersTab.columns);
const row = (values: Partial<Record<string, string>>) => header.map((h) => values[h] ?? null);

/** Two sites of one company (same name and switchboard, other street numbers), a duplicate pair, and others. */
function workbook(): MemoryWorkbook {
  const customers = [
    { id: 'C-000001', company: 'Acme Trading (Pty) Ltd', street: '12 Main Road', city: 'Cape Town', phone: '+27215550100', status: 'active' },
    { id: 'C-000002', company: 'Acme Trading', street: '40 Main Road', city: 'Cape Town', phone: '+27215550100', status: 'active' },
    { id: 'C-000003', first_name: 'Thandi', last_name: 'Nkosi', email: 'thandi@example.co.za', phone: '+27825551234', status: 'active' },
    { id: 'C-000004', first_name: 'Thandiwe', last_name: 'Nkosi', email: 'THANDI@example.co.za', phone: '+27825551234', status: 'active' },
    { id: 'C-000005', company: 'Bakkie Repairs CC', street: '3 Long Street', city: 'Paarl', phone: '+27218880000', status: 'active' },
    { id: 'C-000006', first_name: 'Pieter', last_name: 'Botha', email: 'pieter@botha.example', phone: '+27214449876', status: 'active' },
  ];
  return new MemoryWorkbook({ [customersTab.name]: { header, rows: customers.map(row) }, Settings: { header: ['key', 'value'], rows: [['country', 'ZA']] } });
}

describe('findDuplicates and branches', () => {
  it('lists the same company at another site apart from the duplicates, named and with its street', () => {
    const wb = workbook();
    const deps: ServerDeps = { workbook: () => wb, now: () => '2026-12-06T10:00:00.000Z', user: () => 'owner@shop.example' };
    const result = createServerApi(deps).findDuplicates({});
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const proposed = result.value.clusters.map((c) => c.members.map((m) => m.id).sort());
    expect(proposed).toContainEqual(['C-000003', 'C-000004']);
    expect(proposed.flat()).not.toContain('C-000001');
    expect(result.value.branches).toHaveLength(1);
    expect(result.value.branches[0]!.relation).toBe('same company, other site');
    expect([...result.value.branches[0]!.members].sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'C-000001', name: 'Acme Trading (Pty) Ltd', street: '12 Main Road' },
      { id: 'C-000002', name: 'Acme Trading', street: '40 Main Road' },
    ]);
  });
});
