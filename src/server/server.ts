import { createHash, timingSafeEqual } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { EMBEDDING_SIZE } from './embedding.js';
import { embedUpload } from './embedUpload.js';
import { createFaultPlan, type Fault } from './faults.js';
import { HttpError } from './httpError.js';
import { resolveServerOptions, type ServerOptions } from './options.js';
import { TokenBucket } from './rateLimit.js';
import { receiveUpload, type ReceivedUpload } from './receiveUpload.js';
import { createStats, type ServerStats, type StatsRecorder } from './stats.js';

export const EMBEDDING_PATH = '/v1/audio/embedding';
export const HEALTH_PATH = '/healthz';

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:41234 (the endpoint is `${url}/v1/audio/embedding`). */
  url: string;
  stats(): ServerStats;
  /** Stops listening, drops open connections and waits for requests in progress to clean up. */
  close(): Promise<void>;
}

/** After answering before the body was read, how long the client gets to finish sending it before the socket is dropped. */
const LINGER_MS = 10_000;

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Compares hashes so the time taken does not depend on where the key differs, nor on its length. */
function authorized(header: string | undefined, apiKey: string): boolean {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return timingSafeEqual(sha256(match?.[1] ?? ''), sha256(apiKey)) && match !== null;
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string | number> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

function sendError(res: ServerResponse, error: HttpError, headers: Record<string, string | number> = {}): void {
  send(res, error.status, JSON.stringify({ error: { code: error.code, message: error.message } }), headers);
}

/** Stable for the same bytes, so repeated runs give identical reports. */
function voiceId(fileSha256: string): string {
  return `voice_${fileSha256.slice(0, 24)}`;
}

function garbage(fault: Fault, upload: ReceivedUpload): string {
  const id = JSON.stringify(voiceId(upload.sha256));
  if (fault === 'garbage-json') return `{"id":${id},"embedding":[0.01,0.02,`;
  return JSON.stringify({ id: voiceId(upload.sha256), embedding: Array.from({ length: EMBEDDING_SIZE - 1 }, () => 0) });
}

/**
 * The rest of a body we will not use: read and dropped (never buffered) so the client can finish sending
 * and read the answer, up to `budgetBytes`; past that, or after LINGER_MS, the connection is dropped.
 */
function discardRest(req: IncomingMessage, budgetBytes: number): void {
  if (req.complete || req.destroyed) return;
  let bytes = 0;
  const timer = setTimeout(() => req.socket.destroy(), LINGER_MS).unref();
  // The socket is kept alive across requests: drop this request's listener when it ends, or they pile up.
  const stop = () => clearTimeout(timer);
  req.socket.once('close', stop);
  req.once('end', () => {
    stop();
    req.socket.off('close', stop);
  });
  req.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > budgetBytes) req.socket.destroy();
  });
  req.resume();
}

/** Starts the local stand-in for the embedding service (see ./index.ts) on a loopback port. */
export async function startEmbeddingServer(options: ServerOptions = {}): Promise<RunningServer> {
  const config = resolveServerOptions(options);
  const stats: StatsRecorder = createStats();
  const faults = createFaultPlan(config);
  const bucket = config.ratePerS === null ? null : new TokenBucket(config.ratePerS, config.burst);
  const inFlight = new Set<Promise<void>>();

  async function handleEmbedding(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrivedMs = performance.now();
    stats.received();
    if (req.method !== 'POST') {
      stats.answered('405');
      sendError(res, new HttpError(405, 'METHOD_NOT_ALLOWED', `Expected POST, got ${req.method}`), { allow: 'POST' });
      return discardRest(req, config.maxBodyBytes);
    }
    if (config.apiKey !== null && !authorized(req.headers.authorization, config.apiKey)) {
      stats.answered('401');
      sendError(res, new HttpError(401, 'UNAUTHORIZED', 'Expected an "Authorization: Bearer <api key>" header with a valid key'), {
        'www-authenticate': 'Bearer',
      });
      return discardRest(req, config.maxBodyBytes);
    }
    const waitS = bucket?.take(arrivedMs) ?? 0;
    if (waitS > 0) {
      stats.answered('429');
      const retryAfterS = Math.max(1, Math.ceil(waitS));
      sendError(res, new HttpError(429, 'RATE_LIMITED', `Expected at most ${config.ratePerS} requests a second; retry in ${retryAfterS} s`), {
        'retry-after': retryAfterS,
      });
      return discardRest(req, config.maxBodyBytes);
    }
    stats.admitted(arrivedMs);
    const { fault, latencyMs } = faults.next();

    let upload: ReceivedUpload;
    try {
      upload = await receiveUpload(req, config.maxBodyBytes);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      stats.answered(String(error.status));
      if (error.status === 413) {
        // The rest stays unread: node closes the connection once the answer is out.
        return sendError(res, error, { connection: 'close' });
      }
      sendError(res, error);
      return discardRest(req, config.maxBodyBytes);
    }
    try {
      if (latencyMs > 0) await sleep(latencyMs);
      if (fault === 'reset') {
        stats.answered('reset');
        req.socket.destroy();
        return;
      }
      if (fault === '500' || fault === '503') {
        stats.answered(fault);
        const code = fault === '500' ? 'INTERNAL' : 'UNAVAILABLE';
        return sendError(res, new HttpError(Number(fault), code, `Injected fault (${fault}) for testing: retry`));
      }
      if (fault === 'garbage-json' || fault === 'garbage-dimension') {
        stats.answered('garbage');
        return send(res, 200, garbage(fault, upload));
      }
      let embedding: Float32Array;
      try {
        embedding = await embedUpload(upload, config.maxDurationS);
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        stats.answered(String(error.status));
        return sendError(res, error);
      }
      if (res.destroyed) return void stats.answered('aborted');
      stats.embedded(upload.sha256);
      send(res, 200, JSON.stringify({ id: voiceId(upload.sha256), embedding: Array.from(embedding) }));
    } finally {
      if (upload.path) await rm(upload.path, { force: true });
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path === EMBEDDING_PATH) return handleEmbedding(req, res);
    if (path === HEALTH_PATH && (req.method === 'GET' || req.method === 'HEAD')) return send(res, 200, JSON.stringify({ status: 'ok' }));
    const error =
      path === HEALTH_PATH
        ? new HttpError(405, 'METHOD_NOT_ALLOWED', `Expected GET, got ${req.method}`)
        : new HttpError(404, 'NOT_FOUND', `Expected POST ${EMBEDDING_PATH} or GET ${HEALTH_PATH}, got ${req.method} ${path}`);
    sendError(res, error, error.status === 405 ? { allow: 'GET, HEAD' } : {});
    discardRest(req, config.maxBodyBytes);
  }

  const server = createServer((req, res) => {
    const task = handle(req, res).catch((error: unknown) => {
      // A client that went away mid-request is not the server's fault; anything else is a bug to surface as 500.
      if (req.destroyed || res.destroyed) {
        stats.answered('aborted');
        return;
      }
      stats.answered('500');
      if (res.headersSent) return void req.socket.destroy();
      sendError(res, new HttpError(500, 'INTERNAL', error instanceof Error ? error.message : String(error)), { connection: 'close' });
    });
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}`,
    stats: () => stats.snapshot(),
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await Promise.allSettled([...inFlight]);
    },
  };
}
