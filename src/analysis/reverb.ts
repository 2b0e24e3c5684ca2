/**
 * Reverberation from the speech itself (blind): C50, RT60 and an echo score, read from what follows syllable
 * offsets in the 500 Hz – 4 kHz envelope (2.5 ms hops; the speech band, where speech is strong).
 *
 * An interrupted excitation traces the room's decay: after a sound stops, the expected power τ later follows the
 * energy decay curve of the impulse response (Schroeder 1965), so the energy in the 50 ms after an offset against
 * the energy after that is what C50 measures, and the slope of the later decay gives RT60. Running speech is no
 * stationary excitation: syllables are short (the late field has not built up, so decays read steeper than the
 * EDC in large rooms), speech's own offsets take 20–50 ms, and the next syllable cuts decays short. Hence the
 * decays are pooled and read through their distribution, as in blind RT estimation by decay selection
 * (Ratnam et al. 2003, JASA 114; Löllmann et al. 2010, IWAENC), and the C50 statistic is mapped to C50 by a
 * line fitted on measured rooms (see below).
 *
 * 1. Envelope P: speech-band fine energy, smoothed over ±SMOOTH_HOPS. Noise reference N: the lowest speech-band
 *    noise power of the clip's frames (the noise track of a hall follows its reverberant tail between words;
 *    its minimum is the floor under both).
 * 2. C50: tailRatioDb, the pooled early (0–50 ms) to late (50–125 ms) energy ratio of the decays after every
 *    offset (reverbTail.ts: per lag, a low percentile over all offsets, since following speech only adds
 *    energy). c50Db = C50_FIT[0] + C50_FIT[1]·tailRatioDb, capped at MAX_C50_DB, fitted by
 *    `npx tsx bench/eval/fit-reverb.ts` (least squares over 43 read-speech files × 9 measured room impulse
 *    responses, clean and at 30/20 dB SNR) and scored leave-one-room-out in `npm run eval`. It replaced a map
 *    from the 95th-percentile 50 ms drop and the decay RT60 (held out, clean / 30 / 20 dB SNR: MAE 3.69 / 3.69 /
 *    4.39 → 3.47 / 2.99 / 3.03 dB, Spearman −0.86 / −0.86 / −0.76 → −0.92 / −0.93 / −0.93, 36 / 49 / 127 nulls →
 *    none): the pooled curve uses every offset, where the drop needed clean ones.
 * 3. RT60: a free decay starts at a local maximum (the largest over the PEAK_HALF_HOPS before it, not exceeded
 *    by the next hop) in a speech frame, MARGIN_DB above N, and runs while the envelope stays FREE_MARGIN_DB
 *    above N and never rises RISE_TOLERANCE_DB above its running minimum. Per free decay, RT60 = −60 / slope of
 *    a least-squares line through its noise-subtracted dB levels from 50 ms or FIT_START_DB below the peak on
 *    (whichever comes first: past the direct sound), when that part spans MIN_FIT_S. rt60S = RT_PERCENTILE of
 *    these (the steep ones, nearest the room's own decay; fewer than MIN_RT_DECAYS → null; the 30th rather than
 *    the 20th percentile and a 6 rather than 10 dB free margin: median relative error clean / 30 / 20 dB SNR
 *    26.9 / 32.4 / 49.0 → 25.3 / 29.8 / 39.9 %, more decays kept in noise), unfitted: a power-law
 *    correction fitted the same way did worse held out (short syllables never excite a large room's full decay,
 *    so halls under-read whatever the map, and the correction only spoiled the small rooms).
 * 4. echoScore = 1 / (1 + 10^((c50Db − ECHO_MID_C50_DB) / ECHO_SPREAD_DB)): strictly decreasing in C50, 0.5 at
 *    ECHO_MID_C50_DB, ≈0.05 at 20 dB (dry) and ≈0.95 at −5 dB (hall).
 */
import { SPEECH_BAND_HIGH_HZ, SPEECH_BAND_LOW_HZ } from './features/speechBand.js';
import type { FrameFeatures } from './features/types.js';
import { tailStatistics } from './reverbTail.js';
import type { Metrics, NoiseEstimate, SpeechActivity } from './types.js';
import { bandWeights, weightedFrameNoise } from './vad.js';

const SMOOTH_HOPS = 1;
const PEAK_HALF_HOPS = 6;
const MARGIN_DB = 20;
const FREE_MARGIN_DB = 6;
const RISE_TOLERANCE_DB = 3;
const DROP_FLOOR_DB = -10;
const FIT_START_DB = 5;
const MIN_FIT_S = 0.04;
const RT_PERCENTILE = 0.3;
const MIN_RT_DECAYS = 3;
export const C50_FIT = [-3.306, 2.457] as const;
const MAX_C50_DB = 35;
const ECHO_MID_C50_DB = 7.5;
const ECHO_SPREAD_DB = 10;

export interface DecayStatistics {
  /** Pooled early-to-late ratio after offsets, dB (reverbTail.ts; null with too few offsets). */
  tailRatioDb: number | null;
  /** RT_PERCENTILE of the free-decay RT60s, s (null with fewer than MIN_RT_DECAYS). */
  decayRtS: number | null;
  decays: number;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
}

function slopeOf(xs: number[], ys: number[]): number {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  return sxy / sxx;
}

export function decayStatistics(f: FrameFeatures, activity: SpeechActivity, noise: NoiseEstimate): DecayStatistics {
  const fine = f.speechBandFineEnergy;
  const n = fine.length;
  const frameNoise = weightedFrameNoise(f, noise, bandWeights(f, SPEECH_BAND_LOW_HZ, SPEECH_BAND_HIGH_HZ));
  let noiseRef = Infinity;
  for (const v of frameNoise) noiseRef = Math.min(noiseRef, v);
  noiseRef = Math.max(noiseRef, 1e-20);
  const frameOf = (k: number): number => Math.min(f.frameCount - 1, Math.floor((k * f.fineHopSize) / f.hopSize));
  const isSpeech = (k: number): boolean => activity.speech[frameOf(k)] === 1;
  const envelope = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    let s = 0;
    let c = 0;
    for (let j = Math.max(0, k - SMOOTH_HOPS); j <= Math.min(n - 1, k + SMOOTH_HOPS); j++) {
      s += fine[j]!;
      c++;
    }
    envelope[k] = s / c;
  }
  const { tailRatioDb } = tailStatistics(envelope, f.fineHopS, isSpeech, noiseRef);
  const db = (x: number): number => 10 * Math.log10(x);
  const excess = (k: number): number => db(Math.max(envelope[k]! - noiseRef, noiseRef * 10 ** (DROP_FLOOR_DB / 10)));
  const peakMin = noiseRef * 10 ** (MARGIN_DB / 10);
  const freeMin = noiseRef * 10 ** (FREE_MARGIN_DB / 10);
  const hop50 = Math.round(0.05 / f.fineHopS);
  const minFitHops = Math.ceil(MIN_FIT_S / f.fineHopS);
  const rts: number[] = [];
  let decays = 0;
  for (let k = PEAK_HALF_HOPS; k < n - hop50; k++) {
    if (!isSpeech(k) || envelope[k]! < peakMin) continue;
    let isPeak = true;
    for (let j = k - PEAK_HALF_HOPS; isPeak && j <= k + 1; j++) if (j !== k && envelope[j]! > envelope[k]!) isPeak = false;
    if (!isPeak) continue;
    decays++;
    const peakDb = excess(k);
    let minDb = db(envelope[k]!);
    let end = k;
    for (let j = k + 1; j < n; j++) {
      const l = db(envelope[j]!);
      if (l > minDb + RISE_TOLERANCE_DB || envelope[j]! < freeMin) break;
      minDb = Math.min(minDb, l);
      end = j;
    }
    const xs: number[] = [];
    const ys: number[] = [];
    for (let j = k + 1; j <= end; j++) {
      const rel = excess(j) - peakDb;
      if (rel <= -FIT_START_DB || j >= k + hop50) {
        xs.push(j * f.fineHopS);
        ys.push(rel);
      }
    }
    if (xs.length >= minFitHops) {
      const slope = slopeOf(xs, ys);
      if (slope < 0) rts.push(-60 / slope);
    }
    k = Math.max(k, end - 1);
  }
  return { tailRatioDb, decayRtS: rts.length >= MIN_RT_DECAYS ? percentile(rts, RT_PERCENTILE) : null, decays };
}

export function c50FromTail(tailRatioDb: number, fit: readonly [number, number]): number {
  return Math.min(MAX_C50_DB, fit[0] + fit[1] * tailRatioDb);
}

export function echoFromC50(c50Db: number): number {
  return 1 / (1 + 10 ** ((c50Db - ECHO_MID_C50_DB) / ECHO_SPREAD_DB));
}

export function measureReverb(f: FrameFeatures, activity: SpeechActivity, noise: NoiseEstimate): Pick<Metrics, 'c50Db' | 'rt60S' | 'echoScore'> {
  const { tailRatioDb, decayRtS } = decayStatistics(f, activity, noise);
  const c50Db = tailRatioDb === null ? null : c50FromTail(tailRatioDb, C50_FIT);
  return { c50Db, rt60S: decayRtS, echoScore: c50Db === null ? null : echoFromC50(c50Db) };
}
