// Memory bounded by what is scanned, not by what is found: reuse is recorded once per credential (a group
// the findings point to), and the JSON report is written in pieces. Before, one secret repeated 2,000 times
// was 476 MB of JSON (every finding listed every place) and 5,000 times failed with "Invalid string length".
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, writeTree } from '../../src/testing/cli.js';
import { fakeToken } from '../../src/testing/fake-tokens.js';
import { formatJson, formatJsonChunks } from '../../src/report/json.js';
import { sampleReport } from '../report/sample-report.js';
import { runScan } from '../../src/pipeline/scan.js';
import { scrubDeep } from '../../src/detect/scrub.js';
import { formatChunks, formatters } from '../../src/report/index.js';
import { sarifSchemaPath } from '../report/sarif-tools.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Finding, Report } from '../../src/model/report.js';
import { TEXT_MAX_ENTRIES } from '../../src/report/text.js';
import { HTML_MAX_ROWS } from '../../src/report/html.js';
import { MARKDOWN_LIMIT } from '../../src/report/markdown.js';

test('one secret repeated 2,000 times: reuse is one group, the report grows linearly', { timeout: 120_000 }, async () => {
  const token = fakeToken('stripe-live', 2000);
  const dir = writeTree({ 'keys.txt': Array.from({ length: 2000 }, (_, i) => `k${i} = "${token}"`).join('\n') + '\n' });
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-mem-')), 'r.json');
  try {
    const r = await runCli(['scan', dir, '--no-config', '-o', `json=${out}`, '--exit-zero']);
    assert.equal(r.code, 0, r.stderr);
    const bytes = fs.statSync(out).size;
    const report = JSON.parse(fs.readFileSync(out, 'utf8')) as Report;
    // One credential in one file is one finding with all its occurrences (repeats in a file are not reuse).
    const found = report.findings.filter((f) => f.ruleId === 'stripe-live-secret-key');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.occurrences?.length, 2000);
    for (const f of report.findings) {
      if (!f.context?.reuse) continue;
      assert.equal(f.context.reuse.group, report.reuse![0]!.id);
      assert.equal(f.context.reuse.count, 2000);
      assert.ok(f.context.reuse.locations.length <= 5);
    }
    // Linear: a few bytes an occurrence (was ~240 KB a finding).
    assert.ok(bytes < 2000 * 12_000, `${bytes} bytes`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
});

test('the JSON report written in pieces is the same text as formatJson', () => {
  for (const extra of [0, 3, 250]) {
    const { report } = sampleReport({ extraFindings: extra });
    assert.equal([...formatJsonChunks(report)].join(''), formatJson(report));
  }
  const empty = { schemaVersion: 1, findings: [], bindings: [] } as unknown as Report;
  assert.equal([...formatJsonChunks(empty)].join(''), formatJson(empty));
});

test('findings with the same framework controls and factors share them (memory per finding, not copies)', async () => {
  const tokens = [fakeToken('github-pat', 31), fakeToken('github-pat', 32)];
  const dir = writeTree({ 'a.txt': `A_TOKEN = "${tokens[0]}"\n`, 'b.txt': `B_TOKEN = "${tokens[1]}"\n` });
  try {
    const report = await runScan({ paths: [dir], config: false });
    const [a, b] = report.findings.filter((f) => f.ruleId === report.findings[0]!.ruleId);
    assert.ok(a && b && a.frameworks.length > 0);
    assert.equal(a.frameworks, b.frameworks, 'one shared list of framework references');
    assert.ok(Object.isFrozen(a.frameworks) && Object.isFrozen(a.frameworks[0]));
    assert.equal(a.factors.find((x) => x.name === 'afterlife'), b.factors.find((x) => x.name === 'afterlife'), 'one shared factor');
    // The report JSON is unchanged by the sharing: each finding still lists its references in full.
    const json = JSON.parse(formatJson(report)) as Report;
    assert.deepEqual(json.findings[0]!.frameworks, [...report.findings[0]!.frameworks].map((r) => ({ ...r })));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the scrubber copies a shared frozen object it has to change, and leaves the shared one alone', () => {
  const shared = Object.freeze({ name: 'reuse', effect: 5, detail: 'bound as SECRET' });
  const other = Object.freeze({ name: 'afterlife', effect: 1, detail: 'fine' });
  const findings = [{ factors: [shared, other] }, { factors: [shared, other] }];
  scrubDeep(findings, (s) => s.replace('SECRET', '…'));
  assert.equal(shared.detail, 'bound as SECRET');
  assert.equal(findings[0]!.factors[0]!.detail, 'bound as …');
  assert.equal(findings[0]!.factors[0], findings[1]!.factors[0], 'one copy for every place it was shared');
  assert.equal(findings[0]!.factors[1], other, 'unchanged objects stay shared');
});

test('SARIF, CSV and JUnit written in pieces: the same text as the whole-string formatters, one finding per piece', (t) => {
  const ctx = { color: false, quiet: false, debug: false };
  for (const extra of [0, 3, 250]) {
    const { report } = sampleReport({ extraFindings: extra, seed: 21 + extra });
    for (const format of ['json', 'sarif', 'csv', 'junit']) {
      const chunks = [...formatChunks(format, report, ctx)];
      const text = chunks.join('');
      assert.equal(text, formatters[format]!(report, ctx), `${format} with ${extra} extra findings`);
      // Really in pieces: no piece holds more than a few findings' worth of text.
      if (extra === 250) {
        assert.ok(chunks.length > report.findings.length, `${format}: ${chunks.length} pieces`);
        assert.ok(Math.max(...chunks.map((c) => c.length)) < text.length / 20, `${format}: largest piece`);
      }
    }
    // SARIF in pieces is exactly JSON.stringify of the log it describes (the whole-string serialisation).
    const sarif = [...formatChunks('sarif', report, ctx)].join('');
    assert.equal(sarif, JSON.stringify(JSON.parse(sarif), null, 2) + '\n');
    assert.equal((JSON.parse(sarif) as { runs: { results: unknown[] }[] }).runs[0]!.results.length, report.findings.length);
  }
  const schemaFile = sarifSchemaPath();
  if (!schemaFile) return t.skip('SARIF schema not installed (npm @microsoft/sarif-multitool)');
  const validate = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
  const { report } = sampleReport({ extraFindings: 250 });
  assert.ok(validate(JSON.parse([...formatChunks('sarif', report, ctx)].join(''))), JSON.stringify(validate.errors, null, 2));
});

test('text, HTML and Markdown are bounded: they list the most severe findings and say how many were left out and where the rest are', () => {
  const ctx = { color: false, quiet: false, debug: false };
  const { report } = sampleReport({ seed: 5 });
  const secret = report.findings.find((f) => f.kind === 'secret')!;
  // 12,000 findings in distinct files (secrets are never folded): more than any human format lists.
  report.findings = Array.from({ length: 12_000 }, (_, i) => ({ ...secret, file: `pkg/f${i}.env`, severity: i < 10 ? 'critical' : 'low' }) as Finding);
  const text = formatters.text!(report, ctx);
  assert.match(text, new RegExp(`… 11,000 more findings not listed here \\(the ${TEXT_MAX_ENTRIES} most severe entries are above; --format json or csv lists all 12000\\)`));
  assert.equal(text.match(/^CRITICAL /gm)?.length, 10, 'the most severe are listed first');
  assert.ok(text.length < 2_000_000, `${text.length} characters of text`);

  const html = [...formatChunks('html', report, ctx)].join('');
  assert.equal(html, formatters.html!(report, ctx), 'the HTML in pieces is the same page');
  assert.match(html, /Showing the 10,000 most severe findings of 12,000; 2,000 more are left out of this page\. The JSON and CSV reports/);
  assert.equal(html.match(/<tr( class="hidden")? data-severity=/g)?.length, HTML_MAX_ROWS);

  const md = formatters.markdown!(report, ctx);
  assert.ok(md.length <= MARKDOWN_LIMIT);
  assert.match(md, /Truncated: showing \d+ of 12000 findings .* `--format json` or `--format csv` lists all of them/);
});
