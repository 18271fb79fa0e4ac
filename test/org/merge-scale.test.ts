// Organisation-scale merge: one group per shared credential, capped name lists, a streamed JSON that equals the
// in-memory merge, output that grows linearly with the number of repositories, and an organisation view that
// leads with what a security team acts on. Sizes are counted, never timed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mergeReports, MERGE_NAME_CAP, MERGE_TOP_FINDINGS } from '../../src/report/merge.js';
import { formatJson } from '../../src/report/json.js';
import { runCli } from '../../src/testing/cli.js';
import { orgReport } from '../../src/testing/org-reports.js';
import type { Report } from '../../src/model/report.js';
import { sampleReport } from '../report/sample-report.js';

const { report: base, secrets } = sampleReport({ seed: 7 });

function reports(n: number): Report[] {
  return Array.from({ length: n }, (_, i) => orgReport(base, i));
}

/** Lay reports out as actions/download-artifact does: one folder per artifact, each holding credlife.json. */
function writeArtifacts(list: Report[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-org-'));
  list.forEach((r, i) => {
    const d = path.join(dir, 'reports', `credlife-${String(i).padStart(4, '0')}`);
    fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(d, 'credlife.json'), formatJson(r));
  });
  return dir;
}

test('merge: a credential in every repository is one group with a count, and crossRepo lists stay capped', () => {
  const n = 30;
  const merged = mergeReports(reports(n).map((r) => ({ name: r.repository!, report: r })));
  const everywhere = merged.credentials!.filter((g) => g.repositoryCount === n);
  assert.ok(everywhere.length > 0, 'some credential is shared by every repository');
  const tenth = merged.credentials!.filter((g) => g.repositoryCount === n / 10);
  assert.ok(tenth.length > 0, 'some credential is shared by a tenth of them');
  assert.ok(merged.credentials!.some((g) => g.repositoryCount === 1));
  // Groups are unique per fingerprint and most widely held first.
  assert.equal(new Set(merged.credentials!.map((g) => g.fingerprint)).size, merged.credentials!.length);
  assert.equal(merged.credentials![0]!.repositoryCount, n);
  for (const g of merged.credentials!) {
    assert.ok(g.repositories.length <= MERGE_NAME_CAP && g.locations.length <= MERGE_NAME_CAP);
    assert.ok(g.repositories.length === Math.min(g.repositoryCount, MERGE_NAME_CAP));
  }
  for (const f of merged.findings) {
    const x = f.context?.crossRepo;
    if (!x) continue;
    assert.ok(x.repositories.length <= MERGE_NAME_CAP, 'crossRepo lists at most the cap');
    assert.ok((x.repositoryCount ?? 0) >= 2);
  }
  const shared = merged.findings.find((f) => f.credential?.fingerprint === everywhere[0]!.fingerprint)!;
  assert.equal(shared.context!.crossRepo!.repositoryCount, n);
  // Unique credentials are counted once, however many repositories hold them.
  const distinct = new Set(merged.findings.flatMap((f) => (f.credential ? [f.credential.fingerprint] : [])));
  assert.equal(merged.credentials!.length, distinct.size);
});

test('merge CLI: folders of artifact reports; the streamed JSON is exactly the in-memory merge', async () => {
  const list = reports(12);
  const dir = writeArtifacts(list);
  const out = path.join(dir, 'org.json');
  const r = await runCli(['merge', path.join(dir, 'reports'), '-f', 'json', '-o', out]);
  assert.equal(r.code, 0, r.stderr);
  const expected = formatJson(mergeReports(list.map((x) => ({ name: x.repository!, report: x }))));
  assert.equal(fs.readFileSync(out, 'utf8'), expected);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['org.json', 'reports'], 'no temporary file left behind');
});

test('merge CLI: output grows linearly with the number of repositories, in every format', async () => {
  const small = writeArtifacts(reports(10));
  const large = writeArtifacts(reports(100));
  for (const format of ['json', 'csv', 'html', 'markdown']) {
    const sizes: number[] = [];
    for (const dir of [small, large]) {
      const out = path.join(dir, `org.${format}`);
      const r = await runCli(['merge', path.join(dir, 'reports'), '-f', format, '-o', out]);
      assert.equal(r.code, 0, r.stderr);
      const text = fs.readFileSync(out, 'utf8');
      for (const s of secrets) assert.ok(!text.includes(s), `${format}: no raw secret`);
      sizes.push(text.length);
    }
    assert.ok(sizes[1]! <= sizes[0]! * 11, `${format}: 10x the repositories gave ${(sizes[1]! / sizes[0]!).toFixed(1)}x the output`);
  }
});

test('org view: totals, most shared credentials, longest afterlife and the scorecard matrix lead; findings per repository capped', async () => {
  const list = reports(20);
  const dir = writeArtifacts(list);
  for (const format of ['html', 'markdown']) {
    const r = await runCli(['merge', path.join(dir, 'reports'), '-f', format]);
    assert.equal(r.code, 0, r.stderr);
    const text = r.stdout;
    const order = ['Repositories', 'Credentials held by the most repositories and tools', 'Repositories with the longest afterlife', 'Scorecard'].map((h) =>
      text.indexOf(h),
    );
    assert.ok(order.every((i) => i >= 0), `${format}: every section present (${order})`);
    assert.deepEqual([...order].sort((a, b) => a - b), order, `${format}: sections in order`);
    assert.match(text, /20 repositories/);
    const count = format === 'html' ? `<b>${list.length}</b> org/repo-0000` : `${list.length}: org/repo-0000`;
    assert.ok(text.includes(count), `${format}: the credential every repository holds, with its count`);
  }
  const html = (await runCli(['merge', path.join(dir, 'reports'), '-f', 'html'])).stdout;
  const perRepo = html.split('<details>').slice(1);
  assert.equal(perRepo.length, 20);
  for (const section of perRepo) assert.ok((section.split('</details>')[0]!.match(/<tr><td>/g) ?? []).length <= MERGE_TOP_FINDINGS, 'at most the top findings per repository');
  assert.match(html, /more findings: see this repository's own report/);
});

test('merge CLI: an empty folder and a missing report are usage errors', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-org-empty-'));
  for (const args of [['merge', dir], ['merge', path.join(dir, 'missing.json')]]) {
    const r = await runCli(args);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /credlife: error: /);
  }
});

test('merge: files a repository could not fully read stay listed and keep failing the merged gate', async () => {
  const [a, b] = reports(2) as [Report, Report];
  b.summary.incomplete = [{ file: 'src/big.ts', reason: 'timeout', detail: 'code analysis' }];
  b.summary.gate = { ...b.summary.gate!, failed: true, incomplete: { files: 1, allowed: false } };
  const merged = mergeReports([{ name: 'a', report: a }, { name: 'b', report: b }]);
  assert.deepEqual(merged.summary.incomplete, [{ file: 'b:src/big.ts', reason: 'timeout', detail: 'code analysis' }]);
  assert.deepEqual(merged.summary.gate!.incomplete, { files: 1, allowed: false });
  assert.equal(merged.repositories!.find((r) => r.name === 'b')!.incomplete, 1);
  const dir = writeArtifacts([a, b]);
  const md = await runCli(['merge', path.join(dir, 'reports'), '-f', 'markdown']);
  assert.match(md.stdout, /Files not fully scanned \| 1 /);
});

test('merge CLI: JSON to a non-blocking pipe on standard output arrives whole', async () => {
  const dir = writeArtifacts(reports(40));
  const file = path.join(dir, 'org.json');
  assert.equal((await runCli(['merge', path.join(dir, 'reports'), '-f', 'json', '-o', file])).code, 0);
  // The test runner's pipe is non-blocking: a writer that outpaces its reader meets EAGAIN and must wait.
  const r = await runCli(['merge', path.join(dir, 'reports'), '-f', 'json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, fs.readFileSync(file, 'utf8'));
});
