// The live count under the campaign form says which field keeps it from counting, not "pick when it is sent"
// when the trigger is picked and a number is half typed.
import { describe, expect, it } from 'vitest';
import { audienceRequest, audienceWait } from '../../../../addon/sidebars/messages/audience';
import type { CampaignForm } from '../../../../addon/sidebars/messages/form';

const FORM: CampaignForm = { name: 'Summer', trigger: 'once', offset_days: '', segment: '', subject: 'Hi', body: 'Hello', active: false, send_hour: '9', send_date: '2026-12-10', holdout_pct: '' };

describe('the campaign audience: why it cannot count yet', () => {
  it('counts a complete form and has nothing to say', () => {
    expect(audienceWait(FORM)).toBe('');
    expect(audienceRequest(FORM, undefined)).toMatchObject({ trigger: 'once', holdout_pct: null, send_date: '2026-12-10' });
  });
  it('names the field that stops the count', () => {
    expect(audienceWait({ ...FORM, trigger: '' })).toBe('Pick when it is sent to see who gets it.');
    expect(audienceWait({ ...FORM, holdout_pct: 'abc' })).toMatch(/^Hold out must be a whole percent from 0 to 100/);
    expect(audienceWait({ ...FORM, holdout_pct: '101' })).toMatch(/^Hold out/);
    expect(audienceWait({ ...FORM, offset_days: '2.5' })).toMatch(/^Offset \(days\) must be a whole number/);
    expect(audienceWait({ ...FORM, send_date: '10/12/2026' })).toMatch(/^The send date must be a date/);
    // Each of those is a form the request refuses too, so the sentence and the request agree.
    for (const bad of [{ holdout_pct: 'abc' }, { holdout_pct: '101' }, { offset_days: '2.5' }, { send_date: '10/12/2026' }]) expect(audienceRequest({ ...FORM, ...bad }, undefined)).toBeUndefined();
  });
});
