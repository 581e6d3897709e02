// Dedupe blocking in SQL. The keys come from the in-memory engine's own blockingKeys (normalisation, name codes and
// address parts are TypeScript, so they are computed once per record and loaded as a table), each as its block's
// number (blockHash, as the in-memory engine holds its blocks); the blocks, their caps, the sorted-neighbourhood
// windows and the pairs are SQL, so the pairs never have to fit in memory.
import { blockHash, blockingKeys, blockSortKey, FULL_BLOCK, WINDOW, type Prepared } from '../dedupe';
import type { SqlDialect } from './dialect';


/** One blocking key of one record, as its block's number: the 53-bit blockHash of the key (rule letter included). */
export interface BlockingKeyRow {
  record: number;
  block: number;
}

/** One record's row of the records table: its list (when linking) and its place in a large block's order. */
export interface BlockingRecordRow {
  record: number;
  source: number;
  sortKey: string;
}

/** Where the generated SQL reads the two tables, as quoted table references. */
export interface BlockingTables {
  /** Columns rec (integer) and block (a 64-bit integer holding blockHash): one row per blocking key of a record. */
  keys: string;
  /** Columns rec (integer), source (integer), sort_key (text): one row per record. */
  records: string;
}

/** The caps of candidatePairs in shared/dedupe/blocking.ts. */
export interface BlockingSqlOptions {
  /** Blocks larger than this are skipped (everyone shares them). */
  maxBlock: number;
  /** Only pairs from different sources (linking two lists). */
  link: boolean;
}


/** The key rows of records [from, to), each key as its block's number, for loading chunk by chunk. */
export function blockingKeyRows(p: Prepared, from = 0, to = p.n): BlockingKeyRow[] {
  const rows: BlockingKeyRow[] = [];
  for (let i = from; i < to; i++) for (const k of blockingKeys(p, i)) rows.push({ record: i, block: blockHash(k) });
  return rows;
}

/** The records-table rows of records [from, to). */
export function blockingRecordRows(p: Prepared, from = 0, to = p.n): BlockingRecordRow[] {
  const rows: BlockingRecordRow[] = [];
  for (let i = from; i < to; i++) rows.push({ record: i, source: p.source[i] ?? 0, sortKey: blockSortKey(p, i) });
  return rows;
}

function checkMaxBlock(maxBlock: number): void {
  if (!Number.isInteger(maxBlock) || maxBlock < 1) throw new RangeError(`the largest block must be a whole number of at least 1, got ${maxBlock}`);
}

/** The distinct (block, record) memberships: a record that makes one key twice is in its block once. */
function membersSql(d: SqlDialect, t: BlockingTables): string {
  const [rec, block] = [d.identifier('rec'), d.identifier('block')];
  return `SELECT DISTINCT ${block}, ${rec} FROM ${t.keys}`;
}

/**
 * The candidate pairs (columns i < j, sorted) as candidatePairs makes them: every pair of a block of at most
 * FULL_BLOCK records; in a larger block up to `maxBlock`, each record with its next WINDOW neighbours in
 * (sort key, record) order; larger blocks skipped; the same pair from several keys once; when linking, only pairs
 * across sources (filtered after windowing, as in memory); `ordered: false` leaves them unsorted for a caller that
 * orders them itself. Each member's partners are LEAD(rec, o) over its block: a small block's members in record
 * order with o up to its largest size less one (every pair once), a large block's in (sort key, record) order with
 * o up to WINDOW. One windowed pass per kind of block, where joining the block to itself on position + o hashed
 * every large-block member's text keys 2·WINDOW times.
 */
export function candidatePairsSql(d: SqlDialect, t: BlockingTables, options: BlockingSqlOptions, ordered = true): string {
  checkMaxBlock(options.maxBlock);
  const [rec, block, source, sortKey] = ['rec', 'block', 'source', 'sort_key'].map((c) => d.identifier(c)) as [string, string, string, string];
  const smallest = Math.min(FULL_BLOCK, options.maxBlock);
  const link = options.link;
  /** The member, its source when linking, and its partners at offsets 1 … reach (y<o>, and sy<o> when linking). */
  const partners = (member: string, from: string, order: string, reach: number): string => {
    const over = `OVER (PARTITION BY s.${block} ORDER BY ${order})`;
    const columns = [`${member}.${rec} AS x`, ...(link ? [`${from} AS sx`] : [])];
    for (let o = 1; o <= reach; o++) {
      columns.push(`LEAD(${member}.${rec}, ${o}) ${over} AS y${o}`);
      if (link) columns.push(`LEAD(${from}, ${o}) ${over} AS sy${o}`);
    }
    return columns.join(', ');
  };
  const pairsOf = (from: string, reach: number): string[] =>
    Array.from({ length: reach }, (_, k) => `SELECT x, y${k + 1} AS y${link ? `, sx, sy${k + 1} AS sy` : ''} FROM ${from} WHERE y${k + 1} IS NOT NULL`);
  const smallJoin = link ? ` JOIN ${t.records} AS r ON r.${rec} = s.${rec}` : '';
  return [
    `WITH members AS (${membersSql(d, t)}),`,
    `sized AS (SELECT m.${block}, m.${rec}, COUNT(*) OVER (PARTITION BY m.${block}) AS size FROM members AS m),`,
    `small AS (SELECT ${partners('s', `r.${source}`, `s.${rec}`, Math.max(1, smallest - 1))} FROM sized AS s${smallJoin}`,
    `  WHERE s.size BETWEEN 2 AND ${smallest}),`,
    `large AS (SELECT ${partners('s', `r.${source}`, `r.${sortKey}, s.${rec}`, WINDOW)}`,
    `  FROM sized AS s JOIN ${t.records} AS r ON r.${rec} = s.${rec} WHERE s.size > ${FULL_BLOCK} AND s.size <= ${options.maxBlock}),`,
    `pairs AS (${[...pairsOf('small', Math.max(1, smallest - 1)), ...pairsOf('large', WINDOW)].join(' UNION ALL ')})`,
    `SELECT DISTINCT LEAST(x, y) AS i, GREATEST(x, y) AS j FROM pairs${link ? ' WHERE sx <> sy' : ''}`,
    ...(ordered ? ['ORDER BY i, j'] : []),
  ].join('\n');
}

/** How many blocks are larger than `maxBlock` and so skipped (column `oversized`), as Candidates.oversizedBlocks. */
export function oversizedBlocksSql(d: SqlDialect, t: BlockingTables, maxBlock: number): string {
  checkMaxBlock(maxBlock);
  const block = d.identifier('block');
  return `SELECT COUNT(*) AS oversized FROM (SELECT m.${block} FROM (${membersSql(d, t)}) AS m GROUP BY m.${block} HAVING COUNT(*) > ${maxBlock}) AS o`;
}
