import { lazy } from '../kernel';
import type { CellValue } from '../workbook';
import type { ValueFormat } from './model';

// Numbers as the Dashboard shows them, in the business's currency (Settings currency). Intl does the work; a
// currency that is not an ISO 4217 code ("Rand") is written in front of a plain number instead of failing.

function moneyFormat(currency: string, compact: boolean, digits = 1): Intl.NumberFormat | null {
  if (currency === '') return null;
  try {
    return new Intl.NumberFormat('en', compact
      ? { style: 'currency', currency, currencyDisplay: 'narrowSymbol', notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: digits }
      : { style: 'currency', currency, currencyDisplay: 'narrowSymbol', minimumFractionDigits: 2, maximumFractionDigits: 2 });
  } catch {
    return null;
  }
}

const compactNumber = (digits: number): Intl.NumberFormat => new Intl.NumberFormat('en', { notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: digits });
// Built on first use: an Intl formatter costs more than most of Code.js's top level (run on every Apps Script call).
const twoDecimals = lazy(() => new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));

/** A value in full: percent from fractions with one decimal, money with two decimals and its symbol, counts whole. */
export function formatValue(value: CellValue | undefined, format: ValueFormat, currency = ''): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value !== 'number') return String(value);
  if (format === 'percent') return `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
  if (format === 'currency') return moneyFormat(currency, false)?.format(value) ?? `${currency === '' ? '' : `${currency} `}${twoDecimals().format(value)}`;
  if (format === 'integer') return Math.round(value).toLocaleString('en');
  if (format === 'number') return value.toLocaleString('en', { maximumFractionDigits: 1 });
  return String(value);
}

/** A value short enough for an axis tick or a bar end: "R 4.2M", "12.5K", "45%" (the full value goes in a tooltip). */
export function formatCompact(value: number, format: ValueFormat, currency = ''): string {
  if (format === 'percent') return `${Math.round(value * 100)}%`;
  // Whole units from 10 to 999 ("R 412", not "R 412.3"); one decimal on the compact K/M/B figures and below 10.
  const digits = Math.abs(value) >= 10 && Math.abs(value) < 1000 ? 0 : 1;
  if (format === 'currency') return moneyFormat(currency, true, digits)?.format(value) ?? `${currency === '' ? '' : `${currency} `}${compactNumber(digits).format(value)}`;
  return compactNumber(digits).format(value);
}

/** Evenly spaced "nice" tick values (steps of 1, 2, 2.5 or 5 × 10^k) covering lo…hi in at most `count` steps. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const first = Math.floor(lo / step + 1e-9) * step;
  const ticks: number[] = [];
  for (let v = first; v < hi + step - 1e-9 * step; v += step) ticks.push(Number((Math.round(v / step) * step).toPrecision(12)));
  return ticks;
}
