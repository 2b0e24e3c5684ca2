import type { DecodeWarning } from './errors.js';

export interface SourceInfo {
  /** As ffmpeg names the demuxer: 'wav', 'mp3', 'flac', 'ogg', 'mov,mp4,m4a,3gp,3g2,mj2', 'matroska,webm', … */
  container: string;
  /** As ffmpeg names the codec: 'pcm_s16le', 'pcm_f32le', 'mp3', 'opus', … */
  codec: string;
  sampleRateHz: number;
  channels: number;
  /** 8/16/24/32 for integer PCM, 32/64 for float, the source depth for lossless codecs; null for lossy codecs. */
  bitDepth: number | null;
  sampleFormat: 'int' | 'float' | null;
  /** From the header or container when known (for a truncated WAV: what the file really holds). */
  durationS: number | null;
  /** File size. */
  bytes: number;
  /** Of the file's bytes, hex. */
  sha256: string;
  decoder: 'node-wav' | 'wav-s16' | 'wav-stream' | 'ffmpeg';
}

export interface AudioSource {
  path: string;
  info: SourceInfo;
  /** Recoverable problems, e.g. a header claiming more data than the file holds (what is there was decoded). */
  warnings: DecodeWarning[];
  /**
   * Planar chunks (one Float32Array per channel, equal lengths) at the native rate. May be iterated more
   * than once: a small clip replays a cached copy, a large one is decoded again (streamed). Each pass
   * yields fresh arrays, so a consumer may modify them. Errors are `DecodeError`s.
   */
  chunks(signal?: AbortSignal): AsyncIterable<Float32Array[]>;
}

export interface OpenAudioOptions {
  /**
   * WAV files whose audio data is larger than this are streamed from disk instead of read whole; other files
   * larger than this are fed to ffmpeg from disk on each pass instead of being kept in memory. Default 64 MiB.
   */
  streamAboveBytes?: number;
  /** Decoded clips of at most this many samples (frames × channels) are kept for later passes. Default 30 s × 48 kHz × 2 ch. */
  cacheMaxSamples?: number;
  signal?: AbortSignal;
}

export const DEFAULT_STREAM_ABOVE_BYTES = 64 * 1024 * 1024;
export const DEFAULT_CACHE_MAX_SAMPLES = 30 * 48_000 * 2;
