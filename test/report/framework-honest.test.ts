// Framework reports that do not contradict the scorecard: a control fails with mapped findings, shows a gap when a
// linked scorecard control is missing or partial, passes only with evidence, and is otherwise "not assessed";
// the header names root, commit, date and version; titles are escaped once per format; the five controls are
// explained in words.
import test from 'node:test';
import assert from 'node:assert/strict';
import { controlViews, defaultFrameworkCatalogs } from '../../src/report/catalog.js';
import { formatFrameworkReport } from '../../src/report/framework-report.js';
import type { Finding, Report, ScorecardEntry } from '../../src/model/report.js';

const entry = (control: string, title: string, status: ScorecardEntry['status'], frameworks: { framework: string; id: string }[]): ScorecardEntry => ({
  control,
  title,
  status,
  why: `${title} is ${status}`,
  evidence: [],
  next: 'do it',
  frameworks,
});

function report(filesScanned: number): Report {
  const finding: Finding = {
    ruleId: 'openai-api-key',
    kind: 'secret',
    severity: 'high',
    score: 70,
    file: 'a & b/.env',
    line: 1,
    column: 1,
    message: 'key',
    factors: [],
    frameworks: [{ framework: 'csa-maestro', id: 'L4', title: 'Deployment and Infrastructure' }, { framework: 'owasp-asi-2026', id: 'ASI03', title: 'x' }],
    remediation: '',
  };
  return {
    schemaVersion: 1,
    tool: { name: 'credlife', version: '9.9.9' },
    root: '/work/agent',
    taskWindowSeconds: 900,
    findings: [finding],
    bindings: [],
    summary: { filesScanned, bytesScanned: 1, durationMs: 1, bySeverity: { high: 1 }, byLifetime: {} },
    scorecard: [
      entry('tool-call-logging', 'Tool-call logging', 'missing', [{ framework: 'csa-maestro', id: 'L5' }, { framework: 'owasp-asi-2026', id: 'ASI06' }]),
      entry('context-binding', 'Context binding', 'met', [{ framework: 'csa-maestro', id: 'L7' }]),
      entry('per-task-issuance', 'Per-task issuance', 'unknown', [{ framework: 'csa-maestro', id: 'L1' }]),
    ],
    vcs: { revisionId: 'abcdef1234567890abcdef1234567890abcdef12', branch: 'main' },
  };
}

test('status: fail with findings, gap with a missing linked scorecard control, pass only with evidence, else not assessed', () => {
  const catalog = defaultFrameworkCatalogs().find((c) => c.id === 'csa-maestro')!;
  const r = report(12);
  const views = new Map(controlViews(catalog, r.findings, { scorecard: r.scorecard, filesScanned: 12 }).map((v) => [v.control.id, v]));
  assert.equal(views.get('L4')!.status, 'fail');
  assert.equal(views.get('L5')!.status, 'gap', 'Evaluation and Observability is not a pass beside missing tool-call logging');
  assert.match(views.get('L5')!.why, /Tool-call logging is missing/);
  assert.equal(views.get('L7')!.status, 'pass');
  assert.match(views.get('L7')!.why, /Context binding is met/);
  assert.equal(views.get('L1')!.status, 'not-assessed', 'an unknown scorecard control is no evidence');
  for (const v of views.values()) if (v.status === 'pass') assert.ok(v.why.length > 0, `${v.control.id} pass says why`);
  // Without files read, "nothing found" is no evidence.
  const none = controlViews(catalog, [], { scorecard: [], filesScanned: 0 });
  assert.ok(none.every((v) => v.status === 'not-assessed'), JSON.stringify(none.map((v) => [v.control.id, v.status])));
});

test('framework reports: header with root, commit, date and version; statuses with reasons; the five controls in words', () => {
  const r = report(12);
  const ctx = { color: false, quiet: false, debug: false, generatedAt: '2026-11-30T10:00:00Z' };
  const md = formatFrameworkReport(r, 'csa-maestro', 'markdown', ctx);
  assert.match(md, /^Scanned: \/work\/agent · commit abcdef123456 \(main\) · 2026-11-30T10:00:00Z · credlife 9\.9\.9$/m);
  assert.match(md, /\| L5 \| Evaluation and Observability \| ⚠️ gap \| scorecard: Tool-call logging is missing \|/);
  assert.doesNotMatch(md, /\| L5 [^\n]*✅ pass/);
  assert.match(md, /per-task issuance \(each task or tool call gets its own credential\)/);
  assert.doesNotMatch(md, /source article/);
  const html = formatFrameworkReport(r, 'csa-maestro', 'html', ctx);
  assert.match(html, /Scanned: \/work\/agent · commit abcdef123456 \(main\) · 2026-11-30T10:00:00Z · credlife 9\.9\.9/);
  assert.match(html, /data-control="L5" data-status="gap"/);
  assert.match(html, /tool-call logging \(each tool call is traced\)/);
  assert.doesNotMatch(html, /source article/);
});

test('escaping: a title with & and a path with & are escaped exactly once in Markdown and HTML', () => {
  const r = report(12);
  const ctx = { color: false, quiet: false, debug: false, generatedAt: '2026-11-30T10:00:00Z' };
  const md = formatFrameworkReport(r, 'owasp-asi-2026', 'markdown', ctx);
  assert.match(md, /Memory &amp; Context Poisoning/, 'Markdown: & as one entity (GitHub renders it as &)');
  assert.doesNotMatch(md, /&amp;amp;/);
  const html = formatFrameworkReport(r, 'owasp-asi-2026', 'html', ctx);
  assert.match(html, /Memory &amp; Context Poisoning/);
  assert.doesNotMatch(html, /&amp;amp;|&amp;lt;/);
  assert.ok(html.includes('a &amp; b/.env') && !html.includes('a & b/.env'), 'HTML escapes file names');
});
