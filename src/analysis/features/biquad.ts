/** A second-order IIR section (a0 normalised to 1). */
export interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

/**
 * Two cascaded sections (transposed direct form II) over `input`, keeping every `factor`-th output: the first
 * kept one is input[factor − 1 − phase], then every factor-th after it. Writes the kept outputs to `output` and
 * returns how many. The four delays live in state[offset … offset + 3] between calls. Coefficients and delays
 * are held in locals for the whole chunk so V8 keeps them in registers; the inner loop runs up to the next kept
 * sample without a branch, and only kept samples are stored (a decimator reads one in `factor`).
 * `input` is always a Float32Array: one element type keeps the loop's array access monomorphic.
 */
export function twoSectionsDecimated(
  first: Biquad,
  second: Biquad,
  input: Float32Array,
  length: number,
  state: Float64Array,
  offset: number,
  factor: number,
  phase: number,
  output: Float64Array,
): number {
  const { b0: p0, b1: p1, b2: p2, a1: pa1, a2: pa2 } = first;
  const { b0: q0, b1: q1, b2: q2, a1: qa1, a2: qa2 } = second;
  let s0 = state[offset]!;
  let s1 = state[offset + 1]!;
  let s2 = state[offset + 2]!;
  let s3 = state[offset + 3]!;
  let kept = 0;
  let z = 0;
  for (let i = 0, next = factor - 1 - phase; i < length; next += factor) {
    const stop = Math.min(length, next + 1);
    for (; i < stop; i++) {
      const v = input[i]!;
      const y = p0 * v + s0;
      s0 = p1 * v - pa1 * y + s1;
      s1 = p2 * v - pa2 * y;
      z = q0 * y + s2;
      s2 = q1 * y - qa1 * z + s3;
      s3 = q2 * y - qa2 * z;
    }
    if (stop === next + 1) output[kept++] = z;
  }
  state[offset] = s0;
  state[offset + 1] = s1;
  state[offset + 2] = s2;
  state[offset + 3] = s3;
  return kept;
}

/**
 * The same two sections, but instead of the filtered signal it adds weight × Σ output² of each block of
 * `blockSize` samples into blockSums[j] (block j of this chunk; the chunk starts `blockFill` samples into
 * block 0). The sums are taken over runs that end on block boundaries, so the sample loop has no bookkeeping.
 */
export function twoSectionsBlockEnergy(
  first: Biquad,
  second: Biquad,
  input: Float32Array,
  length: number,
  state: Float64Array,
  blockSize: number,
  blockFill: number,
  weight: number,
  blockSums: Float64Array,
): void {
  const { b0: p0, b1: p1, b2: p2, a1: pa1, a2: pa2 } = first;
  const { b0: q0, b1: q1, b2: q2, a1: qa1, a2: qa2 } = second;
  let s0 = state[0]!;
  let s1 = state[1]!;
  let s2 = state[2]!;
  let s3 = state[3]!;
  for (let i = 0, j = 0, room = blockSize - blockFill; i < length; j++, room = blockSize) {
    const stop = Math.min(length, i + room);
    let energy = 0;
    for (; i < stop; i++) {
      const v = input[i]!;
      const y = p0 * v + s0;
      s0 = p1 * v - pa1 * y + s1;
      s1 = p2 * v - pa2 * y;
      const z = q0 * y + s2;
      s2 = q1 * y - qa1 * z + s3;
      s3 = q2 * y - qa2 * z;
      energy += z * z;
    }
    blockSums[j] = blockSums[j]! + weight * energy;
  }
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
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

/** For the kept outputs of one decimating filter pass. */
export const filterScratch = new Scratch();
/** For per-block sums a pass accumulates (the K-weighted energy of each loudness sub-block of a chunk). */
export const accumulatorScratch = new Scratch();
