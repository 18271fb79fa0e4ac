// The repository holds no token-shaped literal: scanning it reports no secret at all, and with the
// repository's own policy (.credlife.yaml: fixtures and the demo allowlisted, with reasons) nothing.
import test from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../src/testing/cli.js';
import { repoRoot } from '../../src/testing/paths.js';
import type { Report } from '../../src/model/report.js';

const where = (r: Report) => r.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`);

test('credlife scan . on this repository finds no secret, even without its config', async () => {
  const r = await runCli(['scan', '.', '--no-config', '--format', 'json', '--exit-zero'], { cwd: repoRoot() });
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as Report;
  assert.deepEqual(where({ ...report, findings: report.findings.filter((f) => f.kind === 'secret') }), []);
});

test('credlife scan . with the repository policy is clean at the strictest gate', async () => {
  const r = await runCli(['scan', '.', '--format', 'json', '--fail-on', 'info'], { cwd: repoRoot() });
  const report = JSON.parse(r.stdout) as Report;
  assert.deepEqual(where(report), []);
  assert.equal(r.code, 0, r.stderr);
  assert.ok((report.summary.suppressed ?? []).every((s) => s.reason.length > 10), 'every suppression says why');
});
