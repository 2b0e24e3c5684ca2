import { DecodeError, openAudio, openAudioBytes } from '../decode/index.js';
import type { ReceivedUpload } from './receiveUpload.js';
import { computeEmbedding } from './embedding.js';
import { HttpError } from './httpError.js';

/** Lossy encoders pad the end with up to a frame or two (an MP3 frame is 26 ms at 44.1 kHz): not "too long". */
const DURATION_TOLERANCE_S = 0.05;

/**
 * The reason the decode of a handled upload is stopped with: one shared value, because abort() without a
 * reason builds a DOMException, stack trace and all, for every upload (the batch's main thread serves them).
 */
const UPLOAD_HANDLED = new Error('upload handled');

function tooLong(durationS: number, maxDurationS: number): HttpError {
  return new HttpError(400, 'AUDIO_TOO_LONG', `Expected at most ${maxDurationS} s of audio, got ${durationS.toFixed(2)} s`);
}

function undecodable(error: DecodeError): HttpError {
  return new HttpError(400, 'AUDIO_UNDECODABLE', `Expected an audio file the server can decode: ${error.message}`);
}

/** Decodes an upload (stopping as soon as it runs past `maxDurationS`) and computes its voice vector. */
export async function embedUpload(upload: ReceivedUpload, maxDurationS: number): Promise<Float32Array> {
  const limitS = maxDurationS + DURATION_TOLERANCE_S;
  const abort = new AbortController();
  try {
    const options = { cacheMaxSamples: 0, signal: abort.signal };
    const source = upload.memory ? await openAudioBytes('upload', upload.memory, upload.sha256, options) : await openAudio(upload.path, options);
    const { sampleRateHz, durationS } = source.info;
    if (durationS !== null && durationS > limitS) throw tooLong(durationS, maxDurationS);
    const maxFrames = Math.floor(limitS * sampleRateHz);
    // Sized by the declared duration (grown if the stream holds more), not by the limit: this runs per upload.
    let mono = new Float32Array(Math.min(maxFrames, durationS === null ? sampleRateHz : Math.ceil(durationS * sampleRateHz) + 1));
    let frames = 0;
    for await (const chunk of source.chunks(abort.signal)) {
      const length = chunk[0]?.length ?? 0;
      if (frames + length > maxFrames) throw tooLong((frames + length) / sampleRateHz, maxDurationS);
      if (frames + length > mono.length) {
        const bigger = new Float32Array(Math.min(maxFrames, Math.max(2 * mono.length, frames + length)));
        bigger.set(mono.subarray(0, frames));
        mono = bigger;
      }
      if (chunk.length === 1) mono.set(chunk[0]!, frames);
      else for (const channel of chunk) for (let i = 0; i < length; i++) mono[frames + i]! += channel[i]! / chunk.length;
      frames += length;
    }
    const embedding = computeEmbedding([mono.subarray(0, frames)], sampleRateHz);
    if (!embedding.some((v) => v !== 0)) {
      throw new HttpError(400, 'AUDIO_SILENT', 'Expected audio with a voice in it, got silence or less than one 25 ms frame');
    }
    return embedding;
  } catch (error) {
    if (error instanceof DecodeError) throw undecodable(error);
    throw error;
  } finally {
    abort.abort(UPLOAD_HANDLED);
  }
}
