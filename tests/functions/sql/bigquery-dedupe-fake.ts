// A fake BigQuery for the dedupe path, without Google: it records every request, checks its shape (Standard SQL,
// location, labels, no parameters; load jobs with their schema and a file of rows that fit it), parses every
// statement with a BigQuery grammar, and answers the few queries whose rows the engine reads from an independent
// TypeScript computation: the in-memory engine's candidate pairs and its comparators' levels.
import { readFileSync } from 'node:fs';
import { Parser } from 'node-sql-parser';
import { expect } from 'vitest';
import { candidatePairs, patternStep, prepare, type DedupeOptions, type DedupeRecord, type Prepared } from '../../../shared/dedupe';
import { udfDeclaration, udfsCalled } from '../../../shared/sql';
import type { BigQueryClient, BigQueryLoadRequest, BigQueryRequest } from '../../../functions/sql';

const parser = new Parser();

/**
 * Parses a statement as BigQuery. node-sql-parser has no grammar for CREATE TEMP FUNCTION … LANGUAGE js, so a
 * script's UDF declarations are checked to be exactly the generated ones and the statement after them is parsed;
 * the UDFs it calls must all be declared. Returns the statement without its declarations.
 */
export function parseBigQuery(sql: string): string {
  let rest = sql;
  const declared: string[] = [];
  while (rest.startsWith('CREATE TEMP FUNCTION ')) {
    const end = rest.indexOf('"""', rest.indexOf('r"""') + 4) + 3;
    const name = /^CREATE TEMP FUNCTION (\w+)\(/.exec(rest)![1]!;
    expect(rest.slice(0, end)).toBe(udfDeclaration(name));
    declared.push(name);
    rest = rest.slice(end).replace(/^;\n/, '');
  }
  expect(udfsCalled(rest)).toEqual(declared);
  expect(() => parser.astify(rest, { database: 'BigQuery' }), rest).not.toThrow();
  return rest;
}

/** What the fake saw. */
export interface FakeLog {
  queries: string[];
  loads: BigQueryLoadRequest[];
  /** Rows of each loaded file, as parsed JSON. */
  loadedRows: Map<string, Record<string, unknown>[]>;
  created: string[];
  dropped: string[];
}

/** The job options every query must carry. */
export const JOB = { location: 'EU', useLegacySql: false, labels: { app: 'regulars' }, jobTimeoutMs: 600_000 };

/** The literal level patterns of a passing-pairs query (its UNNEST of STRUCTs). */
function passingPatterns(sql: string, fieldCount: number): Set<string> {
  const patterns = new Set<string>();
  for (const m of sql.matchAll(/STRUCT\(([^)]*)\)/g)) {
    const levels = [...m[1]!.matchAll(/(-?\d+) AS `g(\d+)`/g)].map((x) => Number(x[1]));
    expect(levels).toHaveLength(fieldCount);
    patterns.add(levels.join(','));
  }
  return patterns;
}

/** Checks a load file against its schema: every line one object with exactly the schema's columns, of their types. */
function checkLoad(request: BigQueryLoadRequest): Record<string, unknown>[] {
  const { fields } = request.metadata.schema;
  const rows = readFileSync(request.file, 'utf8').trimEnd().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
  for (const row of rows) {
    expect(Object.keys(row)).toEqual(fields.map((f) => f.name));
    for (const f of fields) {
      const v = row[f.name];
      if (f.mode === 'REPEATED') expect(Array.isArray(v) && v.every((x) => typeof x === 'string'), `${request.table}.${f.name}`).toBe(true);
      else if (v !== null) expect(typeof v, `${request.table}.${f.name}`).toBe(f.type === 'STRING' ? 'string' : 'number');
      if (f.type === 'INT64' && v !== null) expect(Number.isInteger(v)).toBe(true);
    }
  }
  return rows;
}

/**
 * The fake client for a run over `records` with the engine options `options`: the candidate pairs and their levels
 * are the in-memory engine's (candidatePairs, each field's compare), numbered in (i, j) order as the SQL numbers them.
 */
export function fakeDedupeBigQuery(records: readonly DedupeRecord[], options: DedupeOptions & { link?: boolean; maxBlockSize?: number }): { client: BigQueryClient; log: FakeLog; p: Prepared } {
  const p = prepare(records, options);
  const cand = candidatePairs(p, options.maxBlockSize ?? 1000, options.link === true);
  const order = Array.from({ length: cand.count }, (_, k) => k).sort((a, b) => cand.left[a]! - cand.left[b]! || cand.right[a]! - cand.right[b]!);
  const pairs = order.map((k) => [cand.left[k]!, cand.right[k]!] as const);
  const levels = pairs.map(([i, j]) => p.fields.map((f) => f.compare(i, j)));
  const F = p.fields.length;
  const log: FakeLog = { queries: [], loads: [], loadedRows: new Map(), created: [], dropped: [] };
  const answer = (sql: string): Record<string, unknown>[] => {
    if (/^CREATE TABLE /.test(sql)) {
      expect(sql).toMatch(/\nOPTIONS\(expiration_timestamp = TIMESTAMP_ADD\(CURRENT_TIMESTAMP\(\), INTERVAL 24 HOUR\)\)/);
      log.created.push(/^CREATE TABLE `([^`]+)`/.exec(sql)![1]!);
      return [];
    }
    if (/^CREATE OR REPLACE TABLE /.test(sql)) {
      expect(sql).toMatch(/^CREATE OR REPLACE TABLE `[^`]+`\nOPTIONS\(expiration_timestamp = TIMESTAMP_ADD\(CURRENT_TIMESTAMP\(\), INTERVAL 24 HOUR\)\) AS\n/);
      log.created.push(/^CREATE OR REPLACE TABLE `([^`]+)`/.exec(sql)![1]!);
      return [];
    }
    if (/^DROP TABLE /.test(sql)) {
      for (const m of sql.matchAll(/DROP TABLE `([^`]+)`/g)) log.dropped.push(m[1]!);
      return [];
    }
    if (sql.includes(' AS oversized ')) return [{ oversized: cand.oversizedBlocks }];
    if (/^SELECT COUNT\(\*\) AS n FROM `[^`]+_pairs`$/.test(sql)) return [{ n: cand.count }];
    if (sql.includes(' AS sampled')) {
      const step = patternStep(cand.count);
      expect(sql).toContain(step === 1 ? 'COUNT(CASE WHEN TRUE THEN 1 END) AS sampled' : `MOD(v.k, ${step}) = 0`);
      const groups = new Map<string, { vector: number[]; sampled: number; first: number | null }>();
      levels.forEach((vector, k) => {
        const key = vector.join(',');
        const g = groups.get(key) ?? { vector, sampled: 0, first: null };
        if (k % step === 0) {
          g.sampled++;
          g.first = g.first === null ? k : Math.min(g.first, k);
        }
        groups.set(key, g);
      });
      // Rows in no particular order, as a GROUP BY gives them.
      return [...groups.values()].reverse().map((g) => ({ ...Object.fromEntries(g.vector.map((v, f) => [`g${f}`, v])), sampled: g.sampled, first: g.first }));
    }
    if (/^SELECT v\.i, v\.j/.test(sql)) {
      const wanted = passingPatterns(sql, F);
      return pairs.flatMap(([i, j], k) => (wanted.has(levels[k]!.join(',')) ? [{ i, j, ...Object.fromEntries(levels[k]!.map((v, f) => [`g${f}`, v])) }] : []));
    }
    throw new Error(`the fake has no answer for:\n${sql.slice(0, 400)}`);
  };
  const client: BigQueryClient = {
    query: (request: BigQueryRequest) => {
      const { query, ...job } = request;
      expect(job).toEqual(JOB);
      log.queries.push(query!);
      return Promise.resolve([answer(parseBigQuery(query!))]);
    },
    createQueryJob: () => Promise.reject(new Error('the dedupe path makes no dry run')),
    load: (request) => {
      expect(request.metadata).toEqual({ sourceFormat: 'NEWLINE_DELIMITED_JSON', schema: { fields: expect.any(Array) as unknown }, writeDisposition: 'WRITE_APPEND', location: 'EU' });
      // Only into a table the run created, in the dataset it names.
      expect(log.created).toContain(`shop-analytics-42.${request.dataset}.${request.table}`);
      log.loads.push(request);
      log.loadedRows.set(request.table, checkLoad(request));
      return Promise.resolve([{}]);
    },
  };
  return { client, log, p };
}
