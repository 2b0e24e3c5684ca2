/**
 * Clipping from flat extremes (no standard defines it; this is the consecutive-samples-at-the-extreme rule
 * of common clip indicators, applied at the channel's own extreme instead of at full scale): a polarity of a channel is clipped when its extreme value (the channel's maximum, or minimum) is held
 * for ≥ 3 consecutive identical samples somewhere — a natural waveform passes its peak in one or two
 * samples. It works at any level, so a clip that was attenuated afterwards still shows its flat tops.
 *
 * - `clippedRatio`: samples sitting exactly on a clipped extreme (the extractor's maxCount/minCount) over
 *   the samples per channel, for the worst channel. The other polarity of a clipped channel also counts when
 *   its extreme is the exact mirror (−value) held by ≥ 2 samples: a symmetric clipper, hit briefly there.
 * - `clippedRuns`: the plateau runs on clipped extremes as time spans, runs of one channel closer than
 *   10 ms merged, the longest MAX_RUNS kept, sorted by time. If the extractor had to truncate its plateau
 *   list (more than 200 000 runs), runs past that point are missing but the ratio is still exact.
 */
import type { FrameFeatures } from './features/types.js';
import type { ClippedRun, Metrics } from './types.js';

const MERGE_GAP_S = 0.01;
const MAX_RUNS = 1000;

interface ClippedExtremes {
  max: number | null;
  min: number | null;
}

function clippedExtremes(f: FrameFeatures): ClippedExtremes[] {
  const result: ClippedExtremes[] = f.channelStats.map(() => ({ max: null, min: null }));
  const { plateaus } = f;
  for (let i = 0; i < plateaus.count; i++) {
    const c = plateaus.channel[i]!;
    const stats = f.channelStats[c];
    const extremes = result[c];
    if (!stats || !extremes) continue;
    const v = plateaus.value[i]!;
    if (v === stats.maxValue && v > 0) extremes.max = v;
    if (v === stats.minValue && v < 0) extremes.min = v;
  }
  // A symmetric clipper flattens both polarities at the same magnitude, but one of them may only have
  // been hit by runs shorter than 3 samples: count it as clipped too when it sits on the mirrored value.
  f.channelStats.forEach((stats, c) => {
    const extremes = result[c]!;
    if (extremes.max !== null && extremes.min === null && stats.minValue === -extremes.max && stats.minCount >= 2) extremes.min = stats.minValue;
    if (extremes.min !== null && extremes.max === null && stats.maxValue === -extremes.min && stats.maxCount >= 2) extremes.max = stats.maxValue;
  });
  return result;
}

function clippedSpans(f: FrameFeatures, extremes: ClippedExtremes[]): ClippedRun[] {
  const mergeGap = Math.round(MERGE_GAP_S * f.sampleRateHz);
  const { plateaus } = f;
  const open: (ClippedRun & { endSample: number })[] = [];
  const runs: ClippedRun[] = [];
  const close = (run: ClippedRun & { endSample: number }): void => {
    runs.push({ channel: run.channel, startS: run.startS, endS: run.endSample / f.sampleRateHz, samples: run.samples });
  };
  // Plateaus are recorded in time order per channel, so one open span per channel suffices.
  for (let i = 0; i < plateaus.count; i++) {
    const c = plateaus.channel[i]!;
    const e = extremes[c];
    const v = plateaus.value[i]!;
    if (!e || (v !== e.max && v !== e.min)) continue;
    const start = plateaus.start[i]!;
    const length = plateaus.length[i]!;
    const current = open[c];
    if (current && start - current.endSample < mergeGap) {
      current.endSample = start + length;
      current.samples += length;
    } else {
      if (current) close(current);
      open[c] = { channel: c, startS: start / f.sampleRateHz, endS: 0, endSample: start + length, samples: length };
    }
  }
  for (const run of open) if (run) close(run);
  if (runs.length > MAX_RUNS) {
    runs.sort((a, b) => b.samples - a.samples);
    runs.length = MAX_RUNS;
  }
  return runs.sort((a, b) => a.startS - b.startS || a.channel - b.channel);
}

export function measureClipping(f: FrameFeatures): Pick<Metrics, 'clippedRatio' | 'clippedRuns'> {
  if (f.sampleCount === 0) return { clippedRatio: 0, clippedRuns: [] };
  const extremes = clippedExtremes(f);
  let worst = 0;
  f.channelStats.forEach((stats, c) => {
    const e = extremes[c]!;
    const clipped = (e.max !== null ? stats.maxCount : 0) + (e.min !== null ? stats.minCount : 0);
    worst = Math.max(worst, clipped);
  });
  return { clippedRatio: worst / f.sampleCount, clippedRuns: clippedSpans(f, extremes) };
}
