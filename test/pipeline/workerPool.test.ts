import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPreset, type Preset } from '../../src/gate/index.js';
import type * as WorkerPoolModule from '../../src/pipeline/workerPool.js';
import { tempDir, type TempDir } from '../decode/collect.js';

// The pool runs compiled workers: import it from dist/ (npm test builds before running vitest).
const { JobCancelledError, WorkerPool } = (await import(path.resolve('dist/pipeline/workerPool.js'))) as typeof WorkerPoolModule;

const clips = ['1688-142285-0003', '1688-142285-0004', '3080-5032-0000', '3080-5032-0001', '3331-159605-0001'].map((name) =>
  path.resolve('test/fixtures/speech', `${name}.wav`),
);

let temp: TempDir;
let preset: Preset;
beforeAll(async () => {
  temp = await tempDir('pool');
  preset = await loadPreset('dataset');
});
afterAll(() => temp.remove());

function job(file: string) {
  return { input: { path: file, relativePath: path.basename(file) }, preset, options: { out: temp.path, presetSha256: 'test' } };
}

describe('WorkerPool', () => {
  it('has room for two jobs per worker and returns every report for its own file', async () => {
    const pool = new WorkerPool(2);
    try {
      expect(pool.capacity).toBe(4);
      const reports = await Promise.all(clips.map((file) => pool.run(job(file))));
      expect(reports.map((r) => r.input.path)).toEqual(clips);
      for (const report of reports) expect(report.metrics?.durationS).toBeGreaterThan(1);
    } finally {
      await pool.close();
    }
  });

  it('cancelQueued takes back the jobs not started (held by the worker or waiting for one); the running job finishes', async () => {
    const pool = new WorkerPool(1);
    try {
      const runs = clips.slice(0, 3).map((file) => pool.run(job(file)));
      // Job 0 runs, job 1 sits in the worker's queue, job 2 waits for room.
      await new Promise((resolve) => setTimeout(resolve, 20));
      pool.cancelQueued();
      const [first, ...rest] = await Promise.allSettled(runs);
      expect(first).toMatchObject({ status: 'fulfilled', value: { input: { path: clips[0] } } });
      for (const outcome of rest) {
        expect(outcome.status).toBe('rejected');
        expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(JobCancelledError);
      }
    } finally {
      await pool.close();
    }
  });
});
