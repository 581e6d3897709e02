// Score customers with Settings warehouse = bigquery: it asks the clv function (a fake remote here) to score from
// BigQuery and reports its answer; it never rewrites Customers cells from the Purchases tab, and without the
// functions (or when the call fails) it refuses with the setting to fill.
import { describe, expect, it } from 'vitest';
import { createAnalyticsApi, type ServerDeps } from '../../../shared/api';
import { MemoryWorkbook, type Grid } from '../../../shared/workbook';

const NOW = '2025-06-30T10:00:00Z';
const TABLE = 'shop-analytics-42.regulars.purchases';

const BIGQUERY_SETTINGS: [string, string][] = [
  ['warehouse', 'bigquery'],
  ['bigquery_project', 'shop-analytics-42'],
  ['bigquery_dataset', 'regulars'],
  ['bigquery_purchases_table', 'purchases'],
];

/** A sheet whose Purchases tab holds only part of the log (two of C1's purchases): scoring from it would be wrong. */
function book(settings: [string, string][]): MemoryWorkbook {
  const grid: Grid = { header: ['key', 'value'], rows: [['time_zone', 'UTC'], ['margin_pct', '40'], ...settings] };
  return new MemoryWorkbook({
    Settings: grid,
    Customers: { header: ['id', 'first_name', 'status', 'orders', 'clv_12m'], rows: [['C1', 'Ann', 'active', 41, 1234.5], ['C2', 'Ben', 'active', 7, 88]] },
    Purchases: { header: ['id', 'customer_id', 'date', 'amount'], rows: [['P-1', 'C1', '2025-01-05', 20], ['P-2', 'C1', '2025-03-01', 30]] },
  });
}

/** What the clv function answers when it scored from BigQuery (functions/http/clv-sheet.ts scoreSheet). */
const ANSWER = {
  source: `bigquery:${TABLE}`,
  asOf: '2025-06-30',
  scored: 2,
  buyers: 2,
  cells: 16,
  purchaseModel: 'bgnbd',
  spendModel: 'gamma-gamma',
  warnings: ['almost nobody seems to stop buying'],
  notes: [],
};

/** A remote that records each call and answers with `answer` (or what calling it returns or throws, when a function). */
function fakeRemote(answer: unknown): { remote: NonNullable<ServerDeps['remote']>; calls: { fn: string; body: unknown }[] } {
  const calls: { fn: string; body: unknown }[] = [];
  return {
    calls,
    remote: (fn, body) => {
      calls.push({ fn, body });
      return typeof answer === 'function' ? (answer as () => unknown)() : answer;
    },
  };
}

function score(wb: MemoryWorkbook, extra: Partial<ServerDeps> = {}) {
  return createAnalyticsApi({ workbook: () => wb, now: () => NOW, user: () => 'owner@shop.example', ...extra }).scoreCustomers({});
}

/** Nothing was written anywhere, and Customers is cell for cell what it was. */
function expectUntouched(wb: MemoryWorkbook): void {
  expect(wb.calls.write + wb.calls.append + wb.calls.create).toBe(0);
  expect(wb.snapshot('Customers')).toEqual(book([]).snapshot('Customers'));
}

describe('Score customers with Settings warehouse = bigquery', () => {
  it('asks the clv function to score this spreadsheet from BigQuery and reports its answer, writing nothing itself', () => {
    const wb = book(BIGQUERY_SETTINGS);
    const { remote, calls } = fakeRemote(ANSWER);
    const result = score(wb, { remote, spreadsheetId: () => '1AbC-sheet' });
    expect(calls).toEqual([{ fn: 'clv', body: { sheet: true, spreadsheetId: '1AbC-sheet' } }]);
    if (!result.ok) throw new Error(result.issues[0]!.message);
    expect(result.value).toMatchObject({ source: 'bigquery', table: TABLE, asOf: '2025-06-30', scored: 2, buyers: 2, cells: 16, purchaseModel: 'bgnbd', spendModel: 'gamma-gamma' });
    expect(result.value.messages[0]).toContain(`from the BigQuery table ${TABLE}`);
    expect(result.value.messages).toContain('Lifetime model: almost nobody seems to stop buying.');
    expect(result.value.messages.join(' ')).toMatch(/rfm_segment, churn_risk.*were not updated/);
    // C1's 41 orders stay 41: the Purchases tab's two rows were not scored over them.
    expectUntouched(wb);
  });

  it('without a functions URL refuses, naming the setting to fill, and never falls back to the Purchases tab', () => {
    const wb = book(BIGQUERY_SETTINGS);
    const result = score(wb);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]!.path).toEqual(['Settings', 'warehouse']);
    expect(result.issues[0]!.message).toMatch(/warehouse is bigquery.*shop-analytics-42\.regulars\.purchases.*REGULARS_FUNCTIONS_URL.*Nothing was written/);
    expectUntouched(wb);
  });

  it('refuses with the reason when the call fails (the add-on remote without a URL, or the function refusing)', () => {
    for (const why of ['no functions URL is configured (script property REGULARS_FUNCTIONS_URL)', 'the clv function answered 409: this clv function scores another spreadsheet']) {
      const wb = book(BIGQUERY_SETTINGS);
      const { remote } = fakeRemote(() => {
        throw new Error(why);
      });
      const result = score(wb, { remote });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.issues[0]!.message).toContain(`could not score from the BigQuery table ${TABLE}: ${why}. Score customers wrote nothing`);
      expectUntouched(wb);
    }
  });

  it('refuses an answer from another source or of another shape', () => {
    const other = score(book(BIGQUERY_SETTINGS), { remote: fakeRemote({ ...ANSWER, source: 'sheet' }).remote });
    expect(!other.ok && other.issues[0]!.message).toMatch(/scored from its sheet's Purchases tab rather than the BigQuery table/);
    const odd = score(book(BIGQUERY_SETTINGS), { remote: fakeRemote({ ok: true }).remote });
    expect(!odd.ok && odd.issues[0]!.message).toMatch(/answered in a shape this add-on does not know/);
  });

  it('refuses unusable warehouse Settings by key before calling anything', () => {
    const wb = book([['warehouse', 'bigquery'], ['bigquery_dataset', 'regulars'], ['bigquery_purchases_table', 'purchases']]);
    const { remote, calls } = fakeRemote(ANSWER);
    const result = score(wb, { remote });
    expect(!result.ok && result.issues.map((i) => i.path)).toEqual([['Settings', 'bigquery_project']]);
    expect(calls).toEqual([]);
    expectUntouched(wb);
    const typo = score(book([['warehouse', 'bigqeury']]), { remote });
    expect(!typo.ok && typo.issues[0]!.message).toMatch(/Settings warehouse must be blank, sheet or bigquery/);
    expect(calls).toEqual([]);
  });

  it('with warehouse = sheet scores from the Purchases tab as before and calls no function', () => {
    const wb = book([['warehouse', 'sheet']]);
    const { remote, calls } = fakeRemote(ANSWER);
    const result = score(wb, { remote });
    expect(result.ok && result.value.source).toBe('sheet');
    expect(calls).toEqual([]);
    // C1 now has the tab's two purchases on two days.
    const grid = wb.snapshot('Customers')!;
    expect(grid.rows[0]![grid.header.indexOf('orders')]).toBe(2);
  });
});
