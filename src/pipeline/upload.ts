import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { FileReport, UploadEntry } from '../report/schema.js';
import { SortedSpill } from '../report/sortedSpill.js';
import { startEmbeddingServer, type RunningServer } from '../server/index.js';
import { createUploader, JOURNAL_FILE, toUploadEntry, type ClipToUpload, type EmbeddingRow, type Rate, type UploadResult } from '../upload/index.js';

/** Where accepted clips go and how fast. `endpoint: null` starts the built-in server on a loopback port. */
export interface UploadSettings {
  endpoint: string | null;
  apiKey: string | null;
  concurrency?: number;
  rate?: Rate | null;
  maxAttempts?: number;
  dryRun?: boolean;
  allowInsecure?: boolean;
  onWarning?(message: string): void;
}

/** The label reports and the journal use for the built-in server (its port changes from run to run). */
export const LOCAL_ENDPOINT = 'local';

/** How the clips of a run fared; `fromJournal` were answered in an earlier run (or are copies of a clip sent in this one). */
export interface UploadCounts {
  uploaded: number;
  fromJournal: number;
  failed: number;
  notSent: number;
  dryRun: number;
  /** Failures and refusals by error code. */
  errors: Record<string, number>;
}

export interface UploadStage {
  /** Sends the clips a report accepted and returns one entry per clip (in report order). */
  uploadReport(report: FileReport, out: string): Promise<UploadEntry[]>;
  /**
   * Rows for embeddings.jsonl, sorted by path so the same batch always writes the same file. Only path, hash
   * and id are kept per clip during the run (on disk past a few thousand); each embedding is read back from
   * the journal as its row is written.
   */
  embeddings(): AsyncIterable<EmbeddingRow>;
  counts(): UploadCounts;
  /** Stops the uploader (and the built-in server). */
  close(): Promise<void>;
  /** Removes what embeddings() reads from: call after it was written. */
  dispose(): Promise<void>;
}

/** The clips of a report that may be sent: the input when it passed as it is, each passing output when it was fixed. */
export function acceptedClips(report: FileReport, out: string): Array<ClipToUpload & { label: string }> {
  if (report.verdict === 'pass' && report.metrics) {
    return [{ label: report.input.path, path: report.input.path, sha256: report.input.sha256 ?? undefined, durationS: report.metrics.durationS, verdict: 'pass' }];
  }
  if (report.verdict !== 'fixed') return [];
  return report.outputs
    .filter((o) => o.verdict === 'pass')
    .map((o) => ({ label: o.path, path: path.join(out, o.path), sha256: o.sha256, durationS: o.durationS, verdict: 'fixed' as const }));
}

export async function startUploadStage(settings: UploadSettings, out: string, signal?: AbortSignal): Promise<UploadStage> {
  let server: RunningServer | null = null;
  let endpoint = settings.endpoint;
  let apiKey = settings.apiKey;
  if (endpoint === null) {
    // A fresh key per run: the built-in server checks it like the real service would.
    apiKey = randomBytes(24).toString('hex');
    server = await startEmbeddingServer({ apiKey });
    endpoint = server.url;
  }
  const endpointLabel = server ? LOCAL_ENDPOINT : endpoint;
  const uploader = await createUploader({
    endpoint,
    apiKey,
    journalPath: path.join(out, JOURNAL_FILE),
    journalEndpoint: endpointLabel,
    concurrency: settings.concurrency,
    rate: settings.rate ?? null,
    maxAttempts: settings.maxAttempts,
    dryRun: settings.dryRun,
    allowInsecure: settings.allowInsecure,
    onWarning: settings.onWarning,
    signal,
  });
  const rows = new SortedSpill<Omit<EmbeddingRow, 'embedding'>>(out, (row) => row.path);
  const counts: UploadCounts = { uploaded: 0, fromJournal: 0, failed: 0, notSent: 0, dryRun: 0, errors: {} };
  const count = (result: UploadResult): void => {
    const key = ({ uploaded: 'uploaded', 'skipped-journal': 'fromJournal', failed: 'failed', 'not-sent': 'notSent', 'dry-run': 'dryRun' } as const)[result.status];
    counts[key]++;
    if (result.error) counts.errors[result.error.code] = (counts.errors[result.error.code] ?? 0) + 1;
  };
  return {
    async uploadReport(report, outDir) {
      const clips = acceptedClips(report, outDir);
      const results = await Promise.all(clips.map((clip) => uploader.upload(clip)));
      for (const [i, result] of results.entries()) {
        if (result.id !== undefined && result.embedding !== undefined && result.sha256) await rows.add({ path: clips[i]!.label, sha256: result.sha256, id: result.id });
      }
      return results.map((result, i) => {
        const label = clips[i]!.label;
        count(result);
        return toUploadEntry(label, result, endpointLabel);
      });
    },
    async *embeddings() {
      for await (const row of rows.sorted()) {
        const embedding = await uploader.embedding(row.sha256);
        if (embedding === undefined) throw new Error(`Expected the embedding of ${row.path} in the upload journal, found none`);
        yield { ...row, embedding };
      }
    },
    counts: () => counts,
    async close() {
      try {
        await uploader.close();
      } finally {
        await server?.close();
      }
    },
    dispose: () => rows.dispose(),
  };
}
