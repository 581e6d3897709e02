// The blocking generator's BigQuery form parses with a BigQuery grammar, reads the two tables named, and keeps
// DuckDB-only syntax out; the caps are checked before any SQL is written.
import { Parser } from 'node-sql-parser';
import { describe, expect, it } from 'vitest';
import { FULL_BLOCK, WINDOW } from '../../../shared/dedupe';
import { bigquery, bigqueryTable, candidatePairsSql, duckdb, oversizedBlocksSql } from '../../../shared/sql';

const parser = new Parser();
const BIGQUERY = { database: 'BigQuery' };
const TABLES = {
  keys: bigqueryTable({ project: 'shop-analytics-42', dataset: 'regulars', table: 'block_keys' }),
  records: bigqueryTable({ project: 'shop-analytics-42', dataset: 'regulars', table: 'block_records' }),
};

describe('the blocking SQL', () => {
  it.each([false, true])('parses as BigQuery and reads both tables (link %s)', (link) => {
    for (const sql of [candidatePairsSql(bigquery, TABLES, { maxBlock: 1000, link }), oversizedBlocksSql(bigquery, TABLES, 1000)]) {
      expect(() => parser.astify(sql, BIGQUERY), sql).not.toThrow();
      expect(sql).toContain('FROM `shop-analytics-42.regulars.block_keys`');
      expect(sql).not.toMatch(/"|VARCHAR|try_cast|arg_min|bool_or/);
    }
    const pairs = candidatePairsSql(bigquery, TABLES, { maxBlock: 1000, link });
    expect(pairs).toContain('JOIN `shop-analytics-42.regulars.block_records`');
    // No block joined to itself: a member's partners are LEADs over its block, offsets 1 … FULL_BLOCK - 1 in a small
    // block and 1 … WINDOW in a large one (each once per kind of block); the link rule only when linking.
    expect(pairs).not.toMatch(/JOIN (small|large)/);
    expect(pairs.match(/LEAD\(s\.`rec`, \d+\)/g)).toHaveLength(FULL_BLOCK - 1 + WINDOW);
    expect((pairs.match(/LEAD\(r\.`source`, \d+\)/g) ?? []).length).toBe(link ? FULL_BLOCK - 1 + WINDOW : 0);
    expect(pairs.includes('sx <> sy')).toBe(link);
  });

  it('quotes the columns for each dialect', () => {
    expect(candidatePairsSql(duckdb, { keys: 'k', records: 'r' }, { maxBlock: 5, link: false })).toContain('"block"');
    expect(candidatePairsSql(bigquery, TABLES, { maxBlock: 5, link: false })).toContain('`block`');
  });

  it('refuses a cap that is not a whole number of at least 1', () => {
    for (const maxBlock of [0, -3, 2.5, Number.NaN]) {
      expect(() => candidatePairsSql(duckdb, { keys: 'k', records: 'r' }, { maxBlock, link: false })).toThrow(/whole number of at least 1/);
      expect(() => oversizedBlocksSql(duckdb, { keys: 'k', records: 'r' }, maxBlock)).toThrow(/whole number/);
    }
  });
});
