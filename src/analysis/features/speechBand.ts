import { GrowableFloat32 } from './growable.js';
import { filterScratch, twoSections, type Biquad } from './biquad.js';

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

  push(mono: Float32Array): void {
    const { sections, state } = this;
    const x = filterScratch.get(mono.length);
    twoSections(sections[0]!, sections[1]!, mono, x, mono.length, state, 0);
    twoSections(sections[2]!, sections[3]!, x, x, mono.length, state, 4);
    let { sum, fill } = this;
    const hop = this.fineHopSize;
    for (let i = 0; i < mono.length; i++) {
      sum += x[i]! * x[i]!;
      if (++fill === hop) {
        this.values.push(sum / hop);
        sum = 0;
        fill = 0;
      }
    }
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
