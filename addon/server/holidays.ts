import type { Holiday } from '../../shared/greetings';

/**
 * The business's own country's holidays, generated at build time by scripts/build.mjs from the date-holidays
 * tables (REGULARS_COUNTRY, default ZA; a few years from the build year). Every country's tables would not fit
 * in Code.js, and a business greets in one country. Undefined when the code runs unbundled (tests).
 */
declare const __REGULARS_HOLIDAYS__: { country: string; holidays: Holiday[] } | undefined;

/** The built-in holidays of `country` (none when the add-on was built for another country). */
export function builtInHolidays(country: string, table = typeof __REGULARS_HOLIDAYS__ === 'undefined' ? undefined : __REGULARS_HOLIDAYS__): Holiday[] {
  return table !== undefined && table.country === country.trim().toUpperCase() ? table.holidays : [];
}
