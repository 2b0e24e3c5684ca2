import { open, readFile, truncate, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { UploadError } from './errors.js';
import { EMBEDDING_LENGTH } from './response.js';

const entrySchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  endpoint: z.string().min(1),
  id: z.string().min(1),
  embedding: z.array(z.number()).length(EMBEDDING_LENGTH),
  uploadedAt: z.string(),
});

/** One line of `<out>/upload-journal.jsonl`: this content was embedded by this endpoint under this id. */
export type JournalEntry = z.infer<typeof entrySchema>;

export const JOURNAL_FILE = 'upload-journal.jsonl';

/**
 * Where the uploader looks up and records what was embedded: the file journal below (the default), or a store
 * shared by many machines (src/queue/journal.ts).
 */
export interface UploadJournal {
  get(sha256: string, endpoint: string): JournalEntry | undefined | Promise<JournalEntry | undefined>;
  /** Resolves once the entry is durable; rejects with UPLOAD_JOURNAL when it could not be recorded. */
  append(entry: JournalEntry): Promise<void>;
}

interface Pending {
  entry: JournalEntry;
  resolve(): void;
  reject(error: Error): void;
}

const keyOf = (sha256: string, endpoint: string): string => `${endpoint}\n${sha256}`;

/**
 * Append-only ledger of finished uploads, the source of exactly-once across runs. An entry's promise resolves
 * only after its line is fdatasync'ed. Lines that arrive while a sync runs are written together and share the
 * next sync (group commit), so concurrency does not turn into one disk flush per clip.
 */
export class Journal implements UploadJournal {
  readonly path: string;
  readonly #entries = new Map<string, JournalEntry>();
  #handle: FileHandle | null = null;
  #pending: Pending[] = [];
  #flushing: Promise<void> | null = null;
  #broken: UploadError | null = null;
  /** The previous run's last line ended without a newline: start the first write on a fresh line. */
  #needsNewline = false;

  private constructor(path: string) {
    this.path = path;
  }

  /**
   * Loads the journal; `readOnly` (dry runs) never creates or changes the file. A last line that does not parse
   * is a write torn by a crash: it is ignored and, when opening for writing, cut off so new lines stay whole.
   * Any other bad line means the file was damaged or edited, and exactly-once can no longer be promised.
   */
  static async open(path: string, options: { readOnly?: boolean } = {}): Promise<Journal> {
    const journal = new Journal(path);
    let bytes: Buffer | null = null;
    try {
      bytes = await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw journalError(`Could not read the upload journal ${path}`, error);
    }
    let keepBytes = 0;
    if (bytes) {
      let start = 0;
      let lineNumber = 0;
      while (start < bytes.length) {
        lineNumber++;
        const newline = bytes.indexOf(0x0a, start);
        const end = newline === -1 ? bytes.length : newline;
        const line = bytes.toString('utf8', start, end).trim();
        const next = newline === -1 ? bytes.length : newline + 1;
        if (line.length > 0) {
          const entry = parseJournalEntry(line);
          if (!entry) {
            if (bytes.subarray(next).toString('utf8').trim().length > 0) {
              throw new UploadError('UPLOAD_JOURNAL', `Expected a journal entry on line ${lineNumber} of ${path}; the file looks damaged: move it aside to upload everything again, or repair that line`);
            }
            break;
          }
          journal.#entries.set(keyOf(entry.sha256, entry.endpoint), entry);
        }
        keepBytes = next;
        start = next;
      }
    }
    if (options.readOnly) return journal;
    try {
      if (bytes && keepBytes < bytes.length) await truncate(path, keepBytes);
      journal.#needsNewline = keepBytes > 0 && bytes![keepBytes - 1] !== 0x0a;
      journal.#handle = await open(path, 'a');
      if (!bytes) await syncDirectory(dirname(path));
    } catch (error) {
      throw journalError(`Could not open the upload journal ${path} for writing`, error);
    }
    return journal;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(sha256: string, endpoint: string): JournalEntry | undefined {
    return this.#entries.get(keyOf(sha256, endpoint));
  }

  /** Resolves once the entry is on disk; rejects with UPLOAD_JOURNAL when it could not be made durable. */
  append(entry: JournalEntry): Promise<void> {
    if (!this.#handle) return Promise.reject(new UploadError('UPLOAD_JOURNAL', `The upload journal ${this.path} is not open for writing`));
    if (this.#broken) return Promise.reject(this.#broken);
    return new Promise((resolve, reject) => {
      this.#pending.push({ entry, resolve, reject });
      this.#flushing ??= this.#flush();
    });
  }

  async #flush(): Promise<void> {
    while (this.#pending.length > 0) {
      const batch = this.#pending.splice(0);
      if (this.#broken) {
        for (const item of batch) item.reject(this.#broken);
        continue;
      }
      const text = (this.#needsNewline ? '\n' : '') + batch.map((item) => `${JSON.stringify(item.entry)}\n`).join('');
      try {
        await this.#handle!.appendFile(text, 'utf8');
        await this.#handle!.datasync();
        this.#needsNewline = false;
        for (const item of batch) {
          this.#entries.set(keyOf(item.entry.sha256, item.entry.endpoint), item.entry);
          item.resolve();
        }
      } catch (error) {
        // A half-written batch would glue onto the next line; stop writing rather than corrupt the file.
        this.#broken = journalError(`Could not write to the upload journal ${this.path}`, error);
        for (const item of batch) item.reject(this.#broken);
      }
    }
    this.#flushing = null;
  }

  async close(): Promise<void> {
    await this.#flushing;
    await this.#handle?.close();
    this.#handle = null;
  }
}

/** One entry as written (JSON), or null when it is not one. */
export function parseJournalEntry(line: string): JournalEntry | null {
  try {
    const parsed = entrySchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A new file's directory entry must reach the disk too, or a crash can lose the whole journal. */
async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function journalError(message: string, error: unknown): UploadError {
  const code = (error as NodeJS.ErrnoException).code;
  return new UploadError('UPLOAD_JOURNAL', `${message}: ${code ?? (error as Error).message}`);
}
