// The controls scorecard (issue 11) in every human-facing format: text, Markdown, HTML and the framework report
// (Markdown and HTML). Each test fails if the scorecard, a control's status, its evidence (file:line) or its next
// step disappears from a format, and the framework report must show the framework controls each control maps to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatText } from '../../src/report/text.js';
import { formatMarkdown, MARKDOWN_LIMIT, scorecardMarkdown, SCORECARD_MD_BUDGET } from '../../src/report/markdown.js';
import { formatHtml } from '../../src/report/html.js';
import { formatFrameworkReport, FRAMEWORK_REPORT_IDS } from '../../src/report/framework-report.js';
import { mergeReports } from '../../src/report/merge.js';
import type { Report, ScorecardEntry } from '../../src/model/report.js';
import { sampleCatalogs, sampleReport } from './sample-report.js';

const ctx = { color: false, quiet: false, debug: false, frameworks: sampleCatalogs() };
const { report, secrets } = sampleReport({ seed: 11 });
const entries = report.scorecard!;

const htmlEsc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const re = (s: string): RegExp => new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

test('sample scorecard covers every status and both evidence sides', () => {
  assert.deepEqual([...new Set(entries.map((e) => e.status))].sort(), ['met', 'missing', 'partial', 'unknown']);
  assert.ok(entries.some((e) => e.evidence.some((x) => x.kind === 'for')));
  assert.ok(entries.some((e) => e.evidence.some((x) => x.kind === 'against')));
});

test('text: one line per control; --verbose adds evidence file:line for and against, and the next step', () => {
  const compact = formatText(report, ctx);
  assert.match(compact, /Controls scorecard {2}\(1 met · 2 partial · 1 missing · 1 unknown; --verbose: evidence/);
  for (const e of entries) assert.match(compact, new RegExp(`^  ${e.title}\\s+${e.status}\\s`, 'm'), e.control);
  assert.doesNotMatch(compact, /next: /, 'evidence and next steps only with --verbose');
  const text = formatText(report, { ...ctx, verbose: true });
  assert.match(text, /Controls scorecard {2}\(1 met · 2 partial · 1 missing · 1 unknown/);
  for (const e of entries) {
    assert.match(text, new RegExp(`^  ${e.title}\\s+${e.status}\\s`, 'm'), e.control);
    for (const x of e.evidence) assert.ok(text.includes(`${x.kind === 'for' ? '✔' : '✘'} ${x.file}:${x.line} `), `${e.control} ${x.file}:${x.line}`);
    assert.ok(text.includes(`next: ${e.next}`), `${e.control} next`);
  }
  // --quiet keeps only the summary and the gate.
  assert.doesNotMatch(formatText(report, { ...ctx, quiet: true }), /Controls scorecard/);
});

test('text: evidence beyond four lines is counted, --debug lists it', () => {
  const many: ScorecardEntry = { ...entries[0]!, evidence: Array.from({ length: 7 }, (_, i) => ({ file: `tools/t${i}.ts`, line: i + 1, kind: 'against' as const, detail: 'process-scoped' })), metrics: undefined };
  const r: Report = { ...report, scorecard: [many] };
  assert.match(formatText(r, { ...ctx, verbose: true }), /… 3 more \(--debug/);
  assert.ok(formatText(r, { ...ctx, debug: true }).includes('tools/t6.ts:7'));
});

test('markdown: a visible table with every status, evidence and next steps in <details>', () => {
  const md = formatMarkdown(report, ctx);
  assert.match(md, /### Controls scorecard\n\n🟢 1 met · 🟡 2 partial · 🔴 1 missing · ⚪ 1 unknown/);
  const table = md.slice(md.indexOf('### Controls scorecard'), md.indexOf('<details><summary>Scorecard evidence'));
  assert.ok(table.length > 0, 'the evidence details follow the table');
  for (const e of entries) {
    assert.match(table, new RegExp(`\\| ${e.title} \\| \\S+ ${e.status} \\|`), `${e.control} row`);
  }
  assert.match(table, /\| 1 for · 2 against \|/);
  const details = md.slice(md.indexOf('<details><summary>Scorecard evidence'));
  for (const e of entries) {
    assert.ok(details.includes(`**${e.title}** \`${e.control}\`: `), `${e.control} heading`);
    for (const x of e.evidence) assert.ok(details.includes(`${x.kind} \`${x.file}:${x.line}\``), `${e.control} ${x.file}:${x.line}`);
  }
  assert.match(details, /Next: Replace static keys with short-lived tokens/);
  // Hostile evidence text stays inert outside code spans.
  const prose = md.replace(/(`+)[^`]*?\1/g, '');
  assert.ok(!prose.includes('<b>evil'), 'no raw HTML from evidence details');
});

test('markdown: the scorecard stays within its budget and the comment within the limit', () => {
  const detail = 'tool x holds a process-scoped credential (env SOME_LONG_VARIABLE_NAME) '.repeat(3);
  const huge: ScorecardEntry[] = Array.from({ length: 400 }, (_, i) => ({
    ...entries[0]!,
    control: `repo-${i}/per-task-issuance`,
    title: `repo-${i}: Per-task issuance`,
    evidence: Array.from({ length: 12 }, (_, j) => ({ file: `repo-${i}/src/tools/tool-${j}.ts`, line: j + 1, kind: j % 2 ? 'for' : 'against', detail })),
  }));
  const part = scorecardMarkdown(huge);
  assert.ok(part.length <= SCORECARD_MD_BUDGET, `${part.length} > ${SCORECARD_MD_BUDGET}`);
  assert.match(part, /more \(see --format json or html\)/);
  assert.match(part, /more evidence left out to stay under the comment size limit/);
  assert.match(part, /<\/details>$/);
  const big = sampleReport({ extraFindings: 3000, seed: 3 }).report;
  const md = formatMarkdown({ ...big, scorecard: huge }, ctx);
  assert.ok(md.length <= MARKDOWN_LIMIT, `${md.length}`);
  assert.match(md, /### Controls scorecard/);
  assert.match(md, /repo-0: Per-task issuance/);
});

test('html: status cards and one row per control with status, evidence for and against, next step', () => {
  const html = formatHtml(report, ctx);
  assert.match(html, /<a href="#scorecard">Scorecard<\/a>/);
  const section = html.slice(html.indexOf('<section id="scorecard"'), html.indexOf('</section>', html.indexOf('<section id="scorecard"')));
  assert.ok(section.length > 0, 'scorecard section');
  for (const [st, n] of [['met', 1], ['partial', 2], ['missing', 1], ['unknown', 1]] as const)
    assert.match(section, new RegExp(`<div class="card sc-${st}"><div class="n">${n}</div><div class="l">${st}</div>`));
  assert.equal((section.match(/<tr class="sc-control"/g) ?? []).length, entries.length);
  for (const e of entries) {
    const start = section.indexOf(`data-control="${e.control}"`);
    assert.ok(start > 0, e.control);
    const row = section.slice(start, section.indexOf('</tr>', start));
    assert.match(row, new RegExp(`data-status="${e.status}"`));
    assert.match(row, new RegExp(`<span class="badge ${e.status}">${e.status}</span>`));
    for (const x of e.evidence) assert.match(row, re(`<li data-kind="${x.kind}">${x.kind === 'for' ? '✔' : '✘'} <code>${htmlEsc(`${x.file}:${x.line}`)}</code>`), `${e.control} ${x.file}`);
    assert.ok(row.includes(htmlEsc(e.next)), `${e.control} next`);
  }
  assert.ok(!section.includes('<script>alert'), 'evidence file names are escaped');
  assert.ok(!section.includes('<b>evil'), 'evidence details are escaped');
  // The scorecard comes right after the summary: the repository-level answer before the line-by-line list.
  assert.ok(html.indexOf('id="scorecard"') < html.indexOf('id="findings"'));
});

for (const fw of FRAMEWORK_REPORT_IDS) {
  test(`framework report ${fw}: scorecard with each control's ${fw} controls, markdown and html`, () => {
    const catalog = sampleCatalogs().find((c) => c.id === fw)!;
    const mapped = (e: ScorecardEntry): string[] => [...new Set((e.frameworks ?? []).filter((r) => r.framework === fw).map((r) => r.id))];
    const md = formatFrameworkReport(report, fw, 'markdown', ctx);
    assert.match(md, /## Controls scorecard/);
    assert.ok(md.includes(`| Control | Status | Why | ${catalog.title} | Evidence |`));
    for (const e of entries) {
      assert.match(md, new RegExp(`\\| ${e.title} \\| \\S+ ${e.status} \\| [^|]+ \\| ${mapped(e).join(', ').replace(/[.]/g, '\\.') || '–'} \\|`), `${fw} ${e.control}`);
      for (const x of e.evidence) assert.ok(md.includes(`\`${x.file}:${x.line}\``), `${fw} ${e.control} ${x.file}`);
    }
    // Reverse mapping: each framework control lists the scorecard controls that address it.
    for (const c of catalog.controls) {
      const addressing = entries.filter((e) => mapped(e).includes(c.id));
      const row = md.split('\n').find((l) => l.startsWith(`| ${c.id} | `))!;
      assert.ok(row, `${fw} ${c.id} row`);
      for (const e of addressing) assert.ok(row.includes(`${e.status === 'met' ? '🟢' : e.status === 'partial' ? '🟡' : e.status === 'missing' ? '🔴' : '⚪'} ${e.title}`), `${fw} ${c.id} ← ${e.control}`);
      if (!addressing.length) assert.match(row, /\| – \|$/);
    }

    const html = formatFrameworkReport(report, fw, 'html', ctx);
    const section = html.slice(html.indexOf('<section id="scorecard"'));
    assert.ok(html.includes('<section id="scorecard"'), `${fw} html scorecard`);
    assert.equal((section.match(/<tr class="sc-control"/g) ?? []).length, entries.length);
    assert.ok(section.includes(`<th>${htmlEsc(catalog.title)} controls</th>`));
    for (const e of entries) {
      const start = section.indexOf(`data-control="${e.control}"`);
      const row = section.slice(start, section.indexOf('</tr>', start));
      assert.match(row, new RegExp(`data-status="${e.status}"`));
      for (const id of mapped(e)) {
        const title = catalog.controls.find((c) => c.id === id)?.title;
        assert.ok(row.includes(`<div data-fw-control="${htmlEsc(id)}"><code>${htmlEsc(id)}</code>${title ? ` ${htmlEsc(title)}` : ''}</div>`), `${fw} ${e.control} → ${id}`);
      }
      for (const x of e.evidence) assert.ok(row.includes(`<code>${htmlEsc(`${x.file}:${x.line}`)}</code>`));
    }
    for (const c of catalog.controls) {
      const start = html.indexOf(`<tr class="fw-control" data-control="${htmlEsc(c.id)}"`);
      const row = html.slice(start, html.indexOf('</tr>', start));
      for (const e of entries.filter((x) => mapped(x).includes(c.id))) assert.ok(row.includes(`data-scorecard="${e.control}"`), `${fw} ${c.id} ← ${e.control}`);
    }
    for (const s of secrets) assert.ok(!md.includes(s) && !html.includes(s), 'no raw secret');
  });
}

test('framework report: a report without mappings still shows the scorecard and says why the column is empty', () => {
  const old: Report = { ...report, scorecard: entries.map(({ frameworks: _f, ...e }) => e) };
  const md = formatFrameworkReport(old, 'owasp-nhi-2025', 'markdown', ctx);
  assert.match(md, /## Controls scorecard/);
  assert.match(md, /carries no framework mapping for its scorecard/);
  assert.doesNotMatch(md, /Scorecard controls \|/);
  const html = formatFrameworkReport(old, 'owasp-nhi-2025', 'html', ctx);
  assert.match(html, /<section id="scorecard"/);
  assert.match(html, /carries no framework mapping for its scorecard/);
  assert.doesNotMatch(html, /<th>Scorecard controls<\/th>/);
});

test('merged reports: every repository\'s scorecard in markdown and html, and the framework mapping survives', () => {
  const merged = mergeReports([
    { name: 'org/alpha', report: sampleReport({ seed: 1 }).report },
    { name: 'org/beta', report: sampleReport({ seed: 2 }).report },
  ]);
  assert.equal(merged.scorecard?.length, entries.length * 2);
  const md = formatMarkdown(merged, ctx);
  assert.match(md, /\| org\/alpha: Per-task issuance \| 🟡 partial \|/);
  assert.match(md, /\| org\/beta: Short TTL and revocation \| 🔴 missing \|/);
  const fw = formatFrameworkReport(merged, 'owasp-nhi-2025', 'html', ctx);
  assert.match(fw, /data-control="org\/beta\/short-ttl-revocation" data-status="missing"/);
  assert.match(fw, /data-scorecard="org\/alpha\/short-ttl-revocation"/);
});
