/** `C-000123` for prefix C and number 123. */
export function formatId(prefix: string, n: number): string {
  return `${prefix}-${String(n).padStart(6, '0')}`;
}

/** The number in an id of this prefix, or undefined for an id of another form. */
export function idNumber(prefix: string, id: string): number | undefined {
  const m = new RegExp(`^${prefix}-(\\d+)$`).exec(id.trim());
  return m ? Number(m[1]) : undefined;
}

/** The settings key that remembers the last number issued for a prefix, so deleted ids are never reused. */
export function counterKey(prefix: string): string {
  return `last_id.${prefix.toLowerCase()}`;
}

/**
 * The next `count` ids after both the highest id in use and the last one ever issued; callers hold the
 * document lock and store the returned `last` under counterKey(prefix).
 */
export function allocateIds(prefix: string, existing: Iterable<string>, lastIssued: number, count: number): { ids: string[]; last: number } {
  let high = Number.isFinite(lastIssued) ? lastIssued : 0;
  for (const id of existing) {
    const n = idNumber(prefix, id);
    if (n !== undefined && n > high) high = n;
  }
  const ids = Array.from({ length: count }, (_, i) => formatId(prefix, high + i + 1));
  return { ids, last: high + count };
}
