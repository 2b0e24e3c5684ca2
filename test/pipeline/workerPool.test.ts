import { describe, expect, it } from 'vitest';
import type { Preset } from '../../src/gate/preset.js';
import { JOBS_PER_WORKER, WorkerPool } from '../../src/pipeline/workerPool.js';

const STAND_IN = new URL('../helpers/poolWorker.mjs', import.meta.url);
const job = (path: string) => ({ input: { path, relativePath: path }, preset: {} as Preset, options: { out: '/nowhere', presetSha256: '' } });

describe('WorkerPool', () => {
  it('keeps JOBS_PER_WORKER jobs per worker and returns every report', async () => {
    const pool = new WorkerPool(2, STAND_IN);
    expect(pool.capacity).toBe(2 * JOBS_PER_WORKER);
    const reports = await Promise.all(Array.from({ length: 9 }, (_, n) => pool.run(job(`clip-${n}.wav`))));
    expect(reports.map((r) => r.input.path)).toEqual(Array.from({ length: 9 }, (_, n) => `clip-${n}.wav`));
    await pool.close();
  });

  it('a worker that dies fails only the job it was running; the one queued behind it runs on a fresh worker', async () => {
    const pool = new WorkerPool(1, STAND_IN);
    const outcomes = await Promise.allSettled(['a.wav', 'crash', 'b.wav', 'c.wav'].map((p) => pool.run(job(p))));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason.message).toMatch(/exited with code 3/);
    await pool.close();
  }, 10_000);
});
