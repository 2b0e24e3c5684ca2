import { describe, expect, it } from 'vitest';
import { parsePreset } from '../../src/gate/presetSchema.js';
import type { FileReport } from '../../src/report/schema.js';
import { applySpeakerCheck, parseSpeakerFrom, speakerOf, type ClipResult } from '../../src/report/speakers.js';
import { findOutliers, leaveOneOutSimilarities } from '../../src/report/speakers/outliers.js';
import { pca2 } from '../../src/report/speakers/pca.js';
import { median, robustScale } from '../../src/report/speakers/vectors.js';

/** A unit vector at `degrees` in the x-y plane, padded with zeros. */
const at = (degrees: number, size = 4) => {
  const r = (degrees * Math.PI) / 180;
  return [Math.cos(r), Math.sin(r), ...new Array(size - 2).fill(0)];
};

describe('speaker grouping', () => {
  it('groups by folder or by the first capture group of a regex', () => {
    expect(speakerOf('speakers/1688/a.wav', parseSpeakerFrom('dir'))).toBe('speakers/1688');
    expect(speakerOf('a.wav', parseSpeakerFrom('dir'))).toBe('.');
    expect(speakerOf('clips/spk-12_take3.wav', parseSpeakerFrom('spk-(\\d+)_'))).toBe('12');
    expect(speakerOf('clips/spk-12_take3.wav', parseSpeakerFrom('spk-\\d+'))).toBe('spk-12');
    expect(speakerOf('clips/other.wav', parseSpeakerFrom('spk-(\\d+)'))).toBeNull();
    expect(() => parseSpeakerFrom('(')).toThrow(/regular expression/);
  });
});

describe('outlier scores', () => {
  it('scores each vector against the mean of the others', () => {
    // Two vectors: each one's reference is the other, so both get their mutual cosine (cos 60° = 0.5).
    const [a, b] = leaveOneOutSimilarities([at(0), at(60)]);
    expect(a).toBeCloseTo(0.5, 12);
    expect(b).toBeCloseTo(0.5, 12);
    // Three at 0°, ±10°: the middle one's reference points at 0°, the others' at ∓5°.
    const sims = leaveOneOutSimilarities([at(-10), at(0), at(10)]);
    expect(sims[1]).toBeCloseTo(1, 12);
    expect(sims[0]).toBeCloseTo(Math.cos((15 * Math.PI) / 180), 12);
    expect(leaveOneOutSimilarities([at(0)])).toEqual([null]);
  });

  it('median and robust scale', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    // |x − 3| = 2 1 0 1 2 → MAD 1 → × 1.4826.
    expect(robustScale([1, 2, 3, 4, 5])).toBeCloseTo(1.4826, 12);
  });

  it('flags the one clip that points elsewhere, and nothing in groups too small to judge', () => {
    const group = (name: string, angles: number[]) => angles.map((a, i) => ({ clip: `${name}${i}`, group: name, embedding: at(a) }));
    const clips = [...group('a', [0, 2, -2, 1, 80]), ...group('b', [40, 42, 38, 41]), ...group('c', [0, 90])];
    const { scored, groups } = findOutliers(clips, { robustZ: 4, minDrop: 0.025 });
    expect(scored.filter((s) => s.outlier).map((s) => s.clip)).toEqual(['a4']);
    expect(groups.map((g) => [g.group, g.clips, g.outliers])).toEqual([
      ['a', 5, 1],
      ['b', 4, 0],
      ['c', 2, 0],
    ]);
    expect(groups.find((g) => g.group === 'c')!.cutoff).toBeNull();
    const outlier = scored.find((s) => s.clip === 'a4')!;
    expect(outlier.similarity!).toBeLessThan(outlier.cutoff!);
  });

  it('does not flag a tight group whose spread is below minDrop', () => {
    const clips = [0, 0.5, -0.5, 0.2, 1.5].map((a, i) => ({ clip: i, group: 'g', embedding: at(a) }));
    // 1.5° off is far in robust units but a cosine drop of only ~0.0003.
    expect(findOutliers(clips, { robustZ: 4, minDrop: 0.025 }).scored.some((s) => s.outlier)).toBe(false);
  });
});

describe('pca2', () => {
  it('finds the axes of a known matrix and their variance shares', () => {
    // Points spread 3 along x, 1 along y, 0 along z: variances 9:1:0 up to a common factor.
    const rows = [
      [3, 0, 0],
      [-3, 0, 0],
      [0, 1, 0],
      [0, -1, 0],
    ];
    const { components, explained, points } = pca2(rows);
    expect(Math.abs(components[0][0]!)).toBeCloseTo(1, 6);
    expect(Math.abs(components[1][1]!)).toBeCloseTo(1, 6);
    expect(explained[0]).toBeCloseTo(0.9, 6);
    expect(explained[1]).toBeCloseTo(0.1, 6);
    expect(points.map(([x]) => Math.abs(x))).toEqual([3, 3, 0, 0].map((v) => expect.closeTo(v, 6)));
  });

  it('recovers a rotated line', () => {
    const rows = [-2, -1, 0, 1, 2].map((t) => [t * Math.cos(0.3), t * Math.sin(0.3)]);
    const { components, explained } = pca2(rows);
    expect(Math.abs(components[0][0]!)).toBeCloseTo(Math.cos(0.3), 6);
    expect(explained[0]).toBeCloseTo(1, 6);
  });
});

describe('applySpeakerCheck', () => {
  const report = (verdict: FileReport['verdict']): FileReport =>
    ({
      input: { path: 'in/a.wav', relativePath: 'in/a.wav' },
      findings: [],
      verdict,
      outputs: [],
    }) as unknown as FileReport;
  const clip: ClipResult = { path: 'in/a.wav', relativePath: 'in/a.wav', output: false, speaker: 'in', similarity: 0.8, robustZ: -9, cutoff: 0.9, outlier: true, x: 0, y: 0 };

  it('warns by default and rejects when the preset makes it an error', () => {
    const warned = applySpeakerCheck(report('pass'), [clip], 'warning');
    expect(warned.verdict).toBe('pass');
    expect(warned.findings).toMatchObject([{ ruleId: 'speaker-outlier', severity: 'warning', value: 0.8, threshold: 0.9 }]);
    expect(warned.speaker).toEqual({ group: 'in', clips: [{ path: 'in/a.wav', similarity: 0.8, cutoff: 0.9, outlier: true }] });
    expect(applySpeakerCheck(report('pass'), [clip], 'error').verdict).toBe('reject');
    // Applying twice keeps one finding.
    expect(applySpeakerCheck(warned, [clip], 'warning').findings).toHaveLength(1);
  });

  it('the preset key defaults to a warning and accepts "error"', () => {
    const base = { name: 't', rules: {} };
    expect(parsePreset(base, 't').speakers).toEqual({ outlier: 'warning', robustZ: 4, minDrop: 0.025 });
    expect(parsePreset({ ...base, speakers: { outlier: 'error' } }, 't').speakers.outlier).toBe('error');
    expect(() => parsePreset({ ...base, speakers: { outlier: 'fatal' } }, 't')).toThrow();
  });
});
