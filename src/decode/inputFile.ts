import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { DecodeError } from './errors.js';
import type { ReadAt } from './wavHeader.js';

/** An input file, stat'ed and hashed: held in memory when small, read from disk again for each pass when not. */
export interface InputFile {
  path: string;
  bytes: number;
  sha256: string;
  /** The whole file when it was small enough to keep. */
  memory: Uint8Array | null;
  readAt: ReadAt;
  /** Bytes `start` (inclusive) to `end` (exclusive), in pieces. */
  stream(start: number, end: number, signal?: AbortSignal): AsyncIterable<Uint8Array>;
}

const STREAM_PIECE_BYTES = 256 * 1024;
const SYNC_READ_MAX_BYTES = 4 * 1024 * 1024;

/**
 * A whole file of `size` bytes. A clip-sized one is read synchronously: a millisecond at most from the page cache,
 * where the async read's four thread-pool round trips (open, stat, read, close) left a one-thread batch idle 6 % of
 * the time, and cost the uploader more CPU per clip than its request.
 */
export async function readWholeFile(path: string, size: number, signal?: AbortSignal): Promise<Buffer> {
  return size <= SYNC_READ_MAX_BYTES ? readFileSync(path) : readFile(path, { signal });
}

export function emptyInput(path: string): DecodeError {
  return new DecodeError('INPUT_EMPTY', `Expected audio, got an empty file (0 bytes): ${JSON.stringify(path)}`);
}

function unreadable(path: string, error: unknown): DecodeError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENOENT' ? 'it does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message;
  return new DecodeError('INPUT_UNREADABLE', `Expected a readable file at ${JSON.stringify(path)}, but ${reason}`, { cause: error });
}

async function sha256OfFile(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of createReadStream(path, { highWaterMark: STREAM_PIECE_BYTES, signal })) hash.update(piece as Buffer);
  return hash.digest('hex');
}

/**
 * Opens `path` as an input: a regular, non-empty file. Files of at most `memoryMaxBytes` are read once and
 * kept (hash and decoding share that read); larger ones are hashed in a streaming read and read again per pass.
 */
export async function readInput(path: string, memoryMaxBytes: number, signal?: AbortSignal): Promise<InputFile> {
  let bytes: number;
  let memory: Uint8Array | null = null;
  let sha256: string;
  try {
    signal?.throwIfAborted();
    const stats = statSync(path);
    if (stats.isDirectory()) throw new DecodeError('INPUT_UNREADABLE', `Expected a file, got a directory: ${JSON.stringify(path)}`);
    // A FIFO or device would block or never end.
    if (!stats.isFile()) throw new DecodeError('INPUT_UNREADABLE', `Expected a regular file, got a special file: ${JSON.stringify(path)}`);
    if (stats.size === 0) throw emptyInput(path);
    if (stats.size <= memoryMaxBytes) {
      const buffer = await readWholeFile(path, stats.size, signal);
      memory = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      bytes = memory.length;
      sha256 = createHash('sha256').update(memory).digest('hex');
    } else {
      bytes = stats.size;
      sha256 = await sha256OfFile(path, signal);
    }
  } catch (error) {
    if (error instanceof DecodeError || signal?.aborted) throw error;
    throw unreadable(path, error);
  }
  if (bytes === 0) throw emptyInput(path);

  if (memory) return memoryInput(path, memory, sha256);
  const readAt: ReadAt = async (offset, length) => {
    const handle = await open(path, 'r').catch((error: unknown) => Promise.reject(unreadable(path, error)));
    try {
      const target = new Uint8Array(Math.max(0, Math.min(length, bytes - offset)));
      let filled = 0;
      while (filled < target.length) {
        const { bytesRead } = await handle.read(target, filled, target.length - filled, offset + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return target.subarray(0, filled);
    } finally {
      await handle.close();
    }
  };

  async function* stream(start: number, end: number, passSignal?: AbortSignal): AsyncIterable<Uint8Array> {
    if (end <= start) return;
    try {
      for await (const piece of createReadStream(path, { start, end: end - 1, highWaterMark: STREAM_PIECE_BYTES, signal: passSignal })) {
        yield piece as Buffer;
      }
    } catch (error) {
      if (passSignal?.aborted) throw passSignal.reason;
      throw unreadable(path, error);
    }
  }

  return { path, bytes, sha256, memory: null, readAt, stream };
}

/** An input already in memory (a file read whole, or an upload's bytes); `path` only names it in messages. */
export function memoryInput(path: string, memory: Uint8Array, sha256: string): InputFile {
  async function* stream(start: number, end: number, passSignal?: AbortSignal): AsyncIterable<Uint8Array> {
    for (let at = start; at < end; at += STREAM_PIECE_BYTES) {
      passSignal?.throwIfAborted();
      yield memory.subarray(at, Math.min(end, at + STREAM_PIECE_BYTES));
    }
  }
  return { path, bytes: memory.length, sha256, memory, readAt: async (offset, length) => memory.subarray(offset, offset + length), stream };
}
