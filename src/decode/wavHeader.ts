import { DecodeError, decodeWarning, hexBytes, type DecodeWarning } from './errors.js';

/** Reads up to `length` bytes at `offset`; fewer at the end of the file. */
export type ReadAt = (offset: number, length: number) => Promise<Uint8Array>;

export type PcmEncoding = 'u8' | 's16' | 's24' | 's32' | 'f32' | 'f64';

/** A RIFF/WAVE file whose samples we decode ourselves. */
export interface PcmWavLayout {
  kind: 'pcm';
  encoding: PcmEncoding;
  channels: number;
  sampleRateHz: number;
  /** Bytes per frame (all channels). */
  blockAlign: number;
  /** Significant bits (≤ the container's 8/16/24/32/64), as the header states them. */
  bitDepth: number;
  dataOffset: number;
  /** Whole frames only, clamped to what the file holds. */
  frames: number;
  warnings: DecodeWarning[];
}

/** A RIFF/WAVE file in a format we leave to ffmpeg (ADPCM, µ-law, MP3-in-WAV, …). */
export interface ForeignWavLayout {
  kind: 'foreign';
  formatTag: number;
  description: string;
}

export type WavLayout = PcmWavLayout | ForeignWavLayout;

const WAVE_FORMAT_PCM = 0x0001;
const WAVE_FORMAT_IEEE_FLOAT = 0x0003;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** The tail shared by the KSDATAFORMAT_SUBTYPE GUIDs; their first two bytes are the plain format tag. */
const SUBFORMAT_GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];
const UNKNOWN_SIZE = 0xffffffff;
const MAX_CHANNELS = 1024;

function fourCC(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + 4));
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** True for `RIFF….WAVE` and `RF64….WAVE`. */
export function isRiffWave(head: Uint8Array): boolean {
  if (head.length < 12) return false;
  const riff = fourCC(head, 0);
  return (riff === 'RIFF' || riff === 'RF64') && fourCC(head, 8) === 'WAVE';
}

interface FmtChunk {
  formatTag: number;
  channels: number;
  sampleRateHz: number;
  blockAlign: number;
  bitsPerSample: number;
  validBits: number;
}

function parseFmt(body: Uint8Array, at: number): FmtChunk {
  if (body.length < 16) {
    throw new DecodeError('INPUT_NOT_AUDIO', `Expected a 'fmt ' chunk of at least 16 bytes at byte ${at}, got ${body.length}`);
  }
  const v = view(body);
  const fmt: FmtChunk = {
    formatTag: v.getUint16(0, true),
    channels: v.getUint16(2, true),
    sampleRateHz: v.getUint32(4, true),
    blockAlign: v.getUint16(12, true),
    bitsPerSample: v.getUint16(14, true),
    validBits: v.getUint16(14, true),
  };
  if (fmt.formatTag === WAVE_FORMAT_EXTENSIBLE && body.length >= 40) {
    const guidTail = Array.from(body.subarray(26, 40));
    if (guidTail.every((b, i) => b === SUBFORMAT_GUID_TAIL[i])) {
      fmt.formatTag = v.getUint16(24, true);
      const validBits = v.getUint16(18, true);
      if (validBits > 0 && validBits <= fmt.bitsPerSample) fmt.validBits = validBits;
    }
  }
  return fmt;
}

function encodingOf(fmt: FmtChunk): PcmEncoding | null {
  if (fmt.formatTag === WAVE_FORMAT_IEEE_FLOAT) {
    if (fmt.bitsPerSample === 32) return 'f32';
    if (fmt.bitsPerSample === 64) return 'f64';
    return null;
  }
  if (fmt.formatTag !== WAVE_FORMAT_PCM || fmt.bitsPerSample < 1 || fmt.bitsPerSample > 32) return null;
  // Integer samples sit left-justified in whole bytes (12-bit audio in 16-bit containers).
  const containerBytes = Math.ceil(fmt.bitsPerSample / 8);
  return (['u8', 's16', 's24', 's32'] as const)[containerBytes - 1] ?? null;
}

export const BYTES_PER_SAMPLE: Record<PcmEncoding, number> = { u8: 1, s16: 2, s24: 3, s32: 4, f32: 4, f64: 8 };

/**
 * Walks the RIFF chunk list up to `data`. Validates what we rely on (`fmt ` before `data`, block align,
 * channel count), clamps a data size the file cannot back (warning `input/truncated`) and drops a final
 * partial frame. Throws `DecodeError`s for files that are not usable WAVs.
 */
export async function parseWavHeader(readAt: ReadAt, fileBytes: number): Promise<WavLayout> {
  const riff = await readAt(0, 12);
  if (!isRiffWave(riff)) {
    throw new DecodeError('INPUT_NOT_AUDIO', `Expected a RIFF/WAVE header, got bytes ${hexBytes(riff, 12)}`);
  }
  const isRf64 = fourCC(riff, 0) === 'RF64';
  let ds64DataBytes: number | null = null;
  let fmt: FmtChunk | null = null;
  let offset = 12;
  while (offset + 8 <= fileBytes) {
    const header = await readAt(offset, 8);
    if (header.length < 8) break;
    const id = fourCC(header, 0);
    const size = view(header).getUint32(4, true);
    const bodyOffset = offset + 8;
    if (id === 'fmt ') {
      fmt = parseFmt(await readAt(bodyOffset, Math.min(size, 64)), offset);
    } else if (id === 'ds64' && isRf64) {
      const ds64 = await readAt(bodyOffset, 16);
      if (ds64.length === 16) ds64DataBytes = Number(view(ds64).getBigUint64(8, true));
    } else if (id === 'data') {
      if (!fmt) {
        throw new DecodeError('INPUT_UNSUPPORTED', `Expected a 'fmt ' chunk before the 'data' chunk (at byte ${offset}), found none`);
      }
      const claimedBytes = isRf64 && size === UNKNOWN_SIZE && ds64DataBytes !== null ? ds64DataBytes : size;
      return layoutFor(fmt, bodyOffset, claimedBytes, size === UNKNOWN_SIZE && !isRf64, fileBytes);
    }
    // Chunks are padded to an even size.
    offset = bodyOffset + size + (size & 1);
  }
  if (!fmt) throw new DecodeError('INPUT_NOT_AUDIO', `Expected a 'fmt ' chunk in the RIFF/WAVE file, found none in ${fileBytes} bytes`);
  throw new DecodeError('INPUT_NO_SAMPLES', `Expected a 'data' chunk after the 'fmt ' chunk, found none in ${fileBytes} bytes`);
}

function layoutFor(fmt: FmtChunk, dataOffset: number, claimedBytes: number, sizeUnknown: boolean, fileBytes: number): WavLayout {
  const encoding = encodingOf(fmt);
  if (!encoding) {
    const depth = fmt.bitsPerSample ? `, ${fmt.bitsPerSample}-bit` : '';
    return { kind: 'foreign', formatTag: fmt.formatTag, description: `WAV format tag 0x${fmt.formatTag.toString(16).padStart(4, '0')}${depth}` };
  }
  if (fmt.channels < 1 || fmt.channels > MAX_CHANNELS) {
    throw new DecodeError('INPUT_UNSUPPORTED', `Expected 1–${MAX_CHANNELS} channels in the WAV 'fmt ' chunk, got ${fmt.channels}`);
  }
  if (fmt.sampleRateHz < 1) throw new DecodeError('INPUT_UNSUPPORTED', `Expected a positive sample rate in the WAV 'fmt ' chunk, got ${fmt.sampleRateHz}`);
  const blockAlign = fmt.channels * BYTES_PER_SAMPLE[encoding];
  if (fmt.blockAlign !== blockAlign) {
    throw new DecodeError(
      'INPUT_UNSUPPORTED',
      `Expected block align ${blockAlign} (${fmt.channels} ch × ${BYTES_PER_SAMPLE[encoding]} bytes) in the WAV 'fmt ' chunk, got ${fmt.blockAlign}`,
    );
  }
  const warnings: DecodeWarning[] = [];
  const availableBytes = Math.max(0, fileBytes - dataOffset);
  let dataBytes = claimedBytes;
  if (sizeUnknown) {
    dataBytes = availableBytes; // written by a streaming tool that never went back to fill in the size
  } else if (claimedBytes > availableBytes) {
    dataBytes = availableBytes;
    warnings.push(
      decodeWarning(
        'INPUT_TRUNCATED',
        `The WAV header claims ${claimedBytes} bytes of audio data but the file holds ${availableBytes}; decoded what is there ` +
          `(${(Math.floor(availableBytes / blockAlign) / fmt.sampleRateHz).toFixed(3)} s)`,
      ),
    );
  }
  const partialBytes = dataBytes % blockAlign;
  if (partialBytes !== 0) {
    warnings.push(
      decodeWarning('INPUT_TRUNCATED', `The WAV data ends with an incomplete frame (${partialBytes} of ${blockAlign} bytes); dropped it`),
    );
  }
  return {
    kind: 'pcm',
    encoding,
    channels: fmt.channels,
    sampleRateHz: fmt.sampleRateHz,
    blockAlign,
    bitDepth: encoding === 'f32' || encoding === 'f64' ? fmt.bitsPerSample : fmt.validBits,
    dataOffset,
    frames: Math.floor(dataBytes / blockAlign),
    warnings,
  };
}

export function codecName(encoding: PcmEncoding): string {
  return encoding === 'u8' ? 'pcm_u8' : `pcm_${encoding}le`;
}
