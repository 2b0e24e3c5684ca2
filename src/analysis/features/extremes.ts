/**
 * The EXTREME_DISTINCT largest distinct sample values of a channel (or the smallest, with sign −1) and how many
 * samples sit exactly on each, kept in one streaming pass: the amplitude density just inside the extreme, which
 * tells a clipper's rail (many samples on one value, few on the values below it) from a natural peak.
 * A sample is only looked at when it reaches the list (v ≥ its last value when full), which after the first
 * moments of a clip is rare, so the per-sample cost is one comparison.
 */
import type { DistinctExtremes } from './types.js';

export const EXTREME_DISTINCT = 24;

export function emptyExtremes(): DistinctExtremes {
  return { values: new Float64Array(EXTREME_DISTINCT), counts: new Uint32Array(EXTREME_DISTINCT), size: 0 };
}

/**
 * Adds sample v to the list of the most extreme values in direction `sign` (+1: largest first, −1: smallest
 * first). Returns the admission limit in sign·v units: a later sample u needs sign·u ≥ limit to change the list.
 */
export function addExtreme(e: DistinctExtremes, v: number, sign: 1 | -1): number {
  const { values, counts } = e;
  const key = sign * v;
  let i = 0;
  while (i < e.size && sign * values[i]! > key) i++;
  if (i < e.size && values[i] === v) counts[i]!++;
  else if (i < EXTREME_DISTINCT) {
    const last = Math.min(e.size, EXTREME_DISTINCT - 1);
    values.copyWithin(i + 1, i, last);
    counts.copyWithin(i + 1, i, last);
    values[i] = v;
    counts[i] = 1;
    e.size = Math.min(e.size + 1, EXTREME_DISTINCT);
  }
  return e.size === EXTREME_DISTINCT ? sign * values[EXTREME_DISTINCT - 1]! : -Infinity;
}
