import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { inPieces } from './write.js';

/** Items held in memory before they go to disk as one sorted run: ~7 MB of summary rows (~0.7 kB each). */
const DEFAULT_RUN_ITEMS = 10_000;

/** Where a spill keeps its runs inside an output folder; removed when the spill is disposed. */
export const SPILL_FOLDER = '.voicegate-tmp';

/**
 * A collection that yields its items sorted by `key`, holding at most `runItems` of them in memory: every
 * `runItems` added are sorted and written as a run of JSON lines, and reading merges the runs (an external
 * merge sort). The summary rows of a million-input batch (~1 kB each) would otherwise take a gigabyte of heap.
 * Keys must be unique (paths are): equal keys come out in no particular order.
 */
export class SortedSpill<T> {
  private buffer: T[] = [];
  private readonly runs: string[] = [];
  private readonly dir: string;
  private writing: Promise<void> = Promise.resolve();
  private added = 0;

  constructor(
    outFolder: string,
    private readonly key: (item: T) => string,
    private readonly runItems = DEFAULT_RUN_ITEMS,
  ) {
    this.dir = path.join(outFolder, SPILL_FOLDER, `${process.pid}-${randomBytes(4).toString('hex')}`);
  }

  get size(): number {
    return this.added;
  }

  /** Resolves once the item is held (in memory, or on disk when it completed a run). */
  add(item: T): Promise<void> {
    this.buffer.push(item);
    this.added++;
    if (this.buffer.length < this.runItems) return this.writing;
    const run = this.sortedBuffer();
    this.buffer = [];
    const file = path.join(this.dir, `run-${String(this.runs.length).padStart(5, '0')}.jsonl`);
    this.runs.push(file);
    this.writing = this.writing.then(async () => {
      await mkdir(this.dir, { recursive: true });
      await writeFile(file, inPieces(run.map((item) => `${JSON.stringify(item)}\n`)));
    });
    return this.writing;
  }

  /** Every item added so far, in key order. May be read more than once. */
  async *sorted(): AsyncGenerator<T> {
    await this.writing;
    const sources: Array<AsyncIterator<T>> = [arrayIterator(this.sortedBuffer().slice()), ...this.runs.map(readRun<T>)];
    try {
      const heads: Array<{ item: T; key: string } | null> = [];
      for (const source of sources) heads.push(await this.next(source));
      for (;;) {
        let best = -1;
        for (let i = 0; i < heads.length; i++) {
          const head = heads[i];
          if (head && (best < 0 || head.key < heads[best]!.key)) best = i;
        }
        if (best < 0) return;
        yield heads[best]!.item;
        heads[best] = await this.next(sources[best]!);
      }
    } finally {
      // A reader that stopped early leaves no run file open.
      await Promise.all(sources.map((source) => source.return?.()));
    }
  }

  /** Removes the runs on disk. */
  async dispose(): Promise<void> {
    await this.writing.catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
    await rmdir(path.dirname(this.dir)).catch(() => undefined); // fails while another spill still uses it
  }

  /** The in-memory items, sorted in place (cheap when nothing was added since the last read). */
  private sortedBuffer(): T[] {
    return this.buffer.sort((a, b) => {
      const [x, y] = [this.key(a), this.key(b)];
      return x < y ? -1 : x > y ? 1 : 0;
    });
  }

  private async next(source: AsyncIterator<T>): Promise<{ item: T; key: string } | null> {
    const step = await source.next();
    return step.done ? null : { item: step.value, key: this.key(step.value) };
  }
}

async function* arrayIterator<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

async function* readRun<T>(file: string): AsyncGenerator<T> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) if (line) yield JSON.parse(line) as T;
}

/**
 * Removes the runs a killed process left in `outFolder` (its pid no longer runs on this machine). For one
 * machine's own output folder: a folder shared by several machines cannot tell another host's pids.
 */
export async function removeStaleSpills(outFolder: string): Promise<void> {
  const root = path.join(outFolder, SPILL_FOLDER);
  const entries = await readdir(root).catch(() => [] as string[]);
  for (const name of entries) {
    const pid = Number(name.split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isRunning(pid)) await rm(path.join(root, name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
