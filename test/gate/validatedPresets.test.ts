import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type * as PresetModule from '../../src/gate/preset.js';
import { parsePreset } from '../../src/gate/presetSchema.js';
import { CLI } from '../helpers/cli.js';

const run = promisify(execFile);

// The built code (npm test builds before vitest runs): only there does loadPreset find dist/validated-presets.json.
const built = (await import(new URL('../../dist/gate/preset.js', import.meta.url).href)) as typeof PresetModule;

async function builtInPresets(): Promise<{ file: string; text: string }[]> {
  const files = (await readdir('pipelines')).filter((file) => file.endsWith('.json')).sort();
  return Promise.all(files.map(async (file) => ({ file, text: await readFile(path.join('pipelines', file), 'utf8') })));
}

describe('presets validated at build time', () => {
  it('hold the schema’s reading of exactly the built-in presets’ text', async () => {
    const entries = JSON.parse(await readFile('dist/validated-presets.json', 'utf8')) as { text: string; preset: unknown }[];
    const presets = await builtInPresets();
    expect(entries.map((entry) => entry.text)).toEqual(presets.map((p) => p.text));
    for (const [i, { file, text }] of presets.entries()) expect(entries[i]!.preset, file).toEqual(parsePreset(JSON.parse(text), file));
  });

  it('give loadPreset the schema’s reading, a fresh copy per load', async () => {
    for (const { file, text } of await builtInPresets()) {
      const name = file.slice(0, -'.json'.length);
      expect(await built.loadPreset(name), name).toEqual(parsePreset(JSON.parse(text), file));
    }
    const first = await built.loadPreset('voice-clone');
    first.rules['min-snr'] = ['off', {}];
    expect((await built.loadPreset('voice-clone')).rules['min-snr']?.[0]).toBe('error');
  });

  it('do not stand in for an edited copy: its text goes through the schema', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'voicegate-preset-'));
    const text = await readFile('pipelines/voice-clone.json', 'utf8');
    const data = JSON.parse(text) as { rules: Record<string, unknown> };
    data.rules['min-snr'] = ['error', { minDb: 'loud' }];
    await writeFile(path.join(dir, 'edited.json'), JSON.stringify(data));
    await expect(built.loadPreset(path.join(dir, 'edited.json'))).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringMatching(/min-snr.*minDb/s) });
    await writeFile(path.join(dir, 'same.json'), text);
    expect(await built.loadPreset(path.join(dir, 'same.json'))).toEqual(parsePreset(JSON.parse(text), 'same.json'));
  });

  it('keep zod out of what `voicegate check` loads with a built-in preset', async () => {
    const record = path.join(await mkdtemp(path.join(tmpdir(), 'voicegate-modules-')), 'loaded.txt');
    await run(process.execPath, ['--import', path.resolve('test/helpers/record-modules.mjs'), CLI, 'check', 'samples/arctic-axb-short.wav'], {
      env: { ...process.env, VOICEGATE_RECORD_MODULES: record },
    }).catch((error: { code?: number }) => {
      if (error.code !== 1) throw error; // exit 1: the short sample is rejected
    });
    const chunks = (await readFile(record, 'utf8')).split('\n').filter((url) => url.startsWith('file:') && url.includes('/dist/bundle/'));
    expect(chunks.length).toBeGreaterThan(5);
    for (const url of chunks) expect(await readFile(new URL(url), 'utf8'), url).not.toContain('node_modules/zod/');
  });
});
