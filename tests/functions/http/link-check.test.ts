import { describe, expect, it } from 'vitest';
import { handleConfirmRequest } from '../../../functions/http/confirm';
import { handleSurveyRequest } from '../../../functions/http/survey';
import { hmacSigner } from '../../../functions/secrets/secret-store';
import { signConfirmToken, signSurveyToken } from '../../../shared/greetings';
import { MemoryWorkbook, type Workbook } from '../../../shared/workbook';

const signer = hmacSigner('a-test-key-of-enough-length-0123456789');
const stranger = hmacSigner('someone-elses-key-of-enough-length-000');
// 12:00 UTC on 22 Nov 2026 is 01:00 on 23 Nov in Auckland (NZDT, UTC+13).
const NOW = Date.parse('2026-11-22T12:00:00Z');

function shop(zone: string): MemoryWorkbook {
  return new MemoryWorkbook({
    Settings: { header: ['key', 'value'], rows: [['business_name', 'Corner Café'], ['time_zone', zone]] },
    Customers: { header: ['id', 'first_name', 'email', 'email_consent', 'status'], rows: [['C-000001', 'Ann', 'ann@example.com', 'yes', 'active']] },
    Interactions: { header: ['id', 'customer_id', 'date', 'kind', 'channel', 'staff', 'subject', 'notes', 'status'], rows: [] },
  });
}

/** The routes' deps over one workbook, counting how often the document is opened. */
function depsOf(wb: Workbook) {
  const opened = { count: 0 };
  return {
    opened,
    deps: {
      signer: () => Promise.resolve(signer),
      withWorkbook: <T>(fn: (w: Workbook) => T) => {
        opened.count++;
        return Promise.resolve(fn(wb));
      },
      now: () => NOW,
    },
  };
}

// 22 Nov − 90 days = 24 Aug and 22 Nov − 60 days = 23 Sep (by hand: Aug 24 → Nov 24 is 31 + 30 + 31 = 92 days).
const survey = (s = signer) => signSurveyToken({ campaign: 'How did we do?', customerId: 'C-000001', occasion: '2026-08-20', score: 9, max: 10, issued: '2026-08-24' }, s);
const confirm = (s = signer) => signConfirmToken({ customerId: 'C-000001', messageKey: 'Confirm|C-000001|2026-09-23', issued: '2026-09-23' }, s);

describe('a link’s age is counted on the business’s today', () => {
  it('keeps a link on its last day in UTC and in a blank zone (Node knows no spreadsheet zone), and refuses it a day later in Auckland', async () => {
    for (const [zone, status] of [['UTC', 200], ['', 200], ['Pacific/Auckland', 403]] as const) {
      const s = await handleSurveyRequest({ method: 'GET', query: { token: survey() }, body: undefined }, depsOf(shop(zone)).deps);
      const c = await handleConfirmRequest({ method: 'GET', query: { token: confirm() }, body: undefined }, depsOf(shop(zone)).deps);
      expect([zone, s.status, c.status]).toEqual([zone, status, status]);
    }
  });

  it('ages a link on UTC’s day when Settings time_zone is refused: the customer is not turned away for the owner’s setting', async () => {
    const s = await handleSurveyRequest({ method: 'GET', query: { token: survey() }, body: undefined }, depsOf(shop('Pacific/Nowhere')).deps);
    expect(s.status).toBe(200);
  });

  it('refuses a token that is not ours before reading the sheet', async () => {
    const world = depsOf(shop('Pacific/Auckland'));
    const s = await handleSurveyRequest({ method: 'GET', query: { token: survey(stranger) }, body: undefined, accept: 'application/json' }, world.deps);
    const c = await handleConfirmRequest({ method: 'GET', query: { token: confirm(stranger) }, body: undefined, accept: 'application/json' }, world.deps);
    expect([s.status, c.status, world.opened.count]).toEqual([403, 403, 0]);
    expect(JSON.stringify(s.body)).toContain('invalid_token');
  });
});
