import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Preset } from '../gate/preset.js';
import { expandInputs, type InputProblem } from '../pipeline/inputs.js';
import { FILE_JOB, fileJobId, type JobData, type JobUpload } from './job.js';
import { outputsKey } from './keys.js';
import { storePreset } from './presets.js';

export interface EnqueueOptions {
  redis: Redis;
  queue: Queue;
  /** Shared output folder, the same path on every worker's machine. */
  out: string;
  preset: Preset;
  upload: JobUpload | null;
  /** Job attempts before a file fails for good (crashes, disk or Redis errors; a bad file is a report, not a failure). */
  attempts?: number;
}

export interface EnqueueResult {
  /** Inputs found. */
  files: number;
  added: number;
  /** Already in the queue (waiting, active, done or failed) from an earlier enqueue. */
  alreadyQueued: number;
  /** Inputs with the same bytes as an earlier input of this call: one job covers the content. */
  sameContent: Array<{ path: string; sameAs: string }>;
  problems: InputProblem[];
}

const BATCH = 500;
export const DEFAULT_JOB_ATTEMPTS = 3;

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/** Same guard as `voicegate run`: a fix may replace files under out/audio, so no input may live there. */
async function assertOutsideInputs(out: string, inputPath: string): Promise<void> {
  const real = await realpath(inputPath).catch(() => inputPath);
  for (const sub of ['audio', 'reports']) {
    if (real.startsWith(path.join(out, sub) + path.sep)) {
      throw new Error(`The output folder ${out} contains the input ${inputPath}: choose another --out so no input can be overwritten`);
    }
  }
}

/**
 * Walks the inputs and adds one job per distinct content (job id: content sha256 + preset), so enqueueing the
 * same files again adds nothing. Paths are made absolute: workers elsewhere open them on the shared mount.
 */
export async function enqueueInputs(args: string[], options: EnqueueOptions): Promise<EnqueueResult> {
  const out = path.resolve(options.out);
  const { inputs, problems } = await expandInputs(args);
  const presetSha256 = await storePreset(options.redis, options.queue.name, options.preset);
  await options.redis.sadd(outputsKey(options.queue.name), out);
  const firstPathOf = new Map<string, string>();
  const sameContent: EnqueueResult['sameContent'] = [];
  const jobs: Array<{ name: string; data: JobData; opts: { jobId: string } }> = [];
  for (const input of inputs) {
    const absolute = path.resolve(input.path);
    await assertOutsideInputs(out, absolute);
    let sha256: string;
    try {
      sha256 = await sha256OfFile(absolute);
    } catch (error) {
      problems.push({ path: input.path, message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; not queued` });
      continue;
    }
    const first = firstPathOf.get(sha256);
    if (first !== undefined) {
      sameContent.push({ path: input.path, sameAs: first });
      continue;
    }
    firstPathOf.set(sha256, input.path);
    const data: JobData = { input: { path: absolute, relativePath: input.relativePath }, sha256, out, presetSha256, upload: options.upload };
    jobs.push({ name: FILE_JOB, data, opts: { jobId: fileJobId(sha256, presetSha256) } });
  }
  const before = await totalJobs(options.queue);
  const defaults = { attempts: options.attempts ?? DEFAULT_JOB_ATTEMPTS, backoff: { type: 'exponential', delay: 2_000 } };
  for (let i = 0; i < jobs.length; i += BATCH) {
    await options.queue.addBulk(jobs.slice(i, i + BATCH).map((j) => ({ ...j, opts: { ...defaults, ...j.opts } })));
  }
  // BullMQ returns the existing job for a known id without saying so; the job total tells what was new.
  const added = (await totalJobs(options.queue)) - before;
  return { files: inputs.length, added, alreadyQueued: jobs.length - added, sameContent, problems };
}

async function totalJobs(queue: Queue): Promise<number> {
  const counts = await queue.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized', 'waiting-children');
  return Object.values(counts).reduce((a, b) => a + b, 0);
}
