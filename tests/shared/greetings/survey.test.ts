import { describe, expect, it } from 'vitest';
import { composeMessage, readGreetingsData, planGreetings, planInputFor, signSurveyToken, surveyScale, verifySurveyToken, type SurveyClaim } from '../../../shared/greetings';
import { testSigner, workbook } from './fixture';

const claim: SurveyClaim = { campaign: 'How did we do?', customerId: 'C-000001', occasion: '2027-03-01', score: 7, max: 10, issued: '2027-03-08' };

describe('survey tokens', () => {
  it('round-trip their claim and refuse another key, a changed score or an old link', () => {
    const token = signSurveyToken(claim, testSigner);
    expect(verifySurveyToken(token, testSigner, '2027-03-09')).toEqual({ ok: true, claim });
    expect(verifySurveyToken(token, { sign: () => 'other' }, '2027-03-09')).toEqual({ ok: false, reason: 'invalid' });
    const [v, , sig] = token.split('.');
    const forged = `${v}.${Buffer.from(JSON.stringify({ m: claim.campaign, c: claim.customerId, o: claim.occasion, s: 0, x: 10, d: claim.issued })).toString('base64url')}.${sig}`;
    expect(verifySurveyToken(forged, testSigner, '2027-03-09')).toEqual({ ok: false, reason: 'invalid' });
    // 90 days after 2027-03-08 is 2027-06-06.
    expect(verifySurveyToken(token, testSigner, '2027-06-06').ok).toBe(true);
    expect(verifySurveyToken(token, testSigner, '2027-06-07')).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuse a score outside the scale even when signed', () => {
    expect(verifySurveyToken(signSurveyToken({ ...claim, score: 0, max: 5 }, testSigner), testSigner, '2027-03-09')).toEqual({ ok: false, reason: 'invalid' });
    expect(verifySurveyToken(signSurveyToken({ ...claim, score: 11 }, testSigner), testSigner, '2027-03-09')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('read the scale from the campaign: 1–5 when it says so, else NPS 0–10', () => {
    expect(['5', '1-5', '1 to 5', 'stars'].map(surveyScale)).toEqual([5, 5, 5, 5]);
    expect(['', 'nps', '10', '0-10', undefined].map(surveyScale)).toEqual([10, 10, 10, 10, 10]);
  });
});

describe('survey mail', () => {
  const wb = workbook({
    customers: [{ id: 'C-000001', first_name: 'Ann', email: 'ann@x.example', email_consent: 'yes' }],
    campaigns: [
      { name: 'How did we do?', trigger: 'survey_after_purchase', offset_days: 7, subject: 'How did we do?', body: 'Hi {{first_name}}', active: 'yes' },
      { name: 'Thanks', trigger: 'thank_you', offset_days: 7, subject: 'Thanks', body: 'Thanks {{first_name}}', active: 'yes' },
    ],
    purchases: [{ id: 'P-000001', customer_id: 'C-000001', date: '2027-03-01', amount: 10 }],
    settings: { cool_down_days: '0' },
  });
  const data = readGreetingsData(wb);
  const plan = planGreetings(planInputFor(data, '2027-03-08'));
  const compose = (name: string) => composeMessage(plan.messages.find((m) => m.campaign.name === name)!, 'O-000001', { settings: data.settings, from: { name: 'Corner', address: 'hello@corner.example' }, signer: testSigner, now: '2027-03-08T09:00:00Z' });

  it('carries one signed link per score (0–10 by default), above the unsubscribe footer', () => {
    const mail = compose('How did we do?');
    const urls = [...mail.html.matchAll(/href="(https:\/\/corner\.example\/survey\?token=[^"]+)"/g)].map((m) => m[1]!);
    expect(urls).toHaveLength(11);
    const scores = urls.map((u) => {
      const check = verifySurveyToken(decodeURIComponent(u.split('token=')[1]!), testSigner, '2027-03-08');
      return check.ok ? check.claim : undefined;
    });
    expect(scores.map((c) => c?.score)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(scores[3]).toEqual({ campaign: 'How did we do?', customerId: 'C-000001', occasion: '2027-03-01', score: 3, max: 10, issued: '2027-03-08' });
    expect(mail.html.indexOf('/survey?')).toBeLessThan(mail.html.indexOf('Unsubscribe</a>'));
    expect(mail.text).toMatch(/\n10: https:\/\/corner\.example\/survey\?token=\S+\n\n--\nUnsubscribe: /);
  });

  it('other campaigns carry none', () => {
    const mail = compose('Thanks');
    expect(mail.html).not.toContain('/survey?');
    expect(mail.text).not.toContain('/survey?');
  });
});
