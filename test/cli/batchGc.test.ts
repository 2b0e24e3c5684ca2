import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// In a child process: the settings are process-wide, and the test runner's own collector must keep its defaults.
const script = `
  const { tuneGcForBatch } = await import(${JSON.stringify(path.resolve('dist/cli/batchGc.js'))});
  const { PerformanceObserver, constants } = await import('node:perf_hooks');
  const { Worker } = await import('node:worker_threads');
  tuneGcForBatch();
  let minor = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.detail.kind === constants.NODE_PERFORMANCE_GC_MINOR) minor++;
  });
  observer.observe({ entryTypes: ['gc'] });
  const worker = new Worker('require("node:worker_threads").parentPort.postMessage(typeof gc)', { eval: true, execArgv: [] });
  const workerGc = await new Promise((resolve) => worker.once('message', resolve));
  await worker.terminate();
  await new Promise((resolve) => setTimeout(resolve, 500));
  observer.disconnect();
  console.log(JSON.stringify({ mainGc: typeof globalThis.gc, workerGc, minor }));`;

describe('tuneGcForBatch', () => {
  it('collects the young generation every 50 ms without keeping the process alive, and exposes no gc global', async () => {
    // A timer that kept the process alive would make this call time out.
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { timeout: 20_000 });
    const result = JSON.parse(stdout) as { mainGc: string; workerGc: string; minor: number };
    expect(result.mainGc).toBe('undefined');
    expect(result.workerGc).toBe('undefined');
    // 500 ms of an idle process: V8 alone collects nothing here.
    expect(result.minor).toBeGreaterThanOrEqual(6);
  });
});
