/**
 * Speech/silence section.
 * (1) `problem/silence_gaps/pyannote_sample.wav` against its RTTM: frame-level (10 ms) precision, recall and
 *     F1 of voicegate's speech segments (the union of the RTTM's segments is speech), and `leadingSilenceS`.
 * (2) Constructed cases: clean utterances (16 kHz, DC/rumble removed, own floor ≥ 40 dB below their P.56
 *     level, so the added noise dominates it) cut to their speech extent and joined with gaps of 0.3–3 s, then
 *     a real noise (exercise bike, NOIZEUS car, doing the dishes) laid under the whole file at 35, 25 and 15 dB
 *     SNR, so the gaps hold the same room tone as the speech. Truth from the construction: where each utterance
 *     was placed (to the sample) and, inside it, its speech by its own P.56 level (truthSegments: frames within
 *     30 dB of it, bursts < 50 ms with no syllable within 0.1 s dropped, pauses < 0.3 s bridged, so its real pauses ≥ 0.3 s
 *     are gaps). A true gap is found when a detected gap covers half of it. A detected gap with less than half
 *     of it in true gaps is invented inside speech when more than half of it lies on the truth's syllable runs
 *     (before that bridging); otherwise it lies on a pause the truth bridged for being a little under 0.3 s,
 *     a disagreement about the gap limit within the boundary error, counted apart (overShortPause).
 *     Boundary error: each true segment edge to the nearest detected edge of the same kind.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzePcm } from '../../src/analysis/index.js';
import type { TimeSpan } from '../../src/analysis/types.js';
import { activeLevelDb, cleanSpeech16k, dbToPower, entries, fmt, highPass60, loadMono, median, noiseAtPower, ownNoiseFloor, powerToDb, seededRandom, table } from './data.js';
import { realNoises16k } from './snr.js';
import type { EvalContext, EvalSection, EvalTarget } from './types.js';

const FRAME_S = 0.01;
const TRUTH_BELOW_LEVEL_DB = 30;
const MIN_GAP_S = 0.3;
/** Truth times are multiples of FRAME_S in floating point (0.01·t, shifted by a placement): a pause of exactly
 * 30 frames can come out as 0.29999… s, and was bridged or not at random. Durations compare with this slack. */
const TIME_SLACK_S = 1e-6;
const MIN_SYLLABLE_S = 0.05;
const LONE_BURST_CLEARANCE_S = 0.1;
const GAPS_S = [0.3, 0.5, 0.8, 1.2, 2, 3];
const NOISE_NAMES = ['exercise bike', 'NOIZEUS car interior', 'doing the dishes'];
const SNRS_DB = [35, 25, 15];
const FILES_PER_CONDITION = 4;
const UTTERANCES_PER_FILE = 4;
const CUT_MARGIN_S = 0.02;
const SEED = 7;
/** As for pyannote_sample's leadingSilenceS. */
const EDGE_SILENCE_TOLERANCE_S = 0.15;

/** Speech segments and gaps of one mono clip: voicegate's analysis by default, a variant in bench/eval/fit-vad.ts. */
export type SpeechAnalyser = (samples: Float32Array, sampleRateHz: number) => { speech: TimeSpan[]; gaps: TimeSpan[]; leadingSilenceS: number; trailingSilenceS: number };

const voicegate: SpeechAnalyser = (samples, sampleRateHz) => {
  const analysis = analyzePcm([samples], sampleRateHz);
  return { speech: analysis.speech, gaps: analysis.metrics.gaps, leadingSilenceS: analysis.metrics.leadingSilenceS, trailingSilenceS: analysis.metrics.trailingSilenceS };
};

function frameMask(spans: TimeSpan[], frames: number): Uint8Array {
  const mask = new Uint8Array(frames);
  for (const s of spans) mask.fill(1, Math.max(0, Math.round(s.startS / FRAME_S)), Math.min(frames, Math.round(s.endS / FRAME_S)));
  return mask;
}

export function pyannote(ctx: EvalContext, analyse: SpeechAnalyser = voicegate): { precision: number; recall: number; f1: number; leadingS: number; truthLeadingS: number } {
  const path = 'problem/silence_gaps/pyannote_sample.wav';
  const rttm = readFileSync(join(ctx.dataDir, path.replace(/\.wav$/, '.rttm')), 'utf8');
  const truth: TimeSpan[] = rttm
    .split('\n')
    .filter((l) => l.startsWith('SPEAKER'))
    .map((l) => {
      const [, , , start, duration] = l.split(/\s+/);
      return { startS: Number(start), endS: Number(start) + Number(duration) };
    });
  const { samples, sampleRateHz } = loadClip(ctx, path);
  const analysis = analyse(samples, sampleRateHz);
  const frames = Math.floor(samples.length / sampleRateHz / FRAME_S);
  const ref = frameMask(truth, frames);
  const hyp = frameMask(analysis.speech, frames);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let t = 0; t < frames; t++) {
    if (ref[t] && hyp[t]) tp++;
    else if (hyp[t]) fp++;
    else if (ref[t]) fn++;
  }
  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);
  return {
    precision,
    recall,
    f1: (2 * precision * recall) / (precision + recall),
    leadingS: analysis.leadingSilenceS,
    truthLeadingS: Math.min(...truth.map((s) => s.startS)),
  };
}

function loadClip(ctx: EvalContext, path: string): { samples: Float32Array; sampleRateHz: number } {
  const clip = cleanSpeech16k({ ...ctx, manifest: ctx.manifest.filter((e) => e.path === path).map((e) => ({ ...e, category: 'clean_speech' })) })[0]!;
  return { samples: clip.samples, sampleRateHz: clip.sampleRateHz };
}

/**
 * Speech of one clean utterance (its own P.56 level, so a quiet utterance next to a loud one is judged on its
 * own terms): 10 ms frames within TRUTH_BELOW_LEVEL_DB of the level; a burst shorter than MIN_SYLLABLE_S is no
 * syllable and is dropped unless a syllable (a run of at least MIN_SYLLABLE_S) lies within LONE_BURST_CLEARANCE_S
 * of it: a click, a lip smack or the frames of a breath that flicker just above the threshold inside a pause are not
 * speech, and they must not keep one another alive (they did when any neighbouring burst counted, which labelled
 * 0.3–0.5 s breath pauses as speech); pauses shorter than MIN_GAP_S are bridged, so the pauses left are real
 * (≥ 0.3 s with no syllable in them).
 */
function truthSegments(x: Float32Array, sampleRateHz: number): { runs: TimeSpan[]; spans: TimeSpan[] } {
  const size = Math.round(FRAME_S * sampleRateHz);
  const threshold = dbToPower(activeLevelDb(x, sampleRateHz)! - TRUTH_BELOW_LEVEL_DB);
  const runs: TimeSpan[] = [];
  for (let t = 0; (t + 1) * size <= x.length; t++) {
    let sum = 0;
    for (let i = t * size; i < (t + 1) * size; i++) sum += x[i]! * x[i]!;
    if (sum / size < threshold) continue;
    const last = runs[runs.length - 1];
    if (last && Math.abs(t * FRAME_S - last.endS) < 1e-9) last.endS = (t + 1) * FRAME_S;
    else runs.push({ startS: t * FRAME_S, endS: (t + 1) * FRAME_S });
  }
  const isSyllable = (r: TimeSpan): boolean => r.endS - r.startS >= MIN_SYLLABLE_S - 1e-9;
  const syllables = runs.filter(isSyllable);
  const kept = runs.filter(
    (r) => isSyllable(r) || syllables.some((q) => q.startS - r.endS < LONE_BURST_CLEARANCE_S && r.startS - q.endS < LONE_BURST_CLEARANCE_S),
  );
  const spans: TimeSpan[] = [];
  for (const r of kept) {
    const last = spans[spans.length - 1];
    if (last && r.startS - last.endS < MIN_GAP_S - TIME_SLACK_S) last.endS = r.endS;
    else spans.push({ ...r });
  }
  return { runs: kept, spans };
}

function gapsOf(segments: TimeSpan[]): TimeSpan[] {
  const gaps: TimeSpan[] = [];
  for (let i = 1; i < segments.length; i++) {
    if (segments[i]!.startS - segments[i - 1]!.endS >= MIN_GAP_S - TIME_SLACK_S) gaps.push({ startS: segments[i - 1]!.endS, endS: segments[i]!.startS });
  }
  return gaps;
}

function overlapS(a: TimeSpan, spans: TimeSpan[]): number {
  return spans.reduce((sum, b) => sum + Math.max(0, Math.min(a.endS, b.endS) - Math.max(a.startS, b.startS)), 0);
}

export interface ConstructedResult {
  condition: string;
  boundaryErrorsS: number[];
  gapsAtLeastHalfS: number;
  gapsFound: number;
  /** Detected gaps of which less than half lies in true gaps and more than half in the truth's syllable runs (before pauses < MIN_GAP_S are bridged). */
  invented: number;
  /** Detected gaps of which less than half lies in true gaps but at least half in the truth's pauses, all of them shorter than MIN_GAP_S. */
  overShortPause: number;
  files: number;
  /** |measured − true| of leadingSilenceS and of trailingSilenceS, two per file. */
  edgeSilenceErrorsS: number[];
}

export function constructed(ctx: EvalContext, analyse: SpeechAnalyser = voicegate): ConstructedResult[] {
  const utterances = cleanSpeech16k(ctx)
    .map((c) => highPass60(c.samples, 16000))
    .filter((x) => activeLevelDb(x, 16000)! - powerToDb(ownNoiseFloor(x, 16000)) >= 40)
    .map((x) => {
      const { runs, spans } = truthSegments(x, 16000);
      const start = Math.max(0, Math.round((spans[0]!.startS - CUT_MARGIN_S) * 16000));
      const end = Math.min(x.length, Math.round((spans[spans.length - 1]!.endS + CUT_MARGIN_S) * 16000));
      const cut = x.slice(start, end);
      const fade = Math.round(CUT_MARGIN_S * 16000);
      for (let i = 0; i < fade; i++) {
        cut[i] = cut[i]! * (i / fade);
        cut[cut.length - 1 - i] = cut[cut.length - 1 - i]! * (i / fade);
      }
      // Speech of the cut utterance, relative to its first sample.
      const offsetS = start / 16000;
      const shift = (sp: TimeSpan): TimeSpan => ({ startS: sp.startS - offsetS, endS: sp.endS - offsetS });
      return { samples: cut, speech: spans.map(shift), runs: runs.map(shift) };
    });
  const noises = realNoises16k(ctx);
  const random = seededRandom(SEED);
  const results: ConstructedResult[] = [];
  const files = ctx.quick ? 1 : FILES_PER_CONDITION;
  for (const noiseName of NOISE_NAMES) {
    const noise = noises.get(noiseName)!;
    for (const snrDb of SNRS_DB) {
      const result: ConstructedResult = { condition: `${noiseName}, ${snrDb} dB`, boundaryErrorsS: [], gapsAtLeastHalfS: 0, gapsFound: 0, invented: 0, overShortPause: 0, files, edgeSilenceErrorsS: [] };
      for (let f = 0; f < files; f++) {
        const pieces: Float32Array[] = [new Float32Array(Math.round(0.5 * 16000))];
        const truth: TimeSpan[] = [];
        const truthRuns: TimeSpan[] = [];
        let atSample = pieces[0]!.length;
        for (let u = 0; u < UTTERANCES_PER_FILE; u++) {
          const utterance = utterances[Math.floor(random() * utterances.length)]!;
          pieces.push(utterance.samples);
          const place = (sp: TimeSpan): TimeSpan => ({ startS: sp.startS + atSample / 16000, endS: sp.endS + atSample / 16000 });
          truth.push(...utterance.speech.map(place));
          truthRuns.push(...utterance.runs.map(place));
          const gapS = u < UTTERANCES_PER_FILE - 1 ? GAPS_S[Math.floor(random() * GAPS_S.length)]! : 0.5;
          pieces.push(new Float32Array(Math.round(gapS * 16000)));
          atSample += utterance.samples.length + pieces[pieces.length - 1]!.length;
        }
        const clean = new Float32Array(pieces.reduce((n, p) => n + p.length, 0));
        let at = 0;
        for (const p of pieces) {
          clean.set(p, at);
          at += p.length;
        }
        const noisePower = dbToPower(activeLevelDb(clean, 16000)! - snrDb);
        const mix = noiseAtPower(noise, Math.floor(random() * noise.length), clean.length, noisePower);
        for (let i = 0; i < mix.length; i++) mix[i] = mix[i]! + clean[i]!;
        const analysis = analyse(mix, 16000);
        const detected = analysis.speech;
        for (const s of truth) {
          const nearest = (edge: (d: TimeSpan) => number, value: number): number =>
            Math.min(...detected.map((d) => Math.abs(edge(d) - value)));
          if (detected.length) {
            result.boundaryErrorsS.push(nearest((d) => d.startS, s.startS), nearest((d) => d.endS, s.endS));
          }
        }
        const truthGaps = gapsOf(truth);
        const detectedGaps = analysis.gaps;
        for (const g of truthGaps.filter((g) => g.endS - g.startS >= 0.5)) {
          result.gapsAtLeastHalfS++;
          if (overlapS(g, detectedGaps) >= 0.5 * (g.endS - g.startS)) result.gapsFound++;
        }
        for (const d of detectedGaps.filter((d) => overlapS(d, truthGaps) < 0.5 * (d.endS - d.startS))) {
          if (overlapS(d, truthRuns) > 0.5 * (d.endS - d.startS)) result.invented++;
          else result.overShortPause++;
        }
        result.edgeSilenceErrorsS.push(
          Math.abs(analysis.leadingSilenceS - truth[0]!.startS),
          Math.abs(analysis.trailingSilenceS - (mix.length / 16000 - truth[truth.length - 1]!.endS)),
        );
      }
      results.push(result);
    }
  }
  return results;
}

interface CoverageRow {
  snrDb: number;
  files: number;
  /** Mean share of the clean reference's speech (truthSegments) that the noisy file's segments cover. */
  covered: number;
  /** Files whose segments cover less than 90 % of it. */
  filesUnder90: number;
  /** Segment time outside the reference's speech, as a share of it. */
  extra: number;
}

function totalS(spans: TimeSpan[]): number {
  return spans.reduce((sum, s) => sum + s.endS - s.startS, 0);
}

/**
 * NOIZEUS at 0–15 dB against its own clean reference: how much of the speech (frames within TRUTH_BELOW_LEVEL_DB
 * of the clean file's P.56 level) the noisy file's segments keep. What a trim or a split of a noisy take could lose.
 */
function noizeusCoverage(ctx: EvalContext): CoverageRow[] {
  const truthOf = new Map<string, TimeSpan[]>();
  const bySnr = new Map<number, { covered: number; extra: number }[]>();
  for (const e of entries(ctx, (m) => m.category === 'noisy_snr' && m.path.includes('/noisy/'))) {
    const match = /\/(sp\d+)_.*_sn(\d+)\.wav$/.exec(e.path);
    if (!match) continue;
    const cleanPath = `noisy_snr/noizeus/clean/${match[1]}.wav`;
    let truth = truthOf.get(cleanPath);
    if (!truth) {
      const clean = loadMono(ctx, cleanPath);
      truthOf.set(cleanPath, (truth = truthSegments(clean.samples, clean.sampleRateHz).spans));
    }
    const noisy = loadMono(ctx, e.path);
    const speech = voicegate(noisy.samples, noisy.sampleRateHz).speech;
    const coveredS = speech.reduce((sum, sp) => sum + overlapS(sp, truth), 0);
    const snrDb = Number(match[2]);
    const rows = bySnr.get(snrDb) ?? bySnr.set(snrDb, []).get(snrDb)!;
    rows.push({ covered: coveredS / totalS(truth), extra: (totalS(speech) - coveredS) / totalS(truth) });
  }
  return [...bySnr.entries()]
    .sort(([a], [b]) => a - b)
    .map(([snrDb, rows]) => ({
      snrDb,
      files: rows.length,
      covered: rows.reduce((sum, r) => sum + r.covered, 0) / rows.length,
      filesUnder90: rows.filter((r) => r.covered < 0.9).length,
      extra: rows.reduce((sum, r) => sum + r.extra, 0) / rows.length,
    }));
}

export async function evalSilence(ctx: EvalContext): Promise<EvalSection> {
  const p = pyannote(ctx);
  const results = constructed(ctx);
  const coverage = noizeusCoverage(ctx);
  const allErrors = results.flatMap((r) => r.boundaryErrorsS);
  const gapsTotal = results.reduce((n, r) => n + r.gapsAtLeastHalfS, 0);
  const gapsFound = results.reduce((n, r) => n + r.gapsFound, 0);
  const invented = results.reduce((n, r) => n + r.invented, 0);
  const overShortPause = results.reduce((n, r) => n + r.overShortPause, 0);
  const medianMs = 1000 * median(allErrors);
  const edgeErrors = results.flatMap((r) => r.edgeSilenceErrorsS);
  const edgeWithin = (r: ConstructedResult): number => r.edgeSilenceErrorsS.filter((e) => e <= EDGE_SILENCE_TOLERANCE_S).length;
  const targets: EvalTarget[] = [
    { name: 'pyannote_sample speech F1', target: '≥ 0.92', measured: fmt(p.f1, 3), met: p.f1 >= 0.92 },
    { name: 'pyannote_sample leadingSilenceS', target: `${p.truthLeadingS} ± 0.15 s`, measured: `${fmt(p.leadingS)} s`, met: Math.abs(p.leadingS - p.truthLeadingS) <= 0.15 },
    { name: 'constructed: median boundary error', target: '≤ 30 ms', measured: `${fmt(medianMs, 1)} ms`, met: medianMs <= 30 },
    { name: 'constructed: gaps ≥ 0.5 s found', target: 'all', measured: `${gapsFound}/${gapsTotal}`, met: gapsFound === gapsTotal },
    { name: 'constructed: gaps invented inside speech', target: '0', measured: `${invented} (and ${overShortPause} over pauses < ${MIN_GAP_S} s)`, met: invented === 0 },
    {
      name: 'constructed: leading/trailing silence',
      target: `all within ±${EDGE_SILENCE_TOLERANCE_S} s`,
      measured: `${results.reduce((n, r) => n + edgeWithin(r), 0)}/${edgeErrors.length} (median error ${fmt(1000 * median(edgeErrors), 0)} ms)`,
      met: edgeErrors.every((e) => e <= EDGE_SILENCE_TOLERANCE_S),
    },
  ];
  const markdown = [
    '`problem/silence_gaps/pyannote_sample.wav` against its RTTM (10 ms frames; speech = union of the RTTM segments):',
    '',
    table(['precision', 'recall', 'F1', 'leadingSilenceS', 'truth'], [[fmt(p.precision, 3), fmt(p.recall, 3), fmt(p.f1, 3), fmt(p.leadingS), fmt(p.truthLeadingS)]]),
    '',
    `Constructed: ${UTTERANCES_PER_FILE} clean utterances per file (own floor ≥ 40 dB below their level, cut to their speech) joined with gaps of`,
    `${GAPS_S.join(', ')} s (seeded), a real noise under the whole file at the given SNR. Truth from the construction (utterance placement; inside, frames within`,
    `${TRUTH_BELOW_LEVEL_DB} dB of each utterance's own P.56 level, bursts < ${1000 * MIN_SYLLABLE_S} ms with no syllable within ${LONE_BURST_CLEARANCE_S} s dropped, pauses < ${MIN_GAP_S} s bridged); a gap is found when a detected gap covers half of it.`,
    `A detected gap with less than half of it in true gaps is invented inside speech when more than half of it lies on the truth's syllables (its frame runs before the bridging); otherwise it lies mostly on pauses of the utterance that the truth bridged because they are a little shorter than ${MIN_GAP_S} s (the gap limit, met within the boundary error), and is counted apart.`,
    '',
    table(
      ['condition', 'files', 'median boundary error ms', 'P90 ms', 'gaps ≥ 0.5 s found', 'gaps invented inside speech', `gaps over pauses < ${MIN_GAP_S} s`, `leading/trailing silence within ±${EDGE_SILENCE_TOLERANCE_S} s`],
      results.map((r) => {
        const sorted = [...r.boundaryErrorsS].sort((a, b) => a - b);
        return [
          r.condition,
          String(r.files),
          fmt(1000 * median(r.boundaryErrorsS), 1),
          fmt(1000 * (sorted[Math.floor(0.9 * (sorted.length - 1))] ?? NaN), 1),
          `${r.gapsFound}/${r.gapsAtLeastHalfS}`,
          String(r.invented),
          String(r.overShortPause),
          `${edgeWithin(r)}/${r.edgeSilenceErrorsS.length}`,
        ];
      }),
    ),
    '',
    `NOIZEUS (8 kHz, 8 noises) against its clean reference, whose speech is taken as above (frames within ${TRUTH_BELOW_LEVEL_DB} dB of the clean file's P.56 level): the share of that speech the noisy file's segments cover, and segment time outside it. No target: it shows what a trim or split of a noisy take could cut, which is why min-snr rejects such takes before any fix.`,
    '',
    table(
      ['SNR', 'files', 'speech covered', 'files under 90 %', 'segment time outside speech'],
      coverage.map((r) => [`${r.snrDb} dB`, String(r.files), `${fmt(100 * r.covered, 1)} %`, String(r.filesUnder90), `${fmt(100 * r.extra, 1)} %`]),
    ),
  ].join('\n');
  return { id: 'silence', title: 'Speech and silence', markdown, targets };
}
