import { describe, expect, it } from 'vitest';
import { purchaseWarehouse } from '../../../shared/sql';
import { parseSettings, type Grid } from '../../../shared/workbook';

/** Settings as the tab holds them, read by the one Settings parser. */
function read(rows: [string, string][]): ReturnType<typeof purchaseWarehouse> {
  const grid: Grid = { header: ['key', 'value'], rows };
  const { settings, issues } = parseSettings(grid);
  return purchaseWarehouse(settings, issues);
}

describe('purchaseWarehouse (Settings warehouse and bigquery_*)', () => {
  it('is the sheet when the keys are absent, blank or say sheet', () => {
    expect(read([])).toEqual({ ok: true, value: { kind: 'sheet' } });
    expect(read([['warehouse', ''], ['bigquery_project', 'ignored here']])).toEqual({ ok: true, value: { kind: 'sheet' } });
    expect(read([['Warehouse', 'sheet']])).toEqual({ ok: true, value: { kind: 'sheet' } });
  });

  it('names the table and location for bigquery, trimmed; a blank location lets BigQuery find it', () => {
    const rows: [string, string][] = [['warehouse', 'bigquery'], ['bigquery_project', ' shop-analytics-42 '], ['bigquery_dataset', 'regulars'], ['bigquery_purchases_table', 'purchases 2026']];
    expect(read([...rows, ['bigquery_location', 'europe-west2']])).toEqual({
      ok: true,
      value: { kind: 'bigquery', table: { project: 'shop-analytics-42', dataset: 'regulars', table: 'purchases 2026' }, location: 'europe-west2' },
    });
    expect(read(rows)).toMatchObject({ ok: true, value: { location: undefined } });
  });

  it('refuses every unusable key at once, each at its Settings key and row', () => {
    const result = read([['warehouse', 'bigquery'], ['bigquery_project', 'Shop'], ['bigquery_purchases_table', 'p`x'], ['bigquery_location', 'mars']]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path)).toEqual([['Settings', 'bigquery_project'], ['Settings', 'bigquery_dataset'], ['Settings', 'bigquery_purchases_table'], ['Settings', 'bigquery_location']]);
    expect(result.issues.map((i) => i.message)).toEqual([
      'Settings bigquery_project must be a project ID (6–30 lower-case letters, digits and hyphens, starting with a letter), got "Shop"',
      'Settings bigquery_dataset is blank; warehouse bigquery needs the dataset that holds the purchase log',
      'Settings bigquery_purchases_table must be a table name (letters, digits, underscores, hyphens and spaces), got "p`x"',
      'Settings bigquery_location must be a BigQuery location such as US, EU or europe-west2, got "mars"',
    ]);
    // A typo in warehouse itself is refused with its row, never read as "sheet".
    expect(read([['time_zone', 'UTC'], ['warehouse', 'big query']])).toEqual({
      ok: false,
      issues: [{ path: ['Settings', 'warehouse'], message: 'Settings warehouse must be blank, sheet or bigquery (row 3)', code: 'invalid_input' }],
    });
  });
});
