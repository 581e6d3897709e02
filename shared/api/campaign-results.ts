import * as z from 'zod/mini';
import { businessClock, fail, issuesFromZod, lazy, ok, type Issue, type Result } from '../kernel';
import { campaignResults, resultsSentence, type CampaignResults } from '../campaigns';
import { campaignAudience, parseTrigger, readGreetingsData, type CampaignAudience, type GreetingsData } from '../greetings';
import type { Campaign } from '../workbook';
import type { ServerDeps } from './deps';

/** Why an audience or results request was refused. */
export type CampaignResultsFault = 'invalid_input' | 'too_long' | 'not_found' | 'unknown_trigger' | 'bad_time_zone';

/** Every answer of these calls: a value, or problems as data with the path of the field they belong to. */
export type CampaignResultsResult<T> = Result<T, Issue<CampaignResultsFault>>;

/** The campaign as the form holds it now (saved or not): what the live count plans with. */
export interface AudienceRequest {
  /** The name the campaign is saved under (absent for a new one): its other columns (send_date, holdout_pct) come from there. */
  original?: string;
  name: string;
  trigger: string;
  offset_days: number | null;
  segment: string;
  send_date?: string | null;
  holdout_pct?: number | null;
  /** Plan for this business-local date instead of today (YYYY-MM-DD). */
  date?: string;
}

/** One campaign's results with the sentence that reads them, in the Settings currency. */
export type CampaignResultsLine = CampaignResults & { sentence: string };

/** Results of every campaign (or one), as of a date. */
export interface ResultsView {
  asOf: string;
  currency: string;
  attributionDays: number;
  campaigns: CampaignResultsLine[];
}

/** The Messages sidebar's live count and its Results view. */
export interface CampaignResultsApi {
  /** Who gets this campaign if it is sent now (a one-off campaign: on its send_date), from the sender's own plan. */
  getCampaignAudience: (input: AudienceRequest) => CampaignResultsResult<CampaignAudience>;
  /** Sent, failed, unsubscribed, survey answers, revenue within Settings attribution_days, and the lift over a holdout. */
  getCampaignResults: (input: { campaign?: string; date?: string }) => CampaignResultsResult<ResultsView>;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const audienceSchema = lazy(() =>
  z.object({
    original: z.optional(z.string().check(z.maxLength(500))),
    name: z.string().check(z.maxLength(500)),
    trigger: z.string().check(z.maxLength(200)),
    offset_days: z.nullable(z.number().check(z.int(), z.gte(-366), z.lte(366))),
    segment: z.string().check(z.maxLength(500)),
    send_date: z.optional(z.nullable(z.union([z.literal(''), z.string().check(z.regex(ISO_DATE))]))),
    holdout_pct: z.optional(z.nullable(z.number().check(z.gte(0), z.lte(100)))),
    date: z.optional(z.string().check(z.regex(ISO_DATE))),
  }),
);
const resultsSchema = lazy(() => z.object({ campaign: z.optional(z.string().check(z.maxLength(500))), date: z.optional(z.string().check(z.regex(ISO_DATE))) }));

const fold = (s: string): string => s.trim().toLowerCase();
const refused = (path: string[], code: CampaignResultsFault, message: string): CampaignResultsResult<never> => fail([{ path, code, message }]);

/** Today in the business's zone, or the refusal the sender would give for an unreadable Settings time_zone. */
function clockOf(deps: ServerDeps, data: GreetingsData): { today: string; zone: string } | CampaignResultsResult<never> {
  const clock = businessClock(deps.now(), data.settings.time_zone, deps.hostTimeZone);
  if (!clock.ok) return refused(['Settings', 'time_zone'], 'bad_time_zone', clock.issues[0]?.message ?? 'Settings time_zone is not a time zone.');
  return { today: clock.value.today, zone: clock.value.zone };
}

/** Implements the live count and the Results view over the Workbook port (add-on, workbench and tests share it). */
export function createCampaignResultsApi(deps: ServerDeps): CampaignResultsApi {
  return {
    getCampaignAudience(input) {
      const parsed = audienceSchema().safeParse(input);
      if (!parsed.success) return fail(issuesFromZod(parsed.error) as Issue<CampaignResultsFault>[]);
      const draft = parsed.data;
      if (!parseTrigger(draft.trigger)) return refused(['trigger'], 'unknown_trigger', 'Pick when the campaign is sent to count who gets it.');
      const data = readGreetingsData(deps.workbook());
      const clock = clockOf(deps, data);
      if ('ok' in clock) return clock;
      const saved = draft.original === undefined ? undefined : data.campaigns.find((c) => fold(c.name) === fold(draft.original ?? ''));
      if (draft.original !== undefined && !saved) return refused(['name'], 'not_found', 'Not found: it may have been renamed or deleted in the sheet. Reload.');
      if (draft.segment.trim() !== '' && !data.segments.some((s) => fold(s.name) === fold(draft.segment))) return refused(['segment'], 'not_found', 'No segment of this name on the Segments tab.');
      const campaign: Campaign = {
        ...(saved ?? { id: '', subject: '', body: '', active: false, send_hour: undefined, send_date: undefined, survey_scale: '', holdout_pct: undefined }),
        name: draft.name.trim() || (saved?.name ?? 'New campaign'),
        trigger: draft.trigger,
        offset_days: draft.offset_days ?? undefined,
        segment: draft.segment.trim(),
        ...(draft.send_date !== undefined ? { send_date: draft.send_date || undefined } : {}),
        ...(draft.holdout_pct !== undefined ? { holdout_pct: draft.holdout_pct ?? undefined } : {}),
      };
      // The planner leaves out a campaign without subject or body; the count is about who, not what it says.
      if (campaign.subject.trim() === '') campaign.subject = '(subject)';
      if (campaign.body.trim() === '') campaign.body = '(body)';
      const today = draft.date ?? clock.today;
      const holidays = deps.holidays?.(data.settings.country, Number(today.slice(0, 4))) ?? [];
      return ok(campaignAudience({ data, campaign, today, timeZone: clock.zone, holidays }));
    },

    getCampaignResults(input) {
      const parsed = resultsSchema().safeParse(input ?? {});
      if (!parsed.success) return fail(issuesFromZod(parsed.error) as Issue<CampaignResultsFault>[]);
      const data = readGreetingsData(deps.workbook());
      const clock = clockOf(deps, data);
      if ('ok' in clock) return clock;
      const asOf = parsed.data.date ?? clock.today;
      const wanted = parsed.data.campaign;
      const campaigns = data.campaigns.filter((c) => c.name.trim() !== '' && (wanted === undefined || fold(c.name) === fold(wanted)));
      if (wanted !== undefined && campaigns.length === 0) return refused(['campaign'], 'not_found', 'No campaign of this name on the Campaigns tab.');
      const currency = data.settings.currency;
      const attributionDays = data.settings.attribution_days;
      const customers = data.customers.map((c) => c.record);
      const lines = campaigns.map((c) => {
        const results = campaignResults({ campaign: c.name, asOf, attributionDays, timeZone: clock.zone, holdoutPct: c.holdout_pct, outbox: data.outbox, purchases: data.purchases, interactions: data.interactions, customers });
        return { ...results, sentence: resultsSentence(results, currency) };
      });
      return ok({ asOf, currency, attributionDays, campaigns: lines });
    },
  };
}
