// The real-repository bench (bench/real.ts): findings matched to bench/real/triage.json by repository, file,
// rule and any line of the credential; verdict counts, precision and the targets it checks.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { matchTriage, triageSection, loadTriage, type TriageEntry } from '../../bench/real/triage.js';
import { findingsSection } from '../../bench/real/findings.js';
import { loadDevset, parseRealArgs } from '../../bench/real.js';
import type { RepoRun } from '../../bench/real/types.js';
import type { Finding, Report } from '../../src/model/report.js';
import { repoRoot } from '../../src/testing/paths.js';

function finding(file: string, line: number, severity: Finding['severity'], occurrences: number[] = []): Finding {
  return {
    ruleId: 'generic-secret-assignment', kind: 'secret', severity, score: 0, file, line, column: 1, message: 'm',
    factors: [], frameworks: [], remediation: '',
    ...(occurrences.length ? { occurrences: [{ line, column: 1 }, ...occurrences.map((l) => ({ line: l, column: 1 }))] } : {}),
  } as Finding;
}

function run(findings: Finding[], failed: boolean): RepoRun {
  const report = {
    schemaVersion: 1, tool: { name: 'credlife', version: 't' }, root: 'r', taskWindowSeconds: 900, findings, bindings: [],
    summary: { filesScanned: 3, bytesScanned: 10, durationMs: 1, bySeverity: {}, byLifetime: {}, gate: { failOn: 'high', maxAfterlifeSeconds: null, failed, failing: failed ? 1 : 0, reasons: [] } },
  } as Report;
  return { dir: '/x/repo', entry: { name: 'repo', repo: 'o/repo', commit: 'c'.repeat(40) }, label: `o/repo@${'c'.repeat(40)}`, name: 'o/repo@cccccccccccc', report, wallMs: 1000, peakRssMb: null, exitCode: failed ? 1 : 0 };
}

const entry = (file: string, line: number, verdict: TriageEntry['verdict']): TriageEntry => ({ repo: `o/repo@${'c'.repeat(40)}`, file, line, rule: 'generic-secret-assignment', verdict, why: 'w' });

test('matchTriage: a finding matches an entry on any of its occurrence lines; entries without a finding are "gone"', () => {
  const r = run([finding('a.ts', 3, 'low', [9]), finding('b.ts', 1, 'info')], false);
  const { matched, gone } = matchTriage(r, [entry('a.ts', 9, 'fixture'), entry('c.ts', 4, 'fp'), entry('d.ts', 4, 'tp')]);
  assert.equal(matched[0]!.entry?.verdict, 'fixture');
  assert.equal(matched[1]!.entry, undefined);
  assert.deepEqual(gone.map((e) => e.file), ['c.ts', 'd.ts']);
});

test('triage section: counts, precision and targets (untriaged, fp at medium, lost recall, failed gate)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-real-'));
  try {
    fs.writeFileSync(path.join(dir, 'triage.json'), JSON.stringify({ entries: [entry('a.ts', 3, 'tp'), entry('b.ts', 1, 'fp'), entry('gone.ts', 2, 'fixture')] }));
    const r = run([finding('a.ts', 3, 'high'), finding('b.ts', 1, 'medium'), finding('new.ts', 5, 'low')], true);
    const opts = { dataDir: dir, argv: [] };
    const text = triageSection.render([r], opts);
    assert.match(text, /\| o\/repo@cccccccccccc \|\s+3 \|\s+1 \|\s+0 \|\s+1 \|\s+1 \|\s+1 \|\s+0\.500 \|\s+0 \|\s+1 \|/);
    assert.match(text, /untriaged\s+o\/repo@cccccccccccc new\.ts:5/);
    const problems = [...triageSection.check!([r], opts), ...findingsSection.check!([r], opts)];
    assert.ok(problems.some((p) => /1 untriaged/.test(p)));
    assert.ok(problems.some((p) => /fp at medium or above/.test(p)));
    assert.ok(problems.some((p) => /no longer reported/.test(p)));
    assert.ok(problems.some((p) => /precision .* < 0\.95/.test(p)));
    assert.ok(problems.some((p) => /default gate fails/.test(p)));
    assert.match(findingsSection.render([r], opts), /generic-secret-assignment\s+3\s+high 1, medium 1, low 1/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('bench/real data: the dev set is pinned and every triage entry is well-formed, with no value in it', () => {
  const dataDir = path.join(repoRoot(), 'bench', 'real');
  const devset = loadDevset(dataDir);
  assert.ok(devset.length >= 5);
  for (const e of devset) assert.match(e.commit, /^[0-9a-f]{40}$/);
  const labels = new Set(devset.map((e) => `${e.repo}@${e.commit}`));
  for (const e of loadTriage(dataDir)) {
    assert.ok(labels.has(e.repo), e.repo);
    assert.ok(e.line >= 1 && e.file && e.rule && e.why.length > 5, JSON.stringify(e));
    assert.ok(e.why.length < 160 && !/['"`]/.test(e.why) ? true : !/[A-Za-z0-9+/_-]{20,}/.test(e.why), `why holds no value: ${e.why}`);
  }
  assert.deepEqual(parseRealArgs(['a', '--check', '--write-untriaged', 'f.json', 'b'], devset), { dirs: ['a', 'b'], options: ['--check', '--write-untriaged', 'f.json'] });
});

test('bench/real data: the holdout set is pinned, apart from the dev set, and --holdout ROOT picks its checkouts', () => {
  const dataDir = path.join(repoRoot(), 'bench', 'real');
  const devset = loadDevset(dataDir);
  const holdout = loadDevset(dataDir, 'holdout.json');
  assert.ok(holdout.length >= 5);
  for (const e of holdout) assert.match(e.commit, /^[0-9a-f]{40}$/);
  const dev = new Set(devset.map((e) => e.repo));
  for (const e of holdout) assert.ok(!dev.has(e.repo), `${e.repo} is in both sets`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-holdout-'));
  try {
    fs.mkdirSync(path.join(root, holdout[0]!.name));
    assert.deepEqual(parseRealArgs(['--holdout', root, '--no-perf'], devset, holdout).dirs, [path.join(root, holdout[0]!.name)]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('bench/real data: the fresh set is pinned, apart from the other two, and --fresh ROOT picks its checkouts', () => {
  const dataDir = path.join(repoRoot(), 'bench', 'real');
  const devset = loadDevset(dataDir);
  const holdout = loadDevset(dataDir, 'holdout.json');
  const fresh = loadDevset(dataDir, 'fresh.json');
  assert.ok(fresh.length >= 5);
  for (const e of fresh) assert.match(e.commit, /^[0-9a-f]{40}$/);
  const other = new Set([...devset, ...holdout].map((e) => e.repo));
  for (const e of fresh) assert.ok(!other.has(e.repo), `${e.repo} is in two sets`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-fresh-'));
  try {
    fs.mkdirSync(path.join(root, fresh[1]!.name));
    assert.deepEqual(parseRealArgs(['--fresh', root, '--no-perf'], devset, holdout, fresh).dirs, [path.join(root, fresh[1]!.name)]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
