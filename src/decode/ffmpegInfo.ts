import type { StderrLine } from './ffmpegRun.js';

/** What ffmpeg's log says about the input and the PCM it writes (we run no ffprobe). */
export interface FfmpegStreamInfo {
  /** Demuxer name(s) as ffmpeg prints them: 'mp3', 'mov,mp4,m4a,3gp,3g2,mj2', 'matroska,webm'. */
  container: string;
  codec: string;
  bitDepth: number | null;
  sampleFormat: 'int' | 'float' | null;
  durationS: number | null;
  /** Of the f32le output, which is what stdout carries. */
  sampleRateHz: number;
  channels: number;
}

/** ffmpeg's channel layout names (libavutil/channel_layout.c); others print as `N channels (…)`. */
const LAYOUT_CHANNELS: Record<string, number> = {
  mono: 1, stereo: 2, downmix: 2, '2.1': 3, '3.0': 3, '3.0(back)': 3, '4.0': 4, quad: 4, 'quad(side)': 4, '3.1': 4,
  '5.0': 5, '5.0(side)': 5, '4.1': 5, '5.1': 6, '5.1(side)': 6, '6.0': 6, '6.0(front)': 6, hexagonal: 6, '6.1': 7,
  '6.1(back)': 7, '6.1(front)': 7, '7.0': 7, '7.0(front)': 7, '7.1': 8, '7.1(wide)': 8, '7.1(wide-side)': 8,
  octagonal: 8, hexadecagonal: 16,
};

/** Codecs whose samples are exact, so a bit depth is meaningful (µ-law/A-law are companded: lossy). */
const LOSSLESS = /^(pcm_(?!mulaw|alaw)|flac$|alac$|wavpack$|tta$|ape$|tak$|mlp$|truehd$|shorten$|mp4als$|s302m$)/;

const FORMAT_BITS: Record<string, number> = { u8: 8, s16: 16, s32: 32, s64: 64, flt: 32, dbl: 64 };

interface AudioLine {
  codec: string;
  sampleRateHz: number;
  channels: number | null;
  sampleFormat: string;
  /** `s32 (24 bit)` → 24. */
  rawBits: number | null;
}

function channelsOf(layout: string): number | null {
  const counted = /^(\d+) channels\b/.exec(layout);
  if (counted) return Number(counted[1]);
  return LAYOUT_CHANNELS[layout] ?? null;
}

/** `aac (LC) (mp4a / 0x6134706D), 16000 Hz, mono, fltp, 68 kb/s (default)` */
function parseAudioLine(text: string): AudioLine | null {
  const match = /Stream #\d+:\d+.*?: Audio: (\S+).*?, (\d+) Hz, ([^,]+), ([a-z0-9]+)(?: \((\d+) bit\))?/.exec(text);
  if (!match) return null;
  return {
    codec: match[1]!,
    sampleRateHz: Number(match[2]),
    channels: channelsOf(match[3]!.trim()),
    sampleFormat: match[4]!,
    rawBits: match[5] ? Number(match[5]) : null,
  };
}

function parseDuration(text: string): number | null {
  const match = /^Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

/** Reads the `Input #0` / `Output #0` description; null until both audio stream lines have been logged. */
export function parseStreamInfo(lines: StderrLine[]): FfmpegStreamInfo | null {
  let container: string | null = null;
  let durationS: number | null = null;
  let input: AudioLine | null = null;
  let output: AudioLine | null = null;
  let section: 'none' | 'input' | 'output' = 'none';
  for (const { text } of lines) {
    const inputHeader = /^Input #0, (.+), from '/.exec(text);
    if (inputHeader) {
      container = inputHeader[1]!;
      section = 'input';
    } else if (text.startsWith('Output #0')) {
      section = 'output';
    } else if (section === 'input' && durationS === null && text.trim().startsWith('Duration:')) {
      durationS = parseDuration(text);
    } else if (section === 'input' && !input) {
      input = parseAudioLine(text);
    } else if (section === 'output' && !output) {
      output = parseAudioLine(text);
    }
  }
  if (!container || !input || !output || output.channels === null) return null;
  const lossless = LOSSLESS.test(input.codec);
  const baseFormat = input.sampleFormat.replace(/p$/, '');
  const isFloat = baseFormat === 'flt' || baseFormat === 'dbl';
  return {
    container,
    codec: input.codec,
    bitDepth: lossless ? (input.rawBits ?? FORMAT_BITS[baseFormat] ?? null) : null,
    sampleFormat: lossless ? (isFloat ? 'float' : 'int') : null,
    durationS,
    sampleRateHz: output.sampleRateHz,
    channels: output.channels,
  };
}
