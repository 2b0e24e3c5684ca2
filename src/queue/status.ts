import type { Queue } from 'bullmq';
import { jobDataSchema } from './job.js';

export interface QueueSnapshot {
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  failed: number;
  total: number;
  /** Jobs finished per second over the last RATE_SAMPLE completions; null until two have finished. */
  ratePerS: number | null;
  /** Seconds until waiting + active + delayed are done at that rate. */
  etaS: number | null;
  /** The failed jobs' causes, newest first (at most `failuresShown`). */
  failures: Array<{ id: string; relativePath: string; reason: string }>;
}

const RATE_SAMPLE = 100;

export async function queueSnapshot(queue: Queue, failuresShown = 20): Promise<QueueSnapshot> {
  const counts = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'completed', 'failed');
  const waiting = (counts.waiting ?? 0) + (counts.prioritized ?? 0);
  const { active = 0, delayed = 0, completed = 0, failed = 0 } = counts;
  const recent = (await queue.getJobs(['completed'], 0, RATE_SAMPLE - 1, false)).map((j) => j.finishedOn ?? 0).filter((t) => t > 0);
  const spanMs = recent.length > 1 ? Math.max(...recent) - Math.min(...recent) : 0;
  const ratePerS = spanMs > 0 ? ((recent.length - 1) * 1000) / spanMs : null;
  const left = waiting + active + delayed;
  const failedJobs = failed > 0 ? await queue.getJobs(['failed'], 0, failuresShown - 1, false) : [];
  return {
    waiting,
    active,
    delayed,
    completed,
    failed,
    total: left + completed + failed,
    ratePerS,
    etaS: ratePerS ? left / ratePerS : left === 0 ? 0 : null,
    failures: failedJobs.map((job) => {
      const data = jobDataSchema.safeParse(job.data);
      return { id: String(job.id), relativePath: data.success ? data.data.input.relativePath : '?', reason: job.failedReason };
    }),
  };
}
