import type { Biquad } from './biquad.js';
import { Kernels } from './wasm/kernels.js';

/** The filters and block sizes of one clip's per-sample pass (see sample_pass in wasm/kernels.c). */
export interface SamplePassLayout {
  hopSize: number;
  fineHopSize: number;
  /** Loudness sub-block (100 ms) and the mono channel's BS.1770 weight. */
  loudnessBlock: number;
  loudnessWeight: number;
  kWeighting: [Biquad, Biquad];
  /** The low band's anti-alias sections and decimation factor (identity sections when it keeps every sample). */
  lowBand: { sections: [Biquad, Biquad]; factor: number };
  /** The speech band's cascade: high-pass 1, low-pass 1, high-pass 2, low-pass 2. */
  speechBand: [Biquad, Biquad, Biquad, Biquad];
}

/** What one chunk gave, as views into the kernels' memory: valid until the next kernel call on this thread. */
export interface SamplePassOutput {
  hopEnergy: Float32Array;
  hopPeak: Float32Array;
  fineEnergy: Float32Array;
  speechBandFineEnergy: Float32Array;
  /** weight × K-weighted Σ z² per loudness sub-block the chunk touches (block 0 continues the open one). */
  loudnessBlocks: Float64Array;
  /** Every factor-th low-band filter output. */
  lowBandKept: Float64Array;
}

// Slots of the state array: the enum in kernels.c.
const COEF_A1 = 0;
const COEF_A2 = 10;
const COEF_B1 = 20;
const COEF_B2 = 30;
const HOP_ENERGY = 56;
const HOP_PEAK = 57;
const HOP_FILL = 58;
const FINE_ENERGY = 59;
const FINE_FILL = 60;
const MONO_SUM = 61;
const MONO_SUM_SQUARES = 62;
const MONO_PEAK = 63;
const SPEECH_SUM = 64;
const SPEECH_FILL = 65;
const LOUD_FILL = 67;
const HOP_SIZE = 68;
const FINE_HOP_SIZE = 69;
const LOW_FACTOR = 70;
const LOUD_BLOCK = 71;
const LOUD_WEIGHT = 72;
const STATE_DOUBLES = 73;
const COUNTS = 5;

/** Two sections lane by lane: b0 of both, b1 of both, … (a pair in kernels.c). */
function pair(state: Float64Array, at: number, lane0: Biquad, lane1: Biquad): void {
  const keys = ['b0', 'b1', 'b2', 'a1', 'a2'] as const;
  keys.forEach((key, i) => {
    state[at + 2 * i] = lane0[key];
    state[at + 2 * i + 1] = lane1[key];
  });
}

/**
 * The per-sample work of the extractor on the mono signal, in one WebAssembly loop: hop and fine-hop energies
 * and hop peaks, the clip's mono sums, the K-weighted loudness sub-blocks, the low band's anti-aliased
 * decimation and the speech band's mean square per fine hop (the filters paired in f64x2 lanes). The same
 * operations in the same order as the TypeScript loops it replaced, so the results are bit-identical
 * (test/analysis/features/samplePass.test.ts). The clip's running state lives here between chunks and is
 * copied into the kernels' memory for each call.
 */
export class SamplePass {
  private readonly kernels = Kernels.shared();
  private readonly state = new Float64Array(STATE_DOUBLES);

  constructor(layout: SamplePassLayout) {
    const { state } = this;
    const [h1, l1, h2, l2] = layout.speechBand;
    pair(state, COEF_A1, layout.kWeighting[0], layout.lowBand.sections[0]);
    pair(state, COEF_A2, layout.kWeighting[1], layout.lowBand.sections[1]);
    pair(state, COEF_B1, h1, h2);
    pair(state, COEF_B2, l1, l2);
    state[HOP_SIZE] = layout.hopSize;
    state[FINE_HOP_SIZE] = layout.fineHopSize;
    state[LOW_FACTOR] = layout.lowBand.factor;
    state[LOUD_BLOCK] = layout.loudnessBlock;
    state[LOUD_WEIGHT] = layout.loudnessWeight;
  }

  push(mono: Float32Array): SamplePassOutput {
    const { kernels, state } = this;
    const n = mono.length;
    const hopSize = state[HOP_SIZE]!;
    const fineHopSize = state[FINE_HOP_SIZE]!;
    const hops = Math.floor(n / hopSize) + 2;
    const fines = Math.floor(n / fineHopSize) + 2;
    const blocks = Math.floor(n / state[LOUD_BLOCK]!) + 2;
    const kept = Math.floor(n / state[LOW_FACTOR]!) + 2;
    const plan = kernels.scratch();
    const stateAt = plan.place(STATE_DOUBLES * 8);
    const monoAt = plan.place(n * 4);
    const hopEnergyAt = plan.place(hops * 4);
    const hopPeakAt = plan.place(hops * 4);
    const fineAt = plan.place(fines * 4);
    const speechAt = plan.place(fines * 4);
    const loudAt = plan.place(blocks * 8);
    const keptAt = plan.place(kept * 8);
    const countsAt = plan.place(COUNTS * 4);
    kernels.reserve(plan.end);
    kernels.f64(stateAt, STATE_DOUBLES).set(state);
    kernels.f32(monoAt, n).set(mono);
    kernels.exports.sample_pass(stateAt, monoAt, n, hopEnergyAt, hopPeakAt, fineAt, speechAt, loudAt, keptAt, countsAt);
    state.set(kernels.f64(stateAt, STATE_DOUBLES));
    const [hopCount, fineCount, speechCount, blockCount, keptCount] = kernels.i32(countsAt, COUNTS) as unknown as [number, number, number, number, number];
    return {
      hopEnergy: kernels.f32(hopEnergyAt, hopCount),
      hopPeak: kernels.f32(hopPeakAt, hopCount),
      fineEnergy: kernels.f32(fineAt, fineCount),
      speechBandFineEnergy: kernels.f32(speechAt, speechCount),
      loudnessBlocks: kernels.f64(loudAt, blockCount),
      lowBandKept: kernels.f64(keptAt, keptCount),
    };
  }

  /** The open hop, fine hop and speech-band fine hop at the clip's end (fill 0: none). */
  get openHop(): { energy: number; peak: number; fill: number } {
    return { energy: this.state[HOP_ENERGY]!, peak: this.state[HOP_PEAK]!, fill: this.state[HOP_FILL]! };
  }

  get openFineHop(): { energy: number; fill: number } {
    return { energy: this.state[FINE_ENERGY]!, fill: this.state[FINE_FILL]! };
  }

  get openSpeechBandFineHop(): { sum: number; fill: number } {
    return { sum: this.state[SPEECH_SUM]!, fill: this.state[SPEECH_FILL]! };
  }

  /** Σ x, Σ x² and max |x| of the mono signal so far. */
  get mono(): { sum: number; sumSquares: number; peak: number } {
    return { sum: this.state[MONO_SUM]!, sumSquares: this.state[MONO_SUM_SQUARES]!, peak: this.state[MONO_PEAK]! };
  }

  /** Where the open loudness sub-block stands (samples into it). */
  set loudnessFill(fill: number) {
    this.state[LOUD_FILL] = fill;
  }
}

/**
 * K-weighted sub-block energies of the channels of a multichannel clip (a mono clip gets them from its sample
 * pass): per channel, two sections with their delays in `states[c]`, weight × Σ z² of each run to a sub-block's
 * end, summed over channels into the returned sums (block 0 is the one open at the chunk's start).
 */
export function kWeightedBlockSums(
  channels: Float32Array[],
  filters: [Biquad, Biquad],
  states: Float64Array[],
  weights: number[],
  block: number,
  fill: number,
): Float64Array {
  const kernels = Kernels.shared();
  const n = channels[0]!.length;
  const blocks = Math.floor((fill + n) / block) + 1;
  const plan = kernels.scratch();
  const coefficientsAt = plan.place(10 * 8);
  const stateAt = plan.place(4 * 8);
  const samplesAt = plan.place(n * 4);
  const sumsAt = plan.place(blocks * 8);
  kernels.reserve(plan.end);
  kernels.f64(coefficientsAt, 10).set(filters.flatMap((f) => [f.b0, f.b1, f.b2, f.a1, f.a2]));
  const sums = kernels.f64(sumsAt, blocks);
  sums.fill(0);
  channels.forEach((x, c) => {
    kernels.f64(stateAt, 4).set(states[c]!);
    kernels.f32(samplesAt, n).set(x);
    kernels.exports.block_energy(coefficientsAt, stateAt, samplesAt, n, block, fill, weights[c]!, sumsAt);
    states[c]!.set(kernels.f64(stateAt, 4));
  });
  return sums.slice();
}
