import { formatCompact, formatValue, niceTicks, type ChartSpec, type DashboardTable } from '../../../shared/dashboard';

// Draws the dashboard's chart specs as inline SVG, the same specs the add-on draws as native Sheets charts.
// Every label goes in through textContent and every number through setAttribute, so data never becomes markup.
// Each mark carries data-series, data-label and data-value, so a test can read the values a chart shows.
// Charts are drawn at the pixel width they get (viewBox = size), so the 12 px text is 12 px on screen at any width;
// a label too long for its room is shortened at a word with "…" and keeps its full text in a <title> tooltip.

const NS = 'http://www.w3.org/2000/svg';
const COLOURS = ['#1a73e8', '#e8710a', '#188038', '#d93025', '#9334e6', '#12b5cb', '#f9ab00', '#5f6368'];
/** Text size in the charts (style.css says the same); heat-map cells use CELL_FONT. */
const FONT = 12;
const CELL_FONT = 11;
/** A generous width per character, so estimated labels never overflow (the browser test measures the real ones). */
const CHAR = FONT * 0.64;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A text that fits `chars` characters: cut at a word with "…" (never mid-word unless one word is too long). */
export function shorten(text: string, chars: number): string {
  if (text.length <= chars) return text;
  const room = Math.max(1, chars - 1);
  const cut = text.slice(0, room + 1).lastIndexOf(' ');
  return `${(cut > 0 ? text.slice(0, cut) : text.slice(0, room)).trimEnd()}…`;
}

/** Up to `lines` lines of at most `chars` characters, broken at spaces; the last one shortened if need be. */
export function wrap(text: string, chars: number, lines = 2): string[] {
  const out: string[] = [];
  let rest = text.trim();
  while (rest !== '' && out.length < lines - 1 && rest.length > chars) {
    const cut = rest.slice(0, chars + 1).lastIndexOf(' ');
    if (cut <= 0) break;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut + 1).trim();
  }
  out.push(shorten(rest, chars));
  return out;
}

/** A text element, shortened to `chars` with the full text as its tooltip when it does not fit. */
function label(attrs: Record<string, string | number>, text: string, chars = Infinity): SVGTextElement {
  const shown = shorten(text, Math.floor(chars));
  const node = svg('text', attrs, shown);
  if (shown !== text) node.append(svg('title', {}, text));
  return node;
}

interface Series {
  name: string;
  values: (number | null)[];
}

interface Data {
  labels: string[];
  series: Series[];
}

function seriesOf(spec: ChartSpec, table: DashboardTable): Data {
  const domainFormat = table.formats[spec.domain] ?? 'text';
  const labels = table.rows.map((r) => (domainFormat === 'percent' && typeof r[spec.domain] === 'number' ? formatCompact(r[spec.domain] as number, 'percent') : formatValue(r[spec.domain], domainFormat === 'date' ? 'text' : domainFormat)));
  const series = spec.series.map((k) => ({
    name: table.header[k] ?? '',
    values: table.rows.map((r) => (typeof r[k] === 'number' && Number.isFinite(r[k]) ? r[k] : null)),
  }));
  return { labels, series };
}

function mark<E extends SVGElement>(node: E, series: string, name: string, value: number | null, shown: string): E {
  node.setAttribute('class', 'mark');
  node.setAttribute('data-series', series);
  node.setAttribute('data-label', name);
  node.setAttribute('data-value', value === null ? '' : String(value));
  node.append(svg('title', {}, `${name} · ${series}: ${shown}`));
  return node;
}

interface Shows {
  full: (v: number | null) => string;
  short: (v: number) => string;
}

/** The chart of one spec over its table, as an <svg> `width` pixels wide (the width of its place on screen). */
export function drawChart(spec: ChartSpec, table: DashboardTable, currency = '', width = 300): SVGSVGElement {
  const data = seriesOf(spec, table);
  const w = Math.max(220, Math.round(width));
  const shows: Shows = { full: (v) => formatValue(v, spec.format, currency), short: (v) => formatCompact(v, spec.format, currency) };
  switch (spec.type) {
    case 'pie':
      return pie(spec, data, shows, w);
    case 'bar':
      return bars(spec, data, shows, w);
    case 'heatmap':
      return heatmap(spec, data, w);
    default:
      return columnsOrLines(spec, data, shows, w);
  }
}

function frame(spec: ChartSpec, width: number, height: number): SVGSVGElement {
  return svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': spec.title, 'data-chart': spec.id, 'data-type': spec.type });
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

/** Series names with their colours, wrapped onto as many lines as the width needs; returns the height used. */
function legend(root: SVGSVGElement, series: Series[], top: number, width: number): number {
  if (series.length < 2) return 0;
  let x = 0;
  let y = top + FONT;
  series.forEach((s, i) => {
    const room = width - 16;
    const need = 16 + s.name.length * CHAR + 12;
    if (x > 0 && x + need > width) {
      x = 0;
      y += FONT + 6;
    }
    root.append(svg('rect', { x, y: y - 10, width: 10, height: 10, fill: COLOURS[i % COLOURS.length]! }));
    root.append(label({ x: x + 14, y, class: 'legend' }, s.name, room / CHAR));
    x += need;
  });
  return y - top + 6;
}

/** Which of n labels to print so that labels of `chars` characters never overlap: every k-th, always the last. */
function everyNth(n: number, chars: number, band: number): (i: number) => boolean {
  const step = Math.max(1, Math.ceil((chars * CHAR + 16) / band));
  return (i) => (n - 1 - i) % step === 0;
}

function columnsOrLines(spec: ChartSpec, data: Data, shows: Shows, width: number): SVGSVGElement {
  const { lo, hi } = extent(data.series);
  const plotHeight = width > 500 ? 180 : 140;
  const ticks = niceTicks(lo, hi, plotHeight >= 180 ? 6 : 5);
  const [bottomValue, topValue] = [ticks[0]!, ticks[ticks.length - 1]!];
  const tickText = ticks.map((t) => shows.short(t));
  const left = Math.ceil(Math.max(...tickText.map((t) => t.length)) * CHAR) + 8;
  const right = 8;
  const top = FONT + 12;
  const plotWidth = width - left - right;
  const bottomOfPlot = top + plotHeight;
  const y = (v: number): number => bottomOfPlot - ((v - bottomValue) / (topValue - bottomValue)) * plotHeight;
  const n = Math.max(1, data.labels.length);
  const band = plotWidth / n;
  const parts: SVGElement[] = [];
  parts.push(label({ x: 0, y: FONT, class: 'axis-title' }, spec.yAxisTitle, width / CHAR));
  ticks.forEach((t, i) => {
    parts.push(svg('line', { x1: left, x2: width - right, y1: y(t), y2: y(t), class: t === 0 ? 'axis' : 'grid' }));
    parts.push(svg('text', { x: left - 4, y: y(t) + 4, class: 'tick end' }, tickText[i]));
  });
  const chars = Math.max(1, ...data.labels.map((l) => l.length));
  // A few categories (tiers) each get a label, wrapped onto two lines; a long run (months) gets every k-th one.
  const few = n <= 8;
  const lines = data.labels.map((l) => (few ? wrap(l, Math.max(3, Math.floor((band - 4) / CHAR))) : [l]));
  const shown = few ? () => true : everyNth(n, chars, band);
  const halfLabel = (Math.min(chars, Math.floor((band - 4) / CHAR)) * CHAR) / 2;
  const labelLines = Math.max(1, ...lines.map((l) => l.length));
  data.labels.forEach((full, i) => {
    if (!shown(i)) return;
    const centre = left + i * band + band / 2;
    // Labels near an edge are anchored to it rather than centred past it.
    const [x, anchor] = few ? [centre, 'middle'] : centre + (chars * CHAR) / 2 > width ? [width - 1, 'end'] : centre - halfLabel < 0 ? [0, ''] : [centre, 'middle'];
    parts.push(svg('line', { x1: centre, x2: centre, y1: bottomOfPlot, y2: bottomOfPlot + 4, class: 'axis' }));
    const text = svg('text', { x, y: bottomOfPlot + FONT + 6, class: `tick ${anchor}` });
    lines[i]!.forEach((line, k) => text.append(svg('tspan', { x, dy: k === 0 ? 0 : FONT + 2 }, line)));
    if (lines[i]!.join(' ') !== full) text.append(svg('title', {}, full));
    parts.push(text);
  });
  const below = bottomOfPlot + labelLines * (FONT + 2);
  parts.push(label({ x: left + plotWidth / 2, y: below + FONT + 12, class: 'axis-title middle' }, spec.xAxisTitle, plotWidth / CHAR));
  const marks: SVGElement[] = [];
  data.series.forEach((s, k) => {
    const colour = COLOURS[k % COLOURS.length]!;
    if (spec.type === 'column') {
      const w = (band * 0.8) / data.series.length;
      s.values.forEach((v, i) => {
        const barTop = y(Math.max(0, v ?? 0));
        const barBottom = y(Math.min(0, v ?? 0));
        marks.push(mark(svg('rect', { x: left + i * band + band * 0.1 + k * w, y: barTop, width: Math.max(1, w), height: Math.max(0, barBottom - barTop), fill: colour }), s.name, data.labels[i] ?? '', v, shows.full(v)));
      });
      return;
    }
    const points: string[] = [];
    s.values.forEach((v, i) => {
      const cx = left + i * band + band / 2;
      if (v !== null) points.push(`${cx},${y(v)}`);
      marks.push(mark(svg('circle', { cx, cy: v === null ? y(0) : y(v), r: v === null ? 0 : 3, fill: colour }), s.name, data.labels[i] ?? '', v, shows.full(v)));
    });
    marks.unshift(svg('polyline', { points: points.join(' '), fill: 'none', stroke: colour, 'stroke-width': 2 }));
  });
  const legendTop = below + FONT + 18;
  const root = frame(spec, width, 0);
  root.append(...parts, ...marks);
  const height = legendTop + legend(root, data.series, legendTop, width);
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  return root;
}

function bars(spec: ChartSpec, data: Data, shows: Shows, width: number): SVGSVGElement {
  const labelWidth = Math.min(220, Math.round(width * (width < 400 ? 0.42 : 0.38)));
  const labelChars = Math.floor((labelWidth - 6) / CHAR);
  // Up to three lines at sidebar width ("Not returning / after a / complaint"), two on a wide pane.
  const lines = data.labels.map((l) => wrap(l, labelChars, width < 400 ? 3 : 2));
  const row = Math.max(1, ...lines.map((l) => l.length)) * (FONT + 2) + 8;
  const s = data.series[0];
  const valueText = (s?.values ?? []).map((v) => (v === null ? '' : shows.short(v)));
  const valueWidth = Math.ceil(Math.max(1, ...valueText.map((t) => t.length)) * CHAR) + 8;
  const top = FONT + 10;
  const height = top + Math.max(1, data.labels.length) * row + FONT + 14;
  const root = frame(spec, width, height);
  const { lo, hi } = extent(data.series);
  const plot = width - labelWidth - valueWidth;
  const x = (v: number): number => labelWidth + ((v - lo) / (hi - lo)) * plot;
  root.append(label({ x: labelWidth - 6, y: FONT, class: 'axis-title end' }, spec.yAxisTitle, labelChars));
  data.labels.forEach((full, i) => {
    const v = s?.values[i] ?? null;
    const rowTop = top + i * row;
    const text = svg('text', { x: labelWidth - 6, y: rowTop + FONT + 2, class: 'tick end' });
    lines[i]!.forEach((line, k) => text.append(svg('tspan', { x: labelWidth - 6, dy: k === 0 ? 0 : FONT + 2 }, line)));
    if (lines[i]!.join(' ') !== full) text.append(svg('title', {}, full));
    root.append(text);
    const barLeft = x(Math.min(0, v ?? 0));
    const barRight = x(Math.max(0, v ?? 0));
    root.append(mark(svg('rect', { x: barLeft, y: rowTop + 3, width: Math.max(v === null || v === 0 ? 0 : 1, barRight - barLeft), height: row - 6, fill: COLOURS[0]! }), s?.name ?? '', full, v, shows.full(v)));
    const value = svg('text', { x: barRight + 4, y: rowTop + FONT + 2, class: 'tick value' }, valueText[i]);
    value.append(svg('title', {}, shows.full(v)));
    root.append(value);
  });
  root.append(svg('line', { x1: labelWidth, x2: labelWidth, y1: top, y2: height - FONT - 10, class: 'axis' }));
  root.append(label({ x: labelWidth + plot / 2, y: height - 4, class: 'axis-title middle' }, spec.xAxisTitle, (width - labelWidth) / CHAR));
  return root;
}

function pie(spec: ChartSpec, data: Data, shows: Shows, width: number): SVGSVGElement {
  const r = Math.round(Math.min(80, width * 0.2));
  const rowHeight = FONT + 8;
  // Beside the pie when there is room for "Bottom 50%: 1,234 (50%)", else under it.
  const below = width - (2 * r + 16) < 24 * CHAR;
  const legendX = below ? 0 : 2 * r + 16;
  const legendTop = below ? 2 * r + 12 : 0;
  const height = below ? legendTop + data.labels.length * rowHeight + 8 : Math.max(2 * r + 8, data.labels.length * rowHeight + 12);
  const root = frame(spec, width, height);
  const s = data.series[0];
  const values = s?.values.map((v) => Math.max(0, v ?? 0)) ?? [];
  const total = values.reduce((a, b) => a + b, 0);
  const [cx, cy] = [below ? width / 2 : r + 2, below ? r + 4 : height / 2];
  const legendChars = (width - legendX - 16) / CHAR;
  let angle = -Math.PI / 2;
  values.forEach((v, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    const share = total > 0 ? v / total : 0;
    const end = angle + share * 2 * Math.PI;
    const name = data.labels[i] ?? '';
    const raw = s?.values[i] ?? null;
    if (share >= 0.9999) {
      root.append(mark(svg('circle', { cx, cy, r, fill: colour }), s?.name ?? '', name, raw, shows.full(raw)));
    } else if (share > 0) {
      const large = end - angle > Math.PI ? 1 : 0;
      const d = `M${cx},${cy} L${cx + r * Math.cos(angle)},${cy + r * Math.sin(angle)} A${r},${r} 0 ${large} 1 ${cx + r * Math.cos(end)},${cy + r * Math.sin(end)} Z`;
      root.append(mark(svg('path', { d, fill: colour }), s?.name ?? '', name, raw, shows.full(raw)));
    }
    angle = end;
    const y = legendTop + 6 + i * rowHeight;
    root.append(svg('rect', { x: legendX, y: y + 2, width: 10, height: 10, fill: colour }));
    const percent = total > 0 ? ` (${Math.round(share * 100)}%)` : '';
    root.append(label({ x: legendX + 14, y: y + FONT, class: 'legend' }, `${name}: ${shows.full(raw)}${percent}`, legendChars));
  });
  return root;
}

/** White to the chart blue, for a share 0…1 (the heat-map cells and their legend use the same scale). */
function shade(t: number): string {
  const mix = (a: number, b: number): number => Math.round(a + (b - a) * Math.max(0, Math.min(1, t)));
  return `rgb(${mix(255, 0x1a)},${mix(255, 0x73)},${mix(255, 0xe8)})`;
}

function heatmap(spec: ChartSpec, data: Data, width: number): SVGSVGElement {
  const cellChars = CELL_FONT * 0.64;
  const labelWidth = Math.ceil(Math.max(6, ...data.labels.map((l) => l.length)) * cellChars) + 6;
  // M0 is 100% by definition; when the columns would be too narrow for "100", it is left out.
  const fits = (columns: number): boolean => (width - labelWidth) / columns >= 3 * cellChars + 2;
  const first = !fits(data.series.length) && data.series.length > 1 && data.series[0]!.name === 'M0' ? 1 : 0;
  const series = data.series.slice(first);
  const cell = Math.min(44, (width - labelWidth) / Math.max(1, series.length));
  const row = CELL_FONT + 9;
  const top = 2 * FONT + 14;
  const gridBottom = top + Math.max(1, data.labels.length) * row;
  const height = gridBottom + 2 * FONT + 26;
  const root = frame(spec, width, height);
  const note = first === 1 ? ' (month 0, always 100%, left out)' : ' (0 = first month)';
  const room = (width - labelWidth) / CHAR;
  root.append(label({ x: labelWidth, y: FONT, class: 'axis-title' }, `${spec.xAxisTitle}${spec.xAxisTitle.length + note.length <= room ? note : ''}`, room));
  root.append(label({ x: 0, y: top - 6, class: 'axis-title' }, spec.yAxisTitle, (labelWidth + cell) / CHAR));
  series.forEach((s, k) => root.append(svg('text', { x: labelWidth + k * cell + cell / 2, y: top - 6, class: 'cell middle' }, s.name.replace(/^M/, ''))));
  data.labels.forEach((name, i) => {
    const rowTop = top + i * row;
    root.append(svg('text', { x: labelWidth - 6, y: rowTop + CELL_FONT + 3, class: 'cell end' }, name));
    series.forEach((s, k) => {
      const v = s.values[i] ?? null;
      if (v === null) return;
      const shown = `${Math.round(v * 100)}`;
      root.append(mark(svg('rect', { x: labelWidth + k * cell, y: rowTop, width: cell - 1, height: row - 1, fill: shade(v) }), s.name, name, v, `${shown}%`));
      root.append(svg('text', { x: labelWidth + k * cell + (cell - 1) / 2, y: rowTop + CELL_FONT + 3, class: `cell middle${v > 0.5 ? ' light' : ''}` }, shown));
    });
  });
  // The legend: five steps of the colour scale with their percentages.
  const legendTop = gridBottom + 10;
  root.append(svg('text', { x: 0, y: legendTop + FONT, class: 'legend' }, '% buying again:'));
  const start = Math.ceil(15 * CHAR);
  const step = Math.min(44, (width - start - 12) / 5);
  [0, 0.25, 0.5, 0.75, 1].forEach((t, k) => {
    const x = start + k * step;
    root.append(svg('rect', { x, y: legendTop + 1, width: step - 2, height: 12, fill: shade(t), class: 'swatch' }));
    root.append(svg('text', { x: x + (step - 2) / 2, y: legendTop + 2 * FONT + 6, class: 'cell middle' }, `${t * 100}%`));
  });
  return root;
}
