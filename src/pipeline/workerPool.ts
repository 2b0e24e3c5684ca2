import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { FileReport } from '../report/schema.js';
import type { WorkerJob, WorkerMessage, WorkerReply } from './worker.js';

interface Pending {
  worker: Worker;
  resolve: (report: FileReport) => void;
  reject: (error: Error) => void;
}

/** A job taken back before its worker started it (see WorkerPool.cancelQueued): the file has no report yet. */
export class JobCancelledError extends Error {
  constructor() {
    super('cancelled before it started');
    this.name = 'JobCancelledError';
  }
}

/** Jobs a worker holds at once: the one it runs and the next, so it never waits for the main thread between files. */
const DEFAULT_DEPTH = 2;

/**
 * A fixed set of worker threads that take file paths (never PCM) and return reports. Each worker is handed
 * up to `depth` jobs and runs them one after another: the main thread also serves uploads (and the built-in
 * server's embeddings), and a worker that had to wait for it to hand over the next file sat idle a fifth of
 * the time. Only available when running compiled JavaScript (dist/); from TypeScript sources the pipeline
 * runs in-process instead.
 */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly load = new Map<Worker, number>();
  private readonly waiting: Array<{ resolve: (worker: Worker) => void; reject: (error: Error) => void }> = [];
  private readonly pending = new Map<number, Pending>();
  private readonly dead = new WeakSet<Worker>();
  private nextId = 0;
  private closed = false;

  static available(): boolean {
    return import.meta.url.endsWith('.js') && existsSync(new URL('./worker.js', import.meta.url));
  }

  constructor(
    size: number,
    private readonly depth = DEFAULT_DEPTH,
  ) {
    for (let i = 0; i < size; i++) this.add(this.spawn());
  }

  /** Jobs the pool holds at once (workers × depth): what a caller needs in flight to keep every worker busy. */
  get capacity(): number {
    return this.workers.length * this.depth;
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./worker.js', import.meta.url));
    worker.on('message', (message: WorkerReply) => {
      const entry = this.pending.get(message.id);
      this.pending.delete(message.id);
      this.load.set(worker, (this.load.get(worker) ?? 1) - 1);
      this.wake(worker);
      if (!entry) return;
      if ('report' in message) entry.resolve(message.report);
      else if ('cancelled' in message) entry.reject(new JobCancelledError());
      else entry.reject(new Error(message.error));
    });
    worker.on('error', (error) => this.replace(worker, error));
    worker.on('exit', (code) => {
      if (!this.closed && code !== 0) this.replace(worker, new Error(`worker exited with code ${code}`));
    });
    return worker;
  }

  private add(worker: Worker): void {
    this.workers.push(worker);
    this.load.set(worker, 0);
    this.wake(worker);
  }

  /** A worker that died takes only its own jobs with it: they fail, a fresh worker takes its place. */
  private replace(worker: Worker, error: Error): void {
    if (this.dead.has(worker)) return;
    this.dead.add(worker);
    this.workers.splice(this.workers.indexOf(worker), 1);
    this.load.delete(worker);
    for (const [id, entry] of this.pending) {
      if (entry.worker !== worker) continue;
      this.pending.delete(id);
      entry.reject(error);
    }
    if (!this.closed) this.add(this.spawn());
  }

  /** Hands a worker's free room to the longest-waiting callers. */
  private wake(worker: Worker): void {
    while ((this.load.get(worker) ?? this.depth) < this.depth && this.waiting.length > 0) {
      this.load.set(worker, this.load.get(worker)! + 1);
      this.waiting.shift()!.resolve(worker);
    }
  }

  /** The least loaded worker with room (its load already counted), or a wait for one. */
  private acquire(): Promise<Worker> {
    let best: Worker | null = null;
    for (const worker of this.workers) if (this.load.get(worker)! < this.depth && (!best || this.load.get(worker)! < this.load.get(best)!)) best = worker;
    if (best) {
      this.load.set(best, this.load.get(best)! + 1);
      return Promise.resolve(best);
    }
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  async run(job: Omit<WorkerJob, 'id'>): Promise<FileReport> {
    const worker = await this.acquire();
    const id = this.nextId++;
    return new Promise<FileReport>((resolve, reject) => {
      this.pending.set(id, { worker, resolve, reject });
      worker.postMessage({ type: 'job', job: { ...job, id } } satisfies WorkerMessage);
    });
  }

  /**
   * Takes back every job not started yet, those waiting for a worker and those a worker holds: those calls
   * reject with JobCancelledError. Jobs already running finish.
   */
  cancelQueued(): void {
    for (const waiter of this.waiting.splice(0)) waiter.reject(new JobCancelledError());
    for (const worker of this.workers) worker.postMessage({ type: 'cancel' } satisfies WorkerMessage);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
