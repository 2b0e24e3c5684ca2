import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FileReport } from './schema.js';

/** Paths of every report under OUT/reports, relative to OUT, sorted so pages and summaries come out the same each time. */
export async function reportFiles(out: string): Promise<string[]> {
  const root = path.join(out, 'reports');
  let entries: string[];
  try {
    entries = (await readdir(root, { recursive: true })) as string[];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`No reports in ${out}: expected the output folder of "voicegate run" (with a reports/ folder)`);
    throw error;
  }
  return entries
    .filter((e) => e.endsWith('.json'))
    .map((e) => path.posix.join('reports', e.split(path.sep).join('/')))
    .sort();
}

export async function readReport(out: string, file: string): Promise<FileReport> {
  return JSON.parse(await readFile(path.join(out, file), 'utf8')) as FileReport;
}

/** Reads the reports one at a time (100,000 of them do not fit comfortably in memory at once). */
export async function forEachReport(out: string, visit: (report: FileReport, file: string) => void | Promise<void>): Promise<number> {
  const files = await reportFiles(out);
  for (const file of files) await visit(await readReport(out, file), file);
  return files.length;
}
