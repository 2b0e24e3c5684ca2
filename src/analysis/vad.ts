/**
 * Voice activity per 10 ms frame, from the a posteriori SNR of the speech-range bands against the noise track.
 *
 * 1. Score: for each frame, γ_b = P(t, b) / N(t, b) in every band b between SPEECH_LOW_HZ and SPEECH_HIGH_HZ
 *    (the a posteriori SNR of Ephraim & Malah 1984 and of the statistical VAD of Sohn, Kim & Sung 1999,
 *    "A statistical model-based voice activity detector"); the frame score is 10·log10 of the bandwidth-
 *    weighted mean γ over those bands, averaged over ±1 frame. Unlike Sohn's log-likelihood ratio it stays
 *    calibrated in dB whatever the band count (8 kHz and 48 kHz audio get the same thresholds). Sohn's
 *    decision-directed LLR was measured on the constructed eval cases and separated speech frames from pause
 *    frames no better (recall at 1 % false alarms 0.77 for both over 100 Hz–8 kHz); which bands are scored
 *    mattered far more (500 Hz–4 kHz alone: 0.60).
 * 2. Near-digital silence: the noise of each band is floored FLOOR_BELOW_SPEECH_DB below the clip's loud
 *    speech-band level, so breaths and room tone of a studio recording with a −90 dBFS floor are not speech.
 * 3. Double threshold with hysteresis (as in energy VADs since Lamel et al. 1981): a run of frames is speech
 *    when its full-range score (FULL_LOW_HZ – FULL_HIGH_HZ: voicing, formants and sibilants) stays above LOW_DB
 *    (or its speech-range score does), and it is started somewhere: the speech-range score reaches HIGH_DB, or
 *    stays above LOW_DB for SUSTAINED_S (speech near 0 dB SNR rarely peaks 8 dB over the noise but holds a
 *    steady excess), or the full-range score reaches HIGH_DB while the speech range is above LOW_DB and the
 *    100–500 Hz score stands at most lowDominanceDb (VadOptions) above the speech-range one, or the full-range score
 *    holds HIGH_DB (with the speech range above LOW_DB) for voicedS. The last two starts catch back vowels and
 *    nasals whose energy lies below 1 kHz in heavy noise (they dropped whole words in noise before, which left
 *    false gaps inside utterances); the dominance limit keeps impacts and thuds (their 100–500 Hz excess stands
 *    25–30 dB over the speech range) from starting speech, and voicedS lets a low-dominant sound start speech
 *    only when it lasts like a vowel nucleus rather than an impact (a strongly low vowel under high-frequency
 *    noise such as clattering dishes stands as far above the speech range as a thud). Both are fitted by
 *    bench/eval/fit-vad.ts. A run that starts nowhere but holds a voiced murmur (100–500 Hz and full-range scores
 *    at HIGH_DB for voicedS) within BRIDGE_S of a started run continues it: a nasal or a back vowel right after a
 *    word whose 0.5–4 kHz part sinks under the noise (in the eval, a 0.27 s murmur at −6 dB re the speech level
 *    under an exercise bike at 15 dB SNR had left a false 0.85 s gap). Runs shorter than MIN_SPEECH_S are dropped (clicks, clanks) unless they start and a word's run
 *    follows within RELEASE_S: that is a stop's release, and it and the aspiration up to the vowel (often under
 *    the noise) are speech (a plosive at −6 dB re the speech level, 0.13 s before its vowel under an exercise bike
 *    at 15 dB SNR, had been dropped and left a false gap over the stop's closure). HANGOVER_S is
 *    added at both ends. Frames whose score draws on a window reaching past the clip cannot start a run (the
 *    step from the zero padding into the noise splatters over every band).
 * 4. Segments: speech runs with pauses shorter than BRIDGE_S bridged; each boundary is then moved to the
 *    first (last) 2.5 ms fine hop whose 500 Hz – 4 kHz energy stands EDGE_DB above that band's noise, or whose
 *    whole-band energy stands EDGE_DB above the whole-band noise, searched within the hangover and the window's
 *    half-length, so segment edges are finer than the 10 ms grid. The whole band keeps the voiced murmur that
 *    ends a word below 500 Hz and the sibilants above 4 kHz (with the speech band alone, ends came out 20–40 ms
 *    early in 15–25 dB noise, which lengthened 0.2 s pauses past the 0.3 s gap limit). A lone segment that
 *    refines to less than MIN_SPEECH_S was a click whose surroundings held it up, and is dropped.
 * 5. Voiced nucleus: every word has a voiced sound (its 100–500 Hz score reaches HIGH_DB somewhere), so a
 *    segment with none is a noise event (a car's bump lifting 0.5–4 kHz, a clank) and is not reported as speech,
 *    unless no segment of the clip is voiced (whisper). Fricatives and stop bursts are not lost: a pause under
 *    BRIDGE_S joins them to their vowel in step 4. Such a segment leaves the segments (leading/trailing silence,
 *    gaps, the fix plan's trims) but stays in the frame mask that levels, SNR and reverberation read: the same
 *    test on the frame runs of step 3, mask included, moved the reverberation eval (held-out C50 at 20 dB SNR
 *    3.04 -> 3.16 dB, 4 clips without an estimate; halls whose reverberation fills the low band leave some
 *    syllables without a voiced frame) and the SNR eval (MAE 0.99 -> 1.00 dB, NOIZEUS 1.29 -> 1.34 dB).
 *    Measured on the development set: in clean speech and NOIZEUS at 15 dB SNR it drops nothing but breaths and
 *    clicks at the ends of 5 of the 30 clean LibriSpeech files (0.06–0.36 s each); where babble, station or car
 *    noise covers the voicing band it also drops real words: NOIZEUS at 10/5/0 dB SNR, 1/7/14 of 48 files,
 *    segment time −0.2 %/−3 %/−10 %.
 */
import { SPEECH_BAND_HIGH_HZ, SPEECH_BAND_LOW_HZ } from './features/speechBand.js';
import type { FrameFeatures } from './features/types.js';
import type { NoiseEstimate, SpeechActivity, TimeSpan } from './types.js';
import { evidenceRange } from './noise.js';
import { kthSmallest } from './select.js';

const SPEECH_LOW_HZ = 500;
const SPEECH_HIGH_HZ = 4000;
const VOICING_LOW_HZ = 100;
const FULL_LOW_HZ = 100;
const FULL_HIGH_HZ = 8000;
const HIGH_DB = 8;
const LOW_DB = 2;
const FLOOR_BELOW_SPEECH_DB = 50;
const LOUD_PERCENTILE = 0.95;
const MIN_SPEECH_S = 0.06;
const SUSTAINED_S = 0.3;
const HANGOVER_S = 0.05;
const BRIDGE_S = 0.1;
const RELEASE_S = 0.15;
const EDGE_DB = 6;

export interface VadOptions {
  /** How far (dB) the 100–500 Hz score may stand above the speech-range one for the full-range score to start speech. */
  lowDominanceDb: number;
  /** How long (s) the full-range score must hold HIGH_DB, with the speech range above LOW_DB, to start speech whatever its low-frequency dominance. */
  voicedS: number;
}

export const DEFAULT_VAD_OPTIONS: VadOptions = { lowDominanceDb: 18, voicedS: 0.12 };

/** Share of each band inside [lowHz, highHz] (bands are mel-spaced, so partial overlaps are common at the edges). */
export function bandWeights(f: FrameFeatures, lowHz: number, highHz: number): Float64Array {
  // Same top edge as the speech-band filter (speechBand.ts) for narrow-band audio.
  const top = Math.min(highHz, 0.45 * f.sampleRateHz);
  const weights = new Float64Array(f.bandCount);
  for (let b = 0; b < f.bandCount; b++) {
    const lo = f.bandEdgesHz[b]!;
    const hi = f.bandEdgesHz[b + 1]!;
    weights[b] = hi > lo ? Math.max(0, Math.min(hi, top) - Math.max(lo, lowHz)) / (hi - lo) : 0;
  }
  return weights;
}

/** Noise power of each frame within the given band weights. */
export function weightedFrameNoise(f: FrameFeatures, noise: NoiseEstimate, weights: Float64Array): Float32Array {
  const out = new Float32Array(f.frameCount);
  for (let t = 0; t < f.frameCount; t++) {
    let sum = 0;
    for (let b = 0; b < f.bandCount; b++) sum += weights[b]! * noise.frameBandNoise[t * f.bandCount + b]!;
    out[t] = sum;
  }
  return out;
}

// Scores and per-frame sums are kept in float32: a 2-hour file has 720,000 frames and 2.9 million fine hops.
/** The value at rank floor(p·n) of the ascending order, by selection on a copy instead of a full sort. */
export function percentile(values: Float32Array, p: number): number {
  const n = values.length;
  return n === 0 ? 0 : kthSmallest(Float32Array.from(values), Math.min(n - 1, Math.floor(p * n)));
}

/**
 * Frame scores in dB: the weighted mean a posteriori SNR of the bands within [lowHz, highHz], smoothed over
 * ±1 frame, written to `out`. The noise of each band is floored a share (by its loud-frame power) of the loud
 * speech-band level minus FLOOR_BELOW_SPEECH_DB.
 */
function frameScores(f: FrameFeatures, noise: NoiseEstimate, floorBand: Float64Array, lowHz: number, highHz: number, raw: Float32Array, out: Float32Array): void {
  const { frameCount: frames, bandCount: bands } = f;
  const weights = bandWeights(f, lowHz, highHz);
  let weightSum = 0;
  for (const w of weights) weightSum += w;
  for (let t = 0; t < frames; t++) {
    let sum = 0;
    for (let b = 0; b < bands; b++) {
      if (weights[b] === 0) continue;
      const n = Math.max(noise.frameBandNoise[t * bands + b]!, floorBand[b]!, 1e-20);
      sum += weights[b]! * (f.bandPower[t * bands + b]! / n);
    }
    raw[t] = weightSum > 0 ? sum / weightSum : 0;
  }
  for (let t = 0; t < frames; t++) {
    const lo = Math.max(0, t - 1);
    const hi = Math.min(frames - 1, t + 1);
    let sum = 0;
    for (let u = lo; u <= hi; u++) sum += raw[u]!;
    out[t] = 10 * Math.log10(sum / (hi - lo + 1) + 1e-20);
  }
}

/** Per band, the noise floor of step 2: its share of the loud speech-band frames' power, FLOOR_BELOW_SPEECH_DB down. */
function bandFloors(f: FrameFeatures): Float64Array {
  const { frameCount: frames, bandCount: bands } = f;
  const weights = bandWeights(f, SPEECH_LOW_HZ, SPEECH_HIGH_HZ);
  const speechBandPower = new Float32Array(frames);
  for (let t = 0; t < frames; t++) {
    let sum = 0;
    for (let b = 0; b < bands; b++) sum += weights[b]! * f.bandPower[t * bands + b]!;
    speechBandPower[t] = sum;
  }
  const loudPower = percentile(speechBandPower, LOUD_PERCENTILE);
  const loudBand = new Float64Array(bands);
  let loudFrames = 0;
  for (let t = 0; t < frames; t++) {
    if (speechBandPower[t]! < loudPower) continue;
    loudFrames++;
    for (let b = 0; b < bands; b++) loudBand[b] = loudBand[b]! + f.bandPower[t * bands + b]!;
  }
  const floorScale = 10 ** (-FLOOR_BELOW_SPEECH_DB / 10) / Math.max(1, loudFrames);
  for (let b = 0; b < bands; b++) loudBand[b] = loudBand[b]! * floorScale;
  return loudBand;
}

interface Scores {
  /** Speech range (SPEECH_LOW_HZ – SPEECH_HIGH_HZ). */
  speech: Float32Array;
  /** Voicing range (VOICING_LOW_HZ – SPEECH_LOW_HZ). */
  voicing: Float32Array;
  /** Full range (FULL_LOW_HZ – FULL_HIGH_HZ). */
  full: Float32Array;
}

/** A run of frames above LOW_DB (step 3) before the decision which of them are speech. */
interface CandidateRun {
  from: number;
  to: number;
  started: boolean;
  /** It holds a voiced murmur (voicing and full-range scores at HIGH_DB) for voicedFrames. */
  murmur: boolean;
  /** Shorter than a syllable (minFrames). */
  short: boolean;
}

function isWord(run: CandidateRun | undefined): boolean {
  return run !== undefined && run.started && !run.short;
}

/**
 * Hysteresis runs (step 3): frames where the speech-range or full-range score is above LOW_DB, started
 * somewhere, at least minFrames long; plus the voiced murmurs next to a word and the stop releases before one.
 */
function hysteresis(scores: Scores, inside: [number, number], minFrames: number, sustainedFrames: number, lowDominanceDb: number, voicedFrames: number, joinFrames: number, releaseFrames: number): Uint8Array {
  const { speech: speechScores, voicing, full } = scores;
  const frames = speechScores.length;
  const speech = new Uint8Array(frames);
  const above = (t: number): boolean => speechScores[t]! > LOW_DB || full[t]! > LOW_DB;
  const starts = (t: number): boolean =>
    t >= inside[0] &&
    t <= inside[1] &&
    (speechScores[t]! >= HIGH_DB || (full[t]! >= HIGH_DB && speechScores[t]! > LOW_DB && voicing[t]! - speechScores[t]! <= lowDominanceDb));
  const candidates: CandidateRun[] = [];
  let t = 0;
  while (t < frames) {
    if (!above(t)) {
      t++;
      continue;
    }
    let end = t;
    let started = false;
    let held = 0;
    let longestHeld = 0;
    let voiced = 0;
    let murmur = 0;
    let longestMurmur = 0;
    for (; end < frames && above(end); end++) {
      murmur = voicing[end]! >= HIGH_DB && full[end]! >= HIGH_DB ? murmur + 1 : 0;
      longestMurmur = Math.max(longestMurmur, murmur);
      started ||= starts(end);
      held = speechScores[end]! > LOW_DB ? held + 1 : 0;
      longestHeld = Math.max(longestHeld, held);
      voiced = full[end]! >= HIGH_DB && speechScores[end]! > LOW_DB ? voiced + 1 : 0;
      started ||= voiced >= voicedFrames;
    }
    const short = end - t < minFrames;
    if (!short || started) candidates.push({ from: t, to: end, started: started || longestHeld >= sustainedFrames, murmur: longestMurmur >= voicedFrames, short });
    t = end;
  }
  // A run that never started but holds a voiced murmur within `joinFrames` of a word's run continues it (a nasal
  // or back vowel whose speech range sinks under the noise right after a word), on either side of the word.
  const joins = (run: CandidateRun, neighbour: CandidateRun | undefined, gap: number): boolean => !run.started && run.murmur && isWord(neighbour) && gap < joinFrames;
  for (let i = 1; i < candidates.length; i++) {
    const run = candidates[i]!;
    if (joins(run, candidates[i - 1], run.from - candidates[i - 1]!.to)) run.started = true;
  }
  for (let i = candidates.length - 2; i >= 0; i--) {
    const run = candidates[i]!;
    if (joins(run, candidates[i + 1], candidates[i + 1]!.from - run.to)) run.started = true;
  }
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i]!;
    if (!c.started) continue;
    if (!c.short) {
      speech.fill(1, c.from, c.to);
      continue;
    }
    // A burst too short for a syllable that a word follows within releaseFrames is a stop's release: it and
    // the aspiration up to the vowel (often under the noise) are speech. Any other burst is a click.
    let next = i + 1;
    while (next < candidates.length && !isWord(candidates[next])) next++;
    if (next < candidates.length && candidates[next]!.from - c.to <= releaseFrames) speech.fill(1, c.from, candidates[next]!.from);
  }
  return speech;
}

function dilate(x: Uint8Array, frames: number): Uint8Array {
  const out = new Uint8Array(x.length);
  for (let t = 0; t < x.length; t++) {
    if (x[t] === 1) out.fill(1, Math.max(0, t - frames), Math.min(x.length, t + frames + 1));
  }
  return out;
}

/** Frame runs of 1s as [start, end) frame indices, runs separated by fewer than `bridge` frames merged. */
function runs(speech: Uint8Array, bridge: number): [number, number][] {
  const out: [number, number][] = [];
  for (let t = 0; t < speech.length; ) {
    if (speech[t] !== 1) {
      t++;
      continue;
    }
    let end = t;
    while (end < speech.length && speech[end] === 1) end++;
    const last = out[out.length - 1];
    if (last && t - last[1] < bridge) last[1] = end;
    else out.push([t, end]);
    t = end;
  }
  return out;
}

/**
 * Whether fine hop k of `envelope` stands EDGE_DB above `frameNoise` (the same band's noise per frame), never
 * measured against less than FLOOR_BELOW_SPEECH_DB under the envelope's loud hops.
 */
function standsOverNoise(f: FrameFeatures, envelope: Float32Array, frameNoise: Float32Array): (k: number) => boolean {
  const perHop = f.hopSize / f.fineHopSize;
  const margin = 10 ** (EDGE_DB / 10);
  const floor = percentile(envelope, LOUD_PERCENTILE) * 10 ** (-FLOOR_BELOW_SPEECH_DB / 10);
  return (k) => envelope[k]! > margin * Math.max(frameNoise[Math.min(f.frameCount - 1, Math.floor(k / perHop))]!, floor);
}

/**
 * Moves segment edges to the fine hops where the speech-band or the whole-band envelope first (last) stands
 * EDGE_DB above its noise, searching `reach` fine hops either side of the frame edge; an edge with no such hop stays put.
 */
function refineEdges(f: FrameFeatures, noise: NoiseEstimate, frameRuns: [number, number][], reachS: number): TimeSpan[] {
  const fine = f.speechBandFineEnergy;
  const perHop = f.hopSize / f.fineHopSize;
  const reach = Math.round(reachS / f.fineHopS);
  const speechBand = standsOverNoise(f, fine, weightedFrameNoise(f, noise, bandWeights(f, SPEECH_BAND_LOW_HZ, SPEECH_BAND_HIGH_HZ)));
  const wholeBand = standsOverNoise(f, f.fineEnergy, weightedFrameNoise(f, noise, new Float64Array(f.bandCount).fill(1)));
  const loud = (k: number): boolean => speechBand(k) || wholeBand(k);
  const toS = (k: number): number => Math.min(f.durationS, k * f.fineHopS);
  return frameRuns.map(([start, end]) => {
    let first = Math.round(start * perHop);
    let last = Math.min(fine.length, Math.round(end * perHop));
    const lo = Math.max(0, first - reach);
    const hi = Math.min(fine.length, first + reach);
    for (let k = lo; k < hi; k++) {
      if (loud(k)) {
        first = k;
        break;
      }
    }
    const lo2 = Math.max(first + 1, last - reach);
    const hi2 = Math.min(fine.length, last + reach);
    for (let k = hi2 - 1; k >= lo2; k--) {
      if (loud(k)) {
        last = k + 1;
        break;
      }
    }
    return { startS: toS(first), endS: toS(Math.max(last, first + 1)) };
  });
}

export function detectSpeech(f: FrameFeatures, noise: NoiseEstimate, options: VadOptions = DEFAULT_VAD_OPTIONS): SpeechActivity {
  if (f.frameCount === 0) return { speech: new Uint8Array(0), segments: [] };
  const toFrames = (s: number): number => Math.max(0, Math.round(s / f.hopS));
  const floors = bandFloors(f);
  const raw = new Float32Array(f.frameCount);
  const scores: Scores = { speech: new Float32Array(f.frameCount), voicing: new Float32Array(f.frameCount), full: new Float32Array(f.frameCount) };
  frameScores(f, noise, floors, SPEECH_LOW_HZ, SPEECH_HIGH_HZ, raw, scores.speech);
  frameScores(f, noise, floors, VOICING_LOW_HZ, SPEECH_LOW_HZ, raw, scores.voicing);
  frameScores(f, noise, floors, FULL_LOW_HZ, FULL_HIGH_HZ, raw, scores.full);
  // A frame whose score draws on a window reaching past the clip (zero padding: the step into the signal
  // splatters over every band) cannot start speech, only continue it; a clip cut tight keeps its speech.
  const [first, last] = evidenceRange(f);
  const inside: [number, number] = last - first > 2 ? [first + 1, last - 1] : [0, f.frameCount - 1];
  const core = hysteresis(scores, inside, toFrames(MIN_SPEECH_S), toFrames(SUSTAINED_S), options.lowDominanceDb, Math.max(1, toFrames(options.voicedS)), toFrames(BRIDGE_S), toFrames(RELEASE_S));
  const speech = dilate(core, toFrames(HANGOVER_S));
  const frameRuns = runs(core, toFrames(BRIDGE_S));
  const reachS = HANGOVER_S + f.windowSize / f.sampleRateHz / 2;
  const segments = refineEdges(f, noise, frameRuns, reachS);
  // Refinement can make neighbours touch; merge them, and bridge pauses shorter than BRIDGE_S again.
  const merged: TimeSpan[] = [];
  for (const s of segments) {
    const last = merged[merged.length - 1];
    if (last && s.startS - last.endS < BRIDGE_S) last.endS = Math.max(last.endS, s.endS);
    else merged.push({ ...s });
  }
  // A lone segment that refines to less than MIN_SPEECH_S is a click or a clank whose frames only stood above
  // LOW_DB around it (no syllable is that short), as at a clip's very end where dishes clatter.
  const kept = merged.filter((s) => s.endS - s.startS >= MIN_SPEECH_S);
  if (kept.length < merged.length) {
    for (const s of merged) {
      if (s.endS - s.startS >= MIN_SPEECH_S) continue;
      const from = Math.max(0, Math.floor(s.startS / f.hopS) - toFrames(HANGOVER_S));
      speech.fill(0, from, Math.min(f.frameCount, Math.ceil(s.endS / f.hopS) + toFrames(HANGOVER_S)));
    }
    // Clearing a dropped segment's hangover must not cut into a kept neighbour's frames.
    for (const s of kept) speech.fill(1, Math.max(0, Math.floor(s.startS / f.hopS)), Math.min(f.frameCount, Math.ceil(s.endS / f.hopS)));
  }
  return { speech, segments: voicedSegments(f, scores.voicing, kept) };
}

/**
 * Step 5: the segments that hold a voiced frame (100–500 Hz score at HIGH_DB), or all of them when none does
 * (a whispered clip). The frame mask keeps the others.
 */
function voicedSegments(f: FrameFeatures, voicing: Float32Array, segments: TimeSpan[]): TimeSpan[] {
  const voiced = segments.map((s) => {
    const to = Math.min(f.frameCount, Math.ceil(s.endS / f.hopS));
    for (let t = Math.max(0, Math.floor(s.startS / f.hopS)); t < to; t++) if (voicing[t]! >= HIGH_DB) return true;
    return false;
  });
  return voiced.includes(true) ? segments.filter((_, i) => voiced[i]) : segments;
}
