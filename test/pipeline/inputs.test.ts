import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expandInputs, insideFolder } from '../../src/pipeline/inputs.js';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'voicegate-inputs-'));
  await mkdir(path.join(root, 'clips/a'), { recursive: true });
  await mkdir(path.join(root, 'clips/b'), { recursive: true });
  for (const name of ['clips/a/take.wav', 'clips/a/take.mp3', 'clips/b/take.wav', 'clips/a/notes.txt', 'clips/a/-rf x.wav', 'clips/b/Ünïcode take 1.flac']) {
    await writeFile(path.join(root, name), 'x');
  }
  // a loop: clips/a/loop → clips
  await symlink(path.join(root, 'clips'), path.join(root, 'clips/a/loop'));
});

describe('expandInputs', () => {
  it('walks folders recursively, reports a symlink loop once instead of following it, and skips non-audio extensions', async () => {
    const { inputs, problems } = await expandInputs([path.join(root, 'clips')]);
    const relatives = inputs.map((i) => i.relativePath).sort();
    expect(relatives).toEqual(['clips/a/-rf x.wav', 'clips/a/take.mp3', 'clips/a/take~2.wav', 'clips/b/take.wav', 'clips/b/Ünïcode take 1.flac'].sort());
    expect(problems.filter((p) => /symlink loop/.test(p.message))).toHaveLength(1);
  });

  it('gives two inputs whose outputs would collide distinct names (same stem, and the same base name from two places)', async () => {
    const { inputs } = await expandInputs([path.join(root, 'clips/a/take.wav'), path.join(root, 'clips/b/take.wav'), path.join(root, 'clips/a/take.mp3')]);
    const names = inputs.map((i) => i.relativePath);
    expect(new Set(names.map((n) => n.replace(/\.[^.]+$/, '').toLowerCase())).size).toBe(3);
    expect(names[0]).toBe('take.wav');
  });

  it('keeps a named file that does not exist as an input (so it gets a reject report, not silence)', async () => {
    const { inputs } = await expandInputs([path.join(root, 'missing.wav')]);
    expect(inputs).toEqual([{ path: path.join(root, 'missing.wav'), relativePath: 'missing.wav' }]);
  });

  it('expands globs and says when one matched nothing', async () => {
    const { inputs, problems } = await expandInputs([`${root}/clips/**/*.wav`, `${root}/nothing/*.wav`]);
    expect(inputs.map((i) => path.basename(i.path)).sort()).toEqual(['-rf x.wav', 'take.wav', 'take.wav']);
    expect(problems.some((p) => p.path.endsWith('nothing/*.wav') && /matched no audio/.test(p.message))).toBe(true);
  });
});

describe('insideFolder', () => {
  it.each([
    ['../../etc/passwd', 'etc/passwd'],
    ['/abs/path.wav', 'abs/path.wav'],
    ['a/../../b.wav', 'a/b.wav'],
  ])('keeps %s inside the output folder', (relative, expected) => {
    expect(insideFolder('/out', relative)).toBe(path.join('/out', expected));
  });
});
