import type { CellValue } from '../workbook';

/** The chart kinds a drawer must support; a heatmap is its table's value cells shaded by a colour scale. */
export type ChartType = 'line' | 'column' | 'bar' | 'heatmap' | 'pie';

/** How a column's numbers are shown: currency in the Settings currency, percent from fractions (0.25 → 25%). */
export type ValueFormat = 'text' | 'date' | 'integer' | 'number' | 'currency' | 'percent';

/** One table of the dashboard: a header and rows of plain values. */
export interface DashboardTable {
  id: string;
  title: string;
  header: string[];
  /** The format of each column. */
  formats: ValueFormat[];
  /** Per row, the format of every column but the first (for a table of mixed measures); overrides `formats`. */
  rowFormats?: ValueFormat[];
  rows: CellValue[][];
  /** A line under the title saying what the figures are based on, or why the table is empty. */
  note: string;
}

/** A chart drawn from one table: `domain` column as labels (x axis, slices, heatmap rows), `series` columns as values. */
export interface ChartSpec {
  id: string;
  type: ChartType;
  title: string;
  table: string;
  domain: number;
  series: number[];
  xAxisTitle: string;
  yAxisTitle: string;
  format: ValueFormat;
  /** One sentence under the chart: what it shows, from its data, and what to do about it. */
  caption: string;
}

/** The Dashboard: tables and the charts drawn from them, as of one date. */
export interface Dashboard {
  asOf: string;
  currency: string;
  heading: string;
  tables: DashboardTable[];
  charts: ChartSpec[];
}
