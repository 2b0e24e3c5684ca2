/**
 * Fit of the VAD's low-frequency dominance limit (src/analysis/vad.ts, `lowDominanceDb`: how far the 100–500 Hz
 * score may stand above the speech-range score for the full-range score to start speech) on the development set:
 * the speech/silence section's constructed cases (real utterances and real room-tone gaps under three real
 * noises at 35/25/15 dB) and pyannote_sample.wav against its RTTM, analysed with each candidate. A higher limit
 * finds more weak low vowels (fewer invented gaps) until thuds and rumble start speech (pyannote's leading
 * silence and F1 break). Reported: the lowest limit with the fewest invented + missed gaps among those that keep
 * pyannote's leadingSilenceS within 0.15 s and its F1 ≥ 0.92.
 *
 *   npx tsx bench/eval/fit-vad.ts [--data DIR] [--quick]
 */
import { extractFeatures } from '../../src/analysis/features/extractor.js';
import { estimateNoise } from '../../src/analysis/noise.js';
import { measureSilence } from '../../src/analysis/silence.js';
import { detectSpeech } from '../../src/analysis/vad.js';
import { fmt, table, scriptContext } from './data.js';
import { constructed, pyannote, type SpeechAnalyser } from './silence.js';

const CANDIDATES = [0, 5, 10, 15, 18, 20, 22, 25, 30, Infinity];
const LEADING_TOLERANCE_S = 0.15;
const MIN_F1 = 0.92;

const ctx = scriptContext(process.argv.slice(2));

const rows = CANDIDATES.map((lowDominanceDb) => {
  const analyse: SpeechAnalyser = (samples, sampleRateHz) => {
    const f = extractFeatures([samples], sampleRateHz);
    const activity = detectSpeech(f, estimateNoise(f), { lowDominanceDb });
    const silence = measureSilence(f, activity);
    return { speech: activity.segments, gaps: silence.gaps, leadingSilenceS: silence.leadingSilenceS };
  };
  const results = constructed(ctx, analyse);
  const p = pyannote(ctx, analyse);
  const invented = results.reduce((n, r) => n + r.invented, 0);
  const missed = results.reduce((n, r) => n + r.gapsAtLeastHalfS - r.gapsFound, 0);
  const ok = Math.abs(p.leadingS - p.truthLeadingS) <= LEADING_TOLERANCE_S && p.f1 >= MIN_F1;
  console.error(`lowDominanceDb ${lowDominanceDb}: invented ${invented}, missed ${missed}, pyannote leading ${fmt(p.leadingS)} s F1 ${fmt(p.f1, 3)}`);
  return { lowDominanceDb, invented, missed, leadingS: p.leadingS, f1: p.f1, ok };
});
const admissible = rows.filter((r) => r.ok);
const best = admissible.reduce((a, b) => (b.invented + b.missed < a.invented + a.missed ? b : a));
console.log(
  table(
    ['lowDominanceDb', 'invented gaps', 'missed gaps ≥ 0.5 s', 'pyannote leadingSilenceS', 'pyannote F1', 'admissible'],
    rows.map((r) => [String(r.lowDominanceDb), String(r.invented), String(r.missed), fmt(r.leadingS), fmt(r.f1, 3), r.ok ? 'yes' : 'no']),
  ),
);
console.log(`\nfewest invented + missed gaps: lowDominanceDb = ${best.lowDominanceDb}`);
