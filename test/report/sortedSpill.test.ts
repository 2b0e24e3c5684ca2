import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SPILL_FOLDER, SortedSpill, removeStaleSpills } from '../../src/report/sortedSpill.js';
import { seededRandom } from '../../src/server/prng.js';

interface Item {
  path: string;
  n: number;
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'voicegate-spill-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** 2,345 items with unique keys in a seeded random order. */
function shuffledItems(): Item[] {
  const random = seededRandom(7);
  const items = Array.from({ length: 2345 }, (_, n) => ({ path: `speaker-${n % 7}/take-${String(n).padStart(5, '0')}.wav`, n }));
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

describe('SortedSpill', () => {
  it('yields every item once, in key order, from runs on disk and the rest in memory, as often as asked', async () => {
    const items = shuffledItems();
    const spill = new SortedSpill<Item>(dir, (item) => item.path, 200);
    for (const item of items) await spill.add(item);
    expect(spill.size).toBe(items.length);
    const [folder] = await readdir(join(dir, SPILL_FOLDER));
    // 2,345 items in runs of 200: 11 runs on disk, 145 items still in memory.
    expect(await readdir(join(dir, SPILL_FOLDER, folder!))).toHaveLength(11);
    const expected = items.map((i) => i.path).sort();
    expect((await collect(spill.sorted())).map((i) => i.path)).toEqual(expected);
    expect((await collect(spill.sorted())).map((i) => i.n)).toEqual(expected.map((p) => Number(/take-(\d+)/.exec(p)![1])));
    await spill.dispose();
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps everything in memory below one run, and adds made at once all land', async () => {
    const items = shuffledItems().slice(0, 150);
    const spill = new SortedSpill<Item>(dir, (item) => item.path, 200);
    await Promise.all(items.map((item) => spill.add(item)));
    expect(await readdir(dir)).toEqual([]);
    expect((await collect(spill.sorted())).map((i) => i.path)).toEqual(items.map((i) => i.path).sort());
    const concurrent = new SortedSpill<Item>(dir, (item) => item.path, 64);
    const all = shuffledItems();
    await Promise.all(all.map((item) => concurrent.add(item)));
    expect((await collect(concurrent.sorted())).map((i) => i.path)).toEqual(all.map((i) => i.path).sort());
    await concurrent.dispose();
    await spill.dispose();
  });

  it('a reader that stops early can be followed by a full read, and dispose leaves no folder', async () => {
    const spill = new SortedSpill<Item>(dir, (item) => item.path, 100);
    for (const item of shuffledItems()) await spill.add(item);
    for await (const item of spill.sorted()) {
      expect(item.path).toBe('speaker-0/take-00000.wav');
      break;
    }
    expect(await collect(spill.sorted())).toHaveLength(2345);
    await spill.dispose();
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('removeStaleSpills', () => {
  it('removes the runs of a process that no longer runs, and keeps those of one that does', async () => {
    const { spawnSync } = await import('node:child_process');
    const { mkdir, writeFile } = await import('node:fs/promises');
    const deadPid = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const dead = join(dir, SPILL_FOLDER, `${deadPid}-0000abcd`);
    const alive = join(dir, SPILL_FOLDER, `${process.ppid}-0000abcd`);
    for (const folder of [dead, alive]) {
      await mkdir(folder, { recursive: true });
      await writeFile(join(folder, 'run-00000.jsonl'), '{}\n');
    }
    await removeStaleSpills(dir);
    expect(await readdir(join(dir, SPILL_FOLDER))).toEqual([`${process.ppid}-0000abcd`]);
  });
});
