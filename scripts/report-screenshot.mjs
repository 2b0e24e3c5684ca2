#!/usr/bin/env node
// Refreshes docs/report-screenshot.png (the README's picture) from out/samples/report.html: run
// `npm run samples` first. Needs Debian's chromium (/usr/bin/chromium) and playwright-core (a dev dependency).
import path from 'node:path';
import { chromium } from 'playwright-core';

const page = path.resolve(process.argv[2] ?? 'out/samples/report.html');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const tab = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await tab.goto(`file://${page}`);
  await tab.screenshot({ path: 'docs/report-screenshot.png' });
  console.log(`wrote docs/report-screenshot.png from ${page}`);
} finally {
  await browser.close();
}
