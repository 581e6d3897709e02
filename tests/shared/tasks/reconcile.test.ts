import { describe, expect, it } from 'vitest';
import { NO_LONGER_NEEDED, reconcileTasks, SCORING_ACTOR, type DerivedTask } from '../../../shared/tasks';
import { blankRecord, tasksTab, type Row, type Task } from '../../../shared/workbook';

const NOW = '2026-06-30T08:00:00Z';

const derived = (key: string, fields: Partial<DerivedTask> = {}): DerivedTask => ({
  key,
  reason: key.split('|')[0] as DerivedTask['reason'],
  customerId: key.split('|')[1]!,
  name: 'Ann Test',
  phone: '082',
  email: '',
  detail: 'detail',
  value: 10,
  manager: 'Mark',
  due: '2026-07-01',
  ...fields,
});
const row = (n: number, key: string, fields: Partial<Task> = {}): Row<Task> => ({
  row: n,
  record: { ...blankRecord(tasksTab), id: `T-${n}`, key, customer_id: key.split('|')[1] ?? '', name: 'Ann Test', phone: '082', reason: 'Slipping away: worth a call', detail: 'detail', value: 10, manager: 'Mark', due: '2026-06-01', status: 'open', ...fields },
});

describe('reconcileTasks', () => {
  const existing = [
    row(2, 'at_risk|C1|2026-05-01'),
    row(3, 'at_risk|C2|2026-05-01', { detail: 'old detail' }),
    row(4, 'complaint|C3|I-9', { status: 'done', outcome: 'resolved', done_by: 'Mark' }),
    row(5, 'stale|C4|never'),
    row(6, 'call mum'),
  ];
  const sync = reconcileTasks(existing, [derived('at_risk|C1|2026-05-01'), derived('at_risk|C2|2026-05-01', { detail: 'new detail' }), derived('complaint|C3|I-9'), derived('defection|C5|2026-06-01'), derived('defection|C5|2026-06-01')], NOW);

  it('appends only new keys, once', () => {
    expect(sync.append.map((t) => [t.key, t.status, t.due])).toEqual([['defection|C5|2026-06-01', 'open', '2026-07-01']]);
    expect(sync.created).toBe(1);
  });

  it('refreshes an open task that changed but keeps its first due date, and leaves an unchanged one alone', () => {
    const changed = sync.changes.filter((c) => c.after.status === 'open');
    expect(changed.map((c) => [c.row, c.after.detail, c.after.due])).toEqual([[3, 'new detail', '2026-06-01']]);
  });

  it('never reopens a done task', () => {
    expect(sync.changes.some((c) => c.row === 4)).toBe(false);
    expect(sync.keptDone).toBe(1);
  });

  it('closes an open task of ours that no longer applies, and leaves rows typed by hand alone', () => {
    const closed = sync.changes.filter((c) => c.after.status === 'done');
    expect(closed.map((c) => [c.row, c.after.outcome, c.after.done_by, c.after.done_at])).toEqual([[5, NO_LONGER_NEEDED, SCORING_ACTOR, NOW]]);
    expect(sync.changes.some((c) => c.row === 6)).toBe(false);
  });
});
