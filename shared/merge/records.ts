import { ROLES, type DedupeRecord, type FieldRole } from '../dedupe';
import { cellText, customersTab, mapHeader, type Grid } from '../workbook';
import { isActive } from './customers';

/** Customers columns the dedupe engine has a role for; their names are the role names. */
export const MATCH_FIELDS = ['first_name', 'last_name', 'company', 'email', 'phone', 'street', 'city', 'postcode', 'region', 'birth_date'] as const satisfies readonly FieldRole[];

const RESERVED_EXTRA = new Set<string>([...ROLES, 'updated_at', 'source']);

/** The Customers tab as the dedupe engine sees it, and where each record came from. */
export interface CustomerRecords {
  records: DedupeRecord[];
  /** Sheet row (1-based, header is row 1) of each record, by id. */
  rowOf: Map<string, number>;
  /** The user's own columns passed to the engine as extra text, by header. */
  extraColumns: string[];
}

/**
 * Turns the active customers into dedupe records: contract columns by role, the user's own columns as extra
 * text (compared generically and kept by survivorship), updated_at for "most recent". Merged or archived rows,
 * rows without an id, and ids used twice are left out: a merge could not be applied to them anyway.
 */
export function customerRecords(grid: Grid): CustomerRecords {
  const map = mapHeader(customersTab.columns, grid.header);
  const at = (field: string): number | undefined => map.indexOf.get(field);
  const idCol = at('id');
  const statusCol = at('status');
  const updatedCol = at('updated_at');
  // A user's column with a blank or repeated header cannot be named in a merge, so it is not offered.
  const headerCount = new Map<string, number>();
  for (const h of grid.header) headerCount.set(h.trim(), (headerCount.get(h.trim()) ?? 0) + 1);
  const extras = map.unknown.filter((i) => {
    const h = (grid.header[i] ?? '').trim();
    // A header named like a role would be read as that role by the HTTP function's flat rows.
    return h !== '' && headerCount.get(h) === 1 && !RESERVED_EXTRA.has(h.toLowerCase());
  });
  const out: CustomerRecords = { records: [], rowOf: new Map(), extraColumns: extras.map((i) => (grid.header[i] ?? '').trim()) };
  if (idCol === undefined) return out;
  const seen = new Map<string, number>();
  for (const row of grid.rows) {
    const id = cellText(row[idCol]);
    if (id !== '') seen.set(id, (seen.get(id) ?? 0) + 1);
  }
  grid.rows.forEach((row, i) => {
    const id = cellText(row[idCol]);
    if (id === '' || seen.get(id) !== 1 || (statusCol !== undefined && !isActive(row[statusCol] ?? null))) return;
    const fields: Partial<Record<FieldRole, string>> = {};
    for (const field of MATCH_FIELDS) {
      const col = at(field);
      const text = col === undefined ? '' : cellText(row[col]);
      if (text !== '') fields[field] = text;
    }
    const extra: Record<string, string> = {};
    for (const col of extras) {
      const text = cellText(row[col]);
      if (text !== '') extra[(grid.header[col] ?? '').trim()] = text;
    }
    const record: DedupeRecord = { id, fields };
    if (Object.keys(extra).length > 0) record.extra = extra;
    const updated = updatedCol === undefined ? '' : cellText(row[updatedCol]);
    if (updated !== '') record.updatedAt = updated;
    out.records.push(record);
    out.rowOf.set(id, i + 2);
  });
  return out;
}
