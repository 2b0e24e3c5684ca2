import { createHash, randomUUID } from 'node:crypto';
import { open, rm, type FileHandle } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpError } from './httpError.js';
import { MultipartError, MultipartParser, dispositionParams, multipartBoundary } from './multipart.js';

export const FILE_FIELD = 'file';

/** Uploads up to this size stay in memory; a larger file field goes to a temporary file as it arrives. */
export const MEMORY_MAX_BYTES = 4 * 1024 * 1024;

/**
 * The `file` field: its bytes in `memory` when they fit in MEMORY_MAX_BYTES, else in the temporary file at
 * `path`, which the caller deletes.
 */
export type ReceivedUpload = ({ memory: Uint8Array; path: null } | { memory: null; path: string }) & {
  bytes: number;
  /** Of the file field's bytes, hex. */
  sha256: string;
};

export function bodyTooLarge(maxBodyBytes: number): HttpError {
  return new HttpError(413, 'BODY_TOO_LARGE', `Expected a request body of at most ${maxBodyBytes} bytes`);
}

/**
 * Streams a multipart body, keeping the `file` field in memory, or in a temporary file once it outgrows
 * MEMORY_MAX_BYTES (other fields are skipped). Throws HttpError 413 as soon as more than `maxBodyBytes` arrived
 * (the rest is left unread) and 400 for a body that is not multipart, is malformed, or has no (or more than
 * one) `file` field.
 */
export async function receiveUpload(req: IncomingMessage, maxBodyBytes: number): Promise<ReceivedUpload> {
  const declaredBytes = Number(req.headers['content-length']);
  if (declaredBytes > maxBodyBytes) throw bodyTooLarge(maxBodyBytes);
  const boundary = multipartBoundary(req.headers['content-type']);
  if (boundary === null) {
    const got = req.headers['content-type'] ?? 'no Content-Type';
    throw new HttpError(400, 'NOT_MULTIPART', `Expected a multipart/form-data body with a boundary, got ${JSON.stringify(got)}`);
  }
  const parser = new MultipartParser(boundary);
  const hash = createHash('sha256');
  let pieces: Buffer[] = [];
  let path: string | null = null;
  let file: FileHandle | null = null;
  let fileParts = 0;
  let inFile = false;
  let fileBytes = 0;
  let bodyBytes = 0;
  try {
    try {
      // destroyOnReturn false: leaving the loop early must not destroy the socket before the answer is sent.
      for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
        bodyBytes += chunk.length;
        if (bodyBytes > maxBodyBytes) throw bodyTooLarge(maxBodyBytes);
        for (const event of parser.write(chunk)) {
          if (event.type === 'part') {
            const name = dispositionParams(event.headers['content-disposition'] ?? '').name;
            inFile = name === FILE_FIELD;
            if (inFile && ++fileParts > 1) throw new HttpError(400, 'DUPLICATE_FILE', `Expected one "${FILE_FIELD}" field, got more`);
          } else if (event.type === 'data' && inFile) {
            hash.update(event.data);
            fileBytes += event.data.length;
            if (file === null && fileBytes > MEMORY_MAX_BYTES) {
              path = join(tmpdir(), `voicegate-upload-${randomUUID()}`);
              file = await open(path, 'wx', 0o600);
              for (const piece of pieces) await file.write(piece);
              pieces = [];
            }
            if (file) await file.write(event.data);
            else pieces.push(event.data);
          } else if (event.type === 'partEnd') inFile = false;
        }
      }
      parser.end();
    } catch (error) {
      if (error instanceof MultipartError) throw new HttpError(400, 'MALFORMED_MULTIPART', error.message);
      throw error;
    } finally {
      await file?.close();
    }
    if (fileParts === 0) throw new HttpError(400, 'MISSING_FILE', `Expected a multipart field named "${FILE_FIELD}" holding the audio`);
    const held = path === null ? { memory: Buffer.concat(pieces), path } : { memory: null, path };
    return { ...held, bytes: fileBytes, sha256: hash.digest('hex') };
  } catch (error) {
    if (path) await rm(path, { force: true });
    throw error;
  }
}
