import { randomUUID } from 'node:crypto';
import { open, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inPieces } from '../report/write.js';

export const EMBEDDINGS_FILE = 'embeddings.jsonl';

/** One line of `<out>/embeddings.jsonl`. */
export interface EmbeddingRow {
  path: string;
  sha256: string;
  id: string;
  embedding: number[];
}

async function* lines(rows: Iterable<EmbeddingRow> | AsyncIterable<EmbeddingRow>): AsyncGenerator<string> {
  for await (const { path, sha256, id, embedding } of rows) yield `${JSON.stringify({ path, sha256, id, embedding })}\n`;
}

/** Orders rows by path, so the same batch always writes the same file. */
export function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/**
 * Writes `<out>/embeddings.jsonl` whole (temp file, fsync, rename), one line per clip that has an embedding
 * (uploaded now or found in the journal). Rewritten each run so a resumed run does not repeat lines; the
 * journal, not this file, is the durable record. Rows may come one at a time (read back from the journal), and
 * are written in batches of lines, never as one string.
 */
export async function writeEmbeddingsJsonl(outDir: string, rows: Iterable<EmbeddingRow> | AsyncIterable<EmbeddingRow>): Promise<string> {
  const path = join(outDir, EMBEDDINGS_FILE);
  const temp = `${path}.${randomUUID()}.tmp`;
  const handle = await open(temp, 'w');
  try {
    await writeFile(handle, inPieces(lines(rows)), 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, path);
  return path;
}
