/**
 * Signal-to-noise ratio as ITU-T P.56 active speech level over noise power, for 0–40 dB.
 *
 * - Noise power: the clip's mean noise power from the per-band noise track (noise.ts, minimum statistics +
 *   IMCRA), so it does not saturate like blind estimators (WADA-SNR, Kim & Stern 2008, flattens above 20 dB).
 * - Active speech level: P.56 method B (ITU-T P.56, 2011) run on the 10 ms frame grid over the speech power
 *   with the noise subtracted, P_s(t) = P(t) − N(t) (spectral-subtraction style, Boll 1979): the envelope of
 *   √P_s (times MEAN_ABS_PER_RMS, since P.56 smooths the rectified signal, not its RMS) is smoothed twice with
 *   a 30 ms time constant; a frame is active while the envelope is at or above a threshold c or within 0.2 s
 *   after; the level is the mean of P_s over the active frames at the c where it sits 15.9 dB above c².
 *   Only frames of the VAD's speech (with 0.2 s around) can be active, so noise bursts in pauses do not count;
 *   within them the unclipped P_s is summed, which is unbiased where speech is weak. When the VAD finds no
 *   speech at all (speech at 0 dB SNR in loud noise can hide from it), every frame can be active, as in P.56
 *   itself; a result below NO_VAD_SPEECH_MIN_SNR_DB then means noise alone and gives null.
 * - Noise power: the lower of the noise track's clip mean (noise.ts) and the mean power of the VAD's pauses
 *   (frames ≥ PAUSE_CLEARANCE_S from speech, at least MIN_PAUSE_S of them). In a pause every cell is noise, its
 *   loud moments included, while the track's wide presence limit (k = 8) also takes weak speech cells for noise:
 *   in a quiet recording (VCTK p286_011 + noise 30 dB down) it read the noise 2 dB high. In heavy noise the
 *   pauses hold missed weak speech and the track is the lower, better one.
 *   Unless the pauses are gated: a noise gate, a conferencing app or an editor that mutes the pauses leaves
 *   them far quieter than the noise under the speech, which is what a listener and a speaker model hear.
 *   When pauses add up to MIN_PAUSE_S of frames more than GATED_PAUSE_DB below the mean noise over the speech
 *   frames (frameNoise of noise.ts; steady noise never dips that far below itself for that long), the pauses
 *   are gated: the noise is estimated again (noise.ts) over the other frames only, joined end to end, since
 *   minimum statistics over windows that reach into muted pauses read far too low
 *   (bench/eval/snrGated.ts: gated mixtures read 49 dB too clean before this rule). Not in a room whose
 *   rt60S (reverb.ts) reaches GATED_MAX_RT60_S, the presets' max-rt60 limits: there the floor between
 *   syllables is the room's late reverberation, not noise, and a reverberant take padded with digital silence
 *   read 12–17 dB SNR from it. Noise lowers C50 as much as reverberation does, so C50 cannot make this call;
 *   dry speech in noise reads RT60 well under it (all 150 gated mixtures).
 * - `snrDb` = 10·log10(active level / noise power); null without speech or when the noise is zero.
 * - `noiseFloorDbfs` = 10·log10(noise power).
 */
import type { FrameFeatures } from './features/types.js';
import { meanSquareToDbfs } from './levels.js';
import { evidenceRange, meanNoisePowerOver } from './noise.js';
import type { Metrics, NoiseEstimate, SpeechActivity } from './types.js';

const TIME_CONSTANT_S = 0.03;
const HANGOVER_S = 0.2;
const MARGIN_DB = 15.9;
/** mean|x| / rms of speech samples (≈ Laplacian, 1/√2), so the frame RMS envelope stands in for P.56's rectified one. */
const MEAN_ABS_PER_RMS = Math.SQRT1_2;
const SEARCH_RANGE_DB = 100;
const COARSE_STEP_DB = 1;
const FINE_STEP_DB = 0.05;
const PAUSE_CLEARANCE_S = 0.1;
const MIN_PAUSE_S = 0.5;
/** Below the measure's 0–40 dB range by more than its 0 dB bias and spread (docs/accuracy.md). */
const NO_VAD_SPEECH_MIN_SNR_DB = -5;
const GATED_PAUSE_DB = 15;
const GATED_MAX_RT60_S = 0.5;

export function activeSpeechPower(f: FrameFeatures, noise: NoiseEstimate, activity: SpeechActivity): number | null {
  const frames = f.frameCount;
  const hangover = Math.round(HANGOVER_S / f.hopS);
  const allowed = new Uint8Array(frames);
  for (let t = 0; t < frames; t++) {
    if (activity.speech[t] === 1) allowed.fill(1, Math.max(0, t - hangover), Math.min(frames, t + hangover + 1));
  }
  if (activity.speech.indexOf(1) < 0) allowed.fill(1);
  const power = new Float64Array(frames);
  const envelope = new Float64Array(frames);
  const g = Math.exp(-f.hopS / TIME_CONSTANT_S);
  let p = 0;
  let q = 0;
  let top = 0;
  for (let t = 0; t < frames; t++) {
    let n = 0;
    for (let b = 0; b < f.bandCount; b++) n += noise.frameBandNoise[t * f.bandCount + b]!;
    power[t] = f.frameEnergy[t]! - n;
    const amplitude = allowed[t] === 1 ? MEAN_ABS_PER_RMS * Math.sqrt(Math.max(0, power[t]!)) : 0;
    p = g * p + (1 - g) * amplitude;
    q = g * q + (1 - g) * p;
    envelope[t] = q;
    top = Math.max(top, q);
  }
  if (!(top > 0)) return null;
  const activeLevel = (cDb: number): number => {
    const c = 10 ** (cDb / 20);
    let sum = 0;
    let count = 0;
    let hang = hangover;
    for (let t = 0; t < frames; t++) {
      if (envelope[t]! >= c) hang = 0;
      else if (hang < hangover) hang++;
      else continue;
      sum += power[t]!;
      count++;
    }
    return count > 0 ? sum / count : 0;
  };
  // As in the reference, from low thresholds up: the first where the level stands at most MARGIN_DB above it;
  // coarse steps, then fine ones inside the bracket.
  const above = (cDb: number): boolean => {
    const level = activeLevel(cDb);
    return level > 0 && 10 * Math.log10(level) - cDb > MARGIN_DB;
  };
  const topDb = 20 * Math.log10(top);
  let cDb = topDb - SEARCH_RANGE_DB;
  if (!above(cDb)) return null;
  while (cDb < topDb && above(cDb + COARSE_STEP_DB)) cDb += COARSE_STEP_DB;
  while (cDb < topDb && above(cDb + FINE_STEP_DB)) cDb += FINE_STEP_DB;
  return activeLevel(cDb);
}

/**
 * Mean power of the frames at least PAUSE_CLEARANCE_S away from the VAD's speech, or null when they add up to
 * less than MIN_PAUSE_S: in a pause every cell is noise, its loud moments included.
 */
export function pauseNoisePower(f: FrameFeatures, activity: SpeechActivity): number | null {
  const clearance = Math.round(PAUSE_CLEARANCE_S / f.hopS);
  let sum = 0;
  let count = 0;
  let sinceSpeech = Infinity;
  const untilSpeech = new Int32Array(f.frameCount);
  let next = Number.MAX_SAFE_INTEGER;
  for (let t = f.frameCount - 1; t >= 0; t--) {
    if (activity.speech[t] === 1) next = t;
    untilSpeech[t] = Math.min(next - t, 2 ** 30);
  }
  for (let t = 0; t < f.frameCount; t++) {
    sinceSpeech = activity.speech[t] === 1 ? 0 : sinceSpeech + 1;
    if (sinceSpeech <= clearance || untilSpeech[t]! <= clearance) continue;
    sum += f.frameEnergy[t]!;
    count++;
  }
  return count * f.hopS >= MIN_PAUSE_S ? sum / count : null;
}

/** Mean of the per-frame noise over the VAD's speech frames, or null without any. */
function noiseUnderSpeech(noise: NoiseEstimate, activity: SpeechActivity): number | null {
  let sum = 0;
  let count = 0;
  for (let t = 0; t < activity.speech.length; t++) {
    if (activity.speech[t] !== 1) continue;
    sum += noise.frameNoise[t]!;
    count++;
  }
  return count > 0 ? sum / count : null;
}

/** The mean noise over the frames louder than `floor` (the open gate) whose window lies inside the clip, joined end to end. */
function openGateNoisePower(f: FrameFeatures, floor: number): number {
  const [first, last] = evidenceRange(f);
  const open = new Int32Array(last - first + 1);
  let count = 0;
  for (let t = first; t <= last; t++) if (f.frameEnergy[t]! > floor) open[count++] = t;
  return meanNoisePowerOver(f, open.subarray(0, count));
}

/** Seconds of non-speech frames quieter than `floor`. */
function mutedPauseS(f: FrameFeatures, activity: SpeechActivity, floor: number): number {
  let count = 0;
  for (let t = 0; t < f.frameCount; t++) if (activity.speech[t] !== 1 && f.frameEnergy[t]! < floor) count++;
  return count * f.hopS;
}

function noisePowerOf(f: FrameFeatures, noise: NoiseEstimate, activity: SpeechActivity, rt60S: number | null): number {
  const underSpeech = noiseUnderSpeech(noise, activity);
  if (underSpeech !== null && (rt60S === null || rt60S < GATED_MAX_RT60_S)) {
    const floor = underSpeech * 10 ** (-GATED_PAUSE_DB / 10);
    if (mutedPauseS(f, activity, floor) >= MIN_PAUSE_S) return openGateNoisePower(f, floor);
  }
  return Math.min(pauseNoisePower(f, activity) ?? Infinity, noise.noisePower);
}

export function measureSnr(f: FrameFeatures, noise: NoiseEstimate, activity: SpeechActivity, rt60S: number | null = null): Pick<Metrics, 'snrDb' | 'noiseFloorDbfs'> {
  const noisePower = noisePowerOf(f, noise, activity, rt60S);
  const noiseFloorDbfs = meanSquareToDbfs(noisePower);
  const speech = activeSpeechPower(f, noise, activity);
  let snrDb = speech !== null && noisePower > 0 ? 10 * Math.log10(speech / noisePower) : null;
  // Without any VAD speech P.56 judged every frame: speech as loud as the noise reads near 0 dB, noise alone
  // far below (white noise: −25 dB), which is no speech rather than a measurement.
  if (snrDb !== null && activity.speech.indexOf(1) < 0 && snrDb < NO_VAD_SPEECH_MIN_SNR_DB) snrDb = null;
  return { snrDb, noiseFloorDbfs };
}
