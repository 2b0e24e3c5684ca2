import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileReport } from '../../src/report/schema.js';
import { SortedSpill } from '../../src/report/sortedSpill.js';
import { summaryRow, writeSummary, type SummaryRow } from '../../src/report/summary.js';

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

describe('writeSummary', () => {
  it('writes every row, sorted by path, in chunks of lines (1,300 rows: three chunks; runs of 500 on disk)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'voicegate-summary-'));
    const rows = Array.from({ length: 1300 }, (_, n) => ({ ...summaryRow(report('pass', [])), relativePath: `clip-${String(1299 - n).padStart(4, '0')}.wav` }));
    const spill = new SortedSpill<SummaryRow>(dir, (row) => row.relativePath, 500);
    for (const row of rows) await spill.add(row);
    await writeSummary(dir, spill);
    await spill.dispose();
    const jsonl = (await readFile(join(dir, 'summary.jsonl'), 'utf8')).split('\n');
    expect(jsonl.pop()).toBe('');
    expect(jsonl.map((l) => (JSON.parse(l) as { relativePath: string }).relativePath)).toEqual(rows.map((r) => r.relativePath).reverse());
    const csv = (await readFile(join(dir, 'summary.csv'), 'utf8')).split('\n');
    expect(csv.pop()).toBe('');
    expect(csv[0]!.startsWith('relativePath,verdict,errors')).toBe(true);
    expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(rows.map((r) => r.relativePath).reverse());
    await rm(dir, { recursive: true, force: true });
  });
});
