import type * as childProcess from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openAudio } from '../../src/decode/index.js';
import { ffmpegEncode, tempDir, type TempDir } from './collect.js';

const spawned: ChildProcess[] = [];
/** Called with each child as it is spawned. */
let onSpawn: (child: ChildProcess) => void = () => undefined;
vi.mock('node:child_process', async (importOriginal) => {
  const original = await importOriginal<typeof childProcess>();
  return {
    ...original,
    spawn: (...args: Parameters<typeof original.spawn>) => {
      const child = original.spawn(...args);
      spawned.push(child);
      onSpawn(child);
      return child;
    },
  };
});

/** Resolves once the child has gone, with how it ended. */
async function ended(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
  return { code: child.exitCode, signal: child.signalCode };
}

let temp: TempDir;
let longFlac: string;
beforeAll(async () => {
  temp = await tempDir('abort');
  longFlac = await temp.file('long.flac');
  // A minute at 48 kHz stereo decodes to 23 MB, far more than a pipe buffers: ffmpeg is still running when we stop.
  await ffmpegEncode(['-f', 'lavfi', '-i', 'sine=f=440:r=48000:d=60', '-ac', '2', '-c:a', 'flac', longFlac]);
});
afterAll(() => temp.remove());

describe('stopping ffmpeg', () => {
  it('kills ffmpeg when the signal aborts during a pass, and rejects with the reason', async () => {
    const source = await openAudio(longFlac, { cacheMaxSamples: 0 });
    const controller = new AbortController();
    const before = spawned.length;
    let chunks = 0;
    const pass = async (): Promise<void> => {
      for await (const _chunk of source.chunks(controller.signal)) {
        if (++chunks === 2) controller.abort(new Error('timed out'));
      }
    };
    await expect(pass()).rejects.toThrow('timed out');
    const child = spawned[before]!;
    expect(await ended(child)).toEqual({ code: null, signal: 'SIGKILL' });
    expect(chunks).toBe(2);
  });

  it('kills ffmpeg when the open signal aborts while probing', async () => {
    const controller = new AbortController();
    const before = spawned.length;
    onSpawn = () => queueMicrotask(() => controller.abort(new Error('cancelled')));
    try {
      await expect(openAudio(longFlac, { signal: controller.signal })).rejects.toThrow('cancelled');
    } finally {
      onSpawn = () => undefined;
    }
    expect(spawned.length).toBe(before + 1);
    expect(await ended(spawned[before]!)).toEqual({ code: null, signal: 'SIGKILL' });
  });

  it('kills ffmpeg when the consumer stops reading early', async () => {
    const source = await openAudio(longFlac, { cacheMaxSamples: 0 });
    const before = spawned.length;
    for await (const _chunk of source.chunks()) break;
    expect(await ended(spawned[before]!)).toEqual({ code: null, signal: 'SIGKILL' });
  });
});
