/**
 * Fit of the noise tracker's speech-presence threshold (src/analysis/noise.ts, `meanPresenceSigmas`: the presence limit of the mean-noise average) on the
 * development set: every SNR case of the SNR section (NOIZEUS labels and the seeded 16 kHz mixtures) is
 * analysed with each candidate k, the SNR pipeline run as analyzeFeatures runs it (noise → VAD → snr), and
 * the k with the lowest mean absolute SNR error is reported together with bias and the worst band.
 *
 *   npx tsx bench/eval/fit-noise.ts [--data DIR] [--quick]
 */
import { extractFeatures } from '../../src/analysis/features/extractor.js';
import type { FrameFeatures } from '../../src/analysis/features/types.js';
import { estimateNoise } from '../../src/analysis/noise.js';
import { measureSnr } from '../../src/analysis/snr.js';
import { detectSpeech } from '../../src/analysis/vad.js';
import { errorStats, fmt, table, scriptContext } from './data.js';
import { forEachSnrSignal } from './snr.js';

const CANDIDATES = [3, 4, 5, 6, 7, 8, 10];

const ctx = scriptContext(process.argv.slice(2));

const cases: Array<{ features: FrameFeatures; labelDb: number; nominalDb: number }> = [];
forEachSnrSignal(ctx, ({ samples, sampleRateHz, labelDb, nominalDb }) => {
  cases.push({ features: extractFeatures([samples.slice()], sampleRateHz), labelDb, nominalDb });
});
console.error(`${cases.length} cases`);

const rows = CANDIDATES.map((meanPresenceSigmas) => {
  const errors: number[] = [];
  const byBand = new Map<number, number[]>();
  let missing = 0;
  for (const c of cases) {
    const noise = estimateNoise(c.features, { meanPresenceSigmas });
    const { snrDb } = measureSnr(c.features, noise, detectSpeech(c.features, noise));
    if (snrDb === null) {
      missing++;
      continue;
    }
    errors.push(snrDb - c.labelDb);
    const band = Math.min(3, Math.floor(c.nominalDb / 10));
    byBand.set(band, [...(byBand.get(band) ?? []), snrDb - c.labelDb]);
  }
  const all = errorStats(errors);
  const worstBand = Math.max(...[...byBand.values()].map((e) => errorStats(e).maeDb));
  return { meanPresenceSigmas, all, worstBand, missing };
});
const best = rows.reduce((a, b) => (b.all.maeDb < a.all.maeDb ? b : a));
console.log(
  table(
    ['k', 'MAE dB', 'bias dB', 'P90 dB', 'worst band MAE dB', 'no estimate'],
    rows.map((r) => [String(r.meanPresenceSigmas), fmt(r.all.maeDb), fmt(r.all.biasDb), fmt(r.all.p90Db), fmt(r.worstBand), String(r.missing)]),
  ),
);
console.log(`\nlowest MAE: k = ${best.meanPresenceSigmas}`);
