import { describe, expect, it } from 'vitest';
import { interleavedToPlanar } from '../../src/decode/pcm.js';

/** Every 16-bit value once, little-endian, starting `offset` bytes into the buffer. */
function allS16(offset: number): Uint8Array {
  const bytes = new Uint8Array(offset + 65536 * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < 65536; i++) view.setInt16(offset + 2 * i, i - 32768, true);
  return bytes.subarray(offset);
}

describe('16-bit PCM to float', () => {
  it.each([0, 1])('maps every value x to x / 32768 below zero and x / 32767 from zero on, exactly (data at byte offset %i)', (offset) => {
    const [mono] = interleavedToPlanar(allS16(offset), 's16', 1) as [Float32Array];
    const expected = Float32Array.from({ length: 65536 }, (_, i) => {
      const x = i - 32768;
      return x < 0 ? x / 32768 : x / 32767;
    });
    expect(mono).toEqual(expected);
    expect(mono[0]).toBe(-1);
    expect(mono[65535]).toBe(1);
  });

  it('splits interleaved stereo into planar channels', () => {
    const [left, right] = interleavedToPlanar(allS16(0), 's16', 2) as [Float32Array, Float32Array];
    expect(left.length).toBe(32768);
    expect(left[1]).toBe(-32766 / 32768);
    expect(right[32767]).toBe(1);
  });
});
