/**
 * A fast subset of `npm run eval` (bench/eval/snr.ts) with the SNR targets as assertions, on fixtures
 * only: NOIZEUS pairs (corpus labels) and the fixture speech mixed with the two real noises at 0–40 dB, labelled
 * like the eval (P.56 active level over added noise plus the recording's own floor, noise ≥ 10 dB above it).
 * If an estimator change loses accuracy here, the full eval will have lost it too.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzePcm } from '../../src/analysis/index.js';
import { activeSpeechLevel } from '../helpers/p56.js';
import { add, dbToPower, highPass60, meanPower, noiseAtPower, ownNoiseFloor, powerToDb } from '../helpers/mixing.js';
import { resample } from '../helpers/resample.js';
import { readWav } from '../helpers/wav.js';
import { wadaSnrDb } from '../../bench/eval/wada.js';

const NOIZEUS = 'test/fixtures/noizeus';
const mono = (path: string) => readWav(path).channels[0]!;

function stats(errors: number[]) {
  return {
    mae: errors.reduce((s, e) => s + Math.abs(e), 0) / errors.length,
    bias: errors.reduce((s, e) => s + e, 0) / errors.length,
  };
}

const noizeus = readdirSync(NOIZEUS)
  .filter((name) => name.includes('_sn'))
  .map((name) => {
    const [, sentence, , snr] = /^(sp\d+)_(\w+)_sn(\d+)\.wav$/.exec(name)!;
    const noisy = mono(`${NOIZEUS}/${name}`);
    const clean = mono(`${NOIZEUS}/${sentence}.wav`);
    return { name, labelDb: Number(snr), noisy, clean };
  });

const RATE = 16000;
const speech = ['1688-142285-0003', '3080-5032-0001', '3331-159605-0002', 'cmu_arctic_us_axb_a0004', 'p286_011', 'sense_and_sensibility_01_austen_64kb-0890'].map((name) => {
  const w = readWav(`test/fixtures/speech/${name}.wav`);
  const x = highPass60(resample(w.channels[0]!, w.sampleRateHz, RATE), RATE);
  return { name, x, levelDb: powerToDb(activeSpeechLevel(x, RATE)!), floorDb: powerToDb(ownNoiseFloor(x, RATE)) };
});
const noises = ['exercise_bike_first20s', 'doing_the_dishes_first20s'].map((name) => highPass60(mono(`test/fixtures/noise/${name}.wav`), RATE));
const mixtures = speech.flatMap((s, i) =>
  noises.flatMap((noise, j) =>
    [0, 10, 20, 30, 40]
      .filter((snrDb) => s.levelDb - snrDb >= s.floorDb + 10)
      .map((snrDb) => {
        const noisePower = dbToPower(s.levelDb - snrDb);
        const x = add(s.x, noiseAtPower(noise, 7919 * (i + 3 * j + 1), s.x.length, noisePower));
        return { nominalDb: snrDb, labelDb: s.levelDb - powerToDb(noisePower + dbToPower(s.floorDb)), x };
      }),
  ),
);

describe('SNR accuracy on a fixture subset of the eval (targets of issue 4)', () => {
  it('P.56 method B reproduces the NOIZEUS labels within 0.05 dB (clean over noisy − clean)', () => {
    for (const c of noizeus) {
      const noise = c.noisy.map((v, k) => v - c.clean[k]!);
      expect(Math.abs(powerToDb(activeSpeechLevel(c.clean, 8000)!) - powerToDb(meanPower(noise)) - c.labelDb)).toBeLessThanOrEqual(0.05);
    }
  });

  it('NOIZEUS (corpus labels): MAE ≤ 1.5 dB, every file measured', () => {
    const errors = noizeus.map((c) => {
      const snrDb = analyzePcm([c.noisy.slice()], 8000).metrics.snrDb;
      expect(snrDb, c.name).not.toBeNull();
      return snrDb! - c.labelDb;
    });
    expect(stats(errors).mae).toBeLessThanOrEqual(1.5);
  });

  const measured = mixtures.map((m) => ({ ...m, oursDb: analyzePcm([m.x.slice()], RATE).metrics.snrDb, wadaDb: wadaSnrDb(m.x) }));

  // At 0 dB the VAD can still miss a whole utterance (snrDb null; the min-speech rule then rejects the clip).
  it('16 kHz mixtures: an estimate above 0 dB, MAE ≤ 1.5 dB and |bias| ≤ 0.7 dB overall, MAE ≤ 2 dB per 10 dB band', () => {
    expect(measured.filter((m) => m.nominalDb > 0 && m.oursDb === null)).toEqual([]);
    const all = stats(measured.filter((m) => m.oursDb !== null).map((m) => m.oursDb! - m.labelDb));
    expect(all.mae).toBeLessThanOrEqual(1.5);
    expect(Math.abs(all.bias)).toBeLessThanOrEqual(0.7);
    for (const lo of [0, 10, 20, 30]) {
      const band = measured.filter((m) => m.oursDb !== null && m.nominalDb >= lo && m.nominalDb < lo + 10 + (lo === 30 ? 1 : 0));
      expect(stats(band.map((m) => m.oursDb! - m.labelDb)).mae, `band ${lo} dB`).toBeLessThanOrEqual(2);
    }
  });

  it('beats WADA-SNR at 20 dB and above (where WADA saturates)', () => {
    const high = measured.filter((m) => m.nominalDb >= 20 && m.oursDb !== null);
    expect(stats(high.map((m) => m.oursDb! - m.labelDb)).mae).toBeLessThan(stats(high.map((m) => m.wadaDb - m.labelDb)).mae);
  });
});
