import { DecodeError } from './errors.js';
import type { InputFile } from './inputFile.js';
import { interleavedToPlanar } from './pcm.js';
import { CHUNK_FRAMES, type ChunkPass } from './replay.js';
import type { SourceInfo } from './types.js';
import { codecName, type PcmWavLayout } from './wavHeader.js';
import { canonicalWav, decodeCanonicalWav } from './wavMemory.js';

export interface WavDecoding {
  info: SourceInfo;
  pass: ChunkPass;
}

/**
 * A PCM/float WAV decoded in-process: whole when its audio data is at most `streamAboveBytes` (16-bit PCM by
 * our own typed-array converter, the other encodings with node-wav), else streamed from disk a chunk at a time
 * (bounded memory for hours-long files).
 */
export function wavDecoding(input: InputFile, layout: PcmWavLayout, streamAboveBytes: number): WavDecoding {
  if (layout.frames === 0) {
    throw new DecodeError('INPUT_NO_SAMPLES', `Expected audio samples, got a WAV whose data chunk holds no whole frame (${layout.channels} ch, ${layout.encoding})`);
  }
  const dataBytes = layout.frames * layout.blockAlign;
  const streamed = dataBytes > streamAboveBytes;
  const isFloat = layout.encoding === 'f32' || layout.encoding === 'f64';
  const info: SourceInfo = {
    container: 'wav',
    codec: codecName(layout.encoding),
    sampleRateHz: layout.sampleRateHz,
    channels: layout.channels,
    bitDepth: layout.bitDepth,
    sampleFormat: isFloat ? 'float' : 'int',
    durationS: layout.frames / layout.sampleRateHz,
    bytes: input.bytes,
    sha256: input.sha256,
    decoder: streamed ? 'wav-stream' : layout.encoding === 's16' ? 'wav-s16' : 'node-wav',
  };
  return { info, pass: streamed ? streamedPass(input, layout) : inMemoryPass(input, layout) };
}

function inMemoryPass(input: InputFile, layout: PcmWavLayout): ChunkPass {
  return async function* (signal?: AbortSignal) {
    signal?.throwIfAborted();
    // The file outgrew the memory limit only through chunks other than `data`: read up to the data's end.
    const fileBytes = input.memory ?? (await input.readAt(0, layout.dataOffset + layout.frames * layout.blockAlign));
    const channels =
      layout.encoding === 's16'
        ? interleavedToPlanar(fileBytes.subarray(layout.dataOffset, layout.dataOffset + layout.frames * layout.blockAlign), 's16', layout.channels)
        : decodeCanonicalWav(canonicalWav(fileBytes, layout), layout);
    for (let start = 0; start < layout.frames; start += CHUNK_FRAMES) {
      signal?.throwIfAborted();
      yield channels.map((channel) => channel.subarray(start, Math.min(layout.frames, start + CHUNK_FRAMES)));
    }
  };
}

function streamedPass(input: InputFile, layout: PcmWavLayout): ChunkPass {
  return async function* (signal?: AbortSignal) {
    const chunkBytes = CHUNK_FRAMES * layout.blockAlign;
    const end = layout.dataOffset + layout.frames * layout.blockAlign;
    const pending = new Uint8Array(chunkBytes);
    let filled = 0;
    for await (const piece of input.stream(layout.dataOffset, end, signal)) {
      let at = 0;
      while (at < piece.length) {
        const take = Math.min(piece.length - at, chunkBytes - filled);
        pending.set(piece.subarray(at, at + take), filled);
        filled += take;
        at += take;
        if (filled === chunkBytes) {
          // interleavedToPlanar copies, so `pending` can be refilled.
          yield interleavedToPlanar(pending, layout.encoding, layout.channels);
          filled = 0;
        }
      }
    }
    if (filled >= layout.blockAlign) yield interleavedToPlanar(pending.subarray(0, filled), layout.encoding, layout.channels);
  };
}
