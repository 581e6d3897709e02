/** The separator of segment names in the Customers `segments` column: names may hold commas, rarely semicolons. */
export const SEGMENT_LIST_SEPARATOR = '; ';

/** The names listed in a `segments` cell, trimmed, blanks dropped. */
export function segmentNamesIn(cell: string): string[] {
  return cell.split(';').map((n) => n.trim()).filter((n) => n !== '');
}

/**
 * A `segments` cell with `name` listed when `member`, left out when not; every other name is kept where it was
 * (compared without case, so "vip" and "VIP" are one segment). The cell comes back unchanged when already right.
 */
export function withMembership(cell: string, name: string, member: boolean): string {
  const names = segmentNamesIn(cell);
  const key = name.trim().toLowerCase();
  const at = names.findIndex((n) => n.toLowerCase() === key);
  if (member && at >= 0 && names[at] === name.trim()) return cell;
  if (!member && at < 0) return cell;
  const others = names.filter((n) => n.toLowerCase() !== key);
  return (member ? [...others, name.trim()] : others).join(SEGMENT_LIST_SEPARATOR);
}
