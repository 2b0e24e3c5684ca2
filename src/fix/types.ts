import type { TimeSpan } from '../analysis/types.js';

/** The `fix` section of a preset (validated by the preset schema in src/gate). */
export interface FixOptions {
  /** Master switch: `report-only` sets it to false. */
  enabled: boolean;
  /** Trim leading/trailing non-speech down to `padS` seconds. */
  trim: { enabled: boolean; padS: number };
  /** Shorten internal non-speech gaps longer than `maxS` down to `shortenToS`. */
  gaps: { enabled: boolean; maxS: number; shortenToS: number };
  /**
   * Clips longer than `maxDurationS`: `cut` keeps the start up to the last pause before the limit (one output),
   * `split` cuts at pauses into segments no longer than the limit (several outputs), `none` leaves them (and the gate rejects).
   */
  long: { mode: 'cut' | 'split' | 'none'; maxDurationS: number; minSegmentS: number };
  /** Loudness normalisation to `targetLufs`, limited so the peak stays at or below `peakCeilingDbfs`. */
  normalize: { enabled: boolean; targetLufs: number; peakCeilingDbfs: number };
}

/** One stretch of the source copied to an output. */
export interface KeptSpan extends TimeSpan {
  /** Why this span boundary was chosen, for the report ("trim leading silence", "shorten gap 4.10–6.20 s", "split at pause"). */
  reason?: string;
}

export interface PlannedOutput {
  /** 0-based segment index; outputs are named `<input stem>.wav` for one output, `<stem>.<NNN>.wav` for several. */
  index: number;
  /** Source spans joined in order (short crossfades at joins to avoid clicks). */
  spans: KeptSpan[];
  durationS: number;
  /** Linear gain applied after joining (1 when not normalising). */
  gain: number;
}

/** A cut applied to the source, listed for people reading the report. */
export interface PlannedCut extends TimeSpan {
  kind: 'trim-leading' | 'trim-trailing' | 'shorten-gap' | 'cut-tail' | 'split';
}

export interface FixPlan {
  /** True when the plan changes anything (otherwise no output is written). */
  changes: boolean;
  cuts: PlannedCut[];
  outputs: PlannedOutput[];
  /** Actions in words, e.g. "trimmed 2.35 s of leading silence to 0.15 s". */
  notes: string[];
}

/**
 * Frame levels of the source (e.g. FrameFeatures' `frameEnergy` and `hopS`): frame t is the mean square of
 * [t·hopS, (t+1)·hopS). Lets the planner cut at the quietest point when a stretch longer than the limit has no pause.
 */
export interface LevelEnvelope {
  hopS: number;
  energy: Float32Array;
}
