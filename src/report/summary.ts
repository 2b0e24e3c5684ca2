import path from 'node:path';
import type { FileReport } from './schema.js';
import { SortedSpill } from './sortedSpill.js';
import { inPieces, writeFileAtomic } from './write.js';

/** One line per input in summary.jsonl / summary.csv: the verdict and the numbers people sort by. */
export interface SummaryRow {
  path: string;
  relativePath: string;
  verdict: FileReport['verdict'];
  /** Rule ids of the errors (and warnings) on the input, and on its outputs when all of them were rejected. */
  errors: string[];
  warnings: string[];
  durationS: number | null;
  speechS: number | null;
  snrDb: number | null;
  c50Db: number | null;
  loudnessLufs: number | null;
  peakDbfs: number | null;
  clippedRatio: number | null;
  bandwidthHz: number | null;
  outputs: number;
  outputsAccepted: number;
  report: string;
  /** Speaker group and the lowest similarity of this input's clips to it (null when not checked). */
  speaker: string | null;
  speakerSimilarity: number | null;
}

export function summaryRow(report: FileReport): SummaryRow {
  const m = report.metrics;
  // A fixed take that is still rejected was rejected for its outputs' errors: list those too.
  const judged = report.verdict === 'reject' ? [report, ...report.outputs] : [report];
  const ids = (severity: string) => [...new Set(judged.flatMap((r) => r.findings.filter((f) => f.severity === severity).map((f) => f.ruleId)))];
  return {
    path: report.input.path,
    relativePath: report.input.relativePath,
    verdict: report.verdict,
    errors: ids('error'),
    warnings: ids('warning'),
    durationS: m?.durationS ?? null,
    speechS: m?.speechS ?? null,
    snrDb: m?.snrDb ?? null,
    c50Db: m?.c50Db ?? null,
    loudnessLufs: m?.loudnessLufs ?? null,
    peakDbfs: m?.peakDbfs ?? null,
    clippedRatio: m?.clippedRatio ?? null,
    bandwidthHz: m?.bandwidthHz ?? null,
    outputs: report.outputs.length,
    outputsAccepted: report.outputs.filter((o) => o.verdict === 'pass').length,
    report: path.posix.join('reports', `${report.input.relativePath}.json`),
    speaker: report.speaker?.group ?? null,
    speakerSimilarity: lowestSimilarity(report),
  };
}

function lowestSimilarity(report: FileReport): number | null {
  const values = (report.speaker?.clips ?? []).flatMap((c) => (c.similarity === null ? [] : [c.similarity]));
  return values.length > 0 ? Math.min(...values) : null;
}

const CSV_COLUMNS: Array<keyof SummaryRow> = [
  'relativePath',
  'verdict',
  'errors',
  'warnings',
  'durationS',
  'speechS',
  'snrDb',
  'c50Db',
  'loudnessLufs',
  'peakDbfs',
  'clippedRatio',
  'bandwidthHz',
  'outputs',
  'outputsAccepted',
  'path',
  'report',
  'speaker',
  'speakerSimilarity',
];

function csvCell(value: SummaryRow[keyof SummaryRow]): string {
  if (value === null) return '';
  const text = Array.isArray(value) ? value.join(' ') : typeof value === 'number' ? String(Math.round(value * 1000) / 1000) : value;
  // Quote everything that could break a row; prefix formula starters so spreadsheets do not execute them.
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\n\r]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

async function* csvLines(rows: AsyncIterable<SummaryRow>): AsyncGenerator<string> {
  yield `${CSV_COLUMNS.join(',')}\n`;
  for await (const row of rows) yield `${CSV_COLUMNS.map((c) => csvCell(row[c])).join(',')}\n`;
}

async function* jsonLines(rows: AsyncIterable<SummaryRow>): AsyncGenerator<string> {
  for await (const row of rows) yield `${JSON.stringify(row)}\n`;
}

/** How many rejected rows a batch keeps for a quick look (summary.jsonl has all of them). */
export const FIRST_REJECTED_KEPT = 20;

/**
 * Where a batch collects its summary rows: sorted by relative path, on disk past a few thousand (SortedSpill),
 * counted by verdict as they come.
 */
export class SummaryRows extends SortedSpill<SummaryRow> {
  readonly counts: Record<FileReport['verdict'], number> = { pass: 0, fixed: 0, reject: 0 };
  /** The first FIRST_REJECTED_KEPT rejected rows, in the order they were added. */
  readonly firstRejected: SummaryRow[] = [];

  constructor(out: string) {
    super(out, (row) => row.relativePath);
  }

  override add(row: SummaryRow): Promise<void> {
    this.counts[row.verdict]++;
    if (row.verdict === 'reject' && this.firstRejected.length < FIRST_REJECTED_KEPT) this.firstRejected.push(row);
    return super.add(row);
  }
}

/** Rows sorted by relative path, so the same batch always gives the same files. */
export async function writeSummary(out: string, rows: SortedSpill<SummaryRow>): Promise<void> {
  await writeFileAtomic(path.join(out, 'summary.jsonl'), inPieces(jsonLines(rows.sorted())));
  await writeFileAtomic(path.join(out, 'summary.csv'), inPieces(csvLines(rows.sorted())));
}
