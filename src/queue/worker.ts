import { open } from 'node:fs/promises';
import path from 'node:path';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Preset } from '../gate/preset.js';
import type { InputFile } from '../pipeline/inputs.js';
import { processFile } from '../pipeline/processFile.js';
import { WorkerPool } from '../pipeline/workerPool.js';
import type { FileReport } from '../report/schema.js';
import { writeReport } from '../report/write.js';
import { failureReport } from '../pipeline/failureReport.js';
import { FILE_JOB, jobDataSchema, type JobData, type JobResult } from './job.js';
import { RedisJournal } from './journal.js';
import { PresetCache } from './presets.js';
import { QueueUploads } from './uploads.js';

export interface QueueWorkerOptions {
  redis: Redis;
  queue: string;
  /** Files processed at once (worker threads when running compiled code). */
  concurrency: number;
  /** This worker's API key for jobs that name an endpoint. */
  apiKey: string | null;
  /**
   * How long a job stays locked without renewal before another worker may take it over: a SIGKILLed worker's
   * jobs start again after about this long (BullMQ's lockDuration and stalledInterval). Default 30 s.
   */
  lockDurationMs?: number;
  onJob?(event: { id: string; relativePath: string; verdict: JobResult['verdict'] | null; error: string | null; final: boolean }): void;
  onWarning?(message: string): void;
}

export interface QueueWorker {
  /** Stops taking jobs, lets the active ones finish (report and journal written), then closes everything. */
  close(): Promise<void>;
}

export const DEFAULT_LOCK_DURATION_MS = 30_000;

/** fsync a file or folder, so an acknowledged job's report survives a power cut of the shared folder's host. */
async function syncPath(target: string): Promise<void> {
  const handle = await open(target, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeDurably(out: string, report: FileReport): Promise<string> {
  await Promise.all(report.outputs.map((o) => syncPath(path.join(out, o.path))));
  const target = await writeReport(out, report);
  await syncPath(target);
  await syncPath(path.dirname(target));
  return target;
}

function finalAttempt(job: Job, error: unknown): boolean {
  return error instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/**
 * Takes jobs from the queue and runs each like `voicegate run` does one file: decode → measure → judge → fix
 * (processFile, in worker threads), upload the accepted clips (Redis journal, shared rate), then the report.
 * BullMQ marks a job done only when this returns, i.e. after its report and journal entries are durable.
 */
export function startQueueWorker(options: QueueWorkerOptions): QueueWorker {
  const presets = new PresetCache(options.redis, options.queue);
  const uploads = new QueueUploads({ redis: options.redis, journal: new RedisJournal(options.redis), apiKey: options.apiKey, onWarning: options.onWarning });
  // Threads even for one file at a time: the main thread stays free to renew job locks and talk to the API.
  const pool = WorkerPool.available() ? new WorkerPool(options.concurrency) : null;

  const measure = (input: InputFile, preset: Preset, data: JobData): Promise<FileReport> => {
    const processOptions = { out: data.out, presetSha256: data.presetSha256 };
    return pool ? pool.run({ input, preset, options: processOptions }) : processFile(input, preset, processOptions);
  };

  const run = async (job: Job, data: JobData): Promise<JobResult> => {
    const preset = await presets.get(data.presetSha256);
    if (!preset) throw new UnrecoverableError(`Expected the preset ${data.presetSha256} in the queue's Redis; enqueue the files again`);
    const report = await measure(data.input, preset, data);
    if (data.upload) report.upload = await uploads.uploadReport(report, data.out, data.upload);
    const target = await writeDurably(data.out, report);
    return { verdict: report.verdict, report: path.relative(data.out, target).split(path.sep).join('/') };
  };

  const worker = new Worker<unknown, JobResult>(
    options.queue,
    async (job) => {
      const parsed = jobDataSchema.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`Expected a voicegate ${FILE_JOB} job: ${z.prettifyError(parsed.error)}`);
      const data = parsed.data;
      try {
        return await run(job, data);
      } catch (error) {
        // The last attempt leaves a report with the cause, so the summary shows the file instead of dropping it.
        if (finalAttempt(job, error)) {
          const preset = await presets.get(data.presetSha256).catch(() => null);
          const pipeline = { name: preset?.name ?? 'unknown', sha256: data.presetSha256 };
          await writeDurably(data.out, failureReport(data.input, pipeline, (error as Error).message)).catch(() => undefined);
        }
        throw error;
      }
    },
    {
      connection: options.redis,
      concurrency: options.concurrency,
      lockDuration: options.lockDurationMs ?? DEFAULT_LOCK_DURATION_MS,
      stalledInterval: options.lockDurationMs ?? DEFAULT_LOCK_DURATION_MS,
      // A job whose worker died twice is given up rather than passed around forever.
      maxStalledCount: 2,
    },
  );

  const relativePathOf = (job: Job | undefined): string => {
    const parsed = jobDataSchema.safeParse(job?.data);
    return parsed.success ? parsed.data.input.relativePath : String(job?.id ?? '?');
  };
  worker.on('completed', (job, result) => options.onJob?.({ id: String(job.id), relativePath: relativePathOf(job), verdict: result.verdict, error: null, final: true }));
  worker.on('failed', (job, error) => {
    const final = job ? job.attemptsMade >= (job.opts.attempts ?? 1) || error instanceof UnrecoverableError : true;
    options.onJob?.({ id: String(job?.id ?? '?'), relativePath: relativePathOf(job), verdict: null, error: error.message, final });
  });
  worker.on('error', (error) => options.onWarning?.(`queue worker: ${error.message}`));

  return {
    async close() {
      try {
        await worker.close();
      } finally {
        await uploads.close();
        await pool?.close();
      }
    },
  };
}
