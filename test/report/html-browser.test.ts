// Loads the HTML report in a real headless Chromium (Debian's `chromium`, driven by playwright-core), with
// no network: checks that findings and framework sections render without console errors, clicks a filter,
// and keeps a screenshot under test-output/report/. Skips with a message when no browser is installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatHtml } from '../../src/report/html.js';
import { formatFrameworkReport } from '../../src/report/framework-report.js';
import { repoRoot } from '../../src/testing/paths.js';
import { sampleReport } from './sample-report.js';

const BROWSERS = [process.env.CREDLIFE_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(
  (p): p is string => Boolean(p),
);
const browserPath = BROWSERS.find((p) => existsSync(p));
const skip = browserPath ? false : 'no Chromium found (install Debian package "chromium", or set CREDLIFE_CHROMIUM)';

async function openPage(htmlFile: string) {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(path.join(os.tmpdir(), 'credlife-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: browserPath!,
    headless: true,
    offline: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
    viewport: { width: 1400, height: 1000 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  // Nothing but the report file itself may be fetched.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    requests.push(url);
    return url.startsWith('file:') ? route.continue() : route.abort();
  });
  await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { page, consoleErrors, requests, close };
}

test('html: renders in Chromium with working filters and no console errors', { skip, timeout: 120_000 }, async () => {
  const outDir = path.join(repoRoot(), 'test-output', 'report');
  mkdirSync(outDir, { recursive: true });
  const { report } = sampleReport({ extraFindings: 30 });
  const file = path.join(outDir, 'report.html');
  writeFileSync(file, formatHtml(report, { color: false, quiet: false, debug: false }));

  const { page, consoleErrors, requests, close } = await openPage(file);
  try {
    const rows = page.locator('#findings-table tbody tr');
    assert.equal(await rows.count(), report.findings.length);
    for (const id of ['owasp-asi-2026', 'owasp-nhi-2025', 'csa-maestro', 'nist-ai-rmf']) {
      const section = page.locator(`section.framework[data-framework="${id}"]`);
      assert.equal(await section.count(), 1, `section for ${id}`);
      assert.ok((await section.locator('tr.fw-control').count()) > 0, `controls for ${id}`);
    }
    assert.equal(await page.locator('section.framework[data-framework="owasp-nhi-2025"] tr[data-control="NHI7"]').getAttribute('data-status'), 'fail');
    assert.equal(await page.locator('#binding-graph path').count() > 0, true, 'binding graph has edges');
    assert.equal(await page.locator('#scorecard tbody tr').count(), report.scorecard!.length);
    // The scorecard renders visibly: status cards, each control's status, its evidence as text (no markup).
    assert.ok(await page.locator('#scorecard .card.sc-missing').isVisible());
    for (const e of report.scorecard!) assert.equal(await page.locator(`#scorecard tr[data-control="${e.control}"]`).getAttribute('data-status'), e.status);
    const scorecardText = await page.locator('#scorecard').innerText();
    assert.ok(scorecardText.includes('src/<script>alert(1)</script>.ts:12'), 'hostile evidence path shown as text');
    assert.ok(scorecardText.includes('src/tools/deploy.ts:30'));
    assert.equal(await page.locator('#scorecard script, #scorecard b').count(), 0);
    // Hostile file names and messages are shown as text, never as markup.
    assert.equal(await page.locator('#findings-table img').count(), 0);
    assert.equal(await page.locator('#findings-table script').count(), 0);
    assert.ok((await page.locator('#findings-table').innerText()).includes('<script>alert(1)</script>'));

    const critical = report.findings.filter((f) => f.severity === 'critical').length;
    await page.click('button[data-filter-severity="critical"]');
    assert.equal(await page.locator('#findings-table tbody tr:not(.hidden)').count(), critical);
    assert.match((await page.locator('#filter-count').innerText()) ?? '', new RegExp(`^${critical} of ${report.findings.length} shown`));
    await page.click('button[data-filter-severity="critical"]');
    await page.fill('#filter-text', 'stripe');
    assert.equal(await page.locator('#findings-table tbody tr:not(.hidden)').count(), 1);
    await page.fill('#filter-text', '');
    await page.click('#findings-table th:nth-child(2)'); // sort by score, ascending
    const first = await page.locator('#findings-table tbody tr').first().locator('td').nth(1).innerText();
    assert.equal(Number(first), Math.min(...report.findings.map((f) => f.score)));
    await page.click('button[data-filter-severity="high"]');
    await page.screenshot({ path: path.join(outDir, 'report.png'), fullPage: true });

    assert.deepEqual(consoleErrors, []);
    assert.ok(requests.every((u) => u.startsWith('file:')), `no network: ${requests.join(', ')}`);
  } finally {
    await close();
  }
});

test('html: long tables page with "Show more"', { skip, timeout: 120_000 }, async () => {
  const outDir = path.join(repoRoot(), 'test-output', 'report');
  mkdirSync(outDir, { recursive: true });
  const { report } = sampleReport({ extraFindings: 600 });
  const file = path.join(outDir, 'report-long.html');
  writeFileSync(file, formatHtml(report, { color: false, quiet: false, debug: false }));
  const { page, consoleErrors, close } = await openPage(file);
  try {
    const visible = page.locator('#findings-table tbody tr:not(.hidden)');
    assert.equal(await visible.count(), 500);
    assert.equal(await page.locator('#show-more').isVisible(), true);
    await page.click('#show-more');
    assert.equal(await visible.count(), report.findings.length);
    assert.equal(await page.locator('#show-more').isVisible(), false);
    await page.fill('#filter-text', 'pkg-1');
    const matching = report.findings.filter((f) => f.file.includes('pkg-1')).length;
    assert.equal(await visible.count(), matching);
    assert.deepEqual(consoleErrors, []);
  } finally {
    await close();
  }
});

test('html: framework report renders in Chromium', { skip, timeout: 120_000 }, async () => {
  const outDir = path.join(repoRoot(), 'test-output', 'report');
  mkdirSync(outDir, { recursive: true });
  const { report } = sampleReport();
  const file = path.join(outDir, 'framework-nhi.html');
  writeFileSync(file, formatFrameworkReport(report, 'owasp-nhi-2025', 'html'));
  const { page, consoleErrors, close } = await openPage(file);
  try {
    assert.equal(await page.locator('section.framework[data-framework="owasp-nhi-2025"] tr.fw-control').count() >= 10, true);
    await page.screenshot({ path: path.join(outDir, 'framework-nhi.png'), fullPage: true });
    assert.deepEqual(consoleErrors, []);
  } finally {
    await close();
  }
});

if (skip) test('html: browser test skipped', () => console.log(`# skipped browser test: ${skip}`));
