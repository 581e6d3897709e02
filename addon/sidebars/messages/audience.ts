// The live count under the campaign form: who gets this campaign if it is sent now (a one-off campaign: on its
// send_date), asked of the server with the form's values as they are typed — the same plan the sender makes.
import type { AudienceRequest } from '../../../shared/api';
import type { CampaignAudience } from '../../../shared/greetings';
import { el, replaceChildren } from '../lib/dom';
import { createClient, ServerCallError } from '../lib/server';
import type { CampaignForm } from './form';

const api = createClient();
const WAIT_MS = 350;

const SKIP_WORDS: Record<string, string> = { no_consent: 'no consent', unsubscribed: 'unsubscribed', no_address: 'no e-mail', invalid_address: 'bad e-mail', cool_down: 'cool-down' };

/** The request for the form's values, or undefined while they cannot make one (no trigger yet, a number half typed). */
export function audienceRequest(form: CampaignForm, original: string | undefined): AudienceRequest | undefined {
  if (form.trigger.trim() === '' || form.trigger === 'holiday:') return undefined;
  const whole = (text: string): number | null | 'bad' => (text.trim() === '' ? null : /^[+-]?\d+$/.test(text.trim()) ? Number(text) : 'bad');
  const offset = whole(form.offset_days);
  const holdout = whole(form.holdout_pct);
  if (offset === 'bad' || holdout === 'bad' || (holdout !== null && (holdout < 0 || holdout > 100))) return undefined;
  if (form.send_date.trim() !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(form.send_date.trim())) return undefined;
  return { ...(original !== undefined ? { original } : {}), name: form.name, trigger: form.trigger, offset_days: offset, segment: form.segment, send_date: form.send_date.trim(), holdout_pct: holdout };
}

/** Why the form's values cannot be counted yet, in a sentence naming the field to fix; '' when they can. */
export function audienceWait(form: CampaignForm): string {
  if (form.trigger.trim() === '' || form.trigger === 'holiday:') return 'Pick when it is sent to see who gets it.';
  const whole = /^[+-]?\d+$/;
  if (form.offset_days.trim() !== '' && !whole.test(form.offset_days.trim())) return 'Offset (days) must be a whole number to count who gets it.';
  const holdout = form.holdout_pct.trim();
  if (holdout !== '' && (!whole.test(holdout) || Number(holdout) < 0 || Number(holdout) > 100)) return 'Hold out must be a whole percent from 0 to 100 (or blank) to count who gets it.';
  if (form.send_date.trim() !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(form.send_date.trim())) return 'The send date must be a date to count who gets it.';
  return '';
}

/** The count in words: how many get it, on which date, and why the others do not. */
export function audienceText(a: CampaignAudience): string {
  if (a.notDue === 'no_send_date') return 'Set a send date to count who gets this one-off campaign.';
  if (a.notDue === 'too_late') return `Its send date is past: nobody gets it now. Set a new send date to send it again.`;
  const who = `${a.recipients} ${a.recipients === 1 ? 'customer gets' : 'customers get'} it if sent on ${a.date}`;
  const parts: string[] = [];
  if (a.holdout > 0) parts.push(`${a.holdout} held out as the control group`);
  if (a.alreadyInOutbox > 0) parts.push(`${a.alreadyInOutbox} already in the Outbox`);
  const skipped = Object.entries(a.skipped).map(([reason, n]) => `${n} ${SKIP_WORDS[reason] ?? reason.replace(/_/g, ' ')}`);
  if (skipped.length > 0) parts.push(`not sent: ${skipped.join(', ')}`);
  const approval = a.needsApproval > 0 ? ' It waits for your approval first.' : '';
  return `${who}${parts.length > 0 ? ` (${parts.join('; ')})` : ''}.${approval}`;
}

let timer: ReturnType<typeof setTimeout> | undefined;
let asked = 0;

/** Asks for the count of the form's values after a pause in typing; only the latest answer is shown. */
export function refreshAudience(form: CampaignForm, original: string | undefined): void {
  if (timer !== undefined) clearTimeout(timer);
  const box = document.getElementById('audience');
  if (!box) return;
  const request = audienceRequest(form, original);
  if (!request) {
    replaceChildren(box, [el('p', { class: 'meta', text: audienceWait(form) || 'Pick when it is sent to see who gets it.' })]);
    return;
  }
  timer = setTimeout(() => {
    const mine = ++asked;
    box.setAttribute('aria-busy', 'true');
    api.getCampaignAudience(request).then(
      (answer) => {
        if (mine !== asked) return;
        box.removeAttribute('aria-busy');
        if (!answer.ok) {
          replaceChildren(box, [el('p', { class: 'meta warning', text: answer.issues[0]?.message ?? 'The count could not be made.' })]);
          return;
        }
        const a = answer.value;
        const sample = a.sample.map((m) => el('li', { text: m.name === '' ? m.customer_id : `${m.name} (${m.customer_id})`, attrs: { title: m.to } }));
        replaceChildren(box, [
          el('p', { class: 'count', text: audienceText(a), attrs: { 'data-recipients': String(a.recipients), 'data-holdout': String(a.holdout) } }),
          ...(sample.length > 0 ? [el('details', {}, [el('summary', { text: `Sample of ${sample.length}` }), el('ul', { class: 'sample' }, sample)])] : []),
        ]);
      },
      (error: unknown) => {
        if (mine !== asked) return;
        box.removeAttribute('aria-busy');
        replaceChildren(box, [el('p', { class: 'meta warning', text: error instanceof ServerCallError ? `The count failed: ${error.message}` : String(error) })]);
      },
    );
  }, WAIT_MS);
}
