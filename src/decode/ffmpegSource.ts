import { DecodeError } from './errors.js';
import { FfmpegNotFoundError, resolveFfmpeg } from './ffmpeg.js';
import { parseStreamInfo, type FfmpegStreamInfo } from './ffmpegInfo.js';
import { ffmpegArgs, ffmpegFailure, runFfmpeg, type FfmpegRun } from './ffmpegRun.js';
import type { InputFile } from './inputFile.js';
import { mp3GaplessFrames } from './mp3Gapless.js';
import type { FeedSegment } from './mp4Order.js';
import { interleavedToPlanar } from './pcm.js';
import type { ChunkPass } from './replay.js';
import type { SourceInfo } from './types.js';

export interface FfmpegDecoding {
  info: SourceInfo;
  pass: ChunkPass;
}

/** What ffmpeg reads: the file's bytes, or a re-ordered MP4 (see `moovFirstFeed`). */
export function feedOf(input: InputFile, segments: FeedSegment[] | null): (signal?: AbortSignal) => AsyncIterable<Uint8Array> {
  return async function* (signal?: AbortSignal) {
    for (const segment of segments ?? [{ start: 0, end: input.bytes }]) {
      if ('bytes' in segment) yield segment.bytes;
      else yield* input.stream(segment.start, segment.end, signal);
    }
  };
}

async function ffmpegBinary(): Promise<string> {
  try {
    return (await resolveFfmpeg()).path;
  } catch (error) {
    if (!(error instanceof FfmpegNotFoundError)) throw error;
    throw new DecodeError('DECODE_FAILED', `Decoding anything but PCM WAV needs ffmpeg: ${error.message}. Set FFMPEG_PATH`, { cause: error });
  }
}

/**
 * A short first run that reads the stream description from ffmpeg's log and stops (killed) once the first
 * samples come out: the rate and channel count must be known before the first pass.
 */
async function probe(binary: string, feed: AsyncIterable<Uint8Array>, format: string | undefined, signal?: AbortSignal): Promise<FfmpegStreamInfo> {
  const run = runFfmpeg(binary, ffmpegArgs(format), feed, signal);
  let outputBytes = 0;
  let info: FfmpegStreamInfo | null = null;
  const stopWhenKnown = (): void => {
    info ??= parseStreamInfo(run.stderr);
    if (info && outputBytes > 0) run.kill();
  };
  run.onStderrLine(stopWhenKnown);
  run.stdout.on('data', (data: Buffer) => {
    outputBytes += data.length;
    stopWhenKnown();
  });
  const exit = await run.exited;
  signal?.throwIfAborted();
  info ??= parseStreamInfo(run.stderr);
  if (info && outputBytes > 0) return info;
  if (exit.code !== 0 && !(info && exit.signal === 'SIGKILL')) throw ffmpegFailure(run.stderr, exit);
  if (outputBytes === 0) throw new DecodeError('INPUT_NO_SAMPLES', `Expected audio samples, got none from the ${info?.codec ?? 'audio'} stream`);
  throw new DecodeError('DECODE_FAILED', `Expected ffmpeg to describe the audio stream, could not read it from its log: ${run.stderr.map((l) => l.text).join(' | ').slice(0, 300)}`);
}

/** Raw f32le from ffmpeg's stdout → planar chunks, carrying a partial frame over to the next read. */
async function* planarChunks(run: FfmpegRun, channels: number): AsyncIterable<Float32Array[]> {
  const frameBytes = 4 * channels;
  let carry: Uint8Array = new Uint8Array(0);
  for await (const data of run.stdout as AsyncIterable<Buffer>) {
    const bytes = carry.length ? Buffer.concat([carry, data]) : data;
    const wholeBytes = bytes.length - (bytes.length % frameBytes);
    if (wholeBytes > 0) yield interleavedToPlanar(bytes.subarray(0, wholeBytes), 'f32', channels);
    carry = bytes.subarray(wholeBytes);
  }
}

/**
 * Decodes through an ffmpeg child process fed on stdin. The first run only probes; each pass runs ffmpeg
 * again with the demuxer the probe found (`-f`), and kills it when the pass ends early or `signal` aborts.
 */
export async function ffmpegDecoding(
  input: InputFile,
  segments: FeedSegment[] | null,
  format: string | undefined,
  signal?: AbortSignal,
): Promise<FfmpegDecoding> {
  const binary = await ffmpegBinary();
  const feed = feedOf(input, segments);
  const probed = await probe(binary, feed(signal), format, signal);
  const demuxer = probed.container.split(',')[0]!;
  const exactFrames = demuxer === 'mp3' ? await mp3GaplessFrames(input.readAt, input.bytes) : null;
  const info: SourceInfo = {
    container: probed.container,
    codec: probed.codec,
    sampleRateHz: probed.sampleRateHz,
    channels: probed.channels,
    bitDepth: probed.bitDepth,
    sampleFormat: probed.sampleFormat,
    durationS: exactFrames !== null ? exactFrames / probed.sampleRateHz : probed.durationS,
    bytes: input.bytes,
    sha256: input.sha256,
    decoder: 'ffmpeg',
  };
  const pass: ChunkPass = async function* (passSignal?: AbortSignal) {
    passSignal?.throwIfAborted();
    const run = runFfmpeg(binary, ffmpegArgs(demuxer), feed(passSignal), passSignal);
    let frames = 0;
    try {
      for await (const chunk of planarChunks(run, info.channels)) {
        if (exactFrames !== null && frames + chunk[0]!.length >= exactFrames) {
          // The rest is the MP3's final padding (see mp3GaplessFrames): stop there, `finally` ends ffmpeg.
          const keep = exactFrames - frames;
          if (keep > 0) yield chunk.map((channel) => channel.subarray(0, keep));
          return;
        }
        frames += chunk[0]!.length;
        yield chunk;
      }
      const exit = await run.exited;
      passSignal?.throwIfAborted();
      if (run.feedError()) throw new DecodeError('INPUT_UNREADABLE', `Could not read ${JSON.stringify(input.path)} while decoding`, { cause: run.feedError() });
      if (exit.code !== 0) throw ffmpegFailure(run.stderr, exit);
      if (frames === 0) throw new DecodeError('INPUT_NO_SAMPLES', `Expected audio samples, got none from the ${info.codec} stream`);
    } finally {
      run.kill();
    }
  };
  return { info, pass };
}
