import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Preset } from '../../gate/preset.js';
import { presetLimits } from '../limits.js';
import { forEachReport } from '../outFolder.js';
import { writePictures, type Pictures } from '../pictures/index.js';
import type { FileReport } from '../schema.js';
import { analyseSpeakers, embeddedClips, SPEAKER_RULE_ID, type SpeakerAnalysis, type SpeakerClip, type SpeakerFrom } from '../speakers.js';
import { writeFileAtomic } from '../write.js';
import { histogram } from './charts.js';
import { detailExtras, PageCollector, type DetailExtras } from './data.js';
import { HISTOGRAM_METRICS, metricSpec, METRICS, quantize } from './metrics.js';
import { renderPage, type PageInput } from './page.js';

export type PictureChoice = 'none' | 'rejected' | 'problems' | 'all';

export interface BuildOptions {
  out: string;
  /** The page to write; default OUT/report.html. Pictures go to a folder beside it named "<page>_files". */
  file?: string;
  /** Thresholds drawn on the charts and shown in the detail view (null: none known). */
  preset: Preset | null;
  /** The sha256 the preset must have to be the run's (a mismatch is stated on the page). */
  presetSha256?: string | null;
  speakerFrom?: SpeakerFrom | null;
  pictures?: PictureChoice;
  maxPictures?: number;
  /** Paths in the reports are as given on the command line: relative to this folder. Default: the current one. */
  cwd?: string;
  /** Upload counts of the run that just finished (journal hits told apart), when the page is made by `run --html`. */
  uploadCounts?: { fromJournal: number } | null;
  onWarning?: (message: string) => void;
  /** Reports to show instead of reading OUT/reports (a benchmark's synthetic batch); pictures need real audio. */
  reports?: Iterable<FileReport>;
}

export interface BuildResult {
  file: string;
  bytes: number;
  rows: number;
  files: number;
  pictures: number;
  speakers: SpeakerAnalysis | null;
}

export const DEFAULT_MAX_PICTURES = 200;

function wantsPictures(choice: PictureChoice, verdict: FileReport['verdict']): boolean {
  if (choice === 'all') return true;
  if (choice === 'problems') return verdict !== 'pass';
  if (choice === 'rejected') return verdict === 'reject';
  return false;
}

async function journalLines(out: string): Promise<number | null> {
  try {
    return (await readFile(path.join(out, 'upload-journal.jsonl'), 'utf8')).split('\n').filter((l) => l.trim() !== '').length;
  } catch {
    return null;
  }
}

/** Reads OUT's reports and writes the self-contained HTML page (plus its pictures folder). */
export async function buildHtmlReport(options: BuildOptions): Promise<BuildResult> {
  const out = path.resolve(options.out);
  const file = path.resolve(options.file ?? path.join(out, 'report.html'));
  const pageDir = path.dirname(file);
  const picturesDir = path.join(pageDir, `${path.basename(file, path.extname(file))}_files`);
  const choice = options.pictures ?? 'problems';
  const maxPictures = options.maxPictures ?? DEFAULT_MAX_PICTURES;
  const collector = new PageCollector(out, pageDir, options.cwd ?? process.cwd());
  const clips: SpeakerClip[] = [];
  const candidates: Array<{ row: number; report: FileReport }> = [];
  const shas = new Set<string>();

  const visit = (report: FileReport) => {
    const row = collector.add(report);
    shas.add(report.pipeline.sha256);
    if (options.speakerFrom) clips.push(...embeddedClips(report));
    // Rejected first, then the rest, each in path order: the cap keeps the files most worth a look.
    if (wantsPictures(choice, report.verdict) && report.metrics) candidates.push({ row, report });
  };
  if (options.reports) for (const report of options.reports) visit(report);
  else await forEachReport(out, visit);
  const overview = collector.finish();
  const columns = collector.columns;

  let speakers: SpeakerAnalysis | null = null;
  if (options.speakerFrom && clips.length > 0) {
    speakers = analyseSpeakers(clips, options.speakerFrom, options.preset?.speakers ?? { robustZ: 4, minDrop: 0.025 });
    const severity = options.preset?.speakers.outlier ?? 'warning';
    const spec = metricSpec('speakerSimilarity')!;
    const ruleId = collector.strings.id(SPEAKER_RULE_ID);
    for (const c of speakers.clips) {
      const input = collector.rowOf.get(c.relativePath);
      if (input === undefined) continue;
      const row = (c.output ? collector.rowOfOutput.get(c.path) : undefined) ?? input;
      const group = collector.strings.id(c.speaker);
      columns.speaker[row] = group;
      columns.speaker[input] = group;
      const q = quantize(spec, c.similarity);
      const prev = columns.metrics.speakerSimilarity![row]!;
      columns.metrics.speakerSimilarity![row] = prev === null || (q !== null && q < prev) ? q : prev;
      const has = columns.findings[row]!.some((v, i) => i % 3 === 0 && v === ruleId);
      if (c.outlier && severity !== 'off' && !has) {
        const advice = collector.strings.id('Check that this recording belongs to this speaker: a file in the wrong folder, or a second voice in the take.');
        columns.findings[row]!.push(ruleId, severity === 'error' ? 0 : 1, advice);
        if (row !== input) columns.findings[input]!.push(ruleId, severity === 'error' ? 0 : 1, advice);
        overview.rules[SPEAKER_RULE_ID] ??= { error: 0, warning: 0 };
        overview.rules[SPEAKER_RULE_ID][severity]++;
      }
    }
  } else if (options.speakerFrom) {
    options.onWarning?.('no embeddings in the reports (uploads off?): no speaker section');
  }

  candidates.sort((a, b) => Number(b.report.verdict === 'reject') - Number(a.report.verdict === 'reject') || a.row - b.row);
  const details: Record<number, DetailExtras> = {};
  let pictures = 0;
  for (const { row, report } of candidates) {
    const extras = detailExtras(report);
    if (pictures < maxPictures) {
      try {
        const p: Pictures = await writePictures(path.resolve(options.cwd ?? process.cwd(), report.input.path), report.input.relativePath, picturesDir, pageDir);
        extras.pictures = { waveform: p.waveform, spectrogram: p.spectrogram, spanS: p.spanS, maxHz: p.spectrogramMaxHz };
        pictures++;
      } catch (error) {
        options.onWarning?.(`no pictures for ${report.input.path}: ${(error as Error).message}`);
      }
    }
    if (extras.pictures || candidates.length <= maxPictures) details[row] = extras;
  }

  const limits = options.preset ? presetLimits(options.preset) : [];
  const charts = HISTOGRAM_METRICS.map((key) => {
    const spec = metricSpec(key)!;
    const values = columns.metrics[key]!.filter((_, i) => columns.kind[i] === 0).map((v) => (v === null ? null : v / 10 ** spec.digits));
    const thresholds = limits
      .filter((l) => l.metric === key)
      .flatMap((l) => [
        ...(l.lower !== null ? [{ value: l.lower * spec.scale, label: `${l.rule.id} ≥ ${Number((l.lower * spec.scale).toFixed(spec.digits))}`, severity: l.severity }] : []),
        ...(l.upper !== null ? [{ value: l.upper * spec.scale, label: `${l.rule.id} ≤ ${Number((l.upper * spec.scale).toFixed(spec.digits))}`, severity: l.severity }] : []),
      ]);
    return { metric: key, title: spec.label, unit: spec.unit, thresholds, histogram: histogram(values, { include: thresholds.map((t) => t.value) }) };
  });

  const sha = options.presetSha256 ?? null;
  const presetNote =
    options.preset === null
      ? 'Thresholds unknown: the preset of the run could not be loaded (pass --pipeline).'
      : sha !== null && (shas.size !== 1 || !shas.has(sha))
        ? `Thresholds from the preset "${options.preset.name}", which differs from the one the reports were made with.`
        : null;
  const input: PageInput = {
    title: `voicegate report: ${path.basename(out)}`,
    out,
    outLink: path.relative(pageDir, out).split(path.sep).join('/') || '.',
    generatedAt: new Date().toISOString(),
    preset: options.preset,
    presetNote,
    overview,
    journalLines: await journalLines(out),
    fromJournal: options.uploadCounts?.fromJournal ?? null,
    charts,
    speakers,
    collector,
    details,
    metrics: METRICS,
    limits,
    picturesFor: { none: 'no files', rejected: 'rejected files', problems: 'rejected and fixed files', all: 'every file' }[choice],
    maxPictures,
  };
  const html = renderPage(input);
  await writeFileAtomic(file, html);
  return { file, bytes: Buffer.byteLength(html), rows: columns.kind.length, files: overview.files, pictures, speakers };
}
