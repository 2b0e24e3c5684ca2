/** Deterministic test signals with known answers. */
import { seededRandom } from '../../src/server/prng.js';

/** Mulberry32, the same seeded generator the embedding server's fault injection uses. */
export { seededRandom };

export function sine(freqHz: number, amplitude: number, durationS: number, sampleRateHz: number, phase = 0): Float32Array {
  const n = Math.round(durationS * sampleRateHz);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = amplitude * Math.sin((2 * Math.PI * freqHz * i) / sampleRateHz + phase);
  return out;
}


/** Gaussian white noise with the given RMS. */
export function whiteNoise(rms: number, durationS: number, sampleRateHz: number, seed = 1): Float32Array {
  const random = seededRandom(seed);
  const n = Math.round(durationS * sampleRateHz);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = Math.max(random(), 1e-12);
    const v = random();
    const r = Math.sqrt(-2 * Math.log(u)) * rms;
    out[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

export function dbToAmplitude(db: number): number {
  return 10 ** (db / 20);
}
