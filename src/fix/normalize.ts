import type { Metrics } from '../analysis/types.js';
import type { FixOptions } from './types.js';

export interface Normalization {
  gainDb: number;
  note: string;
}

const dbText = (db: number): string => `${db >= 0 ? '+' : ''}${db.toFixed(1)} dB`;

/**
 * One gain for every output of the clip: targetLufs − loudnessLufs, lowered so that peakDbfs + gain stays at
 * or below the ceiling. Both readings are the source's (a split clip's parts share its loudness); the pipeline
 * re-measures and re-judges every written output, so a part that ends up off target shows in its own metrics.
 */
export function normalizationGain(metrics: Pick<Metrics, 'loudnessLufs' | 'peakDbfs'>, options: FixOptions['normalize']): Normalization {
  const { loudnessLufs, peakDbfs } = metrics;
  if (loudnessLufs === null || !Number.isFinite(loudnessLufs)) {
    return { gainDb: 0, note: 'left the level as it is: the loudness could not be measured' };
  }
  const wantedDb = options.targetLufs - loudnessLufs;
  // A silent clip (peak −Infinity) has no peak to protect.
  const allowedDb = Number.isFinite(peakDbfs) ? options.peakCeilingDbfs - peakDbfs : Infinity;
  if (wantedDb <= allowedDb) {
    return { gainDb: wantedDb, note: `normalised the loudness from ${loudnessLufs.toFixed(1)} LUFS to ${options.targetLufs.toFixed(1)} LUFS (gain ${dbText(wantedDb)})` };
  }
  return {
    gainDb: allowedDb,
    note:
      `applied a gain of ${dbText(allowedDb)} instead of ${dbText(wantedDb)} so the peak stays at ${options.peakCeilingDbfs.toFixed(1)} dBFS: ` +
      `the loudness goes from ${loudnessLufs.toFixed(1)} to ${(loudnessLufs + allowedDb).toFixed(1)} LUFS, short of the ${options.targetLufs.toFixed(1)} LUFS target`,
  };
}

export const dbToGain = (db: number): number => 10 ** (db / 20);
