/**
 * Reverberation: every clean speech file of the set convolved with each of the 9 room impulse responses (truth
 * from the RIR itself, see rirTruth.ts), dry too, clean and with real noise at 30 and 20 dB SNR (reverbCases.ts).
 * voicegate's own analysis (analyzePcm's code path) reads c50Db, rt60S and echoScore. The map from decay
 * statistics to C50 is fitted and the RT60 percentile is selected on these rooms (fit-reverb.ts),
 * so all three are scored leave-one-room-out: each room's clips are read with the map fitted and the RT60 choice
 * selected on the other eight. Scores over all clips of the 9 rooms:
 * c50Db MAE, rt60S median relative error (a null RT60 counts as 100 % error), Spearman rank correlation of
 * echoScore with the room's true C50.
 */
import { echoFromC50 } from '../../src/analysis/reverb.js';
import { fmt, median, table } from './data.js';
import { collectRows, leaveOneRoomOut, type ReverbRow } from './fit-reverb.js';
import type { Room } from './rirTruth.js';
import { CONDITIONS, QUICK_STRIDE, reverbSetup } from './reverbCases.js';
import type { EvalContext, EvalSection, EvalTarget } from './types.js';

interface Reading {
  room: string;
  c50Db: number | null;
  rt60S: number | null;
  echoScore: number | null;
}

/** Spearman's ρ with average ranks for ties. */
export function spearman(a: number[], b: number[]): number {
  const ranks = (xs: number[]): number[] => {
    const order = xs.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]);
    const r = new Array<number>(xs.length);
    for (let i = 0; i < order.length; ) {
      let j = i;
      while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
      for (let k = i; k <= j; k++) r[order[k]![1]] = (i + j) / 2;
      i = j + 1;
    }
    return r;
  };
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
  const ma = mean(ra);
  const mb = mean(rb);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < ra.length; i++) {
    sab += (ra[i]! - ma) * (rb[i]! - mb);
    saa += (ra[i]! - ma) ** 2;
    sbb += (rb[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

export interface ReverbScores {
  c50MaeDb: number;
  c50Nulls: number;
  rt60MedianRelError: number;
  rt60Nulls: number;
  spearman: number;
  n: number;
}

export function scoreReadings(readings: Reading[], rooms: Room[]): ReverbScores {
  const byName = new Map(rooms.map((r) => [r.name, r]));
  const inRooms = readings.filter((r) => byName.has(r.room));
  const c50Errors = inRooms.flatMap((r) => (r.c50Db === null ? [] : [Math.abs(r.c50Db - byName.get(r.room)!.c50Db)]));
  const rtErrors = inRooms.map((r) => (r.rt60S === null ? 1 : Math.abs(r.rt60S - byName.get(r.room)!.rt60S) / byName.get(r.room)!.rt60S));
  const scored = inRooms.filter((r) => r.echoScore !== null);
  return {
    c50MaeDb: c50Errors.reduce((s, e) => s + e, 0) / c50Errors.length,
    c50Nulls: inRooms.length - c50Errors.length,
    rt60MedianRelError: median(rtErrors),
    rt60Nulls: inRooms.filter((r) => r.rt60S === null).length,
    spearman: spearman(
      scored.map((r) => r.echoScore!),
      scored.map((r) => byName.get(r.room)!.c50Db),
    ),
    n: inRooms.length,
  };
}

function conditionName(snrDb: number | null): string {
  return snrDb === null ? 'clean' : `${snrDb} dB SNR`;
}

function roomTable(readings: Reading[], rooms: Room[]): string {
  const rows = [{ name: 'dry', c50Db: Infinity, rt60S: NaN, rt60Source: '' } as Pick<Room, 'name' | 'c50Db' | 'rt60S' | 'rt60Source'>, ...rooms].map((room) => {
    const mine = readings.filter((r) => r.room === room.name);
    const c50 = mine.flatMap((r) => (r.c50Db === null ? [] : [r.c50Db]));
    const rt = mine.flatMap((r) => (r.rt60S === null ? [] : [r.rt60S]));
    const echo = mine.flatMap((r) => (r.echoScore === null ? [] : [r.echoScore]));
    const c50Mae = Number.isFinite(room.c50Db) && c50.length ? c50.reduce((s, v) => s + Math.abs(v - room.c50Db), 0) / c50.length : NaN;
    const rtRel = Number.isFinite(room.rt60S) ? median(mine.map((r) => (r.rt60S === null ? 1 : Math.abs(r.rt60S - room.rt60S) / room.rt60S))) : NaN;
    return [
      room.name,
      Number.isFinite(room.c50Db) ? fmt(room.c50Db, 1) : '∞',
      fmt(median(c50), 1),
      fmt(c50Mae, 1),
      Number.isFinite(room.rt60S) ? fmt(room.rt60S, 2) : '–',
      rt.length ? fmt(median(rt), 2) : '–',
      `${rt.length}/${mine.length}`,
      fmt(rtRel * 100, 0),
      fmt(median(echo), 2),
    ];
  });
  return table(['room', 'true C50 dB', 'c50Db (median)', 'C50 MAE dB', 'true RT60 s', 'rt60S (median)', 'RT60 read', 'RT60 rel. err. % (median)', 'echoScore (median)'], rows);
}

export async function evalReverb(ctx: EvalContext): Promise<EvalSection> {
  const setup = reverbSetup(ctx);
  const { rooms, speech } = setup;
  const rows = collectRows(ctx, setup);
  const loo = leaveOneRoomOut(rows);
  const shipped = (r: ReverbRow): Reading => ({ room: r.room, ...r.metrics });
  const heldOut = (r: ReverbRow): Reading => {
    if (!loo.has(r)) return shipped(r);
    const { c50Db, rt60S } = loo.get(r)!;
    return { room: r.room, c50Db, rt60S, echoScore: c50Db === null ? null : echoFromC50(c50Db) };
  };

  const targets: EvalTarget[] = [];
  const parts: string[] = [
    `Clean speech: ${speech.length} files (every \`clean_speech/\` file${ctx.quick ? `, every ${QUICK_STRIDE}th in --quick` : ''}, 16 kHz, ` +
      'DC/rumble below 60 Hz removed), each convolved with each RIR (channel 0, resampled to 16 kHz, onset kept) and peak-normalised to −6 dBFS; ' +
      'noisy conditions add a real noise recording (speech_commands dishes / exercise bike) at the stated P.56 SNR of the reverberant speech.',
    '',
    'Truth per RIR (broadband, 60 Hz high-pass): onset at −20 dB re peak minus 2.5 ms, Lundeby noise-floor truncation with ' +
      'tail compensation, Schroeder backward integration; C50 from the EDC at 50 ms, T30 from the −5…−35 dB fit. The OpenAIR ' +
      'living room uses its octave-band T_mid from the manifest (too dry for a broadband T30).',
    '',
    table(
      ['room', 'true C50 dB', 'true RT60 s', 'RT60 truth from'],
      rooms.map((r) => [r.name, fmt(r.c50Db, 2), fmt(r.rt60S, 3), r.rt60Source]),
    ),
    '',
    'Estimates: "shipped" = the estimator as committed (its C50 map fitted and its RT60 choice selected on all 9 rooms, so in-sample); ' +
      '"held out" = the same estimator with the C50 map refitted and the RT60 percentile reselected without that room ' +
      '(leave-one-room-out), which is what the targets score. ' +
      'Refit with `npx tsx bench/eval/fit-reverb.ts`.',
  ];
  for (const snrDb of CONDITIONS) {
    const mine = rows.filter((r) => r.snrDb === snrDb);
    const label = conditionName(snrDb);
    const s = scoreReadings(mine.map(heldOut), rooms);
    const inSample = scoreReadings(mine.map(shipped), rooms);
    parts.push(
      '',
      `### ${label}`,
      '',
      'Held out (leave-one-room-out):',
      '',
      roomTable(mine.map(heldOut), rooms),
      '',
      'Shipped (in-sample):',
      '',
      roomTable(mine.map(shipped), rooms),
      '',
      `Over the ${s.n} reverberant clips, held out: c50Db MAE ${fmt(s.c50MaeDb)} dB (${s.c50Nulls} null), rt60S median relative error ` +
        `${fmt(s.rt60MedianRelError * 100, 1)} % (${s.rt60Nulls} null, counted as 100 %), Spearman(echoScore, true C50) ${fmt(s.spearman, 3)}. ` +
        `In-sample: ${fmt(inSample.c50MaeDb)} dB, ${fmt(inSample.rt60MedianRelError * 100, 1)} %, ${fmt(inSample.spearman, 3)}.`,
    );
    const suffix = snrDb === null ? '' : ` (${label})`;
    targets.push(
      { name: `c50Db MAE, held out${suffix}`, target: '≤ 3 dB', measured: `${fmt(s.c50MaeDb)} dB, ${s.c50Nulls} null`, met: s.c50MaeDb <= 3 && s.c50Nulls === 0 },
      { name: `rt60S median relative error, held out${suffix}`, target: '≤ 20 %', measured: `${fmt(s.rt60MedianRelError * 100, 1)} %`, met: s.rt60MedianRelError <= 0.2 },
      { name: `Spearman(echoScore, true C50), held out${suffix}`, target: '≤ −0.9', measured: fmt(s.spearman, 3), met: s.spearman <= -0.9 },
    );
  }
  return { id: 'reverb', title: 'Reverberation (C50, RT60, echo score)', markdown: parts.join('\n'), targets };
}
