/** The data behind the overview charts and their SVG: drawn on the server, so the page needs no chart library. */

export interface Histogram {
  /** Bin edges, ascending; bin i is [edges[i], edges[i+1]) and the last bin includes its upper edge. */
  edges: number[];
  counts: number[];
  /** Values below the first edge / above the last (the range skips the outer 0.5 % so one odd file does not squash the rest). */
  underflow: number;
  overflow: number;
  /** Null or non-finite values (not measured). */
  missing: number;
}

/** 1, 2, 2.5 or 5 times a power of ten: the smallest at least `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= raw - 1e-12 * power) return m * power;
  return 10 * power;
}

function quantile(sorted: Float64Array, q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  return sorted[lo]! + (sorted[Math.min(sorted.length - 1, lo + 1)]! - sorted[lo]!) * (at - lo);
}

/**
 * About `bins` bins of a nice width over the central 99 % of the values, widened to show every value in
 * `include` (the preset's thresholds, so the lines always fall on the chart).
 */
export function histogram(values: ArrayLike<number | null>, options: { bins?: number; include?: readonly number[] } = {}): Histogram {
  const finite: number[] = [];
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'number' && Number.isFinite(v)) finite.push(v);
    else missing++;
  }
  if (finite.length === 0) return { edges: [], counts: [], underflow: 0, overflow: 0, missing };
  const sorted = Float64Array.from(finite).sort();
  let lo = finite.length >= 200 ? quantile(sorted, 0.005) : sorted[0]!;
  let hi = finite.length >= 200 ? quantile(sorted, 0.995) : sorted[sorted.length - 1]!;
  for (const t of options.include ?? []) {
    lo = Math.min(lo, t);
    hi = Math.max(hi, t);
  }
  const step = niceStep((hi - lo) / (options.bins ?? 20) || Math.abs(lo) / 10 || 1);
  const first = Math.floor(lo / step) * step;
  let count = Math.max(1, Math.ceil((hi - first) / step - 1e-9));
  if (first + count * step < hi) count++;
  const edges = Array.from({ length: count + 1 }, (_, i) => Number((first + i * step).toPrecision(12)));
  const counts = new Array<number>(count).fill(0);
  let underflow = 0;
  let overflow = 0;
  const top = edges[count]!;
  for (const v of sorted) {
    if (v < first) underflow++;
    else if (v > top) overflow++;
    else counts[Math.min(count - 1, Math.floor((v - first) / step))]!++;
  }
  return { edges, counts, underflow, overflow, missing };
}

export interface ThresholdLine {
  value: number;
  label: string;
  severity: 'error' | 'warning';
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Short numbers for axis labels. */
export function tick(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 10_000) return `${Number((value / 1000).toPrecision(3))}k`;
  return String(Number(value.toPrecision(4)));
}

export interface HistogramChart {
  metric: string;
  title: string;
  unit: string;
  histogram: Histogram;
  thresholds: ThresholdLine[];
}

const W = 400;
const H = 170;
const PAD = { left: 40, right: 12, top: 30, bottom: 28 };

/** A bar chart with threshold lines; each bar carries its range so a click can filter the table. */
export function histogramSvg(chart: HistogramChart, id: string): string {
  const { edges, counts } = chart.histogram;
  const unit = chart.unit ? ` ${chart.unit}` : '';
  if (counts.length === 0) return `<p class="empty">No ${escape(chart.title)} measured.</p>`;
  const [lo, hi] = [edges[0]!, edges[edges.length - 1]!];
  const peak = Math.max(1, ...counts);
  const x = (v: number) => PAD.left + ((v - lo) / (hi - lo || 1)) * (W - PAD.left - PAD.right);
  const y = (n: number) => H - PAD.bottom - (n / peak) * (H - PAD.top - PAD.bottom);
  const parts: string[] = [];
  parts.push(`<line class="axis" x1="${PAD.left}" x2="${W - PAD.right}" y1="${H - PAD.bottom}" y2="${H - PAD.bottom}"/>`);
  for (const n of [peak, Math.round(peak / 2)]) {
    if (n <= 0) continue;
    parts.push(`<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(n).toFixed(1)}" y2="${y(n).toFixed(1)}"/><text class="tick" x="${PAD.left - 4}" y="${(y(n) + 4).toFixed(1)}" text-anchor="end">${tick(n)}</text>`);
  }
  counts.forEach((n, i) => {
    const [a, b] = [edges[i]!, edges[i + 1]!];
    const label = `${tick(a)} to ${tick(b)}${unit}: ${n} file${n === 1 ? '' : 's'}`;
    parts.push(
      `<rect class="bar" data-metric="${chart.metric}" data-lo="${a}" data-hi="${b}" x="${(x(a) + 0.5).toFixed(1)}" y="${y(n).toFixed(1)}" width="${Math.max(1, x(b) - x(a) - 1).toFixed(1)}" height="${(H - PAD.bottom - y(n)).toFixed(1)}"><title>${escape(label)}</title></rect>`,
    );
  });
  const every = Math.max(1, Math.ceil(edges.length / 6));
  edges.forEach((e, i) => {
    if (i % every === 0 || i === edges.length - 1) parts.push(`<text class="tick" x="${x(e).toFixed(1)}" y="${H - PAD.bottom + 14}" text-anchor="middle">${tick(e)}</text>`);
  });
  chart.thresholds.forEach((t, i) => {
    const tx = x(t.value).toFixed(1);
    parts.push(
      `<line class="limit ${t.severity}" x1="${tx}" x2="${tx}" y1="${PAD.top - 4}" y2="${H - PAD.bottom}"><title>${escape(t.label)}</title></line><text class="limit-label ${t.severity}" x="${tx}" y="${PAD.top - 10 + (i % 2) * 10}" text-anchor="${x(t.value) > W / 2 ? 'end' : 'start'}">${escape(t.label)}</text>`,
    );
  });
  const desc = `${chart.title}: ${counts.reduce((a, b) => a + b, 0) + chart.histogram.underflow + chart.histogram.overflow} files from ${tick(lo)} to ${tick(hi)}${unit}${chart.thresholds.map((t) => `; ${t.label}`).join('')}. The table below lists every bin.`;
  return `<svg class="hist" id="${id}" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${id}-t ${id}-d"><title id="${id}-t">${escape(chart.title)}</title><desc id="${id}-d">${escape(desc)}</desc>${parts.join('')}<text class="axis-unit" x="${W - PAD.right}" y="${H - 2}" text-anchor="end">${escape(chart.unit)}</text></svg>`;
}

/** The numbers behind a histogram, for screen readers and for anyone who wants them exactly. */
export function histogramTable(chart: HistogramChart): string {
  const { edges, counts, underflow, overflow, missing } = chart.histogram;
  const unit = chart.unit ? ` ${escape(chart.unit)}` : '';
  const rows = counts.map(
    (n, i) => `<tr><td>${tick(edges[i]!)} to ${tick(edges[i + 1]!)}${unit}</td><td>${n}</td><td><button type="button" class="link" data-metric="${chart.metric}" data-lo="${edges[i]}" data-hi="${edges[i + 1]}">show</button></td></tr>`,
  );
  if (underflow > 0) rows.unshift(`<tr><td>below ${tick(edges[0]!)}${unit}</td><td>${underflow}</td><td></td></tr>`);
  if (overflow > 0) rows.push(`<tr><td>above ${tick(edges[edges.length - 1]!)}${unit}</td><td>${overflow}</td><td></td></tr>`);
  if (missing > 0) rows.push(`<tr><td>not measured</td><td>${missing}</td><td></td></tr>`);
  return `<details class="numbers"><summary>Numbers</summary><table><thead><tr><th scope="col">range</th><th scope="col">files</th><th scope="col"><span class="sr">filter</span></th></tr></thead><tbody>${rows.join('')}</tbody></table></details>`;
}

export interface ScatterPoint {
  x: number;
  y: number;
  group: number;
  outlier: boolean;
  label: string;
  /** Index of the file in the page's table, for the click to open its detail. */
  file: number;
}

const PALETTE = ['#2f6fde', '#e4572e', '#17a398', '#f3a712', '#8e44ad', '#3d9b35', '#d6336c', '#6c757d', '#0b7285', '#a0522d', '#5c7cfa', '#c2255c'];

export function groupColour(index: number): string {
  return PALETTE[index % PALETTE.length]!;
}

/** The 2-D projection of the embeddings, coloured by speaker group, outliers ringed. */
export function scatterSvg(points: readonly ScatterPoint[], title: string, id: string): string {
  const S = 420;
  const pad = 16;
  if (points.length === 0) return '';
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const span = Math.max(x1 - x0, y1 - y0) || 1;
  const sx = (v: number) => pad + ((v - (x0 + x1) / 2) / span + 0.5) * (S - 2 * pad);
  const sy = (v: number) => S - pad - ((v - (y0 + y1) / 2) / span + 0.5) * (S - 2 * pad);
  const dots = [...points]
    .sort((a, b) => Number(a.outlier) - Number(b.outlier))
    .map(
      (p) =>
        `<circle class="dot${p.outlier ? ' outlier' : ''}" data-file="${p.file}" cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="${p.outlier ? 6 : 4}" fill="${groupColour(p.group)}"><title>${escape(p.label)}</title></circle>`,
    );
  return `<svg class="scatter" id="${id}" viewBox="0 0 ${S} ${S}" role="img" aria-labelledby="${id}-t"><title id="${id}-t">${escape(title)}</title><rect class="frame" x="0.5" y="0.5" width="${S - 1}" height="${S - 1}"/>${dots.join('')}</svg>`;
}
