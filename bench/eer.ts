export interface Trial {
  score: number;
  /** Both clips from the same speaker. */
  target: boolean;
}

export interface EerResult {
  /** Where false accepts (non-target ≥ threshold) and false rejects (target < threshold) are closest: their mean. */
  eer: number;
  threshold: number;
  targets: number;
  nonTargets: number;
}

export function equalErrorRate(trials: Trial[]): EerResult {
  const targets = trials.filter((t) => t.target).map((t) => t.score);
  const nonTargets = trials.filter((t) => !t.target).map((t) => t.score);
  if (targets.length === 0 || nonTargets.length === 0) throw new RangeError('Expected both same-speaker and different-speaker trials');
  let best = { gap: Infinity, eer: 1, threshold: 0 };
  for (const threshold of [...new Set(trials.map((t) => t.score))].sort((a, b) => a - b)) {
    const falseReject = targets.filter((s) => s < threshold).length / targets.length;
    const falseAccept = nonTargets.filter((s) => s >= threshold).length / nonTargets.length;
    const gap = Math.abs(falseReject - falseAccept);
    if (gap < best.gap) best = { gap, eer: (falseReject + falseAccept) / 2, threshold };
  }
  return { eer: best.eer, threshold: best.threshold, targets: targets.length, nonTargets: nonTargets.length };
}
