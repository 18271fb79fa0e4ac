// Snapshot tests: every format rendered from a fixed (seeded) report, with the scan root and times normalised.
// A change in output shows up as a diff here. To accept an intended change:
//   UPDATE_SNAPSHOTS=1 node --test dist/test/report/snapshots.test.js
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatCsv } from '../../src/report/csv.js';
import { formatHtml } from '../../src/report/html.js';
import { formatJunit } from '../../src/report/junit.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import { formatSarif } from '../../src/report/sarif.js';
import { formatFrameworkReport } from '../../src/report/framework-report.js';
import { mergeReports } from '../../src/report/merge.js';
import type { Report } from '../../src/model/report.js';
import { repoRoot } from '../../src/testing/paths.js';
import { sampleCatalogs, sampleReport } from './sample-report.js';

const SNAPSHOT_DIR = path.join(repoRoot(), 'test', 'fixtures', 'report', 'snapshots');
const ctx = { color: false, quiet: false, debug: false, frameworks: sampleCatalogs() };

/** Replace what differs between runs and machines: the scan root, timestamps and durations. */
export function normalise(text: string, root: string): string {
  let out = text;
  if (root) out = out.split(root).join('<ROOT>');
  return out
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<TIME>')
    .replace(/\btime="[\d.]+"/g, 'time="<T>"')
    .replace(/"durationMs": \d+/g, '"durationMs": <T>');
}

function check(name: string, actual: string): void {
  const file = path.join(SNAPSHOT_DIR, name);
  if (process.env.UPDATE_SNAPSHOTS === '1' || !existsSync(file)) {
    mkdirSync(SNAPSHOT_DIR, { recursive: true });
    writeFileSync(file, actual);
    if (process.env.UPDATE_SNAPSHOTS !== '1') assert.fail(`snapshot ${name} was missing and has been written; review and commit it`);
    return;
  }
  const expected = readFileSync(file, 'utf8');
  assert.equal(actual, expected, `snapshot ${name} differs (UPDATE_SNAPSHOTS=1 to accept)`);
}

function fixed(): Report {
  const { report } = sampleReport({ seed: 20261128, extraFindings: 3 });
  // A real scan would have a machine-specific root and times: make them look like one.
  report.root = '/home/runner/work/agent/agent';
  report.summary.durationMs = 4321;
  report.findings[3]!.context!.commit!.authorTime = '2026-11-28T10:00:00Z';
  return report;
}

const renders: [string, (r: Report) => string][] = [
  ['report.sarif', (r) => formatSarif(r, ctx)],
  ['report.md', (r) => formatMarkdown(r, ctx)],
  ['report.junit.xml', (r) => formatJunit(r, ctx)],
  ['report.csv', (r) => formatCsv(r, ctx)],
  ['report.html', (r) => formatHtml(r, ctx)],
  ['framework-nhi.md', (r) => formatFrameworkReport(r, 'owasp-nhi-2025', 'markdown', ctx)],
  ['framework-asi.md', (r) => formatFrameworkReport(r, 'owasp-asi-2026', 'markdown', ctx)],
];

for (const [name, render] of renders) {
  test(`snapshot: ${name}`, () => {
    const report = fixed();
    check(name, normalise(render(report), report.root));
  });
}

test('snapshot: merged markdown', () => {
  const a = fixed();
  const b = fixed();
  b.root = '/home/runner/work/other/other';
  const merged = mergeReports([
    { name: 'agent', report: a },
    { name: 'other', report: b },
  ]);
  check('merged.md', normalise(formatMarkdown(merged, ctx), ''));
});

test('normalise replaces roots and times', () => {
  assert.equal(normalise('/tmp/x/a.ts at 2026-01-01T00:00:00.123Z time="1.5"', '/tmp/x'), '<ROOT>/a.ts at <TIME> time="<T>"');
});
