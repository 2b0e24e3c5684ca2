/**
 * WADA-SNR (Kim & Stern 2008, "Robust signal-to-noise ratio estimation based on waveform amplitude
 * distribution analysis"), the blind baseline the SNR section compares against.
 *
 * The paper models clean speech amplitude as Gamma-distributed with shape α = 0.4 and noise as Gaussian; the
 * statistic G = log E|z| − E log|z| of the noisy waveform z then depends only on the SNR. The reference code
 * ships G for −20…100 dB as a table computed from that model; here the same table is computed from the model
 * at start-up (seeded Monte Carlo, 400 000 draws per dB step), so no opaque constants are copied. The estimate
 * is the table's SNR at the measured G (linear interpolation), clamped to the table's range, as in the
 * reference. Like the reference it is a whole-file SNR (speech power over all samples, pauses included).
 */
import { seededRandom } from './data.js';

const SPEECH_GAMMA_SHAPE = 0.4;
const TABLE_LOW_DB = -20;
const TABLE_HIGH_DB = 100;
const DRAWS = 400_000;
const FLOOR = 1e-10;

let table: Float64Array | null = null;

/** Marsaglia & Tsang (2000) Gamma(shape < 1) draw via Gamma(shape + 1)·U^(1/shape). */
function gammaDraw(shape: number, random: () => number, normal: () => number): number {
  const d = shape + 1 - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * random() ** (1 / shape);
  }
}

function gTable(): Float64Array {
  if (table) return table;
  const random = seededRandom(2008);
  let spare: number | null = null;
  const normal = (): number => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const r = Math.sqrt(-2 * Math.log(1 - random()));
    const theta = 2 * Math.PI * random();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
  const speech = new Float64Array(DRAWS);
  const noise = new Float64Array(DRAWS);
  for (let i = 0; i < DRAWS; i++) {
    speech[i] = gammaDraw(SPEECH_GAMMA_SHAPE, random, normal) * (random() < 0.5 ? -1 : 1);
    noise[i] = normal();
  }
  // E[x²] of a Gamma(α, 1) amplitude is α(α + 1); the noise has unit power.
  const speechPower = SPEECH_GAMMA_SHAPE * (SPEECH_GAMMA_SHAPE + 1);
  table = new Float64Array(TABLE_HIGH_DB - TABLE_LOW_DB + 1);
  for (let k = 0; k < table.length; k++) {
    const gain = Math.sqrt(10 ** ((TABLE_LOW_DB + k) / 10) / speechPower);
    const z = new Float64Array(DRAWS);
    for (let i = 0; i < DRAWS; i++) z[i] = gain * speech[i]! + noise[i]!;
    table[k] = statistic(z);
  }
  return table;
}

function statistic(z: ArrayLike<number>): number {
  let peak = 0;
  for (let i = 0; i < z.length; i++) peak = Math.max(peak, Math.abs(z[i]!));
  if (peak === 0) return 0;
  let meanAbs = 0;
  let meanLog = 0;
  for (let i = 0; i < z.length; i++) {
    const a = Math.max(FLOOR, Math.abs(z[i]!) / peak);
    meanAbs += a;
    meanLog += Math.log(a);
  }
  return Math.log(meanAbs / z.length) - meanLog / z.length;
}

/** WADA-SNR estimate in dB (whole-file speech power over noise power), within −20…100 dB. */
export function wadaSnrDb(x: Float32Array): number {
  const g = gTable();
  const value = statistic(x);
  if (value <= g[0]!) return TABLE_LOW_DB;
  for (let k = 1; k < g.length; k++) {
    if (value <= g[k]!) return TABLE_LOW_DB + k - 1 + (value - g[k - 1]!) / (g[k]! - g[k - 1]!);
  }
  return TABLE_HIGH_DB;
}
