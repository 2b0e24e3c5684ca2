/**
 * SNR section: voicegate's `snrDb` (analyzePcm, the CLI's own analysis) and WADA-SNR against known SNRs.
 *
 * SNR = ITU-T P.56 method B active speech level over the mean noise power. Cases:
 * (a) NOIZEUS (Hu & Loizou 2007): every noisy file with the corpus label (8 real noises × 0/5/10/15 dB, 8 kHz).
 *     First check: P.56 of `clean` over the power of `noisy − clean` must give the label within 0.05 dB.
 * (b) Mixtures: every clean speech file of the set at 16 kHz (DC and rumble below 60 Hz removed) plus real
 *     noise: the two Speech Commands recordings and the 8 NOIZEUS noises (noisy − clean of the 0 dB files,
 *     each sentence's noise scaled to the same power, joined with 20 ms crossfades, upsampled to 16 kHz), at
 *     0, 5, …, 40 dB. Seeded: the speech files per (noise, SNR) and the noise offsets repeat from run to run.
 *     A recording's own floor (quietest 10 % of 20 ms frames) is handled both ways the data README allows:
 *     a mixture is kept only when the added noise is ≥ 10 dB above that floor, and the floor is counted in its
 *     label, label = P.56 level / (added noise power + floor power) (a correction of at most 0.41 dB).
 * Bands group cases by their nominal SNR (0–10: 0 and 5 dB; 10–20: 10, 15; 20–30: 20, 25; 30–40: 30, 35, 40).
 */
import { analyzePcm } from '../../src/analysis/index.js';
import {
  activeLevelDb,
  add,
  cleanSpeech16k,
  dbToPower,
  entries,
  errorStats,
  fmt,
  highPass60,
  loadMono,
  meanPower,
  noiseAtPower,
  ownNoiseFloor,
  powerToDb,
  resample,
  seededRandom,
  subtract,
  table,
  type ErrorStats,
} from './data.js';
import type { EvalContext, EvalSection, EvalTarget } from './types.js';
import { gatedCases, gatedStats } from './snrGated.js';
import { wadaSnrDb } from './wada.js';

const MIX_SNRS_DB = [0, 5, 10, 15, 20, 25, 30, 35, 40];
const MIN_ABOVE_OWN_FLOOR_DB = 10;
const SPEECH_PER_CELL = 15;
const SPEECH_PER_CELL_QUICK = 4;
const CROSSFADE_S = 0.02;
const SEED = 4;

export interface SnrCase {
  source: 'noizeus' | 'mixture';
  noise: string;
  speech: string;
  nominalDb: number;
  labelDb: number;
  oursDb: number | null;
  wadaDb: number;
}

export interface P56Check {
  files: number;
  maxAbsErrorDb: number;
}

let cached: { quick: boolean; cases: SnrCase[]; p56: P56Check } | null = null;

/** One SNR case before measuring: its signal and label. */
export interface SnrSignal {
  source: SnrCase['source'];
  noise: string;
  speech: string;
  nominalDb: number;
  labelDb: number;
  samples: Float32Array;
  sampleRateHz: number;
}

type SignalVisitor = (signal: SnrSignal) => void;

function noizeusSignals(ctx: EvalContext, visit: SignalVisitor): P56Check {
  let files = 0;
  let maxAbsErrorDb = 0;
  for (const e of entries(ctx, (x) => x.path.includes('noizeus/noisy/') && typeof x.gt.snr_db === 'number')) {
    const noisy = loadMono(ctx, e.path);
    const clean = loadMono(ctx, String(e.gt.clean_ref));
    const labelDb = e.gt.snr_db as number;
    const p56Db = activeLevelDb(clean.samples, clean.sampleRateHz)! - powerToDb(meanPower(subtract(noisy.samples, clean.samples)));
    maxAbsErrorDb = Math.max(maxAbsErrorDb, Math.abs(p56Db - labelDb));
    files++;
    if (ctx.quick && !/sp0[1-2]_/.test(e.path)) continue;
    visit({ source: 'noizeus', noise: String(e.gt.noise), speech: e.path, nominalDb: labelDb, labelDb, samples: noisy.samples, sampleRateHz: noisy.sampleRateHz });
  }
  return { files, maxAbsErrorDb };
}

/** Joins pieces of equal power with short linear crossfades. */
function joinEqualPower(pieces: Float32Array[], fade: number): Float32Array {
  const scaled = pieces.map((p) => noiseAtPower(p, 0, p.length, 1));
  const total = scaled.reduce((n, p) => n + p.length, 0) - fade * (scaled.length - 1);
  const out = new Float32Array(total);
  let at = 0;
  scaled.forEach((p, i) => {
    const start = i === 0 ? 0 : at - fade;
    for (let k = 0; k < p.length; k++) {
      const w = i > 0 && k < fade ? k / fade : 1;
      out[start + k] = out[start + k]! * (i > 0 && k < fade ? 1 - w : 1) + p[k]! * w;
    }
    at = start + p.length;
  });
  return out;
}

/** Real noises at 16 kHz: the two Speech Commands recordings and the NOIZEUS noises recovered as noisy − clean. */
export function realNoises16k(ctx: EvalContext): Map<string, Float32Array> {
  const noises = new Map<string, Float32Array>();
  for (const e of entries(ctx, (x) => x.category === 'noise')) {
    const clip = loadMono(ctx, e.path);
    const name = e.path.split('/').pop()!.replace(/_first20s\.wav$/, '').replace(/_/g, ' ');
    noises.set(name, highPass60(clip.samples, clip.sampleRateHz));
  }
  const byType = new Map<string, Float32Array[]>();
  for (const e of entries(ctx, (x) => x.path.includes('noizeus/noisy/') && x.gt.snr_db === 0)) {
    const noisy = loadMono(ctx, e.path);
    const clean = loadMono(ctx, String(e.gt.clean_ref));
    const type = `NOIZEUS ${String(e.gt.noise)}`;
    byType.set(type, [...(byType.get(type) ?? []), subtract(noisy.samples, clean.samples)]);
  }
  for (const [type, pieces] of byType) {
    noises.set(type, resample(joinEqualPower(pieces, Math.round(CROSSFADE_S * 8000)), 8000, 16000));
  }
  return noises;
}

/** Clean 16 kHz speech ready to mix: DC and rumble removed, its P.56 level and its own floor (dB). */
export interface MixableSpeech {
  path: string;
  samples: Float32Array;
  levelDb: number;
  floorDb: number;
}

export function mixableSpeech(ctx: EvalContext): MixableSpeech[] {
  return cleanSpeech16k(ctx).map((clip) => {
    const samples = highPass60(clip.samples, clip.sampleRateHz);
    return { path: clip.path, samples, levelDb: activeLevelDb(samples, 16000)!, floorDb: powerToDb(ownNoiseFloor(samples, 16000)) };
  });
}

/** Whether added noise at `snrDb` stands MIN_ABOVE_OWN_FLOOR_DB above the recording's own floor. */
export function mixableAt(s: MixableSpeech, snrDb: number): boolean {
  return s.levelDb - snrDb >= s.floorDb + MIN_ABOVE_OWN_FLOOR_DB;
}

/** Label of `s` with noise of power `noisePower` added: P.56 level over that noise plus the recording's own floor. */
export function mixtureLabelDb(s: MixableSpeech, noisePower: number): number {
  return s.levelDb - powerToDb(noisePower + dbToPower(s.floorDb));
}

function mixtureSignals(ctx: EvalContext, visit: SignalVisitor): void {
  const speech = mixableSpeech(ctx);
  const random = seededRandom(SEED);
  const perCell = ctx.quick ? SPEECH_PER_CELL_QUICK : SPEECH_PER_CELL;
  for (const [noiseName, noise] of realNoises16k(ctx)) {
    for (const snrDb of MIX_SNRS_DB) {
      const eligible = speech.filter((s) => mixableAt(s, snrDb));
      const picked = shuffle(eligible, random).slice(0, perCell);
      for (const s of picked) {
        const noisePower = dbToPower(s.levelDb - snrDb);
        const offset = Math.floor(random() * noise.length);
        const mixture = add(s.samples, noiseAtPower(noise, offset, s.samples.length, noisePower));
        const labelDb = mixtureLabelDb(s, noisePower);
        visit({ source: 'mixture', noise: noiseName, speech: s.path, nominalDb: snrDb, labelDb, samples: mixture, sampleRateHz: 16000 });
      }
    }
  }
}

/** Every SNR case's signal, in a fixed order (NOIZEUS first); returns the P.56 check on the NOIZEUS labels. */
export function forEachSnrSignal(ctx: EvalContext, visit: SignalVisitor): P56Check {
  const p56 = noizeusSignals(ctx, visit);
  mixtureSignals(ctx, visit);
  return p56;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** All SNR cases with both estimates (computed once per run; the gate section reuses them). */
export function snrCases(ctx: EvalContext): { cases: SnrCase[]; p56: P56Check } {
  if (cached && cached.quick === ctx.quick) return cached;
  const cases: SnrCase[] = [];
  const p56 = forEachSnrSignal(ctx, ({ samples, sampleRateHz, ...label }) => {
    const wadaDb = wadaSnrDb(samples);
    cases.push({ ...label, oursDb: analyzePcm([samples.slice()], sampleRateHz).metrics.snrDb, wadaDb });
  });
  cached = { quick: ctx.quick, cases, p56 };
  return cached;
}

const BANDS: Array<{ name: string; lo: number; hi: number }> = [
  { name: '0–10 dB', lo: 0, hi: 10 },
  { name: '10–20 dB', lo: 10, hi: 20 },
  { name: '20–30 dB', lo: 20, hi: 30 },
  { name: '30–40 dB', lo: 30, hi: 41 },
];

interface Row {
  name: string;
  cases: SnrCase[];
  ours: ErrorStats;
  wada: ErrorStats;
  missing: number;
}

function row(name: string, cases: SnrCase[]): Row {
  const measured = cases.filter((c) => c.oursDb !== null);
  return {
    name,
    cases,
    ours: errorStats(measured.map((c) => c.oursDb! - c.labelDb)),
    wada: errorStats(cases.map((c) => c.wadaDb - c.labelDb)),
    missing: cases.length - measured.length,
  };
}

function rowsTable(title: string, rows: Row[]): string {
  return table(
    [title, 'n', 'voicegate MAE', 'bias', 'P90', 'no estimate', 'WADA MAE', 'bias', 'P90'],
    rows.map((r) => [
      r.name,
      String(r.cases.length),
      fmt(r.ours.maeDb),
      fmt(r.ours.biasDb),
      fmt(r.ours.p90Db),
      String(r.missing),
      fmt(r.wada.maeDb),
      fmt(r.wada.biasDb),
      fmt(r.wada.p90Db),
    ]),
  );
}

export async function evalSnr(ctx: EvalContext): Promise<EvalSection> {
  const { cases, p56 } = snrCases(ctx);
  const all = row('all', cases);
  const noizeus = row('NOIZEUS (corpus labels)', cases.filter((c) => c.source === 'noizeus'));
  const mixtures = row('16 kHz mixtures', cases.filter((c) => c.source === 'mixture'));
  const bands = BANDS.map((b) => row(b.name, cases.filter((c) => c.nominalDb >= b.lo && c.nominalDb < b.hi)));
  const noiseNames = [...new Set(cases.map((c) => `${c.source === 'noizeus' ? 'NOIZEUS corpus ' : ''}${c.noise}`))];
  const byNoise = noiseNames.map((n) =>
    row(n, cases.filter((c) => `${c.source === 'noizeus' ? 'NOIZEUS corpus ' : ''}${c.noise}` === n)),
  );
  const byNoiseAbove0 = noiseNames.map((n) =>
    row(n, cases.filter((c) => c.nominalDb > 0 && `${c.source === 'noizeus' ? 'NOIZEUS corpus ' : ''}${c.noise}` === n)),
  );
  const gated = gatedCases(ctx);
  const gatedAll = gatedStats(gated);
  const gatedBySnr = [...new Set(gated.map((c) => c.nominalDb))].map((s) => ({ name: `${s} dB`, n: gated.filter((c) => c.nominalDb === s).length, ...gatedStats(gated.filter((c) => c.nominalDb === s)) }));
  const bySnr = [...new Set(cases.map((c) => c.nominalDb))].sort((a, b) => a - b).map((s) => row(`${s} dB`, cases.filter((c) => c.nominalDb === s)));

  const targets: EvalTarget[] = [
    { name: 'P.56 reproduces NOIZEUS labels', target: '≤ 0.05 dB', measured: `max ${fmt(p56.maxAbsErrorDb, 3)} dB`, met: p56.maxAbsErrorDb <= 0.05 },
    { name: 'SNR: every case has an estimate', target: '0 missing', measured: `${all.missing} missing`, met: all.missing === 0 },
    { name: 'SNR MAE overall', target: '≤ 1.5 dB', measured: `${fmt(all.ours.maeDb)} dB`, met: all.ours.maeDb <= 1.5 },
    { name: 'SNR |bias| overall', target: '≤ 0.7 dB', measured: `${fmt(all.ours.biasDb)} dB`, met: Math.abs(all.ours.biasDb) <= 0.7 },
    { name: 'SNR MAE NOIZEUS', target: '≤ 1.5 dB', measured: `${fmt(noizeus.ours.maeDb)} dB`, met: noizeus.ours.maeDb <= 1.5 },
    ...bands.map((b) => ({ name: `SNR MAE band ${b.name}`, target: '≤ 2 dB', measured: `${fmt(b.ours.maeDb)} dB`, met: b.ours.maeDb <= 2 })),
    ...byNoiseAbove0.map((r) => ({ name: `SNR MAE ${r.name} (> 0 dB)`, target: '≤ 2 dB', measured: `${fmt(r.ours.maeDb)} dB`, met: r.ours.maeDb <= 2 })),
    { name: 'SNR MAE, gated pauses', target: '≤ 2 dB', measured: `${fmt(gatedAll.ours.maeDb)} dB (${gatedAll.missing} missing)`, met: gatedAll.ours.maeDb <= 2 && gatedAll.missing === 0 },
    { name: 'SNR beats WADA overall', target: 'MAE below WADA', measured: `${fmt(all.ours.maeDb)} vs ${fmt(all.wada.maeDb)} dB`, met: all.ours.maeDb < all.wada.maeDb },
    ...[...bands.filter((b) => b.cases.every((c) => c.nominalDb >= 20)), ...bySnr.filter((r) => r.cases[0]!.nominalDb === 15)].map((b) => ({
      name: `SNR beats WADA, ${b.name}`,
      target: 'MAE below WADA',
      measured: `${fmt(b.ours.maeDb)} vs ${fmt(b.wada.maeDb)} dB`,
      met: b.ours.maeDb < b.wada.maeDb,
    })),
  ];

  const markdown = [
    'SNR = ITU-T P.56 method B active speech level over mean noise power. voicegate is `analyzePcm` (what the CLI runs);',
    'WADA-SNR (Kim & Stern 2008) is computed in the same run on the same samples (`bench/eval/wada.ts`; a whole-file SNR, as published).',
    'Error = estimate − label. NOIZEUS: the corpus labels (8 kHz). Mixtures: 16 kHz clean speech (DC and rumble < 60 Hz removed) plus real noise',
    '(Speech Commands dishes and exercise bike; NOIZEUS noises recovered as noisy − clean, upsampled), seeded; kept only where the added noise is',
    `≥ ${MIN_ABOVE_OWN_FLOOR_DB} dB above the recording's own floor, whose power is also counted in the label. Bands by nominal SNR.`,
    '',
    `P.56 check: over ${p56.files} NOIZEUS files, P.56(clean) / power(noisy − clean) is within ${fmt(p56.maxAbsErrorDb, 3)} dB of the label.`,
    '',
    rowsTable('cases', [all, noizeus, mixtures]),
    '',
    rowsTable('band (nominal)', bands),
    '',
    rowsTable('nominal SNR', bySnr),
    '',
    rowsTable('noise type (all SNRs)', byNoise),
    '',
    rowsTable('noise type (> 0 dB)', byNoiseAbove0),
    '',
    'Gated pauses (`bench/eval/snrGated.ts`): the same kind of mixtures, 10–30 dB, with the pauses muted 60 dB by a noise gate keyed by the',
    'clean speech (test/helpers/gate.ts) and 0.6 s of muted signal at both ends; label = speech level over the noise under the speech.',
    '',
    table(
      ['gated, nominal SNR', 'n', 'voicegate MAE', 'bias', 'P90', 'no estimate'],
      [{ name: 'all', n: gated.length, ...gatedAll }, ...gatedBySnr].map((r) => [r.name, String(r.n), fmt(r.ours.maeDb), fmt(r.ours.biasDb), fmt(r.ours.p90Db), String(r.missing)]),
    ),
  ].join('\n');
  return { id: 'snr', title: 'SNR', markdown, targets };
}
