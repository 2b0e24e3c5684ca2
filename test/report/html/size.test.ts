import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPreset } from '../../../src/gate/preset.js';
import { buildHtmlReport } from '../../../src/report/html/build.js';
import type { FileReport } from '../../../src/report/schema.js';

/** The stated bound: the page for 100,000 inputs stays under 16 MB (measured 13.4 MB with 16,720 fixed outputs as extra rows). */
const MAX_BYTES_100K = 16e6;
const FILES = 100_000;

/** A deterministic stream of plausible reports: 70 % pass, 10 % fixed (two outputs), 20 % rejected. */
function* syntheticReports(count: number): Generator<FileReport> {
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const metrics = (durationS: number) => ({
    durationS,
    speechS: durationS * (0.6 + 0.3 * random()),
    sampleRateHz: 16000,
    channels: 1,
    rmsDbfs: -30 + 10 * random(),
    speechRmsDbfs: -28 + 10 * random(),
    peakDbfs: -12 + 11 * random(),
    loudnessLufs: -30 + 12 * random(),
    clippedRatio: random() < 0.05 ? random() * 0.01 : 0,
    clippedRuns: [],
    dcOffset: (random() - 0.5) * 1e-3,
    channelLevels: [],
    nonFiniteSamples: 0,
    snrDb: 10 + 40 * random(),
    noiseFloorDbfs: -80 + 30 * random(),
    c50Db: 5 + 30 * random(),
    rt60S: 0.1 + 0.6 * random(),
    echoScore: random(),
    leadingSilenceS: random(),
    trailingSilenceS: random(),
    gaps: [],
    longestGapS: 2 * random(),
    speechRatio: 0.5 + 0.5 * random(),
    bandwidthHz: 4000 + 4000 * random(),
    humDb: random() * 10,
    humDbfs: -70 + 10 * random(),
    humFrequencyHz: null,
  });
  const advice = ['Record in a quieter room, away from fans, traffic and open windows.', 'Raise the input gain or speak closer to the microphone (about a hand’s width away).', 'Start speaking soon after pressing record, or trim the silence.'];
  const rules = ['min-snr', 'level-range', 'leading-silence', 'max-noise-floor', 'min-c50'];
  for (let i = 0; i < count; i++) {
    const roll = random();
    const verdict = roll < 0.7 ? 'pass' : roll < 0.8 ? 'fixed' : 'reject';
    const relativePath = `recordings/speaker_${String(i % 997).padStart(4, '0')}/session_${i % 7}/take_${String(i).padStart(6, '0')}.wav`;
    const findings = Array.from({ length: Math.floor(random() * 3) + (verdict === 'reject' ? 1 : 0) }, (_, k) => {
      const r = Math.floor(random() * rules.length);
      return { ruleId: rules[r]!, severity: verdict === 'reject' && k === 0 ? 'error' : 'warning', message: `${rules[r]} message`, advice: advice[r % advice.length]!, metric: 'snrDb', value: 1, threshold: 2, unit: 'dB' };
    });
    const m = metrics(2 + 20 * random());
    const outputs =
      verdict === 'fixed'
        ? [1, 2].map((k) => ({ path: `audio/${relativePath.replace(/\.wav$/, `.00${k}.wav`)}`, sha256: 'x', durationS: m.durationS / 2, metrics: metrics(m.durationS / 2), findings: [], verdict: 'pass' as const }))
        : [];
    yield {
      input: { path: relativePath, relativePath, sha256: null, bytes: null, source: null },
      pipeline: { name: 'dataset', sha256: 'synthetic' },
      metrics: m,
      findings,
      verdict,
      fix: null,
      outputs,
      speech: [],
      upload: verdict === 'reject' ? null : [{ path: relativePath, sha256: null, status: 'uploaded', endpoint: 'local' }],
    } as unknown as FileReport;
  }
}

describe('HTML size for a large batch', () => {
  it(`stays under ${MAX_BYTES_100K / 1e6} MB for ${FILES.toLocaleString('en')} inputs`, async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'voicegate-html-size-'));
    const result = await buildHtmlReport({ out, preset: await loadPreset('dataset'), pictures: 'none', reports: syntheticReports(FILES) });
    const bytes = (await stat(result.file)).size;
    console.log(`report.html for ${FILES} inputs (${result.rows} rows with the fixed outputs): ${(bytes / 1e6).toFixed(2)} MB, ${(bytes / result.rows).toFixed(0)} bytes per row`);
    expect(result.files).toBe(FILES);
    expect(result.rows).toBeGreaterThan(FILES);
    expect(bytes).toBeLessThan(MAX_BYTES_100K);
  }, 120_000);
});
