// A stand-in for src/pipeline/worker.ts in the WorkerPool tests: the same one-job-at-a-time protocol, with
// jobs that finish after a few milliseconds, and an input path 'crash' that kills the thread.
import { parentPort } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';

const queue = [];
let running = false;
async function work() {
  running = true;
  for (let job = queue.shift(); job; job = queue.shift()) {
    await sleep(20);
    if (job.input.path === 'crash') process.exit(3);
    parentPort.postMessage({ id: job.id, report: { input: job.input } });
  }
  running = false;
}
parentPort.on('message', (job) => {
  queue.push(job);
  if (!running) void work();
});
