import type { TimeSpan } from '../analysis/types.js';
import type { FixOptions, LevelEnvelope } from './types.js';
import { keptLengthS, outputTimeS, secondsText, sourceTimeS, type Action, type Piece } from './timeline.js';

/**
 * Where a stretch longer than the limit has no pause, cut candidates are the quietest frame of each cell of
 * this length: fine enough to land between words, coarse enough to keep the search small on hour-long takes.
 */
const FORCED_CELL_S = 0.1;

/**
 * A cut at a pause costs 1 + PAUSE_REF_S / pause length: a sentence pause (≥ 0.5 s) costs little more than
 * the extra clip it creates, a breath between words (≈ 0.1–0.2 s) costs as much as two or three clips.
 */
const PAUSE_REF_S = 0.3;

/** Tolerance on the length limit, so a segment that fits exactly is not refused for rounding. */
const LIMIT_EPS_S = 1e-9;

/** A place where the output may be cut: the previous clip ends at `endS`, the next starts at `startS` (source times). */
interface CutPoint {
  endS: number;
  startS: number;
  endOutS: number;
  startOutS: number;
  kind: 'edge' | 'pause' | 'forced';
  /** 1 + PAUSE_REF_S / pause length for pauses; 0 otherwise. */
  pauseCost: number;
  /** Level of the quietest frame (dB of mean square) for forced cuts; 0 otherwise. */
  levelDb: number;
  /** For forced cuts: the pause-free stretch it sits in (source times). */
  stretch?: TimeSpan;
}

/** A kept stretch of source time that becomes one output. */
export interface Segment extends TimeSpan {
  startWhy: string;
  endWhy: string;
}

export interface LongPlan {
  segments: Segment[];
  actions: Action[];
  notes: string[];
}

export interface LongOptions {
  mode: 'cut' | 'split';
  maxDurationS: number;
  minSegmentS: number;
  /** Pause kept at each new edge (at most half of the pause); Infinity cuts in the middle of the pause. */
  edgeKeepS: number;
}

export function longOptions(options: FixOptions, mode: 'cut' | 'split'): LongOptions {
  const { maxDurationS, minSegmentS } = options.long;
  return { mode, maxDurationS, minSegmentS, edgeKeepS: options.trim.enabled ? options.trim.padS : Infinity };
}

function pausePoints(pieces: readonly Piece[], speech: readonly TimeSpan[], edgeKeepS: number): CutPoint[] {
  const points: CutPoint[] = [];
  for (let i = 0; i + 1 < speech.length; i++) {
    const pauseStartS = speech[i]!.endS;
    const pauseEndS = speech[i + 1]!.startS;
    const startOutS = outputTimeS(pieces, pauseStartS);
    const endOutS = outputTimeS(pieces, pauseEndS);
    // A shortened pause is joined in its middle, so keeping at most half of its kept length on each side stays in kept audio.
    const keepS = Math.min((endOutS - startOutS) / 2, edgeKeepS);
    points.push({
      endS: pauseStartS + keepS,
      startS: pauseEndS - keepS,
      endOutS: startOutS + keepS,
      startOutS: endOutS - keepS,
      kind: 'pause',
      pauseCost: 1 + PAUSE_REF_S / (pauseEndS - pauseStartS),
      levelDb: 0,
    });
  }
  return points;
}

/** The mean-square level of frame `t` in dB (a tiny floor keeps digital silence finite). */
function frameDb(envelope: LevelEnvelope, t: number): number {
  return 10 * Math.log10((envelope.energy[t] ?? 0) + 1e-20);
}

/** The quietest frame's centre in each cell of [fromS, toS], kept only where it falls inside a kept piece. */
function forcedPoints(pieces: readonly Piece[], fromS: number, toS: number, envelope: LevelEnvelope | undefined): CutPoint[] {
  const points: CutPoint[] = [];
  const stretch = { startS: fromS, endS: toS };
  for (let cellS = fromS; cellS < toS; cellS += FORCED_CELL_S) {
    const cellEndS = Math.min(toS, cellS + FORCED_CELL_S);
    let atS = (cellS + cellEndS) / 2;
    let levelDb = 0;
    if (envelope && envelope.hopS > 0) {
      const first = Math.max(0, Math.ceil(cellS / envelope.hopS - 0.5));
      const last = Math.min(envelope.energy.length - 1, Math.floor(cellEndS / envelope.hopS - 0.5));
      for (let t = first, best = Infinity; t <= last; t++) {
        const db = frameDb(envelope, t);
        if (db < best) [best, atS, levelDb] = [db, (t + 0.5) * envelope.hopS, db];
      }
    }
    if (!pieces.some((p) => atS > p.startS && atS < p.endS)) continue;
    const outS = outputTimeS(pieces, atS);
    points.push({ endS: atS, startS: atS, endOutS: outS, startOutS: outS, kind: 'forced', pauseCost: 0, levelDb, stretch });
  }
  return points;
}

function edgePoints(pieces: readonly Piece[]): [CutPoint, CutPoint] {
  const startS = pieces[0]!.startS;
  const endS = pieces.at(-1)!.endS;
  const lengthS = keptLengthS(pieces);
  const edge = { kind: 'edge' as const, pauseCost: 0, levelDb: 0 };
  return [
    { ...edge, endS: startS, startS, endOutS: 0, startOutS: 0 },
    { ...edge, endS, startS: endS, endOutS: lengthS, startOutS: lengthS },
  ];
}

/** Lexicographic path cost: forced cuts first (never cut mid-word when a pause exists), then short clips, then quality. */
type Cost = [forced: number, short: number, levelDb: number, pauseCost: number];

function less(a: Cost, b: Cost): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

/** Cheapest chain of cut points from the first to the last with every clip within the limit (dynamic programming). */
function bestChain(points: readonly CutPoint[], options: LongOptions): CutPoint[] {
  const best: (Cost | null)[] = points.map((_, i) => (i === 0 ? [0, 0, 0, 0] : null));
  const previous = points.map(() => -1);
  for (let j = 1; j < points.length; j++) {
    const to = points[j]!;
    for (let i = j - 1; i >= 0; i--) {
      const from = points[i]!;
      const lengthS = to.endOutS - from.startOutS;
      if (lengthS > options.maxDurationS + LIMIT_EPS_S) break;
      const base = best[i];
      if (!base || lengthS <= 0) continue;
      const cost: Cost = [
        base[0] + (to.kind === 'forced' ? 1 : 0),
        base[1] + (lengthS < options.minSegmentS ? 1 : 0),
        base[2] + to.levelDb,
        base[3] + to.pauseCost,
      ];
      if (!best[j] || less(cost, best[j]!)) [best[j], previous[j]] = [cost, i];
    }
  }
  const last = points.length - 1;
  if (!best[last]) throw new Error(`Expected a way to split the clip into pieces of at most ${options.maxDurationS} s`);
  const chain: CutPoint[] = [];
  for (let j = last; j !== -1; j = previous[j]!) chain.unshift(points[j]!);
  return chain;
}

/** Pause candidates plus forced candidates in every pause-free stretch too long for one clip. */
function candidates(pieces: readonly Piece[], speech: readonly TimeSpan[], options: LongOptions, envelope?: LevelEnvelope): CutPoint[] {
  const [start, end] = edgePoints(pieces);
  const fixed = [start, ...pausePoints(pieces, speech, options.edgeKeepS), end];
  const all: CutPoint[] = [start];
  for (let i = 1; i < fixed.length; i++) {
    const [from, to] = [fixed[i - 1]!, fixed[i]!];
    if (to.endOutS - from.startOutS > options.maxDurationS) all.push(...forcedPoints(pieces, from.startS, to.endS, envelope));
    all.push(to);
  }
  return all;
}

function whyOf(point: CutPoint, mode: 'cut' | 'split'): string {
  return `${mode} at ${point.kind === 'pause' ? 'pause' : 'quietest point'}`;
}

/** "21.3 s", "21.3 s and 50.2 s", "21.3 s, 50.2 s and 80.1 s". */
function listText(timesS: readonly number[]): string {
  const texts = timesS.map((t) => `${t.toFixed(1)} s`);
  return texts.length === 1 ? texts[0]! : `${texts.slice(0, -1).join(', ')} and ${texts.at(-1)}`;
}

/** One note per pause-free stretch, however many mid-speech cuts it needed; `measured` when levels chose the points. */
function forcedNotes(points: readonly CutPoint[], verb: string, measured: boolean): string[] {
  const byStretch = new Map<TimeSpan, number[]>();
  for (const p of points) if (p.kind === 'forced') byStretch.set(p.stretch!, [...(byStretch.get(p.stretch!) ?? []), p.endS]);
  return [...byStretch].map(
    ([stretch, timesS]) =>
      `no pause in the ${secondsText(stretch.endS - stretch.startS)} from ${secondsText(stretch.startS)} to ${secondsText(stretch.endS)}: ` +
      `${verb} mid-speech ${measured ? `at the quietest ${timesS.length === 1 ? 'point' : 'points'}, ` : 'at '}${listText(timesS)}`,
  );
}

/** Mode `cut`: one clip from the start to the last pause that fits, else to the quietest point that fits; the rest of the source goes. */
function planCut(pieces: readonly Piece[], speech: readonly TimeSpan[], options: LongOptions, durationS: number, envelope?: LevelEnvelope): LongPlan {
  const [start] = edgePoints(pieces);
  const fits = (p: CutPoint): boolean => p.endOutS >= options.minSegmentS && p.endOutS <= options.maxDurationS + LIMIT_EPS_S;
  const sourceEndS = pieces.at(-1)!.endS;
  const pauses = pausePoints(pieces, speech, options.edgeKeepS);
  let point = pauses.filter(fits).at(-1);
  const notes: string[] = [];
  if (!point) {
    const forced = forcedPoints(pieces, sourceTimeS(pieces, options.minSegmentS), sourceTimeS(pieces, options.maxDurationS), envelope).filter(fits);
    if (forced.length === 0) throw new Error(`Expected room for a cut between ${options.minSegmentS} s and ${options.maxDurationS} s`);
    point = forced.reduce((a, b) => (b.levelDb <= a.levelDb ? b : a), forced[0]!);
    const atS = point.endS;
    point.stretch = { startS: pauses.filter((p) => p.startS <= atS).at(-1)?.startS ?? start.startS, endS: pauses.find((p) => p.endS >= atS)?.endS ?? sourceEndS };
    notes.push(...forcedNotes([point], 'cut', envelope !== undefined));
  }
  const lengthS = keptLengthS(pieces);
  const where = point.kind === 'pause' ? `the pause at ${secondsText(point.endS)}` : secondsText(point.endS);
  return {
    segments: [{ startS: start.startS, endS: point.endS, startWhy: pieces[0]!.startWhy, endWhy: whyOf(point, 'cut') }],
    actions: [
      {
        cut: { kind: 'cut-tail', startS: point.endS, endS: durationS },
        note: `cut the take at ${where} to stay within ${secondsText(options.maxDurationS)}: kept ${secondsText(point.endOutS)}, dropped ${secondsText(lengthS - point.endOutS)}`,
      },
    ],
    notes,
  };
}

/** Mode `split`: clips of at most the limit, cut in pauses (longer pauses preferred); too-short clips are dropped. */
function planSplit(pieces: readonly Piece[], speech: readonly TimeSpan[], options: LongOptions, envelope?: LevelEnvelope): LongPlan {
  const chain = bestChain(candidates(pieces, speech, options, envelope), options);
  const actions: Action[] = [];
  const notes: string[] = [];
  const segments: Segment[] = [];
  for (let k = 0; k + 1 < chain.length; k++) {
    const [from, to] = [chain[k]!, chain[k + 1]!];
    const segment = {
      startS: from.startS,
      endS: to.endS,
      startWhy: from.kind === 'edge' ? pieces[0]!.startWhy : whyOf(from, 'split'),
      endWhy: to.kind === 'edge' ? pieces.at(-1)!.endWhy : whyOf(to, 'split'),
    };
    const lengthS = to.endOutS - from.startOutS;
    if (lengthS >= options.minSegmentS) segments.push(segment);
    else {
      actions.push({
        cut: { kind: 'split', startS: segment.startS, endS: segment.endS },
        note: `dropped the ${secondsText(lengthS)} piece at ${segment.startS.toFixed(2)}–${segment.endS.toFixed(2)} s: shorter than the ${secondsText(options.minSegmentS)} minimum`,
      });
    }
  }
  const inner = chain.slice(1, -1);
  for (const point of inner) actions.push({ cut: { kind: 'split', startS: point.endS, endS: point.startS }, note: '' });
  const pauses = inner.filter((p) => p.kind === 'pause').map((p) => (p.endS + p.startS) / 2);
  const atPauses = pauses.length === 0 ? '' : ` at ${pauses.length === 1 ? 'a pause' : 'pauses'} at ${listText(pauses)}`;
  const midSpeech = inner.length - pauses.length;
  const atSpeech = midSpeech === 0 ? '' : `${atPauses ? ' and' : ''} at ${midSpeech} ${midSpeech === 1 ? 'point' : 'points'} in speech`;
  notes.push(`split into ${chain.length - 1} clips${atPauses}${atSpeech}`, ...forcedNotes(inner, 'split', envelope !== undefined));
  return { segments, actions, notes };
}

/** Plans the cut or split of a take longer than the limit, on the timeline after trimming and gap shortening. */
export function planLong(
  pieces: readonly Piece[],
  speech: readonly TimeSpan[],
  options: LongOptions,
  durationS: number,
  envelope?: LevelEnvelope,
): LongPlan {
  return options.mode === 'cut' ? planCut(pieces, speech, options, durationS, envelope) : planSplit(pieces, speech, options, envelope);
}
