import { randomUUID } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

export const EMBEDDINGS_FILE = 'embeddings.jsonl';

/** One line of `<out>/embeddings.jsonl`. */
export interface EmbeddingRow {
  path: string;
  sha256: string;
  id: string;
  embedding: number[];
}

/** Lines written per call: a million clips' lines (~4 kB each) would not fit in one string. */
const LINES_PER_WRITE = 512;

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
    let batch: string[] = [];
    for await (const { path: clipPath, sha256, id, embedding } of rows) {
      batch.push(`${JSON.stringify({ path: clipPath, sha256, id, embedding })}\n`);
      if (batch.length < LINES_PER_WRITE) continue;
      await handle.writeFile(batch.join(''), 'utf8');
      batch = [];
    }
    if (batch.length > 0) await handle.writeFile(batch.join(''), 'utf8');
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
