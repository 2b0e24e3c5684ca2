import type { TimeSpan } from '../analysis/types.js';
import type { KeptSpan, PlannedCut } from './types.js';

/** A kept stretch of source time; each edge remembers why it is there (for `KeptSpan.reason`). */
export interface Piece extends TimeSpan {
  startWhy: string;
  endWhy: string;
}

/** A cut with the sentence the report shows for it. */
export interface Action {
  cut: PlannedCut;
  note: string;
}

/** Seconds as notes show them: "2.35 s". */
export const secondsText = (s: number): string => `${s.toFixed(2)} s`;

/** Speech segments clamped to the clip, sorted, overlapping ones merged. */
export function cleanSpeech(speech: readonly TimeSpan[], durationS: number): TimeSpan[] {
  const clamped = speech
    .map((s) => ({ startS: Math.max(0, s.startS), endS: Math.min(durationS, s.endS) }))
    .filter((s) => s.endS > s.startS)
    .sort((a, b) => a.startS - b.startS);
  const merged: TimeSpan[] = [];
  for (const span of clamped) {
    const last = merged.at(-1);
    if (last && span.startS <= last.endS) last.endS = Math.max(last.endS, span.endS);
    else merged.push({ ...span });
  }
  return merged;
}

export function keptLengthS(pieces: readonly TimeSpan[]): number {
  return pieces.reduce((sum, p) => sum + (p.endS - p.startS), 0);
}

/** Where a source time lands in the joined output; a time inside a cut lands where the next piece starts. */
export function outputTimeS(pieces: readonly TimeSpan[], sourceS: number): number {
  let outS = 0;
  for (const p of pieces) {
    if (sourceS <= p.startS) return outS;
    if (sourceS < p.endS) return outS + (sourceS - p.startS);
    outS += p.endS - p.startS;
  }
  return outS;
}

/** The source time where the joined output reaches `outS` (the end of the last piece past the end). */
export function sourceTimeS(pieces: readonly TimeSpan[], outS: number): number {
  let restS = outS;
  for (const p of pieces) {
    if (restS <= p.endS - p.startS) return p.startS + Math.max(0, restS);
    restS -= p.endS - p.startS;
  }
  return pieces.at(-1)?.endS ?? 0;
}

/** The pieces between two source times; the new edges carry the given reasons. */
export function slicePieces(pieces: readonly Piece[], fromS: number, toS: number, fromWhy: string, toWhy: string): Piece[] {
  const sliced: Piece[] = [];
  for (const p of pieces) {
    const startS = Math.max(p.startS, fromS);
    const endS = Math.min(p.endS, toS);
    if (endS <= startS) continue;
    sliced.push({ startS, endS, startWhy: startS === fromS ? fromWhy : p.startWhy, endWhy: endS === toS ? toWhy : p.endWhy });
  }
  return sliced;
}

export function toKeptSpans(pieces: readonly Piece[]): KeptSpan[] {
  return pieces.map((p) => ({ startS: p.startS, endS: p.endS, reason: `from ${p.startWhy} to ${p.endWhy}` }));
}
