/**
 * Fit of the map in src/analysis/reverb.ts from the clip's pooled early-to-late ratio after offsets
 * (`tailRatioDb`, reverbTail.ts) to the room's C50 (truth: rirTruth.ts), by ordinary least squares over every reverberant case of reverbCases.ts
 * (43 speech files × 9 rooms × clean/30/20 dB SNR; dry speech has no finite C50 and is left out):
 *   C50_FIT: true C50 = a + b·tailRatioDb.
 * RT60 choice (DECAY_RT_CHOICE in reverb.ts): the percentile of the precision-weighted per-band free-decay RT60s,
 * selected from RT_PERCENTILES as the one with the lowest median relative error (a null reading counts as 100 %,
 * as in the eval) over every reverberant clip of the fitting rooms, clean and at 30/20 dB SNR pooled; ties go to
 * the first in grid order.
 * `npx tsx bench/eval/fit-reverb.ts [--data DIR] [--quick]` prints the fit and the choice on all rooms (the
 * shipped constants) and the leave-one-room-out errors: for each room, the map fitted and the RT60 percentile chosen on
 * the other eight read its clips. The eval section scores the estimator the same way.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { extractFeatures } from '../../src/analysis/features/extractor.js';
import { analyzeFeatures } from '../../src/analysis/index.js';
import { estimateNoise } from '../../src/analysis/noise.js';
import { c50FromTail, DECAY_RT_CHOICE, decayRtPercentiles, decayStatistics, type DecayRtChoice } from '../../src/analysis/reverb.js';
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
  /** decay RT60 at RT_PERCENTILES[j]: rtGrid[j]. */
  rtGrid: (number | null)[];
  metrics: Pick<Metrics, 'c50Db' | 'rt60S' | 'echoScore'>;
}

export const RT_PERCENTILES = [0.05, 0.075, 0.1, 0.125, 0.15, 0.2, 0.25, 0.3] as const;

export function collectRows(ctx: EvalContext, setup = reverbSetup(ctx)): ReverbRow[] {
  const rows: ReverbRow[] = [];
  for (const c of reverbCases(ctx, setup)) {
    const f = extractFeatures([c.signal], RATE);
    const { metrics } = analyzeFeatures(f);
    const noise = estimateNoise(f);
    const activity = detectSpeech(f, noise);
    const { tailRatioDb, decayRtS } = decayStatistics(f, activity, noise);
    const rtGrid = decayRtPercentiles(f, activity, noise, RT_PERCENTILES);
    rows.push({
      room: c.room?.name ?? 'dry',
      speech: c.speech,
      snrDb: c.snrDb,
      trueC50Db: c.room?.c50Db ?? Infinity,
      trueRt60S: c.room?.rt60S ?? NaN,
      tailRatioDb,
      decayRtS,
      rtGrid,
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

function rtRelError(rt60S: number | null, trueRt60S: number): number {
  return rt60S === null ? 1 : Math.abs(rt60S - trueRt60S) / trueRt60S;
}

/** The RT60 choice with the lowest median relative error over the rows' reverberant clips (see the header). */
export function selectRtChoice(rows: ReverbRow[]): DecayRtChoice & { medianRelError: number } {
  const used = rows.filter((r) => Number.isFinite(r.trueRt60S));
  let best: DecayRtChoice & { medianRelError: number } = { ...DECAY_RT_CHOICE, medianRelError: Infinity };
  for (const [j, percentile] of RT_PERCENTILES.entries()) {
    const error = median(used.map((r) => rtRelError(r.rtGrid[j]!, r.trueRt60S)));
    if (error < best.medianRelError) best = { percentile, medianRelError: error };
  }
  return best;
}

export function rtFor(row: ReverbRow, choice: DecayRtChoice): number | null {
  return row.rtGrid[RT_PERCENTILES.indexOf(choice.percentile as (typeof RT_PERCENTILES)[number])]!;
}

export interface HeldOut {
  /** C50 from the map fitted without the row's room (null where the statistic is null). */
  c50Db: number | null;
  /** RT60 with the choice selected without the row's room. */
  rt60S: number | null;
  rtChoice: DecayRtChoice;
}

/** Each reverberant row read with the C50 map and the RT60 choice fitted on the other rooms. */
export function leaveOneRoomOut(rows: ReverbRow[]): Map<ReverbRow, HeldOut> {
  const out = new Map<ReverbRow, HeldOut>();
  const rooms = [...new Set(rows.filter((r) => Number.isFinite(r.trueC50Db)).map((r) => r.room))];
  for (const room of rooms) {
    const others = rows.filter((r) => r.room !== room);
    const fit = fitC50(others);
    const rtChoice = selectRtChoice(others);
    for (const r of rows.filter((x) => x.room === room)) {
      out.set(r, { c50Db: r.tailRatioDb === null ? null : c50FromTail(r.tailRatioDb, fit), rt60S: rtFor(r, rtChoice), rtChoice });
    }
  }
  return out;
}

async function main(): Promise<void> {
  const ctx = scriptContext(process.argv.slice(2));
  const rows = collectRows(ctx);
  const fit = fitC50(rows);
  console.log(`all rooms: C50_FIT = [${fit.map((v) => fmt(v, 3)).join(', ')}]`);
  const choice = selectRtChoice(rows);
  console.log(
    `all rooms: DECAY_RT_CHOICE = { percentile: ${choice.percentile} } ` +
      `(median rel. err. ${fmt(choice.medianRelError * 100, 1)} % in-sample; shipped: ${DECAY_RT_CHOICE.percentile})`,
  );
  const loo = leaveOneRoomOut(rows);
  const c50Errors: number[] = [];
  for (const room of [...new Set(rows.filter(usable).map((r) => r.room))]) {
    const mine = rows.filter((r) => r.room === room);
    const held = mine.map((r) => loo.get(r)!);
    const e = mine.flatMap((r, i) => (held[i]!.c50Db === null ? [] : [Math.abs(held[i]!.c50Db! - r.trueC50Db)]));
    c50Errors.push(...e);
    console.log(
      `${room.padEnd(34)} C50 ${fmt(mine[0]!.trueC50Db, 1).padStart(6)} LORO MAE ${fmt(e.reduce((s, v) => s + v, 0) / e.length, 2)} (${e.length}/${mine.length})` +
        `  RT60 ${fmt(mine[0]!.trueRt60S, 2)} chosen without it: ${held[0]!.rtChoice.percentile},` +
        ` median rel. err. held out ${fmt(median(mine.map((r, i) => rtRelError(held[i]!.rt60S, r.trueRt60S))) * 100, 0)} %,` +
        ` in-sample ${fmt(median(mine.map((r) => rtRelError(rtFor(r, choice), r.trueRt60S))) * 100, 0)} %`,
    );
  }
  console.log(`LORO over all reverberant clips: C50 MAE ${fmt(c50Errors.reduce((s, v) => s + v, 0) / c50Errors.length, 2)} dB`);
  for (const snrDb of [null, 30, 20]) {
    const mine = rows.filter((r) => Number.isFinite(r.trueRt60S) && r.snrDb === snrDb);
    console.log(
      `RT60 median rel. err. ${snrDb === null ? 'clean' : `${snrDb} dB SNR`}: held out ${fmt(median(mine.map((r) => rtRelError(loo.get(r)!.rt60S, r.trueRt60S))) * 100, 1)} %,` +
        ` in-sample (chosen on all rooms) ${fmt(median(mine.map((r) => rtRelError(rtFor(r, choice), r.trueRt60S))) * 100, 1)} %`,
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
