import { describe, expect, it } from 'vitest';
import { createServerApi, SERVER_API_METHODS, startHereSteps } from '../../../shared/api';
import { MemoryWorkbook, type Grid } from '../../../shared/workbook';

const customers = (scored: (number | null)[]): Grid => ({
  header: ['id', 'first_name', 'p_alive'],
  rows: scored.map((p, i) => [`C-00000${i + 1}`, `Name ${i}`, p]),
});

const done = (wb: MemoryWorkbook) => Object.fromEntries(startHereSteps(wb).steps.map((s) => [s.key, s.done]));

describe('startHereSteps', () => {
  it('has nothing done in an empty workbook, and says where each step is done', () => {
    const start = startHereSteps(new MemoryWorkbook({}));
    expect(start.done).toBe(0);
    expect(start.steps.map((s) => [s.key, s.done, s.sidebar])).toEqual([
      ['import', false, 'import'],
      ['duplicates', false, 'duplicates'],
      ['score', false, 'dashboard'],
      ['messages', false, 'messages'],
    ]);
    expect(start.steps[0]!.command).toMatch(/^npx regulars import /);
  });

  it('ticks each step from what the workbook holds', () => {
    const wb = new MemoryWorkbook({
      Customers: customers([null, 0.8, null]),
      Campaigns: { header: ['id', 'name', 'trigger', 'active'], rows: [['M-000001', 'Birthday', 'birthday', true], ['M-000002', 'Welcome', 'welcome', false]] },
      'Import log': {
        header: ['id', 'import_id', 'tab', 'row_id', 'undone_at'],
        rows: [['X-1', 'IMP-1', 'Customers', 'C-000001', null], ['X-2', 'IMP-1', 'Customers', 'C-000002', null]],
      },
      'Merge log': { header: ['id', 'merge_id', 'undone_at'], rows: [['G-1', 'MRG-1', null], ['G-2', 'MRG-1', null], ['G-3', 'MRG-2', null]] },
    });
    const start = startHereSteps(wb);
    expect(start.done).toBe(4);
    expect(start.steps.map((s) => s.detail)).toEqual(['1 import done.', '2 merges kept.', '1 customer scored.', '1 campaign active.']);
  });

  it('does not count an import or a merge that was undone', () => {
    const wb = new MemoryWorkbook({
      'Import log': { header: ['id', 'import_id', 'undone_at'], rows: [['X-1', 'IMP-1', '2026-11-20T10:00:00Z']] },
      'Merge log': { header: ['id', 'merge_id', 'undone_at'], rows: [['G-1', 'MRG-1', '2026-11-21T10:00:00Z']] },
    });
    expect(done(wb)).toEqual({ import: false, duplicates: false, score: false, messages: false });
  });

  it('counts a "not a duplicate" decision as duplicates looked at', () => {
    const wb = new MemoryWorkbook({ 'Dedupe decisions': { header: ['id', 'pair'], rows: [['N-000001', 'C-000001|C-000002']] } });
    expect(done(wb).duplicates).toBe(true);
    expect(startHereSteps(wb).steps[1]!.detail).toBe('1 pair marked not a duplicate.');
  });

  it('is a ServerApi method that reads without writing', () => {
    expect(SERVER_API_METHODS).toContain('getStartHere');
    const wb = new MemoryWorkbook({ Customers: customers([0.5]) });
    const api = createServerApi({ workbook: () => wb, now: () => '2026-11-23T10:00:00Z', user: () => 'me@example.test' });
    const answer = api.getStartHere({});
    expect(answer.ok && answer.value.steps.find((s) => s.key === 'score')?.done).toBe(true);
    expect(wb.calls).toMatchObject({ write: 0, append: 0, create: 0 });
  });
});
