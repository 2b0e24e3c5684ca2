import type { PcmEncoding } from '../../src/decode/wavHeader.js';

export interface WavSpec {
  channels: Float32Array[];
  sampleRateHz: number;
  encoding: PcmEncoding;
  /** WAVE_FORMAT_EXTENSIBLE `fmt ` (40 bytes) with the PCM/float sub-format GUID. */
  extensible?: boolean;
  /** Significant bits written in the extensible header (e.g. 20 in a 24-bit container). */
  validBits?: number;
  /** A `LIST` chunk before `data`, of this many bytes (odd sizes test the pad byte). */
  listBytes?: number;
  /** The data size written in the header, when it should lie (truncated files). */
  claimedDataBytes?: number;
  /** Bytes cut off the end of the file. */
  truncateBytes?: number;
}

const BYTES: Record<PcmEncoding, number> = { u8: 1, s16: 2, s24: 3, s32: 4, f32: 4, f64: 8 };
const GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

/** Writes one sample with round-to-nearest quantisation (independent of node-wav's encoder). */
function writeSample(v: DataView, at: number, x: number, encoding: PcmEncoding): void {
  const clamp = (q: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, Math.round(q)));
  switch (encoding) {
    case 'u8':
      v.setUint8(at, clamp(x * 128 + 128, 0, 255));
      break;
    case 's16':
      v.setInt16(at, clamp(x * 32768, -32768, 32767), true);
      break;
    case 's24': {
      const q = clamp(x * 8388608, -8388608, 8388607);
      v.setUint8(at, q & 0xff);
      v.setUint8(at + 1, (q >> 8) & 0xff);
      v.setInt8(at + 2, q >> 16);
      break;
    }
    case 's32':
      v.setInt32(at, clamp(x * 2147483648, -2147483648, 2147483647), true);
      break;
    case 'f32':
      v.setFloat32(at, x, true);
      break;
    case 'f64':
      v.setFloat64(at, x, true);
      break;
  }
}

/** A RIFF/WAVE file built byte by byte, so tests control every header field. */
export function buildWav(spec: WavSpec): Uint8Array {
  const { channels, sampleRateHz, encoding } = spec;
  const frames = channels[0]?.length ?? 0;
  const bytesPerSample = BYTES[encoding];
  const blockAlign = bytesPerSample * channels.length;
  const dataBytes = frames * blockAlign;
  const isFloat = encoding === 'f32' || encoding === 'f64';
  const fmtBytes = spec.extensible ? 40 : 16;
  const listBytes = spec.listBytes ?? 0;
  const listChunk = listBytes > 0 ? 8 + listBytes + (listBytes & 1) : 0;
  const total = 12 + 8 + fmtBytes + listChunk + 8 + dataBytes + (dataBytes & 1);
  const bytes = new Uint8Array(total);
  const v = new DataView(bytes.buffer);
  const ascii = (at: number, text: string): void => {
    for (let i = 0; i < text.length; i++) v.setUint8(at + i, text.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  v.setUint32(4, total - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  v.setUint32(16, fmtBytes, true);
  const tag = isFloat ? 3 : 1;
  v.setUint16(20, spec.extensible ? 0xfffe : tag, true);
  v.setUint16(22, channels.length, true);
  v.setUint32(24, sampleRateHz, true);
  v.setUint32(28, sampleRateHz * blockAlign, true);
  v.setUint16(32, blockAlign, true);
  v.setUint16(34, bytesPerSample * 8, true);
  if (spec.extensible) {
    v.setUint16(36, 22, true);
    v.setUint16(38, spec.validBits ?? bytesPerSample * 8, true);
    v.setUint32(40, 0, true);
    v.setUint16(44, tag, true);
    bytes.set(GUID_TAIL, 46);
  }
  let at = 20 + fmtBytes;
  if (listBytes > 0) {
    ascii(at, 'LIST');
    v.setUint32(at + 4, listBytes, true);
    for (let i = 0; i < listBytes; i++) v.setUint8(at + 8 + i, 0x41);
    at += listChunk;
  }
  ascii(at, 'data');
  v.setUint32(at + 4, spec.claimedDataBytes ?? dataBytes, true);
  at += 8;
  for (let i = 0; i < frames; i++) {
    for (const channel of channels) {
      writeSample(v, at, channel[i]!, encoding);
      at += bytesPerSample;
    }
  }
  return spec.truncateBytes ? bytes.subarray(0, total - spec.truncateBytes) : bytes;
}
