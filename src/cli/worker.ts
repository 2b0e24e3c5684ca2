import { availableParallelism } from 'node:os';
import { connectRedis, DEFAULT_QUEUE, redactRedisUrl, redisUrlFrom } from '../queue/connection.js';
import { DEFAULT_LOCK_DURATION_MS, startQueueWorker } from '../queue/worker.js';
import { resolveApiKey, UploadError } from '../upload/index.js';
import { parseCommandArgs, positiveInteger } from './args.js';
import { tuneGcForBatch } from './batchGc.js';
import { EXIT, UsageError } from './errors.js';
import { HELP } from './help.js';

const REPEAT_WARNING_MS = 30_000;

export async function runWorker(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('worker', args, {
    redis: { type: 'string' },
    queue: { type: 'string' },
    concurrency: { type: 'string', short: 'c' },
    'api-key-file': { type: 'string' },
    'lock-duration': { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(HELP.worker);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError(`Expected no inputs (the queue holds them), got "${positionals[0]}".`, 'Add files with "voicegate enqueue".');
  const concurrency = positiveInteger('concurrency', values.concurrency) ?? availableParallelism();
  const lockDurationMs = positiveInteger('lock-duration', values['lock-duration']) ?? DEFAULT_LOCK_DURATION_MS;
  let apiKey: string | null;
  try {
    apiKey = await resolveApiKey({ apiKeyFile: values['api-key-file'] ?? null });
  } catch (error) {
    if (error instanceof UploadError) throw new UsageError(error.message, 'Run "voicegate worker --help" for usage.');
    throw error;
  }
  const url = redisUrlFrom(values.redis);
  const queueName = values.queue ?? DEFAULT_QUEUE;
  tuneGcForBatch();
  // While Redis is away every reconnect attempt fails the same way: say so once, not every 100 ms.
  const lastSaid = new Map<string, number>();
  const warn = (message: string) => {
    const now = Date.now();
    if (now - (lastSaid.get(message) ?? -Infinity) < REPEAT_WARNING_MS) return;
    lastSaid.set(message, now);
    process.stderr.write(`voicegate: warning: ${message}\n`);
  };
  const redis = connectRedis(url, { persistent: true, onError: warn });
  const counts = { pass: 0, fixed: 0, reject: 0, retried: 0, failed: 0 };
  const worker = startQueueWorker({
    redis,
    queue: queueName,
    concurrency,
    apiKey,
    lockDurationMs,
    onWarning: warn,
    onJob: (e) => {
      if (e.verdict) counts[e.verdict]++;
      else counts[e.final ? 'failed' : 'retried']++;
      if (values.quiet) return;
      const what = e.verdict ?? (e.final ? 'FAILED' : 'retry');
      process.stdout.write(`${what.padEnd(6)} ${e.relativePath}${e.error ? `: ${e.error}` : ''}\n`);
    },
  });
  process.stderr.write(`voicegate: worker on queue "${queueName}" at ${redactRedisUrl(url)}, ${concurrency} at a time; SIGTERM or Ctrl-C to stop\n`);

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      // A second signal quits at once: the active jobs' locks expire and other workers take them over.
      const quit = () => process.exit(130);
      process.once('SIGINT', quit);
      process.once('SIGTERM', quit);
      process.stderr.write('\nvoicegate: finishing the active jobs (signal again to quit at once; other workers then retry them)\n');
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  try {
    await worker.close();
  } finally {
    redis.disconnect();
  }
  process.stdout.write(`worker done: ${counts.pass} pass, ${counts.fixed} fixed, ${counts.reject} rejected, ${counts.failed} failed, ${counts.retried} attempts to retry\n`);
  return EXIT.ok;
}
