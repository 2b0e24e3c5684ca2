/**
 * Levels, bandwidth, clipping, DC offset and mains hum, each against an independent reference:
 * - levels: every file of the set, rmsDbfs / peakDbfs vs the manifest's rms_dbfs / peak_dbfs (independent tools;
 *   for the 4 stereo RIRs the manifest's RMS and peak are over all samples of both channels, whereas rmsDbfs and
 *   peakDbfs are of the mono downmix by definition, so the per-channel levels are combined the manifest's way)
 *   and loudnessLufs vs
 *   ffmpeg's ebur128 integrated loudness (printed to 0.1 LU, so agreement is judged as |Δ| ≤ 0.1 + 0.05 rounding);
 * - bandwidth: every 8 kHz file upsampled by ffmpeg (its default swr resampler, as a user's tools would) to 16,
 *   44.1 and 48 kHz must read < 4.5 kHz; every
 *   16 kHz clean speech file ≥ 6 kHz;
 * - clipping: clean speech hard-clipped at the magnitude that puts a known share of samples on the rails
 *   (0.01 %, 0.1 %, 1 %, 5 %), truth = samples at |x| ≥ that magnitude; and every unclipped speech file must read 0;
 * - DC / hum: a known DC offset, and 50/60 Hz hum (harmonics 1, 2, 3, 5) at known RMS levels, added to clean
 *   speech with its own DC/rumble removed; measured within 1 dB on the files whose own mains lines (found by an
 *   independent whole-clip DFT, see test/helpers/mainsLines.ts) are far enough below it; no hum reported on a clean file
 *   without such a line.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import ffmpeg from '@ffmpeg-installer/ffmpeg';
import nodeWav from 'node-wav';
import { analyzePcm } from '../../src/analysis/index.js';
import { openAudio } from '../../src/decode/index.js';
import { analyzeSource } from '../../src/pipeline/processFile.js';
import { mainsLinePower, withoutMainsLines } from '../../test/helpers/mainsLines.js';
import { readWav } from '../../test/helpers/wav.js';
import { join } from 'node:path';
import { cleanSpeech16k, entries, fmt, highPass60, table } from './data.js';
import type { EvalContext, EvalSection, EvalTarget } from './types.js';

const CLIP_SHARES = [0.0001, 0.001, 0.01, 0.05];
const DC_LEVELS_DBFS = [-40, -30, -20];
const HUM_LEVELS_DBFS = [-30, -40, -50];
const HUM_HARMONICS = [1, 2, 3, 5];
const HUM_RELATIVE = [1, 0.5, 0.7, 0.3];
const UPSAMPLE_RATES = [16000, 44100, 48000];

function num(v: unknown): number | null {
  const x = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(x) ? x : null;
}

function levelsPart(ctx: EvalContext, targets: EvalTarget[]): string {
  const files = entries(ctx, (e) => num(e.rms_dbfs) !== null).filter((_, i) => !ctx.quick || i % 10 === 0);
  let worstRms = 0;
  let worstPeak = 0;
  const lufsRows: string[][] = [];
  const levelRows: string[][] = [];
  let lufsCompared = 0;
  let lufsOk = 0;
  for (const e of files) {
    const w = readWav(join(ctx.dataDir, e.path));
    const m = analyzePcm(w.channels.map((c) => c.slice()), w.sampleRateHz).metrics;
    const level =
      e.ch > 1
        ? {
            rmsDbfs: 10 * Math.log10(m.channelLevels.reduce((sum, c) => sum + 10 ** (c.rmsDbfs / 10), 0) / m.channelLevels.length),
            peakDbfs: Math.max(...m.channelLevels.map((c) => c.peakDbfs)),
          }
        : m;
    const rmsDelta = level.rmsDbfs - num(e.rms_dbfs)!;
    const peakDelta = level.peakDbfs - num(e.peak_dbfs)!;
    worstRms = Math.max(worstRms, Math.abs(rmsDelta));
    worstPeak = Math.max(worstPeak, Math.abs(peakDelta));
    if (Math.abs(rmsDelta) > 0.05 || Math.abs(peakDelta) > 0.05) {
      levelRows.push([e.path, `${e.ch}`, fmt(num(e.rms_dbfs)!, 2), fmt(level.rmsDbfs, 2), fmt(num(e.peak_dbfs)!, 2), fmt(level.peakDbfs, 2)]);
    }
    const ref = num(e.lufs_ffmpeg);
    if (ref === null) continue;
    lufsCompared++;
    // ffmpeg prints −70.0 for clips with nothing above the absolute gate; voicegate returns null there.
    const ours = m.loudnessLufs ?? -70;
    const delta = ours - ref;
    if (Math.abs(delta) <= 0.15) lufsOk++;
    else lufsRows.push([e.path, fmt(ref, 1), m.loudnessLufs === null ? 'null' : fmt(m.loudnessLufs, 2), fmt(delta, 2)]);
  }
  targets.push(
    { name: 'rmsDbfs vs manifest, worst file', target: '≤ 0.05 dB', measured: `${fmt(worstRms, 3)} dB over ${files.length} files`, met: worstRms <= 0.05 },
    { name: 'peakDbfs vs manifest, worst file', target: '≤ 0.05 dB', measured: `${fmt(worstPeak, 3)} dB over ${files.length} files`, met: worstPeak <= 0.05 },
    { name: 'loudnessLufs vs ffmpeg ebur128', target: '≤ 0.1 LU (printed to 0.1)', measured: `${lufsOk}/${lufsCompared} files`, met: lufsOk === lufsCompared },
  );
  return [
    `${files.length} files: worst |rmsDbfs − manifest| ${fmt(worstRms, 3)} dB, worst |peakDbfs − manifest| ${fmt(worstPeak, 3)} dB; ` +
      `loudnessLufs within 0.1 LU of ffmpeg (+0.05 for its one-decimal print) on ${lufsOk} of ${lufsCompared} files with a reference.`,
    ...(levelRows.length ? ['', 'Level outliers (> 0.05 dB):', '', table(['file', 'ch', 'manifest RMS', 'rmsDbfs', 'manifest peak', 'peakDbfs'], levelRows)] : []),
    ...(lufsRows.length ? ['', 'Loudness outliers:', '', table(['file', 'ffmpeg LUFS', 'loudnessLufs', 'Δ LU'], lufsRows)] : []),
  ].join('\n');
}

/** The file upsampled by ffmpeg's default resampler (swr), as a user's tool would, mono float. */
function ffmpegResample(path: string, rateHz: number): Float32Array {
  const out = execFileSync(ffmpeg.path, ['-v', 'error', '-i', path, '-ac', '1', '-ar', String(rateHz), '-f', 'f32le', '-'], { maxBuffer: 1 << 30 });
  return new Float32Array(out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength));
}

function bandwidthPart(ctx: EvalContext, targets: EvalTarget[]): string {
  const narrow = entries(ctx, (e) => e.sr === 8000 && e.category !== 'rir').filter((_, i) => !ctx.quick || i % 10 === 0);
  const rows: string[][] = [];
  const failing: string[] = [];
  let failures = 0;
  for (const rate of UPSAMPLE_RATES) {
    const readings = narrow.map((e) => {
      const bandwidthHz = analyzePcm([ffmpegResample(join(ctx.dataDir, e.path), rate)], rate).metrics.bandwidthHz;
      if (!(bandwidthHz < 4500)) failing.push(`${e.path} at ${rate} Hz: ${fmt(bandwidthHz, 0)} Hz`);
      return bandwidthHz;
    });
    const bad = readings.filter((b) => !(b < 4500)).length;
    failures += bad;
    rows.push([`8 kHz files → ${rate} Hz`, String(readings.length), fmt(Math.min(...readings), 0), fmt(Math.max(...readings), 0), String(bad)]);
  }
  const wide = cleanSpeech16k(ctx).map((c) => analyzePcm([c.samples.slice()], 16000).metrics.bandwidthHz);
  const low = wide.filter((b) => b < 6000).length;
  rows.push(['16 kHz clean speech', String(wide.length), fmt(Math.min(...wide), 0), fmt(Math.max(...wide), 0), String(low)]);
  targets.push(
    { name: 'upsampled 8 kHz files read < 4.5 kHz', target: 'all', measured: `${failures} of ${narrow.length * UPSAMPLE_RATES.length} fail`, met: failures === 0 },
    { name: '16 kHz clean speech reads ≥ 6 kHz', target: 'all', measured: `${low} of ${wide.length} below`, met: low === 0 },
  );
  return [table(['case', 'files', 'min bandwidthHz', 'max bandwidthHz', 'failing'], rows), ...(failing.length ? ['', `Failing: ${failing.join('; ')}.`] : [])].join('\n');
}

/** Magnitude c such that a share `share` of the samples has |x| ≥ c. */
function clipLevel(x: Float32Array, share: number): number {
  const mags = Float32Array.from(x, Math.abs).sort();
  return mags[Math.max(0, mags.length - Math.max(1, Math.round(share * mags.length)))]!;
}

const LOSSY_CODECS: Array<{ name: string; args: string[]; extension: string }> = [
  { name: 'MP3 64 kbit/s', args: ['-b:a', '64k'], extension: 'mp3' },
  { name: 'AAC 96 kbit/s', args: ['-c:a', 'aac', '-b:a', '96k'], extension: 'm4a' },
];

/** Peak (dBFS) and clipped share of `x` as 16-bit WAV → lossy file (ffmpeg) → voicegate's own decoder and analysis. */
async function throughLossy(x: Float32Array, codec: (typeof LOSSY_CODECS)[number], dir: string): Promise<{ peakDbfs: number; clippedRatio: number }> {
  const wav = join(dir, 'take.wav');
  const lossy = join(dir, `take.${codec.extension}`);
  writeFileSync(wav, Buffer.from(nodeWav.encode([x], { sampleRate: 16000, float: false, bitDepth: 16 })));
  execFileSync(ffmpeg.path, ['-v', 'error', '-y', '-i', wav, ...codec.args, lossy]);
  const { peakDbfs, clippedRatio } = (await analyzeSource(await openAudio(lossy))).metrics;
  return { peakDbfs, clippedRatio };
}

/**
 * Clipping in lossy files: the codec smears a clipped flat top into ripples around the rail, so the flat-top
 * count reads nothing; what remains is a decoded peak over full scale (max-peak's over-full-scale message).
 * Takes clipped with the rail at full scale, and unclipped takes with their peak at −0.1 and −1 dBFS.
 */
async function lossyClippingPart(speech: Float32Array[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'voicegate-eval-lossy-'));
  const rows: string[][] = [];
  try {
    const cases: Array<{ name: string; make(x: Float32Array): Float32Array }> = [
      ...[-1, -0.1].map((peakDb) => ({
        name: `unclipped, peak ${peakDb} dBFS`,
        make: (x: Float32Array) => {
          let peak = 0;
          for (const v of x) peak = Math.max(peak, Math.abs(v));
          return x.map((v) => (v / peak) * 10 ** (peakDb / 20));
        },
      })),
      ...[0.001, 0.005, 0.01, 0.05].map((share) => ({
        name: `${fmt(share * 100, 1)} % clipped at full scale`,
        make: (x: Float32Array) => {
          const c = clipLevel(x, share);
          return x.map((v) => Math.max(-1, Math.min(1, v / c)) * (32767 / 32768));
        },
      })),
    ];
    for (const c of cases) {
      const cells: string[] = [];
      for (const codec of LOSSY_CODECS) {
        let over = 0;
        let counted = 0;
        for (const x of speech) {
          const { peakDbfs, clippedRatio } = await throughLossy(c.make(x), codec, dir);
          if (peakDbfs > 0) over++;
          if (clippedRatio > 0) counted++;
        }
        cells.push(`${over}/${speech.length}`, `${counted}/${speech.length}`);
      }
      rows.push([c.name, ...cells]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return table(['take', ...LOSSY_CODECS.flatMap((c) => [`${c.name}: peak over full scale`, 'clippedRatio > 0'])], rows);
}

function clippingPart(speech: Float32Array[], targets: EvalTarget[]): string {
  const rows: string[][] = [];
  let worstRel = 0;
  for (const share of CLIP_SHARES) {
    const rels: number[] = [];
    for (const x of speech) {
      const c = clipLevel(x, share);
      const clipped = x.map((v) => Math.max(-c, Math.min(c, v)));
      let truth = 0;
      for (const v of clipped) if (Math.abs(v) >= c) truth++;
      const measured = analyzePcm([clipped], 16000).metrics.clippedRatio;
      rels.push(Math.abs(measured - truth / x.length) / (truth / x.length));
    }
    const worst = Math.max(...rels);
    worstRel = Math.max(worstRel, worst);
    rows.push([`${fmt(share * 100, 2)} %`, String(rels.length), fmt(rels.reduce((s, r) => s + r, 0) / rels.length * 100, 1), fmt(worst * 100, 1)]);
  }
  const falseAlarms = speech.filter((x) => analyzePcm([x.slice()], 16000).metrics.clippedRatio > 0).length;
  targets.push(
    { name: 'clippedRatio within 20 % relative (worst clip)', target: '≤ 20 %', measured: `${fmt(worstRel * 100, 1)} %`, met: worstRel <= 0.2 },
    { name: 'clipping false alarms on unclipped speech', target: '0', measured: `${falseAlarms} of ${speech.length}`, met: falseAlarms === 0 },
  );
  return table(['samples clipped', 'clips', 'mean rel. error %', 'worst rel. error %'], rows) + `\n\nUnclipped speech read as clipped: ${falseAlarms} of ${speech.length}.`;
}

function withHum(x: Float32Array, rateHz: number, mainsHz: number, totalDbfs: number): Float32Array {
  const meanSquare = HUM_RELATIVE.reduce((s, r) => s + (r * r) / 2, 0);
  const scale = 10 ** (totalDbfs / 20) / Math.sqrt(meanSquare);
  return x.map((v, i) => {
    let hum = 0;
    HUM_HARMONICS.forEach((h, j) => {
      hum += scale * HUM_RELATIVE[j]! * Math.sin((2 * Math.PI * mainsHz * h * i) / rateHz + j);
    });
    return v + hum;
  });
}

/**
 * A file's own mains line adds to the added hum coherently: one 14 dB below moved the mixture's hum by up to ±2 dB
 * with the relative phase (checked by shifting the added hum's phase). So the hum is added to each file with its
 * own lines subtracted (withoutMainsLines), and a file is scored only where its own lines were ≥ 20 dB below the
 * added hum: even a line the subtraction missed (one whose level wanders) then moves the truth by less than
 * 20·log10(1 ± 0.1), +0.8/−0.9 dB.
 */
const OWN_HUM_MARGIN_DB = 20;
/** Files whose own lines were 10–20 dB below the added hum are shown apart, without a target. */
const NEAR_HUM_MARGIN_DB = 10;

function mainsDbfs(x: Float32Array): Record<50 | 60, number> {
  return { 50: 10 * Math.log10(mainsLinePower(x, 16000, 50)), 60: 10 * Math.log10(mainsLinePower(x, 16000, 60)) };
}

function dcHumPart(speech: Float32Array[], names: string[], targets: EvalTarget[]): string {
  const ownDbfs = speech.map(mainsDbfs);
  const unlined = speech.map((x) => withoutMainsLines(x, 16000));
  const read = speech.map((x) => analyzePcm([x.slice()], 16000).metrics);
  const falseHum: string[] = [];
  const hummyRows: string[][] = [];
  read.forEach((m, i) => {
    if (m.humFrequencyHz === null) return;
    const reference = ownDbfs[i]![m.humFrequencyHz];
    if (!Number.isFinite(reference)) falseHum.push(names[i]!);
    hummyRows.push([names[i]!, `${m.humFrequencyHz} Hz`, fmt(m.humDbfs ?? NaN, 1), fmt(m.humDb ?? NaN, 1), Number.isFinite(reference) ? fmt(reference, 1) : 'none']);
  });
  let worstDc = 0;
  for (const db of DC_LEVELS_DBFS) {
    for (const x of speech) {
      const dc = 10 ** (db / 20);
      const m = analyzePcm([x.map((v) => v + dc)], 16000).metrics;
      worstDc = Math.max(worstDc, Math.abs(20 * Math.log10(Math.abs(m.dcOffset) / dc)));
    }
  }
  const humRows: string[][] = [];
  const nearRows: string[][] = [];
  let worstHum = 0;
  let wrongFrequency = 0;
  let scored = 0;
  /** One table row: the errors of a group of files and how many of them got the wrong frequency. */
  interface Group {
    errors: number[];
    wrong: number;
  }
  const row = (mainsHz: number, db: number, { errors, wrong }: Group): string[] => {
    const absolute = errors.map(Math.abs);
    return [
      `${mainsHz} Hz`,
      `${db} dBFS`,
      String(errors.length),
      fmt(absolute.reduce((s, e) => s + e, 0) / errors.length, 2),
      fmt(errors.reduce((s, e) => s + e, 0) / errors.length, 2),
      fmt(Math.max(...absolute), 2),
      String(absolute.filter((e) => e <= 1).length),
      String(wrong),
    ];
  };
  for (const mainsHz of [50, 60] as const) {
    for (const db of HUM_LEVELS_DBFS) {
      const clear: Group = { errors: [], wrong: 0 };
      const near: Group = { errors: [], wrong: 0 };
      unlined.forEach((x, i) => {
        const own = Math.max(ownDbfs[i]![50], ownDbfs[i]![60]);
        if (own > db - NEAR_HUM_MARGIN_DB) return;
        const group = own > db - OWN_HUM_MARGIN_DB ? near : clear;
        const m = analyzePcm([withHum(x, 16000, mainsHz, db)], 16000).metrics;
        group.errors.push(m.humDbfs === null ? Infinity : m.humDbfs - db);
        if (m.humFrequencyHz !== mainsHz) group.wrong++;
      });
      scored += clear.errors.length;
      wrongFrequency += clear.wrong;
      worstHum = Math.max(worstHum, ...clear.errors.map(Math.abs));
      humRows.push(row(mainsHz, db, clear));
      if (near.errors.length > 0) nearRows.push(row(mainsHz, db, near));
    }
  }
  targets.push(
    { name: 'dcOffset within 1 dB (worst clip)', target: '≤ 1 dB', measured: `${fmt(worstDc, 3)} dB`, met: worstDc <= 1 },
    { name: 'humDbfs within 1 dB, right frequency (worst clip)', target: '≤ 1 dB', measured: `${fmt(worstHum, 2)} dB, ${wrongFrequency} of ${scored} wrong frequency`, met: worstHum <= 1 && wrongFrequency === 0 },
    { name: 'hum read on clean speech whose reference shows no line of that family', target: '0 false alarms', measured: `${falseHum.length} of ${speech.length}`, met: falseHum.length === 0 },
  );
  return [
    `DC offsets ${DC_LEVELS_DBFS.join(', ')} dBFS on ${speech.length} clean files: worst error ${fmt(worstDc, 3)} dB.`,
    '',
    `Mains hum (harmonics ${HUM_HARMONICS.join(', ')}) added at the stated total RMS level; truth = that level. The file's own mains lines ` +
      `(reference: one Hann DFT over the whole clip, lines ≥ 10 dB above the spectrum 2–8 Hz away) are subtracted first, each as the ` +
      `least-squares sinusoid at its peak frequency: an own line adds to the added hum coherently (one 14 dB below moved the truth by up ` +
      `to ±2 dB with the phase). A file is scored only where its own lines were at least ${OWN_HUM_MARGIN_DB} dB below the added hum, so that ` +
      `even a line the subtraction missed moves the truth by less than +0.8/−0.9 dB.`,
    '',
    table(['mains', 'hum level', 'clips scored', 'mean |error| dB', 'bias dB', 'worst |error| dB', 'within 1 dB', 'wrong frequency'], humRows),
    '',
    `Shown apart, no target: files whose own lines were ${NEAR_HUM_MARGIN_DB}–${OWN_HUM_MARGIN_DB} dB below the added hum (subtracted too). ` +
      'What the subtraction left of their own lines can move the truth by up to +2.4/−3.3 dB with the phase, so their errors mix ' +
      "the estimator's with the truth's.",
    '',
    table(['mains', 'hum level', 'clips', 'mean |error| dB', 'bias dB', 'worst |error| dB', 'within 1 dB', 'wrong frequency'], nearRows),
    '',
    `Wrong or missing hum frequency: ${wrongFrequency} of ${scored}. Clean files read as hummy before anything is added, against the ` +
      `whole-clip DFT reference of the same family ("none": a false alarm): ${falseHum.length ? falseHum.join(', ') : 'no false alarm'}.`,
    '',
    table(['file', 'humFrequencyHz', 'humDbfs', 'humDb', 'reference dBFS'], hummyRows),
  ].join('\n');
}

/**
 * `VOICEGATE_EVAL_HUM_ONLY=1` runs only the DC and hum part (≈40 s instead of ≈3 min), for work on hum.ts; the
 * section it prints then lacks the other parts, so it is for development, not for docs/accuracy.md.
 */
const HUM_ONLY = process.env.VOICEGATE_EVAL_HUM_ONLY === '1';

export async function evalLevels(ctx: EvalContext): Promise<EvalSection> {
  const targets: EvalTarget[] = [];
  const clean = cleanSpeech16k(ctx).filter((_, i) => !ctx.quick || i % 5 === 0);
  const names = clean.map((c) => c.path.split('/').pop()!);
  if (HUM_ONLY) {
    ctx.log('[levels] DC and hum only (VOICEGATE_EVAL_HUM_ONLY=1)');
    const dcHum = dcHumPart(clean.map((c) => highPass60(c.samples, 16000)), names, targets);
    return { id: 'levels', title: 'DC and hum only (VOICEGATE_EVAL_HUM_ONLY=1)', markdown: dcHum, targets };
  }
  ctx.log('[levels] levels');
  const levels = levelsPart(ctx, targets);
  ctx.log('[levels] bandwidth');
  const bandwidth = bandwidthPart(ctx, targets);
  ctx.log('[levels] clipping');
  const clipping = clippingPart(clean.map((c) => c.samples), targets);
  ctx.log('[levels] clipping through lossy codecs');
  const lossyClipping = await lossyClippingPart(clean.map((c) => c.samples));
  ctx.log('[levels] DC and hum');
  const dcHum = dcHumPart(
    clean.map((c) => highPass60(c.samples, 16000)),
    names,
    targets,
  );
  const markdown = [
    '### Levels and loudness',
    '',
    levels,
    '',
    '### Bandwidth',
    '',
    bandwidth,
    '',
    '### Clipping',
    '',
    `Clean speech (${clean.length} files at 16 kHz) hard-clipped at the magnitude that puts the stated share of samples on the rails.`,
    '',
    clipping,
    '',
    'Through a lossy codec (16-bit WAV → ffmpeg → voicegate\'s decoder) the codec turns flat tops into ripples, so `clippedRatio` misses them (0 for every take below);',
    'a clipped take shows as a decoded peak over full scale instead, which max-peak reports as such (not fixable by turning it down).',
    '',
    lossyClipping,
    '',
    '### DC offset and mains hum',
    '',
    dcHum,
  ].join('\n');
  return { id: 'levels', title: 'Levels, loudness, bandwidth, clipping, DC and hum', markdown, targets };
}
