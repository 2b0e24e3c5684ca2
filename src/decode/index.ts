export { openAudio, openAudioBytes } from './openAudio.js';
export { DecodeError, DECODE_ERROR_RULES, DECODE_WARNING_RULES } from './errors.js';
export type { DecodeErrorCode, DecodeWarning, DecodeWarningCode } from './errors.js';
export { decoderDescription, findFfmpeg, resolveFfmpeg, FfmpegNotFoundError } from './ffmpeg.js';
export type { DecoderDescription, FfmpegBinary, FfmpegSource } from './ffmpeg.js';
export { DEFAULT_CACHE_MAX_SAMPLES, DEFAULT_STREAM_ABOVE_BYTES } from './types.js';
export type { AudioSource, OpenAudioOptions, SourceInfo } from './types.js';
