import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractFeatures } from '../../src/analysis/features/extractor.js';
import { estimateNoise } from '../../src/analysis/noise.js';
import { measureSilence } from '../../src/analysis/silence.js';
import type { TimeSpan } from '../../src/analysis/types.js';
import { detectSpeech } from '../../src/analysis/vad.js';
import { activeSpeechLevel } from '../helpers/p56.js';
import { add, highPass60, noiseAtPower } from '../helpers/mixing.js';
import { resample } from '../helpers/resample.js';
import { concatenate, loudSpan } from '../helpers/speechCuts.js';
import { readWav } from '../helpers/wav.js';

const RATE = 16000;
const BOUNDARY_TOLERANCE_S = 0.03;

function analyse(x: Float32Array) {
  const f = extractFeatures([x], RATE);
  const activity = detectSpeech(f, estimateNoise(f));
  return { activity, silence: measureSilence(f, activity) };
}

function utterance(name: string): Float32Array {
  const w = readWav(`test/fixtures/speech/${name}.wav`);
  expect(w.sampleRateHz).toBe(RATE);
  return loudSpan(highPass60(w.channels[0]!, RATE), RATE);
}

const noises = {
  'exercise bike': 'exercise_bike_first20s',
  dishes: 'doing_the_dishes_first20s',
} as const;

describe('inserted gaps between real utterances', () => {
  const a = utterance('1688-142285-0003');
  const b = utterance('3080-5032-0001');
  const c = utterance('cmu_arctic_us_axb_a0004');
  // Leading silence, utterance, gap, utterance, gap, utterance, trailing silence.
  const { signal, spans } = concatenate([0.8, a, 0.6, b, 1.25, c, 0.45], RATE);
  const speechLevel = activeSpeechLevel(signal, RATE)!;
  const truthGaps = [spans[2]!, spans[4]!];

  // belowDb: the noise's power under the P.56 active speech level; null leaves digital silence in the gaps.
  it.each([
    ['digital silence', null],
    ['exercise bike', 30],
    ['dishes', 20],
    ['exercise bike', 15],
  ] as const)('with %s in the gaps (noise %s dB below the speech): boundaries within 30 ms', (noiseName, belowDb) => {
    let x = signal;
    if (noiseName !== 'digital silence') {
      const noise = readWav(`test/fixtures/noise/${noises[noiseName]}.wav`).channels[0]!;
      x = add(signal, noiseAtPower(noise, 4321, signal.length, speechLevel * 10 ** (-belowDb! / 10)));
    }
    const { silence } = analyse(x);
    const durationS = signal.length / RATE;
    expect(Math.abs(silence.leadingSilenceS - spans[0]![1])).toBeLessThan(BOUNDARY_TOLERANCE_S);
    expect(Math.abs(silence.trailingSilenceS - (durationS - spans[6]![0]))).toBeLessThan(BOUNDARY_TOLERANCE_S);
    for (const [startS, endS] of truthGaps) {
      const found = silence.gaps.find((g) => g.startS < endS && g.endS > startS);
      expect(found, `gap ${startS.toFixed(3)}–${endS.toFixed(3)} s`).toBeDefined();
      expect(Math.abs(found!.startS - startS)).toBeLessThan(BOUNDARY_TOLERANCE_S);
      expect(Math.abs(found!.endS - endS)).toBeLessThan(BOUNDARY_TOLERANCE_S);
    }
    expect(silence.longestGapS).toBeGreaterThanOrEqual(1.25 - 2 * BOUNDARY_TOLERANCE_S);
  });
});

describe('clip edges in noise', () => {
  const a = utterance('1688-142285-0003');
  const { signal, spans } = concatenate([0.5, a, 0.5], RATE);
  const speechLevel = activeSpeechLevel(signal, RATE)!;
  const noise = readWav(`test/fixtures/noise/${noises['exercise bike']}.wav`).channels[0]!;
  const noisy = add(signal, noiseAtPower(noise, 777, signal.length, speechLevel * 10 ** (-25 / 10)));
  const trailingTruthS = signal.length / RATE - spans[1]![1];

  it('noise that starts and stops with the file (a step from the zero padding) is not speech at the edges', () => {
    const { silence } = analyse(noisy);
    expect(Math.abs(silence.leadingSilenceS - spans[0]![1])).toBeLessThan(BOUNDARY_TOLERANCE_S);
    expect(Math.abs(silence.trailingSilenceS - trailingTruthS)).toBeLessThan(BOUNDARY_TOLERANCE_S);
  });

  it('a clank of the dishes in the leading pause is not speech (it refines to less than a syllable)', () => {
    const dishes = readWav(`test/fixtures/noise/${noises.dishes}.wav`).channels[0]!;
    // At this offset a clank falls 0.05 s into the file: it read as speech, leadingSilenceS 0.07 s instead of 0.5 s.
    const x = add(signal, noiseAtPower(dishes, 150000, signal.length, speechLevel * 10 ** (-25 / 10)));
    const { silence } = analyse(x);
    expect(Math.abs(silence.leadingSilenceS - spans[0]![1])).toBeLessThan(BOUNDARY_TOLERANCE_S);
    expect(Math.abs(silence.trailingSilenceS - trailingTruthS)).toBeLessThan(BOUNDARY_TOLERANCE_S);
  });
});

describe('clip edges in NOIZEUS street noise (recovered as noisy − clean, 8 → 16 kHz)', () => {
  it('the noise stepping in from the zero padding at the clip end does not start speech there', () => {
    const clean = readWav('test/fixtures/noizeus/sp01.wav').channels[0]!;
    const noisy = readWav('test/fixtures/noizeus/sp01_street_sn5.wav').channels[0]!;
    const street = resample(noisy.map((v, i) => v - clean[i]!), 8000, RATE);
    const { signal, spans } = concatenate([0.5, utterance('3080-5032-0001'), 0.5], RATE);
    // Before frames whose window reaches past the clip could start speech, the last 0.5 s read as speech here.
    const x = add(signal, noiseAtPower(street, 5000, signal.length, activeSpeechLevel(signal, RATE)! * 10 ** (-15 / 10)));
    const { silence } = analyse(x);
    expect(Math.abs(silence.trailingSilenceS - (signal.length / RATE - spans[1]![1]))).toBeLessThan(BOUNDARY_TOLERANCE_S);
  });
});

describe('pyannote sample against its RTTM', () => {
  const w = readWav('test/fixtures/problem/pyannote_sample.wav');
  const truth: TimeSpan[] = readFileSync('test/fixtures/problem/pyannote_sample.rttm', 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const fields = line.split(/\s+/);
      return { startS: Number(fields[3]), endS: Number(fields[3]) + Number(fields[4]) };
    });
  const { activity, silence } = analyse(w.channels[0]!);

  it('finds the 6.69 s of leading non-speech within 0.15 s', () => {
    expect(Math.abs(silence.leadingSilenceS - 6.69)).toBeLessThan(0.15);
  });

  it('agrees with the RTTM at frame level (F1 ≥ 0.92)', () => {
    const inside = (spans: TimeSpan[], t: number): boolean => spans.some((s) => t >= s.startS && t < s.endS);
    let truePositive = 0;
    let falsePositive = 0;
    let falseNegative = 0;
    for (let t = 0.005; t < w.channels[0]!.length / w.sampleRateHz; t += 0.01) {
      const reference = inside(truth, t);
      const hypothesis = inside(activity.segments, t);
      if (reference && hypothesis) truePositive++;
      else if (hypothesis) falsePositive++;
      else if (reference) falseNegative++;
    }
    const f1 = (2 * truePositive) / (2 * truePositive + falsePositive + falseNegative);
    expect(f1).toBeGreaterThanOrEqual(0.92);
  });
});
