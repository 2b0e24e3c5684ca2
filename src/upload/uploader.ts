import { createHash } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import PQueue from 'p-queue';
import { Pool, type Dispatcher } from 'undici';
import { readWholeFile } from '../decode/inputFile.js';
import { assertUsableKey } from './apiKey.js';
import { sendAttempt, type AttemptOutcome } from './attempt.js';
import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { parseEndpoint } from './endpoint.js';
import { createRedactor, UploadError, type UploadErrorCode } from './errors.js';
import { Journal, type JournalEntry, type UploadJournal } from './journal.js';
import { multipartFileBody } from './multipartBody.js';
import { queueRateOptions, type Rate } from './rate.js';

export interface UploadTimeouts {
  /** TCP + TLS connect (undici `connect.timeout`). */
  connectMs: number;
  /** From sending the request until the answer's headers (undici `headersTimeout`). */
  headersMs: number;
  /** Longest silence while reading the answer's body (undici `bodyTimeout`). */
  bodyMs: number;
  /** A longer Retry-After is cut to this, so one odd answer cannot stall a batch for hours. */
  maxRetryAfterMs: number;
}

export const DEFAULT_TIMEOUTS: UploadTimeouts = { connectMs: 10_000, headersMs: 60_000, bodyMs: 30_000, maxRetryAfterMs: 120_000 };

export interface UploaderOptions {
  /** Base URL; `/v1/audio/embedding` is appended. https unless the host is loopback or `allowInsecure`. */
  endpoint: string;
  /** Required unless `dryRun`; see `resolveApiKey`. */
  apiKey: string | null;
  /** `<out>/upload-journal.jsonl` (JOURNAL_FILE); opened and closed by the uploader. Not needed with `journal`. */
  journalPath?: string;
  /** A journal owned by the caller (e.g. one shared through Redis by many workers) instead of `journalPath`. */
  journal?: UploadJournal;
  /**
   * The endpoint's name in the journal (default: its base URL). The built-in server gets a new port each run,
   * so the pipeline journals it as "local" to keep resumed runs from sending clips again.
   */
  journalEndpoint?: string;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** Requests started per window, retries included (default: unlimited). */
  rate?: Rate | null;
  /** Requests per clip, the first included (default 5). */
  maxAttempts?: number;
  backoff?: Partial<BackoffOptions>;
  timeouts?: Partial<UploadTimeouts>;
  /** The API takes at most 30 s of audio; longer clips are refused without a request. */
  maxDurationS?: number;
  /** Hash and look up the journal, but send nothing and write nothing. */
  dryRun?: boolean;
  allowInsecure?: boolean;
  onWarning?(message: string): void;
  /** Ctrl-C: stop starting requests, let those in flight finish for `graceMs`, then abort them. */
  signal?: AbortSignal;
  /** Default 10 s. */
  graceMs?: number;
  /** Injected connection pool (closed by its owner); by default one keep-alive Pool per endpoint. */
  dispatcher?: Dispatcher;
  /** Source of backoff jitter (default Math.random). */
  random?: () => number;
}

export interface ClipToUpload {
  path: string;
  /** Hex sha256 of the file's bytes when the caller already has it (saves a read for journal hits). */
  sha256?: string;
  durationS: number;
  verdict: 'pass' | 'fixed' | 'reject';
}

export interface AttemptLog {
  attempt: number;
  /** Epoch ms when the request started (after the queue let it go). */
  startedAt: number;
  ms: number;
  status: number | null;
  code: UploadErrorCode | null;
  /** What the server's Retry-After asked for, before clamping. */
  retryAfterMs: number | null;
}

/**
 * `uploaded`: sent now and journaled. `skipped-journal`: this content already has an id for this endpoint (from
 * an earlier run, or from an identical clip in this batch). `failed`: requests were sent, none gave an
 * embedding. `not-sent`: refused or interrupted before any request. `dry-run`: would have been sent.
 */
export type UploadStatus = 'uploaded' | 'skipped-journal' | 'failed' | 'dry-run' | 'not-sent';

export interface UploadResult {
  status: UploadStatus;
  id?: string;
  embedding?: number[];
  /** Null only when the file could not be read (or was refused before reading). */
  sha256: string | null;
  /** Base URL, never with credentials. */
  endpoint: string;
  attempts: AttemptLog[];
  error?: { code: UploadErrorCode; message: string };
}

export interface Uploader {
  /** Resolves once the clip is settled; an `uploaded` result is already durable in the journal. */
  upload(clip: ClipToUpload): Promise<UploadResult>;
  /** The embedding the journal holds for this content from this endpoint (read back from the journal, which is where it is kept). */
  embedding(sha256: string): Promise<number[] | undefined>;
  /** Waits for every upload to settle, then closes the journal and the connection pool. */
  close(): Promise<void>;
}

export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_MAX_ATTEMPTS = 5;
export const MAX_API_DURATION_S = 30;
const DEFAULT_GRACE_MS = 10_000;

/** Queue tasks cleared by an interrupt settle with this instead of hanging. */
const NOT_STARTED = Symbol('not started');

type Finished = { kind: 'done'; log: AttemptLog; outcome: AttemptOutcome } | { kind: 'unreadable'; message: string };

export async function createUploader(options: UploaderOptions): Promise<Uploader> {
  const endpoint = parseEndpoint(options.endpoint, options);
  const dryRun = options.dryRun ?? false;
  const apiKey = options.apiKey;
  if (!dryRun) {
    if (apiKey === null) throw new UploadError('UPLOAD_CONFIG', 'Expected an API key: set VOICEGATE_API_KEY or pass --api-key-file (or use --dry-run)');
    assertUsableKey(apiKey);
  }
  const concurrency = wholeNumber('concurrency', options.concurrency ?? DEFAULT_CONCURRENCY);
  const maxAttempts = wholeNumber('maxAttempts', options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const maxDurationS = options.maxDurationS ?? MAX_API_DURATION_S;
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const random = options.random ?? Math.random;
  const redact = createRedactor(apiKey);
  const journalEndpoint = options.journalEndpoint ?? endpoint.base;

  const rateOptions = options.rate ? queueRateOptions(options.rate) : {};

  if (!options.journal && options.journalPath === undefined) throw new UploadError('UPLOAD_CONFIG', 'Expected `journalPath` or `journal`: without a journal, clips could be sent twice');
  const ownJournal = options.journal ? null : await Journal.open(options.journalPath!, { readOnly: dryRun });
  const journal: UploadJournal = options.journal ?? ownJournal!;
  keepHttpParserInBaselineTier();
  const ownsDispatcher = !options.dispatcher && !dryRun;
  const dispatcher: Dispatcher | null = options.dispatcher ?? (dryRun ? null : new Pool(endpoint.origin, {
    connections: concurrency,
    connect: { timeout: timeouts.connectMs },
    headersTimeout: timeouts.headersMs,
    bodyTimeout: timeouts.bodyMs,
  }));
  const queue = new PQueue({ concurrency, ...rateOptions });

  const notStarted = new Set<() => void>();
  const inflight = new Map<string, Promise<UploadResult>>();
  const active = new Set<Promise<UploadResult>>();
  /** Wakes clips sleeping between attempts when the run is interrupted. */
  const stopping = new AbortController();
  /** Aborts requests still in flight once the grace period is over. */
  const aborting = new AbortController();
  // Every request and every sleeping retry listens on these; hundreds at once are expected, not a leak.
  setMaxListeners(0, stopping.signal, aborting.signal);
  let closed = false;
  let resumeAt = 0;
  let resumeTimer: NodeJS.Timeout | undefined;
  let graceTimer: NodeJS.Timeout | undefined;

  /** Retry-After holds the whole queue, not just the clip that got it: no request starts before it passes. */
  const pauseQueue = (delayMs: number): void => {
    const clampedMs = Math.min(delayMs, timeouts.maxRetryAfterMs);
    const until = Date.now() + clampedMs;
    if (clampedMs <= 0 || until <= resumeAt) return;
    resumeAt = until;
    queue.pause();
    clearTimeout(resumeTimer);
    resumeTimer = setTimeout(() => {
      resumeTimer = undefined;
      if (!stopping.signal.aborted) queue.start();
    }, clampedMs);
  };

  const stop = (): void => {
    if (stopping.signal.aborted) return;
    stopping.abort();
    clearTimeout(resumeTimer);
    queue.clear();
    for (const settle of notStarted) settle();
    notStarted.clear();
    if (queue.pending > 0) {
      graceTimer = setTimeout(() => aborting.abort(), graceMs);
      void queue.onPendingZero().then(() => clearTimeout(graceTimer));
    }
  };
  if (options.signal?.aborted) stop();
  options.signal?.addEventListener('abort', stop, { once: true });

  const result = (status: UploadStatus, sha256: string | null, attempts: AttemptLog[], extra: Partial<UploadResult> = {}): UploadResult => ({
    status,
    sha256,
    endpoint: endpoint.base,
    attempts,
    ...extra,
  });
  const failure = (sha256: string | null, attempts: AttemptLog[], code: UploadErrorCode, message: string): UploadResult =>
    result(attempts.length > 0 ? 'failed' : 'not-sent', sha256, attempts, { error: { code, message: redact(message) } });
  const fromJournal = (entry: JournalEntry): UploadResult =>
    result('skipped-journal', entry.sha256, [], { id: entry.id, embedding: entry.embedding });

  const runInQueue = (priority: number, task: () => Promise<Finished | typeof NOT_STARTED>): Promise<Finished | typeof NOT_STARTED> =>
    new Promise((resolve, reject) => {
      if (stopping.signal.aborted) return resolve(NOT_STARTED);
      const settle = (): void => resolve(NOT_STARTED);
      notStarted.add(settle);
      queue
        .add(async () => {
          notStarted.delete(settle);
          if (stopping.signal.aborted) return resolve(NOT_STARTED);
          resolve(await task());
        }, { priority })
        .catch(reject);
    });

  const attemptOnce = async (clip: ClipToUpload, sha256: string, attempt: number): Promise<Finished | typeof NOT_STARTED> => {
    let bytes: Buffer;
    try {
      bytes = await readClip(clip.path);
    } catch (error) {
      return { kind: 'unreadable', message: `Could not read ${clip.path}: ${(error as NodeJS.ErrnoException).code ?? 'unknown error'}` };
    }
    const actual = sha256Hex(bytes);
    if (actual !== sha256) return { kind: 'unreadable', message: `${clip.path} changed since it was checked: sha256 ${actual}, expected ${sha256}` };
    // A task the queue let go just before a Retry-After pause must not send during it either.
    while (Date.now() < resumeAt && !stopping.signal.aborted) {
      await sleep(resumeAt - Date.now(), undefined, { signal: stopping.signal }).catch(() => undefined);
    }
    if (stopping.signal.aborted) return NOT_STARTED;
    const startedAt = Date.now();
    const started = performance.now();
    const outcome = await sendAttempt(
      {
        dispatcher: dispatcher!,
        endpoint,
        apiKey: apiKey!,
        headersTimeoutMs: timeouts.headersMs,
        bodyTimeoutMs: timeouts.bodyMs,
        signal: aborting.signal,
        redact,
        onRetryAfter: pauseQueue,
      },
      multipartFileBody(bytes, basename(clip.path)),
    );
    const log: AttemptLog = {
      attempt,
      startedAt,
      ms: Math.round(performance.now() - started),
      status: outcome.status,
      code: outcome.kind === 'ok' ? null : outcome.code,
      retryAfterMs: outcome.kind === 'ok' ? null : outcome.retryAfterMs,
    };
    return { kind: 'done', log, outcome };
  };

  const send = async (clip: ClipToUpload, sha256: string): Promise<UploadResult> => {
    const attempts: AttemptLog[] = [];
    for (let attempt = 1; ; attempt++) {
      // Retries go ahead of fresh clips, so an interrupt leaves fewer clips half-tried.
      const finished = await runInQueue(attempt > 1 ? 1 : 0, () => attemptOnce(clip, sha256, attempt));
      if (finished === NOT_STARTED) return failure(sha256, attempts, 'UPLOAD_ABORTED', interruptedMessage(attempts));
      if (finished.kind === 'unreadable') return failure(sha256, attempts, 'UPLOAD_READ_FAILED', finished.message);
      const { log, outcome } = finished;
      attempts.push(log);
      if (outcome.kind === 'ok') {
        const entry: JournalEntry = { sha256, endpoint: journalEndpoint, id: outcome.answer.id, embedding: outcome.answer.embedding, uploadedAt: new Date().toISOString() };
        await journal.append(entry);
        return result('uploaded', sha256, attempts, { id: entry.id, embedding: entry.embedding });
      }
      if (outcome.kind === 'final' || attempt >= maxAttempts) {
        const message = outcome.kind === 'final' ? outcome.message : `${outcome.message} (gave up after ${attempt} attempts)`;
        return failure(sha256, attempts, outcome.code, message);
      }
      const delayMs = outcome.retryAfterMs !== null ? Math.min(outcome.retryAfterMs, timeouts.maxRetryAfterMs) : backoffDelayMs(attempt, backoff, random);
      try {
        await sleep(delayMs, undefined, { signal: stopping.signal });
      } catch {
        return failure(sha256, attempts, 'UPLOAD_ABORTED', `${interruptedMessage(attempts)}; the last: ${outcome.message}`);
      }
    }
  };

  const dryRunCheck = async (clip: ClipToUpload, sha256: string): Promise<UploadResult> => {
    try {
      const actual = sha256Hex(await readClip(clip.path));
      if (actual !== sha256) return failure(sha256, [], 'UPLOAD_READ_FAILED', `${clip.path} changed since it was checked: sha256 ${actual}, expected ${sha256}`);
    } catch (error) {
      return failure(sha256, [], 'UPLOAD_READ_FAILED', `Could not read ${clip.path}: ${(error as NodeJS.ErrnoException).code ?? 'unknown error'}`);
    }
    return result('dry-run', sha256, []);
  };

  const uploadClip = async (clip: ClipToUpload): Promise<UploadResult> => {
    const given = clip.sha256 ?? null;
    if (clip.verdict === 'reject') return failure(given, [], 'UPLOAD_REJECTED_CLIP', `${clip.path} was rejected by the gate; only passed or fixed clips are uploaded`);
    if (!(Number.isFinite(clip.durationS) && clip.durationS <= maxDurationS)) {
      return failure(given, [], 'UPLOAD_TOO_LONG', `${clip.path} lasts ${clip.durationS} s, expected at most ${maxDurationS} s (the API refuses longer audio): split it first`);
    }
    if (stopping.signal.aborted || closed) return failure(given, [], 'UPLOAD_ABORTED', 'Not sent: the run was interrupted');
    let sha256 = given;
    if (sha256 === null) {
      try {
        sha256 = sha256Hex(await readClip(clip.path));
      } catch (error) {
        return failure(null, [], 'UPLOAD_READ_FAILED', `Could not read ${clip.path}: ${(error as NodeJS.ErrnoException).code ?? 'unknown error'}`);
      }
    }
    const known = await journal.get(sha256, journalEndpoint);
    if (known) return fromJournal(known);
    const leader = inflight.get(sha256);
    if (leader) return followerResult(await leader);
    const pending = dryRun ? dryRunCheck(clip, sha256) : send(clip, sha256);
    inflight.set(sha256, pending);
    try {
      return await pending;
    } finally {
      inflight.delete(sha256);
    }
  };

  /** An identical clip in the same batch is sent once; the copy reports what the one that was sent got. */
  const followerResult = (leader: UploadResult): UploadResult => {
    if (leader.status === 'uploaded') return result('skipped-journal', leader.sha256, [], { id: leader.id, embedding: leader.embedding });
    if (!leader.error) return { ...leader, attempts: [] };
    return failure(leader.sha256, [], leader.error.code, `Same content as a clip sent in this batch, which got: ${leader.error.message}`);
  };

  return {
    async embedding(sha256) {
      return (await journal.get(sha256, journalEndpoint))?.embedding;
    },
    upload(clip) {
      const pending = uploadClip(clip);
      active.add(pending);
      void pending.finally(() => active.delete(pending)).catch(() => undefined);
      return pending;
    },
    async close() {
      closed = true;
      await Promise.allSettled([...active]);
      options.signal?.removeEventListener('abort', stop);
      clearTimeout(resumeTimer);
      clearTimeout(graceTimer);
      await ownJournal?.close();
      if (ownsDispatcher) await dispatcher?.close();
    },
  };
}

/**
 * undici parses HTTP with llhttp compiled to WebAssembly. Once it is hot, V8 recompiles it with TurboFan, and
 * that one compile of llhttp's state machine takes ~36 MB of compiler memory at once (measured with
 * v8.getHeapStatistics().peak_malloced_memory): 25 MB of a 2-worker batch's peak RSS. Answers are ~4 kB, so the
 * baseline (Liftoff) code parses them no measurably slower. Nothing else in voicegate runs WebAssembly.
 */
function keepHttpParserInBaselineTier(): void {
  setFlagsFromString('--liftoff-only');
}

/** A clip's bytes, read as the decoder reads them (synchronously when clip-sized). */
async function readClip(path: string): Promise<Buffer> {
  return readWholeFile(path, statSync(path).size);
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function interruptedMessage(attempts: AttemptLog[]): string {
  return attempts.length === 0 ? 'Not sent: the run was interrupted' : `Interrupted after ${attempts.length} attempt${attempts.length === 1 ? '' : 's'}`;
}

function wholeNumber(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new UploadError('UPLOAD_CONFIG', `Expected \`${name}\` to be a whole number of at least 1, got \`${value}\``);
  return value;
}
