/**
 * The k-th smallest value (0-based) of `values`, which it reorders so that everything before k is ≤ it and
 * everything after is ≥ it: Hoare's quickselect, O(n) on average, with a median-of-three pivot so sorted or
 * constant runs do not degrade to O(n²). The same value a full ascending sort would put at k.
 */
export function kthSmallest(values: Float32Array | Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    const x = values[lo]!;
    const y = values[mid]!;
    const z = values[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i++] = values[j]!;
        values[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return values[k]!;
}
