import type { RealFft } from './fft.js';
import { FFT_FIELDS, Kernels, REGIONS_START, RegionPlan, placeFft } from './wasm/kernels.js';

/**
 * The extractor's spectral frames computed by WebAssembly (wasm/kernels.c): per 10 ms frame the Hann-windowed
 * power spectrum, its mel band sums and its share of the level-bucketed spectrum. Bit-identical to doing the
 * same with RealFft in TypeScript, faster (two f64 lanes, no bounds checks), and fast from the first frame (WebAssembly is compiled
 * before it runs, where a cold TypeScript loop starts in the interpreter: that is most of a `check`).
 */
export interface SpectralLayout {
  readonly fftSize: number;
  readonly hopSize: number;
  readonly window: Float64Array;
  readonly fft: RealFft;
  readonly bandCount: number;
  /** Band b holds bins [bandFirstBin[b], bandFirstBin[b + 1]). */
  readonly bandFirstBin: Uint32Array;
  /** Multiplies each band sum (and the frame total) into mean-square units. */
  readonly scale: number;
  readonly bucketFloorDb: number;
  readonly bucketWidthDb: number;
  readonly bucketCount: number;
}

const LAYOUT_FIELDS = FFT_FIELDS + 8;

/** Byte offsets of one layout's tables and accumulators in linear memory. */
interface Regions {
  layout: number;
  bucketFrames: number;
  bucketPower: number;
}

/**
 * The spectral tables and bucket sums in the kernels' memory (one per thread, like the kernels): the tables of
 * one layout and the bucket sums of one extractor at a time. An extractor that finds another one's sums there
 * saves them to that extractor and loads its own (only when two clips interleave).
 */
class SpectralKernel {
  private static instance: SpectralKernel | undefined;

  static shared(): SpectralKernel {
    return (SpectralKernel.instance ??= new SpectralKernel(Kernels.shared()));
  }

  private layout: SpectralLayout | null = null;
  private regions: Regions = { layout: 0, bucketFrames: 0, bucketPower: 0 };
  private owner: SpectralFrames | null = null;

  private constructor(private readonly wasm: Kernels) {}

  /** Makes `frames` the owner of the bucket sums, with its layout's tables in place. */
  claim(frames: SpectralFrames): void {
    if (this.owner === frames) return;
    if (this.owner) this.owner.saved = this.readSums(this.owner.layout);
    if (this.layout !== frames.layout) this.writeTables(frames.layout);
    const { bucketFrames, bucketPower } = this.regions;
    const binCount = frames.layout.fftSize / 2 + 1;
    const sumsFrames = this.wasm.f64(bucketFrames, frames.layout.bucketCount);
    const sumsPower = this.wasm.f64(bucketPower, frames.layout.bucketCount * binCount);
    if (frames.saved) {
      sumsFrames.set(frames.saved.frames);
      sumsPower.set(frames.saved.power);
      frames.saved = null;
    } else {
      sumsFrames.fill(0);
      sumsPower.fill(0);
    }
    this.owner = frames;
  }

  /** The owner's bucket sums, copied out; the kernel is free afterwards. */
  release(frames: SpectralFrames): { frames: Float64Array; power: Float64Array } {
    if (this.owner !== frames) return frames.saved ?? this.emptySums(frames.layout);
    this.owner = null;
    return this.readSums(frames.layout);
  }

  /**
   * Lays out `tail`, then `chunk`, then zeros up to `length` samples, and runs `count` frames over them
   * (frame f starts at sample first + f·hop). Returns the frames' band sums (count × bandCount) and the laid-out
   * samples, both views into linear memory valid until the next call.
   */
  run(tail: Float32Array, chunk: Float32Array, length: number, count: number, first: number): { bands: Float32Array; samples: Float32Array } {
    const layout = this.layout!;
    const plan = this.wasm.scratch();
    const samplesAt = plan.place(length * 4);
    const bandsAt = plan.place(count * layout.bandCount * 4);
    this.wasm.reserve(plan.end);
    const samples = this.wasm.f32(samplesAt, length);
    samples.set(tail);
    samples.set(chunk, tail.length);
    samples.fill(0, tail.length + chunk.length);
    if (count > 0) this.wasm.exports.spectral_frames(this.regions.layout, samplesAt, count, first, layout.hopSize, layout.scale, bandsAt);
    return { bands: this.wasm.f32(bandsAt, count * layout.bandCount), samples };
  }

  private writeTables(layout: SpectralLayout): void {
    const binCount = layout.fftSize / 2 + 1;
    const thresholds = Float64Array.from({ length: layout.bucketCount - 1 }, (_, j) => 10 ** ((layout.bucketFloorDb + (j + 1) * layout.bucketWidthDb) / 10));
    const plan = new RegionPlan(REGIONS_START);
    const layoutAt = plan.place(LAYOUT_FIELDS * 4);
    const fft = placeFft(plan, layout.fft);
    const tables = [layout.window, layout.bandFirstBin, thresholds].map((data) => ({ data, at: plan.place(data.byteLength) }));
    const spectrum = plan.place(binCount * 8);
    const bucketFrames = plan.place(layout.bucketCount * 8);
    const bucketPower = plan.place(layout.bucketCount * binCount * 8);
    this.wasm.reserve(plan.end);
    for (const t of tables) this.wasm.copyIn(t.at, t.data);
    // Field order of Layout in kernels.c.
    this.wasm.i32(layoutAt, LAYOUT_FIELDS).set([...fft(this.wasm), layout.bandCount, layout.bucketCount, ...tables.map((t) => t.at), spectrum, bucketFrames, bucketPower]);
    this.regions = { layout: layoutAt, bucketFrames, bucketPower };
    this.wasm.tablesEnd = plan.end;
    this.layout = layout;
  }

  private readSums(layout: SpectralLayout): { frames: Float64Array; power: Float64Array } {
    const binCount = layout.fftSize / 2 + 1;
    return {
      frames: this.wasm.f64(this.regions.bucketFrames, layout.bucketCount).slice(),
      power: this.wasm.f64(this.regions.bucketPower, layout.bucketCount * binCount).slice(),
    };
  }

  private emptySums(layout: SpectralLayout): { frames: Float64Array; power: Float64Array } {
    return { frames: new Float64Array(layout.bucketCount), power: new Float64Array(layout.bucketCount * (layout.fftSize / 2 + 1)) };
  }
}

/**
 * The spectral frames of one clip, fed chunk by chunk. Frame n is centred on n·hop + ⌊hop/2⌋ and spans one
 * window; samples before the clip and after its end read as zeros. What later frames still need of the
 * samples seen (less than one window) is kept between chunks.
 */
export class SpectralFrames {
  /** This clip's bucket sums while another clip holds the kernel (see SpectralKernel.claim). */
  saved: { frames: Float64Array; power: Float64Array } | null = null;
  private readonly kernel = SpectralKernel.shared();
  /** Samples from absolute index tailStart on that the next frame needs; starts as the zeros before the clip. */
  private tail: Float32Array;
  private tailStart: number;
  private sampleCount = 0;
  private nextFrame = 0;

  constructor(readonly layout: SpectralLayout) {
    const firstStart = Math.floor(layout.hopSize / 2) - Math.floor(layout.fftSize / 2);
    this.tailStart = Math.min(0, firstStart);
    this.tail = new Float32Array(-this.tailStart);
  }

  /**
   * Feeds the next samples and computes every frame whose window they complete (with `final`, every frame up
   * to the clip's last hop, zeros past its end). Returns the frames' band sums, frames × bandCount, valid until
   * the next call on any clip.
   */
  push(chunk: Float32Array, final: boolean): Float32Array {
    const { hopSize, fftSize } = this.layout;
    this.sampleCount += chunk.length;
    const offset = Math.floor(hopSize / 2) - Math.floor(fftSize / 2);
    const lastFrame = final ? Math.ceil(this.sampleCount / hopSize) - 1 : Math.floor((this.sampleCount - fftSize - offset) / hopSize);
    const count = Math.max(0, lastFrame - this.nextFrame + 1);
    const firstStart = this.nextFrame * hopSize + offset;
    const length = Math.max(this.sampleCount, count > 0 ? firstStart + (count - 1) * hopSize + fftSize : 0) - this.tailStart;
    this.kernel.claim(this);
    const { bands, samples } = this.kernel.run(this.tail, chunk, length, count, firstStart - this.tailStart);
    this.nextFrame += count;
    const keepFrom = Math.max(this.tailStart, this.nextFrame * hopSize + offset);
    this.tail = samples.slice(keepFrom - this.tailStart, this.sampleCount - this.tailStart);
    this.tailStart = keepFrom;
    return bands;
  }

  /** The level-bucketed sums: frames per bucket, and per bucket and bin the summed (unscaled) power. */
  finish(): { frames: Float64Array; power: Float64Array } {
    return this.kernel.release(this);
  }
}
