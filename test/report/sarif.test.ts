import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { formatSarif, renderSarif, safeRepositoryUri, securitySeverity, sarifLevel, relativeUri, SARIF_MAX_TAGS } from '../../src/report/sarif.js';
import { repoRoot } from '../../src/testing/paths.js';
import { sampleReport } from './sample-report.js';
import { multitoolValidate, sarifSchemaPath } from './sarif-tools.js';

test('sarif: shape, stable rules, levels and content fingerprints', () => {
  const { report } = sampleReport();
  const sarif = JSON.parse(formatSarif(report, { color: false, quiet: false, debug: false }));
  assert.equal(sarif.version, '2.1.0');
  assert.equal(sarif.runs.length, 1);
  const run = sarif.runs[0];
  const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
  assert.deepEqual(ids, [...ids].sort());
  for (const rule of run.tool.driver.rules) {
    assert.ok(rule.shortDescription.text && rule.fullDescription.text && rule.help.text && rule.help.markdown && rule.helpUri);
    assert.match(rule.properties['security-severity'], /^\d+\.\d$/);
    assert.ok(rule.properties.tags.includes('security'));
    assert.ok(rule.properties.tags.length <= SARIF_MAX_TAGS, 'GitHub shows at most 10 tags');
  }
  assert.equal(run.results.length, report.findings.length);
  for (const r of run.results) {
    assert.equal(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
    const loc = r.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.ok(!loc.artifactLocation.uri.startsWith('/'));
    assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1);
    assert.match(r.partialFingerprints['credlife/v1'], /^[0-9a-f]{64}(:\d+)?$/);
  }
  const critical = run.results.find((r: { properties: { severity: string } }) => r.properties.severity === 'critical');
  assert.equal(critical.level, 'error');
  const history = run.results.find((r: { properties: { commit?: unknown } }) => r.properties.commit);
  assert.ok(history, 'history finding keeps its commit');
  assert.match(history.message.text, /git history/);
  const fwTags = run.tool.driver.rules.flatMap((r: { properties: { tags: string[] } }) => r.properties.tags);
  assert.ok(fwTags.includes('owasp-nhi-2025:NHI7'));
});

test('sarif: fingerprints do not change when lines move', () => {
  const { report } = sampleReport();
  const before = JSON.parse(formatSarif(report)).runs[0].results.map((r: { partialFingerprints: unknown }) => r.partialFingerprints);
  for (const f of report.findings) f.line += 17;
  const after = JSON.parse(formatSarif(report)).runs[0].results.map((r: { partialFingerprints: unknown }) => r.partialFingerprints);
  assert.deepEqual(after, before);
});

test('sarif: helpers', () => {
  assert.equal(securitySeverity(95), '9.5');
  assert.equal(securitySeverity(250), '10.0');
  assert.equal(sarifLevel('high'), 'error');
  assert.equal(sarifLevel('medium'), 'warning');
  assert.equal(sarifLevel('info'), 'note');
  assert.equal(relativeUri('./a b/c#d.ts'), 'a%20b/c%23d.ts');
  assert.equal(relativeUri('/etc/passwd'), 'etc/passwd');
});

test('sarif: valid against the SARIF 2.1.0 JSON schema', (t) => {
  const schemaFile = sarifSchemaPath();
  if (!schemaFile) return t.skip('SARIF schema not installed (npm @microsoft/sarif-multitool)');
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
  for (const extra of [0, 25]) {
    const { report } = sampleReport({ extraFindings: extra });
    const ok = validate(JSON.parse(formatSarif(report)));
    assert.ok(ok, JSON.stringify(validate.errors, null, 2));
  }
  const empty = sampleReport().report;
  empty.findings = [];
  assert.ok(validate(JSON.parse(formatSarif(empty))), JSON.stringify(validate.errors));
});

test('sarif: passes sarif-multitool validate --rule-kind "Sarif;Gh" with no errors', { timeout: 180_000 }, (t) => {
  const dir = path.join(repoRoot(), 'test-output', 'report');
  mkdirSync(dir, { recursive: true });
  const input = path.join(dir, 'sample.sarif');
  const { report } = sampleReport({ extraFindings: 5 });
  (report as { vcs?: unknown }).vcs = { repositoryUri: 'https://github.com/acme/agent', revisionId: 'c'.repeat(40), branch: 'main' };
  writeFileSync(input, formatSarif(report));
  const r = multitoolValidate(input);
  if ('skipped' in r) return t.skip(r.skipped);
  assert.deepEqual(r.errors, [], r.stdout);
});

test('sarif: past the result limit, the most severe findings are kept and the run says so', (t) => {
  const { report } = sampleReport({ extraFindings: 20 });
  const sarif = JSON.parse(renderSarif(report, 5));
  const run = sarif.runs[0];
  assert.equal(run.results.length, 5);
  assert.ok(run.results.every((r: { properties: { severity: string } }) => ['critical', 'high'].includes(r.properties.severity)));
  assert.deepEqual(run.properties.truncated, { shown: 5, total: report.findings.length });
  assert.match(run.invocations[0].toolExecutionNotifications[0].message.text, /Only the 5 most severe of 26 findings/);
  for (const r of run.results) assert.equal(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
  const dir = path.join(repoRoot(), 'test-output', 'report');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'truncated.sarif');
  writeFileSync(file, JSON.stringify(sarif));
  const v = multitoolValidate(file);
  if ('skipped' in v) return t.skip(v.skipped);
  assert.deepEqual(v.errors, [], v.stdout);
});

test('sarif: versionControlProvenance from report.vcs, never with credentials in the URI', () => {
  const { report } = sampleReport();
  assert.equal(JSON.parse(formatSarif(report)).runs[0].versionControlProvenance, undefined);
  const token = 'x'.repeat(8);
  (report as { vcs?: unknown }).vcs = { repositoryUri: `https://ci:${token}@github.com/acme/agent.git`, revisionId: 'b'.repeat(40), branch: 'main' };
  const text = formatSarif(report);
  assert.ok(!text.includes(token));
  const run = JSON.parse(text).runs[0];
  assert.deepEqual(run.versionControlProvenance, [
    { repositoryUri: 'https://github.com/acme/agent.git', mappedTo: { uriBaseId: '%SRCROOT%' }, revisionId: 'b'.repeat(40), branch: 'main' },
  ]);
  assert.equal(safeRepositoryUri('file:///etc'), null);
  assert.equal(safeRepositoryUri('not a url'), null);
});
