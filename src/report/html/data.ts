import path from 'node:path';
import type { FileReport } from '../schema.js';
import { METRICS, quantize } from './metrics.js';

/** Interns strings so 100,000 rows repeat small integers instead of folder names, rule ids and advice. */
export class Strings {
  readonly list: string[] = [];
  readonly #index = new Map<string, number>();

  id(text: string): number {
    let i = this.#index.get(text);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(text);
      this.#index.set(text, i);
    }
    return i;
  }
}

const SEVERITY = { error: 0, warning: 1, info: 2 } as const;
const UPLOAD_STATUS = { uploaded: 'u', failed: 'f', 'not-sent': 'n', 'dry-run': 'd' } as const;
export const VERDICT_CODE = { pass: 'p', fixed: 'f', reject: 'r' } as const;

export type Mark = [kind: string, startS: number, endS: number];

/** What only a file with pictures needs: where things are on its time axis. */
export interface DetailExtras {
  speech: Array<[number, number]>;
  marks: Mark[];
  notes: string[];
  messages: string[];
  pictures?: { waveform: string; spectrogram: string; spanS: number; maxHz: number };
}

/**
 * The files table, column by column (one entry per input, then its fixed outputs right after it): everything
 * the page's script needs for sorting, filtering and the detail view, in integers and interned strings.
 */
export interface TableColumns {
  /** 0 input, 1 fixed output. */
  kind: number[];
  /** Row of the input an output belongs to (-1 for inputs). */
  parent: number[];
  /** Folder (interned) and file name of the path shown. */
  dir: number[];
  name: string[];
  /** Folder of the link to the audio, relative to the page (interned). */
  link: number[];
  /** One character per row: p(ass) f(ixed) r(eject). */
  verdict: string;
  /** Per row, flat [rule, severity, advice] triples (interned rule ids and advice). */
  findings: number[][];
  /** Per row: upload status characters (u uploaded, f failed, n not sent, d dry-run), one per clip sent. */
  upload: string[];
  /** Per row: speaker group (interned) or -1. */
  speaker: number[];
  metrics: Record<string, Array<number | null>>;
}

function emptyColumns(): TableColumns {
  return { kind: [], parent: [], dir: [], name: [], link: [], verdict: '', findings: [], upload: [], speaker: [], metrics: Object.fromEntries(METRICS.map((m) => [m.key, []])) };
}

const round2 = (v: number) => Math.round(v * 100) / 100;

export function detailExtras(report: FileReport): DetailExtras {
  const m = report.metrics;
  const marks: Mark[] = [];
  if (m) {
    if (m.leadingSilenceS > 0) marks.push(['leading silence', 0, round2(m.leadingSilenceS)]);
    if (m.trailingSilenceS > 0) marks.push(['trailing silence', round2(m.durationS - m.trailingSilenceS), round2(m.durationS)]);
    for (const g of m.gaps) marks.push(['pause', round2(g.startS), round2(g.endS)]);
    for (const r of m.clippedRuns.slice(0, 500)) marks.push(['clipped', round2(r.startS), round2(Math.max(r.endS, r.startS + 0.01))]);
  }
  for (const c of report.fix?.cuts ?? []) marks.push([`cut: ${c.kind}`, round2(c.startS), round2(c.endS)]);
  for (const o of report.fix?.outputs ?? []) for (const s of o.spans) marks.push([`kept → output ${o.index + 1}`, round2(s.startS), round2(s.endS)]);
  return {
    speech: report.speech.map((s) => [round2(s.startS), round2(s.endS)]),
    marks,
    notes: report.fix?.notes ?? [],
    messages: report.findings.map((f) => f.message),
  };
}

export interface UploadTally {
  uploaded: number;
  failed: number;
  notSent: number;
  dryRun: number;
  errors: Record<string, number>;
}

export interface Overview {
  files: number;
  verdicts: Record<FileReport['verdict'], number>;
  /** Per rule id: inputs where it fired as an error / as a warning. */
  rules: Record<string, { error: number; warning: number }>;
  totalS: number;
  /** Audio that passed: passing inputs, plus the accepted outputs of fixed ones. */
  acceptedS: number;
  uploads: UploadTally | null;
  pipelines: string[];
}

/** Gathers the page's data one report at a time. */
export class PageCollector {
  readonly strings = new Strings();
  readonly columns = emptyColumns();
  readonly overview: Overview = { files: 0, verdicts: { pass: 0, fixed: 0, reject: 0 }, rules: {}, totalS: 0, acceptedS: 0, uploads: null, pipelines: [] };
  /** Rows of inputs, by relative path (for the speaker step and pictures). */
  readonly rowOf = new Map<string, number>();
  /** Rows of fixed outputs, by their path relative to OUT. */
  readonly rowOfOutput = new Map<string, number>();
  readonly #pipelines = new Set<string>();

  constructor(
    private readonly out: string,
    private readonly pageDir: string,
    private readonly cwd: string,
  ) {}

  /** The folder of a link from the page to `file` (a path as given on the command line, or relative to OUT). */
  #linkDir(file: string, relativeToOut: boolean): number {
    const absolute = relativeToOut ? path.resolve(this.out, file) : path.resolve(this.cwd, file);
    const rel = path.relative(this.pageDir, path.dirname(absolute)).split(path.sep).join('/');
    return this.strings.id(rel === '' ? '.' : rel);
  }

  #row(kind: 0 | 1, parent: number, shown: string, link: number, verdict: string, findings: FileReport['findings'], metrics: Record<string, unknown> | null): number {
    const c = this.columns;
    const row = c.kind.length;
    c.kind.push(kind);
    c.parent.push(parent);
    c.dir.push(this.strings.id(path.posix.dirname(shown)));
    c.name.push(path.posix.basename(shown));
    c.link.push(link);
    c.verdict += verdict;
    c.findings.push(findings.flatMap((f) => [this.strings.id(f.ruleId), SEVERITY[f.severity], this.strings.id(f.advice)]));
    c.upload.push('');
    c.speaker.push(-1);
    for (const spec of METRICS) c.metrics[spec.key]!.push(quantize(spec, metrics?.[spec.key] as number | null | undefined));
    return row;
  }

  add(report: FileReport): number {
    const o = this.overview;
    o.files++;
    o.verdicts[report.verdict]++;
    this.#pipelines.add(report.pipeline.name);
    const duration = report.metrics?.durationS ?? 0;
    o.totalS += duration;
    if (report.verdict === 'pass') o.acceptedS += duration;
    for (const f of report.findings) {
      if (f.severity === 'info') continue;
      o.rules[f.ruleId] ??= { error: 0, warning: 0 };
    }
    for (const id of new Set(report.findings.filter((f) => f.severity === 'error').map((f) => f.ruleId))) o.rules[id]!.error++;
    for (const id of new Set(report.findings.filter((f) => f.severity === 'warning').map((f) => f.ruleId))) o.rules[id]!.warning++;

    const metrics = report.metrics ? { ...report.metrics, speakerSimilarity: lowest(report.speaker?.clips.filter((c) => c.path === report.input.path)) } : null;
    const row = this.#row(0, -1, report.input.relativePath, this.#linkDir(report.input.path, false), VERDICT_CODE[report.verdict], report.findings, metrics);
    this.rowOf.set(report.input.relativePath, row);
    const uploads = report.upload ?? [];
    if (report.upload) o.uploads ??= { uploaded: 0, failed: 0, notSent: 0, dryRun: 0, errors: {} };
    for (const u of uploads) {
      const t = o.uploads!;
      if (u.status === 'uploaded') t.uploaded++;
      else if (u.status === 'failed') t.failed++;
      else if (u.status === 'not-sent') t.notSent++;
      else t.dryRun++;
      if (u.error) t.errors[u.error.code] = (t.errors[u.error.code] ?? 0) + 1;
    }
    const statusOf = (p: string) => uploads.filter((u) => u.path === p).map((u) => UPLOAD_STATUS[u.status]).join('');
    this.columns.upload[row] = statusOf(report.input.path);
    const group = report.speaker ? this.strings.id(report.speaker.group) : -1;
    this.columns.speaker[row] = group;
    for (const output of report.outputs) {
      if (output.verdict === 'pass') o.acceptedS += output.durationS;
      const outMetrics = { ...output.metrics, speakerSimilarity: lowest(report.speaker?.clips.filter((c) => c.path === output.path)) };
      const r = this.#row(1, row, output.path, this.#linkDir(output.path, true), VERDICT_CODE[output.verdict], output.findings, outMetrics);
      this.rowOfOutput.set(output.path, r);
      this.columns.upload[r] = statusOf(output.path);
      this.columns.speaker[r] = group;
    }
    return row;
  }

  finish(): Overview {
    this.overview.pipelines = [...this.#pipelines].sort();
    return this.overview;
  }
}

function lowest(clips: Array<{ similarity: number | null }> | undefined): number | null {
  const values = (clips ?? []).flatMap((c) => (c.similarity === null ? [] : [c.similarity]));
  return values.length > 0 ? Math.min(...values) : null;
}
