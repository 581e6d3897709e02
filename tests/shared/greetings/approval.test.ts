import { describe, expect, it } from 'vitest';
import { createServerApi, type ServerDeps } from '../../../shared/api';
import type { MessagesResult } from '../../../shared/api/messages';
import { applyCaps, approvalNeeded, runGreetings, type RunOptions } from '../../../shared/greetings';
import type { CellValue, MemoryWorkbook, OutboxEntry } from '../../../shared/workbook';
import { CaptureMailer, outboxRows, testSigner, workbook } from './fixture';

const T0 = Date.parse('2026-03-14T06:00:00Z');
const BIRTHDAY = { name: 'Birthday', trigger: 'birthday', subject: 'Happy birthday {{first_name}}', body: 'Hi {{first_name}}', active: 'yes' };

/** `n` consenting customers born on `day` (MM-DD), ids C-1…C-n from `from`. */
function born(day: string, n: number, from = 1): Record<string, CellValue>[] {
  return Array.from({ length: n }, (_, i) => ({ id: `C-${from + i}`, first_name: `P${from + i}`, email: `p${from + i}@example.com`, email_consent: 'yes', birth_date: `1990-${day}` }));
}

function run(wb: MemoryWorkbook, mailer: CaptureMailer, extra: Partial<RunOptions> = {}): ReturnType<typeof runGreetings> {
  return runGreetings({ wb, date: '2026-03-14', mailer, signer: testSigner, now: () => T0, ...extra });
}

const statuses = (wb: MemoryWorkbook): Record<string, string> => Object.fromEntries(outboxRows(wb).map((r) => [String(r.key), String(r.status)]));

function api(wb: MemoryWorkbook, user = 'owner@corner.example', extra: Partial<ServerDeps> = {}) {
  return createServerApi({ workbook: () => wb, now: () => '2026-03-14T06:00:00.000Z', user: () => user, ...extra });
}

function value<T>(result: MessagesResult<T>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

const entry = (campaign: string, status: OutboxEntry['status']): OutboxEntry => ({ id: '', key: `${campaign}|x|y`, campaign, customer_id: 'x', to: '', subject: '', status, reason: '', message_id: '', planned_for: undefined, sent_at: undefined, lease_until: undefined, attempts: undefined });

describe('approvalNeeded: which new messages wait for a yes', () => {
  const candidates = [
    { key: 'b1', campaign: 'Birthday' },
    { key: 'w1', campaign: 'Welcome' },
  ];
  it("a campaign's first run waits; one that sent (or was approved) before does not", () => {
    const outbox = [entry('birthday ', 'sent'), entry('Welcome', 'skipped'), entry('Welcome', 'held')];
    expect(approvalNeeded(candidates, outbox, { approveOver: 50, firstRun: true })).toEqual(new Map([['w1', 'first_run']]));
    expect(approvalNeeded(candidates, [entry('Welcome', 'planned'), entry('Birthday', 'review')], { approveOver: 50, firstRun: true }).size).toBe(0);
  });
  it('more new messages than approve_over: every one waits, first run or not', () => {
    expect(approvalNeeded(candidates, [entry('Birthday', 'sent'), entry('Welcome', 'sent')], { approveOver: 1, firstRun: true })).toEqual(
      new Map([
        ['b1', 'over_threshold'],
        ['w1', 'over_threshold'],
      ]),
    );
    expect(approvalNeeded(candidates, [], { approveOver: 2, firstRun: false }).size).toBe(0);
    expect(approvalNeeded(candidates, [], { approveOver: 0, firstRun: false }).size).toBe(2);
  });
});

describe('applyCaps: the rest waits for the next run, oldest first', () => {
  const due = [
    { id: 'a14a', campaign: 'A', day: '2026-03-14' },
    { id: 'a14b', campaign: 'A', day: '2026-03-14' },
    { id: 'b13', campaign: 'B', day: '2026-03-13' },
    { id: 'a12', campaign: 'a', day: '2026-03-12' },
    { id: 'a14c', campaign: 'A', day: '2026-03-14' },
  ];
  const ids = (r: { now: { id: string }[]; later: { id: string }[] }) => ({ now: r.now.map((m) => m.id), later: r.later.map((m) => m.id) });
  it('per run: the oldest days first, then plan order', () => {
    expect(ids(applyCaps(due, { perRun: 3 }, (m) => m))).toEqual({ now: ['a12', 'b13', 'a14a'], later: ['a14b', 'a14c'] });
  });
  it('per campaign (names compared without case) and both together', () => {
    expect(ids(applyCaps(due, { perCampaign: 1 }, (m) => m))).toEqual({ now: ['a12', 'b13'], later: ['a14a', 'a14b', 'a14c'] });
    expect(ids(applyCaps(due, { perCampaign: 2, perRun: 2 }, (m) => m))).toEqual({ now: ['a12', 'b13'], later: ['a14a', 'a14b', 'a14c'] });
    expect(ids(applyCaps(due, {}, (m) => m)).later).toEqual([]);
  });
});

describe('runner: nothing bulk without a yes', () => {
  it("a campaign's first run waits as needs_approval and sends nothing until the owner approves; then exactly that set goes, once", async () => {
    const wb = workbook({ customers: [...born('03-14', 3), { id: 'C-9', email: 'no@example.com', email_consent: 'no', birth_date: '1980-03-14' }], campaigns: [BIRTHDAY] });
    const mailer = new CaptureMailer();
    const first = await run(wb, mailer);
    expect(mailer.tries).toHaveLength(0);
    expect(first).toMatchObject({ sent: 0, problem: false, skipped: { no_consent: 1 } });
    expect(first.needsApproval).toMatchObject({ total: 3, campaigns: [{ campaign: 'Birthday', count: 3 }] });
    expect(first.needsApproval.sample.map((m) => m.customer_id)).toEqual(['C-1', 'C-2', 'C-3']);
    expect(statuses(wb)).toEqual({
      'Birthday|C-1|2026-03-14': 'needs_approval',
      'Birthday|C-2|2026-03-14': 'needs_approval',
      'Birthday|C-3|2026-03-14': 'needs_approval',
      'Birthday|C-9|2026-03-14': 'skipped',
    });
    // An hour later, still nothing without the yes.
    const again = await run(wb, mailer, { now: () => T0 + 3_600_000 });
    expect(mailer.tries).toHaveLength(0);
    expect(again.needsApproval.total).toBe(3);

    const owner = api(wb);
    const shown = value(owner.getApprovals({}));
    expect(shown).toMatchObject({ canApprove: true, approveOver: 50, waiting: { total: 3 }, held: { total: 0 } });
    expect(value(owner.decideApproval({ decision: 'approve', fingerprint: shown.waiting.fingerprint }))).toEqual({ changed: 3, status: 'planned' });
    const approved = Object.keys(statuses(wb)).filter((k) => statuses(wb)[k] === 'planned');

    const sending = await run(wb, mailer, { now: () => T0 + 7_200_000 });
    expect(sending).toMatchObject({ sent: 3, needsApproval: { total: 0 } });
    expect(mailer.sent.map((m) => m.to).sort()).toEqual(['p1@example.com', 'p2@example.com', 'p3@example.com']);
    expect(outboxRows(wb).filter((r) => r.status === 'sent').map((r) => String(r.key)).sort()).toEqual(approved.sort());
    const last = await run(wb, mailer, { now: () => T0 + 10_800_000 });
    expect(last.sent).toBe(0);
    expect(mailer.tries).toHaveLength(3);
  });

  it('a waiting message whose customer unsubscribed meanwhile is skipped, never approved into a send', async () => {
    const wb = workbook({ customers: born('03-14', 2), campaigns: [BIRTHDAY] });
    const mailer = new CaptureMailer();
    await run(wb, mailer);
    const grid = wb.snapshot('Customers')!;
    wb.write('Customers', [{ row: 2, col: grid.header.indexOf('unsubscribed_at') + 1, value: '2026-03-14T07:00:00Z' }]);
    const next = await run(wb, mailer, { now: () => T0 + 3_600_000 });
    expect(statuses(wb)).toEqual({ 'Birthday|C-1|2026-03-14': 'skipped', 'Birthday|C-2|2026-03-14': 'needs_approval' });
    expect(next.needsApproval.total).toBe(1);
    expect(await run(wb, mailer, { approve: true, now: () => T0 + 7_200_000 })).toMatchObject({ sent: 1 });
    expect(mailer.sent.map((m) => m.to)).toEqual(['p2@example.com']);
  });

  it('a campaign that ran before sends without approval up to approve_over, and waits above it', async () => {
    const earlier = { key: 'Birthday|C-0|2025-03-14', campaign: 'Birthday', customer_id: 'C-0', status: 'sent', planned_for: '2025-03-14' };
    const shop = (over: string) => {
      const wb = workbook({ settings: { approve_over: over }, customers: born('03-14', 3), campaigns: [BIRTHDAY] });
      wb.ensureTab('Outbox', { header: ['key', 'campaign', 'customer_id', 'status', 'planned_for'], textColumns: [] });
      wb.append('Outbox', [[earlier.key, earlier.campaign, earlier.customer_id, earlier.status, earlier.planned_for]]);
      return wb;
    };
    const under = new CaptureMailer();
    expect(await run(shop('3'), under)).toMatchObject({ sent: 3, needsApproval: { total: 0 } });
    const over = new CaptureMailer();
    const waiting = await run(shop('2'), over);
    expect(over.tries).toHaveLength(0);
    expect(waiting).toMatchObject({ sent: 0, needsApproval: { total: 3 } });
  });

  it('--approve (the caller is the owner) sends the first run at once; held messages stay unsent even then', async () => {
    const wb = workbook({ customers: born('03-14', 2), campaigns: [BIRTHDAY] });
    const mailer = new CaptureMailer();
    await run(wb, mailer);
    const owner = api(wb);
    const shown = value(owner.getApprovals({}));
    expect(value(owner.decideApproval({ decision: 'hold', fingerprint: shown.waiting.fingerprint }))).toEqual({ changed: 2, status: 'held' });
    const approving = await run(wb, mailer, { approve: true });
    expect(approving.sent).toBe(0);
    expect(Object.values(statuses(wb))).toEqual(['held', 'held']);
    // Approving the held set releases it.
    const held = value(owner.getApprovals({})).held;
    expect(value(owner.decideApproval({ decision: 'approve', from: 'held', fingerprint: held.fingerprint })).changed).toBe(2);
    expect((await run(wb, mailer)).sent).toBe(2);

    const fresh = workbook({ customers: born('03-14', 2), campaigns: [BIRTHDAY] });
    const direct = new CaptureMailer();
    expect(await run(fresh, direct, { approve: true })).toMatchObject({ sent: 2, needsApproval: { total: 0 } });
  });

  it('a decision covers exactly the set shown: after a run added more, it is refused as changed; only the owner decides', async () => {
    const wb = workbook({ customers: [...born('03-13', 2), ...born('03-14', 2, 3)], campaigns: [BIRTHDAY] });
    const mailer = new CaptureMailer();
    await run(wb, mailer, { date: '2026-03-13' });
    const shown = value(api(wb).getApprovals({})).waiting;
    expect(shown.total).toBe(2);
    await run(wb, mailer);
    expect(api(wb).decideApproval({ decision: 'approve', fingerprint: shown.fingerprint })).toMatchObject({ ok: false, issues: [{ code: 'changed' }] });
    const now = value(api(wb).getApprovals({})).waiting;
    expect(now.total).toBe(4);
    // Settings approvers names who decides; anyone else is refused and nothing changes.
    const guarded = workbook({ settings: { approvers: 'boss@corner.example, owner@corner.example' }, customers: born('03-14', 1), campaigns: [BIRTHDAY] });
    await run(guarded, mailer);
    const fp = value(api(guarded).getApprovals({})).waiting.fingerprint;
    expect(value(api(guarded, 'clerk@corner.example').getApprovals({})).canApprove).toBe(false);
    expect(api(guarded, 'clerk@corner.example').decideApproval({ decision: 'approve', fingerprint: fp })).toMatchObject({ ok: false, issues: [{ code: 'not_approver' }] });
    expect(Object.values(statuses(guarded))).toEqual(['needs_approval']);
    // With no approvers listed, the trigger's installer decides.
    expect(value(api(wb, 'clerk@corner.example', { owner: () => 'owner@corner.example' }).getApprovals({})).canApprove).toBe(false);
    expect(value(api(wb, 'Owner@Corner.example', { owner: () => 'owner@corner.example' }).getApprovals({})).canApprove).toBe(true);
  });

  it('caps per run and per campaign defer the rest to the next run, oldest first, none lost or sent twice', async () => {
    const wb = workbook({ settings: { cap_per_run: '2' }, customers: [...born('03-13', 3), ...born('03-14', 2, 4)], campaigns: [BIRTHDAY] });
    const mailer = new CaptureMailer();
    const day1 = await run(wb, mailer, { date: '2026-03-13', approve: true });
    expect(day1).toMatchObject({ sent: 2, capped: 1, deferred: 1 });
    const day2 = await run(wb, mailer, { approve: true });
    // The one left from the 13th goes before the 14th's.
    expect(day2).toMatchObject({ sent: 2, capped: 1 });
    expect(mailer.sent.map((m) => m.to)).toEqual(['p1@example.com', 'p2@example.com', 'p3@example.com', 'p4@example.com']);
    const day2later = await run(wb, mailer, { now: () => T0 + 3_600_000 });
    expect(day2later).toMatchObject({ sent: 1, capped: 0 });
    expect(new Set(mailer.sent.map((m) => m.to)).size).toBe(5);

    const perCampaign = workbook({ settings: { cap_per_campaign: '1', cool_down_days: '0' }, customers: born('03-14', 2), campaigns: [BIRTHDAY, { ...BIRTHDAY, name: 'Birthday too' }] });
    const capped = new CaptureMailer();
    expect(await run(perCampaign, capped, { approve: true })).toMatchObject({ sent: 2, capped: 2 });
    expect(capped.sent.map((m) => m.subject)).toHaveLength(2);
  });

  it('without an address for links (Settings public_url, else backend_url) nothing is sent and the run says why', async () => {
    const wb = workbook({ settings: { public_url: '' }, customers: born('03-14', 2), campaigns: [BIRTHDAY] });
    const mailer = new CaptureMailer();
    expect(await run(wb, mailer, { approve: true })).toMatchObject({ sent: 0, stopped: 'no_public_url', deferred: 2, problem: true });
    expect(mailer.tries).toHaveLength(0);
    expect(Object.values(statuses(wb))).toEqual(['planned', 'planned']);
    expect(value(api(wb).getApprovals({})).linkProblem).toContain('public_url');

    const linked = workbook({ settings: { public_url: 'http://localhost:9123/' }, customers: born('03-14', 1), campaigns: [BIRTHDAY] });
    const out = new CaptureMailer();
    await run(linked, out, { approve: true });
    expect(out.sent[0]?.headers['List-Unsubscribe']).toMatch(/^<http:\/\/localhost:9123\/unsubscribe\?token=/);
  });
});
