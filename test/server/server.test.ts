import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { fetch, FormData, request } from 'undici';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { startEmbeddingServer, type RunningServer } from '../../src/server/index.js';
import { MEMORY_MAX_BYTES } from '../../src/server/receiveUpload.js';
import { seededRandom, whiteNoise } from '../helpers/signals.js';
import { wavBytes } from '../helpers/wavBytes.js';
import { FIELD_BOUNDARY, multipartBody, post, postFile } from './client.js';

const CLIP = readFileSync(new URL('../fixtures/speech/3331-159605-0001.wav', import.meta.url));
const MULTIPART = { 'content-type': `multipart/form-data; boundary=${FIELD_BOUNDARY}` };

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function errorCode(json: unknown): string | undefined {
  return (json as { error?: { code?: string } } | undefined)?.error?.code;
}

function noiseWav(durationS: number, sampleRateHz = 8000): Buffer {
  return wavBytes({ sampleRateHz, channels: [whiteNoise(0.1, durationS, sampleRateHz)] });
}

describe('embedding endpoint', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startEmbeddingServer();
  });
  afterAll(() => server.close());

  test('a speech clip gets an id and 192 finite numbers of unit length; the same bytes get the same answer', async () => {
    const first = await postFile(server.url, CLIP);
    const second = await postFile(server.url, CLIP);
    expect(first.status).toBe(200);
    const { id, embedding } = first.json as { id: string; embedding: number[] };
    expect(id).toBe(`voice_${sha256(CLIP).slice(0, 24)}`);
    expect(embedding).toHaveLength(192);
    expect(embedding.every(Number.isFinite)).toBe(true);
    expect(Math.hypot(...embedding)).toBeCloseTo(1, 5);
    expect(second.json).toEqual(first.json);
    expect(server.stats().embeddedBySha256[sha256(CLIP)]).toBe(2);
  });

  test('a standard client (fetch with FormData) is understood, extra fields are ignored', async () => {
    const form = new FormData();
    form.append('model', 'anything');
    form.append('file', new Blob([CLIP], { type: 'audio/wav' }), 'clip.wav');
    const res = await fetch(`${server.url}/v1/audio/embedding`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { id: string }).id).toBe(`voice_${sha256(CLIP).slice(0, 24)}`);
  });

  test.each([
    ['no file field', multipartBody([{ name: 'audio', filename: 'x.wav', data: CLIP }]), MULTIPART, 'MISSING_FILE'],
    ['two file fields', multipartBody([{ name: 'file', data: CLIP }, { name: 'file', data: CLIP }]), MULTIPART, 'DUPLICATE_FILE'],
    ['a body that is not multipart', CLIP, { 'content-type': 'audio/wav' }, 'NOT_MULTIPART'],
    ['a multipart body without its closing boundary', multipartBody([{ name: 'file', data: CLIP }]).subarray(0, 5000), MULTIPART, 'MALFORMED_MULTIPART'],
    ['bytes that are not audio', multipartBody([{ name: 'file', data: Buffer.from(Array.from({ length: 4000 }, seededRandom(3)).map((u) => Math.floor(u * 256))) }]), MULTIPART, 'AUDIO_UNDECODABLE'],
    ['a WAV header without samples', multipartBody([{ name: 'file', data: noiseWav(0) }]), MULTIPART, 'AUDIO_UNDECODABLE'],
    ['31 s of audio', multipartBody([{ name: 'file', data: noiseWav(31) }]), MULTIPART, 'AUDIO_TOO_LONG'],
    ['digital silence', multipartBody([{ name: 'file', data: wavBytes({ sampleRateHz: 8000, channels: [new Float32Array(8000)] }) }]), MULTIPART, 'AUDIO_SILENT'],
  ])('%s → 400', async (_, body, headers, code) => {
    const before = server.stats();
    const answer = await post(server.url, body, headers);
    expect(answer.status).toBe(400);
    expect(errorCode(answer.json)).toBe(code);
    expect(server.stats().accepted).toBe(before.accepted);
  });

  test('an upload too large to keep in memory goes through a temporary file, which is removed, and reads the same', async () => {
    // The same samples behind a 4.5 MiB JUNK chunk (which readers skip) take the disk path.
    const junk = Buffer.alloc(8 + MEMORY_MAX_BYTES + 512 * 1024);
    junk.write('JUNK', 0, 'latin1');
    junk.writeUInt32LE(junk.length - 8, 4);
    const large = Buffer.concat([CLIP.subarray(0, 36), junk, CLIP.subarray(36)]);
    large.writeUInt32LE(large.length - 8, 4);
    const leftovers = () => readdirSync(tmpdir()).filter((name) => /^voicegate-upload-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(name));
    const before = leftovers();
    const small = await postFile(server.url, CLIP);
    const big = await postFile(server.url, large);
    expect(big.status).toBe(200);
    expect((big.json as { embedding: number[] }).embedding).toEqual((small.json as { embedding: number[] }).embedding);
    // The file is removed after the answer is sent.
    await vi.waitFor(() => expect(leftovers()).toEqual(before));
  });

  test('exactly 30 s of audio is accepted', async () => {
    expect((await postFile(server.url, noiseWav(30))).status).toBe(200);
  });

  test('other paths → 404, other methods → 405, GET /healthz → 200', async () => {
    const notFound = await request(`${server.url}/v1/other`, { method: 'POST', body: 'x' });
    expect(notFound.statusCode).toBe(404);
    expect(errorCode(await notFound.body.json())).toBe('NOT_FOUND');
    const wrongMethod = await request(`${server.url}/v1/audio/embedding`);
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers.allow).toBe('POST');
    await wrongMethod.body.dump();
    const health = await request(`${server.url}/healthz`);
    expect(health.statusCode).toBe(200);
    expect(await health.body.json()).toEqual({ status: 'ok' });
  });
});

test('a client that goes away mid-upload is counted as aborted, not answered', async () => {
  const server = await startEmbeddingServer();
  try {
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const head = `POST /v1/audio/embedding HTTP/1.1\r\nHost: x\r\nContent-Type: ${MULTIPART['content-type']}\r\nContent-Length: 100000\r\n\r\n`;
    socket.write(head + `--${FIELD_BOUNDARY}\r\nContent-Disposition: form-data; name="file"\r\n\r\nRIFF`);
    await expect.poll(() => server.stats().requests).toBe(1);
    socket.destroy();
    await expect.poll(() => server.stats().byStatus).toEqual({ aborted: 1 });
    expect(server.stats().embeddedBySha256).toEqual({});
  } finally {
    await server.close();
  }
});

describe('body size limit', () => {
  const maxBodyBytes = 1024 * 1024;
  let server: RunningServer;
  beforeAll(async () => {
    server = await startEmbeddingServer({ maxBodyBytes });
  });
  afterAll(() => server.close());

  test('a 30 MiB stream gets 413 long before it is all sent', async () => {
    let sentBytes = 0;
    async function* body(): AsyncIterable<Buffer> {
      yield Buffer.from(`--${FIELD_BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.wav"\r\n\r\n`);
      const chunk = Buffer.alloc(64 * 1024, 7);
      while (sentBytes < 30 * 1024 * 1024) {
        sentBytes += chunk.length;
        yield chunk;
      }
    }
    const answer = await post(server.url, body(), MULTIPART);
    expect(answer.status).toBe(413);
    expect(errorCode(answer.json)).toBe('BODY_TOO_LARGE');
    expect(answer.headers.connection).toBe('close');
    // What the client got to send is the server's 1 MiB plus what the socket buffers hold.
    expect(sentBytes).toBeLessThan(16 * 1024 * 1024);
  });

  test('a Content-Length over the limit gets 413 before the body is read', async () => {
    const answer = await post(server.url, Buffer.alloc(maxBodyBytes + 1), MULTIPART);
    expect(answer.status).toBe(413);
  });

  test('a body just under the limit is read', async () => {
    const body = multipartBody([{ name: 'file', data: Buffer.alloc(maxBodyBytes - 500, 1) }]);
    const answer = await post(server.url, body, MULTIPART);
    expect(body.length).toBeLessThanOrEqual(maxBodyBytes);
    expect(errorCode(answer.json)).toBe('AUDIO_UNDECODABLE');
    expect(server.stats().byStatus['413']).toBe(2);
  });
});

describe('API key', () => {
  const apiKey = 'sk-test-0123456789';
  let server: RunningServer;
  beforeAll(async () => {
    server = await startEmbeddingServer({ apiKey });
  });
  afterAll(() => server.close());

  test.each([
    ['no Authorization header', {}],
    ['a wrong key', { authorization: 'Bearer sk-test-0123456780' }],
    ['a longer key', { authorization: `Bearer ${apiKey}x` }],
    ['the key without "Bearer"', { authorization: apiKey }],
  ])('%s → 401, without echoing the key', async (_, headers) => {
    const answer = await postFile(server.url, CLIP, headers);
    expect(answer.status).toBe(401);
    expect(errorCode(answer.json)).toBe('UNAUTHORIZED');
    expect(answer.text).not.toContain('sk-test');
  });

  test('the right key → 200', async () => {
    expect((await postFile(server.url, CLIP, { authorization: `Bearer ${apiKey}` })).status).toBe(200);
    expect(server.stats().byStatus).toEqual({ '200': 1, '401': 4 });
  });
});

describe('rate limit', () => {
  test('beyond the bucket → 429 with a whole-second Retry-After; rate-limited requests are not admitted', async () => {
    // One token every 2 s and a bucket of one: the second of two back-to-back requests finds it empty.
    const server = await startEmbeddingServer({ ratePerS: 0.5, burst: 1 });
    try {
      const first = await postFile(server.url, CLIP);
      const second = await postFile(server.url, CLIP);
      expect(first.status).toBe(200);
      expect(second.status).toBe(429);
      expect(errorCode(second.json)).toBe('RATE_LIMITED');
      const retryAfterS = Number(second.headers['retry-after']);
      expect(Number.isInteger(retryAfterS)).toBe(true);
      expect(retryAfterS).toBeGreaterThanOrEqual(1);
      expect(retryAfterS).toBeLessThanOrEqual(2);
      const stats = server.stats();
      expect(stats.requests).toBe(2);
      expect(stats.admittedAt).toHaveLength(1);
      expect(stats.byStatus).toEqual({ '200': 1, '429': 1 });
    } finally {
      await server.close();
    }
  });
});
