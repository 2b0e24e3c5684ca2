import { setFlagsFromString } from 'node:v8';

/**
 * The batch commands (`run`, `worker`) turn off V8's concurrent marking for the whole process, workers
 * included. A batch is CPU-bound on every core, and its analysis workers churn through typed arrays whose
 * memory lives outside the V8 heap: that churn starts a full marking cycle every few clips, and the marking
 * threads then compete with the analysis for the same cores (on 2 cores, 600 clips with 2 workers: 4 V8
 * helper threads took 9–11 s of the 29 s of CPU). Marked on the JS thread instead, the same batch took
 * 10.8 / 11.0 s wall and 20.2 / 20.6 s CPU against 14.0 / 14.0 s and 26.5 / 26.6 s, alternating; the price is
 * garbage freed later, +25–35 MB peak RSS (239–249 → 273–283 MB). Set before any worker starts; it only
 * changes when the collector does its work, never what the program computes.
 */
export function preferBatchThroughputGc(): void {
  setFlagsFromString('--no-concurrent-marking');
}
