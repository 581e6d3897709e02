// Kept apart from ./dates (which reads dates through the workbook codec) so a sidebar can show dates
// without bundling the codec and zod.
import type { DateOrder } from '../workbook';

/** An ISO date (or a yearless --MM-DD) as the business writes it: 31/01/2026 or 01/31/2026; other text as it is. */
export function formatDate(iso: string, order: DateOrder): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) ?? /^(--)(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const [, y = '', mo = '', d = ''] = m;
  const dayMonth = order === 'dmy' ? `${d}/${mo}` : `${mo}/${d}`;
  return y === '--' ? dayMonth : `${dayMonth}/${y}`;
}
