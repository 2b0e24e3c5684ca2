/**
 * Clipping from the samples piled up on a channel's extremes (no standard defines it). A clipper maps every
 * sample beyond its limit onto one value, the rail; a natural waveform passes its peak in one or two samples
 * and almost never repeats its exact extreme. A polarity (maximum or minimum) of a channel is clipped when
 * its extreme value is
 * - held for ≥ 3 consecutive identical samples somewhere (the flat top of common clip indicators, applied at
 *   the channel's own extreme, so a clip that was attenuated afterwards still shows), or
 * - held by ≥ MIN_PILE_SAMPLES samples, far more than the amplitude density just inside it predicts (the
 *   rail of light clipping, whose tops are 1–2 samples long): with the EXTREME_DISTINCT most extreme
 *   distinct values of the channel (features/extremes.ts), the samples expected on one value at the extreme
 *   are λ = (samples on the other values) · step / (their span), step = the smallest spacing between those
 *   values (an upper bound on the quantisation step); the extreme is a rail when it holds ≥ PILE_RATIO·λ.
 *   Measured on the 43 clean speech files of the development set, also requantised to 16 bits with the peak
 *   at −10…−50 dBFS (where the coarse grid makes ties common): natural extremes hold at most 2.1·λ; light
 *   clipping (0.01 %/0.1 % of samples) puts ≥ 16·λ on a rail holding ≥ 3 samples.
 * The other polarity of a clipped channel also counts when its extreme is the rail's mirror (−value, within
 * one 16-bit step: an integer clipper's rails are +32767 and −32768), however few samples sit on it.
 *
 * - `clippedRatio`: samples sitting exactly on a clipped extreme over the samples per channel, for the worst
 *   channel.
 * - `clippedRuns`: the flat tops (≥ 3 samples) on clipped extremes as time spans, runs of one channel closer
 *   than 10 ms merged, the longest MAX_RUNS kept, sorted by time. Rails hit only by 1–2-sample tops count in
 *   the ratio but have no spans. If the extractor had to truncate its plateau list (more than 200 000 runs),
 *   runs past that point are missing but the ratio is still exact.
 */
import type { FrameFeatures } from './features/types.js';
import type { DistinctExtremes } from './features/types.js';
import type { ClippedRun, Metrics } from './types.js';

const MERGE_GAP_S = 0.01;
const MAX_RUNS = 1000;
const MIN_PILE_SAMPLES = 3;
const PILE_RATIO = 6;
const MIN_RAIL_ABS = 0.01;
const MIRROR_TOLERANCE = 2 ** -15;

/** Whether the most extreme value of `e` holds far more samples than the density of the values inside it predicts. */
function isPiledUp(e: DistinctExtremes): boolean {
  if (e.size < 3 || e.counts[0]! < MIN_PILE_SAMPLES || Math.abs(e.values[0]!) < MIN_RAIL_ABS) return false;
  let others = 0;
  let step = Infinity;
  for (let i = 1; i < e.size; i++) {
    others += e.counts[i]!;
    step = Math.min(step, Math.abs(e.values[i - 1]! - e.values[i]!));
  }
  const span = Math.abs(e.values[1]! - e.values[e.size - 1]!);
  const expected = (others * step) / span;
  return e.counts[0]! >= PILE_RATIO * expected;
}

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
  f.channelStats.forEach((stats, c) => {
    const extremes = result[c]!;
    if (extremes.max === null && stats.maxValue > 0 && isPiledUp(stats.highest)) extremes.max = stats.maxValue;
    if (extremes.min === null && stats.minValue < 0 && isPiledUp(stats.lowest)) extremes.min = stats.minValue;
    // A symmetric clipper's other rail may have been hit only briefly.
    const mirrors = Math.abs(stats.maxValue + stats.minValue) <= MIRROR_TOLERANCE;
    if (extremes.max !== null && extremes.min === null && stats.minValue < 0 && mirrors) extremes.min = stats.minValue;
    if (extremes.min !== null && extremes.max === null && stats.maxValue > 0 && mirrors) extremes.max = stats.maxValue;
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
