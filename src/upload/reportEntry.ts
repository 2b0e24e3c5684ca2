import type { UploadEntry } from '../report/schema.js';
import type { UploadResult } from './uploader.js';

/**
 * An upload result as the file report stores it: a journal hit counts as uploaded (the report describes the
 * clip, not this run), and attempts are kept only for failures, so a resumed run writes the same report.
 * `endpointLabel` replaces the base URL, e.g. "local" for the built-in server.
 */
export function toUploadEntry(path: string, result: UploadResult, endpointLabel: string = result.endpoint): UploadEntry {
  const entry: UploadEntry = {
    path,
    sha256: result.sha256,
    status: result.status === 'skipped-journal' ? 'uploaded' : result.status,
    endpoint: endpointLabel,
  };
  if (result.id !== undefined) entry.id = result.id;
  if (result.embedding !== undefined) entry.embedding = result.embedding;
  if (result.error) entry.error = { code: result.error.code, message: result.error.message };
  if (result.status === 'failed') entry.attempts = result.attempts.map((a) => ({ ...a }));
  return entry;
}
