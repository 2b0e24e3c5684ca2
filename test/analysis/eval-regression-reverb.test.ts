/**
 * Fast subset of `npm run eval`'s reverberation section (bench/eval/reverb.ts) on the fixtures: 6 talkers ×
 * 4 measured rooms, truth from each RIR as in bench/eval/rirTruth.ts (16 kHz, 60 Hz high-pass, Lundeby +
 * Schroeder, broadband). These rooms are part of the set the C50 map was fitted on (in-sample; the eval reports
 * held-out scores). RT60 (0.056, per-band free decays) and the echo ranking (−0.97) hold the issue's targets (≤ 20 %, ≤ −0.9); C50 does not
 * reach its own yet (≤ 3 dB; 3.39 here, the living room's 27.8 dB reads low): the bounds below sit just past
 * today's values, so a change that loses accuracy fails.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzePcm } from '../../src/analysis/index.js';
import { fftConvolve } from '../helpers/convolve.js';
import { highPass60 } from '../helpers/mixing.js';
import { resample } from '../helpers/resample.js';
import { rirTruth } from '../helpers/rir.js';
import { readWav } from '../helpers/wav.js';
import { spearman } from '../../bench/eval/reverb.js';

const RATE = 16000;
const SPEECH = ['1688-142285-0003', '3080-5032-0001', '3331-159605-0002', 'cmu_arctic_us_axb_a0004', 'sense_and_sensibility_01_austen_64kb-0890', 'p286_011'];
const ROOMS = ['living_room_1', 'small_room', 'rir_clap', 'medium_room'];
/** Rooms whose broadband EDC reaches −35 dB (the living room's does not; see bench/eval/rirTruth.ts). */
const RT_ROOMS = ['small_room', 'rir_clap', 'medium_room'];
const C50_MAE_BOUND_DB = 3.6;
const SPEARMAN_BOUND = -0.95;
const RT_BOUND = 0.1;

interface Case {
  room: string;
  trueC50Db: number;
  trueRt60S: number | null;
  c50Db: number | null;
  rt60S: number | null;
  echoScore: number | null;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

describe('reverberation accuracy on real speech × measured rooms (eval subset)', () => {
  const cases: Case[] = [];
  beforeAll(() => {
    const dry = SPEECH.map((name) => {
      const w = readWav(`test/fixtures/speech/${name}.wav`);
      return highPass60(resample(w.channels[0]!, w.sampleRateHz, RATE), RATE);
    });
    for (const room of ROOMS) {
      const w = readWav(`test/fixtures/rir/${room}.wav`);
      const h = highPass60(resample(w.channels[0]!, w.sampleRateHz, RATE), RATE);
      const truth = rirTruth(h, RATE);
      for (const x of dry) {
        const y = fftConvolve(x, h);
        let peak = 0;
        for (const v of y) peak = Math.max(peak, Math.abs(v));
        const { c50Db, rt60S, echoScore } = analyzePcm([y.map((v) => (v / peak) * 0.5)], RATE).metrics;
        cases.push({ room, trueC50Db: truth.c50Db, trueRt60S: truth.rt60Range === 'T30' ? truth.rt60S : null, c50Db, rt60S, echoScore });
      }
    }
  });

  it('reads C50 within 3.6 dB on average (MAE over every clip, none null)', () => {
    expect(cases.every((c) => c.c50Db !== null)).toBe(true);
    const mae = cases.reduce((s, c) => s + Math.abs(c.c50Db! - c.trueC50Db), 0) / cases.length;
    expect(mae).toBeLessThanOrEqual(C50_MAE_BOUND_DB);
  });

  it('ranks clips by echo: Spearman(echoScore, true C50) ≤ −0.95', () => {
    expect(spearman(cases.map((c) => c.echoScore!), cases.map((c) => c.trueC50Db))).toBeLessThanOrEqual(SPEARMAN_BOUND);
  });

  it('reads RT60 within 10 % (median relative error, a null counts as 100 %)', () => {
    const rel = cases.filter((c) => RT_ROOMS.includes(c.room)).map((c) => (c.rt60S === null ? 1 : Math.abs(c.rt60S - c.trueRt60S!) / c.trueRt60S!));
    expect(median(rel)).toBeLessThanOrEqual(RT_BOUND);
  });
});
