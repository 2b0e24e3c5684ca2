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

/**
 * Writes `<out>/embeddings.jsonl` whole (temp file, fsync, rename), one line per clip that has an embedding
 * (uploaded now or found in the journal). Rewritten each run so a resumed run does not repeat lines; the
 * journal, not this file, is the durable record.
 */
export async function writeEmbeddingsJsonl(outDir: string, rows: readonly EmbeddingRow[]): Promise<string> {
  const path = join(outDir, EMBEDDINGS_FILE);
  const temp = `${path}.${randomUUID()}.tmp`;
  const text = rows.map(({ path: clipPath, sha256, id, embedding }) => `${JSON.stringify({ path: clipPath, sha256, id, embedding })}\n`).join('');
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(text, 'utf8');
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
