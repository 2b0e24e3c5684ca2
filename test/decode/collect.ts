import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { AudioSource } from '../../src/decode/index.js';
import { resolveFfmpeg } from '../../src/decode/index.js';

/** One pass of `chunks()`, joined into whole channels; checks that every chunk has equal-length channels. */
export async function collect(source: AudioSource, signal?: AbortSignal): Promise<Float32Array[]> {
  const parts: Float32Array[][] = Array.from({ length: source.info.channels }, () => []);
  for await (const chunk of source.chunks(signal)) {
    if (chunk.length !== source.info.channels) throw new Error(`Expected ${source.info.channels} channels in a chunk, got ${chunk.length}`);
    const frames = chunk[0]!.length;
    chunk.forEach((channel, c) => {
      if (channel.length !== frames) throw new Error(`Expected ${frames} frames in channel ${c}, got ${channel.length}`);
      parts[c]!.push(channel);
    });
  }
  return parts.map((list) => {
    const out = new Float32Array(list.reduce((n, a) => n + a.length, 0));
    let at = 0;
    for (const a of list) {
      out.set(a, at);
      at += a.length;
    }
    return out;
  });
}

/** Largest |a[i] − b[i]| over the common length (NaN-aware: NaN only equals NaN). */
export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (Number.isNaN(x) !== Number.isNaN(y)) return Infinity;
      continue;
    }
    if (x === y) continue; // equal infinities
    worst = Math.max(worst, Math.abs(x - y));
  }
  return worst;
}

/** Normalised correlation at zero lag over the common length. */
export function correlation(a: Float32Array, b: Float32Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return ab / Math.sqrt(aa * bb);
}

const execFileAsync = promisify(execFile);

/** Runs the project's ffmpeg (tests only: it writes the compressed files the decoder is tested on). */
export async function ffmpegEncode(args: string[]): Promise<void> {
  const { path: binary } = await resolveFfmpeg();
  await execFileAsync(binary, ['-hide_banner', '-loglevel', 'error', '-y', ...args], { maxBuffer: 16 * 1024 * 1024 });
}

export async function ffmpegEncoders(): Promise<string> {
  const { path: binary } = await resolveFfmpeg();
  return (await execFileAsync(binary, ['-hide_banner', '-encoders'], { maxBuffer: 16 * 1024 * 1024 })).stdout;
}

export interface TempDir {
  dir: string;
  file(name: string, bytes?: Uint8Array): Promise<string>;
  remove(): Promise<void>;
}

export async function tempDir(prefix: string): Promise<TempDir> {
  const dir = await mkdtemp(path.join(tmpdir(), `voicegate-${prefix}-`));
  return {
    dir,
    async file(name, bytes) {
      const file = path.join(dir, name);
      if (bytes) await writeFile(file, bytes);
      return file;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
