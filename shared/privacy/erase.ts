import {
  appendRecords,
  cellText,
  consentLogTab,
  customersTab,
  foldHeader,
  interactionsTab,
  openTable,
  readTable,
  type CellUpdate,
  type CellValue,
  type Workbook,
} from '../workbook';

/** Customer fields that identify a person; erasure blanks them. Ids, dates of business and consent stay. */
export const PERSONAL_FIELDS = [
  'first_name', 'last_name', 'company', 'email', 'phone', 'street', 'city', 'postcode', 'birth_date',
  'membership_no', 'notes', 'tags',
] as const;

/** Outbox and interaction columns that carry a person's data. */
const OUTBOX_PERSONAL = ['to', 'subject'];
const INTERACTION_PERSONAL = ['subject', 'notes'];

/** What an erasure changed, by tab (counts only: the summary itself must not hold personal data). */
export interface ErasureSummary {
  customerId: string;
  cleared: Record<string, number>;
}

export type ErasureResult = { ok: true; value: ErasureSummary } | { ok: false; code: 'customer_missing' };

function blankCells(header: readonly string[], rows: readonly CellValue[][], keyColumn: string, key: string, columns: readonly string[]): CellUpdate[] {
  const folded = header.map(foldHeader);
  const keyAt = folded.indexOf(foldHeader(keyColumn));
  const targets = columns.map((c) => folded.indexOf(foldHeader(c))).filter((i) => i >= 0);
  if (keyAt < 0) return [];
  const updates: CellUpdate[] = [];
  rows.forEach((row, i) => {
    if (cellText(row[keyAt]) !== key) return;
    for (const at of targets) if (cellText(row[at]) !== '') updates.push({ row: i + 2, col: at + 1, value: null });
  });
  return updates;
}

/**
 * Erases a customer's personal data (GDPR art. 17, POPIA s. 24) everywhere we keep it: the Customers row, the
 * Outbox (address and subject), Interactions (subject and notes) and every Merge log before/after image that
 * mentions them. It keeps what the law requires and what stops us mailing them again: the id, the opt-out
 * (unsubscribed_at, email_consent = no) and the Consent log, to which a withdrawal row is appended. Not undoable
 * by design; the Consent log row is the record that it happened.
 */
export function eraseCustomer(wb: Workbook, customerId: string, actor: { by: string; at: string }): ErasureResult {
  return wb.withLock(() => {
    const customers = openTable(wb, customersTab);
    const row = customers.rows.find((r) => r.record.id === customerId);
    if (!row) return { ok: false, code: 'customer_missing' } as const;
    const cleared: Record<string, number> = {};

    const header = wb.read(customersTab.name)?.header ?? [];
    const folded = header.map(foldHeader);
    // A user's own columns may hold personal data too, but we cannot know which: only contract fields and
    // Profile-field columns (custom data about the person) are blanked.
    const profileFields = (wb.read('Profile fields')?.rows ?? []).map((r) => foldHeader(cellText(r[1] ?? null))).filter(Boolean);
    const targets = [...PERSONAL_FIELDS.map(foldHeader), ...profileFields];
    const updates: CellUpdate[] = [];
    // Rows merged into them are the same person under older records.
    const erased = customers.rows.filter((r) => r === row || r.record.merged_into === customerId);
    for (const target of erased) {
      const cells = wb.read(customersTab.name)?.rows[target.row - 2] ?? [];
      for (const t of targets) {
        const at = folded.indexOf(t);
        if (at >= 0 && cellText(cells[at] ?? null) !== '') updates.push({ row: target.row, col: at + 1, value: null });
      }
      const set = (field: string, value: CellValue): void => {
        const at = customers.map.indexOf.get(field);
        if (at !== undefined) updates.push({ row: target.row, col: at + 1, value });
      };
      set('email_consent', false);
      if (!target.record.unsubscribed_at) set('unsubscribed_at', actor.at);
      if (target === row) set('status', 'archived');
      set('updated_at', actor.at);
    }
    wb.write(customersTab.name, updates);
    cleared.Customers = updates.length;

    const outbox = wb.read('Outbox');
    if (outbox) {
      const u = blankCells(outbox.header, outbox.rows, 'customer_id', customerId, OUTBOX_PERSONAL);
      if (u.length > 0) wb.write('Outbox', u);
      cleared.Outbox = u.length;
    }
    if (readTable(wb, interactionsTab)) {
      const grid = wb.read(interactionsTab.name)!;
      const u = blankCells(grid.header, grid.rows, 'customer_id', customerId, INTERACTION_PERSONAL);
      if (u.length > 0) wb.write(interactionsTab.name, u);
      cleared.Interactions = u.length;
    }
    cleared['Merge log'] = redactMergeLog(wb, customerId);

    const consent = openTable(wb, consentLogTab);
    appendRecords(wb, consent, [{ customer_id: customerId, at: actor.at, change: 'withdrawn', basis: 'erasure request', source: 'erasure', by: actor.by }]);
    return { ok: true, value: { customerId, cleared } } as const;
  });
}

/** Blanks personal fields inside the JSON images of log rows about this customer; returns cells changed. */
function redactMergeLog(wb: Workbook, customerId: string): number {
  const grid = wb.read('Merge log');
  if (!grid) return 0;
  const folded = grid.header.map(foldHeader);
  const rowIdAt = folded.indexOf('rowid');
  const survivorAt = folded.indexOf('survivorid');
  const imageCols = ['before', 'after'].map((c) => folded.indexOf(c)).filter((i) => i >= 0);
  const personal = new Set<string>([...PERSONAL_FIELDS, ...OUTBOX_PERSONAL, ...INTERACTION_PERSONAL].map(foldHeader));
  const updates: CellUpdate[] = [];
  grid.rows.forEach((row, i) => {
    for (const at of imageCols) {
      const text = cellText(row[at] ?? null);
      if (text === '') continue;
      let image: unknown;
      try {
        image = JSON.parse(text);
      } catch {
        continue;
      }
      if (!image || typeof image !== 'object') continue;
      const values = Object.values(image as Record<string, unknown>).map((v) => String(v));
      // A row merged into them was the same person, so its image is theirs too.
      const aboutThem = cellText(row[rowIdAt] ?? null) === customerId || cellText(row[survivorAt] ?? null) === customerId || values.includes(customerId);
      if (!aboutThem) continue;
      const redacted: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(image as Record<string, unknown>)) redacted[k] = personal.has(foldHeader(k)) && v !== null && v !== '' ? null : v;
      const next = JSON.stringify(redacted);
      if (next !== text) updates.push({ row: i + 2, col: at + 1, value: next });
    }
  });
  if (updates.length > 0) wb.write('Merge log', updates);
  return updates.length;
}
