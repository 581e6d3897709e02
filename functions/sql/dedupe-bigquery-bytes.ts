// What the BigQuery dedupe's statements scan, so what they cost on demand: BigQuery bills the bytes of every
// column a query reads, whole, from each table it reads (a filter or join does not reduce it). The widths are
// BigQuery's data sizes — INT64 and FLOAT64 8 bytes, STRING 2 + its UTF-8 bytes, an ARRAY the sum of its items,
// NULL nothing — and the rows are those the run would load or make, counted here from the prepared records and
// their candidate pairs. A table read twice (the value tables as l and r) is counted twice: an upper bound.
import type { Prepared } from '../../shared/dedupe';
import { blockingKeyRows, blockingRecordRows, valueGroups, valueIds, type ComparisonColumn, type ComparisonValue, type FieldComparisonSql } from '../../shared/sql';

/**
 * The bytes one statement of the run scans: `bytes`, the sum of what it reads of the per-record tables (keys,
 * records, ids, values; they grow with the records) and of the per-pair tables (pairs, stages, distinct levels,
 * levels; they grow with the candidate pairs), so a figure can be scaled by each.
 */
export interface StatementBytes {
  statement: string;
  recordBytes: number;
  pairBytes: number;
  bytes: number;
}

const statement = (name: string, recordBytes: number, pairBytes: number): StatementBytes => ({ statement: name, recordBytes, pairBytes, bytes: recordBytes + pairBytes });

/** BigQuery's size of a value of a comparison column. */
export function valueBytes(value: ComparisonValue, type: ComparisonColumn['type']): number {
  if (value === null) return 0;
  if (type === 'INTEGER' || type === 'DOUBLE') return 8;
  if (type === 'VARCHAR[]') return (value as readonly string[]).reduce((sum, item) => sum + 2 + Buffer.byteLength(item), 0);
  return 2 + Buffer.byteLength(value as string);
}

const text = (s: string): number => 2 + Buffer.byteLength(s);

/**
 * The bytes each statement of bigQueryFindClusters scans for these prepared records, comparison fields and
 * candidate pairs (i < j, as candidatePairs gives them), in the order the run sends them. Loads, table creation
 * from a load, and DROP TABLE scan nothing; the pair count reads no column.
 */
export function dedupeBigQueryBytes(p: Prepared, fields: readonly FieldComparisonSql[], pairs: { left: Int32Array; right: Int32Array; count: number }): StatementBytes[] {
  const P = pairs.count;
  // rec and block, INT64 each.
  const keys = blockingKeyRows(p).length * 16;
  const records = blockingRecordRows(p).reduce((sum, r) => sum + 16 + text(r.sortKey), 0);
  const groups = valueGroups(fields);
  const { ids, representatives } = valueIds(groups, p.n);
  const G = groups.length;
  const out: StatementBytes[] = [
    statement('oversized blocks (keys)', keys, 0),
    statement('candidate pairs (keys, records)', keys + records, 0),
    statement('pair count', 0, 0),
    // k, i, j of the pairs; rec and every group's id of the ids table, read as both records of a pair.
    statement('stage 0 (pairs, ids)', 2 * p.n * 8 * (1 + G), 24 * P),
  ];
  let levelsDone = 0;
  groups.forEach((group, g) => {
    const first = representatives[g] as Int32Array;
    let values = 0;
    for (const i of first) for (const c of group.columns) values += valueBytes(c.value(i), c.type);
    values += first.length * 8 * (group.perRecord ? 2 : 1);
    const id = ids[g] as Int32Array;
    const seen = new Set<number>();
    for (let k = 0; k < P; k++) seen.add(id[pairs.left[k] as number]! * first.length + id[pairs.right[k] as number]!);
    // Stage 0's left and right ids of this group (one packed column), and its value table as both records.
    out.push(statement(`distinct levels of group ${g} (${group.fields.map((f) => fields[f]!.field).join(', ')})`, 2 * values, 8 * P));
    // The stage's every column (k, i, j, the levels so far, one packed id pair per group left), and the distinct
    // levels (x and a level per field).
    const stageColumns = 3 + levelsDone + (G - g);
    out.push(statement(`stage ${g + 1}`, 0, 8 * P * stageColumns + seen.size * 8 * (1 + group.fields.length)));
    levelsDone += group.fields.length;
  });
  const F = fields.length;
  out.push(statement('pattern counts (levels: k, g…)', 0, 8 * P * (1 + F)), statement('passing pairs (levels: i, j, g…)', 0, 8 * P * (2 + F)));
  return out;
}
