/** How the page shows each metric: label, display unit and scale (ratios as %, Hz as kHz), decimals kept. */
export interface MetricSpec {
  key: string;
  label: string;
  unit: string;
  scale: number;
  digits: number;
}

export const METRICS: readonly MetricSpec[] = [
  { key: 'durationS', label: 'Duration', unit: 's', scale: 1, digits: 2 },
  { key: 'speechS', label: 'Speech', unit: 's', scale: 1, digits: 2 },
  { key: 'speechRatio', label: 'Speech ratio', unit: '%', scale: 100, digits: 0 },
  { key: 'snrDb', label: 'SNR', unit: 'dB', scale: 1, digits: 1 },
  { key: 'c50Db', label: 'C50', unit: 'dB', scale: 1, digits: 1 },
  { key: 'rt60S', label: 'RT60', unit: 's', scale: 1, digits: 2 },
  { key: 'loudnessLufs', label: 'Loudness', unit: 'LUFS', scale: 1, digits: 1 },
  { key: 'speechRmsDbfs', label: 'Speech RMS', unit: 'dBFS', scale: 1, digits: 1 },
  { key: 'peakDbfs', label: 'Peak', unit: 'dBFS', scale: 1, digits: 1 },
  { key: 'noiseFloorDbfs', label: 'Noise floor', unit: 'dBFS', scale: 1, digits: 1 },
  { key: 'clippedRatio', label: 'Clipped', unit: '%', scale: 100, digits: 3 },
  { key: 'bandwidthHz', label: 'Bandwidth', unit: 'kHz', scale: 0.001, digits: 1 },
  { key: 'humDb', label: 'Hum', unit: 'dB', scale: 1, digits: 1 },
  { key: 'leadingSilenceS', label: 'Leading silence', unit: 's', scale: 1, digits: 2 },
  { key: 'trailingSilenceS', label: 'Trailing silence', unit: 's', scale: 1, digits: 2 },
  { key: 'longestGapS', label: 'Longest pause', unit: 's', scale: 1, digits: 2 },
  { key: 'sampleRateHz', label: 'Sample rate', unit: 'kHz', scale: 0.001, digits: 1 },
  { key: 'dcOffset', label: 'DC offset', unit: '%', scale: 100, digits: 2 },
  { key: 'speakerSimilarity', label: 'Speaker similarity', unit: '', scale: 1, digits: 3 },
];

/** The histograms of the overview, in the order. */
export const HISTOGRAM_METRICS = ['snrDb', 'c50Db', 'loudnessLufs', 'durationS', 'speechRatio'] as const;

export function metricSpec(key: string): MetricSpec | undefined {
  return METRICS.find((m) => m.key === key);
}

/** The value as the page stores it: display units, rounded to the spec's decimals, as an integer count of them. */
export function quantize(spec: MetricSpec, value: number | null | undefined): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  return Math.round(value * spec.scale * 10 ** spec.digits);
}
