import { Queue } from 'bullmq';
import { loadPreset, type Preset } from '../gate/preset.js';
import { connectRedis, DEFAULT_QUEUE, redactRedisUrl, redisUrlFrom } from '../queue/connection.js';
import { enqueueInputs } from '../queue/enqueue.js';
import type { JobUpload } from '../queue/job.js';
import { parseRate, UploadError } from '../upload/index.js';
import { parseCommandArgs, positiveInteger } from './args.js';
import { EXIT, UsageError } from './errors.js';
import { HELP } from './help.js';

type UploadFlags = { endpoint?: string; rate?: string; 'upload-concurrency'?: string; 'max-attempts'?: string; 'allow-insecure'?: boolean; 'no-upload'?: boolean };

/** Like `voicegate run`: command line over preset; no key here, each worker brings its own. */
function jobUpload(values: UploadFlags, preset: Preset): JobUpload | null {
  if (values['no-upload'] || (!preset.upload.enabled && values.endpoint === undefined)) return null;
  const rateText = values.rate ?? preset.upload.rate;
  try {
    return {
      endpoint: values.endpoint ?? null,
      rate: rateText === null || rateText === 'off' ? null : parseRate(rateText),
      concurrency: positiveInteger('upload-concurrency', values['upload-concurrency']) ?? preset.upload.concurrency,
      maxAttempts: positiveInteger('max-attempts', values['max-attempts']) ?? preset.upload.maxAttempts,
      allowInsecure: values['allow-insecure'] ?? false,
    };
  } catch (error) {
    if (error instanceof UploadError) throw new UsageError(error.message, 'Run "voicegate enqueue --help" for usage.');
    throw error;
  }
}

export async function runEnqueue(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('enqueue', args, {
    out: { type: 'string', short: 'o' },
    pipeline: { type: 'string', short: 'p' },
    redis: { type: 'string' },
    queue: { type: 'string' },
    attempts: { type: 'string' },
    endpoint: { type: 'string' },
    rate: { type: 'string' },
    'upload-concurrency': { type: 'string' },
    'max-attempts': { type: 'string' },
    'allow-insecure': { type: 'boolean' },
    'no-upload': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(HELP.enqueue);
    return EXIT.ok;
  }
  const example = 'Example: voicegate enqueue /mnt/shared/clips --out /mnt/shared/out --redis redis://queue-host:6379';
  if (positionals.length === 0) throw new UsageError('Expected at least one input file, folder or glob.', example);
  if (!values.out) throw new UsageError('Expected --out DIR: the shared folder every worker writes reports and fixed audio to.', example);
  const attempts = positiveInteger('attempts', values.attempts);
  const preset = await loadPreset(values.pipeline ?? 'dataset');
  const upload = jobUpload(values, preset);
  const url = redisUrlFrom(values.redis);
  const queueName = values.queue ?? DEFAULT_QUEUE;

  const redis = connectRedis(url, { persistent: false, onError: (m) => process.stderr.write(`voicegate: ${m}\n`) });
  const queue = new Queue(queueName, { connection: redis });
  // Connection trouble is reported once by connectRedis; BullMQ would print each failed attempt again.
  queue.on('error', () => undefined);
  try {
    const result = await enqueueInputs(positionals, { redis, queue, out: values.out, preset, upload, attempts });
    for (const p of result.problems) process.stderr.write(`voicegate: warning: ${p.path}: ${p.message}\n`);
    for (const s of result.sameContent) process.stderr.write(`voicegate: ${s.path}: same content as ${s.sameAs}, covered by its job\n`);
    process.stdout.write(
      `${result.files} files: ${result.added} queued, ${result.alreadyQueued} already in the queue, ${result.sameContent.length} duplicates of another input\n` +
        `queue "${queueName}" at ${redactRedisUrl(url)}; reports go to ${values.out}/reports/\n` +
        `start workers with: voicegate worker --redis URL --queue ${queueName}   progress: voicegate status --redis URL --queue ${queueName}\n`,
    );
    return result.problems.length > 0 ? EXIT.rejected : EXIT.ok;
  } finally {
    await queue.close();
    redis.disconnect();
  }
}
