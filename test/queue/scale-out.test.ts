import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fileReportSchema, type FileReport } from '../../src/report/schema.js';
import { startEmbeddingServer } from '../../src/server/index.js';
import { CLI, voicegate } from '../helpers/cli.js';
import { readWav } from '../helpers/wav.js';
import { wavBytes } from '../helpers/wavBytes.js';
import { REDIS_SERVER, SKIP_MESSAGE, startRedis, type TestRedis } from './redisServer.js';
import { maxInWindow } from '../helpers/windows.js';

if (!REDIS_SERVER) console.warn(SKIP_MESSAGE);

const KEY = `vg-queue-${randomBytes(12).toString('hex')}`;

let dir: string;

/**
 * Copies of a real 2.8 s utterance, each at its own gain: distinct content, every one accepted by the dataset
 * preset (as it is, or after the fix normalises it). `firstIndex` keeps the sets of different tests apart.
 */
async function writeClips(name: string, count: number, firstIndex: number): Promise<string> {
  const folder = path.join(dir, name);
  await mkdir(folder, { recursive: true });
  const speech = readWav('test/fixtures/speech/cmu_arctic_us_axb_a0004.wav');
  for (let i = 0; i < count; i++) {
    const gain = 0.25 + (firstIndex + i) * 0.0014;
    const x = speech.channels[0]!.map((v) => v * gain);
    await writeFile(path.join(folder, `clip-${String(i).padStart(3, '0')}.wav`), wavBytes({ sampleRateHz: speech.sampleRateHz, channels: [x] }));
  }
  return folder;
}

interface WorkerProcess {
  pid: number;
  output(): string;
  /** Files it finished (one line each). */
  jobsDone(): number;
  exited: Promise<number | null>;
  signal(signal: NodeJS.Signals): void;
}

function startWorker(redisUrl: string, queue: string, extra: string[] = []): WorkerProcess {
  const child = spawn(process.execPath, [CLI, 'worker', '--redis', redisUrl, '--queue', queue, ...extra], {
    env: { ...process.env, VOICEGATE_API_KEY: KEY, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return {
    pid: child.pid!,
    output: () => output,
    jobsDone: () => output.split('\n').filter((l) => /^(pass|fixed|reject) /.test(l)).length,
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
    signal: (signal) => child.kill(signal),
  };
}

async function stopWorkers(workers: WorkerProcess[]): Promise<Array<number | null>> {
  for (const w of workers) w.signal('SIGTERM');
  return Promise.all(workers.map((w) => w.exited));
}

async function reportsOf(out: string): Promise<Map<string, FileReport>> {
  const reports = new Map<string, FileReport>();
  for (const entry of await readdir(path.join(out, 'reports'), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
    const file = path.join(entry.parentPath, entry.name);
    // Every report must be whole: a worker killed mid-write leaves at most a temp file, never half a report.
    reports.set(path.relative(out, file), fileReportSchema.parse(JSON.parse(await readFile(file, 'utf8'))));
  }
  return reports;
}

/** sha256 of every clip the reports say was accepted and uploaded. */
function uploadedShas(reports: Map<string, FileReport>): string[] {
  return [...reports.values()].flatMap((r) => (r.upload ?? []).filter((u) => u.status === 'uploaded').map((u) => u.sha256!));
}


async function waitForCompleted(queue: Queue, atLeast: number): Promise<void> {
  while ((await queue.getJobCounts('completed')).completed! < atLeast) await sleep(50);
}

/** `voicegate status --watch --summary --json`: returns once nothing is waiting or active. */
async function watchUntilDone(redisUrl: string, queue: string): Promise<{ completed: number; failed: number; summaries: Array<{ reports: number; embeddings: number }> }> {
  const status = await voicegate(['status', '--redis', redisUrl, '--queue', queue, '--watch', '--interval', '200', '--summary', '--json']);
  expect(status.code, status.stderr).toBe(0);
  return JSON.parse(status.stdout) as { completed: number; failed: number; summaries: Array<{ reports: number; embeddings: number }> };
}

describe.skipIf(!REDIS_SERVER)('scale-out: workers share one ingestion through BullMQ on Redis', () => {
  let redis: TestRedis;
  const closers: Array<() => Promise<unknown> | void> = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'voicegate-queue-'));
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    await redis?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const queueOn = (url: string, name: string): Queue => {
    const connection = new Redis(url, { maxRetriesPerRequest: null });
    // Refused connections while Redis restarts are expected here; ioredis retries them.
    connection.on('error', () => undefined);
    const queue = new Queue(name, { connection });
    queue.on('error', () => undefined);
    closers.push(() => connection.disconnect(), () => queue.close());
    return queue;
  };

  test('300 clips, 3 worker processes, a faulty rate-limited API: each accepted clip sent once, the rate held, the same reports as one machine', async () => {
    const clips = await writeClips('batch', 300, 0);
    const RATE = 40;
    // Faults on a fifth of the requests, and a limiter of its own that answers 429 to bursts.
    const server = await startEmbeddingServer({ apiKey: KEY, failRate: 0.1, resetRate: 0.02, garbageRate: 0.03, ratePerS: RATE + 5, burst: 2, latencyMs: [5, 30], seed: 7 });
    closers.push(() => server.close());
    const uploadFlags = ['--pipeline', 'dataset', '--endpoint', server.url, '--rate', `${RATE}/s`, '--upload-concurrency', '4', '--max-attempts', '12'];

    const single = path.join(dir, 'single');
    const run = await voicegate(['run', clips, '--out', single, '--concurrency', '2', '--quiet', ...uploadFlags], { VOICEGATE_API_KEY: KEY });
    expect(run.code, run.stderr).toBe(0);

    const before = server.stats();
    const shared = path.join(dir, 'shared');
    const enqueued = await voicegate(['enqueue', clips, '--out', shared, '--redis', redis.url, '--queue', 'batch', ...uploadFlags]);
    expect(enqueued.code, enqueued.stderr).toBe(0);
    expect(enqueued.stdout).toMatch(/^300 files: 300 queued, 0 already in the queue/);
    const again = await voicegate(['enqueue', clips, '--out', shared, '--redis', redis.url, '--queue', 'batch', ...uploadFlags]);
    expect(again.stdout).toMatch(/^300 files: 0 queued, 300 already in the queue/);

    const workers = [0, 1, 2].map(() => startWorker(redis.url, 'batch', ['--concurrency', '3']));
    const done = await watchUntilDone(redis.url, 'batch');
    expect(await stopWorkers(workers)).toEqual([0, 0, 0]);
    const after = server.stats();
    expect(done).toMatchObject({ completed: 300, failed: 0, summaries: [{ reports: 300 }] });
    const perWorker = workers.map((w) => w.jobsDone());
    console.info(`jobs per worker ${perWorker.join(', ')}; server answers during the queued run ${JSON.stringify(Object.fromEntries(Object.entries(after.byStatus).map(([k, n]) => [k, n - (before.byStatus[k] ?? 0)])))}`);
    expect(perWorker.reduce((a, b) => a + b)).toBe(300);
    expect(perWorker.every((n) => n > 0)).toBe(true);

    // Same reports, summary and embeddings as one machine running the same inputs.
    const expected = await reportsOf(single);
    const actual = await reportsOf(shared);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [name, report] of expected) expect(actual.get(name), name).toEqual(report);
    for (const file of ['summary.jsonl', 'summary.csv', 'embeddings.jsonl']) {
      expect(await readFile(path.join(shared, file), 'utf8'), file).toBe(await readFile(path.join(single, file), 'utf8'));
    }

    // Every accepted clip embedded exactly once by the queued run, nothing else.
    const accepted = uploadedShas(actual);
    expect(accepted.length).toBeGreaterThanOrEqual(300);
    const added = Object.fromEntries(Object.entries(after.embeddedBySha256).map(([sha, n]) => [sha, n - (before.embeddedBySha256[sha] ?? 0)]).filter(([, n]) => n !== 0));
    expect(Object.keys(added).sort()).toEqual([...new Set(accepted)].sort());
    expect(Object.values(added).every((n) => n === 1)).toBe(true);

    // The rate across the three workers, measured where it counts: at the API.
    const arrivals = after.admittedAt.slice(before.admittedAt.length).sort((a, b) => a - b);
    const most1s = maxInWindow(arrivals, 1000);
    console.info(`queued run: ${arrivals.length} admitted requests over ${((arrivals.at(-1)! - arrivals[0]!) / 1000).toFixed(1)} s, most in any 1 s: ${most1s} (limit ${RATE})`);
    // 10 % slack for arrival jitter, as in the uploader's own rate test.
    expect(most1s).toBeLessThanOrEqual(RATE * 1.1);
  }, 120_000);

  test('a worker killed with SIGKILL mid-way: its jobs are taken over, all complete, duplicates only for requests it had in flight', async () => {
    const clips = await writeClips('killed', 60, 300);
    // Slow answers, so the killed worker surely has requests in flight.
    const server = await startEmbeddingServer({ apiKey: KEY, latencyMs: [100, 200] });
    closers.push(() => server.close());
    const enqueued = await voicegate(['enqueue', clips, '--out', path.join(dir, 'killed-out'), '--redis', redis.url, '--queue', 'kill', '--endpoint', server.url, '--rate', '40/s', '--upload-concurrency', '2']);
    expect(enqueued.code, enqueued.stderr).toBe(0);
    const queue = queueOn(redis.url, 'kill');
    const flags = ['--concurrency', '2', '--lock-duration', '2000'];
    const victim = startWorker(redis.url, 'kill', flags);
    const survivor = startWorker(redis.url, 'kill', flags);
    await waitForCompleted(queue, 15);
    victim.signal('SIGKILL');
    expect(await victim.exited).toBeNull();

    const done = await watchUntilDone(redis.url, 'kill');
    expect(await stopWorkers([survivor])).toEqual([0]);
    expect(done).toMatchObject({ completed: 60, failed: 0, summaries: [{ reports: 60 }] });
    const stalled = (await queue.getJobs(['completed'])).filter((j) => j.stalledCounter > 0).length;
    console.info(`victim finished ${victim.jobsDone()} jobs before SIGKILL; ${stalled} of its jobs were taken over after their lock expired`);
    expect(stalled).toBeGreaterThan(0);

    const reports = await reportsOf(path.join(dir, 'killed-out'));
    expect(reports.size).toBe(60);
    const accepted = new Set(uploadedShas(reports));
    expect([...reports.values()].flatMap((r) => r.upload ?? []).every((u) => u.status === 'uploaded')).toBe(true);
    const embedded = server.stats().embeddedBySha256;
    expect(Object.keys(embedded).sort()).toEqual([...accepted].sort());
    const twice = Object.values(embedded).filter((n) => n > 1).length;
    console.info(`clips embedded twice: ${twice}`);
    // The victim had at most 2 requests in flight (--upload-concurrency 2): only those can have gone out twice.
    expect(twice).toBeLessThanOrEqual(2);
  }, 60_000);

  test('Redis killed and restarted mid-run (append-only file, fsync always): the workers reconnect and finish every job', async () => {
    const durable = await startRedis({ appendOnly: true });
    closers.push(() => durable.stop());
    const clips = await writeClips('restart', 60, 360);
    const server = await startEmbeddingServer({ apiKey: KEY, latencyMs: [50, 100] });
    closers.push(() => server.close());
    const enqueued = await voicegate(['enqueue', clips, '--out', path.join(dir, 'restart-out'), '--redis', durable.url, '--queue', 'restart', '--endpoint', server.url, '--rate', '40/s', '--upload-concurrency', '2']);
    expect(enqueued.code, enqueued.stderr).toBe(0);
    const queue = queueOn(durable.url, 'restart');
    const workers = [0, 1].map(() => startWorker(durable.url, 'restart', ['--concurrency', '2', '--lock-duration', '5000']));
    await waitForCompleted(queue, 15);
    await durable.kill();
    await sleep(1000);
    await durable.start();

    const done = await watchUntilDone(durable.url, 'restart');
    expect(await stopWorkers(workers)).toEqual([0, 0]);
    console.info(`after the restart: ${JSON.stringify({ completed: done.completed, failed: done.failed })}; worker warnings: ${workers.map((w) => (w.output().match(/warning/g) ?? []).length).join(', ')}`);
    expect(done).toMatchObject({ completed: 60, failed: 0, summaries: [{ reports: 60 }] });
    const reports = await reportsOf(path.join(dir, 'restart-out'));
    expect(reports.size).toBe(60);
    const accepted = new Set(uploadedShas(reports));
    const embedded = server.stats().embeddedBySha256;
    expect(Object.keys(embedded).sort()).toEqual([...accepted].sort());
    // Requests in flight while Redis was away may be answered and then retried: at most 2 per worker.
    expect(Object.values(embedded).filter((n) => n > 1).length).toBeLessThanOrEqual(4);
  }, 60_000);

  test('a job that fails for good keeps its cause: status lists it and --summary gives it a report, so it shows as rejected', async () => {
    const clips = await writeClips('failing', 2, 420);
    const out = path.join(dir, 'failing-out');
    const enqueued = await voicegate(['enqueue', clips, '--out', out, '--redis', redis.url, '--queue', 'failing', '--no-upload']);
    expect(enqueued.code, enqueued.stderr).toBe(0);
    const queue = queueOn(redis.url, 'failing');
    // One job names a preset the queue does not hold (as if Redis lost it); another is not a voicegate job at all.
    const [job] = await queue.getJobs(['waiting']);
    await queue.add('file', { ...(job!.data as object), presetSha256: 'f'.repeat(64), input: { path: path.join(clips, 'gone.wav'), relativePath: 'failing/gone.wav' } }, { jobId: 'lost-preset' });
    await queue.add('file', { hello: 'world' }, { jobId: 'not-ours' });
    const worker = startWorker(redis.url, 'failing', ['--concurrency', '1']);
    const status = await voicegate(['status', '--redis', redis.url, '--queue', 'failing', '--watch', '--interval', '200', '--summary']);
    expect(await stopWorkers([worker])).toEqual([0]);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/2 completed, 2 failed/);
    expect(status.stdout).toMatch(/failed {2}failing\/gone.wav: Expected the preset f{64} in the queue's Redis/);
    expect(status.stdout).toMatch(/failed {2}\?: Expected a voicegate file job/);
    const reports = await reportsOf(out);
    expect(reports.size).toBe(3);
    const lost = reports.get('reports/failing/gone.wav.json')!;
    expect(lost.verdict).toBe('reject');
    expect(lost.findings[0]!.message).toMatch(/Processing failed: Expected the preset/);
    const summary = (await readFile(path.join(out, 'summary.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { relativePath: string; verdict: string });
    expect(summary.find((r) => r.relativePath === 'failing/gone.wav')?.verdict).toBe('reject');
  }, 30_000);

  test('SIGTERM: the worker takes no new job, finishes its active ones (reports written), and exits 0', async () => {
    const clips = await writeClips('stopping', 30, 430);
    const server = await startEmbeddingServer({ apiKey: KEY, latencyMs: [150, 250] });
    closers.push(() => server.close());
    const out = path.join(dir, 'stopping-out');
    const enqueued = await voicegate(['enqueue', clips, '--out', out, '--redis', redis.url, '--queue', 'stopping', '--endpoint', server.url, '--rate', 'off']);
    expect(enqueued.code, enqueued.stderr).toBe(0);
    const queue = queueOn(redis.url, 'stopping');
    const worker = startWorker(redis.url, 'stopping', ['--concurrency', '3']);
    await waitForCompleted(queue, 5);
    worker.signal('SIGTERM');
    expect(await worker.exited).toBe(0);
    const counts = await queue.getJobCounts('waiting', 'active', 'completed');
    console.info(`stopped after ${counts.completed} of 30: ${JSON.stringify(counts)}`);
    // Nothing left half-done: every job is either finished (with its report) or still waiting for a worker.
    expect(counts.active).toBe(0);
    expect(counts.completed! + counts.waiting!).toBe(30);
    expect(counts.waiting).toBeGreaterThan(0);
    expect((await reportsOf(out)).size).toBe(counts.completed);
    expect(Object.keys(server.stats().embeddedBySha256)).toHaveLength(counts.completed!);
  }, 30_000);
});
