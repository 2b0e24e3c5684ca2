import { describe, expect, it } from 'vitest';
import { extractFeatures } from '../../src/analysis/features/extractor.js';
import { estimateNoise } from '../../src/analysis/noise.js';
import { detectSpeech, percentile } from '../../src/analysis/vad.js';
import { seededRandom } from '../../src/server/prng.js';
import { activeSpeechLevel } from '../helpers/p56.js';
import { add, highPass60, noiseAtPower } from '../helpers/mixing.js';
import { concatenate, loudSpan } from '../helpers/speechCuts.js';
import { whiteNoise } from '../helpers/signals.js';
import { readWav } from '../helpers/wav.js';

const RATE = 16000;

/** Gain at sample i of an n-sample sound with 5 ms linear edges. */
function ramp(i: number, n: number): number {
  return Math.min(1, i / (0.005 * RATE), (n - i) / (0.005 * RATE));
}

/** Adds a vowel (harmonics of 125 Hz up to 3 kHz, amplitude 0.05/k) of `seconds` to `x` at sample `at`. */
function addVowel(x: Float32Array, at: number, seconds: number): void {
  const n = seconds * RATE;
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let k = 1; k <= 24; k++) v += (0.05 * Math.sin((2 * Math.PI * 125 * k * i) / RATE)) / k;
    x[at + i] = x[at + i]! + ramp(i, n) * v;
  }
}

function detect(x: Float32Array) {
  const f = extractFeatures([x], RATE);
  return { f, activity: detectSpeech(f, estimateNoise(f)) };
}

describe('detectSpeech', () => {
  it('finds no speech in digital silence or in steady noise alone', () => {
    expect(detect(new Float32Array(2 * RATE)).activity.segments).toEqual([]);
    expect(detect(whiteNoise(0.01, 3, RATE, 5)).activity.segments).toEqual([]);
    const bike = readWav('test/fixtures/noise/exercise_bike_first20s.wav').channels[0]!.subarray(0, 5 * RATE);
    expect(detect(bike).activity.segments).toEqual([]);
  });

  it('marks one flag per 10 ms frame and returns sorted segments with pauses ≥ 0.1 s between them', () => {
    const w = readWav('test/fixtures/speech/3080-5032-0001.wav');
    const { f, activity } = detect(w.channels[0]!);
    expect(activity.speech.length).toBe(f.frameCount);
    activity.segments.forEach((s, i) => {
      expect(s.endS).toBeGreaterThan(s.startS);
      if (i > 0) expect(s.startS - activity.segments[i - 1]!.endS).toBeGreaterThanOrEqual(0.1);
    });
  });

  // Recall falls in heavy noise (weak phonemes drown): the floors below are the measured behaviour less 0.05–0.07.
  it.each([
    ['exercise_bike_first20s', 30, 0.83],
    ['doing_the_dishes_first20s', 30, 0.83],
    ['exercise_bike_first20s', 20, 0.82],
    ['doing_the_dishes_first20s', 20, 0.83],
    ['exercise_bike_first20s', 10, 0.7],
    ['doing_the_dishes_first20s', 10, 0.8],
    ['exercise_bike_first20s', 5, 0.42],
    ['doing_the_dishes_first20s', 5, 0.68],
  ] as const)('finds an utterance between 1 s silences in %s at %i dB SNR (recall > %f)', (noiseName, snrDb, minRecall) => {
    const speech = loudSpan(highPass60(readWav('test/fixtures/speech/1688-142285-0003.wav').channels[0]!, RATE), RATE);
    const { signal, spans } = concatenate([1, speech, 1], RATE);
    const noise = readWav(`test/fixtures/noise/${noiseName}.wav`).channels[0]!;
    const level = activeSpeechLevel(speech, RATE)!;
    const { activity } = detect(add(signal, noiseAtPower(noise, 999, signal.length, level / 10 ** (snrDb / 10))));
    const [startS, endS] = spans[1]!;
    const detected = activity.segments.reduce((sum, s) => sum + Math.max(0, Math.min(s.endS, endS) - Math.max(s.startS, startS)), 0);
    const falseAlarm = activity.segments.reduce((sum, s) => sum + (s.endS - s.startS), 0) - detected;
    // Recall of the utterance's span (its own pauses count as misses) and false alarms in the 2 s of noise.
    expect(detected / (endS - startS)).toBeGreaterThan(minRecall);
    expect(falseAlarm).toBeLessThan(0.2);
  });
});

describe('low-dominant sounds (voicing below 500 Hz far above the 500 Hz – 4 kHz excess)', () => {
  // Harmonics of 125 Hz with only a trace above 500 Hz, in white noise: 100–500 Hz stands about 30 dB over its
  // noise while 500 Hz – 4 kHz barely rises, like a back vowel under clattering dishes, or like a thud.
  function lowSound(durationS: number): Float32Array {
    const x = whiteNoise(0.003, 4, RATE, 3);
    const n = Math.round(durationS * RATE);
    const partials = [[125, 0.1], [250, 0.1], [375, 0.06], [625, 0.0025], [750, 0.0025]] as const;
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (const [hz, amplitude] of partials) v += amplitude * Math.sin((2 * Math.PI * hz * i) / RATE);
      x[2 * RATE + i] = x[2 * RATE + i]! + Math.sqrt(Math.sin((Math.PI * i) / n)) * v;
    }
    return x;
  }

  it('starts speech when it lasts like a vowel (0.25 s), not when it is as brief as an impact (40 ms)', () => {
    const vowel = detect(lowSound(0.25)).activity.segments;
    expect(vowel).toHaveLength(1);
    expect(vowel[0]!.startS).toBeCloseTo(2, 1);
    expect(vowel[0]!.endS).toBeCloseTo(2.25, 1);
    expect(detect(lowSound(0.04)).activity.segments).toEqual([]);
  });
});

describe('a voiced murmur right after a word (a nasal whose 500 Hz – 4 kHz part is under the noise)', () => {
  // A vowel (harmonics of 125 Hz up to 3 kHz) for 0.3 s from 2 s, then, after a 50 ms dip, harmonics of 125 Hz
  // below 500 Hz only for 0.25 s, in white noise: the murmur never starts speech by itself (nothing above 500 Hz).
  function clip(withVowel: boolean): Float32Array {
    const x = whiteNoise(0.003, 4, RATE, 3);
    if (withVowel) addVowel(x, 2 * RATE, 0.3);
    const at = Math.round(2.35 * RATE);
    for (let i = 0; i < 0.25 * RATE; i++) {
      let v = 0;
      for (const hz of [125, 250, 375]) v += 0.05 * Math.sin((2 * Math.PI * hz * i) / RATE);
      x[at + i] = x[at + i]! + ramp(i, 0.25 * RATE) * v;
    }
    return x;
  }

  it('continues the word through the murmur, and does not start speech on the murmur alone', () => {
    const segments = detect(clip(true)).activity.segments;
    expect(segments).toHaveLength(1);
    expect(segments[0]!.startS).toBeCloseTo(2, 1);
    expect(segments[0]!.endS).toBeGreaterThan(2.55);
    expect(detect(clip(false)).activity.segments).toEqual([]);
  });
});

describe('a stop release (a burst too short for a syllable)', () => {
  // A 12 ms noise burst at 2 s, then a vowel (harmonics of 125 Hz up to 3 kHz) for 0.3 s starting `vowelAtS`, in
  // white noise. With the vowel 0.12 s later the burst is the stop's release and starts the word; 0.5 s later
  // it is a click and the word starts at the vowel.
  function clip(vowelAtS: number): Float32Array {
    const x = whiteNoise(0.003, 4, RATE, 3);
    const burst = whiteNoise(0.03, 0.012, RATE, 9);
    for (let i = 0; i < burst.length; i++) x[2 * RATE + i] = x[2 * RATE + i]! + burst[i]!;
    addVowel(x, Math.round(vowelAtS * RATE), 0.3);
    return x;
  }

  it('starts the word at a burst 0.12 s before its vowel, and not at one 0.5 s before it', () => {
    const released = detect(clip(2.16)).activity.segments;
    expect(released).toHaveLength(1);
    expect(released[0]!.startS).toBeGreaterThan(1.97);
    expect(released[0]!.startS).toBeLessThan(2.02);
    const clicked = detect(clip(2.54)).activity.segments;
    expect(clicked).toHaveLength(1);
    expect(clicked[0]!.startS).toBeGreaterThan(2.5);
  });
});

describe('segment edges', () => {
  // A sibilant (partials 5.5–7.5 kHz, no energy in 500 Hz – 4 kHz) for 40 ms, then a vowel (harmonics of 125 Hz
  // up to 3 kHz) for 0.3 s, in white noise: the segment starts with the sibilant, which stands ~20 dB over the
  // noise in the whole band; placed by 500 Hz – 4 kHz alone, the start fell on the vowel, 40 ms late.
  it('starts a segment where the whole band rises over the noise, not where 500 Hz – 4 kHz does', () => {
    const x = whiteNoise(0.003, 4, RATE, 3);
    const random = seededRandom(11);
    const hiss = Array.from({ length: 40 }, (_, k) => [5500 + 50 * k, 2 * Math.PI * random()] as const);
    const at = 2 * RATE;
    for (let i = 0; i < 0.04 * RATE; i++) {
      let v = 0;
      for (const [hz, phase] of hiss) v += 0.005 * Math.sin((2 * Math.PI * hz * i) / RATE + phase);
      x[at + i] = x[at + i]! + ramp(i, 0.04 * RATE) * v;
    }
    addVowel(x, at + 0.04 * RATE, 0.3);
    const segments = detect(x).activity.segments;
    expect(segments).toHaveLength(1);
    expect(segments[0]!.startS).toBeGreaterThan(1.98);
    expect(segments[0]!.startS).toBeLessThan(2.02);
  });
});

describe('voiced nucleus', () => {
  // A burst of noise over 0.7–3.5 kHz (like a car's bump: nothing below 500 Hz) at 1 s and, optionally, a vowel
  // (harmonics of 125 Hz) at 2 s, in white noise.
  function clip(withVowel: boolean): Float32Array {
    const x = whiteNoise(0.003, 4, RATE, 3);
    const random = seededRandom(5);
    const burst = Array.from({ length: 57 }, (_, k) => [700 + 50 * k, 2 * Math.PI * random()] as const);
    for (let i = 0; i < 0.15 * RATE; i++) {
      let v = 0;
      for (const [hz, phase] of burst) v += 0.003 * Math.sin((2 * Math.PI * hz * i) / RATE + phase);
      x[RATE + i] = x[RATE + i]! + ramp(i, 0.15 * RATE) * v;
    }
    if (withVowel) addVowel(x, 2 * RATE, 0.3);
    return x;
  }

  it('reports no segment without a voiced frame when the clip has voiced speech, but keeps it in the frame mask', () => {
    const { f, activity } = detect(clip(true));
    expect(activity.segments).toHaveLength(1);
    expect(activity.segments[0]!.startS).toBeCloseTo(2, 1);
    expect(activity.speech[Math.round(1.07 / f.hopS)]).toBe(1);
  });

  it('keeps unvoiced segments when nothing in the clip is voiced (whisper)', () => {
    const segments = detect(clip(false)).activity.segments;
    expect(segments).toHaveLength(1);
    expect(segments[0]!.startS).toBeCloseTo(1, 1);
  });
});

describe('percentile', () => {
  it('returns the element a full sort puts at rank floor(p·n), for random, few-valued, sorted and reversed arrays', () => {
    const random = seededRandom(11);
    const arrays = [
      new Float32Array(0),
      new Float32Array(2001).map(() => random()),
      new Float32Array(997).map(() => Math.floor(random() * 4)),
      new Float32Array(500).map((_, i) => i),
      new Float32Array(500).map((_, i) => 500 - i),
      new Float32Array(300).map(() => (random() < 0.5 ? 0 : random() * 1e-20)),
    ];
    for (const a of arrays) {
      const sorted = Float32Array.from(a).sort();
      for (const p of [0, 0.01, 0.5, 0.95, 0.999, 1]) {
        const expected = sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : 0;
        expect(percentile(a, p)).toBe(expected);
      }
    }
  });
});
