import type { Dispatcher } from 'undici';
import type { Endpoint } from './endpoint.js';
import type { UploadErrorCode } from './errors.js';
import { parseRetryAfterMs } from './backoff.js';
import type { MultipartBody } from './multipartBody.js';
import { parseEmbeddingAnswer, type EmbeddingAnswer } from './response.js';

/** What one request ended in: an answer, a failure worth retrying, or a failure final for this clip. */
export type AttemptOutcome =
  | { kind: 'ok'; status: number; answer: EmbeddingAnswer }
  | { kind: 'retry' | 'final'; status: number | null; code: UploadErrorCode; message: string; retryAfterMs: number | null };

export interface AttemptContext {
  dispatcher: Dispatcher;
  endpoint: Endpoint;
  apiKey: string;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  signal: AbortSignal;
  redact(text: string): string;
  /** Called as soon as a retryable answer's headers carry Retry-After, before its body is read. */
  onRetryAfter(delayMs: number): void;
}

/** undici's list: statuses where trying again later can succeed. */
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
/** Connection failures that a restart, a deploy or a flaky network explains. ENOTFOUND (a typo) is final. */
const RETRYABLE_NETWORK_CODES = new Set(['UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);
/** A valid answer is about 4 kB; a body far larger is not one. */
const MAX_ANSWER_BYTES = 1 << 20;
/** Error bodies are read whole up to this size (keeping the connection reusable), then cut off. */
const MAX_ERROR_BODY_BYTES = 64 << 10;
const MAX_ERROR_SNIPPET_CHARS = 200;

/** One POST of one clip. Never throws: every way it can end becomes an outcome with a code. */
export async function sendAttempt(context: AttemptContext, { contentType, body }: MultipartBody): Promise<AttemptOutcome> {
  try {
    const response = await context.dispatcher.request({
      origin: context.endpoint.origin,
      path: context.endpoint.path,
      method: 'POST',
      headers: { authorization: `Bearer ${context.apiKey}`, accept: 'application/json', 'content-type': contentType },
      body,
      signal: context.signal,
      headersTimeout: context.headersTimeoutMs,
      bodyTimeout: context.bodyTimeoutMs,
    });
    const status = response.statusCode;
    if (status >= 200 && status < 300) {
      const body = await readLimited(response.body, MAX_ANSWER_BYTES);
      // A garbage 200 is retried: without an id the call did not give us a voice we could ever refer to.
      if (body.truncated) return retry(status, 'UPLOAD_BAD_RESPONSE', `Expected an answer of at most ${MAX_ANSWER_BYTES} bytes, got more`);
      const parsed = parseEmbeddingAnswer(body.text);
      return parsed.ok ? { kind: 'ok', status, answer: parsed.answer } : retry(status, 'UPLOAD_BAD_RESPONSE', context.redact(parsed.message));
    }
    const retryable = RETRYABLE_STATUSES.has(status);
    const retryAfterMs = retryable ? parseRetryAfterMs(response.headers['retry-after']) : null;
    if (retryAfterMs !== null) context.onRetryAfter(retryAfterMs);
    const snippet = await readLimited(response.body, MAX_ERROR_BODY_BYTES);
    const detail = snippet.text.replace(/\s+/g, ' ').trim();
    const message = context.redact(`HTTP ${status} from the embedding API${detail ? `: ${detail.slice(0, MAX_ERROR_SNIPPET_CHARS)}` : ''}`);
    return { kind: retryable ? 'retry' : 'final', status, code: 'UPLOAD_HTTP_STATUS', message, retryAfterMs };
  } catch (error) {
    return classifyError(error, context.redact);
  }
}

function retry(status: number, code: UploadErrorCode, message: string): AttemptOutcome {
  return { kind: 'retry', status, code, message, retryAfterMs: null };
}

/** undici errors become a code and a redacted message; the error object itself (with its options) is dropped. */
function classifyError(error: unknown, redact: (text: string) => string): AttemptOutcome {
  const err = error as { code?: unknown; name?: unknown; message?: unknown };
  const code = typeof err.code === 'string' ? err.code : null;
  const text = redact(`${code ?? String(err.name ?? 'Error')}: ${String(err.message ?? error)}`);
  const outcome = (kind: 'retry' | 'final', uploadCode: UploadErrorCode, message: string): AttemptOutcome => ({ kind, status: null, code: uploadCode, message, retryAfterMs: null });
  if (err.name === 'AbortError' || code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR') {
    return outcome('final', 'UPLOAD_ABORTED', 'Request aborted: the run was interrupted and the grace period ran out');
  }
  if (code && TIMEOUT_CODES.has(code)) return outcome('retry', 'UPLOAD_TIMEOUT', `Timed out talking to the embedding API (${text})`);
  if (code && RETRYABLE_NETWORK_CODES.has(code)) return outcome('retry', 'UPLOAD_NETWORK', `Network error talking to the embedding API (${text})`);
  return outcome('final', 'UPLOAD_NETWORK', `Request to the embedding API failed (${text})`);
}

/** Reads a body up to `maxBytes`, then cancels the rest so the connection never waits on an unread body. */
async function readLimited(body: Dispatcher.ResponseData['body'], maxBytes: number): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    chunks.push(buffer);
    if (size > maxBytes) {
      body.destroy();
      return { text: Buffer.concat(chunks).toString('utf8', 0, maxBytes), truncated: true };
    }
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
}
