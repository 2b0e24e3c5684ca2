/**
 * Fit of the map in src/analysis/reverb.ts from the clip's pooled early-to-late ratio after offsets
 * (`tailRatioDb`, reverbTail.ts) to the room's C50 (truth: rirTruth.ts), by ordinary least squares over every reverberant case of reverbCases.ts
 * (43 speech files × 9 rooms × clean/30/20 dB SNR; dry speech has no finite C50 and is left out):
 *   C50_FIT: true C50 = a + b·tailRatioDb.
 * `npx tsx bench/eval/fit-reverb.ts [--data DIR] [--quick]` prints the fit on all rooms (the shipped constants)
 * and the leave-one-room-out errors: for each room, the map fitted on the other eight predicts its clips. The
 * eval section scores the estimator the same way. rt60S (decayRtS, per-band free decays) is not fitted.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { extractFeatures } from '../../src/analysis/features/extractor.js';
import { analyzeFeatures } from '../../src/analysis/index.js';
import { estimateNoise } from '../../src/analysis/noise.js';
import { c50FromTail, decayStatistics } from '../../src/analysis/reverb.js';
import type { Metrics } from '../../src/analysis/types.js';
import { detectSpeech } from '../../src/analysis/vad.js';
import { fmt, median, scriptContext } from './data.js';
import { RATE, reverbCases, reverbSetup } from './reverbCases.js';
import type { EvalContext } from './types.js';

export interface ReverbRow {
  room: string;
  speech: string;
  snrDb: number | null;
  trueC50Db: number;
  trueRt60S: number;
  tailRatioDb: number | null;
  decayRtS: number | null;
  metrics: Pick<Metrics, 'c50Db' | 'rt60S' | 'echoScore'>;
}

export function collectRows(ctx: EvalContext, setup = reverbSetup(ctx)): ReverbRow[] {
  const rows: ReverbRow[] = [];
  for (const c of reverbCases(ctx, setup)) {
    const f = extractFeatures([c.signal], RATE);
    const { metrics } = analyzeFeatures(f);
    const noise = estimateNoise(f);
    const { tailRatioDb, decayRtS } = decayStatistics(f, detectSpeech(f, noise), noise);
    rows.push({
      room: c.room?.name ?? 'dry',
      speech: c.speech,
      snrDb: c.snrDb,
      trueC50Db: c.room?.c50Db ?? Infinity,
      trueRt60S: c.room?.rt60S ?? NaN,
      tailRatioDb,
      decayRtS,
      metrics: { c50Db: metrics.c50Db, rt60S: metrics.rt60S, echoScore: metrics.echoScore },
    });
  }
  return rows;
}

/** Least squares of y on the columns of x (normal equations, Gauss–Jordan with partial pivoting). */
function leastSquares(x: number[][], y: number[]): number[] {
  const p = x[0]!.length;
  const m = Array.from({ length: p }, (_, i) => [
    ...Array.from({ length: p }, (_, j) => x.reduce((s, row) => s + row[i]! * row[j]!, 0)),
    x.reduce((s, row, n) => s + row[i]! * y[n]!, 0),
  ]);
  for (let i = 0; i < p; i++) {
    let pivot = i;
    for (let j = i + 1; j < p; j++) if (Math.abs(m[j]![i]!) > Math.abs(m[pivot]![i]!)) pivot = j;
    [m[i], m[pivot]] = [m[pivot]!, m[i]!];
    for (let j = 0; j < p; j++) {
      if (j === i) continue;
      const factor = m[j]![i]! / m[i]![i]!;
      for (let k = i; k <= p; k++) m[j]![k] = m[j]![k]! - factor * m[i]![k]!;
    }
  }
  return m.map((row, i) => row[p]! / row[i]!);
}

export type C50Fit = [number, number];

function usable(r: ReverbRow): boolean {
  return r.tailRatioDb !== null && Number.isFinite(r.trueC50Db);
}

export function fitC50(rows: ReverbRow[]): C50Fit {
  const used = rows.filter(usable);
  return leastSquares(
    used.map((r) => [1, r.tailRatioDb!]),
    used.map((r) => r.trueC50Db),
  ) as C50Fit;
}

/** Each reverberant row's C50 predicted by the map fitted without its room (null where a statistic is null). */
export function leaveOneRoomOut(rows: ReverbRow[]): Map<ReverbRow, number | null> {
  const out = new Map<ReverbRow, number | null>();
  const rooms = [...new Set(rows.filter((r) => Number.isFinite(r.trueC50Db)).map((r) => r.room))];
  for (const room of rooms) {
    const fit = fitC50(rows.filter((r) => r.room !== room));
    for (const r of rows.filter((x) => x.room === room)) out.set(r, r.tailRatioDb === null ? null : c50FromTail(r.tailRatioDb, fit));
  }
  return out;
}

async function main(): Promise<void> {
  const ctx = scriptContext(process.argv.slice(2));
  const rows = collectRows(ctx);
  const fit = fitC50(rows);
  console.log(`all rooms: C50_FIT = [${fit.map((v) => fmt(v, 3)).join(', ')}]`);
  const loo = leaveOneRoomOut(rows);
  const c50Errors: number[] = [];
  const rtErrors: number[] = [];
  for (const room of [...new Set(rows.filter(usable).map((r) => r.room))]) {
    const mine = rows.filter((r) => r.room === room);
    const c50 = mine.map((r) => loo.get(r) ?? null);
    const rt = mine.map((r) => r.decayRtS);
    const e = mine.flatMap((r, i) => (c50[i] == null ? [] : [Math.abs(c50[i]! - r.trueC50Db)]));
    const q = mine.map((r, i) => (rt[i] == null ? 1 : Math.abs(rt[i]! - r.trueRt60S) / r.trueRt60S));
    c50Errors.push(...e);
    rtErrors.push(...q);
    console.log(
      `${room.padEnd(34)} C50 ${fmt(mine[0]!.trueC50Db, 1).padStart(6)} LORO MAE ${fmt(e.reduce((s, v) => s + v, 0) / e.length, 2)} (${e.length}/${mine.length})` +
        `  RT60 ${fmt(mine[0]!.trueRt60S, 2)} median rel. err. ${fmt(median(q) * 100, 0)} %`,
    );
  }
  console.log(`LORO over all reverberant clips: C50 MAE ${fmt(c50Errors.reduce((s, v) => s + v, 0) / c50Errors.length, 2)} dB, RT60 (unfitted) median rel. err. ${fmt(median(rtErrors) * 100, 1)} %`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
