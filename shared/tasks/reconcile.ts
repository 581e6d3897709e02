import type { RecordChange, Row, Task } from '../workbook';
import { REASON_LABELS, reasonOfKey, type DerivedTask } from './model';

/** Who closes a task that no longer applies, in done_by. */
export const SCORING_ACTOR = 'Score customers';

/** The outcome written on an open task whose situation has passed (they bought again, the complaint was resolved in the sheet). */
export const NO_LONGER_NEEDED = 'no longer needed';

/** What bringing the Tasks tab up to date changes: rows to append, rows to change, and counts for the report. */
export interface TaskSync {
  append: Partial<Task>[];
  changes: RecordChange<Task>[];
  created: number;
  refreshed: number;
  closed: number;
  /** Derived tasks left alone because a person already marked them done. */
  keptDone: number;
}

function fields(t: DerivedTask): Pick<Task, 'customer_id' | 'name' | 'phone' | 'email' | 'reason' | 'detail' | 'value' | 'manager'> {
  return { customer_id: t.customerId, name: t.name, phone: t.phone, email: t.email, reason: REASON_LABELS[t.reason], detail: t.detail, value: t.value, manager: t.manager };
}

function same(a: Task, b: Partial<Task>): boolean {
  return Object.entries(b).every(([k, v]) => (a as Record<string, unknown>)[k] === v);
}

/**
 * Merges the tasks derived today into the Tasks tab by key: a new key is appended as open; an open task is
 * refreshed (contact, detail, value, manager — its due date stays as first set); a done task is never reopened;
 * an open task of ours that is no longer derived is closed as "no longer needed" by scoring. Rows typed by hand
 * (a key that is not ours) are left alone.
 */
export function reconcileTasks(existing: readonly Row<Task>[], derived: readonly DerivedTask[], now: string): TaskSync {
  const byKey = new Map<string, Row<Task>>();
  for (const row of existing) {
    const key = row.record.key.trim();
    if (key !== '' && !byKey.has(key)) byKey.set(key, row);
  }
  const sync: TaskSync = { append: [], changes: [], created: 0, refreshed: 0, closed: 0, keptDone: 0 };
  const seen = new Set<string>();
  for (const t of derived) {
    if (seen.has(t.key)) continue;
    seen.add(t.key);
    const row = byKey.get(t.key);
    if (!row) {
      sync.append.push({ key: t.key, ...fields(t), due: t.due, status: 'open' });
      sync.created++;
    } else if (row.record.status === 'done') {
      sync.keptDone++;
    } else {
      const next = fields(t);
      if (!same(row.record, next) || row.record.status !== 'open') {
        sync.changes.push({ row: row.row, before: row.record, after: { ...row.record, ...next, status: 'open', due: row.record.due ?? t.due } });
        sync.refreshed++;
      }
    }
  }
  for (const [key, row] of byKey) {
    if (seen.has(key) || row.record.status === 'done' || reasonOfKey(key) === '') continue;
    sync.changes.push({ row: row.row, before: row.record, after: { ...row.record, status: 'done', outcome: NO_LONGER_NEEDED, done_by: SCORING_ACTOR, done_at: now } });
    sync.closed++;
  }
  return sync;
}
