import { expect, test } from 'vitest';
import { uploadEntrySchema } from '../../src/report/schema.js';
import { toUploadEntry, type UploadResult } from '../../src/upload/index.js';

const sha256 = 'a'.repeat(64);
const embedding = Array.from({ length: 192 }, (_, i) => i / 192);
const attempt = { attempt: 1, startedAt: 1_700_000_000_000, ms: 12, status: 503, code: 'UPLOAD_HTTP_STATUS' as const, retryAfterMs: null };
const base = { sha256, endpoint: 'https://api.example.com' };

test.each<[string, UploadResult, Record<string, unknown>]>([
  ['uploaded', { ...base, status: 'uploaded', id: 'v1', embedding, attempts: [{ ...attempt, status: 200, code: null }] }, { status: 'uploaded', id: 'v1', attempts: undefined }],
  ['journal hit', { ...base, status: 'skipped-journal', id: 'v1', embedding, attempts: [] }, { status: 'uploaded', id: 'v1' }],
  ['failed', { ...base, status: 'failed', attempts: [attempt], error: { code: 'UPLOAD_HTTP_STATUS', message: 'HTTP 503' } }, { status: 'failed', attempts: [attempt] }],
  ['not sent', { ...base, sha256: null, status: 'not-sent', attempts: [], error: { code: 'UPLOAD_TOO_LONG', message: 'too long' } }, { status: 'not-sent', sha256: null, attempts: undefined }],
  ['dry run', { ...base, status: 'dry-run', attempts: [] }, { status: 'dry-run', id: undefined }],
])('%s becomes a valid report entry', (_name, result, expected) => {
  const entry = toUploadEntry('clips/a.wav', result, 'local');
  expect(uploadEntrySchema.parse(entry)).toEqual(entry);
  expect(entry).toMatchObject({ path: 'clips/a.wav', endpoint: 'local' });
  for (const [key, value] of Object.entries(expected)) expect(entry[key as keyof typeof entry]).toEqual(value);
});
