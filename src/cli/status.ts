import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { connectRedis, DEFAULT_QUEUE, redactRedisUrl, redisUrlFrom } from '../queue/connection.js';
import { outputsKey } from '../queue/keys.js';
import { PresetCache } from '../queue/presets.js';
import { queueSnapshot, type QueueSnapshot } from '../queue/status.js';
import { rebuildSummary, writeMissingFailureReports } from '../queue/summary.js';
import { parseCommandArgs, positiveInteger } from './args.js';
import { EXIT } from './errors.js';
import { HELP } from './help.js';

function duration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const rest = `${String(Math.floor((s % 3600) / 60)).padStart(h > 0 ? 2 : 1, '0')}:${String(s % 60).padStart(2, '0')}`;
  return h > 0 ? `${h}:${rest}` : rest;
}

function statsLine(s: QueueSnapshot): string {
  const rate = s.ratePerS === null ? '-' : s.ratePerS.toFixed(1);
  return `${s.completed + s.failed}/${s.total} done: ${s.waiting} waiting, ${s.active} active, ${s.delayed} delayed (retry), ${s.completed} completed, ${s.failed} failed; ${rate} files/s, ETA ${duration(s.etaS)}`;
}

function bar(s: QueueSnapshot, columns: number): string {
  const width = Math.max(10, Math.min(40, columns - 70));
  const filled = s.total > 0 ? Math.round(((s.completed + s.failed) / s.total) * width) : width;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] `;
}

export async function runStatus(args: string[]): Promise<number> {
  const { values } = parseCommandArgs('status', args, {
    redis: { type: 'string' },
    queue: { type: 'string' },
    watch: { type: 'boolean', short: 'w' },
    interval: { type: 'string' },
    summary: { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(HELP.status);
    return EXIT.ok;
  }
  const intervalMs = positiveInteger('interval', values.interval) ?? 1_000;
  const url = redisUrlFrom(values.redis);
  const queueName = values.queue ?? DEFAULT_QUEUE;
  const redis = connectRedis(url, { persistent: Boolean(values.watch), onError: (m) => process.stderr.write(`voicegate: ${m}\n`) });
  const queue = new Queue(queueName, { connection: redis });
  // Connection trouble is reported once by connectRedis; BullMQ would print each failed attempt again.
  queue.on('error', () => undefined);
  const tty = process.stdout.isTTY === true && !values.json;
  try {
    let snapshot = await queueSnapshot(queue);
    let lastLineAt = 0;
    while (values.watch && snapshot.waiting + snapshot.active + snapshot.delayed > 0) {
      if (tty) process.stdout.write(`\r${bar(snapshot, process.stdout.columns ?? 80)}${statsLine(snapshot)}\x1b[K`);
      else if (!values.json && Date.now() - lastLineAt >= Math.max(intervalMs, 5_000)) {
        process.stdout.write(`${statsLine(snapshot)}\n`);
        lastLineAt = Date.now();
      }
      await sleep(intervalMs);
      snapshot = await queueSnapshot(queue);
    }
    const summaries: Array<{ out: string; reports: number; embeddings: number }> = [];
    if (values.summary) {
      await writeMissingFailureReports(queue, new PresetCache(redis, queueName));
      for (const out of (await redis.smembers(outputsKey(queueName))).sort()) summaries.push({ out, ...(await rebuildSummary(out)) });
    }
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ queue: queueName, ...snapshot, summaries }, null, 2)}\n`);
    } else {
      process.stdout.write(`${tty ? `\r${bar(snapshot, process.stdout.columns ?? 80)}` : ''}${statsLine(snapshot)}${tty ? '\x1b[K' : ''}\n`);
      process.stdout.write(`queue "${queueName}" at ${redactRedisUrl(url)}\n`);
      for (const f of snapshot.failures) process.stdout.write(`  failed  ${f.relativePath}: ${f.reason}\n`);
      for (const s of summaries) process.stdout.write(`summary of ${s.reports} reports (${s.embeddings} embeddings) written to ${s.out}/summary.csv, summary.jsonl, embeddings.jsonl\n`);
    }
    return snapshot.failed > 0 ? EXIT.rejected : EXIT.ok;
  } finally {
    await queue.close();
    redis.disconnect();
  }
}
