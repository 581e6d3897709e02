// Turns read tables into engine records: columns mapped to roles (header names, then --field overrides),
// ids trimmed (or the row number), several phone or e-mail columns joined, unmapped columns kept as generic text.
import type { DedupeRecord, FieldRole, Role } from '../../shared/dedupe';
import { mapColumns } from '../../shared/dedupe';
import type { Table } from './read-table';

/** Why a table cannot be deduplicated (no usable column, an unknown --field column); the CLI renders it. */
export class ColumnError extends Error {
  override readonly name = 'ColumnError';
}

/** What was recognised in one file, for --json summaries and error messages. */
export interface MappedColumns {
  roles: Partial<Record<Role, string[]>>;
  generic: string[];
  ignored: string[];
}

/** The records of one table, tagged with `source`, plus the column mapping used. */
export function tableRecords(table: Table, overrides: Partial<Record<Role, string>>, source: number, label: string): { records: DedupeRecord[]; columns: MappedColumns } {
  const { map, unknown } = mapColumns(table.headers, overrides);
  if (unknown.length > 0) throw new ColumnError(`${label}: no column named ${unknown.map((u) => `"${u}"`).join(', ')} (columns: ${table.headers.join(', ')})`);
  const roleEntries = Object.entries(map.roles) as [Role, number[]][];
  const usable = roleEntries.filter(([role]) => role !== 'id').length + map.generic.length;
  if (usable === 0) throw new ColumnError(`${label}: no usable columns to compare (columns: ${table.headers.join(', ') || 'none'})`);
  const idCol = map.roles.id?.[0];
  const records: DedupeRecord[] = new Array<DedupeRecord>(table.rows.length);
  for (let r = 0; r < table.rows.length; r++) {
    const row = table.rows[r] as string[];
    const fields: Partial<Record<FieldRole, string>> = {};
    for (const [role, cols] of roleEntries) {
      if (role === 'id') continue;
      const values = cols.map((c) => row[c] ?? '').filter((v) => v !== '');
      if (values.length > 0) fields[role] = values.join(role === 'phone' || role === 'email' ? '; ' : ' ');
    }
    let extra: Record<string, string> | undefined;
    for (const c of map.generic) {
      const v = row[c] ?? '';
      if (v === '') continue;
      (extra ??= {})[table.headers[c] as string] = v;
    }
    const rawId = idCol === undefined ? '' : (row[idCol] ?? '').trim();
    // Row numbers count the header as row 1, as a spreadsheet shows them.
    const id = rawId !== '' ? rawId : String(r + (table.headerless ? 1 : 2));
    records[r] = { id, source, fields, ...(extra ? { extra } : {}) };
  }
  const name = (c: number): string => table.headers[c] as string;
  const roles: Partial<Record<Role, string[]>> = {};
  for (const [role, cols] of roleEntries) roles[role] = cols.map(name);
  return { records, columns: { roles, generic: map.generic.map(name), ignored: map.ignored.map(name) } };
}

/** CSV text `id,cluster,score` (UTF-8, no BOM), one line per record in input order. */
export function clustersCsv(rows: readonly { id: string; cluster: string; score: number }[]): string {
  const parts: string[] = ['id,cluster,score\n'];
  for (const r of rows) {
    const id = /[",\r\n]/.test(r.id) ? `"${r.id.replace(/"/g, '""')}"` : r.id;
    parts.push(`${id},${r.cluster},${r.score === 0 ? '0' : r.score.toFixed(4)}\n`);
  }
  return parts.join('');
}
