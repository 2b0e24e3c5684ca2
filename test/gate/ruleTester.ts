import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import type { Metrics, TimeSpan } from '../../src/analysis/types.js';
import type { FixOptions } from '../../src/fix/types.js';
import { applyRule } from '../../src/gate/judge.js';
import type { Rule } from '../../src/gate/rule.js';
import type { FixKind } from '../../src/gate/types.js';
import { baseMetrics } from './metrics.js';

/** Every fix on, with the preset schema's defaults. */
export const FIX_ON: FixOptions = {
  enabled: true,
  trim: { enabled: true, padS: 0.15 },
  gaps: { enabled: true, maxS: 1.5, shortenToS: 0.5 },
  long: { mode: 'cut', maxDurationS: 30, minSegmentS: 3 },
  normalize: { enabled: true, targetLufs: -23, peakCeilingDbfs: -3 },
};

export const FIX_OFF: FixOptions = { ...FIX_ON, enabled: false };

interface Case {
  name: string;
  /** Fields changed from baseMetrics(). */
  metrics: Partial<Metrics>;
  /** Rule options as a preset writes them (defaults fill the rest). */
  options?: Record<string, unknown>;
  fix?: FixOptions;
}

interface Expected {
  value: number | string | null;
  threshold: number | string | null;
  /** A part of the message, e.g. the rounded value as shown. */
  message?: string;
  spans?: TimeSpan[];
  fixable?: FixKind;
  unit?: string | null;
  metric?: string;
}

/** ESLint RuleTester style: valid cases give no finding, invalid cases give exactly the expected findings. */
export function testRule(rule: Rule, cases: { valid: Case[]; invalid: (Case & { expected: Expected[] })[] }): void {
  const run = ({ metrics, options = {}, fix = FIX_ON }: Case) =>
    applyRule(rule, ['error', rule.options(z).parse(options) as Record<string, unknown>], baseMetrics(metrics), { fix });

  describe(rule.id, () => {
    test('the clean base clip gives no finding', () => {
      expect(run({ name: 'base', metrics: {} })).toEqual([]);
    });

    test.each(cases.valid)('valid: $name', (c) => {
      expect(run(c)).toEqual([]);
    });

    test.each(cases.invalid)('invalid: $name', (c) => {
      const findings = run(c);
      expect(findings).toHaveLength(c.expected.length);
      findings.forEach((finding, i) => {
        const expected = c.expected[i]!;
        expect(finding.ruleId).toBe(rule.id);
        expect(finding.severity).toBe('error');
        expect(finding.value).toBe(expected.value);
        expect(finding.threshold).toBe(expected.threshold);
        expect(finding.fixable).toBe(expected.fixable);
        expect(finding.spans).toEqual(expected.spans);
        if (expected.message) expect(finding.message).toContain(expected.message);
        if (expected.unit !== undefined) expect(finding.unit).toBe(expected.unit);
        if (expected.metric) expect(finding.metric).toBe(expected.metric);
        // remark-lint shape: "<value and limit>: <advice>." with the advice also on its own.
        expect(finding.message).toMatch(/^[A-Z0-9].*: [a-z].*\.$/);
        expect(finding.message.toLowerCase()).toContain(finding.advice.toLowerCase());
        if (finding.fixable) expect(rule.fixable).toContain(finding.fixable);
      });
    });
  });
}
