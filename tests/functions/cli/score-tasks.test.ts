import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoWorkbook } from '../../../functions/demo';
import { openXlsxWorkbook } from '../../../functions/workbook/xlsx-workbook';
import { customersTab, readTable, tasksTab } from '../../../shared/workbook';
import { cli } from './run-cli';

const DATE = '2026-11-23';

describe('regulars score and regulars tasks', { timeout: 120_000 }, () => {
  let dir = '';
  let file = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'regulars-score-cli-'));
    file = path.join(dir, 'demo.xlsx');
    await createDemoWorkbook(file, { customers: 400, seed: 3, today: DATE });
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('scores the workbook in place: scored columns, defections and tasks, as JSON', async () => {
    const r = await cli(['score', '--workbook', 'demo.xlsx', '--date', DATE, '--json'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { asOf: string; scored: number; tasks: { created: number; open: number } };
    expect(out.asOf).toBe(DATE);
    expect(out.tasks.created).toBeGreaterThan(0);
    const wb = await openXlsxWorkbook(file);
    const customers = readTable(wb, customersTab)!.rows;
    expect(customers.filter((c) => c.record.status !== 'merged' && c.record.orders !== undefined)).toHaveLength(out.scored);
    const tasks = readTable(wb, tasksTab)!.rows.map((r) => r.record);
    expect(tasks).toHaveLength(out.tasks.created);
    expect(tasks.filter((t) => t.status === 'open')).toHaveLength(out.tasks.open);

    // Scoring again on the same date adds nothing.
    const again = JSON.parse((await cli(['score', '--workbook', file, '--date', DATE, '--json'], dir)).stdout) as { newDefections: number; tasks: { created: number } };
    expect([again.newDefections, again.tasks.created]).toEqual([0, 0]);
  });

  it('lists the open tasks in the contract shape, and by manager', async () => {
    const r = await cli(['tasks', '--workbook', file, '--date', DATE, '--json'], dir);
    expect(r.code).toBe(0);
    const { tasks } = JSON.parse(r.stdout) as { tasks: Record<string, unknown>[] };
    const wb = await openXlsxWorkbook(file);
    const open = readTable(wb, tasksTab)!.rows.map((x) => x.record).filter((t) => t.status === 'open');
    expect(tasks.map((t) => t.id).sort()).toEqual(open.map((t) => t.id).sort());
    for (const t of tasks) expect(Object.keys(t)).toEqual(['id', 'customer_id', 'name', 'phone', 'email', 'reason', 'due', 'manager', 'value', 'status']);
    const sample = open[0]!;
    expect(tasks.find((t) => t.id === sample.id)).toEqual({ id: sample.id, customer_id: sample.customer_id, name: sample.name, phone: sample.phone, email: sample.email, reason: sample.reason, due: sample.due, manager: sample.manager, value: sample.value, status: 'open' });
    const manager = open.find((t) => t.manager !== '')!.manager;
    const mine = JSON.parse((await cli(['tasks', '--workbook', file, '--date', DATE, '--manager', manager, '--json'], dir)).stdout) as { tasks: { id: string; manager: string }[] };
    expect(mine.tasks.map((t) => t.id).sort()).toEqual(open.filter((t) => t.manager === manager).map((t) => t.id).sort());
    // Without --json: one line per task under its manager.
    const text = await cli(['tasks', '--workbook', file, '--date', DATE, '--manager', manager], dir);
    expect(text.stdout.split('\n').filter((l) => /^ {2}\d{4}-\d{2}-\d{2}/.test(l))).toHaveLength(mine.tasks.length);
  });

  it('refuses bad input with exit 2 and a clear line', async () => {
    const failure = async (args: string[]): Promise<[number, boolean, string]> => {
      const r = await cli(args, dir);
      const wanted = /not a date|no such file|--workbook is required|unknown option/.exec(r.stderr)?.[0] ?? r.stderr;
      return [r.code, r.stdout === '', wanted];
    };
    expect(await failure(['tasks', '--workbook', file, '--date', '2026-02-30'])).toEqual([2, true, 'not a date']);
    expect(await failure(['score', '--workbook', path.join(dir, 'missing.xlsx'), '--date', DATE])).toEqual([2, true, 'no such file']);
    expect(await failure(['score', '--date', DATE])).toEqual([2, true, '--workbook is required']);
    expect(await failure(['tasks', '--workbook', file, '--date', DATE, '--colour', 'red'])).toEqual([2, true, 'unknown option']);
    expect((await cli(['score', '--help'], dir)).code).toBe(0);
  });
});
