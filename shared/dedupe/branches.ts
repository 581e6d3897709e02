// Branches: the same company at another site is another customer, but the two are related. The engine keeps
// them apart (the street conflict) and reports the relation so a reviewer sees "same company, other site".
import type { Field } from './compared-field';
import type { SiteRelation } from './types';

/** Company levels that say "the same company" (same name, same words, one name within the other). */
const SAME_COMPANY_LEVELS = 2;

/**
 * The pairs of clusters that hold the same company at two sites: a candidate pair across two clusters whose
 * company names agree (level ≤ 2) and whose street comparison is a conflict (another house number or unit).
 * One relation per pair of clusters, the first pair found naming it.
 */
export function siteRelations(fields: readonly Field[], pairs: { left: Int32Array; right: Int32Array; count: number }, levels: Int8Array, groupOf: Int32Array, ids: readonly string[]): SiteRelation[] {
  const F = fields.length;
  const company = fields.findIndex((f) => f.name === 'company');
  const street = fields.findIndex((f) => f.name === 'street');
  if (company < 0 || street < 0) return [];
  const streetField = fields[street] as Field;
  const seen = new Set<string>();
  const out: SiteRelation[] = [];
  for (let k = 0; k < pairs.count; k++) {
    const i = pairs.left[k]!;
    const j = pairs.right[k]!;
    const gi = groupOf[i]!;
    const gj = groupOf[j]!;
    if (gi === gj) continue;
    const lc = levels[k * F + company]!;
    const ls = levels[k * F + street]!;
    if (lc < 0 || lc > SAME_COMPANY_LEVELS || ls < 0 || streetField.conflict?.(i, j, ls) !== true) continue;
    const [a, b] = gi < gj ? [gi, gj] : [gj, gi];
    const key = `${a} ${b}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ relation: 'same company, other site', clusterIds: [String(a + 1), String(b + 1)], memberIds: gi < gj ? [ids[i] as string, ids[j] as string] : [ids[j] as string, ids[i] as string] });
  }
  return out;
}
