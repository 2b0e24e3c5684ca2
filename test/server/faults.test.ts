import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { createFaultPlan } from '../../src/server/faults.js';
import { startEmbeddingServer, resolveServerOptions, type ServerOptions, type ServerStats } from '../../src/server/index.js';
import { whiteNoise } from '../helpers/signals.js';
import { wavBytes } from '../helpers/wavBytes.js';
import { postFile } from './client.js';

const REQUESTS = 1000;
const RATES = { failRate: 0.2, resetRate: 0.1, garbageRate: 0.1 };

/** Distinct small clips, so each valid answer can be traced to its file. */
const CLIPS = Array.from({ length: REQUESTS }, (_, i) => wavBytes({ sampleRateHz: 8000, channels: [whiteNoise(0.1, 0.1, 8000, i + 1)] }));

type Outcome = 'valid' | 'garbage' | 'reset' | '500' | '503' | 'other';

function classify(status: number, text: string): Outcome {
  if (status === 500 || status === 503) return String(status) as Outcome;
  if (status !== 200) return 'other';
  try {
    const { id, embedding } = JSON.parse(text) as { id: unknown; embedding: unknown };
    const valid = typeof id === 'string' && Array.isArray(embedding) && embedding.length === 192 && embedding.every(Number.isFinite);
    return valid ? 'valid' : 'garbage';
  } catch {
    return 'garbage';
  }
}

async function run(options: ServerOptions): Promise<{ outcomes: Outcome[]; stats: ServerStats }> {
  const server = await startEmbeddingServer(options);
  const outcomes: Outcome[] = [];
  try {
    for (const clip of CLIPS) {
      try {
        const answer = await postFile(server.url, clip);
        outcomes.push(classify(answer.status, answer.text));
      } catch {
        outcomes.push('reset');
      }
    }
    return { outcomes, stats: server.stats() };
  } finally {
    await server.close();
  }
}

function share(outcomes: Outcome[], ...kinds: Outcome[]): number {
  return outcomes.filter((o) => kinds.includes(o)).length / outcomes.length;
}

describe('fault injection over 1000 requests', () => {
  test('meets the configured shares within ±5 points, counts them, and replays with the same seed', async () => {
    const { outcomes, stats } = await run({ ...RATES, seed: 7 });
    expect(Math.abs(share(outcomes, 'reset') - RATES.resetRate)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(share(outcomes, '500', '503') - RATES.failRate)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(share(outcomes, '500') - share(outcomes, '503'))).toBeLessThanOrEqual(0.05);
    expect(Math.abs(share(outcomes, 'garbage') - RATES.garbageRate)).toBeLessThanOrEqual(0.05);
    expect(share(outcomes, 'other')).toBe(0);

    // The server's books agree with what the client saw, and only valid answers count as embedded.
    const count = (kind: Outcome): number => outcomes.filter((o) => o === kind).length;
    expect(stats.requests).toBe(REQUESTS);
    expect(stats.byStatus).toEqual({ '200': count('valid'), '500': count('500'), '503': count('503'), reset: count('reset'), garbage: count('garbage') });
    expect(stats.accepted).toBe(count('valid'));
    const validHashes = CLIPS.filter((_, i) => outcomes[i] === 'valid').map((clip) => createHash('sha256').update(clip).digest('hex'));
    expect(stats.embeddedBySha256).toEqual(Object.fromEntries(validHashes.map((hash) => [hash, 1])));

    const replay = await run({ ...RATES, seed: 7 });
    expect(replay.outcomes).toEqual(outcomes);
    const otherSeed = await run({ ...RATES, seed: 8 });
    expect(otherSeed.outcomes).not.toEqual(outcomes);
  });
});

describe('fault plan', () => {
  test('latency jitter stays in [min, max], replays, and never changes which requests fail', () => {
    const draws = (latencyMs: ServerOptions['latencyMs']) => {
      const plan = createFaultPlan(resolveServerOptions({ ...RATES, seed: 3, latencyMs }));
      return Array.from({ length: 500 }, () => plan.next());
    };
    const jittered = draws([5, 15]);
    expect(jittered.every(({ latencyMs }) => latencyMs >= 5 && latencyMs <= 15)).toBe(true);
    expect(new Set(jittered.map(({ latencyMs }) => Math.floor(latencyMs))).size).toBe(10);
    expect(draws([5, 15])).toEqual(jittered);
    expect(draws(40).map(({ fault }) => fault)).toEqual(jittered.map(({ fault }) => fault));
    expect(draws(40).every(({ latencyMs }) => latencyMs === 40)).toBe(true);
  });

  test('no faults unless asked for', () => {
    const plan = createFaultPlan(resolveServerOptions({}));
    expect(Array.from({ length: 100 }, () => plan.next().fault).every((f) => f === 'none')).toBe(true);
  });
});
