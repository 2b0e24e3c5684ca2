export { resolveApiKey } from './apiKey.js';
export { DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
export { EMBEDDINGS_FILE, writeEmbeddingsJsonl, type EmbeddingRow } from './embeddings.js';
export { isLoopbackHost } from './endpoint.js';
export { createRedactor, UploadError, type UploadErrorCode, type UploadFatalCode } from './errors.js';
export { JOURNAL_FILE } from './journal.js';
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
