/** Small dense linear algebra for embeddings: plain number arrays, no allocation-heavy tricks needed at this size. */

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const norms = Math.sqrt(dot(a, a) * dot(b, b));
  return norms === 0 ? 0 : dot(a, b) / norms;
}

/** Element-wise sum of equal-length vectors. */
export function sumVectors(vectors: readonly ArrayLike<number>[], size: number): Float64Array {
  const sum = new Float64Array(size);
  for (const v of vectors) for (let i = 0; i < size; i++) sum[i]! += v[i]!;
  return sum;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median absolute deviation scaled by 1.4826, so it estimates the standard deviation of normal data. */
export function robustScale(values: readonly number[]): number {
  const centre = median(values);
  return 1.4826 * median(values.map((v) => Math.abs(v - centre)));
}
