import { Kernels } from './features/wasm/kernels.js';

/** Sizes of one clip's noise tracking (the NoiseWork struct of kernels.c, in its field order). */
export interface NoiseTrackShape {
  frames: number;
  /** Half length of the noise window and of the power smoothing, in frames. */
  half: number;
  smoothHalf: number;
  /** Frames that may be noise evidence. */
  first: number;
  last: number;
  /** Noise-only cells a window must hold (widened until it does), and the fewest a clip may have at all. */
  minCells: number;
  minClipCells: number;
}

/** Per-band constants of noise.ts steps 2–5. */
export interface BandLimits {
  biasCompensation: number;
  /** Presence limits of the track's cells (delta) and of the mean noise's (meanDelta), as multiples of the track. */
  delta: number;
  meanDelta: number;
}

/**
 * noise.ts steps 1–5 for a band at a time in the kernels' noise_band: power smoothing, the sliding minimum
 * (van Herk / Gil–Werman), bias compensation, and the presence-controlled averages (two for the track, one for
 * the mean noise). The same operations in the same order as the TypeScript it replaced (bit-identical tracks,
 * test/analysis/noiseTrack.test.ts). Fill `columns[j]` with a band's power, then run(j, …); `track` and `mean`
 * hold that band's results until the next run. Valid while no other kernel runs (they share the scratch).
 */
export class NoiseTracker {
  readonly columns: Float32Array[];
  readonly track: Float64Array;
  readonly mean: Float64Array;
  private readonly kernels = Kernels.shared();
  private readonly workAt: number;
  private readonly columnAt: number[];

  constructor(shape: NoiseTrackShape, columnCount: number) {
    const { kernels } = this;
    const n = shape.frames;
    const plan = kernels.scratch();
    const fields = [shape.frames, shape.half, shape.smoothHalf, shape.first, shape.last, shape.minCells, shape.minClipCells];
    this.workAt = plan.place((fields.length + 4) * 4);
    this.columnAt = Array.from({ length: columnCount }, () => plan.place(n * 4));
    // The sliding minimum's two scratch arrays are reused for the averages' prefix sums (see NoiseWork).
    const [smoothed, noise, aheadThenSum, behindThenCount] = [n, n, n + 1, n + 1].map((length) => plan.place(length * 8));
    kernels.reserve(plan.end);
    kernels.i32(this.workAt, fields.length + 4).set([...fields, smoothed!, noise!, aheadThenSum!, behindThenCount!]);
    this.columns = this.columnAt.map((at) => kernels.f32(at, n));
    this.mean = kernels.f64(smoothed!, n);
    this.track = kernels.f64(noise!, n);
  }

  run(column: number, limits: BandLimits): void {
    this.kernels.exports.noise_band(this.workAt, this.columnAt[column]!, limits.biasCompensation, limits.delta, limits.meanDelta);
  }
}
