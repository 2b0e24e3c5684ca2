import { describe, expect, test } from 'vitest';
import type { TimeSpan } from '../../src/analysis/types.js';
import { planFix } from '../../src/fix/index.js';
import type { FixPlan, LevelEnvelope } from '../../src/fix/types.js';
import type { FixKind } from '../../src/gate/types.js';
import { seededRandom } from '../helpers/signals.js';
import { alternating, analysisOf, fixableFinding, fixOptions } from './plans.js';

const EPS = 1e-9;
const findings = (...kinds: FixKind[]) => kinds.map(fixableFinding);
/** Times to 1e-9 s, so float sums such as 28.1 + 0.15 match. */
const near = <T extends object>(items: T[]): T[] =>
  items.map((item) => Object.fromEntries(Object.entries(item).map(([k, v]) => [k, typeof v === 'number' ? expect.closeTo(v, 9) : v])) as T);
const spansOf = (plan: FixPlan, k: number): TimeSpan[] => plan.outputs[k]!.spans.map(({ startS, endS }) => ({ startS, endS }));
const insideSpeech = (t: number, speech: TimeSpan[]): boolean => speech.some((s) => t > s.startS + EPS && t < s.endS - EPS);
const overlapS = (a: TimeSpan, b: TimeSpan): number => Math.max(0, Math.min(a.endS, b.endS) - Math.max(a.startS, b.startS));

/** Checks every plan must satisfy, whatever the layout. */
function expectWellFormed(plan: FixPlan, speech: TimeSpan[], maxDurationS: number): void {
  let previousEndS = -Infinity;
  for (const output of plan.outputs) {
    const sumS = output.spans.reduce((sum, s) => sum + s.endS - s.startS, 0);
    expect(output.durationS).toBeCloseTo(sumS, 9);
    expect(output.durationS).toBeLessThanOrEqual(maxDurationS + EPS);
    for (const span of output.spans) {
      expect(span.startS).toBeGreaterThanOrEqual(previousEndS - EPS);
      expect(span.endS).toBeGreaterThan(span.startS);
      expect(insideSpeech(span.startS, speech), `span starts inside speech at ${span.startS}`).toBe(false);
      expect(insideSpeech(span.endS, speech), `span ends inside speech at ${span.endS}`).toBe(false);
      previousEndS = span.endS;
    }
  }
}

describe('trim', () => {
  test('2 s of leading and 1 s of trailing silence are trimmed to the 0.15 s pad', () => {
    const speech = [{ startS: 2, endS: 6 }, { startS: 6.4, endS: 9 }];
    const plan = planFix(analysisOf(10, speech), fixOptions(), findings('trim'));
    expect(plan.changes).toBe(true);
    expect(plan.outputs).toHaveLength(1);
    expect(spansOf(plan, 0)).toEqual(near([{ startS: 1.85, endS: 9.15 }]));
    expect(plan.outputs[0]!.durationS).toBeCloseTo(7.3, 9);
    expect(plan.cuts).toEqual(near([
      { kind: 'trim-leading', startS: 0, endS: 1.85 },
      { kind: 'trim-trailing', startS: 9.15, endS: 10 },
    ]));
    expect(plan.notes).toEqual(['trimmed 2.00 s of leading silence to 0.15 s', 'trimmed 1.00 s of trailing silence to 0.15 s']);
  });

  test('silence shorter than the pad is kept, so speech is never cut into', () => {
    const plan = planFix(analysisOf(5, [{ startS: 0.1, endS: 4 }]), fixOptions(), findings('trim'));
    expect(spansOf(plan, 0)).toEqual(near([{ startS: 0, endS: 4.15 }]));
    expect(plan.cuts.map((c) => c.kind)).toEqual(['trim-trailing']);
  });
});

describe('gaps', () => {
  test('a 3 s pause is shortened to 0.5 s, half of it kept on each side', () => {
    const speech = [{ startS: 0.1, endS: 4 }, { startS: 7, endS: 10 }];
    const plan = planFix(analysisOf(10.1, speech), fixOptions(), findings('gaps'));
    expect(spansOf(plan, 0)).toEqual(near([{ startS: 0, endS: 4.25 }, { startS: 6.75, endS: 10.1 }]));
    expect(plan.outputs[0]!.durationS).toBeCloseTo(10.1 - 2.5, 9);
    expect(plan.cuts).toEqual(near([{ kind: 'shorten-gap', startS: 4.25, endS: 6.75 }]));
    expect(plan.notes).toEqual(['shortened the 3.00 s pause at 4.00 s to 0.50 s']);
  });

  test('pauses up to maxS are left alone', () => {
    const speech = [{ startS: 0.1, endS: 4 }, { startS: 5.5, endS: 10 }];
    const plan = planFix(analysisOf(10.1, speech), fixOptions(), findings('gaps'));
    expect(plan.changes).toBe(false);
  });
});

describe('long takes', () => {
  // 15 words of 4.2 s, 0.2 s breaths between them, and two 1 s sentence pauses (after the 5th and the 11th),
  // each followed by breaths that would also fit the limit: only the preference for long pauses picks them.
  const lengths = Array.from({ length: 29 }, (_, i) => (i % 2 === 0 ? 4.2 : i === 9 || i === 21 ? 1 : 0.2));
  const speech = alternating(0.3, lengths);
  const durationS = speech.at(-1)!.endS + 0.5;
  const longPauses = [speech[4]!, speech[10]!].map((s, i) => ({ startS: s.endS, endS: speech[5 + 6 * i]!.startS }));

  test(`a ${durationS.toFixed(1)} s take is split into 3 clips of at most 30 s, at the two sentence pauses`, () => {
    const plan = planFix(analysisOf(durationS, speech), fixOptions(), findings('trim', 'split'));
    expect(plan.changes).toBe(true);
    expect(plan.outputs).toHaveLength(3);
    expectWellFormed(plan, speech, 30);
    const splits = plan.cuts.filter((c) => c.kind === 'split');
    expect(splits).toHaveLength(2);
    splits.forEach((cut, i) => {
      expect(cut.startS).toBeGreaterThan(longPauses[i]!.startS);
      expect(cut.endS).toBeLessThan(longPauses[i]!.endS);
    });
    // Every word is in some output.
    const keptSpeechS = plan.outputs.flatMap((o) => o.spans).reduce((sum, span) => sum + speech.reduce((s, w) => s + overlapS(span, w), 0), 0);
    expect(keptSpeechS).toBeCloseTo(15 * 4.2, 6);
    expect(plan.notes).toContain(`split into 3 clips at pauses at ${longPauses.map((p) => `${((p.startS + p.endS) / 2).toFixed(1)} s`).join(' and ')}`);
  });

  test('cut mode keeps one clip of at most 30 s that ends in the last pause that fits', () => {
    const cutSpeech = [{ startS: 0.5, endS: 10 }, { startS: 10.3, endS: 20 }, { startS: 21.3, endS: 28 }, { startS: 28.2, endS: 45 }];
    const plan = planFix(analysisOf(45.5, cutSpeech), fixOptions({ long: { mode: 'cut' } }), findings('trim', 'cut'));
    expect(plan.outputs).toHaveLength(1);
    expectWellFormed(plan, cutSpeech, 30);
    // The last pause (0.2 s at 28 s) fits, so it wins over the longer one at 20 s; half of it is kept.
    expect(spansOf(plan, 0)).toEqual(near([{ startS: 0.35, endS: 28.1 }]));
    expect(plan.outputs[0]!.durationS).toBeCloseTo(27.75, 9);
    // The trailing trim lies inside the dropped tail, so only the tail is listed.
    expect(plan.cuts).toEqual(near([
      { kind: 'trim-leading', startS: 0, endS: 0.35 },
      { kind: 'cut-tail', startS: 28.1, endS: 45.5 },
    ]));
  });

  test('the limit applies after trimming: a 33 s take with 4 s of leading silence is only trimmed', () => {
    const plan = planFix(analysisOf(33, [{ startS: 4, endS: 32.9 }]), fixOptions(), findings('trim', 'split'));
    expect(plan.outputs).toHaveLength(1);
    expect(spansOf(plan, 0)).toEqual(near([{ startS: 3.85, endS: 33 }]));
    expect(plan.cuts.map((c) => c.kind)).toEqual(['trim-leading']);
  });

  test('the limit applies after gap shortening, and a split lands on the shortened timeline', () => {
    // 20 s + 8 s pause + 20 s: shortened to 40.5 s, so one split, in the shortened pause.
    const gapSpeech = [{ startS: 0.1, endS: 20.1 }, { startS: 28.1, endS: 48.1 }];
    const plan = planFix(analysisOf(48.2, gapSpeech), fixOptions(), findings('gaps', 'split'));
    expect(plan.outputs).toHaveLength(2);
    expectWellFormed(plan, gapSpeech, 30);
    expect(spansOf(plan, 0)).toEqual(near([{ startS: 0, endS: 20.25 }]));
    expect(spansOf(plan, 1)).toEqual(near([{ startS: 27.95, endS: 48.2 }]));
  });

  test('a stretch with no pause is cut at its quietest point, with a note', () => {
    const hopS = 0.01;
    const energy = new Float32Array(4100).fill(1e-2);
    energy[2130] = 1e-6;
    const envelope: LevelEnvelope = { hopS, energy };
    const plan = planFix(analysisOf(41, [{ startS: 0.5, endS: 40.5 }]), fixOptions(), findings('trim', 'split'), envelope);
    expect(plan.outputs).toHaveLength(2);
    expect(plan.outputs[0]!.spans.at(-1)!.endS).toBeCloseTo(21.305, 6);
    expect(plan.outputs[1]!.spans[0]!.startS).toBeCloseTo(21.305, 6);
    expect(plan.notes.some((n) => n.startsWith('no pause in the 40.30 s from 0.35 s to 40.65 s: split mid-speech at the quietest point, 21.3'))).toBe(true);

    const cut = planFix(analysisOf(41, [{ startS: 0.5, endS: 40.5 }]), fixOptions({ long: { mode: 'cut' } }), findings('cut'), envelope);
    expect(spansOf(cut, 0)).toEqual(near([{ startS: 0, endS: 21.305 }]));
  });

  test('a 70 s stretch with no pause and no level envelope needs two mid-speech cuts, listed in one note', () => {
    const noPause = [{ startS: 0.5, endS: 70.5 }];
    const plan = planFix(analysisOf(71, noPause), fixOptions(), findings('split'));
    expect(plan.outputs).toHaveLength(3);
    expectWellFormed(plan, [], 30);
    const splits = plan.cuts.filter((c) => c.kind === 'split');
    expect(splits).toHaveLength(2);
    const at = splits.map((c) => `${c.startS.toFixed(1)} s`).join(' and ');
    expect(plan.notes).toEqual(['split into 3 clips at 2 points in speech', `no pause in the 71.00 s from 0.00 s to 71.00 s: split mid-speech at ${at}`]);
  });

  test('a piece shorter than minSegmentS that cannot be merged is dropped, with a note', () => {
    const shortSpeech = [{ startS: 0.2, endS: 29 }, { startS: 29.8, endS: 31 }];
    const plan = planFix(analysisOf(31.2, shortSpeech), fixOptions(), findings('trim', 'split'));
    expect(plan.outputs).toHaveLength(1);
    expect(spansOf(plan, 0)).toEqual(near([{ startS: 0.05, endS: 29.15 }]));
    expect(plan.notes).toContain('dropped the 1.50 s piece at 29.65–31.15 s: shorter than the 3.00 s minimum');
  });

  test.each([1, 2, 3, 4, 5, 6])('random layout %i: clips within the limit, never cut inside speech, nothing short kept', (seed) => {
    const random = seededRandom(seed);
    const parts: number[] = [];
    for (let t = 0; t < 70; ) {
      const lengthS = parts.length % 2 === 0 ? 0.5 + 5.5 * random() : 0.1 + 2.4 * random();
      parts.push(lengthS);
      t += lengthS;
    }
    const layout = alternating(0.2 + random(), parts);
    const durationS = layout.at(-1)!.endS + random();
    const plan = planFix(analysisOf(durationS, layout), fixOptions(), findings('trim', 'gaps', 'split'));
    expect(plan.outputs.length).toBeGreaterThanOrEqual(3);
    expectWellFormed(plan, layout, 30);
    for (const output of plan.outputs) expect(output.durationS).toBeGreaterThanOrEqual(3);
    const dropped = plan.notes.some((n) => n.startsWith('dropped'));
    const keptSpeechS = plan.outputs.flatMap((o) => o.spans).reduce((sum, span) => sum + layout.reduce((s, w) => s + overlapS(span, w), 0), 0);
    const speechS = layout.reduce((sum, w) => sum + w.endS - w.startS, 0);
    if (!dropped) expect(keptSpeechS).toBeCloseTo(speechS, 6);
  });
});

describe('normalisation', () => {
  test.each([
    // loudness, peak, expected gain in dB
    { loudnessLufs: -35, peakDbfs: -20, gainDb: 12 },
    { loudnessLufs: -35, peakDbfs: -8, gainDb: 5 },
    { loudnessLufs: -15, peakDbfs: -1, gainDb: -8 },
    { loudnessLufs: -23, peakDbfs: -2, gainDb: -1 },
  ])('$loudnessLufs LUFS with peak $peakDbfs dBFS → gain $gainDb dB (target -23 LUFS, ceiling -3 dBFS)', ({ loudnessLufs, peakDbfs, gainDb }) => {
    const options = fixOptions({ normalize: { enabled: true } });
    const plan = planFix(analysisOf(8, [{ startS: 0.4, endS: 7.5 }], { loudnessLufs, peakDbfs }), options, findings('normalize'));
    expect(plan.changes).toBe(true);
    expect(plan.cuts).toEqual(near([]));
    expect(spansOf(plan, 0)).toEqual(near([{ startS: 0, endS: 8 }]));
    expect(20 * Math.log10(plan.outputs[0]!.gain)).toBeCloseTo(gainDb, 9);
    expect(peakDbfs + 20 * Math.log10(plan.outputs[0]!.gain)).toBeLessThanOrEqual(-3 + EPS);
  });

  test('applies to every output of a trimmed clip, but alone it does not cause a write', () => {
    const options = fixOptions({ normalize: { enabled: true } });
    const analysis = analysisOf(8, [{ startS: 2, endS: 7.5 }], { loudnessLufs: -30, peakDbfs: -12 });
    const trimmed = planFix(analysis, options, findings('trim'));
    expect(trimmed.outputs[0]!.gain).toBeCloseTo(10 ** (7 / 20), 12);
    expect(planFix(analysis, options, []).changes).toBe(false);
  });

  test('a clip whose loudness cannot be measured is not written for normalisation alone', () => {
    const analysis = analysisOf(8, [], { loudnessLufs: null });
    const plan = planFix(analysis, fixOptions({ normalize: { enabled: true } }), findings('normalize'));
    expect(plan).toEqual({ changes: false, cuts: [], outputs: [], notes: ['left the level as it is: the loudness could not be measured'] });
  });
});

describe('no changes', () => {
  const analysis = analysisOf(40, alternating(3, [10, 4, 10, 4, 10]), { loudnessLufs: -40, peakDbfs: -30 });

  test('when no finding is fixable nothing is planned, however much could be fixed', () => {
    const unfixable = { ...fixableFinding('trim'), fixable: undefined };
    expect(planFix(analysis, fixOptions({ normalize: { enabled: true } }), [unfixable])).toEqual({ changes: false, cuts: [], outputs: [], notes: [] });
  });

  test('when the fix section is off nothing is planned, whatever the findings say', () => {
    const plan = planFix(analysis, fixOptions({ enabled: false }), findings('trim', 'gaps', 'split', 'normalize'));
    expect(plan).toEqual({ changes: false, cuts: [], outputs: [], notes: [] });
  });

  test('a fix the options switch off is not applied even when a finding asks for it', () => {
    const plan = planFix(analysis, fixOptions({ trim: { enabled: false }, gaps: { enabled: false } }), findings('trim', 'gaps'));
    expect(plan.changes).toBe(false);
  });
});
