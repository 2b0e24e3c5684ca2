/** Measured values of one clip. Units are in the names; `null` means "cannot be measured here" (e.g. SNR of silence). */
export interface TimeSpan {
  startS: number;
  endS: number;
}

export interface ClippedRun extends TimeSpan {
  channel: number;
  samples: number;
}

export interface ChannelLevel {
  channel: number;
  rmsDbfs: number;
  peakDbfs: number;
  dcOffset: number;
  /** Pearson correlation with channel 0 (null for channel 0 or a silent channel); ≈ −1 means an inverted channel. */
  correlationWithFirst: number | null;
}

export interface Metrics {
  durationS: number;
  speechS: number;
  sampleRateHz: number;
  channels: number;

  rmsDbfs: number;
  speechRmsDbfs: number | null;
  peakDbfs: number;
  loudnessLufs: number | null;
  clippedRatio: number;
  clippedRuns: ClippedRun[];
  dcOffset: number;
  channelLevels: ChannelLevel[];
  nonFiniteSamples: number;

  snrDb: number | null;
  noiseFloorDbfs: number;

  c50Db: number | null;
  rt60S: number | null;
  echoScore: number | null;

  leadingSilenceS: number;
  trailingSilenceS: number;
  gaps: TimeSpan[];
  longestGapS: number;
  speechRatio: number;

  bandwidthHz: number;
  humDb: number | null;
  humDbfs: number | null;
  humFrequencyHz: 50 | 60 | null;
}

/** Noise estimate shared by VAD, SNR, bandwidth and reverberation (computed once per clip). */
export interface NoiseEstimate {
  /** Mean noise power per band (same scale and layout as FrameFeatures.bandPower). */
  bandNoise: Float32Array;
  /** Noise power per frame and band (frameCount × bandCount), tracking slowly varying noise. */
  frameBandNoise: Float32Array;
  /** The mean noise power of step 5 in noise.ts per frame, summed over bands (its clip mean is noisePower). */
  frameNoise: Float32Array;
  /** Total mean noise power (sum of bandNoise), as a mean square. */
  noisePower: number;
}

/** Voice activity, shared by levels, SNR, silence, reverberation and the fix planner. */
export interface SpeechActivity {
  /** 1 for speech frames, 0 otherwise (length frameCount). */
  speech: Uint8Array;
  /** Speech segments in seconds, short pauses (< 0.1 s) bridged, sorted. */
  segments: TimeSpan[];
}

/** Everything the analysis produces for one clip. */
export interface Analysis {
  metrics: Metrics;
  speech: TimeSpan[];
  /** Mean square per 10 ms frame, so the fix planner can find the quietest point where a long stretch has no pause. */
  envelope: { hopS: number; energy: Float32Array };
}
