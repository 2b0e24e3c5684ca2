/** Most events in any window [t, t + windowMs) of the sorted times: how a rate limit is checked from arrivals. */
export function maxInWindow(sortedMs: number[], windowMs: number): number {
  let best = 0;
  let first = 0;
  for (let last = 0; last < sortedMs.length; last++) {
    while (sortedMs[last]! - sortedMs[first]! >= windowMs) first++;
    best = Math.max(best, last - first + 1);
  }
  return best;
}
