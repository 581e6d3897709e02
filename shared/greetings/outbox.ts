import { decodeTable, diffRecord, mapHeader, outboxTab, cellText, type OutboxEntry, type Workbook } from '../workbook';

/** Outbox rows of some keys, read fresh from the workbook, with the means to write their changes back. */
export interface OutboxSlice {
  rows: Map<string, { row: number; record: OutboxEntry }>;
  /** Writes the changed cells of these rows in one batch. */
  save(changes: readonly { row: number; before: OutboxEntry; after: OutboxEntry }[]): void;
}

/**
 * Reads only the Outbox rows whose key is in `keys` (the key column is scanned, the rest decoded only for
 * those rows), so leasing a batch costs the same whatever the Outbox's length. The first row of a key wins.
 */
export function readOutboxSlice(wb: Workbook, keys: ReadonlySet<string>): OutboxSlice {
  const grid = wb.read(outboxTab.name);
  const rows = new Map<string, { row: number; record: OutboxEntry }>();
  const empty: OutboxSlice = { rows, save: () => undefined };
  if (!grid) return empty;
  const map = mapHeader(outboxTab.columns, grid.header);
  const keyAt = map.indexOf.get('key');
  if (keyAt === undefined) return empty;
  const picked: number[] = [];
  const seen = new Set<string>();
  grid.rows.forEach((cells, i) => {
    const key = cellText(cells[keyAt] ?? null);
    if (keys.has(key) && !seen.has(key)) {
      seen.add(key);
      picked.push(i);
    }
  });
  const decoded = decodeTable(outboxTab, { header: grid.header, rows: picked.map((i) => grid.rows[i]!) });
  decoded.rows.forEach((r) => {
    const sheetRow = picked[r.row - 2]! + 2;
    rows.set(r.record.key, { row: sheetRow, record: r.record });
  });
  return {
    rows,
    save(changes) {
      const updates = changes.flatMap((c) => diffRecord({ map }, c.row, c.before, c.after));
      if (updates.length > 0) wb.write(outboxTab.name, updates);
    },
  };
}
