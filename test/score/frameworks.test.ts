// Framework mappings: the loader refuses unknown framework ids, mappings to missing controls and finding kinds a
// required framework does not cover; every shipped rule maps to all five families.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../src/testing/paths.js';
import {
  FrameworkLoadError,
  REQUIRED_FRAMEWORKS,
  checkCoverage,
  loadFrameworks,
  parseFrameworkFile,
  type Framework,
} from '../../src/score/frameworks.js';
import { loadRuleCatalog } from '../../src/score/catalog.js';
import { scoreFinding } from '../../src/score/index.js';
import { typicalFinding } from '../../src/score/explain.js';
import type { Finding, FindingKind } from '../../src/model/report.js';

const RULES = path.join(repoRoot(), 'rules');
const frameworks = loadFrameworks(path.join(RULES, 'frameworks'));
const catalog = loadRuleCatalog(RULES);
const NOW = Date.parse('2026-11-28T00:00:00Z');

const minimal = `
framework: cwe
title: t
version: "1"
url: https://example.invalid/
controls:
  - { id: C1, title: one }
mappings:
  - { control: C1, when: { kind: [secret, binding, config] } }
`;

test('the shipped framework files load, in report order, with every required framework', () => {
  const ids = frameworks.map((f) => f.id);
  for (const id of REQUIRED_FRAMEWORKS) assert.ok(ids.includes(id), id);
  assert.equal(ids[0], 'owasp-asi-2026');
  assert.equal(ids.at(-1), 'cwe');
  for (const fw of frameworks) {
    assert.ok(fw.url.startsWith('https://'), `${fw.id} url`);
    assert.equal(path.basename(fw.source).replace(/\.yaml$/, ''), fw.id, 'file name is the framework id');
  }
});

test('a minimal framework file parses', () => {
  const fw = parseFrameworkFile(minimal, 'x.yaml');
  assert.equal(fw.family, 'CWE');
  assert.equal(fw.controls.length, 1);
});

test('loader: unknown framework id fails', () => {
  assert.throws(() => parseFrameworkFile(minimal.replace('framework: cwe', 'framework: owasp-top10-2099'), 'x.yaml'), (e: unknown) =>
    e instanceof FrameworkLoadError && /unknown framework id "owasp-top10-2099"/.test(e.message),
  );
});

test('loader: a mapping to a missing control fails', () => {
  assert.throws(() => parseFrameworkFile(minimal.replace('control: C1', 'control: C9'), 'x.yaml'), /maps to missing control "C9"/);
});

test('loader: unknown conditions, factors, kinds and control keys fail', () => {
  assert.throws(() => parseFrameworkFile(minimal.replace('kind: [secret, binding, config]', 'colour: red'), 'x.yaml'), /x\.yaml: mappings\[0\]\.when: unknown key "colour" \(conditions: kind, /);
  assert.throws(() => parseFrameworkFile(minimal.replace('kind: [secret, binding, config]', 'factor: luck'), 'x.yaml'), (e: unknown) => e instanceof FrameworkLoadError && /mappings\[0\]\.when\.factor\[0\]: must be one of afterlife, /.test(e.message) && !e.message.includes('luck'));
  assert.throws(() => parseFrameworkFile(minimal.replace('kind: [secret, binding, config]', 'kind: rumour'), 'x.yaml'), (e: unknown) => e instanceof FrameworkLoadError && /when\.kind\[0\]: must be one of secret, binding, config$/.test(e.message) && !e.message.includes('rumour'));
  assert.throws(() => parseFrameworkFile(minimal.replace('title: one', 'title: one, two'), 'x.yaml'), /controls\[0\]: unknown key "two" \(quote titles that contain commas\)/);
  assert.throws(() => parseFrameworkFile('framework: [', 'x.yaml'), /not valid YAML/);
  assert.throws(() => parseFrameworkFile(minimal.replace('family: x', '') + 'family: NHI\n', 'x.yaml'), /belongs to family CWE/);
});

test('loader: a finding kind a required framework does not cover fails', () => {
  const fws: Framework[] = frameworks.map((f) => ({ ...f, mappings: [...f.mappings] }));
  const nhi = fws.find((f) => f.id === 'owasp-nhi-2025')!;
  // Keep only conditional binding/config mappings: "kind: config" alone no longer maps to NHI.
  nhi.mappings = nhi.mappings.filter((m) => !(Object.keys(m.when).length === 1 && m.when.kind?.includes('config')));
  assert.throws(() => checkCoverage(fws), /owasp-nhi-2025" does not cover finding kind "config"|does not cover finding kind "binding"/);
  assert.throws(() => checkCoverage(frameworks.filter((f) => f.id !== "cwe")), /required framework "cwe"/);
  assert.doesNotThrow(() => checkCoverage(frameworks));
});

test('loader: a directory with a broken file fails as a whole', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-fw-'));
  for (const f of fs.readdirSync(path.join(RULES, 'frameworks'))) fs.copyFileSync(path.join(RULES, 'frameworks', f), path.join(dir, f));
  fs.writeFileSync(path.join(dir, 'extra.yaml'), minimal.replace('framework: cwe', 'framework: made-up'));
  assert.throws(() => loadFrameworks(dir), /unknown framework id "made-up"/);
  fs.writeFileSync(path.join(dir, 'extra.yaml'), minimal);
  assert.throws(() => loadFrameworks(dir), /framework "cwe" is defined twice/);
});

const FAMILY_OF = Object.fromEntries(frameworks.map((f) => [f.id, f.family]));
const REQUIRED_FAMILIES = ['ASI', 'NHI', 'MAESTRO', 'NIST', 'CWE'];

function families(f: Finding): Set<string> {
  return new Set(f.frameworks.filter((r) => REQUIRED_FRAMEWORKS.includes(r.framework)).map((r) => FAMILY_OF[r.framework]!));
}

function score(f: Finding): Finding {
  return scoreFinding(f, { taskWindowSeconds: 900, now: NOW, catalog, frameworks });
}

test('every shipped rule id (credential rules and checks) maps to all five families', () => {
  assert.ok(catalog.rules.size >= 3, 'catalog has rules');
  for (const rule of catalog.rules.values()) {
    const f = score(typicalFinding(rule, 900, NOW));
    assert.deepEqual([...families(f)].sort(), [...REQUIRED_FAMILIES].sort(), `${rule.id} (${rule.source})`);
  }
});

test('every finding kind maps to all five families even with no other facts', () => {
  for (const kind of ['secret', 'binding', 'config'] as FindingKind[]) {
    const f = score({ ruleId: 'not-a-shipped-rule', kind, severity: 'info', score: 0, file: 'x', line: 1, column: 1, message: '', factors: [], frameworks: [], remediation: '' });
    assert.deepEqual([...families(f)].sort(), [...REQUIRED_FAMILIES].sort(), kind);
  }
});

const base = (over: Partial<Finding>): Finding => ({
  ruleId: 'x', kind: 'secret', severity: 'info', score: 0, file: 'x', line: 1, column: 1, message: '', factors: [], frameworks: [], remediation: '', ...over,
});
const ids = (f: Finding) => f.frameworks.map((r) => r.id);

test('required mappings: reuse → NHI9, static CI cloud keys → NHI6, long-lived → NHI7, expired → CWE-324', () => {
  assert.ok(ids(score(base({ context: { reuse: { count: 2, tools: ['a', 'b'], locations: [] } } }))).includes('NHI9'));
  assert.ok(ids(score(base({ ruleId: 'secret-reuse', kind: 'binding' }))).includes('NHI9'));
  assert.ok(ids(score(base({ kind: 'config', context: { tags: ['static-ci-credential'] } }))).includes('NHI6'));
  const longLived = { class: 'long-lived' as const, ttlSeconds: 90 * 86400, expiresAt: null };
  assert.ok(ids(score(base({ credential: { provider: 'p', type: 't', fingerprint: 'f', redacted: 'r', lifetime: longLived, afterlife: { unbounded: false, seconds: 1 } } }))).includes('NHI7'));
  const expired = { class: 'short-lived' as const, ttlSeconds: 3600, expiresAt: '2020-01-01T00:00:00Z' };
  const e = score(base({ credential: { provider: 'p', type: 't', fingerprint: 'f', redacted: 'r', lifetime: expired, afterlife: { unbounded: false, seconds: 0 } } }));
  assert.ok(ids(e).includes('CWE-324'));
  assert.ok(!ids(e).includes('NHI7'), 'an expired short-lived token is not a long-lived secret');
});

test('every FrameworkRef carries a title and an https url', () => {
  const f = score(base({ context: { exposure: 'committed', tags: ['human-credential'] } }));
  for (const r of f.frameworks) {
    assert.ok(r.title.length > 0, r.id);
    assert.ok(r.url?.startsWith('https://'), `${r.framework} ${r.id}`);
  }
});
