export type ChunkPass = (signal?: AbortSignal) => AsyncIterable<Float32Array[]>;

/** Frames per chunk yielded by the decoders that choose their chunk size. */
export const CHUNK_FRAMES = 65_536;

/**
 * Wraps a decoding pass so that a clip of at most `maxSamples` samples (frames × channels) is decoded once:
 * the first complete pass keeps its chunks and later passes replay copies. Larger clips are decoded again.
 */
export function replayable(decode: ChunkPass, maxSamples: number): ChunkPass {
  let cached: Float32Array[][] | null = null;
  return async function* chunks(signal?: AbortSignal) {
    if (cached) {
      for (const chunk of cached) {
        signal?.throwIfAborted();
        yield chunk.map((channel) => channel.slice());
      }
      return;
    }
    let kept: Float32Array[][] | null = [];
    let keptSamples = 0;
    for await (const chunk of decode(signal)) {
      signal?.throwIfAborted();
      if (kept) {
        keptSamples += chunk.length * (chunk[0]?.length ?? 0);
        if (keptSamples <= maxSamples) {
          kept.push(chunk);
          yield chunk.map((channel) => channel.slice());
          continue;
        }
        kept = null;
      }
      yield chunk;
    }
    if (kept) cached = kept;
  };
}

/** Combines the signal given when opening a source with the one given for a pass. */
export function eitherSignal(a?: AbortSignal, b?: AbortSignal): AbortSignal | undefined {
  if (!a) return b;
  if (!b) return a;
  return AbortSignal.any([a, b]);
}
