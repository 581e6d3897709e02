import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemo, writeDemo } from '../../../functions/demo';
import { createServerApi, type ServerApi, type TaskView } from '../../../shared/api';
import { tableById } from '../../../shared/dashboard';
import { analyzeRetention, callList } from '../../../shared/retention';
import { customersTab, defectionsTab, interactionsTab, MemoryWorkbook, parseSettings, purchasesTab, readTable, tasksTab, type Task } from '../../../shared/workbook';

// The demo scored at a fixed date: the issue's trial, as a test.
const TODAY = '2026-11-23';
const NOW = `${TODAY}T08:00:00Z`;

function demoBook(): { wb: MemoryWorkbook; api: ServerApi } {
  const wb = new MemoryWorkbook();
  writeDemo(wb, generateDemo({ today: TODAY }));
  return { wb, api: createServerApi({ workbook: () => wb, now: () => NOW, user: () => 'Owner' }) };
}

function tasksOf(wb: MemoryWorkbook): Task[] {
  return readTable(wb, tasksTab)!.rows.map((r) => r.record);
}

function mustList(api: ServerApi): TaskView[] {
  const r = api.listTasks({});
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value.tasks;
}

describe('the demo scored on a fixed date', () => {
  let wb: MemoryWorkbook;
  let api: ServerApi;
  let atRiskBefore: string[];
  beforeAll(() => {
    ({ wb, api } = demoBook());
    const before = api.getDashboard({});
    if (!before.ok) throw new Error('no dashboard');
    atRiskBefore = tableById(before.value, 'at_risk').rows.map((r) => String(r[0]));
    const scored = api.scoreCustomers({});
    if (!scored.ok) throw new Error(JSON.stringify(scored.issues));
  });

  it('keeps the Dashboard call list after scoring (it used to read "Nobody is slipping away")', () => {
    const after = api.getDashboard({});
    if (!after.ok) throw new Error('no dashboard');
    const table = tableById(after.value, 'at_risk');
    expect(atRiskBefore.length).toBe(20);
    expect(table.rows.map((r) => String(r[0]))).toEqual(atRiskBefore);
    expect(table.note).not.toContain('Nobody');
  });

  it('puts every customer of the at-risk call list in Tasks exactly once, with a phone or an e-mail', () => {
    const order = parseSettings(wb.read('Settings')).settings.date_order;
    // Customers only (a blank contact type is one): suppliers, prospects and partners are no call list's business.
    const customers = readTable(wb, customersTab, order)!.rows.map((r) => r.record).filter((c) => ['', 'customer'].includes(c.contact_type.trim()));
    const ids = new Set(customers.map((c) => c.id));
    // The at-risk list computed independently of the Tasks code, from the tabs as they now stand.
    const analysis = analyzeRetention({
      customers,
      purchases: readTable(wb, purchasesTab, order)!.rows.map((r) => r.record).filter((p) => ids.has(p.customer_id)),
      interactions: readTable(wb, interactionsTab, order)!.rows.map((r) => r.record),
      defections: readTable(wb, defectionsTab, order)!.rows.map((r) => r.record),
      settings: parseSettings(wb.read('Settings')).settings,
      asOf: TODAY,
    });
    const calls = callList(analysis.atRisk, customers);
    expect(calls.length).toBeGreaterThan(150);
    const tasks = tasksOf(wb).filter((t) => t.key.startsWith('at_risk|'));
    for (const r of calls) {
      const mine = tasks.filter((t) => t.customer_id === r.customerId);
      expect(mine, r.customerId).toHaveLength(1);
      expect(mine[0]!.phone !== '' || mine[0]!.email !== '', r.customerId).toBe(true);
      expect(mine[0]!.status).toBe('open');
    }
    expect(tasks).toHaveLength(calls.length);
  });

  it('gives every task a customer, a reason in words, a value and a due date, one per person and reason', () => {
    const tasks = tasksOf(wb);
    const reasons = new Set(tasks.map((t) => t.key.split('|')[0]));
    expect([...reasons].sort()).toEqual(['at_risk', 'complaint', 'defection', 'follow_up', 'low_score', 'stale']);
    const pairs = tasks.map((t) => `${t.customer_id}|${t.key.split('|')[0]}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    for (const t of tasks) {
      expect(t.reason).not.toBe('');
      expect(t.due).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(typeof t.value).toBe('number');
      expect(t.name).not.toBe('');
    }
  });

  it('records defections once per person and type, and scoring twice adds no task and no defection', () => {
    const defections = readTable(wb, defectionsTab)!.rows.map((r) => r.record);
    const open = defections.filter((d) => d.outcome === '').map((d) => `${d.customer_id}|${d.type}`);
    expect(new Set(open).size).toBe(open.length);
    const before = tasksOf(wb);
    const again = api.scoreCustomers({});
    const sheet = again.ok && again.value.source === 'sheet' ? again.value : undefined;
    expect(sheet?.newDefections).toBe(0);
    expect(sheet?.tasks.created).toBe(0);
    expect(tasksOf(wb)).toEqual(before);
    expect(readTable(wb, defectionsTab)!.rows).toHaveLength(defections.length);
  });
});

describe('completing tasks on the demo', () => {
  it('writes the right rows for each kind, and scoring again reopens none of them', () => {
    const { wb, api } = demoBook();
    expect(api.scoreCustomers({}).ok).toBe(true);
    const open = mustList(api);
    const first = (code: string): TaskView => open.find((t) => t.reasonCode === code)!;
    const interactionsBefore = readTable(wb, interactionsTab)!.rows.length;

    // A complaint: resolved today, with the call logged.
    const complaint = first('complaint');
    const c = api.completeTask({ id: complaint.id, outcome: 'resolved', note: 'Replaced the cable' });
    expect(c.ok && c.value.closed.complaints).toBeGreaterThan(0);
    const complaints = readTable(wb, interactionsTab)!.rows.map((r) => r.record).filter((i) => i.customer_id === complaint.customer_id && i.kind === 'complaint');
    expect(complaints.every((i) => i.resolved_at !== undefined || /resolv|closed/i.test(i.status))).toBe(true);
    expect(complaints.some((i) => i.resolved_at === TODAY && i.status === 'resolved')).toBe(true);

    // A defection: lost to a competitor; every open Defections row of that person gets the outcome and reason.
    const defection = first('defection');
    const d = api.completeTask({ id: defection.id, outcome: 'lost', reason: 'competitor', kind: 'call' });
    expect(d.ok && d.value.closed.defections).toBeGreaterThan(0);
    const rows = readTable(wb, defectionsTab)!.rows.map((r) => r.record).filter((r) => r.customer_id === defection.customer_id);
    expect(rows.filter((r) => r.outcome === '')).toEqual([]);
    expect(rows.some((r) => r.outcome === 'lost' && r.reason === 'competitor' && r.contacted_by === 'Owner')).toBe(true);

    // A stale record: verified stamps last_verified_at.
    const stale = first('stale');
    expect(api.completeTask({ id: stale.id, outcome: 'verified' }).ok).toBe(true);
    expect(readTable(wb, customersTab)!.rows.find((r) => r.record.id === stale.customer_id)!.record.last_verified_at).toBe(TODAY);

    // At risk: won back; a follow-up: reached; a low score: lost and why, recorded as a cancelled defection.
    const atRisk = first('at_risk');
    expect(api.completeTask({ id: atRisk.id, outcome: 'won back' }).ok).toBe(true);
    const followUp = first('follow_up');
    expect(api.completeTask({ id: followUp.id, outcome: 'reached', kind: 'email' }).ok).toBe(true);
    const low = first('low_score');
    expect(api.completeTask({ id: low.id, outcome: 'lost', reason: 'service' }).ok).toBe(true);
    const cancelled = readTable(wb, defectionsTab)!.rows.map((r) => r.record).filter((r) => r.customer_id === low.customer_id && r.type === 'cancelled' && r.detected_at === TODAY);
    expect(cancelled.map((r) => [r.reason, r.outcome])).toEqual([['service', 'lost']]);

    // One Interaction per completion, by the user, with the outcome as its status.
    const logged = readTable(wb, interactionsTab)!.rows.slice(interactionsBefore).map((r) => r.record);
    expect(logged.map((i) => [i.customer_id, i.status, i.staff])).toEqual([
      [complaint.customer_id, 'resolved', 'Owner'],
      [defection.customer_id, 'lost', 'Owner'],
      [stale.customer_id, 'verified', 'Owner'],
      [atRisk.customer_id, 'won back', 'Owner'],
      [followUp.customer_id, 'reached', 'Owner'],
      [low.customer_id, 'lost', 'Owner'],
    ]);
    expect(logged[4]!.kind).toBe('email');

    const done = tasksOf(wb).filter((t) => t.status === 'done');
    expect(done.map((t) => t.id).sort()).toEqual([complaint, defection, stale, atRisk, followUp, low].map((t) => t.id).sort());
    const again = api.scoreCustomers({});
    expect(again.ok).toBe(true);
    const after = tasksOf(wb);
    for (const t of done) expect(after.find((a) => a.id === t.id)).toEqual(t);
    // No new task for the same person and reason (the at-risk customer who was won back is still at risk on paper).
    const pairs = new Set([complaint, defection, stale, atRisk, followUp, low].map((t) => `${t.customer_id}|${t.reasonCode}`));
    const reborn = after.filter((t) => t.status === 'open' && pairs.has(`${t.customer_id}|${t.key.split('|')[0]}`) && !open.some((o) => o.id === t.id));
    expect(reborn.map((t) => [t.key, t.detail])).toEqual([]);
  });

  it('refuses what does not fit, next to the field', () => {
    const { api } = demoBook();
    expect(api.scoreCustomers({}).ok).toBe(true);
    const open = mustList(api);
    const defection = open.find((t) => t.reasonCode === 'defection')!;
    const noReason = api.completeTask({ id: defection.id, outcome: 'lost' });
    expect(noReason.ok ? [] : noReason.issues.map((i) => i.path)).toEqual([['reason']]);
    const unlisted = api.completeTask({ id: defection.id, outcome: 'lost', reason: 'the weather' });
    expect(unlisted.ok ? [] : unlisted.issues.map((i) => [i.path, i.code])).toEqual([[['reason'], 'not_a_choice']]);
    const stale = open.find((t) => t.reasonCode === 'stale')!;
    const wrong = api.completeTask({ id: stale.id, outcome: 'won back' });
    expect(wrong.ok ? [] : wrong.issues.map((i) => i.path)).toEqual([['outcome']]);
    expect(api.completeTask({ id: stale.id, outcome: 'verified' }).ok).toBe(true);
    const twice = api.completeTask({ id: stale.id, outcome: 'verified' });
    expect(twice.ok ? [] : twice.issues.map((i) => i.code)).toEqual(['conflict']);
  });
});
