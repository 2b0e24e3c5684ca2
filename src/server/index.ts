/**
 * voicegate's local embedding server: speaks the embedding service's HTTP API (POST /v1/audio/embedding,
 * multipart field `file`, answer `{ id, embedding: number[192] }`) so that `voicegate run` works without the
 * real service, and so the uploader's tests and benchmarks have a real HTTP peer with injectable faults.
 * The vector is a deterministic cepstral-statistics voice print (./embedding.ts), NOT the real service's model.
 */
export { startEmbeddingServer, EMBEDDING_PATH, HEALTH_PATH, type RunningServer } from './server.js';
export { computeEmbedding, EMBEDDING_SIZE } from './embedding.js';
export { resolveServerOptions, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_DURATION_S, type ServerOptions, type ResolvedServerOptions } from './options.js';
export type { ServerStats } from './stats.js';
