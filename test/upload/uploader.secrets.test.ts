import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, test, vi } from 'vitest';
import { startEmbeddingServer } from '../../src/server/index.js';
import { createUploader, JOURNAL_FILE, type UploadResult } from '../../src/upload/index.js';
import { writeToneClips, type ClipDir } from './clips.js';

const KEY = 'sk-SECRET-never-show-7f3a9c';

let clipDir: ClipDir;
let captured: string[];
beforeAll(async () => {
  clipDir = await writeToneClips(3, { firstSeed: 3000 });
});
afterAll(() => clipDir.remove());

// Everything the process prints during a test, so a stray log of the key would be caught.
beforeEach(() => {
  captured = [];
  const capture = (chunk: unknown): boolean => {
    captured.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, method).mockImplementation((...args) => void captured.push(args.join(' ')));
});
afterEach(() => {
  vi.restoreAllMocks();
  expect(captured.join('\n')).not.toContain(KEY);
});

const journalPath = (name: string): string => join(clipDir.dir, `${name}-${JOURNAL_FILE}`);
const clip = () => ({ path: clipDir.clips[0]!.path, durationS: clipDir.clips[0]!.durationS, verdict: 'pass' as const });

function expectNoKey(results: UploadResult[]): void {
  const text = JSON.stringify(results);
  expect(text).not.toContain(KEY);
  expect(text).not.toContain(encodeURIComponent(KEY));
}

/** A peer that behaves badly on purpose: echoes the Authorization header, or never answers. */
async function startBadPeer(mode: 'echo-key' | 'no-headers' | 'stall-body'): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    req.resume();
    if (mode === 'echo-key') {
      req.on('end', () => {
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end(`Invalid credentials: ${req.headers.authorization} (base64 ${Buffer.from(KEY).toString('base64')})`);
      });
    } else if (mode === 'stall-body') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

test('wrong key: 401, not retried, the key nowhere in the result', async () => {
  const server = await startEmbeddingServer({ apiKey: 'sk-the-right-one' });
  const uploader = await createUploader({ endpoint: server.url, apiKey: KEY, journalPath: journalPath('401') });
  const result = await uploader.upload(clip());
  await uploader.close();
  await server.close();
  expect(result).toMatchObject({ status: 'failed', error: { code: 'UPLOAD_HTTP_STATUS' } });
  expect(result.error?.message).toContain('HTTP 401');
  expect(result.attempts).toHaveLength(1);
  expectNoKey([result]);
});

test('a server that echoes the key back has it redacted from the message', async () => {
  const peer = await startBadPeer('echo-key');
  const uploader = await createUploader({ endpoint: peer.url, apiKey: KEY, journalPath: journalPath('echo') });
  const result = await uploader.upload(clip());
  await uploader.close();
  await peer.close();
  expect(result.error?.message).toContain('Invalid credentials: Bearer [redacted] (base64 [redacted])');
  expectNoKey([result]);
});

test('unreachable port: UPLOAD_NETWORK after every attempt, with a message free of the key', async () => {
  const server = await startEmbeddingServer();
  const url = server.url;
  await server.close();
  const uploader = await createUploader({ endpoint: url, apiKey: KEY, journalPath: journalPath('refused'), maxAttempts: 3, backoff: { baseMs: 5, capMs: 20 } });
  const result = await uploader.upload(clip());
  await uploader.close();
  expect(result).toMatchObject({ status: 'failed', error: { code: 'UPLOAD_NETWORK' } });
  expect(result.error?.message).toContain('ECONNREFUSED');
  expect(result.attempts.map((a) => a.code)).toEqual(['UPLOAD_NETWORK', 'UPLOAD_NETWORK', 'UPLOAD_NETWORK']);
  expectNoKey([result]);
});

test.each([
  ['no-headers', { headersMs: 150 }],
  ['stall-body', { bodyMs: 150 }],
] as const)('a peer that stalls (%s) ends in UPLOAD_TIMEOUT, retried', async (mode, timeouts) => {
  const peer = await startBadPeer(mode);
  const uploader = await createUploader({ endpoint: peer.url, apiKey: KEY, journalPath: journalPath(mode), maxAttempts: 2, timeouts, backoff: { baseMs: 5, capMs: 5 } });
  const result = await uploader.upload(clip());
  await uploader.close();
  await peer.close();
  expect(result).toMatchObject({ status: 'failed', error: { code: 'UPLOAD_TIMEOUT' } });
  expect(result.attempts.map((a) => a.code)).toEqual(['UPLOAD_TIMEOUT', 'UPLOAD_TIMEOUT']);
  expectNoKey([result]);
});

test('thrown configuration errors carry neither the key nor a cause that could hold it', async () => {
  const error = (await createUploader({ endpoint: 'http://voice.example.com', apiKey: KEY, journalPath: journalPath('cfg') }).catch((e: unknown) => e)) as Error;
  expect(error).toMatchObject({ name: 'UploadError', code: 'UPLOAD_CONFIG' });
  expect(error.cause).toBeUndefined();
  expect(`${error.message}\n${error.stack}`).not.toContain(KEY);
});

test('the journal holds ids and vectors, never the key', async () => {
  const server = await startEmbeddingServer({ apiKey: KEY });
  const path = journalPath('ok');
  const uploader = await createUploader({ endpoint: server.url, apiKey: KEY, journalPath: path });
  const results = await Promise.all(clipDir.clips.map((c) => uploader.upload({ path: c.path, durationS: c.durationS, verdict: 'pass' })));
  await uploader.close();
  await server.close();
  expect(results.map((r) => r.status)).toEqual(['uploaded', 'uploaded', 'uploaded']);
  expectNoKey(results);
  const journal = await readFile(path, 'utf8');
  expect(journal.trim().split('\n')).toHaveLength(3);
  expect(journal).not.toContain(KEY);
});
