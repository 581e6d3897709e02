import type { ChartSpec, DashboardTable, ValueFormat } from '../../../shared/dashboard';

// Draws the dashboard's chart specs as inline SVG, the same specs the add-on draws as native Sheets charts.
// Every label goes in through textContent and every number through setAttribute, so data never becomes markup.
// Each mark carries data-series, data-label and data-value, so a test can read the values a chart shows.

const NS = 'http://www.w3.org/2000/svg';
const COLOURS = ['#1a73e8', '#e8710a', '#188038', '#d93025', '#9334e6', '#12b5cb', '#f9ab00', '#5f6368'];
const WIDTH = 320;
const LEFT = 44;
const RIGHT = 8;
const TOP = 8;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A value as the dashboard shows it: percent from fractions, money with two decimals, counts whole. */
export function formatValue(value: string | number | boolean | null | undefined, format: ValueFormat, currency = ''): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value !== 'number') return String(value);
  if (format === 'percent') return `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
  if (format === 'currency') return `${currency === '' ? '' : `${currency} `}${value.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  if (format === 'integer') return Math.round(value).toLocaleString('en');
  if (format === 'number') return value.toLocaleString('en', { maximumFractionDigits: 1 });
  return String(value);
}

/** A short axis label: 13.2k, 1.1M, 45% (the full value is in each mark's tooltip). */
export function axisLabel(value: number, format: ValueFormat): string {
  if (format === 'percent') return `${Math.round(value * 100)}%`;
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (abs >= 1e3) return `${(value / 1e3).toFixed(1)}k`;
  return String(Math.round(value * 10) / 10);
}

interface Series {
  name: string;
  values: (number | null)[];
}

function seriesOf(spec: ChartSpec, table: DashboardTable): { labels: string[]; series: Series[] } {
  const domainFormat = table.formats[spec.domain] ?? 'text';
  const labels = table.rows.map((r) => formatValue(r[spec.domain], domainFormat === 'date' ? 'text' : domainFormat));
  const series = spec.series.map((k) => ({
    name: table.header[k] ?? '',
    values: table.rows.map((r) => (typeof r[k] === 'number' && Number.isFinite(r[k]) ? r[k] : null)),
  }));
  return { labels, series };
}

function mark<E extends SVGElement>(node: E, series: string, label: string, value: number | null, shown: string): E {
  node.setAttribute('class', 'mark');
  node.setAttribute('data-series', series);
  node.setAttribute('data-label', label);
  node.setAttribute('data-value', value === null ? '' : String(value));
  node.append(svg('title', {}, `${label} · ${series}: ${shown}`));
  return node;
}

/** The chart of one spec over its table, as an <svg> element sized for the sidebar. */
export function drawChart(spec: ChartSpec, table: DashboardTable, currency = ''): SVGSVGElement {
  const data = seriesOf(spec, table);
  const show = (v: number | null): string => formatValue(v, spec.format, currency);
  switch (spec.type) {
    case 'pie':
      return pie(spec, data, show);
    case 'bar':
      return bars(spec, data, show);
    case 'heatmap':
      return heatmap(spec, data, show);
    default:
      return columnsOrLines(spec, data, show);
  }
}

function frame(height: number, spec: ChartSpec): SVGSVGElement {
  return svg('svg', { viewBox: `0 0 ${WIDTH} ${height}`, width: '100%', role: 'img', 'aria-label': spec.title, 'data-chart': spec.id, 'data-type': spec.type });
}

function extent(series: Series[]): { lo: number; hi: number } {
  let lo = 0;
  let hi = 0;
  for (const s of series) {
    for (const v of s.values) {
      if (v === null) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  return { lo, hi: hi === lo ? lo + 1 : hi };
}

function legend(root: SVGSVGElement, series: Series[], y: number): void {
  if (series.length < 2) return;
  let x = LEFT;
  series.forEach((s, i) => {
    root.append(svg('rect', { x, y: y - 8, width: 10, height: 10, fill: COLOURS[i % COLOURS.length]! }));
    const text = svg('text', { x: x + 14, y, class: 'legend' }, s.name);
    root.append(text);
    x += 20 + s.name.length * 6;
  });
}

function columnsOrLines(spec: ChartSpec, data: { labels: string[]; series: Series[] }, show: (v: number | null) => string): SVGSVGElement {
  const plotHeight = 130;
  const height = TOP + plotHeight + 40;
  const root = frame(height, spec);
  const { lo, hi } = extent(data.series);
  const y = (v: number): number => TOP + plotHeight - ((v - lo) / (hi - lo)) * plotHeight;
  const n = Math.max(1, data.labels.length);
  const band = (WIDTH - LEFT - RIGHT) / n;
  root.append(svg('line', { x1: LEFT, x2: WIDTH - RIGHT, y1: y(0), y2: y(0), class: 'axis' }));
  root.append(svg('text', { x: LEFT - 4, y: TOP + 8, class: 'tick end' }, axisLabel(hi, spec.format)));
  root.append(svg('text', { x: LEFT - 4, y: y(lo), class: 'tick end' }, axisLabel(lo, spec.format)));
  if (data.labels.length > 0) {
    root.append(svg('text', { x: LEFT, y: TOP + plotHeight + 14, class: 'tick' }, data.labels[0]));
    root.append(svg('text', { x: WIDTH - RIGHT, y: TOP + plotHeight + 14, class: 'tick end' }, data.labels[data.labels.length - 1]));
  }
  data.series.forEach((s, k) => {
    const colour = COLOURS[k % COLOURS.length]!;
    if (spec.type === 'column') {
      const w = (band * 0.8) / data.series.length;
      s.values.forEach((v, i) => {
        const top = y(Math.max(0, v ?? 0));
        const bottom = y(Math.min(0, v ?? 0));
        root.append(mark(svg('rect', { x: LEFT + i * band + band * 0.1 + k * w, y: top, width: Math.max(1, w), height: Math.max(0, bottom - top), fill: colour }), s.name, data.labels[i] ?? '', v, show(v)));
      });
      return;
    }
    const points: string[] = [];
    s.values.forEach((v, i) => {
      const cx = LEFT + i * band + band / 2;
      if (v !== null) points.push(`${cx},${y(v)}`);
      root.append(mark(svg('circle', { cx, cy: v === null ? y(0) : y(v), r: v === null ? 0 : 2.5, fill: colour }), s.name, data.labels[i] ?? '', v, show(v)));
    });
    root.insertBefore(svg('polyline', { points: points.join(' '), fill: 'none', stroke: colour, 'stroke-width': 2 }), root.firstChild);
  });
  legend(root, data.series, height - 8);
  return root;
}

function bars(spec: ChartSpec, data: { labels: string[]; series: Series[] }, show: (v: number | null) => string): SVGSVGElement {
  const row = 20;
  const labelWidth = 110;
  const height = TOP + Math.max(1, data.labels.length) * row + 8;
  const root = frame(height, spec);
  const { lo, hi } = extent(data.series);
  const plot = WIDTH - labelWidth - RIGHT - 60;
  const x = (v: number): number => labelWidth + ((v - lo) / (hi - lo)) * plot;
  const s = data.series[0];
  data.labels.forEach((label, i) => {
    const v = s?.values[i] ?? null;
    const top = TOP + i * row;
    root.append(svg('text', { x: labelWidth - 4, y: top + 13, class: 'tick end' }, label.length > 18 ? `${label.slice(0, 17)}…` : label));
    const left = x(Math.min(0, v ?? 0));
    const right = x(Math.max(0, v ?? 0));
    root.append(mark(svg('rect', { x: left, y: top + 3, width: Math.max(v === null || v === 0 ? 0 : 1, right - left), height: row - 6, fill: COLOURS[0]! }), s?.name ?? '', label, v, show(v)));
    root.append(svg('text', { x: right + 4, y: top + 13, class: 'tick' }, show(v)));
  });
  return root;
}

function pie(spec: ChartSpec, data: { labels: string[]; series: Series[] }, show: (v: number | null) => string): SVGSVGElement {
  const height = 170;
  const root = frame(height, spec);
  const s = data.series[0];
  const values = s?.values.map((v) => Math.max(0, v ?? 0)) ?? [];
  const total = values.reduce((a, b) => a + b, 0);
  const [cx, cy, r] = [80, 85, 70];
  let angle = -Math.PI / 2;
  values.forEach((v, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    const share = total > 0 ? v / total : 0;
    const end = angle + share * 2 * Math.PI;
    const label = data.labels[i] ?? '';
    const raw = s?.values[i] ?? null;
    if (share >= 0.9999) {
      root.append(mark(svg('circle', { cx, cy, r, fill: colour }), s?.name ?? '', label, raw, show(raw)));
    } else {
      const large = end - angle > Math.PI ? 1 : 0;
      const d = `M${cx},${cy} L${cx + r * Math.cos(angle)},${cy + r * Math.sin(angle)} A${r},${r} 0 ${large} 1 ${cx + r * Math.cos(end)},${cy + r * Math.sin(end)} Z`;
      root.append(mark(svg('path', { d, fill: colour }), s?.name ?? '', label, raw, show(raw)));
    }
    angle = end;
    root.append(svg('rect', { x: 170, y: 20 + i * 18, width: 10, height: 10, fill: colour }));
    root.append(svg('text', { x: 184, y: 29 + i * 18, class: 'legend' }, `${label}: ${show(raw)}`));
  });
  return root;
}

function heatmap(spec: ChartSpec, data: { labels: string[]; series: Series[] }, show: (v: number | null) => string): SVGSVGElement {
  const labelWidth = 52;
  const cell = Math.min(20, (WIDTH - labelWidth - RIGHT) / Math.max(1, data.series.length));
  const row = 16;
  const height = TOP + 14 + Math.max(1, data.labels.length) * row + 4;
  const root = frame(height, spec);
  data.series.forEach((s, k) => root.append(svg('text', { x: labelWidth + k * cell + cell / 2, y: TOP + 8, class: 'tick middle' }, s.name)));
  data.labels.forEach((label, i) => {
    const top = TOP + 14 + i * row;
    root.append(svg('text', { x: labelWidth - 4, y: top + 12, class: 'tick end' }, label));
    data.series.forEach((s, k) => {
      const v = s.values[i] ?? null;
      if (v === null) return;
      const opacity = Math.max(0.06, Math.min(1, v));
      root.append(mark(svg('rect', { x: labelWidth + k * cell, y: top, width: cell - 1, height: row - 1, fill: COLOURS[0]!, 'fill-opacity': opacity }), s.name, label, v, show(v)));
    });
  });
  return root;
}
