// Every rule id the readers raise is defined in rules/checks (so SARIF, explain and frameworks know it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadChecks } from '../../src/score/checks.js';
import { repoRoot } from '../../src/testing/paths.js';
import { FIXTURES, extractFixture } from './helpers.js';

function fixtureFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? fixtureFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

test('reader rule ids exist in rules/checks with the kind the reader uses', () => {
  const checks = new Map(loadChecks(path.join(repoRoot(), 'rules', 'checks')).map((c) => [c.id, c]));
  const seen = new Set<string>();
  for (const abs of fixtureFiles(FIXTURES)) {
    const rel = path.relative(FIXTURES, abs).split(path.sep).join('/');
    for (const issue of extractFixture(rel).result.issues) {
      seen.add(issue.ruleId);
      const check = checks.get(issue.ruleId);
      assert.ok(check, `${issue.ruleId} (from ${rel}) is not in rules/checks`);
      assert.equal(check.kind, issue.kind, issue.ruleId);
    }
  }
  assert.ok(seen.size >= 12, [...seen].join(' '));
});
