import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, voicegate, type CliResult } from '../helpers/cli.js';

async function reportsUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => path.join(e.parentPath, e.name));
}

const schema = JSON.parse(await readFile('schemas/report.schema.json', 'utf8')) as object;
const validate = new Ajv2020.default({ allErrors: true, strict: false }).compile(schema);

describe('voicegate run samples/ (dataset preset)', () => {
  let out: string;
  let result: CliResult;
  const reports = new Map<string, Record<string, unknown>>();

  beforeAll(async () => {
    out = await mkdtemp(path.join(tmpdir(), 'voicegate-e2e-'));
    result = await voicegate(['run', 'samples/', '--out', out, '--concurrency', '2']);
    for (const file of await reportsUnder(path.join(out, 'reports'))) {
      const report = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      reports.set(path.basename(file, '.json'), report);
    }
  }, 180_000);

  it('exits 1 because some samples are rejected, and writes one report per sample', async () => {
    expect(result.code).toBe(1);
    const samples = (await readdir('samples')).filter((f) => f.endsWith('.wav'));
    expect([...reports.keys()].sort()).toEqual(samples.sort());
  });

  it('writes reports that validate against the committed JSON Schema', () => {
    for (const [name, report] of reports) {
      const ok = validate(report);
      expect(ok, `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  const verdict = (name: string) => reports.get(name)?.verdict;
  const errorRules = (name: string) => ((reports.get(name)?.findings ?? []) as Array<{ ruleId: string; severity: string }>).filter((f) => f.severity === 'error').map((f) => f.ruleId);

  it.each([
    ['librispeech-1688-clean.wav', 'pass'],
    ['vctk-p286-48k.wav', 'pass'],
    ['arctic-aew-leading-silence.wav', 'fixed'],
    ['librispeech-2414-long-take.wav', 'fixed'],
  ])('%s is %s', (name, expected) => {
    expect(verdict(name), JSON.stringify(reports.get(name)?.findings)).toBe(expected);
  });

  it.each([
    ['arctic-axb-short.wav', 'min-duration'],
    ['librispeech-3080-dishes-10db.wav', 'min-snr'],
    ['librispeech-2033-clipped.wav', 'max-clipping'],
  ])('%s is rejected by %s', (name, rule) => {
    expect(verdict(name)).toBe('reject');
    expect(errorRules(name)).toContain(rule);
  });

  it('rejects the reverberant sample for its echo', () => {
    expect(verdict('librispeech-3331-reverberant-room.wav')).toBe('reject');
    expect(errorRules('librispeech-3331-reverberant-room.wav').some((r) => r === 'min-c50' || r === 'max-rt60')).toBe(true);
  });

  it('splits the 31.5 s take at pauses into clips of at most 30 s that each pass again', () => {
    const report = reports.get('librispeech-2414-long-take.wav') as { outputs: Array<{ durationS: number; verdict: string }>; fix: { cuts: Array<{ kind: string }> } };
    expect(report.outputs.length).toBeGreaterThanOrEqual(2);
    for (const o of report.outputs) expect(o.durationS).toBeLessThanOrEqual(30);
    expect(report.fix.cuts.some((c) => c.kind === 'split')).toBe(true);
  });

  it('writes summary.jsonl and summary.csv with one row per sample', async () => {
    const lines = (await readFile(path.join(out, 'summary.jsonl'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(reports.size);
    const csv = (await readFile(path.join(out, 'summary.csv'), 'utf8')).trim().split('\n');
    expect(csv).toHaveLength(reports.size + 1);
  });

  it('leaves nothing but its outputs in the output folder (no spilled rows, no temporary files)', async () => {
    expect((await readdir(out)).sort()).toEqual(['audio', 'embeddings.jsonl', 'reports', 'summary.csv', 'summary.jsonl', 'upload-journal.jsonl']);
    const stray = (await readdir(out, { recursive: true })).filter((f) => f.endsWith('.tmp'));
    expect(stray).toEqual([]);
  });

  it('names the rejected samples and their rules on stdout', () => {
    expect(result.stdout).toMatch(/8 files: 2 pass, 2 fixed, 4 rejected/);
    expect(result.stdout).toMatch(/reject {2}samples\/librispeech-2033-clipped\.wav: .*max-clipping/);
  });
});

describe('voicegate check', () => {
  it('passes a clean clip with exit 0 and prints every value against its limit', async () => {
    const { code, stdout } = await voicegate(['check', 'test/fixtures/speech/3080-5032-0001.wav']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/PASS/);
    expect(stdout).toMatch(/min-snr\s+[\d.]+ dB\s+≥ 25 dB/);
  });

  it('rejects a noisy clip with exit 1 and advice naming the measured SNR', async () => {
    const { code, stdout } = await voicegate(['check', 'samples/librispeech-3080-dishes-10db.wav']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/REJECT/);
    expect(stdout).toMatch(/SNR is [\d.]+ dB, expected at least 25 dB: .*quieter/);
  });

  it('prints the JSON report with --json', async () => {
    const { stdout } = await voicegate(['check', '--json', 'samples/arctic-axb-short.wav']);
    const report = JSON.parse(stdout) as { verdict: string };
    expect(validate(report)).toBe(true);
    expect(report.verdict).toBe('reject');
  });
});

describe('usage and configuration errors exit 2', () => {
  it.each([
    [['frobnicate']],
    [['run', 'samples/']],
    [['run', 'samples/', '--out', '/tmp/x', '--concurrency', 'zero']],
    [['check', '--unknown-flag', 'a.wav']],
    [['check', '--pipeline', 'no-such-preset', 'samples/arctic-axb-short.wav']],
  ])('%j', async (args) => {
    const { code, stderr } = await voicegate(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^voicegate: /);
  });

  it('names the key path of a bad preset value', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'voicegate-preset-'));
    const file = path.join(dir, 'bad.json');
    await (await import('node:fs/promises')).writeFile(file, JSON.stringify({ name: 'bad', rules: { 'min-snr': ['error', { minDb: 'loud' }] }, colour: 1 }));
    const { code, stderr } = await voicegate(['check', '--pipeline', file, 'samples/arctic-axb-short.wav']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/rules\.min-snr.*minDb/);
    expect(stderr).toMatch(/colour/);
  });

  it('prints help with examples for every command', async () => {
    for (const command of ['check', 'run', 'doctor']) {
      const { code, stdout } = await voicegate([command, '--help']);
      expect(code).toBe(0);
      expect(stdout).toMatch(/Example/);
    }
  });

  it('is the bundled bin of package.json and prints its version', async () => {
    const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { version: string; bin: { voicegate: string } };
    expect(path.resolve(pkg.bin.voicegate)).toBe(CLI);
    const { code, stdout } = await voicegate(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(pkg.version);
  });
});

describe('voicegate doctor', () => {
  it('names the ffmpeg binary, where it was found, its version and the Node version', async () => {
    const { code, stdout } = await voicegate(['doctor']);
    expect(code).toBe(0);
    expect(stdout).toContain(process.version);
    expect(stdout).toMatch(/ffmpeg version/);
    expect(stdout).toMatch(/found via (FFMPEG_PATH|ffmpeg-static|PATH|@ffmpeg-installer\/ffmpeg)/);
  });
});
