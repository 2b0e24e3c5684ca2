import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRedactor, resolveApiKey } from '../../src/upload/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'voicegate-key-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('resolveApiKey', () => {
  test('reads and trims the key file, which wins over the environment', async () => {
    const file = join(dir, 'key');
    await writeFile(file, '  sk-from-file\n');
    expect(await resolveApiKey({ apiKeyFile: file, env: { VOICEGATE_API_KEY: 'sk-from-env' } })).toBe('sk-from-file');
  });

  test('falls back to VOICEGATE_API_KEY, then to null', async () => {
    expect(await resolveApiKey({ env: { VOICEGATE_API_KEY: ' sk-from-env ' } })).toBe('sk-from-env');
    expect(await resolveApiKey({ env: {} })).toBeNull();
  });

  test('a key that cannot be a header value is refused without quoting it', async () => {
    const file = join(dir, 'bad-key');
    await writeFile(file, 'sk-two words');
    const error = await resolveApiKey({ apiKeyFile: file }).catch((e: Error) => e);
    expect((error as Error).message).toContain('printable ASCII');
    expect((error as Error).message).not.toContain('two words');
  });

  test('a missing key file names the file and the errno only', async () => {
    await expect(resolveApiKey({ apiKeyFile: join(dir, 'missing') })).rejects.toThrow(/missing: ENOENT/);
  });
});

describe('createRedactor', () => {
  test('removes the key verbatim, URL-encoded and base64', () => {
    const key = 'sk-a/b+c=d';
    const redact = createRedactor(key);
    const text = `Bearer ${key} ?key=${encodeURIComponent(key)} Basic ${Buffer.from(key).toString('base64')}`;
    expect(redact(text)).toBe('Bearer [redacted] ?key=[redacted] Basic [redacted]');
  });

  test('no key: text unchanged', () => {
    expect(createRedactor(null)('anything')).toBe('anything');
  });
});
