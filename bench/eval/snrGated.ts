/**
 * Gated-pause SNR cases: speech in steady noise whose pauses were muted by a noise gate (or edited to digital
 * silence), as podcast chains, conferencing apps and hand-edited datasets deliver them. The noise a listener
 * and a speaker model hear is the noise under the speech; the muted pauses hold almost nothing. An estimator
 * that takes the quietest stretch for the noise floor reads such a clip 40–60 dB too clean.
 *
 * Built from the same mixtures as the SNR section (clean 16 kHz speech + real noise, seeded), at 10–30 dB, run
 * through the noise gate of test/helpers/gate.ts (keyed by the clean speech: open within 40 dB of its loudest
 * frames, held 150 ms, closed to −60 dB, 0.6 s of closed gate at both ends). Label: P.56 level over the noise
 * power under the speech, i.e. the mixture's label (the recording's own floor counted, as in the SNR section).
 */
import { analyzePcm } from '../../src/analysis/index.js';
import { dbToPower, errorStats, noiseAtPower, seededRandom, type ErrorStats } from './data.js';
import { gatedMixture, gatePad } from '../../test/helpers/gate.js';
import { mixableAt, mixableSpeech, mixtureLabelDb, realNoises16k } from './snr.js';
import type { EvalContext } from './types.js';

const GATED_SNRS_DB = [10, 15, 20, 25, 30];
const PER_CELL = 3;
const PER_CELL_QUICK = 1;
const SEED = 11;
const RATE = 16000;

export interface GatedCase {
  noise: string;
  speech: string;
  nominalDb: number;
  labelDb: number;
  oursDb: number | null;
}

export function gatedCases(ctx: EvalContext): GatedCase[] {
  const speech = mixableSpeech(ctx);
  const random = seededRandom(SEED);
  const perCell = ctx.quick ? PER_CELL_QUICK : PER_CELL;
  const cases: GatedCase[] = [];
  for (const [noiseName, noise] of realNoises16k(ctx)) {
    for (const snrDb of GATED_SNRS_DB) {
      const eligible = speech.filter((s) => mixableAt(s, snrDb));
      for (let k = 0; k < perCell && eligible.length > 0; k++) {
        const s = eligible.splice(Math.floor(random() * eligible.length), 1)[0]!;
        const noisePower = dbToPower(s.levelDb - snrDb);
        const clip = gatedMixture(s.samples, noiseAtPower(noise, Math.floor(random() * noise.length), s.samples.length + 2 * gatePad(RATE), noisePower), RATE);
        cases.push({ noise: noiseName, speech: s.path, nominalDb: snrDb, labelDb: mixtureLabelDb(s, noisePower), oursDb: analyzePcm([clip], RATE).metrics.snrDb });
      }
    }
  }
  return cases;
}

export function gatedStats(cases: GatedCase[]): { ours: ErrorStats; missing: number } {
  const measured = cases.filter((c) => c.oursDb !== null);
  return { ours: errorStats(measured.map((c) => c.oursDb! - c.labelDb)), missing: cases.length - measured.length };
}
