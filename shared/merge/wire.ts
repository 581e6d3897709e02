import * as z from 'zod/mini';
import { lazy } from '../kernel';
import { ROLES, type Cluster, type DedupeRecord, type DedupeStats, type FieldRole, type MergeProposal } from '../dedupe';

/**
 * The HTTP function `dedupe`'s body: flat rows, one object per record. `id` is required; keys named after a role
 * (first_name, email, …) are that role, `updated_at` drives "most recent", `source` (0 or 1) is the list in
 * link mode, and every other key is a column compared as generic text.
 */
export type DedupeRow = { id: string } & Record<string, string | number | null>;

export interface DedupeRequestBody {
  rows: DedupeRow[];
  /** ISO 3166 country for national phone numbers (inferred from +CC numbers when absent). */
  country?: string;
  /** Match probability a pair needs (0–1, default 0.5). */
  threshold?: number;
  /** Match rows of source 0 against rows of source 1 only. */
  link?: boolean;
  /** Also return clusters of one record (default false: only clusters of two or more). */
  singletons?: boolean;
}

/** What the function answers: clusters, one merge proposal per cluster of two or more, and the run's figures. */
export interface DedupeResponseBody {
  clusters: Cluster[];
  proposals: MergeProposal[];
  stats: DedupeStats;
}

const ROLE_SET = new Set<string>(ROLES);

/** A record as a flat row for the wire. */
export function toRow(record: DedupeRecord): DedupeRow {
  const row: DedupeRow = { id: record.id };
  for (const [k, v] of Object.entries(record.extra ?? {})) row[k] = v;
  for (const [k, v] of Object.entries(record.fields)) if (v !== undefined) row[k] = v;
  if (record.updatedAt !== undefined) row.updated_at = record.updatedAt;
  if (record.source !== undefined) row.source = record.source;
  return row;
}

/** A flat row back as an engine record (numbers as their text, null and blanks left out). */
export function fromRow(row: DedupeRow): DedupeRecord {
  const fields: Partial<Record<FieldRole, string>> = {};
  const extra: Record<string, string> = {};
  const record: DedupeRecord = { id: String(row.id).trim(), fields };
  for (const [key, value] of Object.entries(row)) {
    if (key === 'id' || value === null) continue;
    const text = String(value).trim();
    if (key === 'source') record.source = Number(value) === 1 ? 1 : 0;
    else if (text === '') continue;
    else if (key === 'updated_at') record.updatedAt = text;
    else if (ROLE_SET.has(key)) fields[key as FieldRole] = text;
    else extra[key] = text;
  }
  if (Object.keys(extra).length > 0) record.extra = extra;
  return record;
}

/** Checks an answer from the function before anything is merged on its word (built on first use). */
export const dedupeResponseSchema = lazy(() => {
  const ids = z.array(z.string());
  const clusterSchema = z.object({ id: z.string(), memberIds: ids, score: z.number(), memberScores: z.array(z.number()) });
  const proposalSchema = z.object({
    clusterId: z.string(),
    survivorId: z.string(),
    memberIds: ids,
    score: z.number(),
    fields: z.record(z.string(), z.string()),
    alternatives: z.record(z.string(), z.array(z.string())),
  });
  return z.object({
    clusters: z.array(clusterSchema),
    proposals: z.array(proposalSchema),
    stats: z.object({ records: z.number() }),
  });
});

/** The answer, or undefined when it is not the shape the function sends. */
export function parseDedupeResponse(value: unknown): { clusters: Omit<Cluster, 'memberIndexes'>[]; proposals: MergeProposal[]; records: number } | undefined {
  const parsed = dedupeResponseSchema().safeParse(value);
  if (!parsed.success) return undefined;
  return { clusters: parsed.data.clusters, proposals: parsed.data.proposals, records: parsed.data.stats.records };
}
