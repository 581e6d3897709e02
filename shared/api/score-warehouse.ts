import * as z from 'zod/mini';
import { lazy, ok, refuse } from '../kernel';
import type { PurchaseWarehouse } from '../sql';
import type { ClvPlan } from './clv-columns';
import type { ServerDeps } from './deps';
import type { ApiResult } from './result';

/** The name of the HTTP function that scores the sheet from the warehouse (functions/http/clv-sheet.ts). */
export const CLV_FUNCTION = 'clv';

/** What Score customers reports however the scores were made: the day, the rows, the cells and the models. */
export interface ScoredCustomers {
  /** Today in the business's time zone (by the scorer's clock): the calibration end of the fit. */
  asOf: string;
  /** Customers rows that received scores. */
  scored: number;
  /** Of those, customers with at least one purchase. */
  buyers: number;
  /** Cells written. */
  cells: number;
  /** 'bgnbd' when BG/NBD could be fitted; 'history' when the data could not support it (p_alive is then blank). */
  purchaseModel: 'bgnbd' | 'history';
  spendModel: 'gamma-gamma' | 'average';
}

/** What "Score customers" did when Settings warehouse is bigquery: the clv function scored the log there and wrote the CLV columns. */
export interface WarehouseScoreResult extends ScoredCustomers {
  source: 'bigquery';
  /** The table the function read, as project.dataset.table. */
  table: string;
  /** Plain-language notes: what was and was not updated, the fit's warnings and Settings notes, as the function gave them. */
  messages: string[];
}

// The answer of scoreSheet; other keys are tolerated, so a newer function still answers an older add-on. Built on
// first use: Code.js builds no schema while loading.
const answerSchema = lazy(() =>
  z.object({
    source: z.string(),
    asOf: z.string(),
    scored: z.number().check(z.int(), z.gte(0)),
    buyers: z.number().check(z.int(), z.gte(0)),
    cells: z.number().check(z.int(), z.gte(0)),
    purchaseModel: z.enum(['bgnbd', 'history']),
    spendModel: z.enum(['gamma-gamma', 'average']),
    warnings: z.array(z.string()),
    notes: z.array(z.string()),
  }),
);

/** What Score customers leaves as it was when the log is in BigQuery, said once. */
const NOT_UPDATED =
  'rfm_segment, churn_risk, cost_12m, profit_12m, loyalty tiers, defections and tasks were not updated: they are worked out from the Purchases tab, and with Settings warehouse = bigquery the log is in BigQuery.';

const TO_SHEET = 'To score from the Purchases tab instead, set Settings warehouse to sheet.';

/**
 * Score customers for a log kept in BigQuery (Settings warehouse = bigquery): asks the `clv` function to score the
 * sheet from the table (`{"sheet": true}`, with this spreadsheet's id when the host knows it, so a function set up
 * for another sheet refuses) and reports its answer. Nothing is written here and nothing is read from the
 * Purchases tab: without the functions, or when the call fails, the run is refused with the reason.
 */
export function scoreFromWarehouse(deps: ServerDeps, plan: ClvPlan & { warehouse: Extract<PurchaseWarehouse, { kind: 'bigquery' }> }): ApiResult<WarehouseScoreResult> {
  const { project, dataset, table: name } = plan.warehouse.table;
  const table = `${project}.${dataset}.${name}`;
  if (!deps.remote) {
    return refuse(
      ['Settings', 'warehouse'],
      `Settings warehouse is bigquery: the purchase log is the BigQuery table ${table}, which Score customers scores through the Regulars clv function, and no functions URL is configured here. In the add-on, set the script property REGULARS_FUNCTIONS_URL to the functions' address (docs/bigquery.md); on a computer, \`regulars clv score --engine bigquery --project ${project} --dataset ${dataset} --table ${name} --end ${plan.today}\` scores the table into a CSV. Nothing was written. ${TO_SHEET}`,
    );
  }
  const spreadsheetId = deps.spreadsheetId?.();
  let answer: unknown;
  try {
    answer = deps.remote(CLV_FUNCTION, { sheet: true, ...(spreadsheetId ? { spreadsheetId } : {}) });
  } catch (error) {
    // The remote's messages are safe to show (never a token or row data).
    const why = error instanceof Error ? error.message : String(error);
    // An answer with an error status means the function wrote nothing; a call cut off on the way may still finish there.
    return refuse(
      ['Settings', 'warehouse'],
      `Settings warehouse is bigquery, and the clv function could not score from the BigQuery table ${table}: ${why}. Score customers wrote nothing (if the call timed out, the function may still finish and write the CLV columns). ${TO_SHEET}`,
    );
  }
  const parsed = answerSchema().safeParse(answer);
  if (!parsed.success) return refuse(['Settings', 'warehouse'], 'The clv function answered in a shape this add-on does not know; it may need redeploying. Check the Customers tab before relying on its scores.');
  const a = parsed.data;
  // The function reads its own sheet's Settings: a source other than this table means they disagree.
  if (a.source !== `bigquery:${table}`) {
    return refuse(['Settings', 'warehouse'], `The clv function scored from ${a.source === 'sheet' ? 'its sheet\'s Purchases tab' : a.source} rather than the BigQuery table ${table}: its spreadsheet (REGULARS_SPREADSHEET_ID) or that sheet's Settings differ from these. Check its set-up (docs/bigquery.md).`);
  }
  const messages = [
    `Scored by the clv function from the BigQuery table ${table}: the eight CLV columns (orders, revenue, first_purchase, last_purchase, p_alive, expected_purchases_90d, clv_12m, clv_tier), ${a.cells} cells.`,
    NOT_UPDATED,
    ...a.warnings.map((w) => `Lifetime model: ${w}.`),
    ...a.notes,
  ];
  return ok({ source: 'bigquery', table, asOf: a.asOf, scored: a.scored, buyers: a.buyers, cells: a.cells, purchaseModel: a.purchaseModel, spendModel: a.spendModel, messages });
}
