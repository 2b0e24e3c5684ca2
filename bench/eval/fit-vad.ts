/**
 * Fit of the VAD's two low-frequency start rules (src/analysis/vad.ts, VadOptions) on the development set: the
 * speech/silence section's constructed cases (real utterances and real room-tone gaps under three real noises at
 * 35/25/15 dB) and pyannote_sample.wav against its RTTM, analysed with each candidate.
 * (1) `lowDominanceDb`, how far the 100–500 Hz score may stand above the speech-range score for the full-range
 *     score to start speech: a higher limit finds more weak low vowels (fewer invented gaps) until thuds and
 *     rumble start speech (pyannote's leading silence and F1 break). Chosen: the lowest limit with the fewest
 *     invented + missed gaps.
 * (2) `voicedS`, with lowDominanceDb at its default: how long the full-range score must hold its start threshold
 *     for a sound of any low-frequency dominance to start speech. Shorter finds more low vowels under
 *     high-frequency noise until impacts start speech. Chosen: the longest (most conservative) duration with the
 *     fewest invented + missed gaps.
 * Both only among candidates that keep pyannote's leadingSilenceS within 0.15 s and its F1 ≥ 0.92.
 *
 *   npx tsx bench/eval/fit-vad.ts [--data DIR] [--quick]
 */
import { extractFeatures } from '../../src/analysis/features/extractor.js';
import { estimateNoise } from '../../src/analysis/noise.js';
import { measureSilence } from '../../src/analysis/silence.js';
import { DEFAULT_VAD_OPTIONS, detectSpeech, type VadOptions } from '../../src/analysis/vad.js';
import { fmt, table, scriptContext } from './data.js';
import { constructed, pyannote, type SpeechAnalyser } from './silence.js';

const DOMINANCE_CANDIDATES_DB = [0, 5, 10, 15, 18, 20, 22, 25, 30, Infinity];
const VOICED_CANDIDATES_S = [0.03, 0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.3, Infinity];
const LEADING_TOLERANCE_S = 0.15;
const MIN_F1 = 0.92;

const ctx = scriptContext(process.argv.slice(2));

interface Row {
  value: number;
  invented: number;
  missed: number;
  leadingS: number;
  f1: number;
  ok: boolean;
}

function score(options: VadOptions, value: number): Row {
  const analyse: SpeechAnalyser = (samples, sampleRateHz) => {
    const f = extractFeatures([samples], sampleRateHz);
    const activity = detectSpeech(f, estimateNoise(f), options);
    const silence = measureSilence(f, activity);
    return { speech: activity.segments, gaps: silence.gaps, leadingSilenceS: silence.leadingSilenceS, trailingSilenceS: silence.trailingSilenceS };
  };
  const results = constructed(ctx, analyse);
  const p = pyannote(ctx, analyse);
  // Every detected gap outside the true gaps counts, the ones over pauses a little shorter than 0.3 s too: the fit keeps the stricter score it was made with.
  const invented = results.reduce((n, r) => n + r.invented + r.overShortPause, 0);
  const missed = results.reduce((n, r) => n + r.gapsAtLeastHalfS - r.gapsFound, 0);
  const ok = Math.abs(p.leadingS - p.truthLeadingS) <= LEADING_TOLERANCE_S && p.f1 >= MIN_F1;
  console.error(`${JSON.stringify(options)}: invented ${invented}, missed ${missed}, pyannote leading ${fmt(p.leadingS)} s F1 ${fmt(p.f1, 3)}`);
  return { value, invented, missed, leadingS: p.leadingS, f1: p.f1, ok };
}

function report(name: string, rows: Row[], preferHigher: boolean): void {
  const errors = (r: Row): number => r.invented + r.missed;
  const best = rows.filter((r) => r.ok).reduce((a, b) => (errors(b) < errors(a) || (preferHigher && errors(b) === errors(a)) ? b : a));
  console.log(
    table(
      [name, 'invented gaps', 'missed gaps ≥ 0.5 s', 'pyannote leadingSilenceS', 'pyannote F1', 'admissible'],
      rows.map((r) => [String(r.value), String(r.invented), String(r.missed), fmt(r.leadingS), fmt(r.f1, 3), r.ok ? 'yes' : 'no']),
    ),
  );
  console.log(`\nfewest invented + missed gaps: ${name} = ${best.value}\n`);
}

// Candidates ascend, so keeping the first minimum gives the lowest value and keeping the last the highest.
report('lowDominanceDb', DOMINANCE_CANDIDATES_DB.map((v) => score({ ...DEFAULT_VAD_OPTIONS, lowDominanceDb: v }, v)), false);
report('voicedS', VOICED_CANDIDATES_S.map((v) => score({ ...DEFAULT_VAD_OPTIONS, voicedS: v }, v)), true);
