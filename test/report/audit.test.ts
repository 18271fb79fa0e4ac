// Regression tests for the report audit: every format agrees with the gate, renders policy notes, describes
// rules by the rule (not by one finding's credential), keys fingerprints on stable subjects, says how deep
// --history went, and keeps framework ids with spaces apart in CSV.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { evaluateGate } from '../../src/policy/gate.js';
import { formatJunit } from '../../src/report/junit.js';
import { FRAMEWORK_SEPARATOR, formatCsv } from '../../src/report/csv.js';
import { formatHtml } from '../../src/report/html.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import { formatSarif } from '../../src/report/sarif.js';
import { formatText } from '../../src/report/text.js';
import { fakeToken } from '../../src/testing/fake-tokens.js';
import type { Finding, Report } from '../../src/model/report.js';

const ctx = { color: false, quiet: false, debug: false };

/** A ghs_-style installation token: low severity, 45 minutes of afterlife. */
function lowToken(): Finding {
  const raw = fakeToken('github-app-installation', 7);
  return {
    ruleId: 'github-app-installation-token',
    kind: 'secret',
    severity: 'low',
    score: 20,
    file: 'agent/.env',
    line: 2,
    column: 14,
    message: 'GitHub App installation token committed in agent/.env',
    credential: {
      provider: 'github',
      type: 'installation access token',
      fingerprint: createHash('sha256').update(raw).digest('hex').slice(0, 32),
      redacted: `${raw.slice(0, 4)}…${raw.slice(-4)}`,
      lifetime: { class: 'short-lived', ttlSeconds: 3600, expiresAt: null },
      afterlife: { unbounded: false, seconds: 45 * 60 },
    },
    factors: [],
    frameworks: [],
    remediation: 'Mint the token per task.',
  };
}

function reportWith(findings: Finding[], maxAfterlifeSeconds: number | null): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'credlife', version: '0.0.0' },
    root: '/tmp/x',
    taskWindowSeconds: 900,
    findings,
    bindings: [],
    summary: { filesScanned: 1, bytesScanned: 10, durationMs: 1, bySeverity: {}, byLifetime: {}, gate: evaluateGate(findings, { failOn: 'high', maxAfterlifeSeconds }) },
  };
}

test('junit: failures are exactly the findings that fail the gate (--max-afterlife), baselined never', () => {
  const f = lowToken();
  const strict = reportWith([f], 30 * 60);
  assert.equal(strict.summary.gate!.failed, true, 'the gate fails on a 45m afterlife over a 30m limit');
  const xml = formatJunit(strict);
  assert.match(xml, /<testsuites name="credlife" tests="1" failures="1"/);
  assert.match(xml, /<failure message="1 finding\(s\) failing the gate \(at or above high or afterlife above 30m\)/);
  // Without the limit the same finding passes.
  assert.match(formatJunit(reportWith([f], null)), /failures="0"/);
  // A baselined finding (--show-baselined) is shown, never gated.
  const baselined = { ...f, context: { notes: ['baselined'] } };
  const r = reportWith([baselined], 30 * 60);
  assert.equal(r.summary.gate!.failed, false);
  assert.match(formatJunit(r), /failures="0"/);
});

test('junit: a required control that is missing is a failed testcase; a present one passes', () => {
  const r = reportWith([], null);
  r.summary.gate = {
    ...r.summary.gate!,
    failed: true,
    reasons: ['required control short-ttl-revocation is missing'],
    requiredControls: [
      { control: 'short-ttl-revocation', status: 'missing', failed: true },
      { control: 'context-binding', status: 'met', failed: false },
    ],
  };
  const xml = formatJunit(r);
  assert.match(xml, /<testsuites name="credlife" tests="2" failures="1"/);
  assert.match(xml, /<testcase classname="credlife.required-controls" name="short-ttl-revocation" time="0">\n\s*<failure /);
  assert.match(xml, /<testcase classname="credlife.required-controls" name="context-binding" time="0">\n\s*<system-out>/);
  // A report written before gate.requiredControls: read back from the reason.
  delete r.summary.gate!.requiredControls;
  assert.match(formatJunit(r), /tests="1" failures="1"[\s\S]*name="short-ttl-revocation"/);
});

test('csv: framework controls whose ids contain spaces are joined with "; " and split back intact', () => {
  const f = lowToken();
  f.frameworks = [
    { framework: 'nist-ai-rmf', id: 'GOVERN 1.6', title: 'x' },
    { framework: 'csa-maestro', id: 'XL: Lateral Movement', title: 'y' },
    { framework: 'owasp-nhi-2025', id: 'NHI7', title: 'z' },
  ];
  const csv = formatCsv(reportWith([f], null));
  const header = csv.split('\r\n')[0]!.split(',');
  const row = csv.split('\r\n')[1]!;
  // No cell here holds a comma or a quote, so a plain split is exact.
  const cell = row.split(',')[header.indexOf('frameworks')]!;
  assert.deepEqual(cell.split(FRAMEWORK_SEPARATOR), ['csa-maestro:XL: Lateral Movement', 'nist-ai-rmf:GOVERN 1.6', 'owasp-nhi-2025:NHI7']);
});

test('policy notes (expired suppression, baselined) show in text, Markdown, HTML, CSV and SARIF', () => {
  const f = lowToken();
  f.context = { notes: ['suppression expired on 2020-01-01 <b>(ops)</b>', 'baselined'] };
  const r = reportWith([f], null);
  const text = formatText(r, ctx);
  assert.match(text, /\n {10}note: suppression expired on 2020-01-01 <b>\(ops\)<\/b>\n {10}note: baselined\n/);
  const md = formatMarkdown(r, ctx);
  assert.match(md, /_\(note: suppression expired on 2020-01-01 &lt;b&gt;\(ops\)&lt;\/b&gt;; baselined\)_ \|/);
  const html = formatHtml(r, ctx);
  assert.match(html, /<span class="muted note">note: suppression expired on 2020-01-01 &lt;b&gt;\(ops\)&lt;\/b&gt;<\/span>/);
  assert.match(html, /<span class="muted note">note: baselined<\/span>/);
  const csv = formatCsv(r).split('\r\n');
  const header = csv[0]!.split(',');
  assert.equal(header.at(-1), 'notes');
  assert.ok(csv[1]!.endsWith(',suppression expired on 2020-01-01 <b>(ops)</b>; baselined'));
  const sarif = JSON.parse(formatSarif(r, ctx));
  assert.deepEqual(sarif.runs[0].results[0].properties.notes, ['suppression expired on 2020-01-01 <b>(ops)</b>', 'baselined']);
  // No notes, no note lines.
  assert.doesNotMatch(formatText(reportWith([lowToken()], null), ctx), /note:/);
});

test('--history: text and Markdown say how deep the scan went; Markdown shows the commit of history findings', () => {
  const f = lowToken();
  f.context = { exposure: 'history', commit: { id: 'c0ffee1234567890'.padEnd(40, '0'), authorTime: '2026-01-02T03:04:05Z', count: 1, inWorkingTree: false } };
  const r = reportWith([f], null);
  r.summary.history = { commits: 1234, shallow: true, depth: 2 };
  const text = formatText(r, ctx);
  assert.match(text, /history: 1,234 commits \(shallow clone: only the last 2 commits\)/);
  // The summary line says it too, so --quiet output keeps it.
  assert.match(formatText(r, { ...ctx, quiet: true }), /history: 1,234 commits \(shallow clone/);
  const md = formatMarkdown(r, ctx);
  assert.match(md, /Git history: 1,234 commits \(shallow clone: only the last 2 commits\)\./);
  assert.match(md, /\| `agent\/\.env:2` \(commit `c0ffee123456`\) \|/);
  r.summary.history = { commits: 1, shallow: false };
  assert.match(formatText(r, ctx), /history: 1 commit\n/);
  assert.doesNotMatch(formatMarkdown(r, ctx), /shallow/);
  delete r.summary.history;
  assert.doesNotMatch(formatText(r, ctx), /history:/);
});

/** A binding finding of `code-process-scoped-credential` about one tool's credential. */
function bindingFinding(provider: string, type: string, tool: string, ref: string, line: number): Finding {
  const f = lowToken();
  return {
    ...f,
    ruleId: 'code-process-scoped-credential',
    kind: 'binding',
    severity: 'medium',
    file: 'src/agent.ts',
    line,
    message: `Tool '${tool}' holds a process-scoped static credential (env ${ref}) at src/agent.ts:#${line}.`,
    credential: { ...f.credential!, provider, type },
    binding: { tool, agent: null, source: 'env', scope: 'process' },
    remediation: `Mint a ${provider} token per call.`,
  };
}

test('sarif: a check rule is described by the rule (catalog title), credential specifics stay in the result', () => {
  const r = reportWith([bindingFinding('openai', 'API key', 'chat', 'OPENAI_API_KEY', 4), bindingFinding('github', 'installation access token', 'issues', 'GH_TOKEN', 9)], null);
  const run = JSON.parse(formatSarif(r, ctx)).runs[0];
  assert.equal(run.tool.driver.rules.length, 1);
  const rule = run.tool.driver.rules[0];
  // The shipped rules/checks/code.yaml title, through the default rule descriptions.
  assert.equal(rule.shortDescription.text, 'Tool holds a process-scoped static credential');
  const meta = JSON.stringify([rule.shortDescription, rule.fullDescription, rule.help]);
  assert.doesNotMatch(meta, /openai|API key|installation access token|Mint a github token per call/i);
  assert.doesNotMatch(rule.help.text, /Lifetime class: short-lived/);
  assert.match(run.results[0].message.text + run.results[1].message.text, /openai|github/);
  assert.match(JSON.stringify(run.results), /Value: ghs_…/);
  // Rule descriptions can be passed in (a pure rendering); without an entry the id gives the title.
  const given = JSON.parse(formatSarif(r, { ...ctx, rules: new Map([['code-process-scoped-credential', { title: 'Given title', description: 'Given description.' }]]) })).runs[0].tool.driver.rules[0];
  assert.equal(given.shortDescription.text, 'Given title');
  assert.match(given.fullDescription.text, /^Given description\./);
  const none = JSON.parse(formatSarif(r, { ...ctx, rules: new Map() })).runs[0].tool.driver.rules[0];
  assert.equal(none.shortDescription.text, 'Code process scoped credential');
  // A single binding finding is no different: its credential does not become the rule's description.
  const one = JSON.parse(formatSarif(reportWith([bindingFinding('openai', 'API key', 'chat', 'OPENAI_API_KEY', 4)], null), ctx)).runs[0].tool.driver.rules[0];
  assert.doesNotMatch(JSON.stringify(one.shortDescription) + JSON.stringify(one.help), /openai/i);
  // Credential rules keep their credential description.
  const secret = JSON.parse(formatSarif(reportWith([lowToken()], null), ctx)).runs[0].tool.driver.rules[0];
  assert.equal(secret.shortDescription.text, 'github installation access token in files');
});

test('sarif: fingerprints of findings without a credential ignore message text and lines', () => {
  const config = (line: number, step: number): Finding => ({
    ruleId: 'ci-static-cloud-keys',
    kind: 'config',
    severity: 'high',
    score: 70,
    file: '.github/workflows/deploy.yml',
    line,
    column: 9,
    message: `Step job:a#${step} passes static AWS keys from secrets.* instead of OIDC.`,
    factors: [],
    frameworks: [],
    remediation: 'Use role-to-assume.',
  });
  const binding = (tool: string, ref: string, line: number): Finding => ({
    ...config(line, 1),
    ruleId: 'tool-process-scoped-credential',
    kind: 'binding',
    file: 'src/tools.ts',
    message: `Tool '${tool}' reads ${ref} at module scope (line ${line}).`,
    binding: { tool, agent: null, source: 'env', scope: 'process' },
  });
  const fps = (findings: Finding[], refs: [string, string, number][]) => {
    const r = reportWith(findings, null);
    r.bindings = refs.map(([tool, credentialRef, line]) => ({ file: 'src/tools.ts', line, tool, agent: null, source: 'env' as const, scope: 'process' as const, credentialRef }));
    return JSON.parse(formatSarif(r, ctx)).runs[0].results.map((x: { partialFingerprints: Record<string, string> }) => x.partialFingerprints['credlife/v1']);
  };
  // A step inserted above: the index in the message and the line both move; the fingerprint does not.
  const before = fps([config(22, 4), binding('search', 'SEARCH_API_KEY', 8), binding('search', 'OTHER_KEY', 12)], [['search', 'SEARCH_API_KEY', 8], ['search', 'OTHER_KEY', 12]]);
  const after = fps([config(27, 5), binding('search', 'SEARCH_API_KEY', 10), binding('search', 'OTHER_KEY', 14)], [['search', 'SEARCH_API_KEY', 10], ['search', 'OTHER_KEY', 14]]);
  assert.deepEqual(after, before);
  // Two credentials of one tool are two alerts, told apart by their credential reference (no :2 suffix needed).
  assert.notEqual(before[1], before[2]);
  assert.ok(!before[2].includes(':'));
});
