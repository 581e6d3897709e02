// The BigQuery dialect of the CLV generators: every statement the BigQuery path can send parses with a BigQuery
// grammar (node-sql-parser, database BigQuery), reads the table named as `project.dataset.table`, and user text
// (a customer in a refusal) stays a string literal whatever it holds.
import { Parser } from 'node-sql-parser';
import { describe, expect, it } from 'vitest';
import {
  badDateSql,
  bigquery,
  bigqueryColumnsSql,
  bigqueryNameProblem,
  bigqueryTable,
  clvStatements,
  negativeDaySql,
  type PurchaseColumns,
} from '../../../shared/sql';

const parser = new Parser();
const BIGQUERY = { database: 'BigQuery' };
const WHERE = { project: 'shop-analytics-42', dataset: 'regulars', table: 'purchases' };
const SOURCE = bigqueryTable(WHERE);

/** Every statement of a fit and a score for these columns (ends and netting both ways), and the refusals' reads. */
function statements(columns: PurchaseColumns): string[] {
  const out: string[] = [];
  for (const end of [undefined, 10_000]) {
    const s = clvStatements(bigquery, SOURCE, columns, end);
    out.push(s.facts, s.problem);
    for (const netted of [false, true]) {
      for (const unit of ['week', 'day'] as const) {
        const options = { end: 10_000, unit, netted };
        out.push(s.rows(options), s.customers(options), s.distinct(options), s.spend(options));
      }
    }
  }
  out.push(badDateSql(bigquery, SOURCE, columns, "O'Brien \\ `x`"), negativeDaySql(bigquery, SOURCE, columns, 'C-1'));
  return out;
}

const LAYOUTS: [string, PurchaseColumns][] = [
  ['text dates with amounts', { customer: 'customer_id', date: 'date', amount: 'amount' }],
  ['typed dates without amounts', { customer: 'Customer ID', date: 'order date', amount: undefined, dateTyped: true }],
];

describe('the BigQuery dialect', () => {
  it.each(LAYOUTS)('emits statements a BigQuery grammar parses, each reading the table (%s)', (_, columns) => {
    for (const sql of statements(columns)) {
      expect(() => parser.astify(sql, BIGQUERY), sql).not.toThrow();
      expect(sql).toContain('FROM `shop-analytics-42.regulars.purchases`');
      // Nothing DuckDB-only slipped through the dialect.
      expect(sql).not.toMatch(/try_cast|try_strptime|bool_or|arg_min|VARCHAR|DOUBLE|regexp_full_match|"/);
    }
  });

  it('the grammar is a real check: it refuses broken and non-BigQuery SQL', () => {
    for (const broken of ['SELECT (x FROM t', 'SELECT x FROM t GROUP x', 'SELECT CAST(x AS) FROM t', 'SELECT x FROM t LIMIT']) {
      expect(() => parser.astify(broken, BIGQUERY), broken).toThrow();
    }
    // DuckDB's own table function (what the DuckDB path reads a CSV with) is not BigQuery.
    expect(() => parser.astify("SELECT * FROM read_csv('f', columns = {'c0': 'VARCHAR'})", BIGQUERY)).toThrow();
  });

  it('keeps a customer with quotes, backslashes and backticks one string literal', () => {
    const customer = "O'Brien \\ `x`";
    const sql = negativeDaySql(bigquery, SOURCE, { customer: 'c', date: 'd', amount: 'a' }, customer);
    expect(sql).toContain(String.raw`= 'O\'Brien \\ ` + '`x`' + "'");
    expect(() => parser.astify(sql, BIGQUERY)).not.toThrow();
    // The literal holds exactly the customer (BigQuery reads \' and \\ as ' and \).
    const literal = /= ('(?:[^'\\]|\\.)*')/.exec(sql)![1]!;
    expect(literal.slice(1, -1).replace(/\\(.)/g, '$1')).toBe(customer);
  });

  it('uses the BigQuery spellings of casts, dates and aggregates', () => {
    expect(bigquery.double('x')).toBe('CAST(x AS FLOAT64)');
    expect(bigquery.text('x')).toBe('CAST(x AS STRING)');
    expect(bigquery.dayOfDate('d')).toBe("DATE_DIFF(CAST(d AS DATE), DATE '1970-01-01', DAY)");
    expect(bigquery.anyOf('a < 0')).toBe('LOGICAL_OR(a < 0)');
    expect(bigquery.valueAtMin('v', 'o')).toBe('MIN_BY(v, o)');
    expect(bigquery.identifier('order date')).toBe('`order date`');
    expect(() => bigquery.identifier('a`b')).toThrow(/backtick/);
  });

  it('quotes the table path and refuses names BigQuery would not accept', () => {
    expect(SOURCE).toBe('`shop-analytics-42.regulars.purchases`');
    expect(bigqueryColumnsSql(WHERE)).toBe(
      'SELECT column_name, data_type FROM `shop-analytics-42.regulars`.INFORMATION_SCHEMA.COLUMNS WHERE table_name = @table ORDER BY ordinal_position',
    );
    expect(() => parser.astify(bigqueryColumnsSql(WHERE), BIGQUERY)).not.toThrow();
    expect(bigqueryNameProblem('project', 'Shop')).toMatch(/--project must be a project ID/);
    expect(bigqueryNameProblem('project', 'example.com:shop-42')).toBeUndefined();
    expect(bigqueryNameProblem('dataset', 'my-data')).toMatch(/--dataset must be/);
    expect(bigqueryNameProblem('table', 'sales 2026')).toBeUndefined();
    expect(() => bigqueryTable({ ...WHERE, table: 'x`; DROP TABLE y; --' })).toThrow(/--table must be/);
  });
});
