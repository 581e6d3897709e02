// Pure logic of the Messages sidebar: the campaign form's values to a save request, and issues by field.
import type { CampaignView, MessagesIssue, SaveCampaignInput } from '../../../shared/api';

/** The campaign form's inputs as typed. */
export interface CampaignForm {
  name: string;
  trigger: string;
  offset_days: string;
  segment: string;
  subject: string;
  body: string;
  active: boolean;
  send_hour: string;
  send_date: string;
  holdout_pct: string;
}

export const FORM_FIELDS = ['name', 'trigger', 'offset_days', 'segment', 'subject', 'body', 'active', 'send_hour', 'send_date', 'holdout_pct'] as const;

/** What the form shows for a campaign (blank numbers as ''). */
export function formOf(campaign: CampaignView | undefined): CampaignForm {
  // A new campaign starts off (the server saves it so too): it is switched on after a preview.
  if (!campaign) return { name: '', trigger: '', offset_days: '0', segment: '', subject: '', body: '', active: false, send_hour: '', send_date: '', holdout_pct: '' };
  return {
    name: campaign.name,
    trigger: campaign.trigger,
    offset_days: campaign.offset_days === null ? '' : String(campaign.offset_days),
    segment: campaign.segment,
    subject: campaign.subject,
    body: campaign.body,
    active: campaign.active,
    send_hour: campaign.send_hour === null ? '' : String(campaign.send_hour),
    send_date: campaign.send_date,
    holdout_pct: campaign.holdout_pct === null ? '' : String(campaign.holdout_pct),
  };
}

/**
 * The save request for the form, or the issues found before asking the server: a number field that is not a
 * number cannot cross as JSON, so it is refused here with the server's wording.
 */
export function saveRequest(form: CampaignForm, original: string | undefined): { request: SaveCampaignInput } | { issues: MessagesIssue[] } {
  const issues: MessagesIssue[] = [];
  const number = (field: 'offset_days' | 'send_hour' | 'holdout_pct'): number | null => {
    const text = form[field].trim();
    if (text === '') return null;
    const value = Number(text);
    if (!/^[+-]?\d+(\.\d+)?$/.test(text) || !Number.isFinite(value)) {
      issues.push({ path: [field], code: 'not_an_integer', message: 'Enter a whole number.' });
      return null;
    }
    return value;
  };
  const request: SaveCampaignInput = {
    ...(original !== undefined ? { original } : {}),
    name: form.name,
    trigger: form.trigger,
    offset_days: number('offset_days'),
    segment: form.segment,
    subject: form.subject,
    body: form.body,
    active: form.active,
    send_hour: number('send_hour'),
    send_date: form.send_date.trim(),
    holdout_pct: number('holdout_pct'),
  };
  return issues.length > 0 ? { issues } : { request };
}

/** Issues grouped by the field they belong to; '' for the whole request. */
export function issuesByField(issues: readonly MessagesIssue[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const i of issues) {
    const field = (FORM_FIELDS as readonly string[]).includes(i.path[0] ?? '') ? (i.path[0] ?? '') : '';
    out.set(field, [...(out.get(field) ?? []), i.message]);
  }
  return out;
}

/** Words for a plan line's decision. */
export function decisionText(decision: 'send' | 'skip', reason: string): string {
  if (decision === 'send') return 'send';
  const words: Record<string, string> = {
    no_consent: 'skip: no consent',
    unsubscribed: 'skip: unsubscribed',
    no_address: 'skip: no e-mail',
    invalid_address: 'skip: bad e-mail',
    cool_down: 'skip: cool-down',
    holdout: 'held out (control group)',
  };
  return words[reason] ?? `skip: ${reason}`;
}

/** A holiday code as the planner compares it: lower case, words joined by hyphens (`christmas_day` → `christmas-day`). */
export function holidayCode(text: string): string {
  return text
    .toLowerCase()
    .replace(/'s\b/g, 's')
    .replace(/[^a-z0-9*]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * A trigger cell split for the form's two pickers: the kind (one of `kinds`, else the text as typed, kept so
 * it is not lost) and, for `holiday:CODE`, the code of the listed holiday it names (else the code as written).
 */
export function splitTrigger(text: string, kinds: readonly string[], holidays: readonly { code: string }[]): { kind: string; holiday: string; field?: string } {
  const t = text.trim();
  // profile:FIELD[:yearly] keeps the field as written: it names a Customers column.
  const profile = /^profile\s*:\s*(.*)$/i.exec(t);
  if (profile) return { kind: 'profile', holiday: '', field: (profile[1] ?? '').trim() };
  const m = /^holiday[:_\s-]*(.*)$/i.exec(t);
  if (m) {
    const wanted = holidayCode(m[1] ?? '');
    const hit = holidays.find((h) => h.code === wanted || h.code.startsWith(`${wanted}-`));
    return { kind: 'holiday', holiday: hit?.code ?? (m[1] ?? '').trim() };
  }
  const lower = t.toLowerCase().replace(/\s+/g, '_');
  return { kind: kinds.includes(lower) ? lower : t, holiday: '' };
}

/** The trigger cell for the form's pickers (`field`: the Profile date field of a `profile` trigger). */
export function joinTrigger(kind: string, holiday: string, field = ''): string {
  if (kind === 'profile') return `profile:${field.trim()}`;
  return kind === 'holiday' ? `holiday:${holiday}` : kind;
}
