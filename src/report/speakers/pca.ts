import { dot } from './vectors.js';

export interface Projection {
  /** One [x, y] per input row: the coordinates on the first two principal components. */
  points: Array<[number, number]>;
  /** Share of the total variance each of the two components explains (0…1). */
  explained: [number, number];
  /** The two unit-length component directions. */
  components: [Float64Array, Float64Array];
}

const ITERATIONS = 200;
const TOLERANCE = 1e-12;

/**
 * The first two principal components by power iteration (Xᵀ(Xv), never forming the d × d covariance), the
 * second after projecting out the first. Deterministic: the start vector is fixed and each component's sign
 * is chosen so its largest coordinate is positive.
 */
export function pca2(rows: readonly ArrayLike<number>[]): Projection {
  const n = rows.length;
  const d = n > 0 ? rows[0]!.length : 0;
  const mean = new Float64Array(d);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j]! += r[j]! / n;
  const centred = rows.map((r) => Float64Array.from({ length: d }, (_, j) => r[j]! - mean[j]!));
  let total = 0;
  for (const r of centred) total += dot(r, r);

  const components: Float64Array[] = [];
  const variances: number[] = [];
  for (let c = 0; c < 2; c++) {
    const v = new Float64Array(d);
    for (let j = 0; j < d; j++) v[j] = 1 + j / Math.max(1, d); // fixed, not orthogonal to any likely component
    let eigen = 0;
    for (let it = 0; it < ITERATIONS; it++) {
      // w = Xᵀ X v, with earlier components projected out.
      const w = new Float64Array(d);
      for (const r of centred) {
        const s = dot(r, v);
        for (let j = 0; j < d; j++) w[j]! += s * r[j]!;
      }
      for (const prev of components) {
        const s = dot(w, prev);
        for (let j = 0; j < d; j++) w[j]! -= s * prev[j]!;
      }
      const norm = Math.sqrt(dot(w, w));
      if (norm === 0) break;
      const next = w.map((x) => x / norm);
      const change = next.reduce((acc, x, j) => acc + (x - v[j]!) ** 2, 0);
      v.set(next);
      eigen = norm;
      if (change < TOLERANCE) break;
    }
    let largest = 0;
    for (let j = 0; j < d; j++) if (Math.abs(v[j]!) > Math.abs(v[largest]!)) largest = j;
    if (v[largest]! < 0) for (let j = 0; j < d; j++) v[j] = -v[j]!;
    components.push(v);
    variances.push(eigen);
  }
  const [first, second] = components as [Float64Array, Float64Array];
  return {
    points: centred.map((r) => [dot(r, first), dot(r, second)]),
    explained: [total > 0 ? variances[0]! / total : 0, total > 0 ? variances[1]! / total : 0],
    components: [first, second],
  };
}
