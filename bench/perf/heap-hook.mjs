// Preloaded with `node --expose-gc --import` by the benchmark: once a second, collects garbage on the main thread
// and records the live heap left; writes its maximum (MB) to $VOICEGATE_BENCH_HEAP_FILE at
// exit. What stays live is what a run keeps per input, which must not grow with the number of inputs.
import { writeFileSync } from 'node:fs';
import { setInterval } from 'node:timers';
import { isMainThread } from 'node:worker_threads';

const file = process.env.VOICEGATE_BENCH_HEAP_FILE;
if (file && isMainThread && typeof globalThis.gc === 'function') {
  let maxMb = 0;
  const timer = setInterval(() => {
    globalThis.gc();
    maxMb = Math.max(maxMb, process.memoryUsage().heapUsed / 1048576);
  }, 1000);
  timer.unref();
  process.on('exit', () => writeFileSync(file, JSON.stringify({ maxMb })));
}
