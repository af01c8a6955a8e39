// The dashboard as a person uses it, in headless Debian chromium driven by Playwright.
// Run by fleet.web.DashboardE2E against a running 3-edge fleet:
//   node dashboard.e2e.mjs <page URL with ?token=> <screenshot.png>
// Exits 0 when every step held; otherwise prints what it saw and exits 1.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const [pageUrl, screenshot] = process.argv.slice(2);
if (!pageUrl || !screenshot) {
  console.error('usage: node dashboard.e2e.mjs <page URL with ?token=> <screenshot.png>');
  process.exit(2);
}
const origin = new URL(pageUrl).origin;
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const STEP_MS = 30_000;

// The flags that keep Chromium off the network it cannot reach (it would retry Google's hosts).
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const problems = [];
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 700 } });
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console error: ' + m.text()); });
  page.on('request', (r) => { if (!r.url().startsWith(origin)) problems.push('request elsewhere: ' + r.url()); });

  await page.goto(pageUrl);
  const rows = page.locator('#edges tbody tr[data-edge]');
  await waitFor(async () => (await rows.count()) === 3, 'three rows');
  assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.edge)), ['edge0', 'edge1', 'edge2']);
  assert.ok(!page.url().includes('token='), 'the token left the address bar: ' + page.url());
  await waitFor(async () => (await page.locator('#t-online').textContent()) === '3', 'header: 3 online');
  await waitFor(async () => (await page.locator('#t-healthy').textContent()) === '3', 'header: 3 healthy');
  assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('td.c-openems').textContent)),
    ['ok', 'ok', 'ok'], "OpenEMS's view: the test edge's _sum State");
  await waitFor(async () => (await page.locator('#connection').textContent()) === 'live', 'live updates');
  console.log('page: 3 rows, 3 online');

  // restart edge1 from the page: the row says so while it runs, then shows a newer state
  const edge1 = page.locator('tr[data-edge="edge1"]');
  const sinceBefore = await edge1.locator('td.c-state small').textContent();
  await page.evaluate(() => {
    window.seenStates = [];
    const cell = document.querySelector('tr[data-edge="edge1"] td.c-state');
    new MutationObserver(() => window.seenStates.push(cell.textContent))
      .observe(cell, { subtree: true, childList: true, characterData: true });
  });
  await edge1.locator('button[data-action="restart"]').click();
  await waitFor(async () => (await page.locator('#status').textContent()) === 'edge1: restart done', 'restart done');
  await waitFor(async () => {
    const text = await edge1.locator('td.c-state').textContent();
    return text.startsWith('ACTIVE') && !text.includes('…')
      && (await edge1.locator('td.c-state small').textContent()) !== sinceBefore;
  }, 'edge1 ACTIVE again, since a newer time');
  const seen = await page.evaluate(() => window.seenStates);
  assert.ok(seen.some((s) => s.includes('restarting…')), 'the row showed the restart: ' + JSON.stringify(seen));
  console.log('restart: ' + sinceBefore + ' -> ' + await edge1.locator('td.c-state small').textContent()
    + '; seen ' + JSON.stringify([...new Set(seen)]));
  await waitFor(async () => (await edge1.getAttribute('class')) === 'ok', 'edge1 online again');

  // stop edge2: STOPPED, found by the state filter; then start it again
  const edge2 = page.locator('tr[data-edge="edge2"]');
  await edge2.locator('button[data-action="stop"]').click();
  await waitFor(async () => (await edge2.locator('td.c-state').textContent()).startsWith('STOPPED'), 'edge2 STOPPED');
  await page.selectOption('#filter', 'STOPPED');
  assert.deepEqual(await page.locator('#edges tbody tr[data-edge]:not([hidden])').evaluateAll(
    (trs) => trs.map((tr) => tr.dataset.edge)), ['edge2'], 'the filter shows the stopped edge only');
  assert.equal(await page.locator('#shown').textContent(), '1 of 3 shown');
  await page.selectOption('#filter', 'all');
  await edge2.locator('button[data-action="start"]').click();
  await waitFor(async () => (await edge2.locator('td.c-state').textContent()).startsWith('ACTIVE'), 'edge2 ACTIVE');
  console.log('stop and start: edge2 STOPPED, filtered, ACTIVE again');

  // charts are drawn on their canvases
  const inked = await page.evaluate(() => {
    const canvas = document.getElementById('chart-online');
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let count = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) count++;
    return count;
  });
  assert.ok(inked > 100, 'the online chart has something drawn: ' + inked + ' pixels');

  await waitFor(async () => (await page.locator('#t-online').textContent()) === '3'
    && (await rows.evaluateAll((trs) => trs.every((tr) => tr.className === 'ok'))), 'all 3 online again');
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log('screenshot: ' + screenshot);
  assert.deepEqual(problems, [], 'no errors on the page and nothing fetched from elsewhere');
  console.log('dashboard e2e: ok');
} catch (e) {
  console.error('dashboard e2e failed: ' + (e.stack || e));
  if (problems.length) console.error(problems.join('\n'));
  process.exitCode = 1;
} finally {
  await browser.close();
}

async function waitFor(condition, what) {
  const deadline = Date.now() + STEP_MS;
  let last;
  while (Date.now() < deadline) {
    try {
      if (await condition()) return;
    } catch (e) {
      last = e;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('not within ' + STEP_MS / 1000 + ' s: ' + what + (last ? ' (' + last.message + ')' : ''));
}
