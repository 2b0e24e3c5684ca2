import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { insideFolder } from '../pipeline/inputs.js';
import type { FileReport } from './schema.js';

/** Lines joined per piece: a million rows' lines (0.6–4 GB) would not fit in one string. */
const LINES_PER_PIECE = 512;

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
  await mkdir(path.dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.${Date.now().toString(36)}.tmp`;
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
