import { copyFile, mkdir, mkdtemp, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sine } from '../helpers/signals.js';
import { wavBytes } from '../helpers/wavBytes.js';
import { voicegate, type CliResult } from '../helpers/cli.js';

const SPEECH = 'test/fixtures/speech/3080-5032-0001.wav';

/** Every bad input of the core-gate issue, each with the rule its report must carry. */
const CASES: Array<{ name: string; rule: string; make: (file: string, dir: string) => Promise<void> }> = [
  { name: 'empty.wav', rule: 'input/empty', make: (f) => writeFile(f, '') },
  { name: 'zero-samples.wav', rule: 'input/no-samples', make: (f) => writeFile(f, wavBytes({ sampleRateHz: 16000, channels: [new Float32Array(0)] })) },
  {
    name: 'truncated.wav',
    rule: 'input/truncated',
    make: async (f) => writeFile(f, (await readFile(SPEECH)).subarray(0, 30_000)),
  },
  {
    name: 'header-lies.wav',
    rule: 'input/truncated',
    make: (f) => writeFile(f, wavBytes({ sampleRateHz: 16000, channels: [sine(220, 0.3, 1, 16000)], claimedDataBytes: 10_000_000 })),
  },
  { name: 'image.wav', rule: 'input/not-audio', make: (f) => writeFile(f, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')) },
  { name: 'notes.wav', rule: 'input/not-audio', make: (f) => writeFile(f, 'These are my recording notes, not audio.\n') },
  {
    name: 'nan.wav',
    rule: 'non-finite-samples',
    make: (f) => {
      const x = sine(220, 0.3, 1, 16000);
      x[100] = NaN;
      x[200] = Infinity;
      return writeFile(f, wavBytes({ sampleRateHz: 16000, channels: [x], encoding: 'f32' }));
    },
  },
  { name: 'one-sample.wav', rule: 'min-duration', make: (f) => writeFile(f, wavBytes({ sampleRateHz: 16000, channels: [Float32Array.of(0.5)] })) },
  {
    name: 'eight-channels.wav',
    rule: 'channel-problems',
    make: (f) => {
      // seven copies of a tone and one dead channel
      const x = sine(220, 0.3, 4, 16000);
      return writeFile(f, wavBytes({ sampleRateHz: 16000, channels: [...Array.from({ length: 7 }, () => x), new Float32Array(x.length)] }));
    },
  },
  {
    name: '192k.wav',
    rule: 'min-duration',
    make: (f) => writeFile(f, wavBytes({ sampleRateHz: 192000, channels: [sine(1000, 0.3, 2, 192000)] })),
  },
  {
    name: 'playlist.mp3',
    rule: 'input/unsafe',
    make: async (f, dir) => {
      await copyFile(SPEECH, path.join(dir, 'target.wav.segment'));
      await writeFile(f, `#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:5.0,\n${path.join(dir, 'target.wav.segment')}\n#EXTINF:5.0,\nhttp://127.0.0.1:9/x.wav\n#EXT-X-ENDLIST\n`);
    },
  },
  { name: 'dangling.wav', rule: 'input/unreadable', make: (f, dir) => symlink(path.join(dir, 'nowhere.wav'), f) },
];

describe('bad inputs: each gets a report with a clear reject, the batch goes on', () => {
  let dir: string;
  let out: string;
  let result: CliResult;
  const reports = new Map<string, { verdict: string; findings: Array<{ ruleId: string; severity: string; message: string }> }>();

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'voicegate-bad-'));
    const inputs = path.join(dir, 'in');
    await mkdir(inputs);
    for (const c of CASES) await c.make(path.join(inputs, c.name), dir);
    // good clips with awkward names, and two whose outputs would collide
    for (const name of ['-rf leading dash.wav', 'spaces and ünïcödé 声音.wav', 'take.wav']) await copyFile(SPEECH, path.join(inputs, name));
    await copyFile(SPEECH, path.join(dir, 'take.wav'));
    await symlink(inputs, path.join(inputs, 'loop'));
    out = path.join(dir, 'out');
    result = await voicegate(['run', '--pipeline', 'report-only', '--out', out, '--', inputs, path.join(dir, 'take.wav')]);
    for (const entry of await readdir(path.join(out, 'reports'), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const report = JSON.parse(await readFile(path.join(entry.parentPath, entry.name), 'utf8'));
      reports.set(report.input.path, report);
    }
  }, 120_000);

  it('exits 1 and warns about the symlink loop without following it', () => {
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/symlink loop/);
  });

  it.each(CASES.map((c) => [c.name, c.rule]))('%s → %s', (name, rule) => {
    const report = reports.get(path.join(dir, 'in', name));
    expect(report, `no report for ${name}`).toBeDefined();
    expect(report!.findings.map((f) => f.ruleId)).toContain(rule);
    const finding = report!.findings.find((f) => f.ruleId === rule)!;
    expect(finding.message.length).toBeGreaterThan(20);
  });

  it('rejects every broken file (a truncated file is still judged on what it holds)', () => {
    for (const c of CASES.filter((c) => c.rule !== 'input/truncated')) expect(reports.get(path.join(dir, 'in', c.name))?.verdict, c.name).toBe('reject');
  });

  it('processes names with a leading dash, spaces and unicode, and keeps colliding names apart', () => {
    for (const name of ['-rf leading dash.wav', 'spaces and ünïcödé 声音.wav', 'take.wav']) {
      expect(reports.get(path.join(dir, 'in', name))?.verdict, name).toBe('pass');
    }
    expect(reports.get(path.join(dir, 'take.wav'))?.verdict).toBe('pass');
    expect(reports.size).toBe(CASES.length + 4);
  });
});
