import { parentPort } from 'node:worker_threads';
import type { Preset } from '../gate/preset.js';
import type { InputFile } from './inputs.js';
import { processFile, type ProcessOptions } from './processFile.js';

export interface WorkerJob {
  id: number;
  input: InputFile;
  preset: Preset;
  options: Omit<ProcessOptions, 'signal'>;
}

/** Jobs arrive ahead of time (the pool keeps the next one queued here) and run one at a time. */
if (parentPort) {
  const port = parentPort;
  const queue: WorkerJob[] = [];
  let running = false;
  const work = async (): Promise<void> => {
    running = true;
    for (let job = queue.shift(); job; job = queue.shift()) {
      try {
        port.postMessage({ id: job.id, report: await processFile(job.input, job.preset, job.options) });
      } catch (error) {
        port.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) });
      }
    }
    running = false;
  };
  port.on('message', (job: WorkerJob) => {
    queue.push(job);
    if (!running) void work();
  });
}
