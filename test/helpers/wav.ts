import { readFileSync } from 'node:fs';

export interface PcmWav {
  sampleRateHz: number;
  /** Planar channels, samples scaled to [-1, 1). */
  channels: Float32Array[];
}

/** Minimal reader for 16-bit PCM WAV fixtures (any channel count); skips chunks it does not need. */
export function readWav(path: string): PcmWav {
  const bytes = readFileSync(path);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number): string => bytes.toString('latin1', offset, offset + 4);
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error(`Expected a RIFF/WAVE file, got ${path}`);
  let format: { channels: number; sampleRateHz: number; bits: number; audioFormat: number } | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      format = {
        audioFormat: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        sampleRateHz: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!format) throw new Error(`Expected a fmt chunk before data in ${path}`);
      // WAVE_FORMAT_EXTENSIBLE (0xfffe) carries PCM too; the bit depth check is what matters.
      if ((format.audioFormat !== 1 && format.audioFormat !== 0xfffe) || format.bits !== 16) {
        throw new Error(`Expected 16-bit PCM, got format ${format.audioFormat} with ${format.bits} bits in ${path}`);
      }
      const frameCount = Math.floor(Math.min(size, bytes.length - body) / (2 * format.channels));
      const channels = Array.from({ length: format.channels }, () => new Float32Array(frameCount));
      for (let i = 0; i < frameCount; i++) {
        for (let c = 0; c < format.channels; c++) {
          channels[c]![i] = view.getInt16(body + 2 * (i * format.channels + c), true) / 32768;
        }
      }
      return { sampleRateHz: format.sampleRateHz, channels };
    }
    offset = body + size + (size & 1);
  }
  throw new Error(`Expected a data chunk in ${path}`);
}
