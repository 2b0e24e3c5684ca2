import { execFile } from 'node:child_process';
import { access, constants, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

export type FfmpegSource = 'FFMPEG_PATH' | 'ffmpeg-static' | 'PATH' | '@ffmpeg-installer/ffmpeg';

export interface FfmpegBinary {
  path: string;
  source: FfmpegSource;
  /** First line of `ffmpeg -version`. */
  version: string;
}

export class FfmpegNotFoundError extends Error {
  readonly code = 'FFMPEG_NOT_FOUND';
  constructor(message: string) {
    super(message);
    this.name = 'FfmpegNotFoundError';
  }
}

const execFileAsync = promisify(execFile);

async function versionOf(binary: string): Promise<string> {
  const { stdout } = await execFileAsync(binary, ['-hide_banner', '-version'], { timeout: 15_000, maxBuffer: 1024 * 1024 });
  const firstLine = stdout.split('\n', 1)[0]?.trim() ?? '';
  if (!firstLine.startsWith('ffmpeg version')) throw new Error(`expected "ffmpeg version …" from ${binary} -version, got "${firstLine.slice(0, 80)}"`);
  return firstLine;
}

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Imports an optional package by a name TypeScript does not resolve; null when it is not installed or throws. */
async function importOptional(name: string): Promise<unknown> {
  try {
    return await import(name);
  } catch {
    return null;
  }
}

function defaultExport(module: unknown): unknown {
  return module !== null && typeof module === 'object' && 'default' in module ? module.default : module;
}

type Candidate = { source: FfmpegSource; find: () => Promise<string | null> };

const CANDIDATES: Candidate[] = [
  { source: 'FFMPEG_PATH', find: async () => process.env.FFMPEG_PATH || null },
  {
    // An optionalDependency whose install script downloads the binary: the package may be there without it.
    source: 'ffmpeg-static',
    find: async () => {
      const binary = defaultExport(await importOptional('ffmpeg-static'));
      return typeof binary === 'string' ? binary : null;
    },
  },
  {
    source: 'PATH',
    find: async () => {
      const name = process.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg';
      for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
        if (dir && (await isExecutableFile(path.join(dir, name)))) return path.join(dir, name);
      }
      return null;
    },
  },
  {
    source: '@ffmpeg-installer/ffmpeg',
    find: async () => {
      const installer = defaultExport(await importOptional('@ffmpeg-installer/ffmpeg'));
      return installer !== null && typeof installer === 'object' && 'path' in installer && typeof installer.path === 'string' ? installer.path : null;
    },
  },
];

/** Finds ffmpeg without caching: `FFMPEG_PATH` → ffmpeg-static → `PATH` → @ffmpeg-installer/ffmpeg. */
export async function findFfmpeg(): Promise<FfmpegBinary> {
  const tried: string[] = [];
  for (const { source, find } of CANDIDATES) {
    const binary = await find();
    if (!binary) {
      tried.push(`${source}: none`);
      continue;
    }
    try {
      return { path: binary, source, version: await versionOf(binary) };
    } catch (error) {
      // A binary named explicitly must work: falling back silently would hide the mistake.
      if (source === 'FFMPEG_PATH') throw new FfmpegNotFoundError(`FFMPEG_PATH=${binary} does not run: ${(error as Error).message}`);
      tried.push(`${source}: ${binary} does not run (${(error as Error).message})`);
    }
  }
  throw new FfmpegNotFoundError(`Expected an ffmpeg binary, found none (${tried.join('; ')})`);
}

let cached: Promise<FfmpegBinary> | null = null;

/** The ffmpeg binary to use, found once per process (a failed search is retried next time). */
export function resolveFfmpeg(): Promise<FfmpegBinary> {
  if (!cached) {
    cached = findFfmpeg();
    cached.catch(() => {
      cached = null;
    });
  }
  return cached;
}

export interface DecoderDescription {
  node: string;
  platform: string;
  wav: string;
  otherFormats: string;
  ffmpeg: FfmpegBinary | null;
  /** Why no ffmpeg was found, when it was not. */
  ffmpegProblem: string | null;
}

/** What decodes what, for `voicegate doctor`. */
export async function decoderDescription(): Promise<DecoderDescription> {
  let ffmpeg: FfmpegBinary | null = null;
  let ffmpegProblem: string | null = null;
  try {
    ffmpeg = await resolveFfmpeg();
  } catch (error) {
    ffmpegProblem = (error as Error).message;
  }
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    wav: 'in-process: node-wav, or streamed from disk above the size threshold (PCM 8/16/24/32-bit, float 32/64)',
    otherFormats: 'ffmpeg, fed on stdin, audio demuxers only',
    ffmpeg,
    ffmpegProblem,
  };
}
