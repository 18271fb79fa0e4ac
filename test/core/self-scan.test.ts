// The repository holds no token-shaped literal: scanning it reports nothing.
import test from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../src/testing/cli.js';
import { repoRoot } from '../../src/testing/paths.js';
import type { Report } from '../../src/types.js';

test('credlife scan . on this repository is clean', async () => {
  const r = await runCli(['scan', '.', '--format', 'json', '--fail-on', 'info'], { cwd: repoRoot() });
  const report = JSON.parse(r.stdout) as Report;
  const secrets = report.findings.filter((f) => f.kind === 'secret');
  assert.deepEqual(
    secrets.map((f) => `${f.file}:${f.line} ${f.ruleId}`),
    [],
    'no secret findings in the repository itself',
  );
  assert.equal(r.code, 0, report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`).join('\n'));
});
