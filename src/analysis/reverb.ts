/**
 * Reverberation from the speech itself (blind): C50, RT60 and an echo score, read from what follows syllable
 * offsets between 500 Hz and 4 kHz, where speech is strong (C50 from the speech-band envelope at 2.5 ms hops,
 * RT60 from the mel-band powers at 10 ms).
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
 * 1. For C50, envelope P: speech-band fine energy, smoothed over ±SMOOTH_HOPS. Noise reference N: the lowest speech-band
 *    noise power of the clip's frames (the noise track of a hall follows its reverberant tail between words;
 *    its minimum is the floor under both).
 * 2. C50: tailRatioDb, the pooled early (0–50 ms) to late (50–125 ms) energy ratio of the decays after every
 *    offset (reverbTail.ts: per lag, a low percentile over all offsets, since following speech only adds
 *    energy). c50Db = C50_FIT[0] + C50_FIT[1]·tailRatioDb, capped at MAX_C50_DB, fitted by
 *    `npx tsx bench/eval/fit-reverb.ts` (least squares over 43 read-speech files × 9 measured room impulse
 *    responses, clean and at 30/20 dB SNR) and scored leave-one-room-out in `npm run eval`. It replaced a map
 *    from the 95th-percentile 50 ms drop and the decay RT60 (held out, clean / 30 / 20 dB SNR: MAE 3.69 / 3.69 /
 *    4.39 → 3.47 / 2.99 / 3.03 dB, Spearman −0.86 / −0.86 / −0.76 → −0.92 / −0.93 / −0.93, 36 / 49 / 127 nulls →
 *    none): the pooled curve uses every offset, where the drop needed clean ones. Tried with the RT60 of step 3
 *    and dropped (held out, MAE clean / 30 / 20 dB SNR, against 3.46 / 3.00 / 3.04 dB): log rt60S as a second
 *    feature 3.82 / 3.51 / 3.48 (the sports centre, longest RT60, has the higher C50 of the two halls); the late
 *    energy extrapolated past 125 ms with rt60S 4.41 / 4.12 / 4.14; the pooled curve's level at 50 ms 4.43 /
 *    3.74 / 4.19; early 0–50 ms over 50–300 ms 4.00 / 3.69 / 3.49; the noise reference taken between the first
 *    and last speech frame (step 3's floor) 3.32 / 3.09 / 3.12; the measured SNR as a second feature 3.62 / 3.09
 *    / 3.12; a cap selected in each fold 3.81 / 3.75 / 3.90 (the living room's fold picks 15 dB); dry takes added
 *    to the fit at 35 dB 3.17 / 2.83 / 3.16 (the anchor is a free choice and 20 dB got worse). The near-dry
 *    living room (27.8 dB) reads 17 dB clean: its early reflections stretch the offsets as a C50 ≈ 18 dB room's
 *    late field would (pooled curve at 50 ms: dry −13.1, living room −10.9, small room −9.6 dB).
 * 3. RT60 from the distribution of free decays (Ratnam et al. 2003; Löllmann et al. 2010), per band: in each
 *    mel band centred in DECAY_LOW_HZ – DECAY_HIGH_HZ, the band power (10 ms frames) is averaged over
 *    ±POWER_SMOOTH_FRAMES (a narrow band's reverberant tail fluctuates by several dB from frame to frame). A free
 *    decay starts at a local maximum (the largest over the PEAK_HALF_FRAMES before it, not exceeded by the next
 *    frame) in a speech frame, MARGIN_DB above the band's floor, and runs while the band stays FREE_MARGIN_DB
 *    above that floor and never rises RISE_TOLERANCE_DB above its running minimum; it ends at its last new
 *    minimum (what follows is a plateau or the next rise). The floor is the lowest value of the band's noise
 *    track between the first and the last speech frame: in a hall the track follows the reverberant tail between
 *    words (on a hall take its clip mean in the 1.1–1.3 kHz band sat at −44 dB, the take's tail decays past
 *    −100 dB; with the clip mean as floor most hall takes keep fewer than MIN_RT_DECAYS decays), and outside the
 *    speech the track may be a fade or the digital silence of an edit. Per free decay,
 *    RT60 = −60 / slope of a least-squares line through its floor-subtracted dB levels from FIT_START_S or
 *    FIT_START_DB below the peak on (whichever comes first: past the direct sound), when that part spans
 *    MIN_FIT_S. rt60S = the RT_PERCENTILE of all bands' decays, each weighted by the precision of its slope,
 *    (slope / standard error)²: the steep decays are the ones nearest the room's own decay, but a short decay's
 *    slope is mostly noise, and a plain low percentile then reads the steepest noise (halls read 2.1–2.2 s for
 *    4–6 s); weighted, the few long decays of a hall (pauses, the end of the take) carry the reading (with the
 *    eval's takes cut 0.3 s after the dry speech ends, the halls still read within 17–29 %). Fewer than
 *    MIN_RT_DECAYS decays → null (with 3, NOIZEUS takes at 0 dB SNR that the old method left null read 0.7 and
 *    1.7 s from 3–4 decays; with 5 none of the 192 noisy NOIZEUS takes reaches 0.4 s, and the eval is unchanged
 *    but for 5 more nulls at 20 dB SNR). RT_PERCENTILE is selected by `npx tsx bench/eval/fit-reverb.ts` (the percentile of
 *    its grid with the lowest median relative error over every reverberant clip of the 9 rooms, clean and noisy
 *    pooled) and the eval scores that selection leave-one-room-out (chosen on 8 rooms, read on the 9th).
 *    Held out, median relative error clean / 30 / 20 dB SNR: 26.9 / 29.7 / 33.7 % before (unweighted percentile,
 *    clip-mean noise as the floor, no smoothing, percentile and rise tolerance selected from 8 × 9 pairs; the
 *    same method with only the percentile selected: 19.5 / 18.5 / 22.7 %) → 16.0 / 14.6 / 17.1 % (in-sample
 *    12.6 / 13.8 / 16.1 %); halls 60–100 % → 10–22 %. What is left: the near-dry living room reads speech's own
 *    decay (its room tail starts ~28 dB down: 0.14–0.17 s for 0.24), and rir_sim_1001's bent decay (EDT 0.27 s,
 *    T30 0.64 s) reads 0.32–0.38 s. One change at a time from this method (held out, scratch re-implementation
 *    on the eval's features, same percentile grid): unweighted 16.1 / 17.4 / 18.2 % (halls 36–68 %); the clip
 *    mean of the track as floor 19.1 / 18.4 / 24.5 % (halls null); no smoothing 18.7 / 19.6 / 22.4 %; the clip
 *    minimum of the track as floor 14.1 / 13.1 / 15.0 %, not taken: it reaches into fades and the digital
 *    silence of edited ends (the eval's convolved clean takes end in one); decays not ended at their last
 *    minimum 13.0 / 14.4 / 17.3 %, not taken: gated takes (bench/eval/snrGated.ts) then read the noise plateau
 *    before the gate closes as decay, 10 of 150 at 0.5–0.8 s, which switched off the gated-pause SNR rule of
 *    snr.ts (gated MAE 0.70 → 3.71 dB); ended there, all 150 read under 0.4 s.
 *    Tried and dropped before: a power-law correction fitted leave-one-room-out did worse (the halls under-read
 *    whatever the map, and the correction only spoiled the small rooms).
 * 4. echoScore = 1 / (1 + 10^((c50Db − ECHO_MID_C50_DB) / ECHO_SPREAD_DB)): strictly decreasing in C50, 0.5 at
 *    ECHO_MID_C50_DB, ≈0.05 at 20 dB (dry) and ≈0.95 at −5 dB (hall).
 */
import { SPEECH_BAND_HIGH_HZ, SPEECH_BAND_LOW_HZ } from './features/speechBand.js';
import type { FrameFeatures } from './features/types.js';
import { tailStatistics } from './reverbTail.js';
import type { Metrics, NoiseEstimate, SpeechActivity } from './types.js';
import { bandWeights, weightedFrameNoise } from './vad.js';

const SMOOTH_HOPS = 1;
const DECAY_LOW_HZ = 500;
const DECAY_HIGH_HZ = 4000;
const POWER_SMOOTH_FRAMES = 1;
const PEAK_HALF_FRAMES = 6;
const MARGIN_DB = 20;
const FREE_MARGIN_DB = 6;
const RISE_TOLERANCE_DB = 10;
const DROP_FLOOR_DB = -10;
const FIT_START_DB = 5;
const FIT_START_S = 0.05;
const MIN_FIT_S = 0.04;
const RT_PERCENTILE = 0.15;
/** Floor of a decay's relative slope error (a perfect fit would otherwise weigh infinitely). */
const MIN_RELATIVE_SE = 1e-3;
const MIN_RT_DECAYS = 5;
/** Log-spaced RT60 histogram for the percentile: 1 % bins from RT_HIST_LOW_S to RT_HIST_HIGH_S (fixed memory). */
const RT_HIST_LOW_S = 0.02;
const RT_HIST_HIGH_S = 20;
const RT_HIST_STEP = Math.log(1.01);
const RT_HIST_BINS = Math.ceil(Math.log(RT_HIST_HIGH_S / RT_HIST_LOW_S) / RT_HIST_STEP);
export const C50_FIT = [-3.306, 2.457] as const;
const MAX_C50_DB = 35;
const ECHO_MID_C50_DB = 7.5;
const ECHO_SPREAD_DB = 10;

export interface DecayStatistics {
  /** Pooled early-to-late ratio after offsets, dB (reverbTail.ts; null with too few offsets). */
  tailRatioDb: number | null;
  /** RT_PERCENTILE of the precision-weighted per-band free-decay RT60s, s (null with fewer than MIN_RT_DECAYS). */
  decayRtS: number | null;
}

/** Smoothed speech-band fine energy (±SMOOTH_HOPS) and the lowest speech-band frame noise under it. */
function speechBandEnvelope(f: FrameFeatures, noise: NoiseEstimate): { envelope: Float32Array; noiseRef: number } {
  const fine = f.speechBandFineEnergy;
  const n = fine.length;
  const frameNoise = weightedFrameNoise(f, noise, bandWeights(f, SPEECH_BAND_LOW_HZ, SPEECH_BAND_HIGH_HZ));
  let noiseRef = Infinity;
  for (const v of frameNoise) noiseRef = Math.min(noiseRef, v);
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
  return { envelope, noiseRef: Math.max(noiseRef, 1e-20) };
}

/**
 * Free decays of one band's power track (bandPower, one value per frame, averaged over ±POWER_SMOOTH_FRAMES),
 * each fitted and its RT60 added to `histogram` with the precision of its slope as weight. Returns the number of
 * decays fitted.
 */
function bandDecays(f: FrameFeatures, activity: SpeechActivity, band: number, noiseRef: number, smoothed: Float32Array, histogram: Float64Array): number {
  const frames = f.frameCount;
  const bands = f.bandCount;
  const power = f.bandPower;
  for (let t = 0; t < frames; t++) {
    let s = 0;
    const lo = Math.max(0, t - POWER_SMOOTH_FRAMES);
    const hi = Math.min(frames - 1, t + POWER_SMOOTH_FRAMES);
    for (let j = lo; j <= hi; j++) s += power[j * bands + band]!;
    smoothed[t] = s / (hi - lo + 1);
  }
  const at = (t: number): number => smoothed[t]!;
  const excessDb = (t: number): number => 10 * Math.log10(Math.max(at(t) - noiseRef, noiseRef * 10 ** (DROP_FLOOR_DB / 10)));
  const peakMin = noiseRef * 10 ** (MARGIN_DB / 10);
  const freeMin = noiseRef * 10 ** (FREE_MARGIN_DB / 10);
  const riseFactor = 10 ** (RISE_TOLERANCE_DB / 10);
  const fitStartFrames = Math.round(FIT_START_S / f.hopS);
  const minFitFrames = Math.ceil(MIN_FIT_S / f.hopS);
  let fitted = 0;
  for (let k = PEAK_HALF_FRAMES; k < frames - 1; k++) {
    if (activity.speech[k] !== 1) continue;
    const peak = at(k);
    if (peak < peakMin || at(k + 1) > peak) continue;
    let isPeak = true;
    for (let j = k - PEAK_HALF_FRAMES; isPeak && j < k; j++) if (at(j) > peak) isPeak = false;
    if (!isPeak) continue;
    const peakDb = excessDb(k);
    let runningMin = peak;
    let end = k;
    // Least-squares line through (frames after the peak, dB below it), accumulated as sums; the fit ends at the
    // decay's last new minimum (what follows it, up to the break, is a plateau or the next rise, not decay).
    let n = 0;
    let sx = 0;
    let sy = 0;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    // Running sums (a*) up to the current frame; n … syy hold them as of the last new minimum.
    let an = 0;
    let ax = 0;
    let ay = 0;
    let axy = 0;
    let axx = 0;
    let ayy = 0;
    for (let j = k + 1; j < frames; j++) {
      const p = at(j);
      if (p > runningMin * riseFactor || p < freeMin) break;
      const rel = excessDb(j) - peakDb;
      if (rel <= -FIT_START_DB || j - k >= fitStartFrames) {
        const x = j - k;
        an++;
        ax += x;
        ay += rel;
        axy += x * rel;
        axx += x * x;
        ayy += rel * rel;
      }
      if (p < runningMin) {
        runningMin = p;
        end = j;
        n = an;
        sx = ax;
        sy = ay;
        sxy = axy;
        sxx = axx;
        syy = ayy;
      }
    }
    if (n >= minFitFrames) {
      const d = n * sxx - sx * sx;
      const slope = (n * sxy - sx * sy) / d;
      if (slope < 0) {
        // Weight = (slope / its standard error)²: residual variance over the spread of x (ordinary least squares).
        const residual = Math.max(0, n * syy - sy * sy - slope * (n * sxy - sx * sy)) / (n * Math.max(1, n - 2));
        const relativeSe = Math.max(MIN_RELATIVE_SE, Math.sqrt((residual * n) / d) / -slope);
        const bin = Math.floor(Math.log(-60 / (slope / f.hopS) / RT_HIST_LOW_S) / RT_HIST_STEP);
        histogram[Math.max(0, Math.min(RT_HIST_BINS - 1, bin))]! += 1 / (relativeSe * relativeSe);
        fitted++;
      }
    }
    k = Math.max(k, end - 1);
  }
  return fitted;
}

/** The RT60 below which share `p` of the histogram's weight lies (bin centre). */
function histogramPercentileS(histogram: Float64Array, p: number): number {
  let total = 0;
  for (const w of histogram) total += w;
  let seen = 0;
  let bin = 0;
  for (; bin < RT_HIST_BINS - 1; bin++) {
    seen += histogram[bin]!;
    if (seen >= p * total) break;
  }
  return RT_HIST_LOW_S * Math.exp((bin + 0.5) * RT_HIST_STEP);
}

export interface DecayRtChoice {
  /** Share of the decays' weight whose RT60 lies below the reading (their weighted distribution's percentile). */
  percentile: number;
}

/** The shipped choice; bench/eval/fit-reverb.ts selects it (and scores the selection leave-one-room-out). */
export const DECAY_RT_CHOICE: DecayRtChoice = { percentile: RT_PERCENTILE };

/**
 * A band's noise reference for its decays: the lowest value of its noise track over `span`, the first to the
 * last speech frame.
 */
function bandFloor(f: FrameFeatures, noise: NoiseEstimate, band: number, [first, last]: [number, number]): number {
  let floor = Infinity;
  for (let t = first; t <= last; t++) floor = Math.min(floor, noise.frameBandNoise[t * f.bandCount + band]!);
  return Math.max(floor, 1e-20);
}

/** First and last speech frame, or null without speech. */
function speechSpan(activity: SpeechActivity): [number, number] | null {
  const first = activity.speech.indexOf(1);
  return first < 0 ? null : [first, activity.speech.lastIndexOf(1)];
}

/**
 * RT60 from the free decays of every band in DECAY_LOW_HZ – DECAY_HIGH_HZ, read at each of `percentiles` (null
 * with fewer than MIN_RT_DECAYS decays): one pass serves several percentiles.
 */
export function decayRtPercentiles(f: FrameFeatures, activity: SpeechActivity, noise: NoiseEstimate, percentiles: readonly number[]): (number | null)[] {
  const histogram = new Float64Array(RT_HIST_BINS);
  const smoothed = new Float32Array(f.frameCount);
  const span = speechSpan(activity);
  let decays = 0;
  for (let b = 0; b < f.bandCount; b++) {
    const centreHz = (f.bandEdgesHz[b]! + f.bandEdgesHz[b + 1]!) / 2;
    if (centreHz < DECAY_LOW_HZ || centreHz > DECAY_HIGH_HZ) continue;
    if (span) decays += bandDecays(f, activity, b, bandFloor(f, noise, b, span), smoothed, histogram);
  }
  return percentiles.map((p) => (decays >= MIN_RT_DECAYS ? histogramPercentileS(histogram, p) : null));
}

export function decayStatistics(f: FrameFeatures, activity: SpeechActivity, noise: NoiseEstimate): DecayStatistics {
  const { envelope, noiseRef } = speechBandEnvelope(f, noise);
  const frameOf = (k: number): number => Math.min(f.frameCount - 1, Math.floor((k * f.fineHopSize) / f.hopSize));
  const { tailRatioDb } = tailStatistics(envelope, f.fineHopS, (k) => activity.speech[frameOf(k)] === 1, noiseRef);
  const [decayRtS] = decayRtPercentiles(f, activity, noise, [DECAY_RT_CHOICE.percentile]);
  return { tailRatioDb, decayRtS: decayRtS! };
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
