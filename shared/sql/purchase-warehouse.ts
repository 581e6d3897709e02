import { fail, ok, type Issue, type Result } from '../kernel';
import type { Settings, SettingsIssue } from '../workbook';
import { bigqueryNameProblem, type BigQueryTable } from './bigquery-dialect';

/** Where the purchase log CLV is computed from lives: the workbook's Purchases tab, or a BigQuery table. */
export type PurchaseWarehouse = { kind: 'sheet' } | { kind: 'bigquery'; table: BigQueryTable; location: string | undefined };

/** The Settings keys that say where the purchase log is, in the order a problem with them is reported. */
export const WAREHOUSE_KEYS = ['warehouse', 'bigquery_project', 'bigquery_dataset', 'bigquery_purchases_table', 'bigquery_location'] as const;

type WarehouseKey = (typeof WAREHOUSE_KEYS)[number];

// Multi-regions (US, EU) and regions such as europe-west2 or us-central1, as BigQuery spells them.
const LOCATION = /^([A-Za-z]{2}|[a-z]+(-[a-z]+)+[0-9]+)$/;

const PARTS = { bigquery_project: 'project', bigquery_dataset: 'dataset', bigquery_purchases_table: 'table' } as const;

function problemAt(key: WarehouseKey, message: string): Issue<'invalid_input'> {
  return { path: ['Settings', key], message, code: 'invalid_input' };
}

/**
 * Reads where the purchase log is from parsed Settings (parseSettings' settings and issues): blank or `sheet`
 * is the Purchases tab; `bigquery` needs a valid project, dataset and table (location optional). Any problem
 * with these keys refuses the whole answer, each issue at ['Settings', key] with a message naming the key,
 * because a guessed default here would score from the wrong data.
 */
export function purchaseWarehouse(settings: Settings, issues: readonly SettingsIssue[] = []): Result<PurchaseWarehouse> {
  const keyed = new Set<string>(WAREHOUSE_KEYS);
  const problems: Issue[] = issues
    .filter((i) => keyed.has(i.key))
    .map((i) => problemAt(i.key as WarehouseKey, i.key === 'warehouse' ? `Settings warehouse must be blank, sheet or bigquery (row ${i.row})` : `Settings ${i.key} (row ${i.row}): ${i.message}`));
  if (problems.length > 0) return fail(problems);
  if (settings.warehouse === 'sheet') return ok({ kind: 'sheet' });
  const names = {} as Record<keyof typeof PARTS, string>;
  for (const [key, part] of Object.entries(PARTS) as [keyof typeof PARTS, 'project' | 'dataset' | 'table'][]) {
    const value = settings[key].trim();
    names[key] = value;
    if (value === '') problems.push(problemAt(key, `Settings ${key} is blank; warehouse bigquery needs the ${part} that holds the purchase log`));
    else {
      const problem = bigqueryNameProblem(part, value, `Settings ${key}`);
      if (problem !== undefined) problems.push(problemAt(key, problem));
    }
  }
  const location = settings.bigquery_location.trim();
  if (location !== '' && !LOCATION.test(location)) problems.push(problemAt('bigquery_location', `Settings bigquery_location must be a BigQuery location such as US, EU or europe-west2, got "${location}"`));
  if (problems.length > 0) return fail(problems);
  return ok({
    kind: 'bigquery',
    table: { project: names.bigquery_project, dataset: names.bigquery_dataset, table: names.bigquery_purchases_table },
    location: location === '' ? undefined : location,
  });
}
