// Text output for people: most severe first, a one-line fix under each finding, lines that fit the terminal
// without breaking words, a compact scorecard, a short answer for a clean repository and a closing hint;
// without a terminal nothing is wrapped, so scripts always see the same lines.
import test from 'node:test';
import assert from 'node:assert/strict';
import { formatText } from '../../src/report/text.js';
import { SEVERITIES, type Report } from '../../src/model/report.js';
import { sampleReport } from './sample-report.js';
import { runCli, writeTree } from '../../src/testing/cli.js';

const ctx = { color: false, quiet: false, debug: false };
const HEAD = /^(CRITICAL|HIGH|MEDIUM|LOW|INFO) +(\S+):(\d+):\d+ /;

test('findings are sorted by severity, then file, each with its message and a one-line fix', () => {
  const { report } = sampleReport({ seed: 7, extraFindings: 4 });
  const text = formatText(report, ctx);
  const heads = text.split('\n').filter((l) => HEAD.test(l)).map((l) => HEAD.exec(l)!);
  assert.equal(heads.length, report.findings.length);
  const keys = heads.map((m) => [SEVERITIES.indexOf(m[1]!.toLowerCase() as never), m[2]!] as const);
  for (let i = 1; i < keys.length; i++) {
    const [a, b] = [keys[i - 1]!, keys[i]!];
    assert.ok(a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]), `order at ${i}: ${heads[i - 1]![0]} before ${heads[i]![0]}`);
  }
  const withFix = report.findings.filter((f) => f.remediation.trim()).length;
  assert.equal(text.split('\n').filter((l) => /^ {10}fix: /.test(l)).length, withFix, 'one fix line per finding with a remediation');
  for (const l of text.split('\n').filter((x) => /^ {10}fix: /.test(x))) assert.ok(!/\.\s+[A-Z]/.test(l.slice(15)), `one sentence: ${l}`);
  assert.match(text, new RegExp(`credlife explain ${report.findings.find((f) => f.severity === heads[0]![1]!.toLowerCase())!.ruleId}`));
});

test('on a terminal lines fit the width and never break a word; without one nothing is wrapped', () => {
  const { report } = sampleReport({ seed: 7, extraFindings: 4 });
  const plain = formatText(report, ctx);
  const words = new Set(plain.split(/\s+/).filter((w) => w.length > 1 && w.length < 60));
  for (const width of [80, 160]) {
    const text = formatText(report, { ...ctx, width });
    const lines = text.split('\n');
    assert.ok(lines.filter((l) => /^ {10}fix: /.test(l)).every((l) => l.length <= width), 'each fix stays on one line');
    for (const l of lines) {
      // A single word longer than the width (a path) may overflow; nothing else does.
      if (l.length > width) assert.ok(!l.trim().includes(' ') || l.trim().split(' ').some((w) => w.length > width - 12), `${width}: ${l}`);
    }
    for (const w of text.split(/\s+/).filter((x) => x.length > 1 && x.length < 60 && !x.endsWith('…'))) assert.ok(words.has(w), `${width}: "${w}" is a whole word of the unwrapped output`);
  }
  // Not a terminal: one head line per finding whatever its length, stable for scripts.
  assert.ok(plain.split('\n').some((l) => l.length > 80), 'the unwrapped output keeps long lines');
  assert.notEqual(formatText(report, { ...ctx, width: 80 }), plain, 'a terminal of 80 columns wraps them');
  assert.equal(formatText(report, ctx), plain);
});

test('a clean repository gets a short answer: no findings, a one-line scorecard, the gate', async () => {
  const dir = writeTree({ 'src/a.ts': 'export const x = 1;\n', 'README.md': '# nothing\n' });
  const r = await runCli(['scan', dir, '--jobs', '1']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').filter(Boolean);
  assert.ok(lines.length <= 5, r.stdout);
  assert.match(r.stdout, /^Controls scorecard: 5 unknown/m);
  assert.match(r.stdout, /^0 findings$/m);
  assert.match(r.stdout, /Gate passed/);
  assert.doesNotMatch(r.stdout, /credlife explain/);
  const verbose = await runCli(['scan', dir, '--jobs', '1', '--verbose']);
  assert.match(verbose.stdout, /next: /, '--verbose explains each control');
});

test('the report order of JSON is untouched (text sorts for reading only)', () => {
  const { report } = sampleReport({ seed: 7, extraFindings: 4 });
  const before = JSON.stringify(report.findings);
  formatText(report as Report, { ...ctx, width: 80 });
  assert.equal(JSON.stringify(report.findings), before);
});
