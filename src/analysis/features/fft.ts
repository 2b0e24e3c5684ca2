/**
 * Radix-2 FFT of a real frame, computed as a complex FFT of half the length (the standard
 * "pack even/odd samples" trick). Tables are built once per size; `powerSpectrum` allocates nothing.
 */
export class RealFft {
  readonly size: number;
  private readonly half: number;
  private readonly bitReverse: Uint32Array;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
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
    // Twiddles for the full-size transform: the half-size FFT uses every second one.
    this.cos = new Float64Array(half);
    this.sin = new Float64Array(half);
    for (let k = 0; k < half; k++) {
      this.cos[k] = Math.cos((2 * Math.PI * k) / size);
      this.sin[k] = -Math.sin((2 * Math.PI * k) / size);
    }
  }

  /** Writes |X_k|^2 for k = 0..size/2 into `out` (length size/2 + 1). */
  powerSpectrum(input: Float32Array | Float64Array, out: Float32Array | Float64Array): void {
    const { half, re, im, bitReverse, cos, sin } = this;
    for (let i = 0; i < half; i++) {
      const j = bitReverse[i]!;
      re[j] = input[2 * i]!;
      im[j] = input[2 * i + 1]!;
    }
    for (let len = 2; len <= half; len <<= 1) {
      const step = (2 * half) / len; // twiddle stride in the full-size table
      const h = len >> 1;
      for (let start = 0; start < half; start += len) {
        for (let k = 0; k < h; k++) {
          const wr = cos[k * step]!;
          const wi = sin[k * step]!;
          const a = start + k;
          const b = a + h;
          const xr = re[b]! * wr - im[b]! * wi;
          const xi = re[b]! * wi + im[b]! * wr;
          re[b] = re[a]! - xr;
          im[b] = im[a]! - xi;
          re[a] = re[a]! + xr;
          im[a] = im[a]! + xi;
        }
      }
    }
    // Split the packed transform into the spectrum of the real input.
    out[0] = (re[0]! + im[0]!) ** 2;
    out[half] = (re[0]! - im[0]!) ** 2;
    for (let k = 1; k < half; k++) {
      const ar = re[k]!;
      const ai = im[k]!;
      const br = re[half - k]!;
      const bi = -im[half - k]!;
      const er = 0.5 * (ar + br);
      const ei = 0.5 * (ai + bi);
      const orr = 0.5 * (ai - bi);
      const oi = -0.5 * (ar - br);
      const wr = cos[k]!;
      const wi = sin[k]!;
      const xr = er + orr * wr - oi * wi;
      const xi = ei + orr * wi + oi * wr;
      out[k] = xr * xr + xi * xi;
    }
  }
}

export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p <<= 1;
  return p;
}
