import * as z from 'zod';
import { ClvError, fitAndScore, fitParameters, PURCHASE_MODELS, UNIT_DAYS } from '../../shared/clv';
import { dayNumber, isoFromDay } from '../../shared/kernel';
import type { Handler, HandlerResponse } from './handler';
import { invalidRequest } from './invalid-request';
import { asksForSheet, scoreSheet, type ClvSheetDeps } from './clv-sheet';

/** Most purchases one request may carry (CDNOW's full log is 69,659). */
export const MAX_PURCHASES = 500_000;
/** Seconds the platform gives this function (routes.ts registers it with this timeout). */
export const CLV_TIMEOUT_SECONDS = 120;

const isoDate = z.string().refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && dayNumber(v) !== undefined, 'expected a date as YYYY-MM-DD');

const purchase = z.object({
  customer_id: z.union([z.string().trim().min(1, 'required').max(200, 'at most 200 characters'), z.number().finite().transform(String)]),
  date: isoDate,
  amount: z.number().finite().min(0, 'must be 0 or more').optional(),
});

const body = z.object({
  purchases: z.array(purchase).min(1, 'at least one purchase is needed').max(MAX_PURCHASES, `at most ${MAX_PURCHASES} purchases per request`),
  end: isoDate.optional(),
  unit: z.enum(['week', 'day']).optional(),
  model: z.enum(['bgnbd', 'mbgnbd', 'pareto'] satisfies typeof PURCHASE_MODELS).optional(),
  horizon: z.number().positive().max(5200, 'at most 5200 units').optional(),
  discountRate: z.number().min(0).max(10).optional(),
  margin: z.number().min(0).max(1).optional(),
});

const round = (v: number): number => Math.round(v * 1e6) / 1e6;

/** Raised between phases once the deadline has passed, so the function answers instead of being cut off. */
class DeadlineError extends Error {}

/**
 * The `clv` function: purchases in (JSON), the fitted purchase model (BG/NBD by default), the Gamma-Gamma spend
 * model when amounts are given, and per-customer scores out. Bad input is a 400 naming the purchase and field;
 * data that cannot support a fit is a 422 with the reason's code; a run past the deadline is a 503.
 */
export const handleClv: Handler = (request) => {
  const started = Date.now();
  const checkDeadline = (): void => {
    if (Date.now() - started > request.deadlineMs) throw new DeadlineError();
  };
  const parsed = body.safeParse(request.body);
  if (!parsed.success) return Promise.resolve(invalidRequest(parsed.error));
  const input = parsed.data;
  const unit = input.unit ?? 'week';
  const model = input.model ?? 'bgnbd';
  const customer: string[] = [];
  const day = new Int32Array(input.purchases.length);
  const amount = new Float64Array(input.purchases.length);
  let lastDay = -Infinity;
  let hasAmounts = false;
  input.purchases.forEach((p, i) => {
    customer.push(String(p.customer_id));
    // The schema has checked every date, so dayNumber is defined here.
    const d = dayNumber(p.date) ?? NaN;
    day[i] = d;
    amount[i] = p.amount ?? 0;
    if (p.amount !== undefined) hasAmounts = true;
    if (d > lastDay) lastDay = d;
  });
  const end = input.end === undefined ? lastDay : dayNumber(input.end)!;
  try {
    const unitDays = UNIT_DAYS[unit];
    const run = fitAndScore(
      { kind: 'log', log: { customer, day, amount }, end, hasAmounts },
      {
        model,
        unit,
        horizonDays: input.horizon === undefined ? undefined : input.horizon * unitDays,
        discountRate: input.discountRate ?? 0.1,
        margin: input.margin ?? 1,
        checkpoint: checkDeadline,
      },
    );
    const fit = run.fit!;
    const spend = run.spend;
    const scores = run.scores!;
    return Promise.resolve({
      status: 200,
      body: {
        model: fit.model,
        params: fitParameters(fit),
        logLikelihood: fit.logLikelihood,
        customers: fit.customers,
        spend: spend ? { ...spend.params, logLikelihood: spend.logLikelihood } : null,
        ...(run.spendFault ? { spendFault: run.spendFault } : {}),
        ...(run.warnings.length > 0 ? { warnings: run.warnings } : {}),
        end: isoFromDay(end),
        unit,
        horizon: run.horizonDays / unitDays,
        scores: run.ids.map((id, i) => ({
          customer_id: id,
          frequency: run.x[i]!,
          recency: round(run.tx[i]!),
          T: round(run.T[i]!),
          p_alive: round(scores.pAlive![i]!),
          expected_purchases: round(scores.expectedPurchases[i]!),
          expected_spend: round(scores.expectedSpend[i]!),
          clv: round(scores.clv[i]!),
        })),
      },
    });
  } catch (error) {
    if (error instanceof DeadlineError) {
      return Promise.resolve({ status: 503, body: { error: `deadline: ${input.purchases.length} purchases could not be scored in the time this function has; send fewer` } });
    }
    if (error instanceof ClvError) return Promise.resolve(unprocessable(error.code, error.message));
    throw error;
  }
};

/**
 * The deployed `clv` function: a body of purchases is fitted and scored as handleClv does; `{ "sheet": true }`
 * scores the business's sheet from where its Settings say the purchase log is (scoreSheet).
 */
export function clvHandler(deps: () => ClvSheetDeps): Handler {
  return (request) => (asksForSheet(request.body) ? scoreSheet(request, deps()) : handleClv(request));
}

function unprocessable(code: string, message: string): HandlerResponse {
  return { status: 422, body: { error: `cannot fit: ${message}`, code } };
}
