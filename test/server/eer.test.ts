import { expect, test } from 'vitest';
import { equalErrorRate } from '../../bench/eer.js';

test('equal error rate of separable, overlapping and inverted scores', () => {
  const trials = (targets: number[], nonTargets: number[]) => [
    ...targets.map((score) => ({ score, target: true })),
    ...nonTargets.map((score) => ({ score, target: false })),
  ];
  expect(equalErrorRate(trials([0.9, 0.8], [0.1, 0.2, 0.3])).eer).toBe(0);
  // One target below one non-target out of four each: 25 % on both sides at threshold 0.5.
  expect(equalErrorRate(trials([0.9, 0.8, 0.7, 0.4], [0.1, 0.2, 0.3, 0.5]))).toMatchObject({ eer: 0.25, threshold: 0.5 });
  expect(equalErrorRate(trials([0.1, 0.2], [0.8, 0.9])).eer).toBe(1);
});
