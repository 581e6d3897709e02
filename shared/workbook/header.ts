import { fold } from '../kernel';
import type { Columns } from './columns';

/** Folds a header for matching: accents, case, spacing and punctuation ignored ("E-mail Address" → "emailaddress"). */
export function foldHeader(header: string): string {
  return fold(header).replace(/[^a-z0-9]/g, '');
}

/** Where each known field sits in a header row (0-based), and which header cells are not ours. */
export interface HeaderMap {
  indexOf: ReadonlyMap<string, number>;
  unknown: readonly number[];
}

/**
 * Finds each field by its name first, then by its synonyms, so an exact "email" column wins over a
 * "mail" synonym elsewhere; `overrides` (field → header text) come first of all.
 */
export function mapHeader(columns: Columns, header: readonly string[], overrides: Readonly<Record<string, string>> = {}): HeaderMap {
  const folded = header.map((h) => foldHeader(String(h ?? '')));
  const taken = new Set<number>();
  const indexOf = new Map<string, number>();
  const claim = (field: string, candidate: string): boolean => {
    const key = foldHeader(candidate);
    const at = folded.findIndex((h, i) => h === key && key !== '' && !taken.has(i));
    if (at < 0) return false;
    indexOf.set(field, at);
    taken.add(at);
    return true;
  };
  for (const [field, headerText] of Object.entries(overrides)) if (field in columns) claim(field, headerText);
  for (const field of Object.keys(columns)) if (!indexOf.has(field)) claim(field, field);
  for (const [field, def] of Object.entries(columns)) {
    if (indexOf.has(field)) continue;
    for (const synonym of def.synonyms) if (claim(field, synonym)) break;
  }
  const unknown = folded.map((_, i) => i).filter((i) => !taken.has(i));
  return { indexOf, unknown };
}
