import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { csvCell, formatCsv, CSV_COLUMNS } from '../../src/report/csv.js';
import { formatJunit, xmlEscape } from '../../src/report/junit.js';
import { formatMarkdown, MARKDOWN_LIMIT, mdCode, mdText } from '../../src/report/markdown.js';
import { esc, formatHtml, HTML_CSP } from '../../src/report/html.js';
import { formatSarif } from '../../src/report/sarif.js';
import { formatFrameworkReport, FRAMEWORK_REPORT_IDS } from '../../src/report/framework-report.js';
import { mergeReports } from '../../src/report/merge.js';
import { formatDuration } from '../../src/report/common.js';
import { failsGate } from '../../src/policy/gate.js';
import type { Report } from '../../src/model/report.js';
import { repoRoot } from '../../src/testing/paths.js';
import { sampleReport } from './sample-report.js';

const ctx = { color: false, quiet: false, debug: false };

/** Every renderer of a report, as the CLI can produce them (framework reports included). */
function allOutputs(report: Report): Record<string, string> {
  const out: Record<string, string> = {
    sarif: formatSarif(report, ctx),
    html: formatHtml(report, ctx),
    markdown: formatMarkdown(report, ctx),
    junit: formatJunit(report, ctx),
    csv: formatCsv(report, ctx),
  };
  for (const id of FRAMEWORK_REPORT_IDS) {
    out[`framework-${id}.md`] = formatFrameworkReport(report, id, 'markdown', ctx);
    out[`framework-${id}.html`] = formatFrameworkReport(report, id, 'html', ctx);
  }
  return out;
}

/** A minimal RFC 4180 parser (quoted fields, doubled quotes, CRLF rows). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += ch;
  }
  return rows;
}

test('no format ever contains a raw secret value', () => {
  const { report, secrets } = sampleReport({ extraFindings: 40 });
  const merged = mergeReports([
    { name: 'a', report },
    { name: 'b', report: structuredClone(report) },
  ]);
  for (const r of [report, merged]) {
    for (const [name, text] of Object.entries(allOutputs(r))) {
      for (const s of secrets) {
        assert.ok(!text.includes(s), `${name} contains a raw secret`);
        assert.ok(!text.includes(s.slice(4, 20)), `${name} contains part of a raw secret`);
      }
    }
  }
});

test('csv: one row per finding, RFC 4180 quoting, formula injection neutralised', () => {
  const { report } = sampleReport();
  const text = formatCsv(report);
  const rows = parseCsv(text);
  assert.deepEqual(rows[0], [...CSV_COLUMNS]);
  assert.equal(rows.length, report.findings.length + 1);
  for (const r of rows) assert.equal(r.length, CSV_COLUMNS.length);
  const fileCol = CSV_COLUMNS.indexOf('file');
  const files = rows.slice(1).map((r) => r[fileCol]);
  assert.ok(files.includes(`'=HYPERLINK("http://example.invalid")`), 'formula cell gets a leading apostrophe');
  assert.ok(files.includes('config/old,settings.yaml'));
  for (const r of rows.slice(1)) for (const cell of r) assert.doesNotMatch(cell, /^[=+\-@]/);
  assert.ok(rows.slice(1).some((r) => r[CSV_COLUMNS.indexOf('frameworks')]!.includes('owasp-nhi-2025:NHI7')));
  assert.equal(csvCell('-1+2'), "'-1+2");
  assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvCell(-5), '-5', 'numbers are numbers');
  assert.equal(csvCell('a"b'), '"a""b"');
  assert.equal(csvCell('line\nbreak'), '"line\nbreak"');
});

test('junit: one case per rule × file, failures at or above the gate, consistent counts', () => {
  const { report } = sampleReport();
  const xml = formatJunit(report);
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
  const cases = xml.match(/<testcase /g) ?? [];
  const pairs = new Set(report.findings.map((f) => `${f.ruleId}|${f.file}`));
  assert.equal(cases.length, pairs.size);
  // The gate's own decision: at or above high, or an afterlife above the report's 1h limit (the unbounded slack token).
  const gateOpts = { failOn: report.summary.gate!.failOn, maxAfterlifeSeconds: report.summary.gate!.maxAfterlifeSeconds };
  const failing = new Set(report.findings.filter((f) => failsGate(f, gateOpts).failed).map((f) => `${f.ruleId}|${f.file}`));
  assert.ok(failing.has('slack-bot-token|config/old,settings.yaml'), 'a medium finding over the afterlife limit fails');
  assert.equal((xml.match(/<failure /g) ?? []).length, failing.size);
  assert.match(xml, new RegExp(`<testsuites name="credlife" tests="${pairs.size}" failures="${failing.size}"`));
  assert.ok(!xml.includes('<script>'), 'markup in file names is escaped');
  // Gate threshold comes from the report.
  report.summary.gate!.failOn = 'info';
  assert.equal((formatJunit(report).match(/<failure /g) ?? []).length, pairs.size);
  // Control characters are shown as visible escapes (never raw, and never a character XML cannot carry).
  assert.equal(xmlEscape('a\u0001<b>&"\''), 'a\\u0001&lt;b&gt;&amp;&quot;&apos;');
  assert.equal(xmlEscape('x\u202Ey'), 'x\\u202ey');
  const empty = formatJunit({ ...report, findings: [] });
  assert.match(empty, /tests="1" failures="0"/);
});

test('junit: valid against the JUnit XSD (xmllint, when installed)', (t) => {
  const probe = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
  if (probe.error) return t.skip('xmllint not installed (Debian package libxml2-utils)');
  const dir = path.join(repoRoot(), 'test-output', 'report');
  mkdirSync(dir, { recursive: true });
  const xsd = path.join(repoRoot(), 'test', 'fixtures', 'report', 'junit.xsd');
  for (const [name, report] of [
    ['sample', sampleReport({ extraFindings: 10 }).report],
    ['empty', { ...sampleReport().report, findings: [] }],
  ] as [string, Report][]) {
    const file = path.join(dir, `${name}.junit.xml`);
    writeFileSync(file, formatJunit(report));
    const r = spawnSync('xmllint', ['--noout', '--schema', xsd, file], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  }
});

test('markdown: compact summary, escaped, under the comment limit for thousands of findings', () => {
  const { report } = sampleReport();
  const md = formatMarkdown(report);
  assert.match(md, /## credlife/);
  assert.match(md, /Gate failed/);
  assert.match(md, /### Top findings/);
  assert.match(md, /### Afterlife/);
  assert.match(md, /### Controls scorecard/);
  // Outside code spans (which GitHub shows literally), no markup from file names or messages survives.
  const prose = md.replace(/(`+)[^`]*?\1/g, '');
  assert.ok(!prose.includes('<script>'), 'no raw HTML from file names');
  assert.ok(!prose.includes('<img'), 'no raw HTML from messages');

  const big = sampleReport({ extraFindings: 5000 }).report;
  const long = formatMarkdown(big);
  assert.ok(long.length <= MARKDOWN_LIMIT, `length ${long.length}`);
  assert.match(long, /Truncated: showing \d+ of 5006 findings/);
  assert.equal((long.match(/<details>/g) ?? []).length, (long.match(/<\/details>/g) ?? []).length, 'details balanced');

  assert.equal(mdText('a|b <c> @team'), 'a\\|b &lt;c&gt; @\u200bteam');
  assert.equal(mdCode('x`y'), '``x`y``');
});

test('html: self-contained, strict CSP, everything escaped', () => {
  const { report } = sampleReport();
  const html = formatHtml(report, ctx);
  assert.match(html, /^<!doctype html>/);
  assert.ok(html.includes(`content="${esc(HTML_CSP)}"`));
  assert.match(HTML_CSP, /default-src 'none'/);
  assert.doesNotMatch(HTML_CSP, /unsafe/);
  assert.doesNotMatch(html, /<(script|link|img|iframe)[^>]+(src|href)=/i, 'no external resources');
  assert.doesNotMatch(html, /@import|url\(/i);
  assert.equal((html.match(/<script>/g) ?? []).length, 1, 'only the page script');
  assert.ok(!html.includes('<script>alert(1)'), 'file name escaped');
  assert.ok(!html.includes('<img src=x'), 'message escaped');
  assert.ok(!html.includes('<b>evil</b>'), 'tool name escaped');
  for (const id of ['owasp-asi-2026', 'owasp-nhi-2025', 'csa-maestro', 'nist-ai-rmf']) assert.ok(html.includes(`data-framework="${id}"`));
  assert.equal(esc(`<a href="x">'&`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
});

test('framework report: control by control, markdown and html', () => {
  const { report } = sampleReport();
  const md = formatFrameworkReport(report, 'owasp-nhi-2025', 'markdown');
  assert.match(md, /\| NHI7 \| Long-Lived Secrets \| ❌ fail \|/);
  assert.match(md, /\| NHI1 \| Improper Offboarding \| /);
  assert.match(md, /## NHI7 Long-Lived Secrets/);
  const html = formatFrameworkReport(report, 'csa-maestro', 'html');
  assert.match(html, /data-framework="csa-maestro"/);
  assert.match(html, /data-control="L4" data-status="fail"/);
});

test('merge: tags repositories and detects cross-repository reuse by fingerprint', () => {
  const a = sampleReport().report;
  const b = sampleReport().report;
  b.findings = [structuredClone(a.findings[0]!), ...b.findings.slice(1, 3)];
  const merged = mergeReports([
    { name: 'org/alpha', report: a },
    { name: 'org/beta', report: b },
    { name: 'org/alpha', report: { ...sampleReport().report, findings: [] } },
  ]);
  assert.deepEqual(
    merged.repositories!.map((r) => r.name),
    ['org/alpha', 'org/beta', 'org/alpha#2'],
  );
  assert.equal(merged.findings.length, a.findings.length + b.findings.length);
  assert.ok(merged.findings.every((f) => f.context?.repository));
  assert.ok(merged.bindings.every((x) => x.repository));
  const shared = merged.findings.filter((f) => f.context?.crossRepo);
  assert.equal(shared.length, 2);
  assert.deepEqual(shared[0]!.context!.crossRepo!.repositories, ['org/alpha', 'org/beta']);
  assert.equal(merged.summary.filesScanned, 42 * 3);
  assert.equal(merged.summary.gate!.failed, true);
  assert.equal(merged.summary.bySeverity.critical, 2);
  // Inputs are not modified.
  assert.equal(a.findings[0]!.context?.repository, undefined);
  const md = formatMarkdown(merged);
  assert.match(md, /## credlife: 3 repositories/);
  assert.match(md, /Credentials reused across repositories/);
  const html = formatHtml(merged, ctx);
  assert.match(html, /id="repositories"/);
  assert.match(html, /org\/alpha, org\/beta/);
});

test('formatters tolerate an empty report', () => {
  const { report } = sampleReport();
  const empty: Report = { ...report, findings: [], bindings: [], scorecard: undefined, summary: { filesScanned: 0, bytesScanned: 0, durationMs: 0, bySeverity: {}, byLifetime: {} } };
  for (const [name, text] of Object.entries(allOutputs(empty))) assert.ok(text.length > 0, name);
  assert.match(formatMarkdown(empty), /No credentials that outlive their task/);
});

test('durations', () => {
  assert.equal(formatDuration(900), '15m');
  assert.equal(formatDuration(5400), '1h 30m');
  assert.equal(formatDuration(768 * 3600), '32d');
  assert.equal(formatDuration(0), '0s');
});
