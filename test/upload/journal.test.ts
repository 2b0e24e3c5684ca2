import { mkdtemp, readFile, rm, stat, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { Journal, type JournalEntry } from '../../src/upload/journal.js';

const ENDPOINT = 'https://api.example.com';
const entry = (n: number, endpoint = ENDPOINT): JournalEntry => ({
  sha256: n.toString(16).padStart(64, '0'),
  endpoint,
  id: `voice_${n}`,
  embedding: Array.from({ length: 192 }, (_, i) => (i + n) / 1000),
  uploadedAt: new Date(0).toISOString(),
});
const line = (n: number): string => `${JSON.stringify(entry(n))}\n`;

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'voicegate-journal-'));
  path = join(dir, 'upload-journal.jsonl');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

test('entries survive a reopen, keyed by content hash and endpoint', async () => {
  const journal = await Journal.open(path);
  await journal.append(entry(1));
  await journal.append(entry(2, 'https://other.example.com'));
  await journal.close();
  const reopened = await Journal.open(path, { readOnly: true });
  expect(reopened.size).toBe(2);
  expect(await reopened.get(entry(1).sha256, ENDPOINT)).toEqual(entry(1));
  expect(await reopened.get(entry(2).sha256, ENDPOINT)).toBeUndefined();
  expect((await reopened.get(entry(2).sha256, 'https://other.example.com'))?.id).toBe('voice_2');
});

test('entries are read back from the file, also right after they were appended and across load chunks', async () => {
  // ~1.3 kB per line: 1,000 lines span two of the loader's 1 MiB chunks, so one line straddles the boundary.
  await writeFile(path, Array.from({ length: 1000 }, (_, n) => line(n)).join(''));
  expect((await stat(path)).size).toBeGreaterThan(1 << 20);
  const journal = await Journal.open(path);
  expect(journal.size).toBe(1000);
  await Promise.all([journal.append(entry(1000)), journal.append(entry(1001))]);
  for (let n = 0; n <= 1001; n++) expect(await journal.get(entry(n).sha256, ENDPOINT)).toEqual(entry(n));
  await journal.close();
  const reopened = await Journal.open(path, { readOnly: true });
  expect(reopened.size).toBe(1002);
  expect(await reopened.get(entry(1001).sha256, ENDPOINT)).toEqual(entry(1001));
});

test('parallel appends are all written whole, one line each', async () => {
  const journal = await Journal.open(path);
  await Promise.all(Array.from({ length: 200 }, (_, n) => journal.append(entry(n))));
  await journal.close();
  const lines = (await readFile(path, 'utf8')).split('\n');
  expect(lines.pop()).toBe('');
  expect(lines).toHaveLength(200);
  expect(new Set(lines.map((l) => (JSON.parse(l) as JournalEntry).id)).size).toBe(200);
});

test('a torn last line (kill -9 mid-write) is ignored, then cut off before new lines are appended', async () => {
  const torn = line(3).slice(0, 57);
  await writeFile(path, line(1) + line(2) + torn);
  const readOnly = await Journal.open(path, { readOnly: true });
  expect(readOnly.size).toBe(2);
  expect((await stat(path)).size).toBe(Buffer.byteLength(line(1) + line(2) + torn));

  const journal = await Journal.open(path);
  expect(journal.size).toBe(2);
  await journal.append(entry(4));
  await journal.close();
  expect(await readFile(path, 'utf8')).toBe(line(1) + line(2) + line(4));
});

test('a last line without its newline but whole is kept, and the next line starts on a fresh line', async () => {
  await writeFile(path, line(1) + line(2).trimEnd());
  const journal = await Journal.open(path);
  expect(journal.size).toBe(2);
  await journal.append(entry(3));
  await journal.close();
  expect(await readFile(path, 'utf8')).toBe(line(1) + line(2) + line(3));
});

test('a bad line before the end is damage, not a torn write: refused with its line number', async () => {
  await writeFile(path, line(1) + '{"oops"\n' + line(2));
  await expect(Journal.open(path)).rejects.toMatchObject({ code: 'UPLOAD_JOURNAL', message: expect.stringContaining('line 2') });
});

test('readOnly never creates the file', async () => {
  const journal = await Journal.open(path, { readOnly: true });
  expect(journal.size).toBe(0);
  await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
  await expect(journal.append(entry(1))).rejects.toMatchObject({ code: 'UPLOAD_JOURNAL' });
});

test('blank lines are skipped', async () => {
  await writeFile(path, `${line(1)}\n\n`);
  await appendFile(path, line(2));
  expect((await Journal.open(path, { readOnly: true })).size).toBe(2);
});

test('two hashes whose index keys collide are told apart by the full hash, and a later duplicate line wins', async () => {
  // Words 0 and 2 (and 1 and 3) fold together by XOR: swapping them keeps the 64-bit key, changes the hash.
  const words = ['0123abcd', '89abcdef', 'fedc0123', '76543210', '00000000', '11111111', '22222222', '33333333'];
  const a = words.join('');
  const b = [words[2], words[3], words[0], words[1], ...words.slice(4)].join('');
  const journal = await Journal.open(path);
  await journal.append({ ...entry(1), sha256: a, id: 'voice_a' });
  await journal.append({ ...entry(2), sha256: b, id: 'voice_b' });
  await journal.append({ ...entry(3), sha256: a, id: 'voice_a_again' });
  expect((await journal.get(b, ENDPOINT))?.id).toBe('voice_b');
  expect((await journal.get(a, ENDPOINT))?.id).toBe('voice_a_again');
  await journal.close();
  const reopened = await Journal.open(path, { readOnly: true });
  expect((await reopened.get(b, ENDPOINT))?.id).toBe('voice_b');
  expect((await reopened.get(a, ENDPOINT))?.id).toBe('voice_a_again');
  expect(await reopened.get(a, 'https://other.example.com')).toBeUndefined();
});

test('the index keeps every entry through its growth (5,000 entries, looked up after a reopen)', async () => {
  await writeFile(path, Array.from({ length: 5000 }, (_, n) => line(n)).join(''));
  const journal = await Journal.open(path, { readOnly: true });
  expect(journal.size).toBe(5000);
  for (const n of [0, 1, 1023, 1024, 2047, 4999]) expect((await journal.get(entry(n).sha256, ENDPOINT))?.id).toBe(`voice_${n}`);
  expect(await journal.get(entry(5000).sha256, ENDPOINT)).toBeUndefined();
});
