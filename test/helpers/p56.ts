/**
 * ITU-T P.56 method B active speech level, as in the `asl_P56` reference implementations (Loizou,
 * "Speech Enhancement", 2007; the code NOIZEUS was labelled with). The rectified signal is smoothed by two
 * cascaded one-pole filters (time constant 0.03 s); for each threshold c_j = 2^-15 … 2^-1 a sample is active
 * while the envelope is ≥ c_j or within 0.2 s (hangover) of that. The active level is the one where the
 * active mean square sits 15.9 dB above the threshold, found by the reference's bisection between the two
 * bracketing thresholds (tolerance 0.5 dB). It reproduces the NOIZEUS labels (clean vs. noisy − clean) exactly.
 */
const TIME_CONSTANT_S = 0.03;
const HANGOVER_S = 0.2;
const MARGIN_DB = 15.9;
const THRESHOLD_COUNT = 15;

/** Active speech level as a mean square (same scale as x²), or null if the signal never rises above the margin. */
export function activeSpeechLevel(x: Float32Array, sampleRateHz: number): number | null {
  const hangover = Math.ceil(sampleRateHz * HANGOVER_S);
  const g = Math.exp(-1 / (sampleRateHz * TIME_CONSTANT_S));
  const thresholds = Array.from({ length: THRESHOLD_COUNT }, (_, j) => 2 ** (j - 15));
  const active = new Float64Array(THRESHOLD_COUNT);
  const hang = new Float64Array(THRESHOLD_COUNT).fill(hangover);
  let p = 0;
  let q = 0;
  let sumSquares = 0;
  for (let n = 0; n < x.length; n++) {
    const v = x[n]!;
    sumSquares += v * v;
    p = g * p + (1 - g) * Math.abs(v);
    q = g * q + (1 - g) * p;
    for (let j = 0; j < THRESHOLD_COUNT; j++) {
      if (q >= thresholds[j]!) {
        active[j]!++;
        hang[j] = 0;
      } else if (hang[j]! < hangover) {
        active[j]!++;
        hang[j]!++;
      } else break;
    }
  }
  if (active[0] === 0) return null;
  const eps = 2.220446049250313e-16;
  const activeDb = Array.from(active, (a) => 10 * Math.log10(sumSquares / (a + eps) + eps));
  const thresholdDb = thresholds.map((c) => 20 * Math.log10(c + eps));
  if (activeDb[0]! - thresholdDb[0]! < MARGIN_DB) return null;
  for (let j = 1; j < THRESHOLD_COUNT; j++) {
    if (active[j] !== 0 && activeDb[j]! - thresholdDb[j]! <= MARGIN_DB) {
      return 10 ** (bisect(activeDb[j]!, activeDb[j - 1]!, thresholdDb[j]!, thresholdDb[j - 1]!) / 10);
    }
  }
  return null;
}

/** The reference's interpolation between the bracketing thresholds (kept as is, so labels match NOIZEUS). */
function bisect(upCount: number, lowCount: number, upThreshold: number, lowThreshold: number): number {
  let tol = 0.5;
  if (Math.abs(upCount - upThreshold - MARGIN_DB) < tol) return upCount;
  if (Math.abs(lowCount - lowThreshold - MARGIN_DB) < tol) return lowCount;
  let midCount = (upCount + lowCount) / 2;
  let midThreshold = (upThreshold + lowThreshold) / 2;
  for (let iteration = 1; ; ) {
    const diff = midCount - midThreshold - MARGIN_DB;
    if (Math.abs(diff) <= tol) return midCount;
    if (++iteration > 20) tol *= 1.1;
    if (diff > tol) {
      midCount = (upCount + midCount) / 2;
      midThreshold = (upThreshold + midThreshold) / 2;
    } else if (diff < -tol) {
      midCount = (midCount + lowCount) / 2;
      midThreshold = (midThreshold + lowThreshold) / 2;
    }
  }
}
