/** A second-order IIR section (a0 normalised to 1). */
export interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

/**
 * Two cascaded sections (transposed direct form II) from `input` into `output`; the four delays live in
 * state[offset … offset + 3] between calls. Coefficients and delays are held in locals for the whole chunk so
 * V8 keeps them in registers, with the same arithmetic in the same order as stepping each section per sample.
 * `input` is always a Float32Array: one element type keeps the loop's array access monomorphic (a mixed
 * Float32/Float64 caller made it slower than the naive loop).
 */
export function twoSections(
  first: Biquad,
  second: Biquad,
  input: Float32Array,
  output: Float64Array,
  length: number,
  state: Float64Array,
  offset: number,
): void {
  const { b0: p0, b1: p1, b2: p2, a1: pa1, a2: pa2 } = first;
  const { b0: q0, b1: q1, b2: q2, a1: qa1, a2: qa2 } = second;
  let s0 = state[offset]!;
  let s1 = state[offset + 1]!;
  let s2 = state[offset + 2]!;
  let s3 = state[offset + 3]!;
  for (let i = 0; i < length; i++) {
    const v = input[i]!;
    const y = p0 * v + s0;
    s0 = p1 * v - pa1 * y + s1;
    s1 = p2 * v - pa2 * y;
    const z = q0 * y + s2;
    s2 = q1 * y - qa1 * z + s3;
    s3 = q2 * y - qa2 * z;
    output[i] = z;
  }
  state[offset] = s0;
  state[offset + 1] = s1;
  state[offset + 2] = s2;
  state[offset + 3] = s3;
}

/**
 * Float64 work buffers that grow to the largest chunk seen and are then reused by every extractor of this
 * thread: a filter pass borrows one only for the duration of a synchronous call, so sharing is safe, and a
 * batch of clips does not allocate (and collect) megabytes of scratch per clip.
 */
class Scratch {
  private data = new Float64Array(0);

  get(length: number): Float64Array {
    if (this.data.length < length) this.data = new Float64Array(length);
    return this.data;
  }
}

/** For the filtered signal of one filter pass. */
export const filterScratch = new Scratch();
/** For values a pass accumulates beside the filtered signal (the K-weighted energy per sample). */
export const accumulatorScratch = new Scratch();
