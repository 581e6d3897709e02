import * as z from 'zod/mini';
import type { GridEdit } from '../../shared/workbook';

const cellValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** The body of POST /workbench/cell: one typed cell, as the page's grid sends it. */
const cellRequest = z.object({
  tab: z.string().check(z.minLength(1), z.maxLength(100)),
  row: z.union([z.literal('new'), z.number().check(z.int(), z.gte(1))]),
  col: z.number().check(z.int(), z.gte(1), z.lte(18_278)),
  header: z.string().check(z.maxLength(1_000)),
  // Longer than a cell holds is refused by the edit itself, with its message at the cell; this only caps the body.
  value: z.string().check(z.maxLength(60_000)),
  seen: z.optional(cellValue),
  id: z.optional(z.string().check(z.maxLength(64))),
});

/** The edit a request body asks for, or undefined when the body does not have that shape. */
export function parseCellRequest(body: unknown): GridEdit | undefined {
  const parsed = cellRequest.safeParse(body);
  if (!parsed.success) return undefined;
  const { seen, id, ...edit } = parsed.data;
  return { ...edit, ...(seen === undefined ? {} : { seen }), ...(id === undefined ? {} : { id }) };
}
