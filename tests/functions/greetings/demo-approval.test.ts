// The demo's first day, as the trial user met it: hundreds of messages due at once. Nothing goes without the
// owner's yes; after it, the same plan sends exactly the approved set, once.
import { describe, expect, it } from 'vitest';
import { createServerApi } from '../../../shared/api';
import { runGreetings, type RunOptions } from '../../../shared/greetings';
import { MemoryWorkbook, cellText } from '../../../shared/workbook';
import { DEFAULT_DEMO_CUSTOMERS, DEFAULT_DEMO_SEED, generateDemo, writeDemo } from '../../../functions/demo';
import { holidaysFor, yearsAround } from '../../../functions/greetings/holidays';
import { CaptureMailer, testSigner } from '../../shared/greetings/fixture';

const TODAY = '2026-11-23';
const NOW = Date.parse(`${TODAY}T08:00:00Z`);

/** Outbox rows as key → status, read from the tab itself. */
function outbox(wb: MemoryWorkbook): Map<string, string> {
  const grid = wb.snapshot('Outbox');
  if (!grid) return new Map();
  const key = grid.header.indexOf('key');
  const status = grid.header.indexOf('status');
  return new Map(grid.rows.map((r) => [cellText(r[key] ?? null), cellText(r[status] ?? null)]));
}

describe("greetings on the demo's first day", { timeout: 120_000 }, () => {
  it('sends 0 without approval above the threshold; after approval exactly the approved set goes, once', async () => {
    const wb = new MemoryWorkbook({});
    writeDemo(wb, generateDemo({ customers: DEFAULT_DEMO_CUSTOMERS, seed: DEFAULT_DEMO_SEED, today: TODAY }));
    const options = (mailer: CaptureMailer, at: number): RunOptions => ({ wb, date: TODAY, mailer, signer: testSigner, now: () => at, holidays: holidaysFor('ZA', yearsAround(TODAY)) });

    const mailer = new CaptureMailer();
    const first = await runGreetings(options(mailer, NOW));
    expect(mailer.tries).toHaveLength(0);
    expect(first.sent).toBe(0);
    // Above Settings approve_over (50 by default): every due message waits, counted per campaign.
    const waitingKeys = [...outbox(wb)].filter(([, s]) => s === 'needs_approval').map(([k]) => k);
    expect(waitingKeys.length).toBeGreaterThan(50);
    expect(first.needsApproval.total).toBe(waitingKeys.length);
    expect(first.needsApproval.campaigns.reduce((n, c) => n + c.count, 0)).toBe(waitingKeys.length);
    expect(first.needsApproval.sample.length).toBeGreaterThan(0);

    // The owner (the workbench user here) approves what was shown.
    const api = createServerApi({ workbook: () => wb, now: () => new Date(NOW + 60_000).toISOString(), user: () => 'owner@fynboscycles.example' });
    const shown = api.getApprovals({});
    if (!shown.ok) throw new Error(JSON.stringify(shown.issues));
    expect(shown.value.waiting.total).toBe(waitingKeys.length);
    const decided = api.decideApproval({ decision: 'approve', fingerprint: shown.value.waiting.fingerprint });
    expect(decided).toEqual({ ok: true, value: { changed: waitingKeys.length, status: 'planned' } });

    const second = await runGreetings(options(mailer, NOW + 3_600_000));
    expect(second.sent).toBe(waitingKeys.length);
    expect(second.needsApproval.total).toBe(0);
    const sentKeys = [...outbox(wb)].filter(([, s]) => s === 'sent').map(([k]) => k);
    expect(sentKeys.sort()).toEqual([...waitingKeys].sort());
    expect(mailer.tries).toHaveLength(waitingKeys.length);
    expect(new Set(mailer.sent.map((m) => m.messageId)).size).toBe(waitingKeys.length);

    const third = await runGreetings(options(mailer, NOW + 7_200_000));
    expect(third.sent).toBe(0);
    expect(mailer.tries).toHaveLength(waitingKeys.length);
  });
});
