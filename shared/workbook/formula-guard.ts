/**
 * Spreadsheets read a typed string that starts with one of these as a formula (or a number with a sign);
 * OWASP's CSV-injection list plus tab and carriage return.
 */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** True when a string written to a sheet as typed input would be read as a formula or signed number. */
export function needsFormulaGuard(value: string): boolean {
  return value.length > 0 && FORMULA_TRIGGERS.has(value[0] ?? '');
}

/**
 * The string a person would type to get exactly `value` as text: a leading apostrophe, which Sheets and
 * Excel consume and never show. Used by adapters whose writes are parsed like typing (SpreadsheetApp) and
 * by CSV exports.
 */
export function guardFormula(value: string): string {
  return needsFormulaGuard(value) ? `'${value}` : value;
}
