// Opens a `ladder report` page in headless Chromium (playwright-core, Debian's /usr/bin/chromium)
// and fails unless: every diagram drew one SVG node per component, every chart drew marks, the
// console stayed free of errors, and the page made no network request (only file: and data:).
// Saves a full-page screenshot, or with HEIGHT only the page's top HEIGHT pixels (the README's).
// Usage: node browser.mjs PAGE.html SCREENSHOT.png [HEIGHT]
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', '..', 'web', 'package.json'));
const { chromium } = require('playwright-core');

const [page_file, shot, top] = process.argv.slice(2);
if (!page_file || !shot) {
  console.error('usage: node browser.mjs PAGE.html SCREENSHOT.png');
  process.exit(2);
}
const failures = [];
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith('file:') && !u.startsWith('data:')) failures.push(`network request: ${u}`);
  });
  page.on('console', (m) => { if (m.type() === 'error') failures.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => failures.push(`page error: ${e.message}`));
  await page.goto(pathToFileURL(path.resolve(page_file)).href, { waitUntil: 'load' });
  try {
    await page.waitForFunction(() => document.body.dataset.rendered, null, { timeout: 60000 });
  } catch (e) {
    failures.push(`the page did not finish rendering in 60 s (${e.message.split('\n')[0]})`);
  }
  const state = await page.evaluate(() => document.body.dataset.rendered || 'nothing');
  if (state !== 'ok') failures.push(`page says rendering ended in '${state}'`);

  const diagrams = await page.$$eval('div.diagram', (ds) => ds.map((d) => ({
    expected: Number(d.dataset.nodes),
    nodes: d.querySelectorAll('svg g.node').length,
    labels: Array.from(d.querySelectorAll('svg g.node')).map((n) => n.textContent.trim().slice(0, 40)),
  })));
  if (diagrams.length === 0) failures.push('no diagram in the page');
  diagrams.forEach((d, i) => {
    if (!(d.expected > 0) || d.nodes !== d.expected)
      failures.push(`diagram ${i}: ${d.nodes} SVG nodes, expected ${d.expected} (${d.labels.join(' | ')})`);
  });
  const charts = await page.$$eval('div.chart', (cs) => cs.map((c) => ({
    id: c.id,
    svg: c.querySelectorAll('svg').length,
    marks: c.querySelectorAll('svg g.role-mark > path, svg g.role-mark > line, svg g.role-mark > text, svg g.role-mark > g').length,
  })));
  if (charts.length === 0) failures.push('no chart in the page');
  for (const c of charts)
    if (c.svg === 0 || c.marks === 0) failures.push(`chart ${c.id}: ${c.svg} svg, ${c.marks} marks drawn`);
  if (top) await page.screenshot({ path: shot, clip: { x: 0, y: 0, width: 1100, height: Number(top) }, fullPage: true });
  else await page.screenshot({ path: shot, fullPage: true });
  console.log(`${page_file}: ${diagrams.length} diagram(s) [${diagrams.map((d) => d.nodes).join(', ')} nodes], ` +
              `${charts.length} charts, screenshot ${shot}`);
} finally {
  await browser.close();
}
if (failures.length) {
  for (const f of failures) console.error(`FAIL: ${f}`);
  process.exit(1);
}
