import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { EMBEDDINGS_FILE, writeEmbeddingsJsonl, type EmbeddingRow } from '../../src/upload/index.js';

test('writes one line per row, replacing the previous file, leaving no temp file behind', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'voicegate-emb-'));
  const row = (n: number): EmbeddingRow => ({ path: `clips/${n}.wav`, sha256: String(n).repeat(64).slice(0, 64), id: `voice_${n}`, embedding: [n, n / 2] });
  await writeEmbeddingsJsonl(dir, [row(1), row(2), row(3)]);
  const path = await writeEmbeddingsJsonl(dir, [row(4), row(5)]);
  expect(path).toBe(join(dir, EMBEDDINGS_FILE));
  const lines = (await readFile(path, 'utf8')).split('\n');
  expect(lines.pop()).toBe('');
  expect(lines.map((l) => JSON.parse(l) as EmbeddingRow)).toEqual([row(4), row(5)]);
  expect(await readdir(dir)).toEqual([EMBEDDINGS_FILE]);
  await rm(dir, { recursive: true, force: true });
});

test('writes more rows than one batch holds, every line in order', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'voicegate-emb-'));
  const rows = Array.from({ length: 1300 }, (_, n): EmbeddingRow => ({ path: `clips/${n}.wav`, sha256: 'a'.repeat(64), id: `voice_${n}`, embedding: [n, n + 0.5] }));
  const path = await writeEmbeddingsJsonl(dir, rows);
  const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
  expect(lines.map((l) => JSON.parse(l) as EmbeddingRow)).toEqual(rows);
  await rm(dir, { recursive: true, force: true });
});
