import { cellText, customersTab, foldHeader, isBlank, parseBoolean, parseDate, parseNumber, type CellValue, type DateOrder, type ProfileField } from '../workbook';
import { lazy } from '../kernel';
import { parseCategoryList } from './fold';
import type { ApiFault, FieldValue, ProfileFieldType } from './types';

/** A Profile field ready to use: its choices and categories split into lists. */
export interface ProfileFieldDef {
  field: string;
  type: ProfileFieldType;
  choices: string[];
  required: boolean;
  categories: string[];
}

const TYPES: readonly ProfileFieldType[] = ['text', 'number', 'date', 'choice', 'yes/no'];

/** Folded names a Profile field may not take, because a contract column already answers to them. */
const contractNames = lazy(() => new Set(Object.entries(customersTab.columns).flatMap(([name, def]) => [name, ...def.synonyms].map(foldHeader))));

/**
 * The usable Profile fields, in sheet order: blank names, duplicates and names of contract columns
 * (which the card edits already) are left out.
 */
export function profileFieldDefs(rows: readonly ProfileField[]): ProfileFieldDef[] {
  const seen = new Set<string>();
  const defs: ProfileFieldDef[] = [];
  for (const row of rows) {
    const field = row.field.trim();
    const key = foldHeader(field);
    if (key === '' || seen.has(key) || contractNames().has(key)) continue;
    seen.add(key);
    const type = TYPES.includes(row.type as ProfileFieldType) ? (row.type as ProfileFieldType) : 'text';
    const choices = type === 'choice' ? row.choices.split(/[,;\n]/).map((c) => c.trim()).filter((c) => c !== '') : [];
    defs.push({ field, type, choices, required: row.required === true, categories: parseCategoryList(row.categories) });
  }
  return defs;
}

/** True when the field belongs on the card of a customer of this category (an empty list means every one). */
export function appliesTo(def: Pick<ProfileFieldDef, 'categories'>, categoryKey: string): boolean {
  return def.categories.length === 0 || def.categories.includes(categoryKey);
}

/** The 0-based Customers column holding a Profile field: a header with its name that no contract field claimed. */
export function profileColumn(header: readonly string[], claimed: ReadonlySet<number>, field: string): number | undefined {
  const key = foldHeader(field);
  const at = header.findIndex((h, i) => !claimed.has(i) && foldHeader(String(h)) === key);
  return at < 0 ? undefined : at;
}

/** A parsed Profile value, or why it cannot be one. */
export type ProfileParse = { ok: true; value: FieldValue } | { ok: false; code: ApiFault };

/** Reads a Profile value (a sheet cell or what the card sent) as the field's type; blank is null. */
export function parseProfileValue(def: ProfileFieldDef, cell: CellValue, order: DateOrder): ProfileParse {
  if (isBlank(cell)) return { ok: true, value: null };
  switch (def.type) {
    case 'number': {
      const parsed = parseNumber(cell);
      return parsed.ok ? { ok: true, value: parsed.value ?? null } : { ok: false, code: parsed.fault };
    }
    case 'date': {
      const parsed = parseDate(cell, order);
      return parsed.ok ? { ok: true, value: parsed.value ?? null } : { ok: false, code: parsed.fault };
    }
    case 'yes/no': {
      const parsed = parseBoolean(cell);
      return parsed.ok ? { ok: true, value: parsed.value ?? null } : { ok: false, code: parsed.fault };
    }
    case 'choice': {
      const text = cellText(cell);
      const match = def.choices.find((c) => foldHeader(c) === foldHeader(text));
      if (match !== undefined) return { ok: true, value: match };
      return def.choices.length === 0 ? { ok: true, value: text } : { ok: false, code: 'not_a_choice' };
    }
    case 'text':
      return { ok: true, value: typeof cell === 'string' ? cell.trim() : String(cell) };
  }
}
