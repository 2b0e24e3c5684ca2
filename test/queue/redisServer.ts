import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The redis-server binary on PATH, or null (the queue tests then skip; .ci/run installs it). */
export const REDIS_SERVER: string | null = (() => {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'redis-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return null;
})();

export const SKIP_MESSAGE = 'redis-server not found on PATH: skipping the scale-out (BullMQ) tests; install it (apt-get install redis-server), as .ci/run does';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface TestRedis {
  url: string;
  /** SIGKILL: what a crash or an OOM kill does. */
  kill(): Promise<void>;
  /** Starts it again on the same port and folder (with appendOnly, the data comes back). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A private redis-server on a free loopback port in a temporary folder. Without `appendOnly` nothing is
 * persisted; with it every write is fsync'ed before Redis answers (appendfsync always), as production should run.
 */
export async function startRedis(options: { appendOnly?: boolean } = {}): Promise<TestRedis> {
  if (!REDIS_SERVER) throw new Error(SKIP_MESSAGE);
  const binary = REDIS_SERVER;
  const dir = await mkdtemp(path.join(tmpdir(), 'voicegate-redis-'));
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--daemonize', 'no', '--logfile', ''];
  args.push(...(options.appendOnly ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']));
  let child: ChildProcess | null = null;

  const start = async (): Promise<void> => {
    const proc = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let log = '';
    await new Promise<void>((resolve, reject) => {
      const onData = (d: Buffer) => {
        log += d.toString();
        if (log.includes('Ready to accept connections')) resolve();
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', onData);
      proc.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${log}`)));
    });
  };
  const exit = async (signal: NodeJS.Signals): Promise<void> => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill(signal);
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    kill: () => exit('SIGKILL'),
    start,
    async stop() {
      await exit('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
