import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { insideFolder } from '../pipeline/inputs.js';
import type { FileReport } from './schema.js';

/** Lines joined per piece: a million rows' lines (0.6–4 GB) would not fit in one string. */
const LINES_PER_PIECE = 512;
const SYNC_WRITE_MAX_CHARS = 256 * 1024;

/** `lines` joined LINES_PER_PIECE at a time, for a file written in pieces (writeFile takes the iterable). */
export async function* inPieces(lines: Iterable<string> | AsyncIterable<string>): AsyncGenerator<string> {
  let batch: string[] = [];
  for await (const line of lines) {
    batch.push(line);
    if (batch.length < LINES_PER_PIECE) continue;
    yield batch.join('');
    batch = [];
  }
  if (batch.length > 0) yield batch.join('');
}

/**
 * Writes to a temporary name beside the target, then renames: a reader never sees half a file. `content` may
 * come in pieces (inPieces: a file too large for one string).
 */
export async function writeFileAtomic(target: string, content: string | AsyncIterable<string>): Promise<void> {
  const temp = `${target}.${process.pid}.${Date.now().toString(36)}.tmp`;
  if (typeof content === 'string' && content.length <= SYNC_WRITE_MAX_CHARS) {
    // A report-sized file is written synchronously: tens of microseconds into the page cache, where the async
    // calls are five thread-pool round trips (mkdir, open, write, close, rename) per report on the main thread.
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(temp, content);
    renameSync(temp, target);
    return;
  }
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(temp, content);
  await rename(temp, target);
}

export function reportPath(out: string, relativePath: string): string {
  return insideFolder(out, path.join('reports', `${relativePath}.json`));
}

export async function writeReport(out: string, report: FileReport): Promise<string> {
  const target = reportPath(out, report.input.relativePath);
  await writeFileAtomic(target, `${JSON.stringify(report, null, 2)}\n`);
  return target;
}
