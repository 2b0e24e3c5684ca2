import { describe, expect, it } from 'vitest';
import { extractFeatures } from '../../src/analysis/features/extractor.js';
import { SILENCE_DBFS, measureLevels } from '../../src/analysis/levels.js';
import { estimateNoise } from '../../src/analysis/noise.js';
import { detectSpeech } from '../../src/analysis/vad.js';
import { sine } from '../helpers/signals.js';
import { readWav } from '../helpers/wav.js';

function levels(channels: Float32Array[], rateHz: number) {
  const f = extractFeatures(channels, rateHz);
  return measureLevels(f, detectSpeech(f, estimateNoise(f)));
}

describe('measureLevels', () => {
  it('reads a sine of amplitude 0.1 as −20 dBFS peak and −23.01 dBFS RMS', () => {
    const m = levels([sine(1000, 0.1, 1, 48000)], 48000);
    expect(Math.abs(m.peakDbfs - -20)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(m.rmsDbfs - -23.0103)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(m.dcOffset)).toBeLessThan(1e-6);
    expect(m.nonFiniteSamples).toBe(0);
  });

  it('reads a known DC offset', () => {
    const x = sine(440, 0.2, 1, 44100).map((v) => v + 0.05);
    const m = levels([x], 44100);
    // 440 Hz does not fill 1 s with whole periods at 44.1 kHz exactly; the leftover mean is < 1e-5.
    expect(Math.abs(m.dcOffset - 0.05)).toBeLessThan(1e-4);
    expect(Math.abs(m.channelLevels[0]!.dcOffset - 0.05)).toBeLessThan(1e-4);
  });

  it('reports a dead channel and an inverted channel per channel', () => {
    const w = readWav('test/fixtures/speech/1688-142285-0003.wav');
    const speech = w.channels[0]!;
    const dead = levels([speech, new Float32Array(speech.length)], w.sampleRateHz);
    expect(dead.channelLevels[1]!.rmsDbfs).toBe(SILENCE_DBFS);
    expect(dead.channelLevels[1]!.peakDbfs).toBe(SILENCE_DBFS);
    expect(dead.channelLevels[1]!.correlationWithFirst).toBeNull();
    // The manifest's RMS of this file is −21.59 dBFS (independent tool), peak −5.16 dBFS.
    expect(Math.abs(dead.channelLevels[0]!.rmsDbfs - -21.59)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(dead.channelLevels[0]!.peakDbfs - -5.16)).toBeLessThanOrEqual(0.01);
    // The downmix halves the amplitude: 6.02 dB lower.
    expect(Math.abs(dead.rmsDbfs - (-21.59 - 6.0206))).toBeLessThanOrEqual(0.01);

    const inverted = levels([speech, speech.map((v) => -v)], w.sampleRateHz);
    expect(inverted.channelLevels[1]!.correlationWithFirst).toBeCloseTo(-1, 6);
    expect(inverted.channelLevels[1]!.rmsDbfs).toBeCloseTo(inverted.channelLevels[0]!.rmsDbfs, 6);
    expect(inverted.rmsDbfs).toBe(SILENCE_DBFS);
  });

  it('counts non-finite samples and measures around them', () => {
    const x = sine(1000, 0.1, 1, 48000);
    x[100] = NaN;
    x[200] = Infinity;
    const m = levels([x], 48000);
    expect(m.nonFiniteSamples).toBe(2);
    expect(Number.isFinite(m.rmsDbfs)).toBe(true);
  });

  it('puts the speech RMS of a pause-separated utterance above the whole-clip RMS', () => {
    const w = readWav('test/fixtures/problem/pyannote_sample.wav');
    const m = levels(w.channels, w.sampleRateHz);
    // The manifest RMS is −33.39 dBFS over 30 s with 6.7 s of leading non-speech: speech alone is louder.
    expect(Math.abs(m.rmsDbfs - -33.39)).toBeLessThanOrEqual(0.01);
    expect(m.speechRmsDbfs! - m.rmsDbfs).toBeGreaterThan(0.5);
    expect(m.speechRmsDbfs! - m.rmsDbfs).toBeLessThan(3);
  });
});
