import { GrowableFloat32 } from './growable.js';
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
 * Mean square of the mono signal band-passed to 500 Hz – 4 kHz (4th-order Butterworth high- and low-pass;
 * the top edge drops to 0.45 × the sample rate for narrow-band audio), per fine hop: the band-limited
 * envelope that reverberation decays are read from. One float per fine hop.
 */
export class SpeechBandAccumulator {
  private readonly sections: Biquad[];
  private readonly state: Float64Array;
  private readonly values: GrowableFloat32;
  private sum = 0;
  private fill = 0;

  constructor(
    sampleRateHz: number,
    private readonly fineHopSize: number,
    expectedHops = 0,
  ) {
    const highHz = Math.min(SPEECH_BAND_HIGH_HZ, 0.45 * sampleRateHz);
    this.sections = BUTTERWORTH_Q.flatMap((q) => [section('high', SPEECH_BAND_LOW_HZ, sampleRateHz, q), section('low', highHz, sampleRateHz, q)]);
    this.state = new Float64Array(this.sections.length * 2);
    this.values = new GrowableFloat32(expectedHops);
  }

  /** The four sections and the fine-hop energy in one loop with every coefficient and delay in a local. */
  push(mono: Float32Array): void {
    const [h1, l1, h2, l2] = this.sections as [Biquad, Biquad, Biquad, Biquad];
    const state = this.state;
    let s0 = state[0]!;
    let s1 = state[1]!;
    let s2 = state[2]!;
    let s3 = state[3]!;
    let s4 = state[4]!;
    let s5 = state[5]!;
    let s6 = state[6]!;
    let s7 = state[7]!;
    const { b0: a0, b1: a1, b2: a2, a1: ra1, a2: ra2 } = h1;
    const { b0: b0, b1: b1, b2: b2, a1: rb1, a2: rb2 } = l1;
    const { b0: c0, b1: c1, b2: c2, a1: rc1, a2: rc2 } = h2;
    const { b0: d0, b1: d1, b2: d2, a1: rd1, a2: rd2 } = l2;
    let { sum, fill } = this;
    const hop = this.fineHopSize;
    for (let i = 0; i < mono.length; i++) {
      const v = mono[i]!;
      const w = a0 * v + s0;
      s0 = a1 * v - ra1 * w + s1;
      s1 = a2 * v - ra2 * w;
      const x = b0 * w + s2;
      s2 = b1 * w - rb1 * x + s3;
      s3 = b2 * w - rb2 * x;
      const y = c0 * x + s4;
      s4 = c1 * x - rc1 * y + s5;
      s5 = c2 * x - rc2 * y;
      const z = d0 * y + s6;
      s6 = d1 * y - rd1 * z + s7;
      s7 = d2 * y - rd2 * z;
      sum += z * z;
      if (++fill === hop) {
        this.values.push(sum / hop);
        sum = 0;
        fill = 0;
      }
    }
    state[0] = s0;
    state[1] = s1;
    state[2] = s2;
    state[3] = s3;
    state[4] = s4;
    state[5] = s5;
    state[6] = s6;
    state[7] = s7;
    this.sum = sum;
    this.fill = fill;
  }

  finish(): Float32Array {
    if (this.fill > 0) this.values.push(this.sum / this.fill);
    this.sum = 0;
    this.fill = 0;
    return this.values.toArray();
  }
}
