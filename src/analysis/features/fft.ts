/**
 * Power spectrum of a real frame, through a complex FFT of half the length (the standard "pack even/odd
 * samples" trick). The complex FFT is iterative radix-2 with the first two stages fused into one radix-4 pass
 * (their twiddles are 1 and −i, so it needs no multiplications) and each later stage reading its own
 * contiguous twiddle table. Tables are built once per size; `powerSpectrum` allocates nothing. Written for V8:
 * typed arrays, no closures, no strided table reads. The extractor's 10 ms frames, the analysis' hottest loop,
 * run the same transform as WebAssembly (DEFINE_WINDOWED_POWER in wasm/kernels.c, with these tables), as do the
 * low-band blocks and the built-in server's mel frames.
 */
export class RealFft {
  private static readonly shared = new Map<number, RealFft>();

  /**
   * One transform per size for the whole thread: building the tables costs more than analysing a short clip.
   * Sharing is safe because a transform's work arrays are only used within one synchronous call.
   */
  static ofSize(size: number): RealFft {
    let fft = RealFft.shared.get(size);
    if (!fft) RealFft.shared.set(size, (fft = new RealFft(size)));
    return fft;
  }

  readonly size: number;
  private readonly half: number;
  private readonly bitReverse: Uint32Array;
  /** Twiddles of stages with span ≥ 8, concatenated: stage span `len` holds len/2 values at `stageOffset`. */
  private readonly stageCos: Float64Array;
  private readonly stageSin: Float64Array;
  /** exp(−2πik/size) for k < size/2: the split of the packed transform. */
  private readonly splitCos: Float64Array;
  private readonly splitSin: Float64Array;
  private readonly re: Float64Array;
  private readonly im: Float64Array;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 4 || (size & (size - 1)) !== 0) {
      throw new RangeError(`Expected FFT size to be a power of two >= 4, got ${size}`);
    }
    this.size = size;
    const half = size / 2;
    this.half = half;
    this.re = new Float64Array(half);
    this.im = new Float64Array(half);
    this.bitReverse = new Uint32Array(half);
    const bits = Math.log2(half);
    for (let i = 0; i < half; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.bitReverse[i] = r;
    }
    let tableLength = 0;
    for (let len = 8; len <= half; len <<= 1) tableLength += len / 2;
    this.stageCos = new Float64Array(tableLength);
    this.stageSin = new Float64Array(tableLength);
    for (let len = 8, offset = 0; len <= half; offset += len / 2, len <<= 1) {
      for (let k = 0; k < len / 2; k++) {
        this.stageCos[offset + k] = Math.cos((2 * Math.PI * k) / len);
        this.stageSin[offset + k] = -Math.sin((2 * Math.PI * k) / len);
      }
    }
    this.splitCos = new Float64Array(half);
    this.splitSin = new Float64Array(half);
    for (let k = 0; k < half; k++) {
      this.splitCos[k] = Math.cos((2 * Math.PI * k) / size);
      this.splitSin[k] = -Math.sin((2 * Math.PI * k) / size);
    }
  }

  /** Writes |X_k|^2 for k = 0..size/2 into `out` (length size/2 + 1). */
  powerSpectrum(input: Float32Array | Float64Array, out: Float32Array | Float64Array): void {
    this.pack(input);
    this.transformPacked(out);
  }

  /** The transform's tables, for the WebAssembly copy of it (placeFft in wasm/kernels.ts). */
  tables(): { bitReverse: Uint32Array; stageCos: Float64Array; stageSin: Float64Array; splitCos: Float64Array; splitSin: Float64Array } {
    const { bitReverse, stageCos, stageSin, splitCos, splitSin } = this;
    return { bitReverse, stageCos, stageSin, splitCos, splitSin };
  }

  /** Writes X_k = outRe[k] + i·outIm[k] for k = 0..size/2 (each array of length size/2 + 1). */
  spectrum(input: Float64Array, outRe: Float64Array, outIm: Float64Array): void {
    const { half, re, im, splitCos, splitSin } = this;
    this.pack(input);
    this.transformComplex();
    outRe[0] = re[0]! + im[0]!;
    outIm[0] = 0;
    outRe[half] = re[0]! - im[0]!;
    outIm[half] = 0;
    // The same split as splitReal, keeping the complex values: X_k = E_k + W^k·O_k and X_m = conj(E_k) − conj(W^k·O_k).
    for (let k = 1, m = half - 1; k <= m; k++, m--) {
      const er = 0.5 * (re[k]! + re[m]!);
      const ei = 0.5 * (im[k]! - im[m]!);
      const orr = 0.5 * (im[k]! + im[m]!);
      const oi = -0.5 * (re[k]! - re[m]!);
      const a = orr * splitCos[k]! - oi * splitSin[k]!;
      const b = orr * splitSin[k]! + oi * splitCos[k]!;
      outRe[k] = er + a;
      outIm[k] = ei + b;
      outRe[m] = er - a;
      outIm[m] = b - ei;
    }
  }

  /** Even samples to the real part, odd ones to the imaginary part, in bit-reversed order. */
  private pack(input: Float32Array | Float64Array): void {
    const { half, re, im, bitReverse } = this;
    for (let i = 0; i < half; i++) {
      const j = bitReverse[i]!;
      re[j] = input[2 * i]!;
      im[j] = input[2 * i + 1]!;
    }
  }

  private transformPacked(out: Float32Array | Float64Array): void {
    this.transformComplex();
    this.splitReal(out);
  }

  /** The complex FFT of the packed, bit-reversed re/im arrays, in place. */
  private transformComplex(): void {
    const { half, re, im } = this;
    if (half >= 4) this.radix4FirstStages();
    else if (half === 2) {
      const r0 = re[0]!;
      const i0 = im[0]!;
      re[0] = r0 + re[1]!;
      im[0] = i0 + im[1]!;
      re[1] = r0 - re[1]!;
      im[1] = i0 - im[1]!;
    }
    this.laterStages();
  }

  /** Stages of span 2 and 4 as one radix-4 butterfly per group of four (twiddles 1 and −i). */
  private radix4FirstStages(): void {
    const { half, re, im } = this;
    for (let s = 0; s < half; s += 4) radix4Group(re, im, s, re[s]!, im[s]!, re[s + 1]!, im[s + 1]!, re[s + 2]!, im[s + 2]!, re[s + 3]!, im[s + 3]!);
  }

  /**
   * Stages of span 8 … half. Two consecutive radix-2 stages (spans L and 2L) form closed groups of four points
   * (k, k + L/2, k + L, k + 3L/2 within each 2L block), so they run as one pass (radix-2²): the same four complex
   * multiplications per group as two separate stages, but half the passes over the arrays. An odd stage left
   * at the end runs alone.
   */
  private laterStages(): void {
    const { half, re, im, stageCos, stageSin } = this;
    let len = 8;
    let offset = 0;
    for (; 2 * len <= half; offset += len / 2 + len, len <<= 2) {
      const quarter = len >> 1; // L/2
      const nextOffset = offset + quarter;
      for (let start = 0; start < half; start += 2 * len) {
        for (let k = 0; k < quarter; k++) {
          const wr = stageCos[offset + k]!;
          const wi = stageSin[offset + k]!;
          const vr = stageCos[nextOffset + k]!;
          const vi = stageSin[nextOffset + k]!;
          const p0 = start + k;
          const p1 = p0 + quarter;
          const p2 = p0 + len;
          const p3 = p2 + quarter;
          // stage of span L: (p0, p1) and (p2, p3), twiddle w
          let xr = re[p1]! * wr - im[p1]! * wi;
          let xi = re[p1]! * wi + im[p1]! * wr;
          const t0r = re[p0]! + xr;
          const t0i = im[p0]! + xi;
          const t1r = re[p0]! - xr;
          const t1i = im[p0]! - xi;
          xr = re[p3]! * wr - im[p3]! * wi;
          xi = re[p3]! * wi + im[p3]! * wr;
          const t2r = re[p2]! + xr;
          const t2i = im[p2]! + xi;
          const t3r = re[p2]! - xr;
          const t3i = im[p2]! - xi;
          // stage of span 2L: (p0, p2) with twiddle v, (p1, p3) with twiddle v·(−i)
          const ur = t2r * vr - t2i * vi;
          const ui = t2r * vi + t2i * vr;
          re[p0] = t0r + ur;
          im[p0] = t0i + ui;
          re[p2] = t0r - ur;
          im[p2] = t0i - ui;
          // (t3·v)·(−i) = (t3v)i − i(t3v)r
          const sr = t3r * vr - t3i * vi;
          const si = t3r * vi + t3i * vr;
          re[p1] = t1r + si;
          im[p1] = t1i - sr;
          re[p3] = t1r - si;
          im[p3] = t1i + sr;
        }
      }
    }
    if (len <= half) {
      const h = len >> 1;
      for (let start = 0; start < half; start += len) {
        for (let k = 0; k < h; k++) {
          const wr = stageCos[offset + k]!;
          const wi = stageSin[offset + k]!;
          const a = start + k;
          const b = a + h;
          const rb = re[b]!;
          const ib = im[b]!;
          const xr = rb * wr - ib * wi;
          const xi = rb * wi + ib * wr;
          const ra = re[a]!;
          const ia = im[a]!;
          re[b] = ra - xr;
          im[b] = ia - xi;
          re[a] = ra + xr;
          im[a] = ia + xi;
        }
      }
    }
  }

  /**
   * Splits the packed half-length transform into the power spectrum of the real input. Bins k and half − k
   * share their inputs and (up to sign) their twiddle, so each pair is computed from one set of loads.
   */
  private splitReal(out: Float32Array | Float64Array): void {
    const { half, re, im, splitCos, splitSin } = this;
    out[0] = (re[0]! + im[0]!) ** 2;
    out[half] = (re[0]! - im[0]!) ** 2;
    for (let k = 1, m = half - 1; k <= m; k++, m--) {
      const ar = re[k]!;
      const ai = im[k]!;
      const br = re[m]!;
      const bi = im[m]!;
      const er = 0.5 * (ar + br);
      const ei = 0.5 * (ai - bi);
      const orr = 0.5 * (ai + bi);
      const oi = -0.5 * (ar - br);
      const wr = splitCos[k]!;
      const wi = splitSin[k]!;
      // twiddle of m: (−wr, wi)
      const a = orr * wr - oi * wi;
      const b = orr * wi + oi * wr;
      out[k] = (er + a) ** 2 + (ei + b) ** 2;
      out[m] = (er - a) ** 2 + (b - ei) ** 2;
    }
  }
}

/** One radix-4 butterfly (spans 2 and 4 of the radix-2 FFT, twiddles 1 and −i) on points s … s + 3. */
function radix4Group(re: Float64Array, im: Float64Array, s: number, r0: number, i0: number, r1: number, i1: number, r2: number, i2: number, r3: number, i3: number): void {
  const ar = r0 + r1;
  const ai = i0 + i1;
  const br = r0 - r1;
  const bi = i0 - i1;
  const cr = r2 + r3;
  const ci = i2 + i3;
  const dr = r2 - r3;
  const di = i2 - i3;
  re[s] = ar + cr;
  im[s] = ai + ci;
  re[s + 2] = ar - cr;
  im[s + 2] = ai - ci;
  // (dr + i·di)·(−i) = di − i·dr
  re[s + 1] = br + di;
  im[s + 1] = bi - dr;
  re[s + 3] = br - di;
  im[s + 3] = bi + dr;
}

export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p <<= 1;
  return p;
}
