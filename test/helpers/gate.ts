/**
 * A noise gate keyed by the clean speech, as podcast chains, conferencing apps and hand-edited datasets apply
 * one: open where the speech's 10 ms level is within OPEN_WITHIN_DB of its loudest frames (held HOLD_S,
 * RAMP_S linear ramps), CLOSED_GAIN elsewhere; PAD_S of closed gate at both ends.
 */
import { add, meanPower } from './mixing.js';

const OPEN_WITHIN_DB = 40;
const HOLD_S = 0.15;
const RAMP_S = 0.005;
const CLOSED_GAIN = 10 ** (-60 / 20);
const PAD_S = 0.6;

/** Samples of closed gate added before and after the speech. */
export function gatePad(sampleRateHz: number): number {
  return Math.round(PAD_S * sampleRateHz);
}

function gateGain(clean: Float32Array, sampleRateHz: number): Float32Array {
  const hop = Math.round(sampleRateHz / 100);
  const frames = Math.ceil(clean.length / hop);
  const level = Float64Array.from({ length: frames }, (_, t) => meanPower(clean, t * hop, Math.min(clean.length, (t + 1) * hop)));
  const loud = Float64Array.from(level).sort()[Math.floor(0.95 * (frames - 1))]!;
  const open = new Uint8Array(frames);
  const hold = Math.round(HOLD_S * 100);
  for (let t = 0; t < frames; t++) {
    if (level[t]! >= loud * 10 ** (-OPEN_WITHIN_DB / 10)) open.fill(1, Math.max(0, t - hold), Math.min(frames, t + hold + 1));
  }
  const step = (1 - CLOSED_GAIN) / Math.round(RAMP_S * sampleRateHz);
  const gain = new Float32Array(clean.length);
  let g = open[0] === 1 ? 1 : CLOSED_GAIN;
  for (let i = 0; i < clean.length; i++) {
    const target = open[Math.floor(i / hop)] === 1 ? 1 : CLOSED_GAIN;
    g = target > g ? Math.min(target, g + step) : Math.max(target, g - step);
    gain[i] = g;
  }
  return gain;
}

/** (clean, padded with gatePad() samples of silence at both ends) + noise, through the gate. `noise` is that long. */
export function gatedMixture(clean: Float32Array, noise: Float32Array, sampleRateHz: number): Float32Array {
  const pad = gatePad(sampleRateHz);
  const padded = new Float32Array(clean.length + 2 * pad);
  padded.set(clean, pad);
  const mixture = add(padded, noise);
  const gain = gateGain(padded, sampleRateHz);
  for (let i = 0; i < mixture.length; i++) mixture[i] = mixture[i]! * gain[i]!;
  return mixture;
}
