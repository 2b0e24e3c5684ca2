import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { OutputRenderer } from './render.js';
import type { FixPlan } from './types.js';
import { WavFileWriter } from './wavWriter.js';

/** Planar chunk → mono by averaging the channels. */
function downmix(chunk: readonly Float32Array[]): Float32Array {
  if (chunk.length === 1) return chunk[0]!;
  const mono = new Float32Array(chunk[0]?.length ?? 0);
  for (const channel of chunk) for (let i = 0; i < mono.length; i++) mono[i]! += channel[i]!;
  for (let i = 0; i < mono.length; i++) mono[i]! /= chunk.length;
  return mono;
}

/**
 * Writes every planned output as 16-bit PCM mono WAV in one pass over the source: only samples inside kept
 * spans (plus half a crossfade beyond each join) are held, never the whole source. Each output is written under
 * a temporary name beside its target and renamed once all are complete, so a failure leaves no partial file.
 */
export async function writeFixPlan(
  chunks: () => AsyncIterable<Float32Array[]>,
  sampleRateHz: number,
  plan: FixPlan,
  targets: readonly string[],
): Promise<void> {
  if (targets.length !== plan.outputs.length) {
    throw new Error(`Expected one target per planned output (${plan.outputs.length}), got ${targets.length}`);
  }
  const renderers = plan.outputs.map((output) => new OutputRenderer(output.spans, sampleRateHz, output.gain));
  const temps = targets.map((target) => `${target}.${randomBytes(6).toString('hex')}.tmp`);
  const writers: (WavFileWriter | undefined)[] = [];
  const writerOf = async (k: number): Promise<WavFileWriter> =>
    (writers[k] ??= await WavFileWriter.create(temps[k]!, sampleRateHz, renderers[k]!.frameCount));
  try {
    let at = 0;
    let first = 0;
    for await (const chunk of chunks()) {
      const mono = downmix(chunk);
      for (let k = first; k < renderers.length && renderers[k]!.srcFrom < at + mono.length; k++) {
        if (renderers[k]!.done) continue;
        const pcm = renderers[k]!.push(mono, at);
        if (pcm.length > 0) await (await writerOf(k)).append(pcm);
      }
      // Outputs are in source order: close each as soon as it is complete, so few files are open at once.
      while (first < renderers.length && renderers[first]!.done) {
        await (await writerOf(first)).close();
        first++;
      }
      at += mono.length;
    }
    for (let k = first; k < renderers.length; k++) {
      const writer = await writerOf(k);
      await writer.append(renderers[k]!.finish());
      await writer.close();
    }
    await Promise.all(temps.map((temp, k) => rename(temp, targets[k]!)));
  } catch (error) {
    await Promise.allSettled(writers.map((writer) => writer?.close()));
    await Promise.allSettled(temps.map((temp) => rm(temp, { force: true })));
    throw error;
  }
}
