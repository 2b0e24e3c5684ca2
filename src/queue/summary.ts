import { access, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Queue } from 'bullmq';
import { fileReportSchema, type FileReport } from '../report/schema.js';
import { summaryRow, writeSummary } from '../report/summary.js';
import { reportPath, writeReport } from '../report/write.js';
import { writeEmbeddingsJsonl, type EmbeddingRow } from '../upload/index.js';
import { failureReport } from '../pipeline/failureReport.js';
import { jobDataSchema } from './job.js';
import type { PresetCache } from './presets.js';

/** Every report under `<out>/reports/` (temp files of writes in progress are skipped). */
export async function readReports(out: string): Promise<FileReport[]> {
  const reports: FileReport[] = [];
  let entries;
  try {
    entries = await readdir(path.join(out, 'reports'), { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return reports;
    throw error;
  }
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
    const file = path.join(entry.parentPath, entry.name);
    const parsed = fileReportSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (!parsed.success) throw new Error(`Expected a voicegate report in ${file}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    reports.push(parsed.data);
  }
  return reports;
}

/**
 * summary.jsonl, summary.csv and embeddings.jsonl from the reports in a shared output folder, the same files
 * `voicegate run` writes for the same reports. Safe at any time, also while workers still write reports.
 */
export async function rebuildSummary(out: string): Promise<{ reports: number; embeddings: number }> {
  const reports = await readReports(out);
  await writeSummary(out, reports.map(summaryRow));
  const rows: EmbeddingRow[] = reports
    .flatMap((r) => r.upload ?? [])
    .filter((u) => u.status === 'uploaded' && u.sha256 !== null && u.id !== undefined && u.embedding !== undefined)
    .map((u) => ({ path: u.path, sha256: u.sha256!, id: u.id!, embedding: u.embedding! }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  await writeEmbeddingsJsonl(out, rows);
  return { reports: reports.length, embeddings: rows.length };
}

/**
 * A job that failed without its worker writing a report (it was killed too often, or the disk failed) gets one
 * with BullMQ's failure reason, so the summary lists it.
 */
export async function writeMissingFailureReports(queue: Queue, presets: PresetCache): Promise<number> {
  let written = 0;
  const failed = await queue.getJobs(['failed']);
  for (const job of failed) {
    const parsed = jobDataSchema.safeParse(job.data);
    if (!parsed.success) continue;
    const { input, out, presetSha256 } = parsed.data;
    const exists = await access(reportPath(out, input.relativePath)).then(() => true, () => false);
    if (exists) continue;
    const name = (await presets.get(presetSha256))?.name ?? 'unknown';
    await writeReport(out, failureReport(input, { name, sha256: presetSha256 }, job.failedReason || 'the job failed'));
    written++;
  }
  return written;
}
