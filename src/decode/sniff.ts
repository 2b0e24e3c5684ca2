import { DecodeError, hexBytes } from './errors.js';

/** Bytes of the file's start that `refuseNonAudio` looks at. */
export const SNIFF_BYTES = 4096;

const NON_AUDIO_SIGNATURES: { magic: number[]; what: string }[] = [
  { magic: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { magic: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { magic: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { magic: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { magic: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive' },
  { magic: [0x7f, 0x45, 0x4c, 0x46], what: 'an ELF executable' },
  { magic: [0x1f, 0x8b], what: 'gzip data' },
];

/** Text formats that make ffmpeg open other files or URLs (HLS playlists, concat scripts, SDP, M3U). */
const UNSAFE_TEXT = [/^#EXT/i, /^ffconcat/i, /^file\s+['"]?[^\s]/i, /^v=0\s/, /^(https?|rtsp|rtmp|file|ftp|tcp|udp|pipe|data|subfile|concat|crypto):/i];

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** Printable UTF-8 with no control bytes other than whitespace: no audio container looks like that. */
function looksLikeText(bytes: Uint8Array): boolean {
  for (const b of bytes) {
    if (b < 0x09 || (b > 0x0d && b < 0x20) || b === 0x7f) return false;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, Math.max(0, bytes.length - 3)));
    return true;
  } catch {
    return false;
  }
}

/**
 * Refuses, before any decoder sees them, inputs that would make ffmpeg open something else
 * (`input/unsafe`) and inputs that are recognisably not audio (`input/not-audio`).
 */
export function refuseNonAudio(head: Uint8Array): void {
  const text = new TextDecoder('utf-8').decode(head.subarray(0, 256)).replace(/^\uFEFF/, '').trimStart();
  if (UNSAFE_TEXT.some((pattern) => pattern.test(text))) {
    const firstLine = text.split(/\r?\n/, 1)[0]!.slice(0, 60);
    throw new DecodeError('INPUT_UNSAFE', `Expected audio, got a playlist or script that names other files or URLs (starts "${firstLine}"); refusing to follow it`);
  }
  for (const { magic, what } of NON_AUDIO_SIGNATURES) {
    if (startsWith(head, magic)) throw new DecodeError('INPUT_NOT_AUDIO', `Expected audio, got bytes ${hexBytes(head)} (${what}?)`);
  }
  if (looksLikeText(head)) {
    const preview = text.slice(0, 40).replace(/\s+/g, ' ');
    throw new DecodeError('INPUT_NOT_AUDIO', `Expected audio, got text ("${preview}")`);
  }
}
