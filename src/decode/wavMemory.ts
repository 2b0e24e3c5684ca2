import wav from 'node-wav';
import { DecodeError } from './errors.js';
import type { PcmWavLayout } from './wavHeader.js';

const CANONICAL_HEADER_BYTES = 56;

/**
 * node-wav's decoder trusts the header's data size, rejects WAVE_FORMAT_EXTENSIBLE and needs typed-array
 * aligned sample data. So it gets a canonical copy: a 16-byte `fmt ` (tag 1 or 3, container bit depth), a
 * 4-byte `JUNK` pad that puts `data` at byte 56 (a multiple of 8, for float64), and whole frames only.
 */
export function canonicalWav(fileBytes: Uint8Array, layout: PcmWavLayout): ArrayBuffer {
  const dataBytes = layout.frames * layout.blockAlign;
  const buffer = new ArrayBuffer(CANONICAL_HEADER_BYTES + dataBytes);
  const v = new DataView(buffer);
  const isFloat = layout.encoding === 'f32' || layout.encoding === 'f64';
  const containerBits = (layout.blockAlign / layout.channels) * 8;
  const ascii = (at: number, text: string): void => {
    for (let i = 0; i < text.length; i++) v.setUint8(at + i, text.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  v.setUint32(4, buffer.byteLength - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, isFloat ? 3 : 1, true);
  v.setUint16(22, layout.channels, true);
  v.setUint32(24, layout.sampleRateHz, true);
  v.setUint32(28, layout.sampleRateHz * layout.blockAlign, true);
  v.setUint16(32, layout.blockAlign, true);
  v.setUint16(34, containerBits, true);
  ascii(36, 'JUNK');
  v.setUint32(40, 4, true);
  ascii(48, 'data');
  v.setUint32(52, dataBytes, true);
  new Uint8Array(buffer, CANONICAL_HEADER_BYTES).set(fileBytes.subarray(layout.dataOffset, layout.dataOffset + dataBytes));
  return buffer;
}

/** Decodes a canonical WAV (see `canonicalWav`) with node-wav into planar channels. */
export function decodeCanonicalWav(canonical: ArrayBuffer, layout: PcmWavLayout): Float32Array[] {
  let decoded;
  try {
    decoded = wav.decode(canonical);
  } catch (error) {
    throw new DecodeError('DECODE_FAILED', `node-wav could not decode the ${layout.encoding} data: ${(error as Error).message}`, { cause: error });
  }
  if (!decoded) throw new DecodeError('DECODE_FAILED', 'node-wav found no data chunk in the canonical WAV');
  if (layout.encoding === 's24') {
    // node-wav reads the most negative 24-bit value (0x800000) as +8388608/8388607; it is −1.
    for (const channel of decoded.channelData) {
      for (let i = 0; i < channel.length; i++) if (channel[i]! > 1) channel[i] = -1;
    }
  }
  return decoded.channelData;
}
