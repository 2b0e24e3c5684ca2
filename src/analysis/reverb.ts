import type { FrameFeatures } from './features/types.js';
import { SPEECH_BAND_HIGH_HZ, SPEECH_BAND_LOW_HZ } from './features/speechBand.js';
import type { Metrics, NoiseEstimate, SpeechActivity } from './types.js';

export const P = {
  marginDb: 10,
  riseTolDb: 3,
  peakHalfHops: 6,
  refHops: 3,
  c50Percentile: 0.8,
  rtPercentile: 0.1,
  minRtRangeDb: 10,
  minRtS: 0.04,
  minDecays: 5,
  maxC50Db: 35,
  smoothHops: 1,
  fitStartDb: 5,
};

export interface Decay {
  startHop: number;
  endHop: number;
  refDb: number;
  /** level relative to ref at each hop of the run */
  levelsDb: number[];
}

export interface ReverbDetails {
  c50Db: number | null;
  rt60S: number | null;
  echoScore: number | null;
  offsets: number;
  c50s: number[];
  rts: number[];
}

function bandNoiseWeights(f: FrameFeatures): Float64Array {
  const lo = SPEECH_BAND_LOW_HZ;
  const hi = Math.min(SPEECH_BAND_HIGH_HZ, 0.45 * f.sampleRateHz);
  const w = new Float64Array(f.bandCount);
  for (let b = 0; b < f.bandCount; b++) {
    const a = f.bandEdgesHz[b]!;
    const z = f.bandEdgesHz[b + 1]!;
    const overlap = Math.max(0, Math.min(z, hi) - Math.max(a, lo));
    w[b] = z > a ? overlap / (z - a) : 0;
  }
  return w;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.round(p * (s.length - 1))));
  return s[i]!;
}

export function analyzeReverb(f: FrameFeatures, activity: SpeechActivity, noise: NoiseEstimate): ReverbDetails {
  const e = f.speechBandFineEnergy;
  const n = e.length;
  const weights = bandNoiseWeights(f);
  const perFrame = noise.frameBandNoise.length === f.frameCount * f.bandCount;
  const frameNoise = new Float64Array(f.frameCount);
  for (let t = 0; t < f.frameCount; t++) {
    let s = 0;
    for (let b = 0; b < f.bandCount; b++) s += weights[b]! * (perFrame ? noise.frameBandNoise[t * f.bandCount + b]! : noise.bandNoise[b]!);
    frameNoise[t] = s;
  }
  const frameOf = (k: number): number => Math.min(f.frameCount - 1, Math.floor((k * f.fineHopSize) / f.hopSize));
  const nz = new Float64Array(n);
  for (let k = 0; k < n; k++) nz[k] = frameNoise[frameOf(k)] ?? 0;
  const sm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let s = 0;
    let c = 0;
    for (let j = Math.max(0, k - P.smoothHops); j <= Math.min(n - 1, k + P.smoothHops); j++) {
      s += e[j]!;
      c++;
    }
    sm[k] = s / c;
  }
  const db = (x: number): number => 10 * Math.log10(x + 1e-20);
  const margin = 10 ** (P.marginDb / 10);
  const hop50 = Math.round(0.05 / f.fineHopS);
  const c50s: number[] = [];
  const rts: number[] = [];
  let offsets = 0;
  let k = P.peakHalfHops;
  while (k < n - 2) {
    // local maximum of the smoothed envelope, in speech, above the noise margin
    let isPeak = activity.speech[frameOf(k)] === 1 && sm[k]! > margin * nz[k]!;
    for (let j = k - P.peakHalfHops; isPeak && j <= k + 1; j++) if (j !== k && sm[j]! > sm[k]!) isPeak = false;
    if (!isPeak) {
      k++;
      continue;
    }
    let ref = 0;
    for (let j = k - P.refHops + 1; j <= k; j++) ref += sm[j]!;
    ref /= P.refHops;
    let minDb = db(sm[k]!);
    let end = k;
    for (let j = k + 1; j < n; j++) {
      const l = db(sm[j]!);
      if (l > minDb + P.riseTolDb || sm[j]! < margin * nz[j]!) break;
      minDb = Math.min(minDb, l);
      end = j;
    }
    const length = end - k;
    if (length >= 4) {
      offsets++;
      const rel = (j: number): number => db(Math.max(sm[j]! - nz[j]!, 1e-20)) - db(ref - nz[k]!);
      // C50
      let dropDb: number;
      if (end >= k + hop50) dropDb = -rel(k + hop50);
      else dropDb = (-rel(end) * hop50) / length;
      if (dropDb > 0) c50s.push(Math.min(P.maxC50Db, db(10 ** (dropDb / 10) - 1)));
      // RT: fit from fitStartDb below ref to end
      const xs: number[] = [];
      const ys: number[] = [];
      for (let j = k; j <= end; j++) {
        const r = rel(j);
        if (r <= -P.fitStartDb) {
          xs.push(j * f.fineHopS);
          ys.push(r);
        }
      }
      if (xs.length >= 3 && ys[0]! - ys[ys.length - 1]! >= P.minRtRangeDb && xs[xs.length - 1]! - xs[0]! >= P.minRtS) {
        const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
        const my = ys.reduce((a, b) => a + b, 0) / ys.length;
        let sxy = 0;
        let sxx = 0;
        for (let i = 0; i < xs.length; i++) {
          sxy += (xs[i]! - mx) * (ys[i]! - my);
          sxx += (xs[i]! - mx) ** 2;
        }
        const slope = sxy / sxx;
        if (slope < 0) rts.push(-60 / slope);
      }
    }
    k = Math.max(k + 1, end);
  }
  const c50Db = c50s.length >= P.minDecays ? percentile(c50s, P.c50Percentile) : null;
  const rt60S = rts.length >= P.minDecays ? percentile(rts, P.rtPercentile) : null;
  const echoScore = c50Db === null ? null : Math.min(1, Math.max(0, (20 - c50Db) / 25));
  return { c50Db, rt60S, echoScore, offsets, c50s, rts };
}

export function measureReverb(f: FrameFeatures, activity: SpeechActivity, noise: NoiseEstimate): Pick<Metrics, 'c50Db' | 'rt60S' | 'echoScore'> {
  const { c50Db, rt60S, echoScore } = analyzeReverb(f, activity, noise);
  return { c50Db, rt60S, echoScore };
}
