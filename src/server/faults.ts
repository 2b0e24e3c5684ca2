import type { ResolvedServerOptions } from './options.js';
import { seededRandom } from './prng.js';

export type Fault = 'none' | 'reset' | '500' | '503' | 'garbage-json' | 'garbage-dimension';

export interface FaultPlan {
  /** One draw per admitted request, in arrival order. */
  next(): { fault: Fault; latencyMs: number };
}

/** Jitter comes from its own stream so that changing the latency never changes which requests fail. */
const LATENCY_STREAM = 0x9e3779b9;

export function createFaultPlan(options: ResolvedServerOptions): FaultPlan {
  const { resetRate, failRate, garbageRate, seed } = options;
  const [minLatencyMs, maxLatencyMs] = options.latencyMs;
  const draw = seededRandom(seed);
  const jitter = seededRandom(seed ^ LATENCY_STREAM);
  // Each share is split in half by where the draw falls inside it, so a single draw decides the request.
  const pick = (u: number): Fault => {
    if (u < resetRate) return 'reset';
    if (u < resetRate + failRate) return u < resetRate + failRate / 2 ? '500' : '503';
    const garbageStart = resetRate + failRate;
    if (u < garbageStart + garbageRate) return u < garbageStart + garbageRate / 2 ? 'garbage-json' : 'garbage-dimension';
    return 'none';
  };
  return {
    next() {
      const fault = pick(draw());
      const latencyMs = minLatencyMs === maxLatencyMs ? minLatencyMs : minLatencyMs + (maxLatencyMs - minLatencyMs) * jitter();
      return { fault, latencyMs };
    },
  };
}
