// One summary model: every format rendered from one report gives the same numbers — findings, findings by
// severity, and distinct credentials (by fingerprint) by lifetime class — and a merge counts a credential found
// in two repositories once.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatters } from '../../src/report/index.js';
import { reportCounts } from '../../src/report/counts.js';
import { grouped, plural } from '../../src/report/common.js';
import { materializeDemo } from '../../src/commands/demo.js';
import { runCli } from '../../src/testing/cli.js';
import { SEVERITIES, type Report } from '../../src/model/report.js';

const ctx = { color: false, quiet: false, debug: false };

async function demoReport(): Promise<Report> {
  const dir = materializeDemo(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-counts-')), 'demo'));
  const r = await runCli(['scan', dir, '-f', 'json', '--jobs', '1', '--exit-zero']);
  return JSON.parse(r.stdout) as Report;
}

test('every format reports the same findings, severities and distinct credentials', async () => {
  const report = await demoReport();
  const fingerprints = new Set(report.findings.filter((f) => f.credential).map((f) => f.credential!.fingerprint));
  const withCredential = report.findings.filter((f) => f.credential).length;
  assert.ok(fingerprints.size < withCredential, 'precondition: one credential is found in several places');
  const model = reportCounts(report);
  assert.equal(model.findings, report.findings.length);
  assert.equal(model.credentials, fingerprints.size);

  const text = formatters.text!(report, ctx);
  const md = formatters.markdown!(report, ctx);
  const html = formatters.html!(report, ctx);
  const csv = formatters.csv!(report, ctx);
  const sarif = JSON.parse(formatters.sarif!(report, ctx)) as { runs: { results: { level: string }[] }[] };
  const json = JSON.parse(formatters.json!(report, ctx)) as Report;

  // Findings.
  assert.equal(Number(/^(\d+) findings?/m.exec(text)![1]), model.findings, 'text');
  assert.equal(Number(/\*\*(\d+)\*\* findings?/.exec(md)![1]), model.findings, 'markdown');
  assert.equal(Number(/<div class="n">(\d+)<\/div><div class="l">findings<\/div>/.exec(html)![1]), model.findings, 'html');
  assert.equal(csv.trim().split('\r\n').length - 1, model.findings, 'csv rows');
  assert.equal(sarif.runs[0]!.results.length, model.findings, 'sarif results');
  assert.equal(json.findings.length, model.findings, 'json');

  // Findings by severity.
  for (const s of SEVERITIES) {
    const n = model.bySeverity[s];
    if (n) assert.match(text, new RegExp(`\\b${n} ${s}\\b`), `text ${s}`);
    assert.match(html, new RegExp(`<div class="card sev-${s}"><div class="n">${n}</div><div class="l">${s}</div>`), `html ${s}`);
    assert.equal(json.summary.bySeverity[s] ?? 0, n, `json ${s}`);
  }
  const mdRow = md.split('\n')[md.split('\n').findIndex((l) => l.startsWith('| 🔴') || /\| \S+ critical \|/.test(l)) + 2]!;
  assert.deepEqual(mdRow.split('|').slice(1, -1).map((x) => Number(x.trim())), SEVERITIES.map((s) => model.bySeverity[s]), 'markdown severity row');

  // Distinct credentials and their lifetime classes.
  assert.match(text, new RegExp(`\\b${model.credentials} credentials \\(`), 'text');
  assert.match(md, new RegExp(`; ${model.credentials} credentials \\(`), 'markdown');
  assert.equal(Number(/<div class="n">(\d+)<\/div><div class="l">credentials found<\/div>/.exec(html)![1]), model.credentials, 'html');
  for (const [cls, n] of Object.entries(model.credentialsByLifetime)) {
    if (!n) continue;
    assert.match(text, new RegExp(`\\b${cls} ${n}\\b`), `text ${cls}`);
    assert.match(md, new RegExp(`\\| ${cls} \\| ${n} \\|`), `markdown ${cls}`);
    assert.match(html, new RegExp(`<div class="n">${n}</div><div class="l">${cls} credentials</div>`), `html ${cls}`);
  }
});

test('merge counts a credential found in two repositories once', async () => {
  const report = await demoReport();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-counts-merge-'));
  fs.writeFileSync(path.join(dir, 'a.json'), JSON.stringify(report));
  fs.writeFileSync(path.join(dir, 'b.json'), JSON.stringify(report));
  const out = path.join(dir, 'org.json');
  const merged = await runCli(['merge', `api=${path.join(dir, 'a.json')}`, `web=${path.join(dir, 'b.json')}`, '--format', 'json', '--output', out]);
  assert.equal(merged.code, 0, merged.stderr);
  const m = JSON.parse(fs.readFileSync(out, 'utf8')) as Report;
  const one = reportCounts(report);
  const both = reportCounts(m);
  assert.equal(both.credentials, one.credentials, 'the same credentials in two repositories are counted once');
  const mdOut = path.join(dir, 'org.md');
  await runCli(['merge', `api=${path.join(dir, 'a.json')}`, `web=${path.join(dir, 'b.json')}`, '--format', 'markdown', '--output', mdOut]);
  assert.match(fs.readFileSync(mdOut, 'utf8'), new RegExp(`\\b${one.credentials}\\b`));
});

test('counts are grouped in thousands exactly as toLocaleString(en-US) writes them', () => {
  for (const n of [0, 1, 7, 999, 1000, 1001, 12_345, 999_999, 1_000_000, 103_404, -1, -1234, 2 ** 53 - 1, 0.5, 1234.5678]) {
    assert.equal(grouped(n), n.toLocaleString('en-US'), String(n));
  }
  assert.equal(plural(103_404, 'file'), '103,404 files');
  assert.equal(plural(1, 'repository', 'repositories'), '1 repository');
});
