/** The dimensions a report can be grouped by: Customers columns, and `segment` (every saved segment). */
export const REPORT_DIMENSIONS = ['contact_type', 'category', 'region', 'industry', 'account_manager', 'source', 'clv_tier', 'rfm_segment', 'segment'] as const;

/** One dimension of REPORT_DIMENSIONS. */
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

/** The Customers columns a dimension other than `segment` reads. */
export type ColumnDimension = Exclude<ReportDimension, 'segment'>;

/** The group of customers whose value for the dimension is blank. */
export const BLANK_GROUP = '(blank)';

/** Narrows a user's text to a dimension (case and spaces folded: "Account manager" = account_manager). */
export function asDimension(text: string): ReportDimension | undefined {
  const folded = text.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return (REPORT_DIMENSIONS as readonly string[]).includes(folded) ? (folded as ReportDimension) : undefined;
}

/** The group a customer falls in for a column dimension: the trimmed value, or BLANK_GROUP. */
export function groupOf(value: string | undefined): string {
  const v = (value ?? '').trim();
  return v === '' ? BLANK_GROUP : v;
}
