/**
 * Scale-out throughput: the same clips through 1, 2 and 3 local `voicegate worker` processes sharing one Redis
 * queue, once without uploads (CPU bound) and once uploading to the built-in server behind a rate limit (the
 * API's limit, shared by all workers). Needs `npm run build` and redis-server on PATH. Prints a Markdown table.
 *   npx tsx bench/queue-throughput.ts [--clips 240] [--rate 20] [--concurrency 2]
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { startEmbeddingServer } from '../src/server/index.js';
import { startRedis } from '../test/queue/redisServer.js';
import { readWav } from '../test/helpers/wav.js';
import { wavBytes } from '../test/helpers/wavBytes.js';
import { maxInWindow } from '../test/helpers/windows.js';

const { values } = parseArgs({ options: { clips: { type: 'string' }, rate: { type: 'string' }, concurrency: { type: 'string' } } });
const CLIPS = Number(values.clips ?? 240);
const RATE = Number(values.rate ?? 20);
const CONCURRENCY = values.concurrency ?? String(availableParallelism());
const CLI = path.resolve('dist/bundle/voicegate.js');
const KEY = 'bench-queue-key-0123456789';
const UTTERANCES = ['cmu_arctic_us_axb_a0004.wav', '3331-159605-0001.wav', '1688-142285-0004.wav', '3080-5032-0000.wav'];

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`voicegate ${args[0]} exited with ${code}`))));
  });
}

/** Real speech at a different gain per copy: distinct content, all accepted by the dataset preset. */
async function writeClips(folder: string): Promise<number> {
  await mkdir(folder, { recursive: true });
  let audioS = 0;
  const sources = UTTERANCES.map((name) => readWav(path.join('test/fixtures/speech', name)));
  for (let i = 0; i < CLIPS; i++) {
    const source = sources[i % sources.length]!;
    const gain = 0.3 + (i / CLIPS) * 0.5;
    const x = source.channels[0]!.map((v) => v * gain);
    audioS += x.length / source.sampleRateHz;
    await writeFile(path.join(folder, `clip-${String(i).padStart(4, '0')}.wav`), wavBytes({ sampleRateHz: source.sampleRateHz, channels: [x] }));
  }
  return audioS;
}


interface Round {
  workers: number;
  filesPerS: number;
  /** Only when uploading: requests admitted by the server per second, on average and at most in any 1 s. */
  uploadsPerS: number | null;
  max1s: number | null;
  limited: number | null;
  load1: number;
}

async function round(dir: string, clips: string, redisUrl: string, workers: number, upload: boolean): Promise<Round> {
  // The server enforces the same limit (token bucket, a second's worth of burst) and answers 429 beyond it.
  const server = upload ? await startEmbeddingServer({ apiKey: KEY, ratePerS: RATE, latencyMs: [20, 60] }) : null;
  const queueName = `bench-${upload ? 'upload' : 'cpu'}-${workers}`;
  const uploadFlags = server ? ['--endpoint', server.url, '--rate', `${RATE}/s`, '--upload-concurrency', '4'] : ['--no-upload'];
  await run(['enqueue', clips, '--out', path.join(dir, queueName), '--redis', redisUrl, '--queue', queueName, ...uploadFlags]);
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(queueName, { connection });
  const procs = Array.from({ length: workers }, () =>
    spawn(process.execPath, [CLI, 'worker', '--redis', redisUrl, '--queue', queueName, '--concurrency', CONCURRENCY, '--quiet'], {
      env: { ...process.env, VOICEGATE_API_KEY: KEY },
      stdio: 'ignore',
    }),
  );
  while ((await queue.getJobCounts('completed')).completed! < CLIPS) await new Promise((r) => setTimeout(r, 100));
  const load1 = loadavg()[0]!;
  await Promise.all(procs.map((p) => new Promise((resolve) => (p.kill('SIGTERM'), p.on('exit', resolve)))));
  // From the first job taken to the last one finished, on BullMQ's own timestamps: worker start-up is not counted.
  const jobs = await queue.getJobs(['completed']);
  const spanS = (Math.max(...jobs.map((j) => j.finishedOn!)) - Math.min(...jobs.map((j) => j.processedOn!))) / 1000;
  await queue.close();
  connection.disconnect();
  let uploadsPerS: number | null = null;
  let max1s: number | null = null;
  let limited: number | null = null;
  if (server) {
    const stats = server.stats();
    limited = stats.byStatus['429'] ?? 0;
    const arrivals = stats.admittedAt.sort((a, b) => a - b);
    uploadsPerS = (arrivals.length - 1) / ((arrivals.at(-1)! - arrivals[0]!) / 1000);
    max1s = maxInWindow(arrivals, 1000);
    await server.close();
  }
  return { workers, filesPerS: CLIPS / spanS, uploadsPerS, max1s, limited, load1 };
}

const dir = await mkdtemp(path.join(tmpdir(), 'voicegate-bench-queue-'));
const redis = await startRedis();
try {
  const clips = path.join(dir, 'clips');
  const audioS = await writeClips(clips);
  process.stderr.write(`${CLIPS} clips, ${audioS.toFixed(0)} s of audio; ${cpus().length} cores (${cpus()[0]?.model ?? '?'}); worker --concurrency ${CONCURRENCY}\n`);
  const rows: string[] = [];
  for (const upload of [false, true]) {
    for (const workers of [1, 2, 3]) {
      const r = await round(dir, clips, redis.url, workers, upload);
      const realTime = (r.filesPerS * audioS) / CLIPS;
      const uploads = r.uploadsPerS === null ? '— | — | —' : `${r.uploadsPerS.toFixed(1)} | ${r.max1s} | ${r.limited}`;
      const row = `| ${upload ? `upload, limit ${RATE}/s` : 'no upload'} | ${workers} | ${r.filesPerS.toFixed(1)} | ${realTime.toFixed(0)}× | ${uploads} | ${r.load1.toFixed(1)} |`;
      rows.push(row);
      process.stderr.write(`${row}\n`);
    }
  }
  process.stdout.write(
    [
      '| run | workers | files/s | audio s per s | uploads/s at the server | most uploads in any 1 s | 429 answers | load (1 min) |',
      '|---|---|---|---|---|---|---|---|',
      ...rows,
    ].join('\n') + '\n',
  );
} finally {
  await redis.stop();
  await rm(dir, { recursive: true, force: true });
}
