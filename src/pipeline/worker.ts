import { parentPort } from 'node:worker_threads';
import type { Preset } from '../gate/preset.js';
import type { FileReport } from '../report/schema.js';
import type { InputFile } from './inputs.js';
import { processFile, type ProcessOptions } from './processFile.js';

export interface WorkerJob {
  id: number;
  input: InputFile;
  preset: Preset;
  options: Omit<ProcessOptions, 'signal'>;
}

export type WorkerMessage = { type: 'job'; job: WorkerJob } | { type: 'cancel' };
export type WorkerReply = { id: number; report: FileReport } | { id: number; error: string } | { id: number; cancelled: true };

if (parentPort) {
  const port = parentPort;
  const queue: WorkerJob[] = [];
  let running = false;

  const drain = async (): Promise<void> => {
    running = true;
    for (let job = queue.shift(); job; job = queue.shift()) {
      const reply: WorkerReply = await processFile(job.input, job.preset, job.options).then(
        (report) => ({ id: job!.id, report }),
        (error: unknown) => ({ id: job!.id, error: error instanceof Error ? error.message : String(error) }),
      );
      port.postMessage(reply);
    }
    running = false;
  };

  port.on('message', (message: WorkerMessage) => {
    if (message.type === 'cancel') {
      for (const job of queue.splice(0)) port.postMessage({ id: job.id, cancelled: true } satisfies WorkerReply);
      return;
    }
    queue.push(message.job);
    if (!running) void drain();
  });
}
