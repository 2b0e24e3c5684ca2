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

if (parentPort) {
  const port = parentPort;
  port.on('message', (job: WorkerJob) => {
    processFile(job.input, job.preset, job.options).then(
      (report) => port.postMessage({ id: job.id, report }),
      (error: unknown) => port.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
}
