/** Cutting real utterances at points inside loud speech, so a boundary inserted there is known to the sample. */
import { meanPower } from './mixing.js';

const BLOCK_S = 0.005;

/**
 * The utterance from its first to its last 5 ms block within `belowPeakDb` of its loudest block, with 2 ms
 * raised-cosine fades so the cut adds no click: speech starts and ends abruptly at known samples.
 */
export function loudSpan(x: Float32Array, sampleRateHz: number, belowPeakDb = 10): Float32Array {
  const block = Math.round(BLOCK_S * sampleRateHz);
  const powers: number[] = [];
  for (let start = 0; start + block <= x.length; start += block) powers.push(meanPower(x, start, start + block));
  const threshold = Math.max(...powers) * 10 ** (-belowPeakDb / 10);
  const first = powers.findIndex((p) => p >= threshold);
  const last = powers.length - 1 - [...powers].reverse().findIndex((p) => p >= threshold);
  const out = x.slice(first * block, (last + 1) * block);
  const fade = Math.round(0.002 * sampleRateHz);
  for (let i = 0; i < fade; i++) {
    const g = 0.5 - 0.5 * Math.cos((Math.PI * (i + 0.5)) / fade);
    out[i] = out[i]! * g;
    out[out.length - 1 - i] = out[out.length - 1 - i]! * g;
  }
  return out;
}

/** Concatenates parts; numbers are silences of that many seconds. Returns the signal and each part's [start, end) in seconds. */
export function concatenate(parts: (Float32Array | number)[], sampleRateHz: number): { signal: Float32Array; spans: [number, number][] } {
  const arrays = parts.map((p) => (typeof p === 'number' ? new Float32Array(Math.round(p * sampleRateHz)) : p));
  const signal = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
  const spans: [number, number][] = [];
  let offset = 0;
  for (const a of arrays) {
    signal.set(a, offset);
    spans.push([offset / sampleRateHz, (offset + a.length) / sampleRateHz]);
    offset += a.length;
  }
  return { signal, spans };
}
