import { cosine, median, sumVectors } from './vectors.js';

/** Groups smaller than this get similarities but no verdict: with two clips neither can be told to be the odd one. */
export const MIN_GROUP_CLIPS = 3;

export interface OutlierOptions {
  /** Robust standard deviations below the group median. */
  robustZ: number;
  /** Least drop below the group median, in cosine similarity. */
  minDrop: number;
}

export interface ScoredClip<T> {
  clip: T;
  group: string;
  /** Cosine to the mean of the group's other clips (leave-one-out, so an outlier does not pull its own reference). */
  similarity: number | null;
  /** (similarity − group median) / pooled scale; null when the group is too small or the scale is zero. */
  robustZ: number | null;
  cutoff: number | null;
  outlier: boolean;
}

export interface GroupSummary {
  group: string;
  clips: number;
  medianSimilarity: number | null;
  cutoff: number | null;
  outliers: number;
}

export interface OutlierResult<T> {
  scored: ScoredClip<T>[];
  groups: GroupSummary[];
  /** Pooled robust scale of the similarities around their group medians (1.4826 × median |residual|). */
  scale: number;
}

/** Leave-one-out cosine of every vector to the mean of the others; null for a lone vector. */
export function leaveOneOutSimilarities(vectors: readonly ArrayLike<number>[]): Array<number | null> {
  if (vectors.length < 2) return vectors.map(() => null);
  const size = vectors[0]!.length;
  const sum = sumVectors(vectors, size);
  return vectors.map((v) => cosine(v, sum.map((s, i) => s - v[i]!)));
}

/**
 * Flags clips whose similarity to their group sits far below the group's median: further than `robustZ` pooled
 * robust standard deviations and at least `minDrop`. The scale is pooled over all groups because a speaker
 * folder often holds only a handful of clips, too few for a spread of its own.
 */
export function findOutliers<T>(clips: ReadonlyArray<{ clip: T; group: string; embedding: ArrayLike<number> }>, options: OutlierOptions): OutlierResult<T> {
  const byGroup = new Map<string, number[]>();
  clips.forEach((c, i) => (byGroup.get(c.group) ?? byGroup.set(c.group, []).get(c.group)!).push(i));
  const similarity: Array<number | null> = new Array(clips.length).fill(null);
  const groupMedian = new Map<string, number>();
  const residuals: number[] = [];
  for (const [group, members] of byGroup) {
    const sims = leaveOneOutSimilarities(members.map((i) => clips[i]!.embedding));
    members.forEach((i, k) => (similarity[i] = sims[k]!));
    if (members.length < MIN_GROUP_CLIPS) continue;
    const centre = median(sims as number[]);
    groupMedian.set(group, centre);
    for (const s of sims) residuals.push(s! - centre);
  }
  const scale = residuals.length > 0 ? 1.4826 * median(residuals.map(Math.abs)) : 0;
  const drop = Math.max(options.robustZ * scale, options.minDrop);

  const scored = clips.map((c, i): ScoredClip<T> => {
    const centre = groupMedian.get(c.group);
    const s = similarity[i]!;
    if (centre === undefined || s === null) return { clip: c.clip, group: c.group, similarity: s, robustZ: null, cutoff: null, outlier: false };
    const cutoff = centre - drop;
    return { clip: c.clip, group: c.group, similarity: s, robustZ: scale > 0 ? (s - centre) / scale : null, cutoff, outlier: s < cutoff };
  });
  const groups = [...byGroup.entries()].map(([group, members]): GroupSummary => {
    const centre = groupMedian.get(group);
    return {
      group,
      clips: members.length,
      medianSimilarity: centre ?? (members.length === 2 ? similarity[members[0]!]! : null),
      cutoff: centre === undefined ? null : centre - drop,
      outliers: members.filter((i) => scored[i]!.outlier).length,
    };
  });
  groups.sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  return { scored, groups, scale };
}
