import type { KeptSpan } from './types.js';

/** Length of the raised-cosine crossfade at each join, and of the fades at an output's two ends. */
export const CROSSFADE_S = 0.01;

/** One kept span's share of an output, in samples; it reaches into the cut by half a crossfade at each join. */
export interface Part {
  srcFrom: number;
  /** Exclusive. */
  srcTo: number;
  /** Output index of `srcFrom`. */
  outFrom: number;
  fadeIn: number;
  fadeOut: number;
}

export interface Layout {
  parts: Part[];
  frameCount: number;
  edgeFade: number;
}

/**
 * Sample layout of an output. Join positions are the rounded running sums of the span durations, so the
 * output has round(durationS · rate) samples; each crossfade is centred on its join and takes samples from
 * just beyond the kept spans, so it does not shorten the output.
 */
export function layoutOutput(spans: readonly KeptSpan[], sampleRateHz: number): Layout {
  const halfFade = Math.round((CROSSFADE_S * sampleRateHz) / 2);
  const pieces: { src: number; out: number; length: number }[] = [];
  let sumS = 0;
  for (const span of spans) {
    const out = Math.round(sumS * sampleRateHz);
    sumS += span.endS - span.startS;
    const length = Math.round(sumS * sampleRateHz) - out;
    if (length > 0) pieces.push({ src: Math.round(span.startS * sampleRateHz), out, length });
  }
  const joins = pieces.slice(1).map((right, k) => Math.min(halfFade, Math.floor(pieces[k]!.length / 2), Math.floor(right.length / 2), right.src));
  const parts = pieces.map(({ src, out, length }, k) => {
    const before = k > 0 ? joins[k - 1]! : 0;
    const after = joins[k] ?? 0;
    return { srcFrom: src - before, srcTo: src + length + after, outFrom: out - before, fadeIn: 2 * before, fadeOut: 2 * after };
  });
  const frameCount = Math.round(sumS * sampleRateHz);
  return { parts, frameCount, edgeFade: Math.min(halfFade, Math.floor(frameCount / 2)) };
}

const rampCache = new Map<number, Float32Array>();

/** Raised-cosine rise over `n` samples; its mirror image falls, and the two sum to exactly one. */
function ramp(n: number): Float32Array {
  let r = rampCache.get(n);
  if (!r) {
    r = new Float32Array(n);
    for (let i = 0; i < n; i++) r[i] = 0.5 - 0.5 * Math.cos((Math.PI * (i + 0.5)) / n);
    rampCache.set(n, r);
  }
  return r;
}

/** Weight of sample `pos` of a part (fade in at its start, out at its end). */
function weight(part: Part, pos: number): number {
  if (pos < part.fadeIn) return ramp(part.fadeIn)[pos]!;
  const fromEnd = part.srcTo - part.srcFrom - 1 - pos;
  if (fromEnd < part.fadeOut) return ramp(part.fadeOut)[fromEnd]!;
  return 1;
}

/**
 * Builds one output from a single pass over the mono source, holding only the samples not yet final (about a
 * chunk plus a crossfade), and hands them out as 16-bit little-endian PCM. Conversion rounds to the nearest
 * step without dither: outputs are re-measured, digital silence in a pad stays silent, and rounding error
 * (≈ −101 dBFS RMS) sits far below any room's noise.
 */
export class OutputRenderer {
  readonly srcFrom: number;
  readonly srcTo: number;
  private readonly layout: Layout;
  private readonly gain: number;
  private pending = new Float32Array(0);
  private flushed = 0;
  private firstOpen = 0;

  constructor(spans: readonly KeptSpan[], sampleRateHz: number, gain: number) {
    this.layout = layoutOutput(spans, sampleRateHz);
    this.gain = gain;
    this.srcFrom = this.layout.parts[0]?.srcFrom ?? 0;
    this.srcTo = this.layout.parts.at(-1)?.srcTo ?? 0;
  }

  get frameCount(): number {
    return this.layout.frameCount;
  }

  get done(): boolean {
    return this.flushed === this.layout.frameCount;
  }

  /** Mixes in a chunk of mono source that starts at source sample `at`; returns the PCM that is now final. */
  push(mono: Float32Array, at: number): Buffer {
    const end = at + mono.length;
    const { parts } = this.layout;
    for (let k = this.firstOpen; k < parts.length && parts[k]!.srcFrom < end; k++) {
      const part = parts[k]!;
      const from = Math.max(at, part.srcFrom);
      const to = Math.min(end, part.srcTo);
      if (to <= from) continue;
      this.reserve(part.outFrom + (to - part.srcFrom));
      for (let i = from; i < to; i++) {
        const x = mono[i - at]!;
        const pos = i - part.srcFrom;
        if (Number.isFinite(x)) this.pending[part.outFrom + pos - this.flushed]! += x * weight(part, pos);
      }
    }
    while (this.firstOpen < parts.length && parts[this.firstOpen]!.srcTo <= end) this.firstOpen++;
    // Samples before the earliest output index an unfinished part can still reach are final.
    let final = this.layout.frameCount;
    for (let k = this.firstOpen; k < parts.length && parts[k]!.outFrom < final; k++) {
      const part = parts[k]!;
      final = Math.min(final, part.outFrom + Math.max(0, end - part.srcFrom));
    }
    return this.flush(final);
  }

  /** Everything not yet handed out (silence where the source ended before the plan expected). */
  finish(): Buffer {
    return this.flush(this.layout.frameCount);
  }

  private reserve(outEnd: number): void {
    const needed = outEnd - this.flushed;
    if (needed <= this.pending.length) return;
    const grown = new Float32Array(Math.max(needed, 2 * this.pending.length));
    grown.set(this.pending);
    this.pending = grown;
  }

  private flush(upTo: number): Buffer {
    const count = Math.max(0, upTo - this.flushed);
    const pcm = Buffer.alloc(2 * count);
    const { frameCount, edgeFade } = this.layout;
    const fade = ramp(edgeFade);
    for (let j = 0; j < count; j++) {
      const index = this.flushed + j;
      let edge = 1;
      if (index < edgeFade) edge = fade[index]!;
      else if (index >= frameCount - edgeFade) edge = fade[frameCount - 1 - index]!;
      const v = Math.max(-1, Math.min(1, (this.pending[j] ?? 0) * this.gain * edge));
      pcm.writeInt16LE(v < 0 ? Math.round(v * 32768) : Math.round(v * 32767), 2 * j);
    }
    if (count > 0 && count < this.pending.length) {
      this.pending.copyWithin(0, count);
      this.pending.fill(0, this.pending.length - count);
    } else if (count > 0) this.pending.fill(0);
    this.flushed += count;
    return pcm;
  }
}
