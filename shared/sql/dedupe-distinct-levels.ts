// Each field's level computed once per distinct pair of values rather than once per candidate pair: names, places
// and streets repeat, so the costly expressions run on a fraction of the pairs. Records whose columns for a field
// hold the same values share a value id (given in TypeScript while loading); the distinct (left id, right id)
// pairs of the candidates are scored by the fields' unchanged expressions over the value tables (as `l` and `r`)
// and the levels joined back to the pairs.
import type { ComparisonColumn, ComparisonValue, FieldComparisonSql } from './dedupe-comparison-sql';
import type { SqlDialect } from './dialect';
import { createTableSql, type ScoringTables } from './dedupe-scoring';

/** Fields that read the same columns, so share one value table and one set of distinct pairs. */
export interface ValueGroup {
  /** The fields' positions in the fields list (their level columns are g<position>). */
  fields: number[];
  /** The columns the fields read, first definitions (as the per-record table keeps them), in a fixed order. */
  columns: ComparisonColumn[];
  /** A level reads the record numbers themselves (`l.rec`): every record is its own value, `rec` is a column. */
  perRecord: boolean;
}

/** The column names an expression reads from `l.` or `r.` (plain, "quoted" as DuckDB quotes or `quoted` as BigQuery does). */
function readColumns(level: string): Set<string> {
  const names = new Set<string>();
  for (const m of level.matchAll(/(?<![\w."`])[lr]\.(?:"((?:[^"]|"")+)"|`([^`]+)`|([A-Za-z_]\w*))/g)) names.add(m[1] !== undefined ? m[1].replace(/""/g, '"') : ((m[2] ?? m[3]) as string));
  return names;
}

/**
 * Groups the fields by the columns they read: those they declare and any other known column their expression
 * names (the first definition of a column wins, as in the per-record table). A field reading `rec` is compared
 * per record.
 */
export function valueGroups(fields: readonly FieldComparisonSql[]): ValueGroup[] {
  const known = new Map<string, ComparisonColumn>();
  for (const f of fields) for (const c of f.columns) if (!known.has(c.name)) known.set(c.name, c);
  const groups = new Map<string, ValueGroup>();
  fields.forEach((f, position) => {
    const read = readColumns(f.level);
    const names = [...new Set([...f.columns.map((c) => c.name), ...[...read].filter((c) => known.has(c))])].sort();
    const perRecord = read.has('rec') && !known.has('rec');
    const key = JSON.stringify([perRecord, names]);
    const group = groups.get(key);
    if (group) group.fields.push(position);
    else groups.set(key, { fields: [position], columns: names.map((c) => known.get(c) as ComparisonColumn), perRecord });
  });
  return [...groups.values()];
}

/** Record i's value ids per group and, per group, the first record of each id (ids 0, 1, … in record order). */
export interface ValueIds {
  ids: Int32Array[];
  representatives: Int32Array[];
}

/**
 * Numbers one column's distinct values in the order they first appear. Strings, numbers, lists and null are kept
 * apart ('1', 1, ['1'] and null never meet); strings and numbers are their own map keys, so the common values cost
 * no key text (at a million records JSON keys cost 10 s and most of the garbage collection of this step).
 */
class ColumnCodes {
  private readonly strings = new Map<string, number>();
  private readonly numbers = new Map<number, number>();
  private readonly lists = new Map<string, number>();
  /** Lists of one item, by the item: most records have one e-mail and one phone, and need no JSON key. */
  private readonly singles = new Map<string, number>();
  private nullCode = -1;
  private next = 0;

  code(v: ComparisonValue): number {
    if (v === null) {
      if (this.nullCode < 0) this.nullCode = this.next++;
      return this.nullCode;
    }
    if (typeof v === 'string') return this.codeIn(this.strings, v);
    if (typeof v === 'number') return this.codeIn(this.numbers, v);
    if (v.length === 1) return this.codeIn(this.singles, v[0] as string);
    return this.codeIn(this.lists, JSON.stringify(v));
  }

  private codeIn<K>(map: Map<K, number>, key: K): number {
    let c = map.get(key);
    if (c === undefined) {
      c = this.next++;
      map.set(key, c);
    }
    return c;
  }
}

/** Gives every record its value id in each group: records with equal values in all the group's columns share one. */
export function valueIds(groups: readonly ValueGroup[], n: number): ValueIds {
  if (n > 94_000_000) throw new RangeError(`value ids are numbered for up to 94 million records, got ${n}`);
  const ids: Int32Array[] = [];
  const representatives: Int32Array[] = [];
  for (const g of groups) {
    const id = new Int32Array(n);
    if (g.perRecord) {
      for (let i = 0; i < n; i++) id[i] = i;
      ids.push(id);
      representatives.push(id.slice());
      continue;
    }
    // A column that follows another of the group splits no value the other has not split.
    const names = new Set(g.columns.map((c) => c.name));
    const columns = g.columns.filter((c) => c.follows === undefined || !names.has(c.follows)).map((c) => ({ column: c, codes: new ColumnCodes() }));
    const first: number[] = [];
    if (columns.length === 1) {
      // One column: its codes are already numbered in order of first appearance.
      const { column, codes } = columns[0]!;
      for (let i = 0; i < n; i++) {
        const v = codes.code(column.value(i));
        if (v === first.length) first.push(i);
        id[i] = v;
      }
    } else {
      // Several columns: each column's values coded, then the codes folded in one column at a time. Most columns
      // follow from the ones before (an address's parts from its key): then the ids stand as they are. Otherwise a
      // pair (tuple so far, next code) becomes a new id through a map of numbers, never a text key per record.
      const [head, ...rest] = columns as [(typeof columns)[number], ...typeof columns];
      let count = 0;
      for (let i = 0; i < n; i++) {
        const v = head.codes.code(head.column.value(i));
        if (v === count) count++;
        id[i] = v;
      }
      const codes = new Int32Array(n);
      for (const { column, codes: coder } of rest) {
        const codeOf = new Int32Array(count).fill(-1);
        let follows = true;
        for (let i = 0; i < n; i++) {
          const c = coder.code(column.value(i));
          codes[i] = c;
          const seen = codeOf[id[i] as number] as number;
          if (seen === -1) codeOf[id[i] as number] = c;
          else if (seen !== c) follows = false;
        }
        if (follows) continue;
        const tuples = new Map<number, number>();
        for (let i = 0; i < n; i++) {
          // Ids and codes are below n + 1, so the pair's number is exact (n² < 2⁵³ up to 94 million records).
          const pair = (id[i] as number) * (n + 1) + (codes[i] as number);
          let v = tuples.get(pair);
          if (v === undefined) {
            v = tuples.size;
            tuples.set(pair, v);
          }
          id[i] = v;
        }
        count = tuples.size;
      }
      // Ids are numbered in order of first appearance: each new one's first record represents it.
      for (let i = 0, next = 0; i < n; i++) {
        if (id[i] !== next) continue;
        first.push(i);
        next++;
      }
    }
    ids.push(id);
    representatives.push(Int32Array.from(first));
  }
  return { ids, representatives };
}

/** The tables of the distinct-value scoring (plain names; `values`, `distinct` and `stage` are prefixes, numbered by group). */
export interface DistinctTables extends Pick<ScoringTables, 'pairs' | 'levels'> {
  /** Column rec and v0 … v(G-1): each record's value id per group. */
  ids: string;
  /** `values<g>`: column vid plus the group's columns (or rec, per record), one row per value id. */
  values: string;
  /** `distinct<g>`: column x (the left and right value ids packed: left · 2^32 + right) and the group's fields' levels g<f>. */
  distinct: string;
  /** `stage<g>`: the pairs with the levels of groups 0 … g - 1 and the value ids of the others (dropped as it goes). */
  stage: string;
}


/** Two value ids (each below 2^31) as one number, so the distinct pairs and the join back key on one column. */
export const PACK = 4294967296;

/** The statements of distinctLevelsSql in their three steps (an engine may make some distinct tables itself). */
export interface DistinctLevelsPlan {
  /** Stage 0: the pairs (k, i, j) with both records' value ids per group packed as x<g> (left id · 2^32 + right id). */
  keys: string;
  /**
   * Per group, its distinct table (x and the group's fields' levels g<f>) from the distinct x<g> of stage 0. An
   * engine that computes a group's levels another way makes that table itself, with the same columns.
   */
  distinct: string[];
  /** The levels joined back to the pairs one group at a time (dropping each stage); the last is the levels table. */
  joins: string[];
}

/** The stage tables' names: stage g holds the levels of groups before g and the packed keys of the others. */
export function stageTable(d: SqlDialect, t: Pick<DistinctTables, 'stage' | 'levels'>, g: number, groups: number): string {
  return g === groups ? d.identifier(t.levels) : d.identifier(`${t.stage}${g}`);
}

/** The column of stage 0 holding group g's packed value-id pairs. */
export const packedKeyColumn = (d: SqlDialect, g: number): string => d.identifier(`x${g}`);

/**
 * The statements, in order: the pairs with both records' value ids per group packed as one number (left id · 2^32
 * + right id); per group, the levels of its fields on the distinct packed pairs (each from stage 0, so a group's
 * table needs no other's); then the levels joined back to the pairs one group at a time (one equi-join each: a
 * single join of every group lets the planner join a group's levels to the ids before the pairs, a product of the
 * rows sharing a value); the last stage is the levels table (k, i, j, g0 …, as levelsTableSql makes it). One key
 * column rather than two makes the DISTINCT and the joins back a quarter faster.
 */
export function distinctLevelsPlan(d: SqlDialect, fields: readonly FieldComparisonSql[], groups: readonly ValueGroup[], t: DistinctTables): DistinctLevelsPlan {
  const key = (g: number): string => packedKeyColumn(d, g);
  const level = (f: number): string => d.identifier(`g${f}`);
  const stage = (g: number): string => stageTable(d, t, g, groups.length);
  const create = (table: string, query: string): string => createTableSql(d, table, query);
  const [pairs, ids] = [d.identifier(t.pairs), d.identifier(t.ids)];
  const keyColumns = groups.map((_, g) => `a.${d.identifier(`v${g}`)} * ${PACK} + b.${d.identifier(`v${g}`)} AS ${key(g)}`);
  const keys = create(stage(0), `SELECT p.k, p.i, p.j${keyColumns.map((x) => `, ${x}`).join('')} FROM ${pairs} AS p JOIN ${ids} AS a ON a.rec = p.i JOIN ${ids} AS b ON b.rec = p.j`);
  const distinct = groups.map((group, g) => {
    const values = d.identifier(`${t.values}${g}`);
    const levels = group.fields.map((f) => `CAST(${(fields[f] as FieldComparisonSql).level} AS ${d.levelType}) AS ${level(f)}`);
    return create(
      d.identifier(`${t.distinct}${g}`),
      `SELECT u.x${levels.map((x) => `,\n  ${x}`).join('')}\nFROM (SELECT DISTINCT s.${key(g)} AS x FROM ${stage(0)} AS s) AS u ` +
        `JOIN ${values} AS l ON l.vid = ${d.integerDivide('u.x', String(PACK))} JOIN ${values} AS r ON r.vid = MOD(u.x, ${PACK})`,
    );
  });
  return { keys, distinct, joins: joinBackSql(d, fields, groups, t) };
}

/**
 * The distinct levels joined back to stage 0, a batch of groups per statement (default: one group each), each
 * statement dropping the stage it read; the last writes the levels table (k, i, j, g0 … in field order). A batch's
 * groups are joined in one statement: worth it for groups whose distinct tables are small (a few values, as the
 * generation or the place), whose hash tables cost nothing, where a statement of its own rewrites every pair.
 */
export function joinBackSql(d: SqlDialect, fields: readonly FieldComparisonSql[], groups: readonly ValueGroup[], t: DistinctTables, batches: readonly (readonly number[])[] = groups.map((_, g) => [g])): string[] {
  const key = (g: number): string => packedKeyColumn(d, g);
  const level = (f: number): string => d.identifier(`g${f}`);
  const covered = batches.flat().sort((a, b) => a - b);
  if (covered.length !== groups.length || covered.some((g, k) => g !== k)) throw new Error(`join batches ${JSON.stringify(batches)} must hold every group of ${groups.length} once`);
  const joined = new Set<number>();
  let from = stageTable(d, t, 0, groups.length);
  return batches.flatMap((batch, b) => {
    const last = b === batches.length - 1;
    const into = last ? d.identifier(t.levels) : d.identifier(`${t.stage}${b + 1}`);
    const alias = (g: number): string => `x${g}`;
    const owner = (f: number): number | undefined => batch.find((g) => (groups[g] as ValueGroup).fields.includes(f));
    const levelOf = (f: number): string => {
      const g = owner(f);
      return g === undefined ? `s.${level(f)}` : `${alias(g)}.${level(f)}`;
    };
    // The last stage lists the levels in field order; the others the levels so far, then the keys still to join.
    for (const g of batch) joined.add(g);
    const done = fields.map((_, f) => f).filter((f) => joined.has(groups.findIndex((gr) => gr.fields.includes(f))));
    const select = last
      ? ['s.k', 's.i', 's.j', ...fields.map((_, f) => levelOf(f))]
      : ['s.k', 's.i', 's.j', ...done.map((f) => `${levelOf(f)} AS ${level(f)}`), ...groups.flatMap((_, g) => (joined.has(g) ? [] : [`s.${key(g)}`]))];
    const joins = batch.map((g) => ` JOIN ${d.identifier(`${t.distinct}${g}`)} AS ${alias(g)} ON ${alias(g)}.x = s.${key(g)}`).join('');
    const statements = [createTableSql(d, into, `SELECT ${select.join(', ')}\nFROM ${from} AS s${joins}`), `DROP TABLE ${from}`];
    from = into;
    return statements;
  });
}

/** distinctLevelsPlan's statements in the order they run when the engine makes every distinct table with SQL. */
export function distinctLevelsSql(d: SqlDialect, fields: readonly FieldComparisonSql[], groups: readonly ValueGroup[], t: DistinctTables): string[] {
  const plan = distinctLevelsPlan(d, fields, groups, t);
  return [plan.keys, ...plan.distinct, ...plan.joins];
}

/** Distinct tables of at most this many rows are joined back beside another group rather than in a statement of their own. */
export const SMALL_DISTINCT = 1_000_000;

/**
 * Join batches for joinBackSql from the rows of each group's distinct table: every large group in a statement of its
 * own, in order, and the small ones joined in the first (so the later stages no longer carry their keys).
 */
export function joinBatches(distinctRows: readonly number[], small = SMALL_DISTINCT): number[][] {
  const large = distinctRows.flatMap((rows, g) => (rows > small ? [g] : []));
  const little = distinctRows.flatMap((rows, g) => (rows > small ? [] : [g]));
  if (large.length === 0) return [little];
  return large.map((g, b) => (b === 0 ? [g, ...little] : [g]));
}
