/**
 * Mains hum (50 or 60 Hz and harmonics) from the extractor's ≈1 Hz-resolution low-band spectrum
 * (Hann-windowed 1.024 s blocks, per-bin median over time so that gliding speech harmonics mostly drop out;
 * see lowBand.ts). No standard defines it; this is the usual tonal-minus-local-background estimate of
 * harmonic line spectra:
 *
 * - For each family F ∈ {50, 60} and each harmonic h·F up to MAX_HUM_HZ, the peak bin is searched within
 *   ±SEARCH_HZ (+ 0.5 % of the harmonic, for mains drift) of the nominal frequency. The tonal power is the
 *   power of the peak bin ± 2 (the Hann main lobe) minus the local background over those 5 bins; the
 *   background is the median bin power 4–10 bins either side (robust to speech harmonics and other tones).
 *   Both are divided by the decimator's anti-alias gain at that frequency.
 * - `humDbfs` = 10·log10(Σ tonal power) of the stronger family: a dBFS RMS level (a sine of amplitude A
 *   contributes A²/2), or null when that sum is 0.
 * - `humDb` = prominence = 10·log10((Σ tonal + Σ background) / Σ background), summed over the family's
 *   harmonic bins: how many dB the spectrum at the hum lines stands above what it would be without them.
 * - `humFrequencyHz` = the stronger family when its prominence is ≥ MIN_PROMINENCE_DB and at least
 *   MIN_NARROW_SHARE of its tonal power sits in peaks as narrow as a stable tone (isNarrow; persistence in
 *   time is already the median's job), else null. Clean
 *   LibriSpeech/VCTK speech reads 0.1–1.8 dB, hum 40 dB below speech 3–7 dB. Speech whose pitch sits for
 *   most of the clip near a hum harmonic (CMU ARCTIC axb's ≈240 Hz = 4 × 60 Hz) no longer reads as hum: its
 *   lines are broader than a tone's. Known limit: when real hum is present, such a voice still adds its bump to
 *   the family's level (axb + 60 Hz hum at −30 dBFS reads 2.2 dB high); dropping broad harmonics from the level
 *   instead lost real hum lines that overlap speech harmonics.
 */
import { lowBandPowerGain } from './features/lowBand.js';
import type { FrameFeatures, LowBandSpectrum } from './features/types.js';
import type { Metrics } from './types.js';

const FAMILIES = [50, 60] as const;
const MAX_HUM_HZ = 400;
const SEARCH_HZ = 0.5;
const PEAK_HALF_WIDTH_BINS = 2;
const BACKGROUND_FROM_BINS = 4;
const BACKGROUND_TO_BINS = 10;
const MIN_PROMINENCE_DB = 2;
const SHOULDER_FROM_BINS = 3;
const SHOULDER_TO_BINS = 5;
/** Largest excess over the background, per bin, just outside the main lobe, as a share of the main lobe's per-bin excess. */
const MAX_SHOULDER_SHARE = 0.1;
/** Share of the family's tonal power that must sit in tone-narrow peaks for the family to count as hum. */
const MIN_NARROW_SHARE = 0.5;

interface FamilyHum {
  frequencyHz: 50 | 60;
  tonalPower: number;
  backgroundPower: number;
  /** Tonal power of the harmonics whose peaks are as narrow as a stable tone. */
  narrowPower: number;
}

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

/**
 * A mains line is a stable sine: all its power sits in the Hann main lobe (peak ± 2 bins), the bins just outside
 * (3–5 away, where a sine's sidelobes are ≥ 31 dB down) stay at the background on both sides. A speech harmonic
 * that lingers near a hum harmonic (a voice whose pitch stays near 4 × 60 Hz) or the flank of a formant leaves
 * a broad or one-sided bump instead: its excess over the background spills past the main lobe.
 */
function isNarrow(power: Float64Array, peak: number, tonal: number, backgroundPerBin: number): boolean {
  const limit = MAX_SHOULDER_SHARE * (tonal / (2 * PEAK_HALF_WIDTH_BINS + 1));
  for (const side of [-1, 1]) {
    let shoulder = 0;
    for (let d = SHOULDER_FROM_BINS; d <= SHOULDER_TO_BINS; d++) shoulder += power[peak + side * d]!;
    shoulder /= SHOULDER_TO_BINS - SHOULDER_FROM_BINS + 1;
    if (shoulder - backgroundPerBin > limit) return false;
  }
  return true;
}

function familyHum(s: LowBandSpectrum, sourceRateHz: number, frequencyHz: 50 | 60): FamilyHum {
  const { power, binHz } = s;
  const lastBin = power.length - 1;
  let tonalPower = 0;
  let backgroundPower = 0;
  let narrowPower = 0;
  for (let harmonicHz = frequencyHz; harmonicHz <= MAX_HUM_HZ; harmonicHz += frequencyHz) {
    const nominal = Math.round(harmonicHz / binHz);
    const search = Math.max(1, Math.round((SEARCH_HZ + 0.005 * harmonicHz) / binHz));
    let peak = nominal;
    for (let k = nominal - search; k <= nominal + search; k++) if (power[k]! > power[peak]!) peak = k;
    if (peak - BACKGROUND_TO_BINS < 1 || peak + BACKGROUND_TO_BINS > lastBin) continue;
    let peakSum = 0;
    for (let k = peak - PEAK_HALF_WIDTH_BINS; k <= peak + PEAK_HALF_WIDTH_BINS; k++) peakSum += power[k]!;
    const neighbours: number[] = [];
    for (let d = BACKGROUND_FROM_BINS; d <= BACKGROUND_TO_BINS; d++) neighbours.push(power[peak - d]!, power[peak + d]!);
    const backgroundPerBin = median(neighbours);
    const background = backgroundPerBin * (2 * PEAK_HALF_WIDTH_BINS + 1);
    const gain = lowBandPowerGain(sourceRateHz, peak * binHz);
    const tonal = Math.max(0, peakSum - background);
    tonalPower += tonal / gain;
    if (isNarrow(power, peak, tonal, backgroundPerBin)) narrowPower += tonal / gain;
    backgroundPower += background / gain;
  }
  return { frequencyHz, tonalPower, backgroundPower, narrowPower };
}

export function measureHum(f: FrameFeatures): Pick<Metrics, 'humDb' | 'humDbfs' | 'humFrequencyHz'> {
  const s = f.lowBandSpectrum;
  if (s.blocks === 0) return { humDb: null, humDbfs: null, humFrequencyHz: null };
  const [first, second] = FAMILIES.map((hz) => familyHum(s, f.sampleRateHz, hz)) as [FamilyHum, FamilyHum];
  const stronger = second.tonalPower > first.tonalPower ? second : first;
  if (!(stronger.tonalPower > 0)) return { humDb: 0, humDbfs: null, humFrequencyHz: null };
  const humDb =
    stronger.backgroundPower > 0 ? 10 * Math.log10((stronger.tonalPower + stronger.backgroundPower) / stronger.backgroundPower) : Infinity;
  return {
    humDb: Number.isFinite(humDb) ? humDb : null,
    humDbfs: 10 * Math.log10(stronger.tonalPower),
    humFrequencyHz: humDb >= MIN_PROMINENCE_DB && stronger.narrowPower >= MIN_NARROW_SHARE * stronger.tonalPower ? stronger.frequencyHz : null,
  };
}
