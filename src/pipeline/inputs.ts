import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/** One file to process, with the path its report and outputs take under the output folder. */
export interface InputFile {
  path: string;
  relativePath: string;
}

export interface InputProblem {
  path: string;
  message: string;
}

const AUDIO_EXTENSIONS = new Set(['.wav', '.wave', '.flac', '.mp3', '.m4a', '.aac', '.mp4', '.ogg', '.oga', '.opus', '.webm', '.mka', '.aif', '.aiff', '.caf', '.w64']);
const GLOB_CHARS = /[*?[]/;

function globToRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        out += pattern[i + 2] === '/' ? '(?:.*/)?' : '.*';
        i += pattern[i + 2] === '/' ? 2 : 1;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i);
      if (end < 0) out += '\\[';
      else {
        out += `[${pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else out += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/**
 * Walks a folder: every regular file with an audio extension, recursively, in a stable order.
 * Symlinked folders are followed once (a loop is reported, not followed); unreadable folders are reported.
 */
async function walk(dir: string, seen: Set<string>, files: string[], problems: InputProblem[]): Promise<void> {
  let real: string;
  try {
    real = await realpath(dir);
  } catch (error) {
    problems.push({ path: dir, message: `cannot resolve folder: ${(error as Error).message}` });
    return;
  }
  if (seen.has(real)) {
    problems.push({ path: dir, message: 'symlink loop: this folder was already visited, not followed again' });
    return;
  }
  seen.add(real);
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    problems.push({ path: dir, message: `cannot read folder: ${(error as Error).message}` });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = await stat(full);
        isDir = target.isDirectory();
        isFile = target.isFile();
      } catch (error) {
        // An audio name whose target is gone is still an input: it gets a report (input/unreadable), not silence.
        if (AUDIO_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) files.push(full);
        else problems.push({ path: full, message: `broken symlink: ${(error as Error).message}` });
        continue;
      }
    }
    if (isDir) await walk(full, seen, files, problems);
    else if (isFile && AUDIO_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) files.push(full);
  }
}

function globBase(pattern: string): string {
  const parts = pattern.split('/');
  const index = parts.findIndex((p) => GLOB_CHARS.test(p));
  const base = parts.slice(0, index).join('/');
  return base === '' ? (pattern.startsWith('/') ? '/' : '.') : base;
}

/**
 * Expands files, folders (recursive) and globs into unique inputs with collision-free relative paths:
 * a file given directly keeps its base name, a file found under a folder is `<folder name>/<path inside>`.
 * Anything named that is not an audio file, or is unreadable, is still returned as an input, so it gets
 * a report with a clear reject instead of disappearing.
 */
export async function expandInputs(args: string[]): Promise<{ inputs: InputFile[]; problems: InputProblem[] }> {
  const problems: InputProblem[] = [];
  const found: Array<{ path: string; relative: string }> = [];
  for (const arg of args) {
    if (GLOB_CHARS.test(arg) && !(await exists(arg))) {
      const base = globBase(arg);
      const files: string[] = [];
      await walk(base, new Set(), files, problems);
      const matcher = globToRegExp(path.normalize(arg).replace(/^\.\//, ''));
      const matched = files.filter((f) => matcher.test(path.normalize(f).replace(/^\.\//, '')));
      if (matched.length === 0) problems.push({ path: arg, message: 'pattern matched no audio file' });
      for (const f of matched) found.push({ path: f, relative: path.relative(base, f) });
      continue;
    }
    let info;
    try {
      info = await lstat(arg).then(async (l) => (l.isSymbolicLink() ? stat(arg) : l));
    } catch {
      found.push({ path: arg, relative: path.basename(arg) });
      continue;
    }
    if (info.isDirectory()) {
      const files: string[] = [];
      await walk(arg, new Set(), files, problems);
      const root = path.basename(path.resolve(arg));
      for (const f of files) found.push({ path: f, relative: path.join(root, path.relative(arg, f)) });
    } else found.push({ path: arg, relative: path.basename(arg) });
  }
  return { inputs: uniqueRelativePaths(dedupe(found)), problems };
}

async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch {
    return false;
  }
}

function dedupe(found: Array<{ path: string; relative: string }>): Array<{ path: string; relative: string }> {
  const seen = new Set<string>();
  return found.filter((f) => {
    const key = path.resolve(f.path);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Makes relative paths safe (no `..`, not absolute) and unique, case-insensitively. */
function uniqueRelativePaths(found: Array<{ path: string; relative: string }>): InputFile[] {
  const taken = new Set<string>();
  return found.map((f) => {
    const safe = safeRelative(f.relative);
    const ext = path.extname(safe);
    const stem = safe.slice(0, safe.length - ext.length);
    let candidate = safe;
    for (let n = 2; taken.has(candidate.toLowerCase()) || taken.has(stemKey(candidate)); n++) candidate = `${stem}~${n}${ext}`;
    taken.add(candidate.toLowerCase());
    taken.add(stemKey(candidate));
    return { path: f.path, relativePath: candidate };
  });
}

/** Outputs are named after the stem (`a.mp3` → `a.wav`), so two inputs may not share a stem either. */
function stemKey(relative: string): string {
  return `stem:${relative.slice(0, relative.length - path.extname(relative).length).toLowerCase()}`;
}

export function safeRelative(relative: string): string {
  const parts = relative
    .split(/[\\/]+/)
    .filter((p) => p !== '' && p !== '.' && p !== '..');
  return parts.length > 0 ? parts.join('/') : 'unnamed';
}

/** Joins `relative` under `root` and proves the result stays inside it. */
export function insideFolder(root: string, relative: string): string {
  const resolvedRoot = path.resolve(root);
  const full = path.resolve(resolvedRoot, safeRelative(relative));
  if (full !== resolvedRoot && !full.startsWith(resolvedRoot + path.sep)) {
    throw new Error(`Refusing to write outside the output folder: ${relative}`);
  }
  return full;
}
