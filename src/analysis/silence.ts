/**
 * Silence around and between the speech segments of the VAD (vad.ts; segment edges already refined to
 * 2.5 ms): leading and trailing non-speech, internal gaps of at least MIN_GAP_S, and the speech share.
 */
import type { FrameFeatures } from './features/types.js';
import type { Metrics, SpeechActivity, TimeSpan } from './types.js';

const MIN_GAP_S = 0.3;

export function measureSilence(
  f: FrameFeatures,
  activity: SpeechActivity,
): Pick<Metrics, 'speechS' | 'leadingSilenceS' | 'trailingSilenceS' | 'gaps' | 'longestGapS' | 'speechRatio'> {
  const segments = activity.segments;
  const first = segments[0];
  const last = segments[segments.length - 1];
  if (!first || !last) {
    return { speechS: 0, leadingSilenceS: f.durationS, trailingSilenceS: f.durationS, gaps: [], longestGapS: 0, speechRatio: 0 };
  }
  let speechS = 0;
  const gaps: TimeSpan[] = [];
  segments.forEach((s, i) => {
    speechS += s.endS - s.startS;
    const next = segments[i + 1];
    if (next && next.startS - s.endS >= MIN_GAP_S) gaps.push({ startS: s.endS, endS: next.startS });
  });
  return {
    speechS,
    leadingSilenceS: first.startS,
    trailingSilenceS: Math.max(0, f.durationS - last.endS),
    gaps,
    longestGapS: gaps.reduce((longest, g) => Math.max(longest, g.endS - g.startS), 0),
    speechRatio: f.durationS > 0 ? speechS / f.durationS : 0,
  };
}
