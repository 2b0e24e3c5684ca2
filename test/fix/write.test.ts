import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import wav from 'node-wav';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { TimeSpan } from '../../src/analysis/types.js';
import { outputNames, planFix, writeFixPlan } from '../../src/fix/index.js';
import type { FixPlan, KeptSpan } from '../../src/fix/types.js';
import { sine, whiteNoise } from '../helpers/signals.js';
import { analysisOf, fixableFinding, fixOptions } from './plans.js';

const RATE_HZ = 16_000;
/** Half of the writer's 10 ms crossfade, in samples: the level check stays this far from joins and ends. */
const HALF_FADE = 80;
/** Rounding to 16 bits is off by at most half a step; the rest is float32 arithmetic. */
const PCM_TOLERANCE = 0.5 / 32767 + 1e-6;

/** Room tone everywhere plus a tone in each "speech" span; the second channel is half the first. */
function takeSignal(durationS: number, tones: { span: TimeSpan; freqHz: number; amplitude: number }[]): Float32Array[] {
  const left = whiteNoise(0.001, durationS, RATE_HZ, 7);
  for (const { span, freqHz, amplitude } of tones) {
    const tone = sine(freqHz, amplitude, span.endS - span.startS, RATE_HZ);
    const from = Math.round(span.startS * RATE_HZ);
    for (let i = 0; i < tone.length; i++) left[from + i]! += tone[i]!;
  }
  return [left, left.map((x) => x / 2)];
}

/** Yields the source in chunks of uneven sizes and counts how often it is opened and how much is read. */
function chunkSource(channels: Float32Array[]) {
  const counts = { opened: 0, samples: 0 };
  const sizes = [1000, 777, 4096, 1];
  const chunks = async function* () {
    counts.opened++;
    for (let at = 0, k = 0; at < channels[0]!.length; k++) {
      const end = Math.min(channels[0]!.length, at + sizes[k % sizes.length]!);
      counts.samples += end - at;
      yield channels.map((c) => c.slice(at, end));
      at = end;
    }
  };
  return { chunks, counts };
}

function readMono(file: string): { sampleRate: number; samples: Float32Array; channels: number } {
  const bytes = readFileSync(file);
  const decoded = wav.decode(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))!;
  return { sampleRate: decoded.sampleRate, samples: decoded.channelData[0]!, channels: decoded.channelData.length };
}

/** Where each span sits in the output and where it reads the source, as the writer promises: rounded running sums. */
function layout(spans: readonly KeptSpan[]): { out: number; src: number; length: number }[] {
  let sumS = 0;
  return spans.map((span) => {
    const out = Math.round(sumS * RATE_HZ);
    sumS += span.endS - span.startS;
    return { out, src: Math.round(span.startS * RATE_HZ), length: Math.round(sumS * RATE_HZ) - out };
  });
}

/** Largest |output − source × gain| away from joins and ends (where the crossfades and end fades act). */
function maxLevelError(out: Float32Array, mono: Float32Array, spans: readonly KeptSpan[], gain: number): { error: number; checked: number } {
  let error = 0;
  let checked = 0;
  for (const { out: outFrom, src, length } of layout(spans)) {
    for (let n = HALF_FADE; n < length - HALF_FADE; n++) {
      error = Math.max(error, Math.abs(out[outFrom + n]! - mono[src + n]! * gain));
      checked++;
    }
  }
  return { error, checked };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'voicegate-fix-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFixPlan', () => {
  const speech = [{ startS: 1.5, endS: 3.5 }, { startS: 6.5, endS: 8 }, { startS: 8.3, endS: 10 }];
  const channels = takeSignal(11, [
    { span: speech[0]!, freqHz: 440, amplitude: 0.3 },
    { span: speech[1]!, freqHz: 660, amplitude: 0.5 },
    { span: speech[2]!, freqHz: 330, amplitude: 0.2 },
  ]);
  const mono = channels[0]!.map((x, i) => (x + channels[1]![i]!) / 2);

  test('trims, shortens the pause and applies the gain in one pass; the kept parts are the input × gain', async () => {
    const analysis = analysisOf(11, speech, { loudnessLufs: -30, peakDbfs: -12 });
    const plan = planFix(analysis, fixOptions({ normalize: { enabled: true } }), ['trim', 'gaps', 'normalize'].map((k) => fixableFinding(k as 'trim')));
    expect(plan.outputs).toHaveLength(1);
    const [output] = plan.outputs;
    expect(output!.spans).toHaveLength(2);
    expect(20 * Math.log10(output!.gain)).toBeCloseTo(7, 9);

    const { chunks, counts } = chunkSource(channels);
    const targets = outputNames(path.join(dir, 'take 1.wav'), 1);
    await writeFixPlan(chunks, RATE_HZ, plan, targets);

    expect(counts).toEqual({ opened: 1, samples: 11 * RATE_HZ });
    expect(readdirSync(dir)).toEqual(['take 1.wav']);
    const written = readMono(targets[0]!);
    expect(written.sampleRate).toBe(RATE_HZ);
    expect(written.channels).toBe(1);
    // One join: within one sample of the planned duration.
    expect(Math.abs(written.samples.length - output!.durationS * RATE_HZ)).toBeLessThanOrEqual(1);
    const { error, checked } = maxLevelError(written.samples, mono, output!.spans, output!.gain);
    expect(checked).toBeGreaterThan(0.95 * output!.durationS * RATE_HZ);
    expect(error).toBeLessThanOrEqual(PCM_TOLERANCE);
  });

  test('splits into several outputs from a single pass over the source, each of its planned length', async () => {
    const analysis = analysisOf(11, speech);
    const options = fixOptions({ long: { maxDurationS: 4, minSegmentS: 1 } });
    const plan = planFix(analysis, options, [fixableFinding('trim'), fixableFinding('gaps'), fixableFinding('split')]);
    expect(plan.outputs.length).toBeGreaterThanOrEqual(2);

    const { chunks, counts } = chunkSource(channels);
    const targets = outputNames(path.join(dir, 'take.wav'), plan.outputs.length);
    await writeFixPlan(chunks, RATE_HZ, plan, targets);

    expect(counts.opened).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(targets.map((t) => path.basename(t)).sort());
    plan.outputs.forEach((output, k) => {
      const { samples } = readMono(targets[k]!);
      expect(Math.abs(samples.length - output.durationS * RATE_HZ)).toBeLessThanOrEqual(Math.max(1, output.spans.length - 1));
      expect(maxLevelError(samples, mono, output.spans, 1).error).toBeLessThanOrEqual(PCM_TOLERANCE);
    });
  });

  test('a join inside a tone is crossfaded: no step bigger than the tone slope plus the fade', async () => {
    const amplitude = 0.5;
    const freqHz = 200;
    const tone = sine(freqHz, amplitude, 3, RATE_HZ);
    // The first span ends on a crest; the second starts half a period later in phase, on a trough: a hard cut would step by 2 × amplitude.
    const spans = [{ startS: 0.5, endS: 1.00125 }, { startS: 2.00375, endS: 2.5 }];
    const durationS = spans.reduce((sum, s) => sum + s.endS - s.startS, 0);
    const plan: FixPlan = { changes: true, cuts: [], notes: [], outputs: [{ index: 0, spans, durationS, gain: 1 }] };
    const target = path.join(dir, 'joined.wav');
    await writeFixPlan(chunkSource([tone]).chunks, RATE_HZ, plan, [target]);

    const { samples } = readMono(target);
    expect(samples.length).toBe(Math.round(durationS * RATE_HZ));
    const joinAt = Math.round((spans[0]!.endS - spans[0]!.startS) * RATE_HZ);
    let maxStep = 0;
    for (let n = joinAt - 2 * HALF_FADE; n < joinAt + 2 * HALF_FADE; n++) maxStep = Math.max(maxStep, Math.abs(samples[n + 1]! - samples[n]!));
    const toneSlope = (amplitude * 2 * Math.PI * freqHz) / RATE_HZ;
    const fadeSlope = (Math.PI / (4 * HALF_FADE)) * 2 * amplitude;
    expect(maxStep).toBeLessThanOrEqual(toneSlope + fadeSlope + 2 / 32767);
  });

  test('samples pushed past full scale by the gain are clamped to ±1, not wrapped', async () => {
    const tone = sine(100, 0.5, 1, RATE_HZ);
    const spans = [{ startS: 0, endS: 1 }];
    const plan: FixPlan = { changes: true, cuts: [], notes: [], outputs: [{ index: 0, spans, durationS: 1, gain: 4 }] };
    const target = path.join(dir, 'loud.wav');
    await writeFixPlan(chunkSource([tone]).chunks, RATE_HZ, plan, [target]);

    const { samples } = readMono(target);
    let clamped = 0;
    for (let n = HALF_FADE; n < samples.length - HALF_FADE; n++) {
      const expected = 4 * tone[n]!;
      expect(Math.abs(samples[n]!)).toBeLessThanOrEqual(1);
      if (Math.abs(expected) >= 1) {
        expect(samples[n]! * Math.sign(expected)).toBeGreaterThanOrEqual(1 - 1 / 32767);
        clamped++;
      } else expect(Math.abs(samples[n]! - expected)).toBeLessThanOrEqual(PCM_TOLERANCE * 4);
    }
    expect(clamped).toBeGreaterThan(samples.length / 3);
  });

  test('a failing source leaves neither the targets nor temporary files', async () => {
    const analysis = analysisOf(11, speech);
    const plan = planFix(analysis, fixOptions({ long: { maxDurationS: 4, minSegmentS: 1 } }), [fixableFinding('split')]);
    const targets = outputNames(path.join(dir, 'take.wav'), plan.outputs.length);
    let served = 0;
    const partial = async function* () {
      for await (const chunk of chunkSource(channels).chunks()) {
        if ((served += chunk[0]!.length) > 8 * RATE_HZ) throw new Error('decoder died');
        yield chunk;
      }
    };
    await expect(writeFixPlan(partial, RATE_HZ, plan, targets)).rejects.toThrow('decoder died');
    expect(readdirSync(dir)).toEqual([]);
  });

  test('refuses a target list that does not match the plan', async () => {
    const plan: FixPlan = { changes: true, cuts: [], notes: [], outputs: [{ index: 0, spans: [{ startS: 0, endS: 1 }], durationS: 1, gain: 1 }] };
    await expect(writeFixPlan(chunkSource(channels).chunks, RATE_HZ, plan, [])).rejects.toThrow('Expected one target per planned output (1), got 0');
  });
});

describe('outputNames', () => {
  test.each([
    ['take 1.wav', 1, ['take 1.wav']],
    ['sub/dir/take 1.wav', 3, ['sub/dir/take 1.001.wav', 'sub/dir/take 1.002.wav', 'sub/dir/take 1.003.wav']],
    ['a.b/take', 2, ['a.b/take.001.wav', 'a.b/take.002.wav']],
    ['take.flac.wav', 1, ['take.flac.wav']],
  ])('%s × %i', (name, count, expected) => {
    expect(outputNames(name, count)).toEqual(expected);
  });

  test('more than 999 outputs get more digits, so the names still sort in order', () => {
    const names = outputNames('t.wav', 1200);
    expect(names[0]).toBe('t.0001.wav');
    expect(names.at(-1)).toBe('t.1200.wav');
  });
});
