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
 * - `humFrequencyHz` = the stronger family when its prominence is ≥ MIN_PROMINENCE_DB, else null. Clean
 *   LibriSpeech/VCTK speech reads 0.1–1.8 dB, hum 40 dB below speech 3–7 dB. Known limit: continuous speech
 *   whose pitch sits for most of the clip on a hum harmonic (CMU ARCTIC axb's ≈240 Hz = 4 × 60 Hz) reads as hum.
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

interface FamilyHum {
  frequencyHz: 50 | 60;
  tonalPower: number;
  backgroundPower: number;
}

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

function familyHum(s: LowBandSpectrum, sourceRateHz: number, frequencyHz: 50 | 60): FamilyHum {
  const { power, binHz } = s;
  const lastBin = power.length - 1;
  let tonalPower = 0;
  let backgroundPower = 0;
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
    const background = median(neighbours) * (2 * PEAK_HALF_WIDTH_BINS + 1);
    const gain = lowBandPowerGain(sourceRateHz, peak * binHz);
    tonalPower += Math.max(0, peakSum - background) / gain;
    backgroundPower += background / gain;
  }
  return { frequencyHz, tonalPower, backgroundPower };
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
    humFrequencyHz: humDb >= MIN_PROMINENCE_DB ? stronger.frequencyHz : null,
  };
}
