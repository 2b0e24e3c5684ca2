import { execFile } from 'node:child_process';
import { open, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWav } from '../helpers/wav.js';
import { wavBytes } from '../helpers/wavBytes.js';

const RATE = 16000;
const HOURS = 2;

/** A 2-hour 16-bit WAV made by repeating a real utterance, written in pieces (the test holds one piece). */
async function writeLongWav(file: string): Promise<void> {
  const speech = readWav('test/fixtures/speech/1688-142285-0003.wav').channels[0]!;
  const totalFrames = HOURS * 3600 * RATE;
  const header = wavBytes({ sampleRateHz: RATE, channels: [new Float32Array(0)], claimedDataBytes: totalFrames * 2 });
  const piece = wavBytes({ sampleRateHz: RATE, channels: [speech] }).subarray(44);
  const handle = await open(file, 'w');
  try {
    await handle.write(header);
    let written = 0;
    while (written < totalFrames) {
      const frames = Math.min(speech.length, totalFrames - written);
      await handle.write(piece.subarray(0, frames * 2));
      written += frames;
    }
  } finally {
    await handle.close();
  }
}

describe('a 2-hour file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'voicegate-long-'));
    await writeLongWav(path.join(dir, 'two-hours.wav'));
  }, 60_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is measured whole, streamed from disk with bounded memory, and rejected as too long', async () => {
    const script = `
      const { analyze } = await import(${JSON.stringify(path.resolve('dist/index.js'))});
      const result = await analyze(process.argv[1], { pipeline: 'report-only' });
      console.log(JSON.stringify({ durationS: result.metrics.durationS, decoder: result.source.decoder, verdict: result.verdict,
        rules: result.findings.map((f) => f.ruleId), maxRssMb: process.resourceUsage().maxRSS / 1024 }));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, path.join(dir, 'two-hours.wav')], { maxBuffer: 1 << 20 });
    const result = JSON.parse(stdout) as { durationS: number; decoder: string; verdict: string; rules: string[]; maxRssMb: number };
    expect(result.durationS).toBeCloseTo(HOURS * 3600, 3);
    expect(result.decoder).toBe('wav-stream');
    expect(result.verdict).toBe('reject');
    expect(result.rules).toContain('max-duration');
    // The decoded samples alone would take 461 MB as float32 (the file 230 MB): streaming must hold neither.
    expect(result.maxRssMb).toBeLessThan(400);
  }, 180_000);
});
