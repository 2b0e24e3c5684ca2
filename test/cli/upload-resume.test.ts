import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddingServer, type RunningServer } from '../../src/server/index.js';
import { CLI, voicegate } from '../helpers/cli.js';
import { readWav } from '../helpers/wav.js';
import { wavBytes } from '../helpers/wavBytes.js';

const KEY = `vg-test-${randomBytes(12).toString('hex')}`;
/** More than the run lets wait for uploads (64 in src/pipeline/run.ts): an interrupt always finds files not yet measured. */
const CLIPS = 80;

let dir: string;
let inputs: string;
let server: RunningServer;

async function journalLines(out: string): Promise<number> {
  const file = path.join(out, 'upload-journal.jsonl');
  return existsSync(file) ? (await readFile(file, 'utf8')).split('\n').filter((l) => l.trim() !== '').length : 0;
}

function runArgs(out: string): string[] {
  return ['run', inputs, '--out', out, '--pipeline', 'dataset', '--endpoint', server.url, '--upload-concurrency', '2', '--rate', 'off', '--quiet'];
}

/** Starts `voicegate run` and stops it with `signal` once the journal holds `after` entries. */
async function interruptedRun(out: string, signal: NodeJS.Signals, after: number): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, [CLI, ...runArgs(out)], { env: { ...process.env, VOICEGATE_API_KEY: KEY } });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  while ((await journalLines(out)) < after) await sleep(20);
  child.kill(signal);
  return { code: await exited, stdout };
}

async function reportsOf(out: string): Promise<Map<string, unknown>> {
  const reports = new Map<string, unknown>();
  for (const entry of await readdir(path.join(out, 'reports'), { recursive: true, withFileTypes: true })) {
    // A run killed between writing a report's temporary file and renaming it leaves that file behind: not a report.
    if (entry.isFile() && !entry.name.endsWith('.tmp')) reports.set(path.relative(out, path.join(entry.parentPath, entry.name)), JSON.parse(await readFile(path.join(entry.parentPath, entry.name), 'utf8')));
  }
  return reports;
}

/** Copies of a real utterance at different gains: distinct content, each accepted by the dataset preset. */
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'voicegate-resume-'));
  inputs = path.join(dir, 'clips');
  await mkdir(inputs);
  const speech = readWav('test/fixtures/speech/3080-5032-0001.wav');
  for (let i = 0; i < CLIPS; i++) {
    const gain = 0.5 + i * 0.006;
    const x = speech.channels[0]!.map((v) => v * gain);
    await writeFile(path.join(inputs, `clip-${String(i).padStart(2, '0')}.wav`), wavBytes({ sampleRateHz: speech.sampleRateHz, channels: [x] }));
  }
  // Slow answers, so the runs below can be interrupted half way.
  server = await startEmbeddingServer({ apiKey: KEY, latencyMs: 120 });
}, 60_000);

afterAll(() => server.close());

describe('resume after a crash or Ctrl-C', () => {
  const uninterrupted = () => path.join(dir, 'uninterrupted');

  it('an uninterrupted run uploads every clip once', async () => {
    const before = server.stats().accepted;
    const result = await voicegate(runArgs(uninterrupted()), { VOICEGATE_API_KEY: KEY });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`${CLIPS} uploaded, 0 already in the journal, 0 failed`));
    expect(server.stats().accepted - before).toBe(CLIPS);
    expect(await journalLines(uninterrupted())).toBe(CLIPS);
  }, 120_000);

  it('a run killed with SIGKILL half way, then run again, sends no clip twice (beyond requests in flight) and writes the same reports', async () => {
    const out = path.join(dir, 'killed');
    const embeddedBefore = { ...server.stats().embeddedBySha256 };
    const killed = await interruptedRun(out, 'SIGKILL', CLIPS / 3);
    expect(killed.code).toBeNull();
    const journaled = await journalLines(out);
    expect(journaled).toBeLessThan(CLIPS);

    const rerun = await voicegate(runArgs(out), { VOICEGATE_API_KEY: KEY });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(/already in the journal/);
    expect(await journalLines(out)).toBe(CLIPS);

    // Each clip's content was embedded once by the uninterrupted run; count what these two runs added.
    const after = server.stats().embeddedBySha256;
    const added = Object.entries(after).map(([sha, n]) => n - (embeddedBefore[sha] ?? 0));
    expect(added).toHaveLength(CLIPS);
    const twice = added.filter((n) => n > 1).length;
    // A request answered in the instant between the server's answer and the journal's fsync is the only way
    // to send twice: at most one per request in flight (--upload-concurrency 2).
    expect(twice).toBeLessThanOrEqual(2);
    expect(added.every((n) => n >= 1)).toBe(true);

    const a = await reportsOf(uninterrupted());
    const b = await reportsOf(out);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [name, report] of a) expect(b.get(name), name).toEqual(report);
    expect(await readFile(path.join(out, 'embeddings.jsonl'), 'utf8')).toBe(await readFile(path.join(uninterrupted(), 'embeddings.jsonl'), 'utf8'));
  }, 180_000);

  it('Ctrl-C stops taking new files, lets requests in flight finish, writes journal and reports, and a re-run finishes without duplicates', async () => {
    const out = path.join(dir, 'interrupted');
    const embeddedBefore = { ...server.stats().embeddedBySha256 };
    const stopped = await interruptedRun(out, 'SIGINT', 4);
    expect(stopped.code).toBe(1);
    expect(stopped.stdout).toMatch(/stopped early: run again to finish/);
    const reports = await reportsOf(out);
    const uploadedInReports = [...reports.values()].flatMap((r) => (r as { upload: Array<{ status: string }> }).upload).filter((u) => u.status === 'uploaded').length;
    expect(await journalLines(out)).toBe(uploadedInReports);

    const rerun = await voicegate(runArgs(out), { VOICEGATE_API_KEY: KEY });
    expect(rerun.code, rerun.stderr).toBe(0);
    const after = server.stats().embeddedBySha256;
    expect(Object.keys(after)).toHaveLength(CLIPS);
    // graceful: every request in flight finished and was journaled, so nothing was sent twice
    expect(Object.entries(after).every(([sha, n]) => n - (embeddedBefore[sha] ?? 0) === 1)).toBe(true);
  }, 180_000);
});

describe('the API key', () => {
  async function everythingWritten(out: string): Promise<string> {
    let text = '';
    for (const entry of await readdir(out, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) text += await readFile(path.join(entry.parentPath, entry.name), 'latin1');
    }
    return text;
  }

  it('never appears in output, reports, journal or errors, with the right key and with a wrong one', async () => {
    const good = path.join(dir, 'key-good');
    const okRun = await voicegate(['run', path.join(inputs, 'clip-00.wav'), '--out', good, '--endpoint', server.url], { VOICEGATE_API_KEY: KEY });
    expect(okRun.code).toBe(0);
    const wrongKey = `${KEY}-wrong`;
    const bad = path.join(dir, 'key-bad');
    const badRun = await voicegate(['run', path.join(inputs, 'clip-01.wav'), '--out', bad, '--endpoint', server.url], { VOICEGATE_API_KEY: wrongKey });
    expect(badRun.code).toBe(1);
    expect(badRun.stdout).toMatch(/UPLOAD_HTTP_STATUS/);
    const report = JSON.parse(await readFile(path.join(bad, 'reports', 'clip-01.wav.json'), 'utf8')) as { upload: Array<{ status: string; attempts: unknown[] }> };
    expect(report.upload[0]!.status).toBe('failed');
    expect(report.upload[0]!.attempts).toHaveLength(1); // a 401 is final, not retried
    for (const text of [okRun.stdout, okRun.stderr, badRun.stdout, badRun.stderr, await everythingWritten(good), await everythingWritten(bad)]) {
      expect(text).not.toContain(KEY);
    }
  }, 60_000);

  it('is read from --api-key-file too, and a missing key for a real endpoint is a usage error', async () => {
    const keyFile = path.join(dir, 'key.txt');
    await writeFile(keyFile, `${KEY}\n`);
    const out = path.join(dir, 'key-file');
    const run = await voicegate(['run', path.join(inputs, 'clip-02.wav'), '--out', out, '--endpoint', server.url, '--api-key-file', keyFile], { VOICEGATE_API_KEY: '' });
    expect(run.code, run.stderr).toBe(0);
    const missing = await voicegate(['run', path.join(inputs, 'clip-02.wav'), '--out', path.join(dir, 'no-key'), '--endpoint', server.url], { VOICEGATE_API_KEY: '' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/VOICEGATE_API_KEY/);
  }, 60_000);
});

describe('endpoint safety', () => {
  it('refuses plain http to a non-loopback host', async () => {
    const result = await voicegate(['run', path.join(inputs, 'clip-03.wav'), '--out', path.join(dir, 'insecure'), '--endpoint', 'http://api.example.com'], { VOICEGATE_API_KEY: KEY });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/https/);
    expect(result.stderr).not.toContain(KEY);
  });

  it('--dry-run sends nothing', async () => {
    const before = server.stats().requests;
    const result = await voicegate(['run', path.join(inputs, 'clip-04.wav'), '--out', path.join(dir, 'dry'), '--endpoint', server.url, '--dry-run'], { VOICEGATE_API_KEY: KEY });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/1 dry-run/);
    expect(server.stats().requests).toBe(before);
  });
});
