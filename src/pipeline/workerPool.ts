import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { FileReport } from '../report/schema.js';
import type { WorkerJob } from './worker.js';

/**
 * A worker's young generation (V8 sizes each semi-space at a third of it). Left to V8 it grows to 16 MB of
 * touched pages per worker; a file's work is mostly short-lived typed arrays whose data lives outside the V8
 * heap, so 6 MB saves ~25 MB of peak RSS with 2 workers for ~2 % more CPU in scavenges (--trace-gc, 600 clips).
 */
const WORKER_YOUNG_GENERATION_MB = 6;

/**
 * Jobs a worker holds at once: the one it runs and the next (it works through them one at a time). With only
 * one, a worker that finished waits for the main thread, which may be busy sending uploads, to hand it the next.
 */
export const JOBS_PER_WORKER = 2;

interface Pending {
  job: WorkerJob;
  resolve: (report: FileReport) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  /** Ids of the jobs sent to it, in order: the first is the one it is running. */
  jobs: number[];
}

/**
 * A fixed set of worker threads that take file paths (never PCM) and return reports. Only available when
 * running compiled JavaScript (dist/); from TypeScript sources the pipeline runs in-process instead.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  /** Jobs not sent to a worker yet, oldest first. */
  private readonly queued: number[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private closed = false;

  static available(): boolean {
    return import.meta.url.endsWith('.js') && existsSync(new URL('./worker.js', import.meta.url));
  }

  /** `entry`: the worker script (tests pass a stand-in); by default ./worker.js, which runs processFile. */
  constructor(
    size: number,
    private readonly entry: URL = new URL('./worker.js', import.meta.url),
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  /** Jobs the pool keeps going at once; callers that submit more wait in its queue. */
  get capacity(): number {
    return this.slots.length * JOBS_PER_WORKER;
  }

  private spawn(): Slot {
    const worker = new Worker(this.entry, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
    const slot: Slot = { worker, jobs: [] };
    worker.on('message', (message: { id: number; report?: FileReport; error?: string }) => {
      slot.jobs = slot.jobs.filter((id) => id !== message.id);
      const entry = this.pending.get(message.id);
      this.pending.delete(message.id);
      this.pump();
      if (!entry) return;
      if (message.report) entry.resolve(message.report);
      else entry.reject(new Error(message.error ?? 'worker failed'));
    });
    worker.on('error', (error) => this.replace(slot, error));
    worker.on('exit', (code) => {
      if (!this.closed && code !== 0) this.replace(slot, new Error(`worker exited with code ${code}`));
    });
    return slot;
  }

  /**
   * A worker that died takes only the job it was running with it: that job fails, the ones waiting behind it
   * go back to the front of the queue, and a fresh worker takes its place.
   */
  private replace(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    const [running, ...waiting] = slot.jobs;
    slot.jobs = [];
    if (running !== undefined) {
      this.pending.get(running)?.reject(error);
      this.pending.delete(running);
    }
    this.queued.unshift(...waiting);
    if (this.closed) {
      this.slots.splice(index, 1);
      return;
    }
    this.slots[index] = this.spawn();
    this.pump();
  }

  /** Sends queued jobs to the workers holding the fewest, up to JOBS_PER_WORKER each. */
  private pump(): void {
    while (this.queued.length > 0) {
      let best: Slot | null = null;
      for (const slot of this.slots) if (slot.jobs.length < JOBS_PER_WORKER && (!best || slot.jobs.length < best.jobs.length)) best = slot;
      if (!best) return;
      const id = this.queued.shift()!;
      best.jobs.push(id);
      best.worker.postMessage(this.pending.get(id)!.job);
    }
  }

  run(job: Omit<WorkerJob, 'id'>): Promise<FileReport> {
    const id = this.nextId++;
    return new Promise<FileReport>((resolve, reject) => {
      this.pending.set(id, { job: { ...job, id }, resolve, reject });
      this.queued.push(id);
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }
}
