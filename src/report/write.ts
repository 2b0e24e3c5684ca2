import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { insideFolder } from '../pipeline/inputs.js';
import type { FileReport } from './schema.js';

/**
 * Writes to a temporary name beside the target, then renames: a reader never sees half a file. `content` may
 * come in pieces (a file too large for one string).
 */
export async function writeFileAtomic(target: string, content: string | Iterable<string>): Promise<void> {
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
