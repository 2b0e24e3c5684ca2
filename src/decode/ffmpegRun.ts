import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DecodeError } from './errors.js';

/**
 * Demuxers ffmpeg may use (`-format_whitelist`): audio containers only. Playlists and scripts (hls, concat,
 * dash, sdp…) are absent, so ffmpeg refuses them even if one got past the sniff.
 */
export const AUDIO_DEMUXERS: readonly string[] = [
  'wav', 'w64', 'aiff', 'caf', 'au', 'flac', 'mp3', 'aac', 'loas', 'ac3', 'eac3', 'dts', 'truehd', 'mlp', 'ogg', 'mov',
  'matroska', 'wv', 'ape', 'tta', 'tak', 'shn', 'mpc', 'mpc8', 'amr', 'asf', 'voc', 'dsf', 'xwma',
];

/**
 * Arguments that decode the first audio stream of what arrives on stdin to raw float32 on stdout, at its native
 * rate and channel count. The file name never appears (no option injection, whatever it is called) and only
 * the pipe protocol is allowed, so nothing the input names (files, URLs) can be opened. `-nostdin` is not
 * needed: ffmpeg turns its keyboard interaction off itself when reading `pipe:`.
 */
export function ffmpegArgs(format?: string, demuxers: readonly string[] = AUDIO_DEMUXERS): string[] {
  return [
    '-hide_banner', '-nostats',
    // `level` tags each line ([info], [error]) so errors can be told from the stream description.
    '-loglevel', 'level+info',
    '-protocol_whitelist', 'pipe',
    '-format_whitelist', demuxers.join(','),
    ...(format ? ['-f', format] : []),
    '-i', 'pipe:0',
    '-map', '0:a:0',
    '-f', 'f32le', 'pipe:1',
  ];
}

export interface StderrLine {
  level: string;
  /** `mp3`, `hls,applehttp`, `file`… for lines a component logged; '' for ffmpeg's own. */
  component: string;
  text: string;
}

/** Parses a `-loglevel level+…` line: `[mp3 @ 0x24d4fc80] [warning] text` or `[info] text`. */
export function parseStderrLine(line: string): StderrLine {
  const match = /^(?:\[([^\]]*?) @ 0x[0-9a-f]+\] )?\[(trace|debug|verbose|info|warning|error|fatal|panic)\] (.*)$/.exec(line);
  if (!match) return { level: 'info', component: '', text: line };
  return { level: match[2]!, component: match[1] ?? '', text: match[3]! };
}

const HEAD_LINES = 100;
const TAIL_LINES = 20;

export interface FfmpegRun {
  stdout: Readable;
  /** The first lines (the stream description) and the last ones (the errors), bounded. */
  stderr: StderrLine[];
  onStderrLine(listener: (line: StderrLine) => void): void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The feed failed to read the input (not ffmpeg closing its stdin early). */
  feedError(): unknown;
  kill(): void;
}

/**
 * Spawns ffmpeg (an argument array, no shell) and writes `feed` to its stdin. The child is killed when
 * `signal` aborts; `kill()` is safe to call at any time.
 */
export function runFfmpeg(binary: string, args: string[], feed: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, signal?: AbortSignal): FfmpegRun {
  const child: ChildProcessByStdio<Writable, Readable, Readable> = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  signal?.addEventListener('abort', kill, { once: true });
  if (signal?.aborted) kill();

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', (error) => reject(new DecodeError('DECODE_FAILED', `Could not run ffmpeg (${binary}): ${error.message}`, { cause: error })));
    child.once('close', (code, exitSignal) => resolve({ code, signal: exitSignal }));
  });
  exited.catch(() => undefined).finally(() => signal?.removeEventListener('abort', kill));

  const stderr: StderrLine[] = [];
  const listeners: ((line: StderrLine) => void)[] = [];
  let partial = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    const lines = (partial + text).split(/\r?\n|\r/);
    partial = lines.pop() ?? '';
    for (const raw of lines) {
      if (!raw.trim()) continue;
      const line = parseStderrLine(raw);
      stderr.push(line);
      if (stderr.length > HEAD_LINES + TAIL_LINES) stderr.splice(HEAD_LINES, 1);
      for (const listener of listeners) listener(line);
    }
  });

  let readError: unknown = null;
  async function* guarded(): AsyncIterable<Uint8Array> {
    try {
      yield* feed;
    } catch (error) {
      readError = error;
      throw error;
    }
  }
  // ffmpeg closes its stdin when it has read enough or failed (EPIPE): that is not an error of ours.
  child.stdin.on('error', () => undefined);
  pipeline(Readable.from(guarded(), { objectMode: false }), child.stdin).catch(() => {
    if (readError) kill();
  });

  return {
    stdout: child.stdout,
    stderr,
    onStderrLine: (listener) => listeners.push(listener),
    exited,
    feedError: () => readError,
    kill,
  };
}

const UNSAFE_DEMUXER = /^(hls|applehttp|concat|dash|sdp|rtp|rtsp|webm_dash_manifest|ffmetadata|image2)\b/;

/** The DecodeError a failed ffmpeg run stands for, from what it logged. */
export function ffmpegFailure(stderr: StderrLine[], exit: { code: number | null; signal: NodeJS.Signals | null }): DecodeError {
  const protocol = stderr.find((l) => /Protocol '[^']*' not on whitelist/.test(l.text));
  if (protocol) {
    return new DecodeError('INPUT_UNSAFE', `Expected a self-contained audio file, but it makes ffmpeg open other resources (${protocol.text}); refused`);
  }
  const format = stderr.find((l) => l.text.startsWith('Format not on whitelist'));
  if (format) {
    const demuxer = format.component.split(',')[0] ?? format.component;
    if (UNSAFE_DEMUXER.test(format.component)) {
      return new DecodeError('INPUT_UNSAFE', `Expected audio, got a ${demuxer} playlist or script that names other files or URLs; refused`);
    }
    return new DecodeError('INPUT_UNSUPPORTED', `Expected an audio container, got '${demuxer}' (ffmpeg's reading), which is not accepted`);
  }
  if (stderr.some((l) => /Stream map '0:a:0' matches no streams/.test(l.text))) {
    return new DecodeError('INPUT_NOT_AUDIO', 'Expected an audio stream, found none in the file');
  }
  const errors = stderr.filter((l) => l.level === 'error' || l.level === 'fatal' || l.level === 'panic');
  const unrecognised = (l: StderrLine): boolean =>
    l.text.endsWith('Invalid data found when processing input') || /detected only with low score/.test(l.text);
  if (stderr.some(unrecognised) && !stderr.some((l) => l.text.startsWith('Input #0'))) {
    return new DecodeError('INPUT_NOT_AUDIO', 'Expected audio, got data ffmpeg does not recognise as any audio format');
  }
  const last = errors.at(-1) ?? stderr.at(-1);
  const detail = last ? `${last.component ? `[${last.component}] ` : ''}${last.text}` : 'no message';
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  return new DecodeError('DECODE_FAILED', `ffmpeg ${how} while decoding: ${detail}`);
}
