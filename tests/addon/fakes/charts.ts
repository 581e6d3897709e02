import type { ChartBuilderPort, ChartServices, ChartSheetPort, NativeChartKind } from '../../../addon/server/charts';

/** A range as the fake hands it out: its coordinates only. */
export interface FakeChartRange {
  row: number;
  col: number;
  numRows: number;
  numCols: number;
}

/** A chart as built: what EmbeddedChartBuilder was told. */
export interface FakeChart {
  type: NativeChartKind;
  ranges: FakeChartRange[];
  headers: number;
  options: Record<string, unknown>;
  position: [number, number, number, number];
}

/** A fake of the Sheet calls the dashboard drawer makes; it records each call so tests can count them. */
export class FakeChartSheet implements ChartSheetPort {
  readonly calls: string[] = [];
  charts: FakeChart[] = [];
  rules: unknown[] = [];
  readonly numberFormats = new Map<string, string[]>();

  constructor(existing: FakeChart[] = []) {
    this.charts = [...existing];
  }

  getRange(row: number, col: number, numRows: number, numCols: number): FakeChartRange {
    this.calls.push('getRange');
    if (row < 1 || col < 1 || numRows < 1 || numCols < 1) throw new Error('Exception: The coordinates of the range are outside the dimensions of the sheet.');
    return { row, col, numRows, numCols };
  }

  getRangeList(a1: string[]): { setNumberFormat(format: string): unknown } {
    this.calls.push('getRangeList');
    return {
      setNumberFormat: (format: string) => {
        this.calls.push('setNumberFormat');
        this.numberFormats.set(format, [...(this.numberFormats.get(format) ?? []), ...a1]);
        return undefined;
      },
    };
  }

  getCharts(): unknown[] {
    this.calls.push('getCharts');
    return [...this.charts];
  }

  removeChart(chart: never): void {
    this.calls.push('removeChart');
    this.charts = this.charts.filter((c) => c !== (chart as unknown));
  }

  newChart(): ChartBuilderPort {
    this.calls.push('newChart');
    const chart: FakeChart = { type: 'column', ranges: [], headers: 0, options: {}, position: [0, 0, 0, 0] };
    const builder: ChartBuilderPort = {
      setChartType: (type) => ((chart.type = type as NativeChartKind), builder),
      addRange: (range) => (chart.ranges.push(range as FakeChartRange), builder),
      setNumHeaders: (n) => ((chart.headers = n), builder),
      setOption: (key, value) => ((chart.options[key] = value), builder),
      setPosition: (r, c, x, y) => ((chart.position = [r, c, x, y]), builder),
      build: () => ({ ...chart }),
    };
    return builder;
  }

  insertChart(chart: never): void {
    this.calls.push('insertChart');
    this.charts.push(chart);
  }

  setConditionalFormatRules(rules: never[]): void {
    this.calls.push('setConditionalFormatRules');
    this.rules = [...(rules as unknown[])];
  }
}

/** Chart types by name and a heatmap rule that remembers its range. */
export const fakeChartServices: ChartServices = {
  chartType: (kind) => kind,
  heatmapRule: (range) => ({ gradient: [0, 1], range }),
};
