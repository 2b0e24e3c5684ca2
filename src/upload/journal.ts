import { open, truncate, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { UploadError } from './errors.js';
import { indexKey, OffsetIndex } from './offsetIndex.js';
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

/** Bytes read per step while loading: the file holds ~4 kB per clip and may be far larger than memory. */
const READ_CHUNK_BYTES = 1 << 20;

/**
 * Append-only ledger of finished uploads, the source of exactly-once across runs. An entry's promise resolves
 * only after its line is fdatasync'ed. Lines that arrive while a sync runs are written together and share the
 * next sync (group commit), so concurrency does not turn into one disk flush per clip.
 *
 * Memory stays small at a million clips: the file is read in chunks, and only where each entry's line starts
 * is kept (not its 192-value embedding); `get` reads that line back from the file.
 */
export class Journal implements UploadJournal {
  readonly path: string;
  /** Byte offset of each entry's line, by content hash and endpoint. */
  readonly #offsets = new OffsetIndex();
  /** Bytes of whole lines in the file (the next line starts here). */
  #length = 0;
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
    const scan = await journal.#scan();
    if (options.readOnly) return journal;
    try {
      if (scan.exists && journal.#length < scan.bytes) await truncate(path, journal.#length);
      journal.#needsNewline = scan.endsMidLine;
      journal.#handle = await open(path, 'a');
      if (!scan.exists) await syncDirectory(dirname(path));
    } catch (error) {
      throw journalError(`Could not open the upload journal ${path} for writing`, error);
    }
    return journal;
  }

  /**
   * Reads the file in chunks, indexing every good line; sets #length to the end of the last good line.
   * `endsMidLine`: the kept file ends in a whole entry without its newline (the next write starts a fresh line).
   */
  async #scan(): Promise<{ exists: boolean; bytes: number; endsMidLine: boolean }> {
    let reader: FileHandle;
    try {
      reader = await open(this.path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { exists: false, bytes: 0, endsMidLine: false };
      throw journalError(`Could not read the upload journal ${this.path}`, error);
    }
    let position = 0;
    let lineNumber = 0;
    let carry = Buffer.alloc(0);
    let carryStart = 0;
    let lastByte: number | null = null;
    /** A line that did not parse: fatal unless nothing but blank lines follows it (a torn last write). */
    let bad: { lineNumber: number; start: number } | null = null;
    const take = (line: Buffer, start: number, end: number): void => {
      lineNumber++;
      const text = line.toString('utf8').trim();
      if (text.length === 0) {
        if (!bad) this.#length = end;
        return;
      }
      if (bad) {
        throw new UploadError('UPLOAD_JOURNAL', `Expected a journal entry on line ${bad.lineNumber} of ${this.path}; the file looks damaged: move it aside to upload everything again, or repair that line`);
      }
      const entry = parseJournalEntry(text);
      if (!entry) {
        bad = { lineNumber, start };
        return;
      }
      this.#offsets.add(indexKey(entry.sha256, entry.endpoint), start);
      this.#length = end;
    };
    try {
      const chunk = Buffer.allocUnsafe(READ_CHUNK_BYTES);
      for (;;) {
        const { bytesRead } = await reader.read(chunk, 0, chunk.length, position);
        if (bytesRead === 0) break;
        lastByte = chunk[bytesRead - 1]!;
        let data = chunk.subarray(0, bytesRead);
        if (carry.length > 0) data = Buffer.concat([carry, data]);
        const dataStart = carry.length > 0 ? carryStart : position;
        let from = 0;
        for (let newline = data.indexOf(0x0a); newline !== -1; newline = data.indexOf(0x0a, from)) {
          take(data.subarray(from, newline), dataStart + from, dataStart + newline + 1);
          from = newline + 1;
        }
        carry = Buffer.from(data.subarray(from));
        carryStart = dataStart + from;
        position += bytesRead;
      }
      // A last line without its newline: whole (kept, the next write starts on a fresh line) or torn.
      if (carry.length > 0) take(carry, carryStart, position);
    } finally {
      await reader.close();
    }
    return { exists: true, bytes: position, endsMidLine: this.#length === position && lastByte !== null && lastByte !== 0x0a };
  }

  get size(): number {
    return this.#offsets.size;
  }

  async get(sha256: string, endpoint: string): Promise<JournalEntry | undefined> {
    const key = indexKey(sha256, endpoint);
    for (const offset of this.#offsets.offsets(key)) {
      const entry = parseJournalEntry(await this.#readLine(offset));
      if (entry?.sha256 === sha256 && entry.endpoint === endpoint) return entry;
      // Another entry whose key folds to the same 64 bits is passed over; any other line means the file moved.
      const other = entry && indexKey(entry.sha256, entry.endpoint);
      if (other?.hi !== key.hi || other.lo !== key.lo) {
        throw new UploadError('UPLOAD_JOURNAL', `The upload journal ${this.path} changed while in use (line at byte ${offset}): stop other runs writing to the same output folder`);
      }
    }
    return undefined;
  }

  async #readLine(offset: number): Promise<string> {
    const reader = await open(this.path, 'r');
    try {
      const parts: Buffer[] = [];
      for (let position = offset; ; ) {
        const buffer = Buffer.allocUnsafe(8192);
        const { bytesRead } = await reader.read(buffer, 0, buffer.length, position);
        const newline = buffer.subarray(0, bytesRead).indexOf(0x0a);
        parts.push(buffer.subarray(0, newline === -1 ? bytesRead : newline));
        if (newline !== -1 || bytesRead === 0) break;
        position += bytesRead;
      }
      return Buffer.concat(parts).toString('utf8');
    } finally {
      await reader.close();
    }
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
      const lines = batch.map((item) => `${JSON.stringify(item.entry)}\n`);
      const prefix = this.#needsNewline ? '\n' : '';
      try {
        await this.#handle!.appendFile(prefix + lines.join(''), 'utf8');
        await this.#handle!.datasync();
        this.#needsNewline = false;
        let offset = this.#length + prefix.length;
        batch.forEach((item, i) => {
          this.#offsets.add(indexKey(item.entry.sha256, item.entry.endpoint), offset);
          offset += Buffer.byteLength(lines[i]!);
          item.resolve();
        });
        this.#length = offset;
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
