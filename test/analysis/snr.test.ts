import { describe, expect, it } from 'vitest';
import { extractFeatures } from '../../src/analysis/features/extractor.js';
import { estimateNoise } from '../../src/analysis/noise.js';
import { measureSnr } from '../../src/analysis/snr.js';
import { detectSpeech } from '../../src/analysis/vad.js';
import { activeSpeechLevel } from '../helpers/p56.js';
import { add, highPass60, noiseAtPower, ownNoiseFloor, powerToDb } from '../helpers/mixing.js';
import { resample } from '../helpers/resample.js';
import { whiteNoise } from '../helpers/signals.js';
import { gatedMixture, gatePad } from '../helpers/gate.js';
import { readWav } from '../helpers/wav.js';
import { fftConvolve } from '../helpers/convolve.js';
import { analyzePcm } from '../../src/analysis/index.js';

const RATE = 16000;
const SNR_TOLERANCE_DB = 2;

function measure(x: Float32Array) {
  const f = extractFeatures([x], RATE);
  const noise = estimateNoise(f);
  return measureSnr(f, noise, detectSpeech(f, noise));
}

/** Clean speech without DC and rumble, its P.56 active level and its own noise floor (both mean squares). */
function cleanSpeech(name: string) {
  const w = readWav(`test/fixtures/speech/${name}.wav`);
  const x = highPass60(resample(w.channels[0]!, w.sampleRateHz, RATE), RATE);
  return { x, level: activeSpeechLevel(x, RATE)!, ownFloor: ownNoiseFloor(x, RATE) };
}

const speech = ['1688-142285-0003', '3080-5032-0001', 'cmu_arctic_us_axb_a0004', 'p286_011'].map((name) => ({ name, ...cleanSpeech(name) }));
const noises = ['exercise_bike_first20s', 'doing_the_dishes_first20s'].map((name) => ({ name, x: readWav(`test/fixtures/noise/${name}.wav`).channels[0]! }));

describe('snrDb of real speech in real noise (label: ITU-T P.56 active level over noise power)', () => {
  const cases = speech.flatMap((s) => noises.flatMap((n) => [10, 20, 30].map((snrDb) => [s.name, n.name, snrDb] as const)));
  it.each(cases)('%s + %s at %i dB', (speechName, noiseName, targetDb) => {
    const s = speech.find((c) => c.name === speechName)!;
    const n = noises.find((c) => c.name === noiseName)!;
    const noisePower = s.level / 10 ** (targetDb / 10);
    const mixture = add(s.x, noiseAtPower(n.x, 1234, s.x.length, noisePower));
    // The clean file's own floor (22–45 dB below its speech) is part of the mixture's noise.
    const labelDb = powerToDb(s.level) - powerToDb(noisePower + s.ownFloor);
    const { snrDb, noiseFloorDbfs } = measure(mixture);
    expect(snrDb).not.toBeNull();
    expect(Math.abs(snrDb! - labelDb)).toBeLessThanOrEqual(SNR_TOLERANCE_DB);
    expect(Math.abs(noiseFloorDbfs - powerToDb(noisePower + s.ownFloor))).toBeLessThanOrEqual(SNR_TOLERANCE_DB);
  });
});

describe('snrDb edge cases', () => {
  it('is null for digital silence and for white noise alone, with the noise floor at the noise power', () => {
    expect(measure(new Float32Array(RATE * 2)).snrDb).toBeNull();
    const noise = whiteNoise(10 ** (-50 / 20), 3, RATE, 7);
    const result = measure(noise);
    expect(result.snrDb).toBeNull();
    expect(result.noiseFloorDbfs).toBeCloseTo(-50, 0);
  });

  it('still measures speech the VAD missed altogether (P.56 over every frame): real speech in real noise at 0 dB', () => {
    const s = speech.find((c) => c.name === '1688-142285-0003')!;
    const n = noises.find((c) => c.name === 'exercise_bike_first20s')!;
    const noisePower = s.level;
    const mixture = add(s.x, noiseAtPower(n.x, 99, s.x.length, noisePower));
    const f = extractFeatures([mixture], RATE);
    const noise = estimateNoise(f);
    const noVadSpeech = { ...detectSpeech(f, noise), speech: new Uint8Array(f.frameCount) };
    const labelDb = powerToDb(s.level) - powerToDb(noisePower + s.ownFloor);
    const { snrDb } = measureSnr(f, noise, noVadSpeech);
    expect(snrDb).not.toBeNull();
    expect(Math.abs(snrDb! - labelDb)).toBeLessThanOrEqual(3);
  });

  it('reads white noise 25 dB below clean speech within 2 dB', () => {
    const s = speech[0]!;
    const noisePower = s.level / 10 ** 2.5;
    const mixture = add(s.x, whiteNoise(Math.sqrt(noisePower), s.x.length / RATE, RATE, 3));
    const labelDb = powerToDb(s.level) - powerToDb(noisePower + s.ownFloor);
    expect(Math.abs(measure(mixture).snrDb! - labelDb)).toBeLessThanOrEqual(SNR_TOLERANCE_DB);
  });
});

describe('snrDb with gated pauses (noise muted between phrases, 60 dB down)', () => {
  const cases = speech.flatMap((s) => [15, 25].map((snrDb) => [s.name, snrDb] as const));
  it.each(cases)('%s + exercise bike at %i dB reads the noise under the speech', (speechName, targetDb) => {
    const s = speech.find((c) => c.name === speechName)!;
    const n = noises.find((c) => c.name === 'exercise_bike_first20s')!;
    const noisePower = s.level / 10 ** (targetDb / 10);
    const mixture = gatedMixture(s.x, noiseAtPower(n.x, 500, s.x.length + 2 * gatePad(RATE), noisePower), RATE);
    const labelDb = powerToDb(s.level) - powerToDb(noisePower + s.ownFloor);
    const { snrDb, noiseFloorDbfs } = measure(mixture);
    expect(Math.abs(snrDb! - labelDb)).toBeLessThanOrEqual(SNR_TOLERANCE_DB);
    expect(Math.abs(noiseFloorDbfs - powerToDb(noisePower + s.ownFloor))).toBeLessThanOrEqual(SNR_TOLERANCE_DB);
  });
});

describe('snrDb of reverberant speech whose ends are digital silence', () => {
  it('does not take the late reverberation under the speech for noise (a room with RT60 ≥ 0.5 s)', () => {
    const rir = readWav('test/fixtures/rir/medium_room.wav');
    const s = speech.find((c) => c.name === '3080-5032-0001')!;
    const wet = fftConvolve(s.x, resample(rir.channels[0]!, rir.sampleRateHz, RATE)).subarray(0, s.x.length + RATE / 2);
    const padded = new Float32Array(wet.length + 2 * RATE);
    padded.set(wet, RATE);
    const analysis = analyzePcm([padded], RATE);
    expect(analysis.metrics.rt60S).toBeGreaterThanOrEqual(0.5);
    // The dry recording's own floor sits 30+ dB under its speech; the reverberation between syllables ~12 dB.
    expect(analysis.metrics.snrDb).toBeGreaterThan(25);
  });
});
