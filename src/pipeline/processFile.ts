import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { analyzeFeatures, createFeatureExtractor } from '../analysis/index.js';
import type { Analysis } from '../analysis/types.js';
import { DecodeError, openAudio, type AudioSource } from '../decode/index.js';
import { outputNames, planFix, writeFixPlan } from '../fix/index.js';
import type { FixPlan } from '../fix/types.js';
import { inputFinding } from '../gate/input.js';
import { judge } from '../gate/judge.js';
import type { Preset } from '../gate/preset.js';
import type { Finding, Verdict } from '../gate/types.js';
import type { FileReport, OutputReport } from '../report/schema.js';
import { REPORT_SCHEMA_ID, REPORT_VERSION } from '../report/version.js';
import { TOOL_VERSION } from '../version.js';
import { insideFolder, type InputFile } from './inputs.js';

export interface ProcessOptions {
  /** Output folder; fixed audio goes to `<out>/audio/`. */
  out: string;
  /** sha256 of the preset as loaded, for the report. */
  presetSha256: string;
  signal?: AbortSignal;
}

/** Decodes a source once, streaming its chunks through the feature extractor, and analyses it. */
export async function analyzeSource(source: AudioSource, signal?: AbortSignal): Promise<Analysis> {
  const { sampleRateHz, channels, durationS } = source.info;
  const extractor = createFeatureExtractor(sampleRateHz, channels, Math.ceil((durationS ?? 0) * sampleRateHz));
  for await (const chunk of source.chunks(signal)) extractor.push(chunk);
  return analyzeFeatures(extractor.finish());
}

/** A clip is worth fixing when every error on it is fixable and something fixable was found. */
function needsFix(findings: Finding[], preset: Preset): boolean {
  if (!preset.fix.enabled) return false;
  const fixable = findings.filter((f) => f.fixable !== undefined);
  return fixable.length > 0 && findings.every((f) => f.severity !== 'error' || f.fixable !== undefined);
}

async function judgeOutput(file: string, out: string, preset: Preset, signal?: AbortSignal): Promise<OutputReport> {
  const source = await openAudio(file, { signal });
  const analysis = await analyzeSource(source, signal);
  const { findings, verdict } = judge(analysis.metrics, preset);
  return {
    path: path.relative(out, file).split(path.sep).join('/'),
    sha256: source.info.sha256,
    durationS: analysis.metrics.durationS,
    metrics: analysis.metrics,
    findings,
    verdict,
  };
}

function baseReport(input: InputFile, preset: Preset, options: ProcessOptions): FileReport {
  return {
    $schema: REPORT_SCHEMA_ID,
    reportVersion: REPORT_VERSION,
    tool: { name: 'voicegate', version: TOOL_VERSION },
    pipeline: { name: preset.name, sha256: options.presetSha256 },
    input: { path: input.path, relativePath: input.relativePath, sha256: null, bytes: null, source: null },
    metrics: null,
    findings: [],
    verdict: 'reject',
    fix: null,
    outputs: [],
    speech: [],
    upload: null,
  };
}

/**
 * One input through decode → measure → judge → fix → re-measure → re-judge. Never throws for a bad
 * input: a file that cannot be decoded becomes a report with an `input/…` finding and verdict `reject`.
 */
export async function processFile(input: InputFile, preset: Preset, options: ProcessOptions): Promise<FileReport> {
  const report = baseReport(input, preset, options);
  let source: AudioSource;
  let analysis: Analysis;
  try {
    source = await openAudio(input.path, { signal: options.signal });
    report.input.sha256 = source.info.sha256;
    report.input.bytes = source.info.bytes;
    report.input.source = source.info;
    analysis = await analyzeSource(source, options.signal);
  } catch (error) {
    if (options.signal?.aborted) throw error;
    const { ruleId, message } = error instanceof DecodeError ? error : { ruleId: 'input/decode-failed', message: (error as Error).message };
    report.findings = [inputFinding(ruleId, message, 'error')];
    return report;
  }
  const inputIssues = source.warnings.map((w) => ({ ruleId: w.ruleId, message: w.message, severity: 'warning' as const }));
  const { findings, verdict } = judge(analysis.metrics, preset, { inputIssues });
  report.metrics = analysis.metrics;
  report.findings = findings;
  report.speech = analysis.speech;
  report.verdict = verdict;
  if (!needsFix(findings, preset)) return report;

  const plan: FixPlan = planFix(analysis, preset.fix, findings, analysis.envelope);
  report.fix = plan;
  if (!plan.changes) return report;
  const out = options.out;
  const stem = input.relativePath.slice(0, input.relativePath.length - path.extname(input.relativePath).length);
  const targets = outputNames(`${stem}.wav`, plan.outputs.length).map((name) => insideFolder(out, path.join('audio', name)));
  await mkdir(path.dirname(targets[0]!), { recursive: true });
  // A re-run replaces its own earlier outputs (never an input: the caller checks that `out` holds no inputs).
  await Promise.all(targets.map((t) => rm(t, { force: true })));
  await writeFixPlan(() => source.chunks(options.signal), source.info.sampleRateHz, plan, targets);
  for (const target of targets) report.outputs.push(await judgeOutput(target, out, preset, options.signal));
  // A split take is usable when any of its segments is; each output keeps its own verdict for the uploader.
  const finalVerdict: Verdict = report.outputs.some((o) => o.verdict === 'pass') ? 'fixed' : 'reject';
  report.verdict = finalVerdict;
  return report;
}
