import { describe, expect, it } from 'vitest';
import { createServerApi, type ServerApi } from '../../../shared/api';
import { MemoryWorkbook } from '../../../shared/workbook';
import { grid } from '../greetings/fixture';

// 08:00 UTC on 10 May 2027 is 10:00 in Johannesburg.
const NOW = '2027-05-10T08:00:00.000Z';

/** Five customers in two cities; the segment "Cape Town"; a newsletter for 2027-05-12 to that segment. */
function book(): MemoryWorkbook {
  return new MemoryWorkbook({
    Settings: { header: ['key', 'value'], rows: [['time_zone', 'Africa/Johannesburg'], ['currency', 'R'], ['approve_over', '50'], ['cool_down_days', '0']] },
    Customers: grid(['id', 'first_name', 'email', 'email_consent', 'city', 'status'], [
      { id: 'C1', first_name: 'Ann', email: 'ann@x.example', email_consent: 'yes', city: 'Cape Town', status: 'active' },
      { id: 'C2', first_name: 'Ben', email: 'ben@x.example', email_consent: 'yes', city: 'Cape Town', status: 'active' },
      { id: 'C3', first_name: 'Cas', email: 'cas@x.example', email_consent: 'no', city: 'Cape Town', status: 'active' },
      { id: 'C4', first_name: 'Dee', email: 'dee@x.example', email_consent: 'yes', city: 'Durban', status: 'active' },
      { id: 'C5', first_name: 'Eli', email: 'eli@x.example', email_consent: 'yes', city: 'Durban', status: 'archived' },
    ]),
    Segments: grid(['id', 'name', 'rule'], [{ id: 'S-1', name: 'Cape Town', rule: 'city = "Cape Town"' }, { id: 'S-2', name: 'Durban', rule: 'city = "Durban"' }]),
    Campaigns: grid(['id', 'name', 'trigger', 'segment', 'subject', 'body', 'active', 'send_date', 'holdout_pct'], [{ id: 'M-1', name: 'News', trigger: 'once', segment: 'Cape Town', subject: 'News', body: 'Hello', active: 'no', send_date: '2027-05-12' }]),
  });
}

const apiOf = (wb: MemoryWorkbook): ServerApi => createServerApi({ workbook: () => wb, now: () => NOW, user: () => 'owner@x.example' });
const draft = { original: 'News', name: 'News', trigger: 'once', offset_days: null, segment: 'Cape Town' };

describe('getCampaignAudience: the live count', () => {
  it('counts the saved campaign on its send date, and follows unsaved edits of segment and consent', () => {
    const wb = book();
    const api = apiOf(wb);
    const first = api.getCampaignAudience(draft);
    if (!first.ok) throw new Error(JSON.stringify(first.issues));
    // Cape Town: Ann and Ben consent, Cas does not; planned on the send date, the campaign being off not mattering.
    expect(first.value).toMatchObject({ date: '2027-05-12', recipients: 2, skipped: { no_consent: 1 }, holdout: 0, alreadyInOutbox: 0, notDue: '' });
    expect(first.value.sample.map((m) => m.customer_id)).toEqual(['C1', 'C2']);
    // A campaign's first run waits for a yes.
    expect(first.value.needsApproval).toBe(2);
    // Another segment typed in the form, not saved: Dee only (Eli is archived).
    const durban = api.getCampaignAudience({ ...draft, segment: 'Durban' });
    expect(durban.ok && durban.value.sample.map((m) => m.customer_id)).toEqual(['C4']);
    // The owner records Cas's consent in the sheet: the next count has her.
    const cells = wb.snapshot('Customers')!;
    wb.write('Customers', [{ row: 4, col: cells.header.indexOf('email_consent') + 1, value: 'yes' }]);
    const after = api.getCampaignAudience(draft);
    expect(after.ok && after.value.recipients).toBe(3);
  });

  it('refuses what cannot be counted, next to the field', () => {
    const api = apiOf(book());
    expect(api.getCampaignAudience({ ...draft, segment: 'Nowhere' })).toMatchObject({ ok: false, issues: [{ path: ['segment'], code: 'not_found' }] });
    expect(api.getCampaignAudience({ ...draft, trigger: 'sometimes' })).toMatchObject({ ok: false, issues: [{ path: ['trigger'] }] });
    expect(api.getCampaignAudience({ ...draft, send_date: '' })).toMatchObject({ ok: true, value: { recipients: 0, notDue: 'no_send_date' } });
  });
});

describe('saveCampaign: send date and holdout', () => {
  const base = { original: 'News', name: 'News', trigger: 'once', offset_days: null, segment: 'Cape Town', subject: 'News', body: 'Hello', active: false, send_hour: null };
  it('saves them, and refuses a bad date, a one-off without one, or a share outside 0–100', () => {
    const wb = book();
    const api = apiOf(wb);
    const saved = api.saveCampaign({ ...base, send_date: '2027-06-01', holdout_pct: 20 });
    expect(saved).toMatchObject({ ok: true, value: { send_date: '2027-06-01', holdout_pct: 20 } });
    expect(api.saveCampaign({ ...base, send_date: '2027-02-30', holdout_pct: 20 })).toMatchObject({ ok: false, issues: [{ path: ['send_date'], code: 'not_a_date' }] });
    expect(api.saveCampaign({ ...base, send_date: '' })).toMatchObject({ ok: false, issues: [{ path: ['send_date'], code: 'required' }] });
    expect(api.saveCampaign({ ...base, holdout_pct: 150 })).toMatchObject({ ok: false, issues: [{ path: ['holdout_pct'], code: 'out_of_range' }] });
    // A caller that does not send them leaves them as they are.
    expect(api.saveCampaign(base)).toMatchObject({ ok: true, value: { send_date: '2027-06-01', holdout_pct: 20 } });
  });
});
