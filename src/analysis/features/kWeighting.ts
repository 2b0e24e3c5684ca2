/**
 * ITU-R BS.1770-4 K-weighting (high-shelf pre-filter + RLB high-pass) as two biquads, with
 * coefficients derived for any sample rate from the analog prototypes (as libebur128 and ffmpeg do),
 * so 16 kHz and 44.1 kHz inputs are weighted like 48 kHz ones.
 */
import type { Biquad } from './biquad.js';

export function kWeightingFilters(sampleRateHz: number): [Biquad, Biquad] {
  let f0 = 1681.974450955533;
  const gainDb = 3.999843853973347;
  let q = 0.7071752369554196;
  let k = Math.tan((Math.PI * f0) / sampleRateHz);
  const vh = 10 ** (gainDb / 20);
  const vb = vh ** 0.4996667741545416;
  let a0 = 1 + k / q + k * k;
  const shelf: Biquad = {
    b0: (vh + (vb * k) / q + k * k) / a0,
    b1: (2 * (k * k - vh)) / a0,
    b2: (vh - (vb * k) / q + k * k) / a0,
    a1: (2 * (k * k - 1)) / a0,
    a2: (1 - k / q + k * k) / a0,
  };
  f0 = 38.13547087602444;
  q = 0.5003270373238773;
  k = Math.tan((Math.PI * f0) / sampleRateHz);
  a0 = 1 + k / q + k * k;
  const highPass: Biquad = {
    b0: 1,
    b1: -2,
    b2: 1,
    a1: (2 * (k * k - 1)) / a0,
    a2: (1 - k / q + k * k) / a0,
  };
  return [shelf, highPass];
}

/** BS.1770 channel weights by channel count: 1 for front channels, 1.41 for surrounds, 0 for LFE (5.1 order L R C LFE Ls Rs). */
export function loudnessChannelWeights(channels: number): number[] {
  const weights = new Array<number>(channels).fill(1);
  if (channels === 6) {
    weights[3] = 0;
    weights[4] = 1.41;
    weights[5] = 1.41;
  }
  return weights;
}
