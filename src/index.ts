import { analyzeFeatures, analyzePcm } from './analysis/index.js';
import type { Analysis, Metrics, TimeSpan } from './analysis/types.js';
import { openAudio, type SourceInfo } from './decode/index.js';
import { judge } from './gate/index.js';
import { loadPreset, type Preset } from './gate/preset.js';
import type { Finding } from './gate/types.js';
import { analyzeSource } from './pipeline/processFile.js';

export type { Analysis, Metrics, TimeSpan } from './analysis/types.js';
export type { Finding, Severity, Verdict } from './gate/types.js';
export type { FixOptions, FixPlan } from './fix/types.js';
export type { FileReport } from './report/schema.js';
export type { Preset } from './gate/preset.js';
export type { RunOptions, RunProgress, RunResult } from './pipeline/run.js';
export { analyzeFeatures, analyzePcm };
export { createFeatureExtractor, extractFeatures } from './analysis/index.js';
export { openAudio, resolveFfmpeg, DecodeError } from './decode/index.js';
export { judge } from './gate/index.js';
export { loadPreset, PresetError } from './gate/preset.js';
export { planFix } from './fix/index.js';
export { processFile } from './pipeline/processFile.js';
export { runPipeline } from './pipeline/run.js';
export { REPORT_VERSION, fileReportSchema, reportJsonSchema } from './report/schema.js';

export interface AnalyzeResult {
  metrics: Metrics;
  speech: TimeSpan[];
  findings: Finding[];
  /** `pass` or `reject` as measured; only a pipeline run that writes fixed audio can make it `fixed`. */
  verdict: 'pass' | 'reject';
  source: SourceInfo | null;
}

export interface AnalyzeOptions {
  /** Preset name, path, or a loaded preset. Default: voice-clone. */
  pipeline?: string | Preset;
  signal?: AbortSignal;
}

/** Measures and judges one recording: a file path, or planar PCM already in memory. */
export async function analyze(
  input: string | { channels: Float32Array[]; sampleRateHz: number },
  options: AnalyzeOptions = {},
): Promise<AnalyzeResult> {
  const preset = typeof options.pipeline === 'object' ? options.pipeline : await loadPreset(options.pipeline ?? 'voice-clone');
  let analysis: Analysis;
  let source: SourceInfo | null = null;
  if (typeof input === 'string') {
    const audio = await openAudio(input, { signal: options.signal });
    source = audio.info;
    analysis = await analyzeSource(audio, options.signal);
  } else analysis = analyzePcm(input.channels, input.sampleRateHz);
  const { findings, verdict } = judge(analysis.metrics, preset);
  return { metrics: analysis.metrics, speech: analysis.speech, findings, verdict, source };
}
