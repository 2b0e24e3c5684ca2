/** Building blocks for mixtures with known SNR: rumble removal, power measures, scaling. */

/** Removes DC and rumble: 4th-order Butterworth high-pass at 60 Hz (two cascaded biquads, bilinear transform). */
export function highPass60(x: Float32Array, sampleRateHz: number): Float32Array {
  const out = new Float32Array(x);
  const k = Math.tan((Math.PI * 60) / sampleRateHz);
  for (const q of [0.5411961, 1.3065630]) {
    const norm = 1 / (1 + k / q + k * k);
    const b0 = norm;
    const b1 = -2 * norm;
    const a1 = 2 * (k * k - 1) * norm;
    const a2 = (1 - k / q + k * k) * norm;
    let x1 = 0;
    let x2 = 0;
    let y1 = 0;
    let y2 = 0;
    for (let i = 0; i < out.length; i++) {
      const v = out[i]!;
      const y = b0 * v + b1 * x1 + b0 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = v;
      y2 = y1;
      y1 = y;
      out[i] = y;
    }
  }
  return out;
}

export function meanPower(x: Float32Array, start = 0, end = x.length): number {
  let sum = 0;
  for (let i = start; i < end; i++) sum += x[i]! * x[i]!;
  return end > start ? sum / (end - start) : 0;
}

/** A recording's own noise floor: mean power of the quietest 10 % of its 20 ms frames. */
export function ownNoiseFloor(x: Float32Array, sampleRateHz: number): number {
  const size = Math.round(0.02 * sampleRateHz);
  const powers: number[] = [];
  for (let start = 0; start + size <= x.length; start += size) powers.push(meanPower(x, start, start + size));
  powers.sort((a, b) => a - b);
  const quiet = powers.slice(0, Math.max(1, Math.floor(powers.length / 10)));
  return quiet.reduce((a, b) => a + b, 0) / quiet.length;
}

/** `length` samples of `noise` from `offset` on (wrapping), scaled to mean power `power`. */
export function noiseAtPower(noise: Float32Array, offset: number, length: number, power: number): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = noise[(offset + i) % noise.length]!;
  const gain = Math.sqrt(power / meanPower(out));
  for (let i = 0; i < length; i++) out[i] = out[i]! * gain;
  return out;
}

export function add(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! + (b[i] ?? 0);
  return out;
}

export function dbToPower(db: number): number {
  return 10 ** (db / 10);
}

export function powerToDb(power: number): number {
  return 10 * Math.log10(power);
}
