// Public types of the dedupe engine; index.ts re-exports them and documents the contract.
import type { PhoneNormaliser } from './phone';

/** The columns the engine understands; any other column is compared as generic text. */
export const ROLES = ['id', 'first_name', 'last_name', 'full_name', 'email', 'phone', 'street', 'city', 'postcode', 'region', 'birth_date', 'company', 'website'] as const;

/** A column role (DESIGN §4). */
export type Role = (typeof ROLES)[number];

/** A role that holds a value to compare (every role but id). */
export type FieldRole = Exclude<Role, 'id'>;

/** One input row: its id, its values by role, and the columns that have no role. */
export interface DedupeRecord {
  /** Stable id (the source id trimmed, or the row number). Unique within one source. */
  id: string;
  /** 0 or 1: which list the record came from when two lists are linked; omitted (0) when deduplicating one. */
  source?: number;
  /** Raw values by role; a role may hold several e-mails or phones separated by ';', '|', ',' or '/'. */
  fields: Partial<Record<FieldRole, string>>;
  /** Raw values of the columns with no role, by column name: compared as generic text and kept in proposals. */
  extra?: Record<string, string>;
  /** ISO date or date-time of the record's last update; drives "most recent non-empty" survivorship. */
  updatedAt?: string;
}

/** A group of records the engine believes are one customer: a person, or a company at one site (a single record is a cluster of one). */
export interface Cluster {
  /** '1', '2', … in order of each cluster's first record. */
  id: string;
  /** Record ids in input order. */
  memberIds: string[];
  /** Positions of the members in the input array (same order as memberIds). */
  memberIndexes: number[];
  /** Mean pairwise match probability inside the cluster (0 for a singleton). */
  score: number;
  /** Per member (same order): mean match probability to the other members (0 for a singleton). */
  memberScores: number[];
}

/** What the engine proposes for one cluster of two or more records; applied by the workbook merge code. */
export interface MergeProposal {
  /** The Cluster.id this proposal is for. */
  clusterId: string;
  /** The record that survives (the most complete, then the most recently updated, then the first). */
  survivorId: string;
  /** All member ids, survivor included, in input order. */
  memberIds: string[];
  /** Mean pairwise match probability in [0, 1]. */
  score: number;
  /** Survivor's value per field (role names and extra column names): most recent non-empty, else most complete. */
  fields: Record<string, string>;
  /** Other distinct non-empty values seen in the cluster, per field (e-mails and phones are never dropped). */
  alternatives: Record<string, string[]>;
}

/** Engine options; every one has a sensible default. */
export interface DedupeOptions {
  /** ISO 3166 country for national phone numbers; inferred from +CC numbers when absent. */
  country?: string;
  /** Replaces the phone normaliser (for instance a lighter one in Apps Script). */
  normalisePhone?: PhoneNormaliser;
  /** Link mode: only pairs of records from different sources are compared. */
  link?: boolean;
  /** Read ambiguous dates such as 03/04/1980 month first (US style). */
  monthFirst?: boolean;
  /** Largest block that yields pairs (default 1000); blocks over 8 are windowed by name order. */
  maxBlockSize?: number;
  /** Match probability a pair needs before it can join a cluster (default 0.5). */
  threshold?: number;
  /**
   * Mean match probability two groups need across all their pairs before they join into one cluster
   * (default 0.4; every link used must also pass `threshold`). Higher keeps clusters tighter.
   */
  cohesion?: number;
  /** Build merge proposals (default true); the CLI, which writes only clusters, turns them off. */
  proposals?: boolean;
  /** Called with the phase name and a fraction done, for progress bars. */
  onProgress?: (phase: string, done: number) => void;
}

/** Figures about a run, for --json summaries and benchmarks. */
export interface DedupeStats {
  records: number;
  candidatePairs: number;
  oversizedBlocks: number;
  matchedPairs: number;
  clusters: number;
  multiClusters: number;
  country: string | undefined;
  prior: number;
  fields: string[];
}

/** Two clusters that are related but not one customer: the same company at another site (a branch). */
export interface SiteRelation {
  relation: 'same company, other site';
  /** The two Cluster.ids, lower first. */
  clusterIds: [string, string];
  /** One record of each cluster that shows the relation (same order as clusterIds). */
  memberIds: [string, string];
}

/** The result of a run: clusters covering every record, proposals for clusters of two or more, and stats. */
export interface DedupeResult {
  clusters: Cluster[];
  proposals: MergeProposal[];
  /** Branches kept apart: clusters that are the same company at other sites (never proposed as merges). */
  related: SiteRelation[];
  stats: DedupeStats;
}
