import { access, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Queue } from 'bullmq';
import { fileReportSchema, type FileReport, type UploadEntry } from '../report/schema.js';
import { SortedSpill } from '../report/sortedSpill.js';
import { summaryRow, SummaryRows, writeSummary } from '../report/summary.js';
import { reportPath, writeReport } from '../report/write.js';
import { writeEmbeddingsJsonl, type EmbeddingRow } from '../upload/index.js';
import { failureReport } from '../pipeline/failureReport.js';
import { jobDataSchema } from './job.js';
import type { PresetCache } from './presets.js';

/** Every report file under `<out>/reports/` (temp files of writes in progress are skipped). */
async function reportFiles(out: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(path.join(out, 'reports'), { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries.filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => path.join(e.parentPath, e.name));
}

async function readReport(file: string): Promise<FileReport> {
  const parsed = fileReportSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) throw new Error(`Expected a voicegate report in ${file}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

type UploadedRef = Omit<EmbeddingRow, 'embedding'> & { report: string };

type UploadedEntry = UploadEntry & { sha256: string; id: string; embedding: number[] };

function uploaded(report: FileReport): UploadedEntry[] {
  return (report.upload ?? []).filter((u): u is UploadedEntry => u.status === 'uploaded' && u.sha256 !== null && u.id !== undefined && u.embedding !== undefined);
}

/** Each embedding read back from its report as its line is written, so a million clips' vectors are never all in memory. */
async function* embeddingRows(refs: AsyncIterable<UploadedRef>): AsyncGenerator<EmbeddingRow> {
  for await (const ref of refs) {
    const entry = uploaded(await readReport(ref.report)).find((u) => u.path === ref.path);
    if (!entry) throw new Error(`Expected the upload of ${ref.path} in ${ref.report}: the report changed while the summary was written`);
    yield { path: ref.path, sha256: ref.sha256, id: ref.id, embedding: entry.embedding };
  }
}

/**
 * summary.jsonl, summary.csv and embeddings.jsonl from the reports in a shared output folder, the same files
 * `voicegate run` writes for the same reports. Safe at any time, also while workers still write reports. Reads
 * one report at a time and keeps only its summary row (a parsed report is ~15 kB: a million would not fit), on
 * disk past a few thousand.
 */
export async function rebuildSummary(out: string): Promise<{ reports: number; embeddings: number }> {
  const rows = new SummaryRows(out);
  const refs = new SortedSpill<UploadedRef>(out, (ref) => ref.path);
  try {
    for (const file of await reportFiles(out)) {
      const report = await readReport(file);
      await rows.add(summaryRow(report));
      for (const u of uploaded(report)) await refs.add({ path: u.path, sha256: u.sha256, id: u.id, report: file });
    }
    await writeSummary(out, rows);
    await writeEmbeddingsJsonl(out, embeddingRows(refs.sorted()));
    return { reports: rows.size, embeddings: refs.size };
  } finally {
    await rows.dispose();
    await refs.dispose();
  }
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
