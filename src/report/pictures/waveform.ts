import { createImage, type RgbImage } from './png.js';

export interface WaveformColumns {
  min: Float32Array;
  max: Float32Array;
  /** RMS per column, drawn darker inside the min…max envelope. */
  rms: Float32Array;
}

/** The envelope of `samples` over `width` equal time slices (a slice shorter than one sample repeats its neighbour). */
export function waveformColumns(samples: Float32Array, width: number): WaveformColumns {
  const min = new Float32Array(width);
  const max = new Float32Array(width);
  const rms = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const start = Math.floor((x * samples.length) / width);
    const end = Math.max(start + 1, Math.floor(((x + 1) * samples.length) / width));
    let lo = Infinity;
    let hi = -Infinity;
    let energy = 0;
    for (let i = start; i < Math.min(end, samples.length); i++) {
      const v = samples[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      energy += v * v;
    }
    const n = Math.min(end, samples.length) - start;
    min[x] = n > 0 ? lo : 0;
    max[x] = n > 0 ? hi : 0;
    rms[x] = n > 0 ? Math.sqrt(energy / n) : 0;
  }
  return { min, max, rms };
}

const BACKGROUND = [250, 251, 253] as const;
const ENVELOPE = [126, 160, 214] as const;
const BODY = [37, 84, 168] as const;
const CLIP = [214, 48, 49] as const;
const AXIS = [205, 210, 220] as const;

/** Full scale spans the height; samples at ±1 (clipping) are painted red. */
export function renderWaveform(samples: Float32Array, width: number, height: number): RgbImage {
  const image = createImage(width, height, BACKGROUND);
  const { min, max, rms } = waveformColumns(samples, width);
  const mid = (height - 1) / 2;
  const row = (v: number) => Math.round(mid - Math.max(-1, Math.min(1, v)) * mid);
  const paint = (x: number, from: number, to: number, rgb: readonly [number, number, number]) => {
    for (let y = Math.min(from, to); y <= Math.max(from, to); y++) image.pixels.set(rgb, (y * width + x) * 3);
  };
  for (let x = 0; x < width; x++) {
    paint(x, Math.round(mid), Math.round(mid), AXIS);
    const clipped = max[x]! >= 0.999 || min[x]! <= -0.999;
    paint(x, row(max[x]!), row(min[x]!), clipped ? CLIP : ENVELOPE);
    paint(x, row(rms[x]!), row(-rms[x]!), clipped ? CLIP : BODY);
  }
  return image;
}
