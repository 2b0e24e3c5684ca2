import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { voicegate } from '../helpers/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const ARTIFACTS = path.resolve('test/artifacts');

interface Row {
  relativePath: string;
  verdict: 'pass' | 'fixed' | 'reject';
  errors: string[];
  warnings: string[];
  outputs: number;
  outputsAccepted: number;
}

if (!existsSync(CHROMIUM)) {
  console.warn(`test/browser/report.test.ts skipped: no ${CHROMIUM} (install it with "apt-get install -y chromium"; .ci/run does)`);
}

describe.skipIf(!existsSync(CHROMIUM))('the HTML report of samples/ in headless Chromium', () => {
  let out: string;
  let rows: Row[];
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const network: string[] = [];

  beforeAll(async () => {
    out = await mkdtemp(path.join(tmpdir(), 'voicegate-browser-'));
    const run = await voicegate(['run', 'samples/', '--out', out, '--html', '--quiet', '--concurrency', '2']);
    expect(run.stdout).toMatch(/report: .*report\.html/);
    rows = (await readFile(path.join(out, 'summary.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Row);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    // Anything but a local file is a leak: the page must work offline.
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
      network.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(path.join(out, 'report.html')).href);
    await mkdir(ARTIFACTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  const shownRows = () => page.locator('#spacer .tr');
  const countText = async (key: string) => Number((await page.locator(`[data-count="${key}"] .n`).textContent())!.replace(/,/g, ''));

  it('shows the overview numbers of summary.jsonl', async () => {
    expect(await countText('files')).toBe(rows.length);
    for (const verdict of ['pass', 'fixed', 'reject'] as const) expect(await countText(verdict), verdict).toBe(rows.filter((r) => r.verdict === verdict).length);
    const fired = new Set(rows.flatMap((r) => [...r.errors, ...r.warnings]));
    expect(fired.size).toBeGreaterThan(3);
    for (const id of fired) {
      const text = (await page.locator(`[data-rule-row="${id}"] .c`).textContent())!;
      const errorsN = rows.filter((r) => r.errors.includes(id)).length;
      const warningsN = rows.filter((r) => r.warnings.includes(id)).length;
      expect(text, id).toBe([errorsN ? `${errorsN} err` : '', warningsN ? `${warningsN} warn` : ''].filter(Boolean).join(' · '));
    }
    // Histogram bars of SNR hold every input that has an SNR.
    const bars = await page.locator('svg.hist').first().locator('rect.bar title').allTextContents();
    const inBars = bars.reduce((sum, t) => sum + Number(/: (\d+) file/.exec(t)![1]), 0);
    expect(inBars).toBe(rows.length - (await page.locator('details.numbers').first().locator('tr', { hasText: 'not measured' }).count()));
    expect(await page.locator('svg.hist .limit').count()).toBeGreaterThan(0);
  });

  it('lists every input and fixed output, and filters by verdict, text and rule', async () => {
    const outputs = rows.reduce((n, r) => n + r.outputs, 0);
    await expect.poll(() => page.locator('#f-count').textContent()).toBe(`${rows.length + outputs} of ${rows.length + outputs} rows`);
    await page.selectOption('#f-verdict', 'r');
    const rejected = rows.filter((r) => r.verdict === 'reject').length + rows.reduce((n, r) => n + r.outputs - r.outputsAccepted, 0);
    await expect.poll(() => shownRows().count()).toBe(rejected);
    expect(new Set(await page.locator('#spacer .tr .badge').allTextContents())).toEqual(new Set(['reject']));
    await page.selectOption('#f-verdict', '');
    await page.fill('#f-text', 'clipped');
    await expect.poll(() => shownRows().count()).toBe(rows.filter((r) => r.relativePath.includes('clipped')).length);
    await page.click('#f-clear');
    await page.click('[data-rule="min-snr"]');
    await expect.poll(() => shownRows().count()).toBe(rows.filter((r) => r.errors.includes('min-snr') || r.warnings.includes('min-snr')).length);
    await page.click('#f-clear');
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-overview.png'), fullPage: true });
    await page.evaluate('window.scrollTo(0, 0)');
    // docs/report-screenshot.png (the README's picture) is a copy of this one, refreshed by hand.
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-top.png') });
  });

  it('sorts by a column and moves through the rows with the keyboard', async () => {
    await page.click('[data-sort="snrDb"] button');
    const first = await shownRows().first().locator('.num').nth(1).textContent();
    const snrs = rows.map((r) => (r as unknown as { snrDb: number | null }).snrDb).filter((v): v is number => v !== null);
    // Sorted descending on the first click; outputs are rows too, so compare with the largest of all shown.
    expect(Number(first)).toBeGreaterThanOrEqual(Math.max(...snrs) - 0.05);
    await page.focus('#rows');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator('#spacer .tr.active').getAttribute('data-pos')).toBe('1');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#detail').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('#detail').isVisible()).toBe(false);
  });

  it('opens a file detail with pictures, marks, limits and players whose files exist', async () => {
    await page.fill('#f-text', 'long-take');
    const takes = rows.find((r) => r.relativePath.includes('long-take'))!;
    await expect.poll(() => shownRows().count()).toBe(1 + takes.outputs);
    await page.locator('#spacer .tr:not(.out)').click();
    const detail = page.locator('#detail');
    await expect.poll(() => detail.locator('h2').textContent()).toMatch(/librispeech-2414-long-take\.wav/);
    const images = detail.locator('.timeline img');
    expect(await images.count()).toBe(2);
    await expect.poll(() => images.evaluateAll((imgs) => imgs.every((i) => (i as unknown as { complete: boolean }).complete && (i as unknown as { naturalWidth: number }).naturalWidth === 960))).toBe(true);
    expect(await detail.locator('.timeline').first().locator('.m.k-cut').count()).toBeGreaterThan(0);
    expect(await detail.locator('table.plain tbody tr', { hasText: 'max-duration' }).textContent()).toMatch(/≤ 30\.00 s/);
    const sources = await detail.locator('audio').evaluateAll((els) => els.map((a) => (a as unknown as { src: string }).src));
    expect(sources).toHaveLength(3); // the original and its two fixed outputs
    for (const src of sources) expect(existsSync(new URL(src)), src).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-detail.png') });
  });

  it('ran without script errors or network requests', () => {
    expect(errors).toEqual([]);
    expect(network).toEqual([]);
  });
});
