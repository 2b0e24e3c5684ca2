import { describe, expect, it } from 'vitest';
import type { Biquad } from '../../../src/analysis/features/biquad.js';
import { kWeightingFilters } from '../../../src/analysis/features/kWeighting.js';
import { lowBandDecimation } from '../../../src/analysis/features/lowBand.js';
import { SamplePass, kWeightedBlockSums, type SamplePassLayout } from '../../../src/analysis/features/samplePass.js';
import { speechBandSections } from '../../../src/analysis/features/speechBand.js';
import { seededRandom, sine } from '../../helpers/signals.js';

/** Speech-like test audio: a tone with noise, a silent stretch, and a loud burst. */
function testSignal(rate: number, seconds: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return sine(220, 0.2, seconds, rate).map((v, i) => {
    const t = i / rate;
    if (t > 0.5 && t < 0.7) return 0;
    return v * (t > 1.2 ? 2.5 : 1) + 0.05 * (random() * 2 - 1);
  });
}

/** A transposed direct-form II section with its delays, the plain way. */
function section(c: Biquad): (v: number) => number {
  let s0 = 0;
  let s1 = 0;
  return (v) => {
    const y = c.b0 * v + s0;
    s0 = c.b1 * v - c.a1 * y + s1;
    s1 = c.b2 * v - c.a2 * y;
    return y;
  };
}

/**
 * What the sample pass computes, written as straightforward TypeScript: hop and fine-hop runs (summed per run
 * up to the next boundary), filters sample by sample, every factor-th low-band output, sub-block energies.
 */
function reference(x: Float32Array, layout: SamplePassLayout) {
  const { hopSize, fineHopSize, loudnessBlock } = layout;
  const hopEnergy: number[] = [];
  const hopPeak: number[] = [];
  const fineEnergy: number[] = [];
  let [sum, sumSquares, peak, energy, framePeak, fine, fill, fineFill] = [0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < x.length; ) {
    const stop = Math.min(x.length, i + (fineHopSize - fineFill), i + (hopSize - fill));
    let [runSum, runEnergy, runPeak] = [0, 0, 0];
    for (let j = i; j < stop; j++) {
      runSum += x[j]!;
      runEnergy += x[j]! * x[j]!;
      runPeak = Math.max(runPeak, Math.abs(x[j]!));
    }
    sum += runSum;
    sumSquares += runEnergy;
    peak = Math.max(peak, runPeak);
    energy += runEnergy;
    framePeak = Math.max(framePeak, runPeak);
    fine += runEnergy;
    fineFill += stop - i;
    fill += stop - i;
    i = stop;
    if (fineFill === fineHopSize) {
      fineEnergy.push(fine / fineHopSize);
      [fine, fineFill] = [0, 0];
    }
    if (fill === hopSize) {
      hopEnergy.push(energy / hopSize);
      hopPeak.push(framePeak);
      [energy, framePeak, fill] = [0, 0, 0];
    }
  }
  const kw = layout.kWeighting.map(section);
  const low = layout.lowBand.sections.map(section);
  const speech = layout.speechBand.map(section);
  const loudnessBlocks: number[] = [];
  const lowBandKept: number[] = [];
  const speechBandFineEnergy: number[] = [];
  let [loud, speechSum] = [0, 0];
  x.forEach((v, i) => {
    const z = kw[1]!(kw[0]!(v));
    loud += z * z;
    if ((i + 1) % loudnessBlock === 0 || i === x.length - 1) {
      loudnessBlocks.push(layout.loudnessWeight * loud);
      loud = 0;
    }
    const kept = low[1]!(low[0]!(v));
    if ((i + 1) % layout.lowBand.factor === 0) lowBandKept.push(kept);
    const y = speech.reduce((u, f) => f(u), v);
    speechSum += y * y;
    if ((i + 1) % fineHopSize === 0) {
      speechBandFineEnergy.push(speechSum / fineHopSize);
      speechSum = 0;
    }
  });
  return { hopEnergy, hopPeak, fineEnergy, speechBandFineEnergy, loudnessBlocks, lowBandKept, mono: { sum, sumSquares, peak } };
}

function layoutAt(rate: number): SamplePassLayout {
  const hopSize = Math.round(rate / 100);
  return {
    hopSize,
    fineHopSize: Math.round(hopSize / 4),
    loudnessBlock: Math.round(rate / 10),
    loudnessWeight: 1,
    kWeighting: kWeightingFilters(rate),
    lowBand: lowBandDecimation(rate),
    speechBand: speechBandSections(rate),
  };
}

const f32 = (values: number[]): Float32Array => Float32Array.from(values);

describe('the WebAssembly sample pass', () => {
  it.each([8000, 16000, 44100])('equals the plain TypeScript computation bit for bit at %i Hz, in one chunk', (rate) => {
    const x = testSignal(rate, 1.5, rate);
    const layout = layoutAt(rate);
    const expected = reference(x, layout);
    const pass = new SamplePass(layout);
    const out = pass.push(x);
    expect(out.hopEnergy).toEqual(f32(expected.hopEnergy));
    expect(out.hopPeak).toEqual(f32(expected.hopPeak));
    expect(out.fineEnergy).toEqual(f32(expected.fineEnergy));
    expect(out.speechBandFineEnergy).toEqual(f32(expected.speechBandFineEnergy));
    expect(Array.from(out.loudnessBlocks)).toEqual(expected.loudnessBlocks);
    expect(Array.from(out.lowBandKept)).toEqual(expected.lowBandKept);
    expect(pass.mono).toEqual(expected.mono);
    expect(expected.lowBandKept.length).toBe(Math.floor(x.length / layout.lowBand.factor));
  });

  it('weights and sums the K-weighted blocks of each channel of a multichannel clip', () => {
    const rate = 16000;
    const left = testSignal(rate, 0.35, 1);
    const right = testSignal(rate, 0.35, 2);
    const filters = kWeightingFilters(rate);
    const sums = kWeightedBlockSums([left, right], filters, [new Float64Array(4), new Float64Array(4)], [1, 1.41], 1600, 0);
    const perChannel = [left, right].map((x) => reference(x, { ...layoutAt(rate), loudnessBlock: 1600 }).loudnessBlocks);
    expect(sums.length).toBe(4); // 5,600 samples: three whole blocks and one open
    for (let j = 0; j < 4; j++) expect(sums[j]).toBe(0 + 1 * perChannel[0]![j]! + 1.41 * perChannel[1]![j]!);
  });
});
