/**
 * Reverberation from the speech itself (blind): C50, RT60 and an echo score, read from the free decays that
 * follow syllable offsets in the 500 Hz – 4 kHz fine envelope (2.5 ms hops; the speech band, where speech is
 * strong and room decay matters for intelligibility).
 *
 * Method: free-decay analysis of running speech, as in blind RT estimation by decay-slope selection
 * (Ratnam et al. 2003, "Blind estimation of reverberation time", JASA 114; Löllmann et al. 2010, "An improved
 * algorithm for blind reverberation time estimation", IWAENC) with ISO 3382-1 definitions of C50 and RT60:
 * 1. The envelope (smoothed over ±SMOOTH_HOPS) has a decay onset at a local maximum in a speech frame that
 *    is the largest over the PEAK_HALF_HOPS before it and stands MARGIN_DB above the band's noise track.
 * 2. The decay runs while the envelope stays MARGIN_DB above the noise and never rises RISE_TOLERANCE_DB
 *    above its running minimum (the next syllable ends it).
 * 3. Per decay, with the noise power subtracted and levels relative to the mean of the REF_HOPS up to the
 *    peak: C50 = 10·log10(10^(drop/10) − 1), drop being the level 50 ms after the peak (extrapolated
 *    linearly when the decay ends earlier) — for an exponential decay this is the ratio of the energy before
 *    50 ms to the energy after, as C50 on an impulse response. RT60 = −60 / slope of a least-squares line
 *    through the decay from FIT_START_DB below the reference on, when it spans MIN_RT_RANGE_DB and MIN_RT_S.
 * 4. Speech's own offsets decay fast too, so each decay reads at most the room's reverberation plus the
 *    articulation: the clip's C50 is the C50_PERCENTILE (cleanest decays, least masked by the next sound)
 *    of the per-decay values, capped at MAX_C50_DB; RT60 the RT_PERCENTILE (the steepest, nearest to the
 *    room's own decay). Fewer than MIN_DECAYS decays → null.
 * 5. echoScore = clamp((20 − C50) / 25, 0, 1): 0 for C50 ≥ 20 dB (dry), 1 for C50 ≤ −5 dB.
 * Tuned on LibriSpeech/ARCTIC/VCTK speech convolved with measured room impulse responses (test/fixtures/rir):
 * it orders rooms by C50 and reads C50 within ≈3 dB between 5 and 15 dB; above ≈20 dB (nearly dry) the
 * speech's own decays dominate, and below ≈5 dB the decays are cut by the next syllable, so it saturates.
 */
import { SPEECH_BAND_HIGH_HZ, SPEECH_BAND_LOW_HZ } from './features/speechBand.js';
import type { FrameFeatures } from './features/types.js';
import type { Metrics, NoiseEstimate, SpeechActivity } from './types.js';
import { bandWeights, weightedFrameNoise } from './vad.js';

const MARGIN_DB = 10;
const RISE_TOLERANCE_DB = 3;
const PEAK_HALF_HOPS = 6;
const REF_HOPS = 3;
const SMOOTH_HOPS = 1;
const MIN_DECAY_HOPS = 4;
const C50_PERCENTILE = 0.8;
const RT_PERCENTILE = 0.1;
const MIN_RT_RANGE_DB = 10;
const MIN_RT_S = 0.04;
const MIN_DECAYS = 5;
const MAX_C50_DB = 35;
const FIT_START_DB = 5;
const DRY_C50_DB = 20;
const ECHO_RANGE_DB = 25;

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.round(p * (s.length - 1))));
  return s[i]!;
}

export function measureReverb(f: FrameFeatures, activity: SpeechActivity, noise: NoiseEstimate): Pick<Metrics, 'c50Db' | 'rt60S' | 'echoScore'> {
  const fine = f.speechBandFineEnergy;
  const n = fine.length;
  const frameNoise = weightedFrameNoise(f, noise, bandWeights(f, SPEECH_BAND_LOW_HZ, SPEECH_BAND_HIGH_HZ));
  const frameOf = (k: number): number => Math.min(f.frameCount - 1, Math.floor((k * f.fineHopSize) / f.hopSize));
  const noiseEnvelope = new Float64Array(n);
  for (let k = 0; k < n; k++) noiseEnvelope[k] = frameNoise[frameOf(k)] ?? 0;
  const envelope = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let s = 0;
    let c = 0;
    for (let j = Math.max(0, k - SMOOTH_HOPS); j <= Math.min(n - 1, k + SMOOTH_HOPS); j++) {
      s += fine[j]!;
      c++;
    }
    envelope[k] = s / c;
  }
  const db = (x: number): number => 10 * Math.log10(x + 1e-20);
  const margin = 10 ** (MARGIN_DB / 10);
  const hop50 = Math.round(0.05 / f.fineHopS);
  const c50s: number[] = [];
  const rts: number[] = [];
  let k = PEAK_HALF_HOPS;
  while (k < n - 2) {
    // A decay starts at a local maximum of the envelope, in speech, MARGIN_DB above the noise.
    let isPeak = activity.speech[frameOf(k)] === 1 && envelope[k]! > margin * noiseEnvelope[k]!;
    for (let j = k - PEAK_HALF_HOPS; isPeak && j <= k + 1; j++) if (j !== k && envelope[j]! > envelope[k]!) isPeak = false;
    if (!isPeak) {
      k++;
      continue;
    }
    let ref = 0;
    for (let j = k - REF_HOPS + 1; j <= k; j++) ref += envelope[j]!;
    ref /= REF_HOPS;
    let minDb = db(envelope[k]!);
    let end = k;
    for (let j = k + 1; j < n; j++) {
      const l = db(envelope[j]!);
      if (l > minDb + RISE_TOLERANCE_DB || envelope[j]! < margin * noiseEnvelope[j]!) break;
      minDb = Math.min(minDb, l);
      end = j;
    }
    const length = end - k;
    if (length >= MIN_DECAY_HOPS) {
      const rel = (j: number): number => db(Math.max(envelope[j]! - noiseEnvelope[j]!, 1e-20)) - db(ref - noiseEnvelope[k]!);
      let dropDb: number;
      if (end >= k + hop50) dropDb = -rel(k + hop50);
      else dropDb = (-rel(end) * hop50) / length;
      if (dropDb > 0) c50s.push(Math.min(MAX_C50_DB, db(10 ** (dropDb / 10) - 1)));
      const xs: number[] = [];
      const ys: number[] = [];
      for (let j = k; j <= end; j++) {
        const r = rel(j);
        if (r <= -FIT_START_DB) {
          xs.push(j * f.fineHopS);
          ys.push(r);
        }
      }
      if (xs.length >= 3 && ys[0]! - ys[ys.length - 1]! >= MIN_RT_RANGE_DB && xs[xs.length - 1]! - xs[0]! >= MIN_RT_S) {
        const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
        const my = ys.reduce((a, b) => a + b, 0) / ys.length;
        let sxy = 0;
        let sxx = 0;
        for (let i = 0; i < xs.length; i++) {
          sxy += (xs[i]! - mx) * (ys[i]! - my);
          sxx += (xs[i]! - mx) ** 2;
        }
        const slope = sxy / sxx;
        if (slope < 0) rts.push(-60 / slope);
      }
    }
    k = Math.max(k + 1, end);
  }
  const c50Db = c50s.length >= MIN_DECAYS ? percentile(c50s, C50_PERCENTILE) : null;
  const rt60S = rts.length >= MIN_DECAYS ? percentile(rts, RT_PERCENTILE) : null;
  const echoScore = c50Db === null ? null : Math.min(1, Math.max(0, (DRY_C50_DB - c50Db) / ECHO_RANGE_DB));
  return { c50Db, rt60S, echoScore };
}
