// Merge proposals: a survivor per cluster and a value per field (most recent non-empty, else most complete).
import type { Cluster, DedupeRecord, MergeProposal } from './types';

const MULTI = new Set(['email', 'phone']);

function valuesOf(r: DedupeRecord): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(r.fields)) if (v !== undefined && v.trim() !== '') out.set(k, v.trim());
  if (r.extra) for (const [k, v] of Object.entries(r.extra)) if (v.trim() !== '' && !out.has(k)) out.set(k, v.trim());
  return out;
}

function splitList(field: string, v: string): string[] {
  return MULTI.has(field) ? v.split(/\s*[;|,]\s*/).filter((x) => x !== '') : [v];
}

const key = (v: string): string => v.toLowerCase().replace(/\s+/g, ' ');

/** Builds the proposal for one cluster of two or more records. */
export function proposeMerge(cluster: Cluster, members: readonly DedupeRecord[]): MergeProposal {
  const values = members.map(valuesOf);
  const indexed = members.map((r, k) => ({ r, k, filled: (values[k] as Map<string, string>).size, at: r.updatedAt ?? '' }));
  const byPreference = [...indexed].sort((a, b) => b.filled - a.filled || (b.at > a.at ? 1 : b.at < a.at ? -1 : 0) || a.k - b.k);
  const survivor = byPreference[0] as (typeof indexed)[number];
  const byRecency = [...indexed].sort((a, b) => (b.at > a.at ? 1 : b.at < a.at ? -1 : 0) || (a.k === survivor.k ? -1 : b.k === survivor.k ? 1 : 0) || a.k - b.k);
  const anyDates = indexed.some((x) => x.at !== '');
  const names = new Set<string>();
  for (const v of values) for (const k of v.keys()) names.add(k);
  const fields: Record<string, string> = {};
  const alternatives: Record<string, string[]> = {};
  for (const name of names) {
    let chosen: string | undefined;
    if (anyDates) {
      for (const x of byRecency) {
        const v = (values[x.k] as Map<string, string>).get(name);
        if (v !== undefined) {
          chosen = v;
          break;
        }
      }
    } else {
      chosen = (values[survivor.k] as Map<string, string>).get(name);
      if (chosen === undefined) {
        // Most complete: the longest value, earliest record on ties.
        for (const x of indexed) {
          const v = (values[x.k] as Map<string, string>).get(name);
          if (v !== undefined && (chosen === undefined || v.length > chosen.length)) chosen = v;
        }
      }
    }
    if (chosen === undefined) continue;
    fields[name] = chosen;
    const seen = new Set(splitList(name, chosen).map(key));
    const alts: string[] = [];
    for (const x of byRecency) {
      const v = (values[x.k] as Map<string, string>).get(name);
      if (v === undefined) continue;
      for (const part of splitList(name, v)) {
        const kk = key(part);
        if (seen.has(kk)) continue;
        seen.add(kk);
        alts.push(part);
      }
    }
    if (alts.length > 0) alternatives[name] = alts;
  }
  return { clusterId: cluster.id, survivorId: survivor.r.id, memberIds: [...cluster.memberIds], score: cluster.score, fields, alternatives };
}
