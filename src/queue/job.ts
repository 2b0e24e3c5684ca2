import { z } from 'zod';

/** BullMQ job name of one input file. */
export const FILE_JOB = 'file';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** Upload settings of a queued run. No key: each worker reads its own (VOICEGATE_API_KEY or --api-key-file). */
export const jobUploadSchema = z.strictObject({
  /** Base URL; null: every worker starts the built-in server, journaled as "local". */
  endpoint: z.string().min(1).nullable(),
  /** Requests per window across all workers; null: unlimited. */
  rate: z.strictObject({ count: z.int().min(1), perMs: z.number().positive() }).nullable(),
  /** Requests in flight at once in one worker. */
  concurrency: z.int().min(1),
  maxAttempts: z.int().min(1),
  allowInsecure: z.boolean(),
});

export const jobDataSchema = z.strictObject({
  /** `path` is absolute: workers on other machines open it on the shared mount. */
  input: z.strictObject({ path: z.string().min(1), relativePath: z.string().min(1) }),
  /** Content hash when enqueued (part of the job id). */
  sha256: sha256Hex,
  /** Absolute output folder, shared by every worker. */
  out: z.string().min(1),
  presetSha256: sha256Hex,
  upload: jobUploadSchema.nullable(),
});

export type JobData = z.infer<typeof jobDataSchema>;
export type JobUpload = z.infer<typeof jobUploadSchema>;

/** What a finished job returns to BullMQ (kept with the completed job, shown by status). */
export interface JobResult {
  verdict: 'pass' | 'fixed' | 'reject';
  report: string;
}

/** Same content through the same preset is one job, however often it is enqueued. */
export function fileJobId(contentSha256: string, presetSha256: string): string {
  return `${contentSha256}.${presetSha256.slice(0, 16)}`;
}
