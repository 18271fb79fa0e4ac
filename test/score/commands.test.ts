// `credlife explain` and `credlife rules`, through the built CLI for every rule id, and as functions.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../src/testing/paths.js';
import { runCli, writeTree } from '../../src/testing/cli.js';
import { fakeToken } from '../../src/testing/fake-tokens.js';
import { loadRuleCatalog } from '../../src/score/catalog.js';
import { REQUIRED_FRAMEWORKS } from '../../src/score/frameworks.js';
import { runExplain } from '../../src/commands/explain.js';
import { runRules } from '../../src/commands/rules.js';
import type { Finding, Report } from '../../src/model/report.js';
import fc from 'fast-check';
import { UsageError } from '../../src/model/errors.js';

const catalog = loadRuleCatalog(path.join(repoRoot(), 'rules'));
const ruleIds = [...catalog.rules.keys()].sort();

test('credlife explain <every rule id> (text): what, why, lifetime, frameworks, remediation', async () => {
  const r = await runCli(['explain', ...ruleIds]);
  assert.equal(r.code, 0, r.stderr);
  const sections = r.stdout.split(/\n(?=[a-z0-9-]+ — )/);
  for (const id of ruleIds) {
    const s = sections.find((x) => x.startsWith(`${id} — `));
    assert.ok(s, `section for ${id}`);
    for (const heading of ['What it detects', 'Why it matters (the afterlife rule)', 'Typical score:', 'Framework controls', 'Remediation']) {
      assert.ok(s!.includes(heading), `${id}: ${heading}`);
    }
    for (const fw of REQUIRED_FRAMEWORKS) assert.ok(s!.includes(`  ${fw}: `), `${id}: ${fw}`);
    if (catalog.rules.get(id)!.kind === 'secret') assert.match(s!, /\nLifetime\n  class: /, `${id}: lifetime facts`);
  }
});

test('credlife explain <every rule id> --format json', async () => {
  const r = await runCli(['explain', ...ruleIds, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { query: string[]; rules: { id: string; detects: string; whyItMatters: string; remediation: string; frameworks: { framework: string }[]; typical: { score: number } }[] };
  assert.deepEqual(doc.rules.map((x) => x.id).sort(), ruleIds);
  for (const e of doc.rules) {
    assert.ok(e.detects && e.whyItMatters && e.remediation, e.id);
    for (const fw of REQUIRED_FRAMEWORKS) assert.ok(e.frameworks.some((x) => x.framework === fw), `${e.id} → ${fw}`);
    assert.ok(e.typical.score >= 0 && e.typical.score <= 100);
  }
});

test('credlife rules (text and json) lists every rule with its mappings', async () => {
  const text = await runCli(['rules']);
  assert.equal(text.code, 0, text.stderr);
  for (const id of ruleIds) assert.match(text.stdout, new RegExp(`^${id}  \\[`, 'm'), id);
  const json = await runCli(['rules', '--format', 'json']);
  assert.equal(json.code, 0, json.stderr);
  const doc = JSON.parse(json.stdout) as { frameworks: { id: string; controls: unknown[] }[]; rules: { id: string; frameworks: { framework: string }[] }[] };
  assert.deepEqual(doc.rules.map((x) => x.id).sort(), ruleIds);
  for (const fw of REQUIRED_FRAMEWORKS) assert.ok(doc.frameworks.some((f) => f.id === fw), fw);
  for (const rule of doc.rules) for (const fw of REQUIRED_FRAMEWORKS) assert.ok(rule.frameworks.some((x) => x.framework === fw), `${rule.id} → ${fw}`);
});

test('credlife rules --framework filters by id or family; unknown is exit 2', async () => {
  const nhi = await runCli(['rules', '--framework', 'NHI']);
  assert.equal(nhi.code, 0, nhi.stderr);
  assert.match(nhi.stdout, /NHI7  Long-Lived Secrets/);
  assert.match(nhi.stdout, /NHI9  NHI Reuse\n.*\n\s+rules \(typical findings\): .*secret-reuse/);
  const json = JSON.parse((await runCli(['rules', '--framework', 'cwe', '--format', 'json', '--kind', 'binding'])).stdout) as {
    frameworks: { id: string }[]; rules: { kind: string; frameworks: { framework: string }[] }[];
  };
  assert.deepEqual(json.frameworks.map((f) => f.id), ['cwe']);
  assert.ok(json.rules.every((r) => r.kind === 'binding' && r.frameworks.every((x) => x.framework === 'cwe')));
  const bad = await runCli(['rules', '--framework', 'iso-27001']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown framework "iso-27001"/);
});

test('credlife explain <fingerprint> --report explains the findings of a scan report', async () => {
  const dir = writeTree({ 'agent/config.py': 'OPENAI_API_KEY = "{{openai}}"\n', 'tools/search.py': 'KEY = "{{openai}}"\n' });
  const reportFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-explain-')), 'report.json');
  const scan = await runCli(['scan', dir, '--format', 'json', '--output', reportFile, '--exit-zero']);
  assert.equal(scan.code, 0, scan.stderr);
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as Report;
  const f = report.findings.find((x) => x.credential?.fingerprint);
  assert.ok(f, 'the scan found a secret');
  const fp = f!.credential!.fingerprint;
  const r = await runCli(['explain', fp.slice(0, 16), '--report', reportFile]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`Findings with fingerprint ${fp.slice(0, 16).replace(/[+]/g, '\\+')}`));
  assert.ok(r.stdout.includes(`${f!.file}:${f!.line}`), 'names the place');
  assert.match(r.stdout, /score factors:\n\s+\+\d+\s+afterlife/);
  assert.ok(r.stdout.includes(`${f!.ruleId} — `), 'and explains the rule');
  assert.ok(!r.stdout.includes(fakeToken('openai')), 'never the raw value');
  const json = JSON.parse((await runCli(['explain', fp, '--report', reportFile, '--format', 'json'])).stdout) as { findings: Finding[] };
  assert.ok(json.findings.length >= 1 && json.findings.every((x) => x.credential?.fingerprint === fp));
});

test('credlife explain: usage errors are exit 2 and never echo a pasted secret', async () => {
  const token = fakeToken('openai');
  const pasted = await runCli(['explain', token]);
  assert.equal(pasted.code, 2);
  assert.ok(!pasted.stderr.includes(token) && !pasted.stdout.includes(token));
  assert.equal((await runCli(['explain', 'no-such-rule'])).code, 2);
  const noReport = await runCli(['explain', 'fp1:abcdefghijkl']);
  assert.equal(noReport.code, 2);
  assert.match(noReport.stderr, /--report/);
  const badReport = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-explain-')), 'r.json');
  fs.writeFileSync(badReport, '{ not json');
  assert.equal((await runCli(['explain', 'fp1:abcdefghijkl', '--report', badReport])).code, 2);
});

test('runExplain / runRules as functions (no CLI)', () => {
  const text = runExplain('process-scoped-credential', {}, { now: Date.parse('2026-11-28T00:00:00Z') });
  assert.match(text, /Typical score: 55 \(medium\)/);
  const findings: Finding[] = [{
    ruleId: 'secret-reuse', kind: 'binding', severity: 'high', score: 63, file: 'a.ts', line: 2, column: 1, message: 'm',
    credential: { provider: 'p', type: 't', fingerprint: 'fp1:ABCDEFGHIJKLMNOP', redacted: 'r', lifetime: { class: 'static', ttlSeconds: null, expiresAt: null }, afterlife: { unbounded: true, seconds: null } },
    factors: [{ name: 'afterlife', effect: 50 }, { name: 'reuse', effect: 13 }], frameworks: [{ framework: 'owasp-nhi-2025', id: 'NHI9', title: 'NHI Reuse' }], remediation: 'fix',
  }];
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-explain-')), 'r.json');
  fs.writeFileSync(file, JSON.stringify({ schemaVersion: 1, findings }));
  const out = runExplain(['fp1:ABCDEFGH', 'secret-reuse'], { report: file });
  assert.match(out, /a\.ts:2:1  high 63  secret-reuse/);
  assert.match(out, /owasp-nhi-2025: NHI9 NHI Reuse/);
  const rules = JSON.parse(runRules({ format: 'json', framework: 'asi' })) as { frameworks: { id: string }[] };
  assert.deepEqual(rules.frameworks.map((f) => f.id), ['owasp-asi-2026']);
});

test('explain --report survives any JSON a report file may hold', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-explain-'));
  const file = path.join(dir, 'r.json');
  const junk = fc.anything({ maxDepth: 3 });
  const findingish = fc.record({
    ruleId: fc.oneof(fc.constant('secret-reuse'), fc.string()),
    file: fc.oneof(fc.string(), junk),
    credential: fc.oneof(junk, fc.record({ fingerprint: fc.constant('fp1:ABCDEFGHIJKLMNOP'), lifetime: junk, afterlife: junk, provider: junk })),
    factors: fc.oneof(junk, fc.array(fc.record({ name: junk, effect: junk }))),
    frameworks: junk,
    binding: junk,
    score: junk,
  }, { requiredKeys: ['ruleId'] });
  fc.assert(
    fc.property(fc.array(fc.oneof(findingish, junk), { maxLength: 5 }), (findings) => {
      fs.writeFileSync(file, JSON.stringify({ findings }));
      for (const format of ['text', 'json']) {
        try {
          runExplain(['fp1:ABCDEFGH'], { report: file, format });
        } catch (e) {
          assert.ok(e instanceof UsageError, String(e));
        }
      }
    }),
    { numRuns: 300 },
  );
});

test('docs/rules.md holds the generated rules reference, in sync with rules/ (credlife rules --format markdown)', () => {
  const generated = runRules({ format: 'markdown' });
  const doc = fs.readFileSync(path.join(repoRoot(), 'docs', 'rules.md'), 'utf8');
  const start = doc.indexOf('<!-- generated: credlife rules --format markdown -->\n');
  const end = doc.indexOf('<!-- end generated -->');
  assert.ok(start >= 0 && end > start, 'generated markers missing from docs/rules.md');
  const inDoc = doc.slice(start + '<!-- generated: credlife rules --format markdown -->\n'.length, end);
  assert.equal(inDoc, generated, 'docs/rules.md is stale: regenerate the section with `credlife rules --format markdown`');
  // Every rule has an anchor, so SARIF helpUri docs/rules.md#<id> resolves.
  for (const id of loadRuleCatalog().rules.keys()) assert.ok(generated.includes(`<a id="${id}"></a>`), id);
});
