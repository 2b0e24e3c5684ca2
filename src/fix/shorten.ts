import type { TimeSpan } from '../analysis/types.js';
import { secondsText, type Action, type Piece } from './timeline.js';

/**
 * Cuts shorter than this are left out: they change nothing audible and would only add a join
 * (about the length of the crossfade the writer puts at each join).
 */
export const MIN_CUT_S = 0.01;

export interface ShortenOptions {
  /** Silence kept before the first and after the last word; null leaves the ends alone. */
  trimPadS: number | null;
  /** Pauses longer than `maxS` are shortened to `shortenToS`; null leaves them alone. */
  gaps: { maxS: number; shortenToS: number } | null;
}

export interface Shortened {
  /** What is kept, in source order. */
  pieces: Piece[];
  actions: Action[];
}

/**
 * Trims the ends to a pad of room tone and shortens long pauses, never cutting into speech.
 * A shortened pause keeps half of its new length on each side, so the join sits in the middle of the pause.
 */
export function trimAndShorten(durationS: number, speech: readonly TimeSpan[], options: ShortenOptions): Shortened {
  const first = speech[0];
  const last = speech.at(-1);
  let startS = 0;
  let endS = durationS;
  let startWhy = 'source start';
  let endWhy = 'source end';
  const actions: Action[] = [];
  if (options.trimPadS !== null && first && last) {
    const padS = options.trimPadS;
    if (first.startS - padS >= MIN_CUT_S) {
      startS = first.startS - padS;
      startWhy = 'trim leading silence';
      actions.push({
        cut: { kind: 'trim-leading', startS: 0, endS: startS },
        note: `trimmed ${secondsText(first.startS)} of leading silence to ${secondsText(padS)}`,
      });
    }
    if (durationS - last.endS - padS >= MIN_CUT_S) {
      endS = last.endS + padS;
      endWhy = 'trim trailing silence';
      actions.push({
        cut: { kind: 'trim-trailing', startS: endS, endS: durationS },
        note: `trimmed ${secondsText(durationS - last.endS)} of trailing silence to ${secondsText(padS)}`,
      });
    }
  }

  const pieces: Piece[] = [];
  let pieceStartS = startS;
  let pieceStartWhy = startWhy;
  if (options.gaps) {
    const { maxS, shortenToS } = options.gaps;
    for (let i = 0; i + 1 < speech.length; i++) {
      const pauseStartS = speech[i]!.endS;
      const pauseEndS = speech[i + 1]!.startS;
      const pauseS = pauseEndS - pauseStartS;
      if (pauseS <= maxS || pauseS - shortenToS < MIN_CUT_S) continue;
      const cut = { kind: 'shorten-gap' as const, startS: pauseStartS + shortenToS / 2, endS: pauseEndS - shortenToS / 2 };
      const why = `shorten gap ${pauseStartS.toFixed(2)}–${pauseEndS.toFixed(2)} s`;
      pieces.push({ startS: pieceStartS, endS: cut.startS, startWhy: pieceStartWhy, endWhy: why });
      pieceStartS = cut.endS;
      pieceStartWhy = why;
      actions.push({ cut, note: `shortened the ${secondsText(pauseS)} pause at ${secondsText(pauseStartS)} to ${secondsText(shortenToS)}` });
    }
  }
  pieces.push({ startS: pieceStartS, endS, startWhy: pieceStartWhy, endWhy });
  actions.sort((a, b) => a.cut.startS - b.cut.startS);
  return { pieces, actions };
}
