/**
 * Band-limited resampling with a Hann-windowed sinc kernel (Smith, "Digital Audio Resampling", 2002):
 * each output sample is the kernel-weighted sum of the input around its position, the cut-off at 0.95 of
 * the lower Nyquist frequency. Slow but exact enough for fixtures of a few seconds.
 */
const ZERO_CROSSINGS = 24;

export function resample(x: Float32Array, fromRateHz: number, toRateHz: number): Float32Array {
  if (fromRateHz === toRateHz) return x.slice();
  const ratio = toRateHz / fromRateHz;
  const cutoff = 0.95 * Math.min(1, ratio); // in units of the input Nyquist
  const halfWidth = ZERO_CROSSINGS / cutoff; // in input samples
  const out = new Float32Array(Math.floor(x.length * ratio));
  for (let n = 0; n < out.length; n++) {
    const centre = n / ratio;
    const first = Math.max(0, Math.ceil(centre - halfWidth));
    const last = Math.min(x.length - 1, Math.floor(centre + halfWidth));
    let sum = 0;
    for (let k = first; k <= last; k++) {
      const t = k - centre;
      const arg = Math.PI * cutoff * t;
      const sinc = arg === 0 ? 1 : Math.sin(arg) / arg;
      const window = 0.5 + 0.5 * Math.cos((Math.PI * t) / halfWidth);
      sum += x[k]! * sinc * window;
    }
    out[n] = sum * cutoff;
  }
  return out;
}
