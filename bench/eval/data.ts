/**
 * Shared data access and mixing helpers for the eval sections: the manifest, mono WAV loading, a seeded
 * random source, and the reference measures mixtures are labelled with (ITU-T P.56 method B active speech
 * level, DC/rumble removal below 60 Hz, band-limited resampling; the implementations live in test/helpers so
 * the unit tests and the eval label signals the same way).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { activeSpeechLevel } from '../../test/helpers/p56.js';
import { add, dbToPower, highPass60, meanPower, noiseAtPower, ownNoiseFloor, powerToDb } from '../../test/helpers/mixing.js';
import { resample } from '../../test/helpers/resample.js';
import { readWav } from '../../test/helpers/wav.js';
import type { EvalContext, ManifestEntry } from './types.js';

export { activeSpeechLevel, add, dbToPower, highPass60, meanPower, noiseAtPower, ownNoiseFloor, powerToDb, resample };

export interface MonoClip {
  path: string;
  sampleRateHz: number;
  samples: Float32Array;
}

/** The first channel of a manifest file (every speech and noise file of the set is mono). */
export function loadMono(ctx: EvalContext, path: string): MonoClip {
  const wav = readWav(join(ctx.dataDir, path));
  return { path, sampleRateHz: wav.sampleRateHz, samples: wav.channels[0]! };
}

export function entries(ctx: EvalContext, predicate: (e: ManifestEntry) => boolean): ManifestEntry[] {
  return ctx.manifest.filter(predicate).sort((a, b) => a.path.localeCompare(b.path));
}

/** Clean read speech of the set: every `clean_speech/` file, resampled to 16 kHz where it is not. */
export function cleanSpeech16k(ctx: EvalContext): MonoClip[] {
  return entries(ctx, (e) => e.category === 'clean_speech').map((e) => {
    const clip = loadMono(ctx, e.path);
    if (clip.sampleRateHz === 16000) return clip;
    return { path: clip.path, sampleRateHz: 16000, samples: resample(clip.samples, clip.sampleRateHz, 16000) };
  });
}

export { seededRandom } from '../../src/server/prng.js';

export function subtract(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! - (b[i] ?? 0);
  return out;
}

/** P.56 active speech level in dB (of a mean square), or null for a signal with no active speech. */
export function activeLevelDb(x: Float32Array, sampleRateHz: number): number | null {
  const level = activeSpeechLevel(x, sampleRateHz);
  return level === null ? null : powerToDb(level);
}

// ---------- statistics and tables ----------

export interface ErrorStats {
  n: number;
  maeDb: number;
  biasDb: number;
  p90Db: number;
}

export function errorStats(errors: number[]): ErrorStats {
  const n = errors.length;
  if (n === 0) return { n, maeDb: NaN, biasDb: NaN, p90Db: NaN };
  const abs = errors.map(Math.abs).sort((a, b) => a - b);
  return {
    n,
    maeDb: abs.reduce((s, e) => s + e, 0) / n,
    biasDb: errors.reduce((s, e) => s + e, 0) / n,
    p90Db: quantile(abs, 0.9),
  };
}

/** Linear-interpolated quantile of sorted values. */
export function quantile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function median(values: number[]): number {
  return quantile([...values].sort((a, b) => a - b), 0.5);
}

export function fmt(x: number, digits = 2): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '–';
}

export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * The context a stand-alone fit script runs in: `--data DIR` (default ../shared/data beside the repo) and
 * `--quick`, with a clear exit when the development set is missing.
 */
export function scriptContext(argv: string[]): EvalContext {
  const dataIndex = argv.indexOf('--data');
  const dataDir = resolve(dataIndex >= 0 ? argv[dataIndex + 1]! : join(import.meta.dirname, '../../../shared/data'));
  const manifestPath = join(dataDir, 'manifest.json');
  if (!existsSync(manifestPath)) {
    console.error(`No manifest.json in ${dataDir}: pass the data folder with --data DIR (default ../shared/data).`);
    process.exit(2);
  }
  return {
    dataDir,
    manifest: JSON.parse(readFileSync(manifestPath, 'utf8')) as ManifestEntry[],
    quick: argv.includes('--quick'),
    log: (line) => console.error(line),
  };
}
