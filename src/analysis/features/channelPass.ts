import { EXTREME_DISTINCT } from './extremes.js';
import type { ChannelAccumulation } from './types.js';
import { Kernels } from './wasm/kernels.js';

// Slots of a channel's state: the CH_ enum in wasm/kernels.c.
const SUM = 0;
const SUM_SQUARES = 1;
const CROSS = 2;
const NON_FINITE = 3;
const HIGH_LIMIT = 4;
const LOW_LIMIT = 5;
const PLATEAU_VALUE = 6;
const PLATEAU_START = 7;
const PLATEAU_LENGTH = 8;
const HIGH_SIZE = 9;
const LOW_SIZE = 10;
const HIGH_VALUES = 11;
const HIGH_COUNTS = HIGH_VALUES + EXTREME_DISTINCT;
const LOW_VALUES = HIGH_COUNTS + EXTREME_DISTINCT;
const LOW_COUNTS = LOW_VALUES + EXTREME_DISTINCT;
const STATE_DOUBLES = LOW_COUNTS + EXTREME_DISTINCT;

/** A run of equal samples (see PlateauRuns): its channel, value, first sample and length. */
export type RunSink = (channel: number, value: number, start: number, length: number) => void;

/**
 * Each source channel's statistics (ChannelAccumulation) and its runs of equal samples, by the kernels'
 * channel_pass: non-finite samples zeroed in place, Σ x, Σ x², Σ x·x₀, the distinct extremes (extremes.ts) and
 * the runs that sit on the running maximum or minimum when they end. The same operations in the same order as
 * the TypeScript loop it replaced (bit-identical statistics, test/analysis/features/channelPass.test.ts).
 */
export class ChannelPass {
  private readonly kernels = Kernels.shared();
  private readonly states: Float64Array[];

  constructor(channelCount: number) {
    this.states = Array.from({ length: channelCount }, () => {
      const state = new Float64Array(STATE_DOUBLES);
      state[HIGH_LIMIT] = -Infinity;
      state[LOW_LIMIT] = -Infinity;
      state[PLATEAU_VALUE] = NaN;
      return state;
    });
  }

  /** One chunk of every channel, `offset` samples into the clip; the runs that end in it go to `onRun`. */
  push(channels: Float32Array[], offset: number, onRun: RunSink): void {
    const { kernels } = this;
    const n = channels[0]!.length;
    const maxRuns = Math.floor(n / 3) + 2;
    const plan = kernels.scratch();
    const stateAt = plan.place(STATE_DOUBLES * 8);
    const firstAt = plan.place(n * 4);
    const samplesAt = plan.place(n * 4);
    const runsAt = plan.place(maxRuns * 3 * 8);
    kernels.reserve(plan.end);
    channels.forEach((x, c) => {
      const state = this.states[c]!;
      const nonFiniteBefore = state[NON_FINITE]!;
      // Channel 0 stays in its own region for the other channels' Σ x·x₀.
      const xAt = c === 0 ? firstAt : samplesAt;
      kernels.f64(stateAt, STATE_DOUBLES).set(state);
      kernels.f32(xAt, n).set(x);
      const runs = kernels.exports.channel_pass(stateAt, xAt, c === 0 ? 0 : firstAt, n, offset, runsAt);
      state.set(kernels.f64(stateAt, STATE_DOUBLES));
      if (state[NON_FINITE]! > nonFiniteBefore) x.set(kernels.f32(xAt, n));
      const triples = kernels.f64(runsAt, runs * 3);
      for (let r = 0; r < runs; r++) onRun(c, triples[3 * r]!, triples[3 * r + 1]!, triples[3 * r + 2]!);
    });
  }

  /** The run still open at the clip's end on channel c. */
  openRun(c: number): { value: number; start: number; length: number } {
    const s = this.states[c]!;
    return { value: s[PLATEAU_VALUE]!, start: s[PLATEAU_START]!, length: s[PLATEAU_LENGTH]! };
  }

  /** Channel c's statistics so far. */
  accumulation(c: number): ChannelAccumulation {
    const s = this.states[c]!;
    const extremes = (valuesAt: number, countsAt: number, sizeAt: number) => ({
      values: s.slice(valuesAt, valuesAt + EXTREME_DISTINCT),
      counts: Uint32Array.from(s.subarray(countsAt, countsAt + EXTREME_DISTINCT)),
      size: s[sizeAt]!,
    });
    const highest = extremes(HIGH_VALUES, HIGH_COUNTS, HIGH_SIZE);
    const lowest = extremes(LOW_VALUES, LOW_COUNTS, LOW_SIZE);
    // A value enters a list on its first occurrence or never (admission limits only rise), and the extreme
    // always enters: so the head of each list is the extreme with its exact count.
    return {
      sum: s[SUM]!,
      sumSquares: s[SUM_SQUARES]!,
      maxValue: highest.size > 0 ? highest.values[0]! : 0,
      maxCount: highest.size > 0 ? highest.counts[0]! : 0,
      minValue: lowest.size > 0 ? lowest.values[0]! : 0,
      minCount: lowest.size > 0 ? lowest.counts[0]! : 0,
      highest,
      lowest,
      crossWithFirst: s[CROSS]!,
      nonFinite: s[NON_FINITE]!,
    };
  }
}
