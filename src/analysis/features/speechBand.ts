import type { Biquad } from './biquad.js';

/** The band where speech carries most of its energy, and where reverberation is judged. */
export const SPEECH_BAND_LOW_HZ = 500;
export const SPEECH_BAND_HIGH_HZ = 4000;

/** Q of the two sections of a 4th-order Butterworth filter. */
const BUTTERWORTH_Q = [0.5412, 1.3066];

/** RBJ cookbook low- or high-pass section. */
function section(kind: 'low' | 'high', cutoffHz: number, sampleRateHz: number, q: number): Biquad {
  const w0 = (2 * Math.PI * cutoffHz) / sampleRateHz;
  const alpha = Math.sin(w0) / (2 * q);
  const cosw = Math.cos(w0);
  const a0 = 1 + alpha;
  const b0 = (kind === 'low' ? 1 - cosw : 1 + cosw) / 2;
  const b1 = kind === 'low' ? 2 * b0 : -2 * b0;
  return { b0: b0 / a0, b1: b1 / a0, b2: b0 / a0, a1: (-2 * cosw) / a0, a2: (1 - alpha) / a0 };
}

/**
 * The filters of the band-limited envelope that reverberation decays are read from: 500 Hz – 4 kHz (4th-order
 * Butterworth high- and low-pass; the top edge drops to 0.45 × the sample rate for narrow-band audio), as
 * high-pass 1, low-pass 1, high-pass 2, low-pass 2. The sample pass runs them and keeps the band's mean square
 * per fine hop (FrameFeatures.speechBandFineEnergy).
 */
export function speechBandSections(sampleRateHz: number): [Biquad, Biquad, Biquad, Biquad] {
  const highHz = Math.min(SPEECH_BAND_HIGH_HZ, 0.45 * sampleRateHz);
  return BUTTERWORTH_Q.flatMap((q) => [section('high', SPEECH_BAND_LOW_HZ, sampleRateHz, q), section('low', highHz, sampleRateHz, q)]) as [Biquad, Biquad, Biquad, Biquad];
}
