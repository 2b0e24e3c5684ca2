import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** How often the main thread's young generation is collected during a batch. */
const MINOR_GC_INTERVAL_MS = 50;

/**
 * Garbage-collector settings of the batch commands (`run`, `worker`), measured on 600 clips, 2 workers, 2 cores,
 * alternating with the defaults. Both only change when the collector works, never what the program computes.
 *
 * 1. No concurrent marking, for the whole process, workers included. The analysis workers churn through typed
 *    arrays whose memory lives outside the V8 heap: that churn starts a full marking cycle every few clips, and
 *    on a machine whose cores the batch already fills the marking threads compete with the analysis (4 V8
 *    helper threads took 9–11 s of the 29 s of CPU). Marked on the JS threads instead: 14.0 / 14.0 → 10.8 /
 *    11.0 s wall, 26.5 / 26.6 → 20.2 / 20.6 s CPU.
 * 2. A young-generation collection on the main thread every MINOR_GC_INTERVAL_MS. Uploads and the built-in
 *    server allocate ~1.5 MB of buffers per clip there but few JS objects, so V8 seldom collects on its own and
 *    the dead buffers piled up in the C heap (its malloc arena at peak: 66 MB with uploads, 5 MB without). Each
 *    collection takes well under a millisecond; peak RSS 256 / 269 → 215 / 217 MB at the same wall and CPU.
 *    `gc` is reached through a context created while --expose-gc is set, and the flag is cleared again so no
 *    other context (the workers' included) sees a `gc` global.
 */
export function tuneGcForBatch(): void {
  setFlagsFromString('--no-concurrent-marking');
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (options: { type: 'minor' }) => void;
  setFlagsFromString('--no-expose-gc');
  setInterval(() => gc({ type: 'minor' }), MINOR_GC_INTERVAL_MS).unref();
}
