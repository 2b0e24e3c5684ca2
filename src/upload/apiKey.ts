import { readFile } from 'node:fs/promises';
import { UploadError } from './errors.js';

/**
 * The key from `apiKeyFile` (trimmed) when given, else from `VOICEGATE_API_KEY`; null when neither is set.
 * Messages never include the key, only where it came from.
 */
export async function resolveApiKey(options: { apiKeyFile?: string | null; env?: NodeJS.ProcessEnv } = {}): Promise<string | null> {
  const env = options.env ?? process.env;
  let key: string | null;
  let source: string;
  if (options.apiKeyFile) {
    source = `the key file ${options.apiKeyFile}`;
    try {
      key = (await readFile(options.apiKeyFile, 'utf8')).trim();
    } catch (error) {
      throw new UploadError('UPLOAD_CONFIG', `Could not read ${source}: ${(error as NodeJS.ErrnoException).code ?? 'unknown error'}`);
    }
  } else {
    source = 'VOICEGATE_API_KEY';
    key = env.VOICEGATE_API_KEY?.trim() ?? null;
    if (!key) return null;
  }
  assertUsableKey(key, source);
  return key;
}

/** A key that cannot go into an HTTP header would make undici throw, and its message could quote the value. */
export function assertUsableKey(key: string, source = 'the API key'): void {
  if (key.length === 0) throw new UploadError('UPLOAD_CONFIG', `Expected an API key in ${source}, found it empty`);
  if (!/^[\x21-\x7e]+$/.test(key)) {
    throw new UploadError('UPLOAD_CONFIG', `Expected ${source} to hold printable ASCII without spaces (an HTTP header value)`);
  }
}
