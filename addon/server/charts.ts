import type { ChartSpec, Dashboard, TablePlacement, ValueFormat } from '../../shared/dashboard';
import { columnLetters } from '../../shared/workbook';

/** The chart kinds drawn as Sheets charts (a heatmap is a colour scale on its table instead). */
export type NativeChartKind = 'line' | 'column' | 'bar' | 'pie';

/** The EmbeddedChartBuilder calls used (a structural subset, so tests can fake it). */
export interface ChartBuilderPort {
  setChartType(type: unknown): ChartBuilderPort;
  addRange(range: unknown): ChartBuilderPort;
  setNumHeaders(headers: number): ChartBuilderPort;
  setOption(option: string, value: unknown): ChartBuilderPort;
  setPosition(anchorRowPos: number, anchorColPos: number, offsetX: number, offsetY: number): ChartBuilderPort;
  build(): unknown;
}

/** The Sheet calls used to draw the dashboard. */
export interface ChartSheetPort {
  getRange(row: number, column: number, numRows: number, numColumns: number): unknown;
  getRangeList(a1Notations: string[]): { setNumberFormat(format: string): unknown };
  getCharts(): unknown[];
  removeChart(chart: never): void;
  newChart(): ChartBuilderPort;
  insertChart(chart: never): void;
  setConditionalFormatRules(rules: never[]): void;
}

/** What comes from the Charts and SpreadsheetApp globals, injected so tests need no Apps Script. */
export interface ChartServices {
  chartType(kind: NativeChartKind): unknown;
  /** A white-to-colour gradient rule over the range, 0 to 1 (the cohort heatmap). */
  heatmapRule(range: unknown): unknown;
}

/** Number formats per value format; text, dates and integers keep the sheet's own. */
const NUMBER_FORMATS: Partial<Record<ValueFormat, string>> = { percent: '0.0%', currency: '#,##0.00', number: '0.0' };

/** Axis number formats: compact figures ("4.2M", the currency is in the axis title) and whole percents. */
const AXIS_FORMATS: Partial<Record<ValueFormat, string>> = { percent: 'percent', currency: 'short', integer: '#,##0', number: 'short' };

/** Text sizes in the native charts, in points: nothing under 11. */
const TITLE_FONT = 14;
const TEXT_FONT = 11;

/** Rows each chart takes on the tab, and the gap left between the tables and the charts. */
const CHART_ROWS = 20;
const CHART_GAP_COLUMNS = 1;


/**
 * Draws the dashboard on its tab: number formats by column (one call per format), the cohort heatmap as a
 * colour scale, and one native chart per chart spec, stacked to the right of the tables. Charts drawn by an
 * earlier run are removed first. The number of calls depends on the number of charts, never on the rows.
 */
export function drawDashboard(sheet: ChartSheetPort, services: ChartServices, dashboard: Dashboard, placements: readonly TablePlacement[], tabColumns: number): { charts: number } {
  const at = new Map(placements.map((p) => [p.id, p]));
  applyNumberFormats(sheet, dashboard, at);
  for (const old of sheet.getCharts()) sheet.removeChart(old as never);
  const rules: unknown[] = [];
  const anchorColumn = tabColumns + 1 + CHART_GAP_COLUMNS;
  let drawn = 0;
  for (const spec of dashboard.charts) {
    const place = at.get(spec.table);
    if (!place || place.rows === 0) continue;
    if (spec.type === 'heatmap') {
      const first = place.firstColumn + Math.min(...spec.series);
      const last = place.firstColumn + Math.max(...spec.series);
      rules.push(services.heatmapRule(sheet.getRange(place.headerRow + 1, first, place.rows, last - first + 1)));
      continue;
    }
    sheet.insertChart(nativeChart(sheet, services, spec, place, 1 + drawn * CHART_ROWS, anchorColumn).build() as never);
    drawn++;
  }
  sheet.setConditionalFormatRules(rules as never[]);
  return { charts: drawn };
}

function nativeChart(sheet: ChartSheetPort, services: ChartServices, spec: ChartSpec, place: TablePlacement, row: number, column: number): ChartBuilderPort {
  const kind: NativeChartKind = spec.type === 'heatmap' ? 'column' : spec.type;
  // Each range runs from the table's header row, so the series take their names from it.
  const columnRange = (k: number): unknown => sheet.getRange(place.headerRow, place.firstColumn + k, place.rows + 1, 1);
  let builder = sheet.newChart().setChartType(services.chartType(kind)).addRange(columnRange(spec.domain));
  for (const s of spec.series) builder = builder.addRange(columnRange(s));
  builder = builder
    .setNumHeaders(1)
    .setOption('title', spec.title)
    // The one sentence saying what the chart shows and what to do about it, as on the sidebar.
    .setOption('subtitle', spec.caption)
    .setOption('titleTextStyle', { fontSize: TITLE_FONT, bold: true })
    .setOption('legend', { position: spec.series.length > 1 || kind === 'pie' ? 'bottom' : 'none', textStyle: { fontSize: TEXT_FONT } });
  if (kind === 'pie') return builder.setOption('pieSliceText', 'percentage').setPosition(row, column, 0, 0);
  const text = { textStyle: { fontSize: TEXT_FONT }, titleTextStyle: { fontSize: TEXT_FONT, italic: false } };
  const values = { title: spec.yAxisTitle, format: AXIS_FORMATS[spec.format] ?? 'short', gridlines: { count: 5 }, ...text };
  if (kind === 'bar') {
    // A bar chart's values run along the horizontal axis; the categories (its yAxisTitle) down the side.
    builder = builder.setOption('hAxis', { ...values, title: spec.xAxisTitle }).setOption('vAxis', { title: spec.yAxisTitle, ...text });
  } else {
    // vAxes[0] as well as vAxis: Sheets drops a title given only through vAxis on an embedded chart.
    builder = builder.setOption('hAxis', { title: spec.xAxisTitle, ...text }).setOption('vAxis', values).setOption('vAxes', { 0: { title: spec.yAxisTitle } });
  }
  return builder.setPosition(row, column, 0, 0);
}

/** One setNumberFormat per format over every table column (or summary cell) that has it. */
function applyNumberFormats(sheet: ChartSheetPort, dashboard: Dashboard, at: Map<string, TablePlacement>): void {
  const byFormat = new Map<string, string[]>();
  const add = (format: ValueFormat, a1: string): void => {
    const pattern = NUMBER_FORMATS[format];
    if (pattern === undefined) return;
    let list = byFormat.get(pattern);
    if (!list) byFormat.set(pattern, (list = []));
    list.push(a1);
  };
  for (const table of dashboard.tables) {
    const place = at.get(table.id);
    if (!place || place.rows === 0) continue;
    const top = place.headerRow + 1;
    const bottom = place.headerRow + place.rows;
    if (table.rowFormats) {
      // A table of mixed measures: each row's value cell has its own format.
      const letter = columnLetters(place.firstColumn + 1);
      table.rowFormats.forEach((f, i) => add(f, `${letter}${top + i}`));
      continue;
    }
    table.formats.forEach((f, k) => {
      const letter = columnLetters(place.firstColumn + k);
      add(f, `${letter}${top}:${letter}${bottom}`);
    });
  }
  for (const [pattern, ranges] of byFormat) sheet.getRangeList(ranges).setNumberFormat(pattern);
}

/** The ChartServices of Apps Script, read from the globals only when called. */
export function appsScriptChartServices(): ChartServices {
  const types: Record<NativeChartKind, GoogleAppsScript.Charts.ChartType> = {
    line: Charts.ChartType.LINE,
    column: Charts.ChartType.COLUMN,
    bar: Charts.ChartType.BAR,
    pie: Charts.ChartType.PIE,
  };
  return {
    chartType: (kind) => types[kind],
    heatmapRule: (range) =>
      SpreadsheetApp.newConditionalFormatRule()
        .setGradientMinpointWithValue('#ffffff', SpreadsheetApp.InterpolationType.NUMBER, '0')
        .setGradientMaxpointWithValue('#1a73e8', SpreadsheetApp.InterpolationType.NUMBER, '1')
        .setRanges([range as GoogleAppsScript.Spreadsheet.Range])
        .build(),
  };
}
