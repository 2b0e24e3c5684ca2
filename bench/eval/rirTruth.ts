/**
 * Ground truth of each room impulse response of the set, at the speech's rate (16 kHz), broadband:
 * 1. channel 0, resampled to 16 kHz (band-limited sinc), DC and rumble below 60 Hz removed (the same 4th-order
 *    high-pass the speech gets: speech has nothing there, and the OpenAIR living room's tail is mostly
 *    sub-60 Hz drift that would otherwise dominate its broadband energy);
 * 2. onset = first sample within 20 dB of the peak, 2.5 ms earlier; Lundeby et al. (1995) noise-floor
 *    truncation (one iteration) with the lost tail energy added back; Schroeder (1965) backward integration;
 * 3. C50 = 10·log10(E(0–50 ms) / E(50 ms–end)); T30 from a least-squares line over −5…−35 dB of the EDC
 *    (see test/helpers/rir.ts, shared with the unit tests).
 * Exception: the OpenAIR living room is so dry that its broadband EDC has no clean −5…−35 dB range (the
 * data README's caveat); its RT60 truth is T_mid (ISO 3382-2: mean of the 500 Hz and 1 kHz octave T30) from
 * the manifest.
 */
import { highPass60, loadMono, resample } from './data.js';
import type { EvalContext, ManifestEntry } from './types.js';
import { rirTruth } from '../../test/helpers/rir.js';

export interface Room {
  name: string;
  path: string;
  /** Impulse response at `sampleRateHz`, onset kept, high-passed at 60 Hz. */
  h: Float32Array;
  c50Db: number;
  rt60S: number;
  rt60Source: string;
}

const OCTAVES_63_8000_HZ = [63, 125, 250, 500, 1000, 2000, 4000, 8000];

function octaveTmid(entry: ManifestEntry): number | null {
  const t30 = entry.gt['t30_octave_63_8000_s'];
  if (!Array.isArray(t30) || t30.length !== OCTAVES_63_8000_HZ.length) return null;
  const at = (hz: number): number => Number(t30[OCTAVES_63_8000_HZ.indexOf(hz)]);
  return (at(500) + at(1000)) / 2;
}

export function loadRooms(ctx: EvalContext, sampleRateHz: number): Room[] {
  return ctx.manifest
    .filter((e) => e.category === 'rir')
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((entry) => {
      const clip = loadMono(ctx, entry.path);
      const h = highPass60(resample(clip.samples, clip.sampleRateHz, sampleRateHz), sampleRateHz);
      const truth = rirTruth(h, sampleRateHz);
      const tmid = octaveTmid(entry);
      const name = entry.path.replace(/^rir\//, '').replace(/\.wav$/, '').replace(/_w11\.7.*$/, '');
      if (tmid !== null) return { name, path: entry.path, h, c50Db: truth.c50Db, rt60S: tmid, rt60Source: 'T_mid (octave T30, manifest)' };
      if (truth.rt60S === null) throw new Error(`${entry.path}: the EDC does not reach −25 dB, no RT60 truth`);
      return { name, path: entry.path, h, c50Db: truth.c50Db, rt60S: truth.rt60S, rt60Source: `Schroeder ${truth.rt60Range}` };
    });
}
