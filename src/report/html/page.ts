import type { Preset } from '../../gate/preset.js';
import type { PresetLimit } from '../limits.js';
import type { SpeakerAnalysis } from '../speakers.js';
import { groupColour, histogramSvg, histogramTable, scatterSvg, type HistogramChart, type ScatterPoint } from './charts.js';
import { CLIENT_JS } from './client.js';
import type { DetailExtras, Overview, PageCollector } from './data.js';
import type { MetricSpec } from './metrics.js';
import { STYLE } from './style.js';

export interface PageInput {
  title: string;
  out: string;
  /** OUT relative to the page's folder. */
  outLink: string;
  generatedAt: string;
  preset: Preset | null;
  presetNote: string | null;
  overview: Overview;
  journalLines: number | null;
  fromJournal: number | null;
  charts: HistogramChart[];
  speakers: SpeakerAnalysis | null;
  collector: PageCollector;
  details: Record<number, DetailExtras>;
  metrics: readonly MetricSpec[];
  limits: PresetLimit[];
  picturesFor: string;
  maxPictures: number;
}

/** Most points drawn in the speaker scatter (outliers always drawn); the table lists every group. */
const MAX_SCATTER_POINTS = 3000;

const esc = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const hours = (s: number) => (s >= 360 ? `${(s / 3600).toFixed(1)} h` : s >= 60 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(1)} s`);
const n = (v: number) => v.toLocaleString('en');

function overviewHtml(p: PageInput): string {
  const o = p.overview;
  const share = (k: keyof Overview['verdicts']) => (o.files > 0 ? (100 * o.verdicts[k]) / o.files : 0);
  const kpi = (cls: string, value: string, label: string, attrs = '') => `<div class="kpi ${cls}" ${attrs}><div class="n">${value}</div><div class="l">${label}</div></div>`;
  return `<section aria-labelledby="h-overview"><h2 id="h-overview" class="sr">Overview</h2>
<div class="kpis">
${kpi('', n(o.files), 'files', 'data-count="files"')}
${kpi('pass', n(o.verdicts.pass), `<button type="button" class="link" data-verdict="p">pass</button>`, 'data-count="pass"')}
${kpi('fixed', n(o.verdicts.fixed), `<button type="button" class="link" data-verdict="f">fixed</button>`, 'data-count="fixed"')}
${kpi('reject', n(o.verdicts.reject), `<button type="button" class="link" data-verdict="r">rejected</button>`, 'data-count="reject"')}
${kpi('', hours(o.totalS), 'audio in total', `data-seconds="${o.totalS.toFixed(3)}"`)}
${kpi('', hours(o.acceptedS), 'accepted audio', `data-seconds="${o.acceptedS.toFixed(3)}"`)}
</div>
<div class="stack" role="img" aria-label="${share('pass').toFixed(0)} % pass, ${share('fixed').toFixed(0)} % fixed, ${share('reject').toFixed(0)} % rejected"><span class="pass" style="width:${share('pass')}%"></span><span class="fixed" style="width:${share('fixed')}%"></span><span class="reject" style="width:${share('reject')}%"></span></div>
</section>`;
}

function rulesHtml(o: Overview): string {
  const entries = Object.entries(o.rules).sort((a, b) => b[1].error - a[1].error || b[1].warning - a[1].warning || (a[0] < b[0] ? -1 : 1));
  if (entries.length === 0) return '<p class="note">No rule fired.</p>';
  const peak = Math.max(...entries.map(([, c]) => c.error + c.warning));
  const items = entries.map(
    ([id, c]) =>
      `<li data-rule-row="${esc(id)}"><button type="button" data-rule="${esc(id)}" title="Show these files">${esc(id)}</button><div class="rbar" role="img" aria-label="${c.error} errors, ${c.warning} warnings"><span class="e" style="width:${(100 * c.error) / peak}%"></span><span class="w" style="width:${(100 * c.warning) / peak}%"></span></div><span class="c">${c.error ? `${n(c.error)} err` : ''}${c.error && c.warning ? ' · ' : ''}${c.warning ? `${n(c.warning)} warn` : ''}</span></li>`,
  );
  return `<ul class="rules">${items.join('')}</ul>`;
}

function uploadsHtml(p: PageInput): string {
  const u = p.overview.uploads;
  if (!u) return '<p class="note">Uploading was off for these files.</p>';
  const codes = Object.entries(u.errors).sort((a, b) => b[1] - a[1]);
  const journal = p.fromJournal !== null ? `<span>of which found in the journal: <b>${n(p.fromJournal)}</b></span>` : '';
  return `<div class="uploads" data-uploads><span>uploaded: <b data-upload="uploaded">${n(u.uploaded)}</b></span>${journal}<span>failed: <b data-upload="failed">${n(u.failed)}</b></span><span>not sent: <b>${n(u.notSent)}</b></span>${u.dryRun ? `<span>dry run: <b>${n(u.dryRun)}</b></span>` : ''}</div>
${codes.length > 0 ? `<table class="plain"><thead><tr><th scope="col">error code</th><th scope="col">clips</th></tr></thead><tbody>${codes.map(([c, k]) => `<tr><td><code>${esc(c)}</code></td><td>${n(k)}</td></tr>`).join('')}</tbody></table>` : ''}
${p.journalLines !== null ? `<p class="note">The upload journal holds ${n(p.journalLines)} clip${p.journalLines === 1 ? '' : 's'} (counted once however often a run is repeated).</p>` : ''}`;
}

function speakersHtml(p: PageInput): string {
  const s = p.speakers;
  if (!s) return '';
  const groupIndex = new Map(s.groups.map((g, i) => [g.group, i]));
  const outliers = s.clips.filter((c) => c.outlier);
  const step = Math.max(1, Math.ceil(s.clips.length / MAX_SCATTER_POINTS));
  const points: ScatterPoint[] = s.clips
    .filter((c, i) => c.outlier || i % step === 0)
    .map((c) => ({
      x: c.x,
      y: c.y,
      group: groupIndex.get(c.speaker) ?? 0,
      outlier: c.outlier,
      label: `${c.path} (speaker ${c.speaker}, similarity ${c.similarity?.toFixed(3) ?? 'n/a'}${c.outlier ? ', outlier' : ''})`,
      file: (c.output ? p.collector.rowOfOutput.get(c.path) : undefined) ?? p.collector.rowOf.get(c.relativePath) ?? 0,
    }));
  const rows = s.groups
    .map(
      (g, i) =>
        `<tr${g.outliers > 0 ? ' class="bad"' : ''}><td><i style="display:inline-block;width:10px;height:10px;border-radius:50%;background:${groupColour(i)}"></i> ${esc(g.group)}</td><td>${g.clips}</td><td>${g.medianSimilarity?.toFixed(3) ?? '–'}</td><td>${g.cutoff?.toFixed(3) ?? `too few clips`}</td><td>${g.outliers}</td></tr>`,
    )
    .join('');
  const legend = s.groups.length <= 24 ? `<div class="legend">${s.groups.map((g, i) => `<span><i style="background:${groupColour(i)}"></i>${esc(g.group)}</span>`).join('')}</div>` : '';
  const list = outliers.length
    ? `<h3>Outliers</h3><ul class="findings">${outliers
        .slice(0, 200)
        .map((c) => `<li><button type="button" class="link" data-file="${(c.output ? p.collector.rowOfOutput.get(c.path) : undefined) ?? p.collector.rowOf.get(c.relativePath) ?? 0}">${esc(c.path)}</button> in <b>${esc(c.speaker)}</b>: similarity ${c.similarity!.toFixed(3)}, cutoff ${c.cutoff!.toFixed(3)}</li>`)
        .join('')}</ul>`
    : '<p>No outliers: every clip sounds like the rest of its group.</p>';
  return `<section class="card" aria-labelledby="h-speakers" id="speakers"><h2 id="h-speakers">Speaker consistency</h2>
<p class="note">Each clip's embedding against the mean of the other clips of its speaker (cosine). A clip is an outlier when it sits more than ${p.preset?.speakers.robustZ ?? 4} robust standard deviations (pooled over groups: ${s.scale.toFixed(4)}) and at least ${p.preset?.speakers.minDrop ?? 0.025} below its group's median. ${s.ungrouped > 0 ? `${s.ungrouped} clips matched no speaker pattern.` : ''}</p>
<div class="speakers"><div>${scatterSvg(points, `Embeddings projected on their first two principal components (${(100 * s.explained[0]).toFixed(0)} % and ${(100 * s.explained[1]).toFixed(0)} % of the variance), coloured by speaker; outliers ringed in red`, 'pca')}${legend}<p class="note">PCA of ${n(s.clips.length)} embeddings: ${(100 * s.explained[0]).toFixed(0)} % + ${(100 * s.explained[1]).toFixed(0)} % of the variance.${step > 1 ? ` Every ${step}th clip drawn, all outliers.` : ''}</p></div>
<div><table class="plain" id="speaker-groups"><thead><tr><th scope="col">speaker</th><th scope="col">clips</th><th scope="col">median similarity</th><th scope="col">cutoff</th><th scope="col">outliers</th></tr></thead><tbody>${rows}</tbody></table>${list}</div></div></section>`;
}

const TABLE_METRICS = ['durationS', 'snrDb', 'c50Db', 'loudnessLufs', 'speechRatio'];

function filesHtml(p: PageInput, tableMetrics: string[]): string {
  const ruleIds = Object.keys(p.overview.rules).sort();
  const spec = (k: string) => p.metrics.find((m) => m.key === k)!;
  const head = tableMetrics.map((k) => `<div class="num" role="columnheader" data-sort="${k}" aria-sort="none"><button type="button">${esc(spec(k).label)}${spec(k).unit ? ` (${esc(spec(k).unit)})` : ''}</button></div>`).join('');
  const cols = `minmax(260px,2.4fr) 90px minmax(150px,1.6fr) ${tableMetrics.map(() => 'minmax(78px,.7fr)').join(' ')}`;
  return `<section class="card" id="files" aria-labelledby="h-files"><h2 id="h-files">Files</h2>
<div class="toolbar" role="search">
<input type="search" id="f-text" placeholder="Filter by path or speaker  ( / )" aria-label="Filter by text in the path or speaker">
<select id="f-verdict" aria-label="Verdict"><option value="">all verdicts</option><option value="p">pass</option><option value="f">fixed</option><option value="r">rejected</option></select>
<select id="f-rule" aria-label="Rule"><option value="">any rule</option>${ruleIds.map((id) => `<option value="${esc(id)}">${esc(id)}</option>`).join('')}</select>
<select id="f-metric" aria-label="Metric for the range"><option value="">metric range…</option>${p.metrics.map((m) => `<option value="${m.key}">${esc(m.label)}${m.unit ? ` (${esc(m.unit)})` : ''}</option>`).join('')}</select>
<input type="number" id="f-lo" step="any" placeholder="min" aria-label="Range minimum"><input type="number" id="f-hi" step="any" placeholder="max" aria-label="Range maximum">
<label><input type="checkbox" id="f-outputs" checked> fixed outputs</label>
<button type="button" id="f-clear">Clear</button>
<span class="count" id="f-count" aria-live="polite"></span>
</div>
<div class="table" style="--cols:${cols}"><div id="rows-grid" role="grid" aria-label="Files: arrow keys move, Enter opens the detail" aria-rowcount="1">
<div class="thead" role="row" aria-rowindex="1"><div role="columnheader" data-sort="path" aria-sort="none"><button type="button">Path</button></div><div role="columnheader" data-sort="verdict" aria-sort="none"><button type="button">Verdict</button></div><div role="columnheader" data-sort="issues" aria-sort="none"><button type="button">Findings</button></div>${head}</div>
<div class="scroller" id="rows" tabindex="0" role="rowgroup"><div class="spacer" id="spacer"></div></div></div></div>
<p class="note">Keys: <kbd>/</kbd> filter, <kbd>↑</kbd> <kbd>↓</kbd> <kbd>PgUp</kbd> <kbd>PgDn</kbd> move, <kbd>Enter</kbd> details, <kbd>Esc</kbd> close. Click a histogram bar or a rule to filter.</p>
</section>`;
}

/** A column of integers as base-36 text, comma-separated, an empty field for "not measured": about half the bytes of JSON. */
export function encodeColumn(values: ReadonlyArray<number | null>): string {
  return values.map((v) => (v === null ? '' : v.toString(36))).join(',');
}

/** JSON inside a script element: "</" would end the element early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/<\//g, '<\\/').replace(/<!--/g, '<\\!--');
}

export function renderPage(p: PageInput): string {
  const c = p.collector;
  const present = (key: string) => c.columns.metrics[key]!.some((x) => x !== null);
  const tableMetrics = (p.speakers ? [...TABLE_METRICS, 'speakerSimilarity'] : TABLE_METRICS).filter(present);
  const byKey = new Map(p.metrics.map((m) => [m.key, m]));
  const data = {
    strings: c.strings.list,
    cols: {
      ...c.columns,
      metrics: Object.fromEntries(Object.entries(c.columns.metrics).filter(([k]) => present(k)).map(([k, v]) => [k, encodeColumn(v)])),
    },
    metrics: p.metrics.filter((m) => present(m.key)),
    tableMetrics,
    limits: p.limits
      .filter((l) => byKey.has(l.metric) && present(l.metric))
      .map((l) => {
        const s = byKey.get(l.metric)!;
        return { rule: l.rule.id, severity: l.severity, metric: l.metric, lower: l.lower === null ? null : l.lower * s.scale, upper: l.upper === null ? null : l.upper * s.scale };
      }),
    details: p.details,
    picturesFor: p.picturesFor,
    maxPictures: p.maxPictures,
  };
  const charts = p.charts
    .map((chart, i) => `<div class="chart"><h3>${esc(chart.title)}${chart.unit ? ` (${esc(chart.unit)})` : ''}</h3>${histogramSvg(chart, `hist-${i}`)}${histogramTable(chart)}</div>`)
    .join('');
  const presetLine = p.preset ? `preset <b>${esc(p.preset.name)}</b>` : 'preset unknown';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' file: data:; media-src 'self' file:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>${esc(p.title)}</title><style>${STYLE}</style></head>
<body>
<header class="top"><h1>${esc(p.title)}</h1><span class="meta">${presetLine} · ${n(p.overview.files)} files · made ${esc(p.generatedAt.slice(0, 16).replace('T', ' '))} UTC by voicegate</span></header>
<main>
${p.presetNote ? `<p class="note">${esc(p.presetNote)}</p>` : ''}
${overviewHtml(p)}
<section class="grid2"><div class="card"><h2>Rules that fired</h2>${rulesHtml(p.overview)}</div><div class="card"><h2>Uploads</h2>${uploadsHtml(p)}</div></section>
<section class="card" aria-labelledby="h-charts"><h2 id="h-charts">Distributions</h2><p class="note">Inputs as measured before any fix; dashed lines are the preset's limits (red: error, amber: warning).</p><div class="charts">${charts}</div></section>
${speakersHtml(p)}
${filesHtml(p, tableMetrics)}
</main>
<aside id="detail" role="dialog" aria-modal="false" aria-labelledby="d-title" hidden></aside>
<script type="application/json" id="vg-data">${scriptJson(data)}</script>
<script>${CLIENT_JS}</script>
</body></html>
`;
}
