import * as z from 'zod/mini';
import { lazy } from '../kernel';

/** How a column's cells are read and written. */
export type ColumnKind = 'id' | 'text' | 'email' | 'number' | 'date' | 'datetime' | 'boolean' | 'choice' | 'json';

/** One column of a tab: its kind, other header names it goes by, and whether it is kept as plain text. */
export interface ColumnDef<K extends ColumnKind = ColumnKind> {
  kind: K;
  synonyms: readonly string[];
  choices: readonly string[];
  /** Formatted as plain text (`@`) so that 0821…, +27… and 00123 survive. */
  plainText: boolean;
  required: boolean;
}

/** The TypeScript type each kind decodes to; blank text is '', other blanks are undefined. */
export interface KindType {
  id: string;
  text: string;
  email: string;
  number: number | undefined;
  date: string | undefined;
  datetime: string | undefined;
  boolean: boolean | undefined;
  choice: string;
  json: string;
}

export type Columns = Record<string, ColumnDef>;
export type RecordOf<C extends Columns> = { [K in keyof C]: KindType[C[K]['kind']] };

interface ColumnOptions {
  synonyms?: readonly string[];
  required?: boolean;
}

function column<K extends ColumnKind>(kind: K, plainText: boolean, options: ColumnOptions = {}, choices: readonly string[] = []): ColumnDef<K> {
  return { kind, synonyms: options.synonyms ?? [], choices, plainText, required: options.required ?? false };
}

/** Column builders, one per kind. */
export const col = {
  id: (options?: ColumnOptions) => column('id', true, options),
  text: (options?: ColumnOptions) => column('text', true, options),
  email: (options?: ColumnOptions) => column('email', true, options),
  number: (options?: ColumnOptions) => column('number', false, options),
  date: (options?: ColumnOptions) => column('date', false, options),
  datetime: (options?: ColumnOptions) => column('datetime', false, options),
  boolean: (options?: ColumnOptions) => column('boolean', false, options),
  choice: (choices: readonly string[], options?: ColumnOptions) => column('choice', true, options, choices),
  json: (options?: ColumnOptions) => column('json', true, options),
};

const isoDateSchema = lazy(() => z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')));

/** The zod schema of one decoded field, used to validate records at every boundary (sidebar, HTTP). */
export function fieldSchema(def: ColumnDef): z.ZodMiniType {
  switch (def.kind) {
    case 'id':
    case 'text':
    case 'json':
      return def.required ? z.string().check(z.trim(), z.minLength(1, 'required')) : z.string();
    case 'email':
      return z.union([z.literal(''), z.email('not a valid e-mail address')]);
    case 'number':
      // zod 4 numbers are finite already (no Infinity, no NaN).
      return z.optional(z.number());
    case 'date':
      return def.required ? isoDateSchema() : z.optional(isoDateSchema());
    case 'datetime':
      return z.optional(z.string());
    case 'boolean':
      return z.optional(z.boolean());
    case 'choice':
      return def.choices.length > 0
        ? z.union([z.literal(''), z.enum(def.choices as [string, ...string[]])])
        : z.string();
  }
}

/** A zod object schema for a whole record of these columns. */
export function recordSchema<C extends Columns>(columns: C): z.ZodMiniType<RecordOf<C>> {
  const shape: Record<string, z.ZodMiniType> = {};
  for (const [name, def] of Object.entries(columns)) shape[name] = fieldSchema(def);
  return z.object(shape) as unknown as z.ZodMiniType<RecordOf<C>>;
}
