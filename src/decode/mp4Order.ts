import type { ReadAt } from './wavHeader.js';

/** A piece of what ffmpeg is fed: a byte range of the file, or bytes we made. */
export type FeedSegment = { start: number; end: number } | { bytes: Uint8Array };

interface Box {
  type: string;
  start: number;
  end: number;
  headerBytes: number;
}

/** True for ISO-BMFF files (MP4, M4A, MOV, 3GP): an `ftyp` box first. */
export function isIsoBmff(head: Uint8Array): boolean {
  return head.length >= 8 && String.fromCharCode(...head.subarray(4, 8)) === 'ftyp';
}

async function topLevelBoxes(readAt: ReadAt, fileBytes: number): Promise<Box[]> {
  const boxes: Box[] = [];
  let offset = 0;
  while (offset + 8 <= fileBytes) {
    const header = await readAt(offset, 16);
    const v = new DataView(header.buffer, header.byteOffset, header.byteLength);
    let size = v.getUint32(0);
    let headerBytes = 8;
    if (size === 1 && header.length >= 16) {
      size = Number(v.getBigUint64(8));
      headerBytes = 16;
    } else if (size === 0) {
      size = fileBytes - offset;
    }
    if (size < headerBytes) break;
    const type = String.fromCharCode(...header.subarray(4, 8));
    boxes.push({ type, start: offset, end: Math.min(offset + size, fileBytes), headerBytes });
    offset += size;
  }
  return boxes;
}

const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl']);

/** Adds `shift` to every chunk offset at or past `from` in the `stco`/`co64` tables inside `moov`; false if malformed. */
function shiftChunkOffsets(moov: Uint8Array, from: number, shift: number): boolean {
  const v = new DataView(moov.buffer, moov.byteOffset, moov.byteLength);
  const walk = (start: number, end: number): boolean => {
    let offset = start;
    while (offset + 8 <= end) {
      const size = v.getUint32(offset);
      const type = String.fromCharCode(...moov.subarray(offset + 4, offset + 8));
      if (size < 8 || offset + size > end) return false;
      if (CONTAINERS.has(type)) {
        if (!walk(offset + 8, offset + size)) return false;
      } else if (type === 'stco' || type === 'co64') {
        const wide = type === 'co64';
        const count = v.getUint32(offset + 12);
        if (offset + 16 + count * (wide ? 8 : 4) > offset + size) return false;
        for (let i = 0; i < count; i++) {
          const at = offset + 16 + i * (wide ? 8 : 4);
          if (wide) {
            const value = v.getBigUint64(at);
            if (value >= BigInt(from)) v.setBigUint64(at, value + BigInt(shift));
          } else {
            const value = v.getUint32(at);
            if (value < from) continue;
            if (value + shift > 0xffffffff) return false;
            v.setUint32(at, value + shift);
          }
        }
      }
      offset += size;
    }
    return true;
  };
  return walk(8, moov.length);
}

/**
 * ffmpeg reads its input from a pipe, and its MP4 demuxer cannot seek back to the sample data when the
 * `moov` index comes after `mdat` (ffmpeg's own default layout). Such files are fed with `moov` moved in
 * front of the first `mdat` and its chunk offsets shifted, as `qt-faststart` does. Returns null when the
 * file needs no change (or has a layout this does not handle: then ffmpeg reports what it finds).
 */
export async function moovFirstFeed(readAt: ReadAt, fileBytes: number): Promise<FeedSegment[] | null> {
  const boxes = await topLevelBoxes(readAt, fileBytes);
  const moovIndex = boxes.findIndex((b) => b.type === 'moov');
  const mdatIndex = boxes.findIndex((b) => b.type === 'mdat');
  const moovBox = boxes[moovIndex];
  const mdatBox = boxes[mdatIndex];
  if (!moovBox || !mdatBox || moovIndex < mdatIndex || moovBox.headerBytes !== 8) return null;
  const moov = (await readAt(moovBox.start, moovBox.end - moovBox.start)).slice();
  if (moov.length !== moovBox.end - moovBox.start) return null;
  if (!shiftChunkOffsets(moov, mdatBox.start, moov.length)) return null;
  return [{ start: 0, end: mdatBox.start }, { bytes: moov }, { start: mdatBox.start, end: moovBox.start }, { start: moovBox.end, end: fileBytes }];
}
