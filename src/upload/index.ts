/**
 * The uploader: sends clips the gate accepted to the embedding API (POST {endpoint}/v1/audio/embedding,
 * multipart field `file`, Bearer key) and returns `{ id, embedding[192] }` per clip.
 *
 * Choices worth knowing:
 * - Every request (retries too) goes through one p-queue: `concurrency` in flight, `rate` spread evenly
 *   (see queueRateOptions). A Retry-After pauses the whole queue, not just the clip that got it.
 * - Retried: 429, 500, 502, 503, 504, connection resets/refusals, timeouts, and 2xx answers that fail
 *   validation (UPLOAD_BAD_RESPONSE: without a valid id the voice cannot be used, so it is asked for again;
 *   the cost is a possible orphan voice on the service). Other statuses are final for the clip.
 *   Waits: Retry-After when given (clamped to timeouts.maxRetryAfterMs), else full-jitter backoff.
 * - undici's headers/body timeouts tick on a ~1 s timer, so they fire up to a second late.
 * - Exactly-once: `<out>/upload-journal.jsonl` maps sha256(file bytes) + endpoint base URL to the answer; a hit
 *   is `skipped-journal` and never re-sent; identical clips in one batch are sent once. An `uploaded`
 *   result is fdatasync'ed to the journal before its promise resolves.
 * - The key never leaves the Authorization header: errors are rebuilt from undici's code and a redacted
 *   message, without `cause`.
 */
export { resolveApiKey } from './apiKey.js';
export { DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
export { byPath, EMBEDDINGS_FILE, writeEmbeddingsJsonl, type EmbeddingRow } from './embeddings.js';
export { isLoopbackHost } from './endpoint.js';
export { createRedactor, UploadError, type UploadErrorCode, type UploadFatalCode } from './errors.js';
export { JOURNAL_FILE } from './journal.js';
export { toUploadEntry } from './reportEntry.js';
export { parseRate, type Rate } from './rate.js';
export {
  createUploader,
  DEFAULT_CONCURRENCY,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_TIMEOUTS,
  MAX_API_DURATION_S,
  sha256Hex,
  type AttemptLog,
  type ClipToUpload,
  type UploadResult,
  type UploadStatus,
  type Uploader,
  type UploaderOptions,
  type UploadTimeouts,
} from './uploader.js';
