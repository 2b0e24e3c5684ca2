import { mkdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Preset } from '../gate/preset.js';
import type { FileReport } from '../report/schema.js';
import { removeStaleSpills } from '../report/sortedSpill.js';
import { summaryRow, SummaryRows, writeSummary, type SummaryRow } from '../report/summary.js';
import { writeReport } from '../report/write.js';
import { writeEmbeddingsJsonl } from '../upload/index.js';
import { expandInputs, type InputFile, type InputProblem } from './inputs.js';
import { failureReport } from './failureReport.js';
import { presetSha256 } from './presetSha256.js';
import { processFile } from './processFile.js';
import { startUploadStage, type UploadCounts, type UploadSettings } from './upload.js';
import { WorkerPool } from './workerPool.js';

export interface RunProgress {
  done: number;
  total: number;
  rejected: number;
  /** The report just finished. */
  report: FileReport;
  elapsedS: number;
}

export interface RunOptions {
  out: string;
  /** Files processed at once (worker threads when running compiled code). Default: CPU count. */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (progress: RunProgress) => void;
  /** Called once the inputs are known, before any is processed. */
  onStart?: (info: { total: number; problems: InputProblem[] }) => void;
  /** Send accepted clips to the embedding API (null or absent: measure, judge and fix only). */
  upload?: UploadSettings | null;
}

/** Reports finished but still waiting for their uploads; beyond this, measuring waits for the uploader. */
const MAX_PENDING_UPLOADS = 64;

export interface RunResult {
  /** Inputs that got a report in this run. */
  done: number;
  /** The first FIRST_REJECTED_KEPT (summary.ts) rejected inputs, in the order they finished; every row is in summary.jsonl. */
  firstRejected: SummaryRow[];
  problems: InputProblem[];
  counts: Record<FileReport['verdict'], number>;
  /** True when the run was stopped before every input was processed (the reports written so far stand). */
  aborted: boolean;
  /** Null when uploading was off. */
  uploads: UploadCounts | null;
}

/** Refuses an output folder that would hold (and so could overwrite) one of the inputs. */
async function assertOutsideInputs(out: string, inputs: InputFile[]): Promise<void> {
  const root = path.resolve(out);
  for (const input of inputs) {
    const real = await realpath(input.path).catch(() => path.resolve(input.path));
    for (const sub of ['audio', 'reports']) {
      const folder = path.join(root, sub) + path.sep;
      if (real.startsWith(folder) || path.resolve(input.path).startsWith(folder)) {
        throw new Error(`The output folder ${out} contains the input ${input.path}: choose another --out so no input can be overwritten`);
      }
    }
  }
}

/**
 * The batch: expand inputs, process each (in parallel), write one report per input as soon as it is done,
 * then summary.jsonl and summary.csv. On abort, no new file is started, files in progress finish, and
 * everything finished is written.
 */
export async function runPipeline(inputArgs: string[], preset: Preset, options: RunOptions): Promise<RunResult> {
  const { inputs, problems } = await expandInputs(inputArgs);
  await assertOutsideInputs(options.out, inputs);
  options.onStart?.({ total: inputs.length, problems });
  const sha = presetSha256(preset);
  const concurrency = Math.max(1, options.concurrency ?? (await import('node:os')).availableParallelism());
  await mkdir(options.out, { recursive: true });
  await removeStaleSpills(options.out);
  // Before the workers start: a bad endpoint or key must fail the run without leaving threads behind.
  const stage = options.upload ? await startUploadStage(options.upload, options.out, options.signal) : null;
  const pool = WorkerPool.available() && inputs.length > 1 && concurrency > 1 ? new WorkerPool(Math.min(concurrency, inputs.length)) : null;
  // Rows go to disk past a few thousand, so memory does not grow with the number of inputs.
  const rows = new SummaryRows(options.out);
  const started = Date.now();
  let next = 0;

  const processOne = async (input: InputFile): Promise<FileReport> => {
    const processOptions = { out: options.out, presetSha256: sha };
    try {
      return pool ? await pool.run({ input, preset, options: processOptions }) : await processFile(input, preset, { ...processOptions, signal: options.signal });
    } catch (error) {
      if (options.signal?.aborted && !pool) throw error;
      return failureReport(input, { name: preset.name, sha256: sha }, (error as Error).message);
    }
  };

  const pending = new Set<Promise<void>>();
  let failure: unknown = null;

  const finish = async (report: FileReport): Promise<void> => {
    if (stage) report.upload = await stage.uploadReport(report, options.out);
    await writeReport(options.out, report);
    await rows.add(summaryRow(report));
    options.onProgress?.({ done: rows.size, total: inputs.length, rejected: rows.counts.reject, report, elapsedS: (Date.now() - started) / 1000 });
  };

  const lane = async (): Promise<void> => {
    while (next < inputs.length && !options.signal?.aborted && failure === null) {
      const input = inputs[next++]!;
      let report: FileReport;
      try {
        report = await processOne(input);
      } catch {
        return; // aborted mid-file in-process: that file has no report yet and will be processed on the next run
      }
      // Uploads overlap with measuring the next files; a journal or disk failure stops the batch.
      const task = finish(report).then(
        () => void pending.delete(task),
        (error: unknown) => {
          pending.delete(task);
          failure ??= error;
        },
      );
      pending.add(task);
      while (pending.size >= MAX_PENDING_UPLOADS) await Promise.race(pending);
    }
  };

  try {
    try {
      // With workers, each holds its next file too (WorkerPool.capacity), so none waits for this thread.
      const lanes = pool ? pool.capacity : concurrency;
      await Promise.all(Array.from({ length: Math.min(lanes, Math.max(1, inputs.length)) }, lane));
      // Every file is measured: the workers' heaps go before the last uploads drain, not after.
      await pool?.close();
      await Promise.all(pending);
    } finally {
      await pool?.close();
      await stage?.close();
    }
    if (failure !== null) throw failure;
    await writeSummary(options.out, rows);
    if (stage) await writeEmbeddingsJsonl(options.out, stage.embeddings());
  } finally {
    await rows.dispose();
    await stage?.dispose();
  }
  return { done: rows.size, firstRejected: rows.firstRejected, problems, counts: rows.counts, aborted: rows.size < inputs.length, uploads: stage?.counts() ?? null };
}
