import * as z from 'zod/mini';
import { fail, issuesFromZod, lazy, ok } from '../kernel';
import { memberScoresById, type Cluster, type DedupeRecord, type FindOptions, type MergeProposal, type SiteRelation } from '../dedupe';
import {
  applyMerge,
  customerRecords,
  filterProposals,
  listMerges,
  loadDecisions,
  markNotDuplicates,
  pairsOf,
  parseDedupeResponse,
  reproposeKept,
  reviewClusters,
  toRow,
  undoMerge,
  type ChangeSummary,
  type MergeIssue,
  type MergeSummary,
  type ReviewCluster,
  type UndoResult,
} from '../merge';
import { cellText, customersTab, parseSettings, SETTINGS_TAB, type CellValue, type Grid, type Workbook } from '../workbook';
import type { ApiIssue } from '../customers';
import type { ApiResult, NoInput } from './result';
import type { ServerDeps } from './deps';

/** Up to this many active customers the engine runs where the call runs (Apps Script); above it, in the HTTP function. */
export const LOCAL_DEDUPE_LIMIT = 5_000;
/** Merges one "merge all" call applies at most, so an Apps Script call stays far inside its 6 minutes. */
export const MERGE_ALL_BATCH = 100;

/** Where the engine ran: here, or in the `dedupe` HTTP function. */
export type EngineSite = 'local' | 'remote';

/** Find duplicates: clusters best first, at or above `minScore` (0–1, default 0), at most `limit` (default 300). */
export interface FindDuplicatesInput {
  minScore?: number;
  limit?: number;
}

export interface DuplicateReport {
  /** Active customers compared. */
  customers: number;
  engine: EngineSite;
  clusters: ReviewCluster[];
  /** Clusters found at or above minScore; more than `clusters` holds when the limit cut the list. */
  total: number;
  /** Why the engine ran here although the sheet is large (the function could not be reached), if it did. */
  notice?: string;
  /** The same company at another site: kept apart (not proposed for merging), shown so nobody merges them by hand. */
  branches: BranchPair[];
}

/** Two customers of one company at different addresses: related, but two customers. */
export interface BranchPair {
  relation: 'same company, other site';
  members: { id: string; name: string; street: string }[];
}

/** Merge one cluster: the survivor, every member (survivor included) and the chosen value per field. */
export interface MergeDuplicatesInput {
  survivorId: string;
  memberIds: string[];
  fields?: Record<string, string>;
  score?: number;
}

/** Pairs of customers that are different people (a whole cluster: every pair of its members). */
export interface NotDuplicateInput {
  pairs: [string, string][];
}

/** One group the user confirmed for "merge all": its survivor and every member (survivor included). */
export interface ConfirmedGroup {
  survivorId: string;
  memberIds: string[];
}

export interface MergeAllInput {
  /** Clusters scoring at least this (0.5–1) are merged as proposed. */
  minScore: number;
  /**
   * The groups the user saw and confirmed: when given, only proposals with exactly this survivor and these
   * members are merged (the sheet may have changed since the list was drawn).
   */
  groups?: ConfirmedGroup[];
  /** Continues a batch an earlier call began (its result's batchId), so one "merge all" stays one entry. */
  batchId?: string;
}

export interface MergeAllResult {
  /** The batch these merges were logged under; undoMerge({ mergeId: batchId }) undoes all of them. */
  batchId: string;
  merged: ChangeSummary[];
  /** Clusters that could not be merged, with why (nothing was written for them). */
  failed: { clusterId: string; survivorId: string; issues: ApiIssue[] }[];
  /** Clusters above the level left for another call (more than MERGE_ALL_BATCH). */
  remaining: number;
  /** Confirmed groups no longer proposed as they were (the sheet changed since); nothing was written for them. */
  stale: number;
  engine: EngineSite;
}

/** The Duplicates sidebar's calls. */
export interface DuplicatesApi {
  findDuplicates: (input: FindDuplicatesInput) => ApiResult<DuplicateReport>;
  mergeDuplicates: (input: MergeDuplicatesInput) => ApiResult<ChangeSummary>;
  markNotDuplicate: (input: NotDuplicateInput) => ApiResult<{ added: number }>;
  mergeAllDuplicates: (input: MergeAllInput) => ApiResult<MergeAllResult>;
  /** Every merge, newest first, with names next to ids; merges of one "merge all" share a batchId. */
  listMerges: (input: NoInput) => ApiResult<MergeSummary[]>;
  /** Undoes one merge, or a whole "merge all" when given its batch id. */
  undoMerge: (input: { mergeId: string }) => ApiResult<UndoResult>;
}

const id = lazy(() => z.string().check(z.trim(), z.minLength(1), z.maxLength(64)));
const score = lazy(() => z.number().check(z.gte(0), z.lte(1)));
const findInput = lazy(() => z.object({ minScore: z.optional(score()), limit: z.optional(z.number().check(z.int(), z.gte(1), z.lte(2_000))) }));
const mergeInput = lazy(() => z.object({
  survivorId: id(),
  memberIds: z.array(id()).check(z.minLength(2), z.maxLength(100)),
  fields: z.optional(z.record(z.string().check(z.minLength(1), z.maxLength(200)), z.string().check(z.maxLength(50_000)))),
  score: z.optional(score()),
}));
const notDuplicateInput = lazy(() => z.object({ pairs: z.array(z.tuple([id(), id()])).check(z.minLength(1), z.maxLength(5_000)) }));
const groupInput = lazy(() => z.object({ survivorId: id(), memberIds: z.array(id()).check(z.minLength(2), z.maxLength(100)) }));
const mergeAllInput = lazy(() => z.object({
  minScore: z.number().check(z.gte(0.5), z.lte(1)),
  groups: z.optional(z.array(groupInput()).check(z.maxLength(5_000))),
  batchId: z.optional(z.string().check(z.regex(/^B-[0-9]{1,17}-[^\s,]{0,64}$/))),
}));
const undoInput = lazy(() => z.object({ mergeId: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)) }));


/** A merge refusal as the sidebar shows it: which customer or field, in words. */
export function mergeIssue(issue: MergeIssue): ApiIssue {
  const who = issue.id ?? issue.ids?.join(' and ') ?? '';
  switch (issue.code) {
    case 'customer_missing':
      return { path: ['memberIds'], code: 'not_found', message: `Customer ${who} is no longer on the Customers tab.` };
    case 'customer_not_active':
      return { path: ['memberIds'], code: 'merged', message: `Customer ${who} (row ${issue.row ?? '?'}) is already merged or archived.` };
    case 'customer_id_duplicate':
      return { path: ['memberIds'], code: 'conflict', message: `Customer id ${who} is on more than one row; fix the ids first.` };
    case 'declared_distinct':
      return { path: ['memberIds'], code: 'conflict', message: `${who} were marked "not a duplicate".` };
    case 'unknown_field':
    case 'reserved_field':
      return { path: ['fields', issue.field ?? ''], code: 'unknown_field', message: `Field ${issue.field ?? ''} cannot be set by a merge.` };
    case 'log_cell_too_large':
      return { path: [], code: 'too_long', message: `Row ${issue.row ?? '?'} of ${issue.tab ?? 'a tab'} is too large to log; nothing was merged.` };
    case 'no_customers_tab':
      return { path: [], code: 'not_found', message: 'There is no Customers tab.' };
    default:
      return { path: [], code: 'invalid_input', message: `The merge was refused (${issue.code}).` };
  }
}

/** A merge id no earlier merge used: time and survivor (several merges may share one time in "merge all"). */
function newMergeId(at: string, survivorId: string): string {
  return `M-${at.replace(/[^0-9]/g, '').slice(0, 17)}-${survivorId}`;
}

/** A batch id for one "merge all" call: its time and its first survivor (two calls never share both). */
function newBatchId(at: string, firstSurvivor: string): string {
  return `B-${at.replace(/[^0-9]/g, '').slice(0, 17)}-${firstSurvivor}`;
}

/** A group as a key: survivor, then the sorted members. */
function groupKey(survivorId: string, memberIds: readonly string[]): string {
  return `${survivorId.trim()}|${[...new Set(memberIds.map((m) => m.trim()))].sort().join(',')}`;
}

interface Found {
  customers: number;
  engine: EngineSite;
  proposals: MergeProposal[];
  memberScores: Map<string, number>;
  notice?: string;
  related: SiteRelation[];
}

/** The dedupe pipeline where the call runs (shared/dedupe's `findClusters`); hosts that cannot carry it leave it out. */
export type DedupeEngine = (records: DedupeRecord[], options: FindOptions) => { clusters: Omit<Cluster, 'memberIndexes'>[]; proposals: MergeProposal[]; related?: SiteRelation[] };

/** What the Duplicates API is built with besides ServerDeps. */
export interface DuplicatesOptions {
  /** The engine to run here; without it every search goes through the `dedupe` function (deps.remote). */
  engine?: DedupeEngine;
  /** Active customers compared here at most (default LOCAL_DEDUPE_LIMIT); above it the function is used. */
  localLimit?: number;
  /** Merges one "merge all" call applies at most (default MERGE_ALL_BATCH). */
  mergeAllBatch?: number;
}

type Engined = { engine: EngineSite; notice?: string; clusters: Omit<Cluster, 'memberIndexes'>[]; proposals: MergeProposal[]; related?: SiteRelation[] };

/**
 * Runs the engine on the active customers: here for up to `localLimit` when this host has the engine, else
 * through the `dedupe` HTTP function when the host can call it (falling back to here, with a notice, when that
 * call fails). Proposals touching pairs marked "not a duplicate" are cut down and re-proposed for the members
 * kept. Issues when neither way is open.
 */
function findProposals(wb: Workbook, deps: ServerDeps, options: DuplicatesOptions): Found | ApiIssue[] {
  const grid = wb.read(customersTab.name);
  if (!grid) return { customers: 0, engine: 'local', proposals: [], memberScores: new Map(), related: [] };
  const { records } = customerRecords(grid);
  const country = parseSettings(wb.read(SETTINGS_TAB)).settings.country || undefined;
  const engine = options.engine;
  const runHere = (notice?: string): Engined => {
    const result = engine ? engine(records, { country }) : { clusters: [], proposals: [] };
    return { engine: 'local', ...(notice ? { notice } : {}), clusters: result.clusters, proposals: result.proposals, related: 'related' in result ? (result.related ?? []) : [] };
  };
  let found: Engined;
  if (records.length < 2 || (engine && (records.length <= (options.localLimit ?? LOCAL_DEDUPE_LIMIT) || !deps.remote))) found = runHere();
  else if (!deps.remote) {
    return [{ path: [], code: 'invalid_input', message: 'Finding duplicates here needs the Regulars functions: set the script property REGULARS_FUNCTIONS_URL.' }];
  } else {
    try {
      const answer = parseDedupeResponse(deps.remote('dedupe', { rows: records.map(toRow), ...(country ? { country } : {}) }));
      if (!answer) throw new Error('the dedupe function sent an answer of the wrong shape');
      found = { engine: 'remote', clusters: answer.clusters, proposals: answer.proposals };
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      if (!engine) return [{ path: [], code: 'invalid_input', message: `The dedupe function could not be used: ${why}.` }];
      found = runHere(`The dedupe function could not be used (${why}); ran here instead.`);
    }
  }
  const memberScores = memberScoresById(found.clusters);
  const { kept, split } = filterProposals(found.proposals, loadDecisions(wb));
  const proposals = [...kept];
  for (const s of split) {
    const again = reproposeKept(s, grid);
    if (again) proposals.push(again);
  }
  const out: Found = { customers: records.length, engine: found.engine, proposals, memberScores, related: found.related ?? [] };
  if (found.notice) out.notice = found.notice;
  return out;
}

/**
 * The Duplicates sidebar's calls over the Workbook port (shared by the add-on, the workbench and tests).
 * The engine comes in `options` rather than by import, so a host whose bundle cannot carry it (the add-on's
 * Code.js) leaves it out and finds duplicates through the function.
 */
export function createDuplicatesApi(deps: ServerDeps, options: DuplicatesOptions = {}): DuplicatesApi {
  const batch = options.mergeAllBatch ?? MERGE_ALL_BATCH;
  const actor = () => ({ by: deps.user(), at: deps.now() });
  return {
    findDuplicates(input) {
      const parsed = findInput().safeParse(input ?? {});
      if (!parsed.success) return fail(issuesFromZod(parsed.error));
      const wb = deps.workbook();
      const found = findProposals(wb, deps, options);
      if (Array.isArray(found)) return fail(found);
      const grid = wb.read(customersTab.name);
      const min = parsed.data.minScore ?? 0;
      // Best first, cut to the limit before building the side-by-side views (a large sheet may have thousands).
      const best = found.proposals.filter((p) => p.score >= min).sort((a, b) => b.score - a.score);
      const shown = best.slice(0, parsed.data.limit ?? 300);
      const clusters = grid ? reviewClusters(grid, shown, found.memberScores) : [];
      const report: DuplicateReport = { customers: found.customers, engine: found.engine, clusters, total: best.length, branches: grid ? branchPairs(grid, found.related) : [] };
      if (found.notice) report.notice = found.notice;
      return ok(report);
    },

    mergeDuplicates(input) {
      const parsed = mergeInput().safeParse(input);
      if (!parsed.success) return fail(issuesFromZod(parsed.error));
      const { survivorId, memberIds, fields, score } = parsed.data;
      if (!memberIds.includes(survivorId)) return fail([{ path: ['survivorId'], code: 'invalid_input', message: 'The survivor must be one of the members.' }]);
      const a = actor();
      const result = applyMerge(deps.workbook(), { survivorId, memberIds, fields: fields ?? {}, ...(score === undefined ? {} : { score }) }, { ...a, mergeId: newMergeId(a.at, survivorId) });
      return result.ok ? ok(result.value) : fail(result.issues.map(mergeIssue));
    },

    markNotDuplicate(input) {
      const parsed = notDuplicateInput().safeParse(input);
      if (!parsed.success) return fail(issuesFromZod(parsed.error));
      const pairs = parsed.data.pairs.flatMap(([x, y]) => pairsOf([x, y]));
      if (pairs.length === 0) return fail([{ path: ['pairs'], code: 'invalid_input', message: 'A customer cannot be "not a duplicate" of itself.' }]);
      const result = markNotDuplicates(deps.workbook(), pairs, actor());
      return result.ok ? ok({ added: result.added.length }) : fail([{ path: ['pairs'], code: 'invalid_input', message: 'Each pair needs two different customer ids.' }]);
    },

    mergeAllDuplicates(input) {
      const parsed = mergeAllInput().safeParse(input);
      if (!parsed.success) return fail(issuesFromZod(parsed.error));
      const wb = deps.workbook();
      const found = findProposals(wb, deps, options);
      if (Array.isArray(found)) return fail(found);
      let above = found.proposals.filter((p) => p.score >= parsed.data.minScore).sort((x, y) => y.score - x.score);
      let stale = 0;
      const groups = parsed.data.groups;
      if (groups) {
        const confirmed = new Set(groups.map((g) => groupKey(g.survivorId, g.memberIds)));
        above = above.filter((p) => confirmed.has(groupKey(p.survivorId, p.memberIds)));
        stale = confirmed.size - above.length;
      }
      const a = actor();
      const batchId = parsed.data.batchId ?? newBatchId(a.at, above[0]?.survivorId ?? '');
      const result: MergeAllResult = { batchId, merged: [], failed: [], remaining: Math.max(0, above.length - batch), stale, engine: found.engine };
      for (const p of above.slice(0, batch)) {
        const applied = applyMerge(wb, p, { ...a, mergeId: newMergeId(a.at, p.survivorId), batchId });
        if (applied.ok) result.merged.push(applied.value);
        else result.failed.push({ clusterId: p.clusterId, survivorId: p.survivorId, issues: applied.issues.map(mergeIssue) });
      }
      return ok(result);
    },

    listMerges() {
      return ok(listMerges(deps.workbook()));
    },

    undoMerge(input) {
      const parsed = undoInput().safeParse(input);
      if (!parsed.success) return fail(issuesFromZod(parsed.error));
      const result = undoMerge(deps.workbook(), parsed.data.mergeId, actor());
      if (result.status === 'not_found') return fail([{ path: ['mergeId'], code: 'not_found', message: `No merge ${parsed.data.mergeId} in the Merge log.` }]);
      return ok(result);
    },
  };
}

/** The engine's branch relations as the sidebar shows them: each side named, with its street. */
function branchPairs(grid: Grid, related: readonly SiteRelation[]): BranchPair[] {
  const at = (name: string): number => grid.header.indexOf(name);
  const [id, first, last, company, street] = ['id', 'first_name', 'last_name', 'company', 'street'].map(at) as [number, number, number, number, number];
  const text = (row: readonly CellValue[] | undefined, k: number): string => (row && k >= 0 ? cellText(row[k]) : '');
  const rows = new Map(grid.rows.map((r) => [text(r, id), r]));
  return related.map((r) => ({
    relation: r.relation,
    members: r.memberIds.map((m) => {
      const row = rows.get(m);
      const person = `${text(row, first)} ${text(row, last)}`.trim();
      return { id: m, name: text(row, company) || person || m, street: text(row, street) };
    }),
  }));
}
