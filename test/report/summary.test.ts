import { describe, expect, it } from 'vitest';
import type { FileReport } from '../../src/report/schema.js';
import { summaryRow } from '../../src/report/summary.js';

const finding = (ruleId: string, severity: 'error' | 'warning') => ({ ruleId, severity, message: ruleId });

function report(verdict: FileReport['verdict'], outputVerdicts: Array<FileReport['verdict']>): FileReport {
  return {
    input: { path: 'in/a.wav', relativePath: 'a.wav' },
    metrics: null,
    verdict,
    findings: [finding('max-gap', 'warning')],
    outputs: outputVerdicts.map((v, i) => ({ path: `audio/a-${i}.wav`, findings: v === 'reject' ? [finding('min-snr', 'error')] : [], verdict: v })),
  } as unknown as FileReport;
}

describe('summaryRow', () => {
  it('names the outputs\' errors when a fixed take was still rejected', () => {
    const row = summaryRow(report('reject', ['reject', 'reject']));
    expect(row.errors).toEqual(['min-snr']);
    expect(row.warnings).toEqual(['max-gap']);
  });

  it('keeps a usable take\'s rejected segments out of its errors', () => {
    const row = summaryRow(report('fixed', ['pass', 'reject']));
    expect(row.errors).toEqual([]);
    expect(row.outputsAccepted).toBe(1);
  });
});
