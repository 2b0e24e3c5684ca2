import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Timing {
  wallS: number;
  /** User + system CPU of the command and everything it started. */
  cpuS: number;
  /** Peak RSS of a Node command (null for other programs). */
  maxRssMb: number | null;
}

const RSS_HOOK = path.resolve('bench/perf/rss-hook.mjs');

/** `times` in a wrapping shell reports the CPU of everything the command started ("0m1.234s 0m0.050s"). */
function parseChildTimes(stderr: string): number {
  const lines = stderr.trim().split('\n');
  const children = lines.at(-1) ?? '';
  const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  if (seconds.length !== 2) throw new Error(`could not read CPU times from "${children}"`);
  return seconds[0]! + seconds[1]!;
}

/**
 * Runs `command args…` to completion (output discarded; non-zero exit codes in `okCodes` accepted) and
 * measures wall time, CPU time and, for `node`, peak RSS.
 */
export async function timeCommand(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; okCodes?: number[] } = {}): Promise<Timing> {
  const isNode = command === process.execPath;
  const rssFile = path.join(tmpdir(), `voicegate-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const finalArgs = isNode ? ['--import', RSS_HOOK, ...args] : args;
  const env = { ...process.env, ...options.env, ...(isNode ? { VOICEGATE_BENCH_RSS_FILE: rssFile } : {}) };
  const lastStderr = path.join(tmpdir(), 'voicegate-bench-last-stderr');
  const started = performance.now();
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn('bash', ['-c', '"$@" >/dev/null 2>"$VOICEGATE_BENCH_STDERR"; code=$?; times >&2; exit $code', 'bash', command, ...finalArgs], { env: { ...env, VOICEGATE_BENCH_STDERR: lastStderr }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (exitCode) => resolve({ code: exitCode, stderr: err }));
  });
  const wallS = (performance.now() - started) / 1000;
  if (!(options.okCodes ?? [0]).includes(code ?? -1)) {
    const last = await readFile(lastStderr, 'utf8').catch(() => '');
    throw new Error(`${path.basename(command)} ${args.slice(0, 3).join(' ')}… exited with ${code}: ${last.slice(-400)}`);
  }
  let maxRssMb: number | null = null;
  if (isNode) {
    maxRssMb = Number(await readFile(rssFile, 'utf8'));
    await rm(rssFile, { force: true });
  }
  return { wallS, cpuS: parseChildTimes(stderr), maxRssMb };
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Runs `measure` `runs` times and keeps the median of each figure. */
export async function medianOf(runs: number, measure: () => Promise<Timing>): Promise<Timing & { runs: number }> {
  const all: Timing[] = [];
  for (let i = 0; i < runs; i++) all.push(await measure());
  const rss = all.map((t) => t.maxRssMb).filter((v): v is number => v !== null);
  return {
    wallS: median(all.map((t) => t.wallS)),
    cpuS: median(all.map((t) => t.cpuS)),
    maxRssMb: rss.length > 0 ? Math.max(...rss) : null,
    runs,
  };
}
