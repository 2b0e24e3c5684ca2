import type { Preset } from '../gate/preset.js';
import type { Finding } from '../gate/types.js';
import { forEachReport } from './outFolder.js';
import type { FileReport, SpeakerCheck } from './schema.js';
import { speakerOf, type SpeakerFrom } from './speakers/group.js';
import { findOutliers, type GroupSummary, type OutlierOptions } from './speakers/outliers.js';
import { pca2 } from './speakers/pca.js';
import { summaryRow, SummaryRows, writeSummary, type SummaryRow } from './summary.js';
import { writeReport } from './write.js';

export { parseSpeakerFrom, speakerOf, type SpeakerFrom } from './speakers/group.js';

export const SPEAKER_RULE_ID = 'speaker-outlier';

/** An uploaded clip with its embedding, and the input it came from. */
export interface SpeakerClip {
  path: string;
  relativePath: string;
  /** True for a fixed output of the input, false for the input itself. */
  output: boolean;
  embedding: number[];
}

export interface ClipResult {
  path: string;
  relativePath: string;
  output: boolean;
  speaker: string;
  similarity: number | null;
  robustZ: number | null;
  cutoff: number | null;
  outlier: boolean;
  /** Position on the first two principal components of all grouped embeddings. */
  x: number;
  y: number;
}

export interface SpeakerAnalysis {
  clips: ClipResult[];
  groups: GroupSummary[];
  scale: number;
  explained: [number, number];
  /** Clips a --speaker-from regex did not match. */
  ungrouped: number;
}

/** The components come from at most this many clips (evenly spaced); every clip is then projected. */
const PCA_SAMPLE = 4000;

/** The uploaded clips of a report that carry an embedding. */
export function embeddedClips(report: FileReport): SpeakerClip[] {
  return (report.upload ?? []).flatMap((u) => (u.embedding ? [{ path: u.path, relativePath: report.input.relativePath, output: u.path !== report.input.path, embedding: u.embedding }] : []));
}

export function analyseSpeakers(clips: readonly SpeakerClip[], from: SpeakerFrom, options: OutlierOptions): SpeakerAnalysis {
  const grouped = clips.flatMap((clip) => {
    const group = speakerOf(clip.relativePath, from);
    return group === null ? [] : [{ clip, group, embedding: clip.embedding }];
  });
  const { scored, groups, scale } = findOutliers(grouped, options);
  const step = Math.max(1, Math.ceil(grouped.length / PCA_SAMPLE));
  const sample = grouped.filter((_, i) => i % step === 0).map((g) => g.embedding);
  const projection = sample.length >= 2 ? pca2(sample) : null;
  const mean = new Float64Array(grouped[0]?.embedding.length ?? 0);
  for (const row of sample) for (let j = 0; j < mean.length; j++) mean[j]! += row[j]! / sample.length;
  const project = (v: number[], axis: Float64Array) => v.reduce((acc, x, j) => acc + (x - mean[j]!) * axis[j]!, 0);
  return {
    clips: scored.map((s) => ({
      path: s.clip.path,
      relativePath: s.clip.relativePath,
      output: s.clip.output,
      speaker: s.group,
      similarity: s.similarity,
      robustZ: s.robustZ,
      cutoff: s.cutoff,
      outlier: s.outlier,
      x: projection ? project(s.clip.embedding, projection.components[0]) : 0,
      y: projection ? project(s.clip.embedding, projection.components[1]) : 0,
    })),
    groups,
    scale,
    explained: projection?.explained ?? [0, 0],
    ungrouped: clips.length - grouped.length,
  };
}

export function outlierFinding(clip: ClipResult, severity: 'error' | 'warning'): Finding {
  const advice = 'Check that this recording belongs to this speaker: a file in the wrong folder, or a second voice in the take';
  const which = clip.output ? `The voice in ${clip.path}` : 'The voice';
  const text = `${which} differs from the other clips of speaker "${clip.speaker}": similarity ${clip.similarity!.toFixed(3)}, expected at least ${clip.cutoff!.toFixed(3)}`;
  return {
    ruleId: SPEAKER_RULE_ID,
    severity,
    message: `${text}: ${advice.charAt(0).toLowerCase()}${advice.slice(1)}.`,
    advice: `${advice}.`,
    metric: 'speakerSimilarity',
    value: clip.similarity,
    threshold: clip.cutoff,
    unit: null,
  };
}

/**
 * Puts the speaker check into a report: the `speaker` section, a speaker-outlier finding per outlying clip and,
 * when the preset makes it an error, the rejection (of the input, or of the fixed output that was the clip).
 */
export function applySpeakerCheck(report: FileReport, clips: readonly ClipResult[], severity: 'error' | 'warning'): FileReport {
  const findings = report.findings.filter((f) => f.ruleId !== SPEAKER_RULE_ID);
  const outputs = report.outputs.map((o) => ({ ...o, findings: o.findings.filter((f) => f.ruleId !== SPEAKER_RULE_ID) }));
  let verdict = report.verdict;
  for (const clip of clips.filter((c) => c.outlier)) {
    const finding = outlierFinding(clip, severity);
    findings.push(finding);
    const output = outputs.find((o) => o.path === clip.path);
    if (output) {
      output.findings.push(finding);
      if (severity === 'error') output.verdict = 'reject';
    } else if (severity === 'error') verdict = 'reject';
  }
  if (severity === 'error' && report.verdict === 'fixed' && !outputs.some((o) => o.verdict === 'pass')) verdict = 'reject';
  const speaker: SpeakerCheck | undefined =
    clips.length > 0 ? { group: clips[0]!.speaker, clips: clips.map((c) => ({ path: c.path, similarity: c.similarity, cutoff: c.cutoff, outlier: c.outlier })) } : undefined;
  return { ...report, findings, outputs, verdict, ...(speaker && { speaker }) };
}

export interface SpeakerRunResult {
  analysis: SpeakerAnalysis;
  /** Verdicts after the check, over every report in the folder. */
  counts: Record<FileReport['verdict'], number>;
  /** The first FIRST_REJECTED_KEPT (summary.ts) rejected rows, in report order. */
  firstRejected: SummaryRow[];
}

/**
 * The speaker step of `voicegate run --speaker-from`: reads every report's embeddings, scores each clip
 * against its group, writes the findings into the reports and rewrites summary.jsonl / summary.csv.
 */
export async function checkSpeakers(out: string, preset: Preset, from: SpeakerFrom): Promise<SpeakerRunResult> {
  const clips: SpeakerClip[] = [];
  await forEachReport(out, (report) => void clips.push(...embeddedClips(report)));
  const analysis = analyseSpeakers(clips, from, preset.speakers);
  const byInput = new Map<string, ClipResult[]>();
  for (const c of analysis.clips) (byInput.get(c.relativePath) ?? byInput.set(c.relativePath, []).get(c.relativePath)!).push(c);
  const rows = new SummaryRows(out);
  const severity = preset.speakers.outlier;
  try {
    await forEachReport(out, async (report) => {
      const mine = byInput.get(report.input.relativePath);
      if (severity !== 'off' && mine) {
        report = applySpeakerCheck(report, mine, severity);
        await writeReport(out, report);
      }
      await rows.add(summaryRow(report));
    });
    await writeSummary(out, rows);
  } finally {
    await rows.dispose();
  }
  return { analysis, counts: rows.counts, firstRejected: rows.firstRejected };
}
