import { RealFft, nextPowerOfTwo } from './fft.js';
import { SpectralFrames, type SpectralLayout } from './spectralKernel.js';
import { GrowableFloat32 } from './growable.js';
import { kWeightingFilters, loudnessChannelWeights } from './kWeighting.js';
import { LowBandAccumulator, lowBandDecimation } from './lowBand.js';
import { SamplePass, kWeightedBlockSums } from './samplePass.js';
import { speechBandSections } from './speechBand.js';
import { ChannelPass } from './channelPass.js';
import type { FrameFeatures, LevelBucketedSpectrum, PlateauRuns } from './types.js';

export const HOP_S = 0.01;
const WINDOW_S = 0.025;
const BAND_COUNT = 24;
const FINE_HOPS_PER_HOP = 4;
const BUCKET_FLOOR_DB = -120;
const BUCKET_WIDTH_DB = 3;
const BUCKET_COUNT = 40;
const PLATEAU_MIN_ABS = 0.01;
const PLATEAU_MIN_LENGTH = 3;
const PLATEAU_CAP = 200_000;

export interface FeatureExtractor {
  /** Feeds planar channel data (all channels the same length). Takes ownership: non-finite samples are zeroed in place. */
  push(channels: Float32Array[]): void;
  finish(): FrameFeatures;
}

function hzToMel(hz: number): number {
  return 2595 * Math.log10(1 + hz / 700);
}

function melToHz(mel: number): number {
  return 700 * (10 ** (mel / 2595) - 1);
}

function melBandEdges(nyquistHz: number, count: number): Float32Array {
  const edges = new Float32Array(count + 1);
  const top = hzToMel(nyquistHz);
  for (let b = 0; b <= count; b++) edges[b] = melToHz((top * b) / count);
  edges[count] = nyquistHz;
  return edges;
}

/** A run of equal samples worth recording: long enough and loud enough to be a clipped or limited top. */
function isPlateau(value: number, length: number): boolean {
  return length >= PLATEAU_MIN_LENGTH && Math.abs(value) >= PLATEAU_MIN_ABS;
}

interface FrameLayout extends SpectralLayout {
  fineHopSize: number;
  binCount: number;
  binHz: number;
  bandEdgesHz: Float32Array;
}

/** Per sample rate: the same for every clip, and the spectral kernel keeps its tables while the layout stays. */
const layouts = new Map<number, FrameLayout>();

function frameLayout(sampleRateHz: number): FrameLayout {
  let layout = layouts.get(sampleRateHz);
  if (!layout) layouts.set(sampleRateHz, (layout = computeFrameLayout(sampleRateHz)));
  return layout;
}

function computeFrameLayout(sampleRateHz: number): FrameLayout {
  const hopSize = Math.max(1, Math.round(HOP_S * sampleRateHz));
  const fftSize = nextPowerOfTwo(Math.max(16, Math.round(WINDOW_S * sampleRateHz)));
  const binCount = fftSize / 2 + 1;
  const binHz = sampleRateHz / fftSize;
  const window = new Float64Array(fftSize);
  let windowEnergy = 0;
  for (let i = 0; i < fftSize; i++) {
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / fftSize);
    window[i] = w;
    windowEnergy += w * w;
  }
  const bandEdgesHz = melBandEdges(sampleRateHz / 2, BAND_COUNT);
  const binBand = new Uint8Array(binCount);
  for (let k = 0, b = 0; k < binCount; k++) {
    const f = k * binHz;
    while (b < BAND_COUNT - 1 && f >= bandEdgesHz[b + 1]!) b++;
    binBand[k] = b;
  }
  // Bins are assigned to bands in order, so each band is one contiguous run of bins: [bandFirstBin[b], bandFirstBin[b + 1]).
  const bandFirstBin = new Uint32Array(BAND_COUNT + 1);
  for (let k = binCount - 1; k >= 0; k--) bandFirstBin[binBand[k]!] = k;
  bandFirstBin[BAND_COUNT] = binCount;
  for (let b = BAND_COUNT - 1; b > 0; b--) if (bandFirstBin[b]! === 0) bandFirstBin[b] = bandFirstBin[b + 1]!;
  return {
    fftSize,
    hopSize,
    fineHopSize: Math.max(1, Math.round(hopSize / FINE_HOPS_PER_HOP)),
    window,
    fft: RealFft.ofSize(fftSize),
    bandCount: BAND_COUNT,
    bandFirstBin,
    // One-sided power per bin, normalised so the bins sum to the frame's mean square (DC and Nyquist get half).
    scale: 2 / (fftSize * windowEnergy),
    bucketFloorDb: BUCKET_FLOOR_DB,
    bucketWidthDb: BUCKET_WIDTH_DB,
    bucketCount: BUCKET_COUNT,
    binCount,
    binHz,
    bandEdgesHz,
  };
}

/**
 * One streaming pass that computes every frame feature the measurements need (see FrameFeatures). Per
 * chunk: the channels' statistics here, then the mono signal's filters and hop sums (SamplePass) and its
 * spectral frames (SpectralFrames), both WebAssembly kernels (wasm/kernels.c). Memory grows only with the number of 10 ms frames (about 200 bytes per frame, 80 of them the low-band
 * spectra kept for the hum median), never with samples.
 */
export function createFeatureExtractor(sampleRateHz: number, channelCount: number, expectedSamples = 0): FeatureExtractor {
  if (!(sampleRateHz > 0) || !Number.isFinite(sampleRateHz)) throw new RangeError(`Expected a positive sample rate, got ${sampleRateHz}`);
  if (!Number.isInteger(channelCount) || channelCount < 1) throw new RangeError(`Expected at least one channel, got ${channelCount}`);

  const layout = frameLayout(sampleRateHz);
  const { hopSize, fineHopSize, fftSize, binCount, binHz, bandEdgesHz } = layout;

  const expectedFrames = Math.ceil(expectedSamples / hopSize) + 1;
  const frameEnergy = new GrowableFloat32(expectedFrames);
  const framePeak = new GrowableFloat32(expectedFrames);
  const fineEnergy = new GrowableFloat32(expectedFrames * FINE_HOPS_PER_HOP);
  const bandPower = new GrowableFloat32(expectedFrames * BAND_COUNT);

  const lowBand = new LowBandAccumulator(sampleRateHz, expectedSamples);
  const speechBandFineEnergy = new GrowableFloat32(expectedFrames * FINE_HOPS_PER_HOP);

  const channelPass = new ChannelPass(channelCount);
  // Per channel: the K-weighting's delays (two biquads × two), for multichannel loudness.
  const kWeightingStates = Array.from({ length: channelCount }, () => new Float64Array(4));
  const plateaus = {
    channel: new Uint8Array(1024),
    value: new Float32Array(1024),
    start: new Float64Array(1024),
    length: new Uint32Array(1024),
    count: 0,
    truncated: false,
  };
  const kWeighting = kWeightingFilters(sampleRateHz);
  const weights = loudnessChannelWeights(channelCount);
  const subBlockSize = Math.max(1, Math.round(0.1 * sampleRateHz));
  const loudnessSubBlocks: number[] = [];
  let subBlockEnergy = 0;
  let subBlockFill = 0;
  const samplePass = new SamplePass({
    hopSize,
    fineHopSize,
    loudnessBlock: subBlockSize,
    loudnessWeight: weights[0]!,
    kWeighting,
    lowBand: lowBandDecimation(sampleRateHz),
    speechBand: speechBandSections(sampleRateHz),
  });
  let sampleCount = 0;

  const spectral = new SpectralFrames(layout);

  /**
   * Keeps a run that sits on the channel's running maximum or minimum (the channel pass only reports those):
   * the running extremes only grow, so any other run can never be at the final extreme, and memory stays
   * small for unclipped audio.
   */
  function recordPlateau(channel: number, value: number, start: number, length: number): void {
    if (plateaus.count >= PLATEAU_CAP) {
      plateaus.truncated = true;
      return;
    }
    if (plateaus.count === plateaus.value.length) {
      const size = plateaus.value.length * 2;
      const grow = <T extends Uint8Array | Float32Array | Float64Array | Uint32Array>(a: T, make: (n: number) => T): T => {
        const b = make(size);
        b.set(a);
        return b;
      };
      plateaus.channel = grow(plateaus.channel, (n) => new Uint8Array(n));
      plateaus.value = grow(plateaus.value, (n) => new Float32Array(n));
      plateaus.start = grow(plateaus.start, (n) => new Float64Array(n));
      plateaus.length = grow(plateaus.length, (n) => new Uint32Array(n));
    }
    const i = plateaus.count++;
    plateaus.channel[i] = channel;
    plateaus.value[i] = value;
    plateaus.start[i] = start;
    plateaus.length[i] = length;
  }

  /** K-weighted sub-block sums of this chunk (block 0 continues the one left open by the previous chunk). */
  function loudnessBlockSums(channels: Float32Array[], length: number, monoBlocks: Float64Array): Float64Array {
    const blocks = Math.floor((subBlockFill + length) / subBlockSize) + 1;
    if (channelCount > 1) return kWeightedBlockSums(channels, kWeighting, kWeightingStates, weights, subBlockSize, subBlockFill);
    const sums = new Float64Array(blocks);
    sums.set(monoBlocks);
    return sums;
  }

  function loudnessPass(sums: Float64Array, length: number): void {
    sums[0] = sums[0]! + subBlockEnergy;
    let fill = subBlockFill + length;
    let j = 0;
    for (; fill >= subBlockSize; j++, fill -= subBlockSize) loudnessSubBlocks.push(sums[j]! / subBlockSize);
    subBlockEnergy = sums[j]!;
    subBlockFill = fill;
  }

  function downmix(channels: Float32Array[], length: number): Float32Array {
    if (channelCount === 1) return channels[0]!;
    const out = new Float32Array(length);
    for (let c = 0; c < channelCount; c++) {
      const x = channels[c]!;
      for (let i = 0; i < length; i++) out[i] = out[i]! + x[i]!;
    }
    const scale = 1 / channelCount;
    for (let i = 0; i < length; i++) out[i] = out[i]! * scale;
    return out;
  }

  /** Appends `values` to `out` (one copy, no per-value push). */
  function append(out: GrowableFloat32, values: Float32Array): void {
    const at = out.reserve(values.length);
    out.buffer.set(values, at);
  }

  /** The spectral frames the samples seen so far complete (all of them, zeros past the end, when final). */
  function spectralPass(chunk: Float32Array, final: boolean): void {
    append(bandPower, spectral.push(chunk, final));
  }

  return {
    push(channels: Float32Array[]): void {
      if (channels.length !== channelCount) throw new RangeError(`Expected ${channelCount} channels, got ${channels.length}`);
      const length = channels[0]!.length;
      if (length === 0) return;
      channelPass.push(channels, sampleCount, recordPlateau);
      const m = downmix(channels, length);
      samplePass.loudnessFill = subBlockFill;
      // The pass's outputs are views into the kernels' memory: used up before the next kernel call.
      const pass = samplePass.push(m);
      append(frameEnergy, pass.hopEnergy);
      append(framePeak, pass.hopPeak);
      append(fineEnergy, pass.fineEnergy);
      append(speechBandFineEnergy, pass.speechBandFineEnergy);
      const lowBandKept = pass.lowBandKept.slice();
      loudnessPass(loudnessBlockSums(channels, length, pass.loudnessBlocks), length);
      lowBand.push(lowBandKept);
      sampleCount += length;
      spectralPass(m, false);
    },

    finish(): FrameFeatures {
      const stats = Array.from({ length: channelCount }, (_, c) => channelPass.accumulation(c));
      stats.forEach(({ highest, lowest }, c) => {
        const run = channelPass.openRun(c);
        if (isPlateau(run.value, run.length) && (run.value === highest.values[0] || run.value === lowest.values[0])) recordPlateau(c, run.value, run.start, run.length);
      });
      const hop = samplePass.openHop;
      if (hop.fill > 0) {
        frameEnergy.push(hop.energy / hop.fill);
        framePeak.push(hop.peak);
      }
      const fine = samplePass.openFineHop;
      if (fine.fill > 0) fineEnergy.push(fine.energy / fine.fill);
      const speech = samplePass.openSpeechBandFineHop;
      if (speech.fill > 0) speechBandFineEnergy.push(speech.sum / speech.fill);
      spectralPass(new Float32Array(0), true);
      const sums = spectral.finish();
      const power = sums.power;
      for (let i = 0; i < power.length; i++) power[i] = power[i]! * layout.scale;
      const levelSpectrum: LevelBucketedSpectrum = {
        binHz,
        binCount,
        bucketFloorDb: BUCKET_FLOOR_DB,
        bucketWidthDb: BUCKET_WIDTH_DB,
        bucketCount: BUCKET_COUNT,
        frames: sums.frames,
        power,
      };
      const runs: PlateauRuns = {
        channel: plateaus.channel.slice(0, plateaus.count),
        value: plateaus.value.slice(0, plateaus.count),
        start: plateaus.start.slice(0, plateaus.count),
        length: plateaus.length.slice(0, plateaus.count),
        count: plateaus.count,
        truncated: plateaus.truncated,
      };
      return {
        sampleRateHz,
        channels: channelCount,
        sampleCount,
        durationS: sampleCount / sampleRateHz,
        hopSize,
        hopS: hopSize / sampleRateHz,
        frameCount: frameEnergy.length,
        windowSize: fftSize,
        fftSize,
        frameEnergy: frameEnergy.toArray(),
        framePeak: framePeak.toArray(),
        bandCount: BAND_COUNT,
        bandEdgesHz,
        bandPower: bandPower.toArray(),
        fineHopSize,
        fineHopS: fineHopSize / sampleRateHz,
        fineEnergy: fineEnergy.toArray(),
        speechBandFineEnergy: speechBandFineEnergy.toArray(),
        levelSpectrum,
        lowBandSpectrum: lowBand.finish(),
        channelStats: stats,
        mono: samplePass.mono,
        plateaus: runs,
        loudnessSubBlocks: Float64Array.from(loudnessSubBlocks),
        loudnessSubBlockS: subBlockSize / sampleRateHz,
      };
    },
  };
}

/** Convenience for in-memory signals (tests, the browser, the library API). */
export function extractFeatures(channels: Float32Array[], sampleRateHz: number, chunkSize = 65536): FrameFeatures {
  const length = channels[0]?.length ?? 0;
  const extractor = createFeatureExtractor(sampleRateHz, channels.length, length);
  for (let offset = 0; offset < length; offset += chunkSize) {
    extractor.push(channels.map((c) => c.slice(offset, Math.min(length, offset + chunkSize))));
  }
  return extractor.finish();
}
