import { ffmpegDecoding } from './ffmpegSource.js';
import { emptyInput, memoryInput, readInput, type InputFile } from './inputFile.js';
import { isIsoBmff, moovFirstFeed } from './mp4Order.js';
import { eitherSignal, replayable } from './replay.js';
import { SNIFF_BYTES, refuseNonAudio } from './sniff.js';
import { DEFAULT_CACHE_MAX_SAMPLES, DEFAULT_STREAM_ABOVE_BYTES, type AudioSource, type OpenAudioOptions } from './types.js';
import { isRiffWave, parseWavHeader } from './wavHeader.js';
import { wavDecoding } from './wavSource.js';

/**
 * Opens a recording for decoding: PCM/float WAV in-process (node-wav, or streamed from disk when large),
 * anything else through ffmpeg fed on stdin. Reads the file once to hash it (and keeps it when it is at most
 * `streamAboveBytes`), checks that it is audio and learns its format; the samples come from `chunks()`.
 * Throws `DecodeError`s for inputs that cannot be used.
 */
export async function openAudio(path: string, options: OpenAudioOptions = {}): Promise<AudioSource> {
  options.signal?.throwIfAborted();
  return openInput(await readInput(path, options.streamAboveBytes ?? DEFAULT_STREAM_ABOVE_BYTES, options.signal), options);
}

/** `openAudio` of bytes already in memory (an upload); `name` stands for the path in messages and in `info`. */
export async function openAudioBytes(name: string, bytes: Uint8Array, sha256: string, options: OpenAudioOptions = {}): Promise<AudioSource> {
  options.signal?.throwIfAborted();
  if (bytes.length === 0) throw emptyInput(name);
  return openInput(memoryInput(name, bytes, sha256), options);
}

async function openInput(input: InputFile, options: OpenAudioOptions): Promise<AudioSource> {
  const { signal } = options;
  const streamAboveBytes = options.streamAboveBytes ?? DEFAULT_STREAM_ABOVE_BYTES;
  const cacheMaxSamples = options.cacheMaxSamples ?? DEFAULT_CACHE_MAX_SAMPLES;
  const head = await input.readAt(0, SNIFF_BYTES);

  let decoding;
  let warnings: AudioSource['warnings'] = [];
  if (isRiffWave(head)) {
    const layout = await parseWavHeader(input.readAt, input.bytes);
    if (layout.kind === 'pcm') {
      decoding = wavDecoding(input, layout, streamAboveBytes);
      warnings = layout.warnings;
    } else {
      decoding = await ffmpegDecoding(input, null, 'wav', signal);
    }
  } else {
    refuseNonAudio(head);
    // ffmpeg cannot seek back in a pipe, so an MP4 whose index comes last is fed index first.
    const segments = isIsoBmff(head) ? await moovFirstFeed(input.readAt, input.bytes) : null;
    decoding = await ffmpegDecoding(input, segments, undefined, signal);
  }
  const pass = replayable(decoding.pass, cacheMaxSamples);
  return {
    path: input.path,
    info: decoding.info,
    warnings,
    chunks: (passSignal?: AbortSignal) => pass(eitherSignal(signal, passSignal)),
  };
}
