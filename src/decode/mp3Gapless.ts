import type { ReadAt } from './wavHeader.js';

/**
 * The exact sample count of a LAME-tagged MP3 (frames × samples per frame − encoder delay − padding), as
 * ffmpeg computes it when it opens the file by name. Over a pipe ffmpeg cannot check the tag's byte count
 * against the file size, distrusts the tag and keeps the final frame's padding (up to 1152 samples of
 * near-silence); knowing the size, we can apply the tag. Null when there is no usable tag.
 */
export async function mp3GaplessFrames(readAt: ReadAt, fileBytes: number): Promise<number | null> {
  const id3 = await readAt(0, 10);
  let offset = 0;
  if (id3.length === 10 && id3[0] === 0x49 && id3[1] === 0x44 && id3[2] === 0x33) {
    const size = ((id3[6]! & 0x7f) << 21) | ((id3[7]! & 0x7f) << 14) | ((id3[8]! & 0x7f) << 7) | (id3[9]! & 0x7f);
    offset = 10 + size + (id3[5]! & 0x10 ? 10 : 0);
  }
  const frame = await readAt(offset, 192);
  if (frame.length < 192 || frame[0] !== 0xff || (frame[1]! & 0xe0) !== 0xe0) return null;
  const version = (frame[1]! >> 3) & 0x03; // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
  const layer = (frame[1]! >> 1) & 0x03; // 1: layer III
  if (version === 1 || layer !== 1) return null;
  const mono = frame[3]! >> 6 === 3;
  const samplesPerFrame = version === 3 ? 1152 : 576;
  const sideInfoBytes = version === 3 ? (mono ? 17 : 32) : mono ? 9 : 17;
  let at = 4 + sideInfoBytes;
  const tag = String.fromCharCode(...frame.subarray(at, at + 4));
  if (tag !== 'Xing' && tag !== 'Info') return null;
  const v = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const flags = v.getUint32(at + 4);
  at += 8;
  if (!(flags & 0x1)) return null;
  const frames = v.getUint32(at);
  at += 4;
  if (flags & 0x2) {
    // ffmpeg's check: a byte count far from the file's (concatenated or growing files) voids the tag.
    const tagBytes = v.getUint32(at);
    const actualBytes = fileBytes - offset;
    const smaller = Math.min(tagBytes, actualBytes);
    if (Math.abs(tagBytes - actualBytes) > smaller / 16) return null;
    at += 4;
  }
  if (flags & 0x4) at += 100;
  if (flags & 0x8) at += 4;
  const encoder = String.fromCharCode(...frame.subarray(at, at + 4));
  // Only these encoders write delay and padding where ffmpeg reads them.
  if (encoder !== 'LAME' && encoder !== 'Lavf' && encoder !== 'Lavc') return null;
  const pads = (frame[at + 21]! << 16) | (frame[at + 22]! << 8) | frame[at + 23]!;
  const total = frames * samplesPerFrame - (pads >> 12) - (pads & 0xfff);
  return total > 0 ? total : null;
}
