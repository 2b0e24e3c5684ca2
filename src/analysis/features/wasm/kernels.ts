import type { RealFft } from '../fft.js';
import { KERNELS_WASM_BASE64 } from './kernelsWasm.js';

/**
 * The feature extractor's WebAssembly kernels (kernels.c; also the noise tracker's, noiseTrack.ts, and the built-in server's mel frames): one instance
 * per thread, shared by every extractor in it. Calls are synchronous, so they never overlap. Linear memory holds the spectral tables of one layout
 * (see spectralKernel.ts) from REGIONS_START to `tablesEnd`, and after that the scratch of the current call.
 */
export interface KernelExports {
  memory: WebAssembly.Memory;
  spectral_frames: (layout: number, samples: number, count: number, first: number, hop: number, scale: number, bandsOut: number) => void;
  sample_pass: (state: number, x: number, n: number, hopEnergy: number, hopPeak: number, fine: number, speech: number, loud: number, kept: number, counts: number) => void;
  block_energy: (coefficients: number, state: number, x: number, n: number, block: number, fill: number, weight: number, sums: number) => void;
  channel_pass: (state: number, x: number, first: number, n: number, offset: number, runs: number) => number;
  mel_frames: (layout: number, samples: number, means: number, needed: number, count: number, out: number) => void;
  frame_levels: (samples: number, count: number, hop: number, windowSize: number, means: number, energies: number) => void;
  noise_band: (work: number, power: number, bias: number, delta: number, meanDelta: number) => void;
  low_band_blocks: (layout: number, samples: number, starts: number, count: number, out: number) => void;
  low_band_quantiles: (spectra: number, blocks: number, bins: number, k0: number, frac: number, column: number, power: number, minimum: number) => void;
}

const PAGE = 65536;
/** Below this, the module's own stack (see the --initial-memory and stack-size of scripts/build-wasm.mjs). */
export const REGIONS_START = PAGE;

export class Kernels {
  private static instance: Kernels | undefined;

  static shared(): Kernels {
    return (Kernels.instance ??= new Kernels(instantiate()));
  }

  /** First byte after the spectral tables: scratch starts here. */
  tablesEnd = REGIONS_START;

  private constructor(readonly exports: KernelExports) {}

  /** Regions for the current call, after the spectral tables. */
  scratch(): RegionPlan {
    return new RegionPlan(this.tablesEnd);
  }

  /** Grows linear memory to at least `bytes` (views made before a growth are detached). */
  reserve(bytes: number): void {
    const memory = this.exports.memory;
    if (bytes > memory.buffer.byteLength) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
  }

  f32(at: number, length: number): Float32Array {
    return new Float32Array(this.exports.memory.buffer, at, length);
  }

  f64(at: number, length: number): Float64Array {
    return new Float64Array(this.exports.memory.buffer, at, length);
  }

  i32(at: number, length: number): Int32Array {
    return new Int32Array(this.exports.memory.buffer, at, length);
  }

  /** Copies a typed array's bytes to `at`. */
  copyIn(at: number, data: Uint8Array | Int32Array | Uint32Array | Float32Array | Float64Array): void {
    new Uint8Array(this.exports.memory.buffer, at, data.byteLength).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }
}

/** Consecutive regions of linear memory from `start` on, each 16-byte aligned (the SIMD loads' natural alignment). */
export class RegionPlan {
  constructor(public end: number) {}

  /** A region of `bytes`; `end` moves past it. */
  place(bytes: number): number {
    const at = this.end;
    this.end += (bytes + 15) & ~15;
    return at;
  }
}

/** Fields of the Fft struct of kernels.c. */
export const FFT_FIELDS = 8;

/**
 * Places a transform's tables (RealFft's) and work arrays in `plan`, for the Fft struct that leads a kernel's
 * layout. The returned function copies the tables in (call it once memory is reserved) and gives the struct's
 * fields in order.
 */
export function placeFft(plan: RegionPlan, fft: RealFft): (kernels: Kernels) => number[] {
  const half = fft.size / 2;
  const { bitReverse, stageCos, stageSin, splitCos, splitSin } = fft.tables();
  const tables = [bitReverse, stageCos, stageSin, splitCos, splitSin].map((data) => ({ data, at: plan.place(data.byteLength) }));
  const re = plan.place(half * 8);
  const im = plan.place(half * 8);
  return (kernels) => {
    for (const { data, at } of tables) kernels.copyIn(at, data);
    return [half, ...tables.map((t) => t.at), re, im];
  };
}

function instantiate(): KernelExports {
  // Buffer's native decoder: atob and a per-character callback took 12 ms of a cold start.
  const bytes = Buffer.from(KERNELS_WASM_BASE64, 'base64');
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
  const functions = ['spectral_frames', 'sample_pass', 'block_energy', 'channel_pass', 'mel_frames', 'frame_levels', 'noise_band', 'low_band_blocks', 'low_band_quantiles'];
  if (!(exports.memory instanceof WebAssembly.Memory) || functions.some((name) => typeof exports[name] !== 'function')) {
    throw new Error(`kernels.wasm does not export memory and ${functions.join(', ')}: rebuild it with npm run build:wasm`);
  }
  return exports as unknown as KernelExports;
}
