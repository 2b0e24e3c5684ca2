import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { voicegate, type CliResult } from '../helpers/cli.js';

/** Three clips of four LibriSpeech readers (test/fixtures/speech); one clip of 3080 is put in 1688's folder. */
const READERS: Record<string, string[]> = {
  '1688': ['1688-142285-0003', '1688-142285-0004', '1688-142285-0005'],
  '3080': ['3080-5032-0000', '3080-5032-0001', '3080-5032-0003'],
  '3331': ['3331-159605-0001', '3331-159605-0002', '3331-159605-0003'],
  '367': ['367-130732-0001', '367-130732-0004', '367-130732-0008'],
};
const MOVED = { clip: '3080-5032-0003', into: '1688' };

interface Row {
  relativePath: string;
  verdict: string;
  errors: string[];
  warnings: string[];
  speaker: string | null;
  speakerSimilarity: number | null;
}

async function speakerFolder(root: string): Promise<void> {
  for (const [reader, clips] of Object.entries(READERS)) {
    for (const clip of clips) {
      const folder = path.join(root, 'speakers', clip === MOVED.clip ? MOVED.into : reader);
      await mkdir(folder, { recursive: true });
      await copyFile(path.resolve('test/fixtures/speech', `${clip}.wav`), path.join(folder, `${clip}.wav`));
    }
  }
}

const readRows = async (out: string): Promise<Row[]> =>
  (await readFile(path.join(out, 'summary.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Row);

describe('speaker consistency on LibriSpeech readers through the real pipeline (built-in server embeddings)', () => {
  let root: string;
  let result: CliResult;
  let rows: Row[];

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'voicegate-speakers-'));
    await speakerFolder(root);
    result = await voicegate(['run', path.join(root, 'speakers'), '--out', path.join(root, 'out'), '--speaker-from', 'dir', '--html', '--quiet', '--concurrency', '2']);
    rows = await readRows(path.join(root, 'out'));
  }, 180_000);

  it('flags the moved clip, and no other, as a speaker-outlier warning in the summary', () => {
    expect(rows).toHaveLength(12);
    // Every clip was accepted (passed or fixed), so every one has an embedding and a similarity.
    expect(rows.every((r) => r.verdict !== 'reject' && r.speakerSimilarity !== null)).toBe(true);
    console.info(`similarity to the group: ${rows.map((r) => `${path.basename(r.relativePath)} ${r.speakerSimilarity!.toFixed(3)}`).join(', ')}`);
    const flagged = rows.filter((r) => r.warnings.includes('speaker-outlier') || r.errors.includes('speaker-outlier'));
    expect(flagged.map((r) => path.basename(r.relativePath))).toEqual([`${MOVED.clip}.wav`]);
    expect(flagged[0]!.warnings).toContain('speaker-outlier');
    expect(result.stdout).toMatch(/1 outlier/);
  });

  it('writes the finding and the speaker section into the JSON report', async () => {
    const row = rows.find((r) => r.relativePath.endsWith(`${MOVED.clip}.wav`))!;
    const report = JSON.parse(await readFile(path.join(root, 'out', 'reports', `${row.relativePath}.json`), 'utf8'));
    const finding = report.findings.find((f: { ruleId: string }) => f.ruleId === 'speaker-outlier');
    expect(finding).toMatchObject({ severity: 'warning', metric: 'speakerSimilarity' });
    expect(finding.value).toBeLessThan(finding.threshold);
    expect(report.speaker.group).toMatch(/speakers\/1688$/);
    expect(report.speaker.clips[0].outlier).toBe(true);
    // The moved clip sits clearly below its new group's own clips.
    const own = rows.filter((r) => r.speaker === row.speaker && r !== row).map((r) => r.speakerSimilarity!);
    expect(Math.min(...own) - row.speakerSimilarity!).toBeGreaterThan(0.03);
  });

  it('rejects the moved clip when the preset makes speaker-outlier an error', async () => {
    const preset = path.join(root, 'strict.json');
    const dataset = JSON.parse(await readFile('pipelines/dataset.json', 'utf8'));
    await writeFile(preset, JSON.stringify({ ...dataset, $schema: undefined, name: 'strict-speakers', speakers: { outlier: 'error' } }));
    const out = path.join(root, 'out-strict');
    const strict = await voicegate(['run', path.join(root, 'speakers'), '--out', out, '--pipeline', preset, '--speaker-from', 'dir', '--quiet', '--concurrency', '2']);
    expect(strict.code).toBe(1);
    const rejected = (await readRows(out)).filter((r) => r.verdict === 'reject');
    expect(rejected.map((r) => [path.basename(r.relativePath), r.errors])).toEqual([[`${MOVED.clip}.wav`, ['speaker-outlier']]]);
  }, 180_000);

  it('shows the groups and the outlier on the HTML page', async () => {
    const html = await readFile(path.join(root, 'out', 'report.html'), 'utf8');
    expect(html).toContain('Speaker consistency');
    expect(html).toMatch(/<svg class="scatter"/);
    expect(html.match(/class="dot outlier"/g)).toHaveLength(1);
  });
});
