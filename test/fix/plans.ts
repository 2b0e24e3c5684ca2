import type { Analysis, TimeSpan } from '../../src/analysis/types.js';
import type { FixOptions } from '../../src/fix/types.js';
import type { Finding, FixKind } from '../../src/gate/types.js';
import { baseMetrics } from '../gate/metrics.js';

/** The dataset preset's fix section (pipelines/dataset.json), with overrides per section. */
export function fixOptions(overrides: Partial<{ [K in keyof FixOptions]: Partial<FixOptions[K]> }> = {}): FixOptions {
  return {
    enabled: overrides.enabled ?? true,
    trim: { enabled: true, padS: 0.15, ...overrides.trim },
    gaps: { enabled: true, maxS: 1.5, shortenToS: 0.5, ...overrides.gaps },
    long: { mode: 'split', maxDurationS: 30, minSegmentS: 3, ...overrides.long },
    normalize: { enabled: false, targetLufs: -23, peakCeilingDbfs: -3, ...overrides.normalize },
  };
}

/** An Analysis whose silence metrics agree with its speech segments. */
export function analysisOf(durationS: number, speech: TimeSpan[], levels: { loudnessLufs?: number | null; peakDbfs?: number } = {}): Pick<Analysis, 'metrics' | 'speech'> {
  const gaps = speech.slice(1).map((s, i) => ({ startS: speech[i]!.endS, endS: s.startS }));
  const speechS = speech.reduce((sum, s) => sum + s.endS - s.startS, 0);
  return {
    speech,
    metrics: baseMetrics({
      durationS,
      speechS,
      leadingSilenceS: speech[0]?.startS ?? durationS,
      trailingSilenceS: durationS - (speech.at(-1)?.endS ?? 0),
      gaps,
      longestGapS: Math.max(0, ...gaps.map((g) => g.endS - g.startS)),
      speechRatio: speechS / durationS,
      ...(levels.loudnessLufs !== undefined && { loudnessLufs: levels.loudnessLufs }),
      ...(levels.peakDbfs !== undefined && { peakDbfs: levels.peakDbfs }),
    }),
  };
}

/** A finding that asks for `fixable` (the planner reads nothing else from it). */
export function fixableFinding(fixable: FixKind): Finding {
  return { ruleId: `test/${fixable}`, severity: 'warning', message: '', advice: '', metric: null, value: null, threshold: null, unit: null, fixable };
}

/** Speech segments from alternating lengths: [speech, pause, speech, pause, …] starting at `startS`. */
export function alternating(startS: number, lengthsS: number[]): TimeSpan[] {
  const speech: TimeSpan[] = [];
  let t = startS;
  lengthsS.forEach((lengthS, i) => {
    if (i % 2 === 0) speech.push({ startS: t, endS: t + lengthS });
    t += lengthS;
  });
  return speech;
}
