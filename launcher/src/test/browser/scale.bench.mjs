// The page with many edges (scripts/bench-dashboard): first render, then the cost of each update
// (header, table, charts; measured inside the page) and of the JSON the page fetches.
//   node scale.bench.mjs <page URL with ?token=> <seconds>
import { chromium } from 'playwright-core';

const [pageUrl, seconds] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const sizes = [];
  page.on('response', async (r) => {
    if (r.url().endsWith('/api/edges')) sizes.push((await r.body()).length);
  });
  const started = Date.now();
  await page.goto(pageUrl);
  await page.waitForFunction(() => document.querySelectorAll('#edges tbody tr').length > 0
    && window.fleetUpdateMs.length > 0, null, { timeout: 60_000 });
  const rows = await page.locator('#edges tbody tr').count();
  console.log(`rows ${rows}, first render ${Date.now() - started} ms after navigation`);
  await page.waitForTimeout(Number(seconds) * 1000);
  const updates = await page.evaluate(() => window.fleetUpdateMs);
  const sorted = [...updates].sort((a, b) => a - b);
  console.log(`update of header+table+charts: median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms,`
    + ` max ${sorted[sorted.length - 1].toFixed(1)} ms over the last ${sorted.length} polls`);
  console.log(`GET /api/edges: ${(sizes[sizes.length - 1] / 1024).toFixed(0)} KiB of JSON per poll`);
  const heap = await page.evaluate(() => performance.memory ? performance.memory.usedJSHeapSize : -1);
  console.log(`page JS heap ${(heap / 1048576).toFixed(1)} MiB`);
  await page.screenshot({ path: process.env.SCREENSHOT || 'scale.png' });
} finally {
  await browser.close();
}
