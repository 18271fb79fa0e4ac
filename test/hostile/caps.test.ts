// Per-file caps must not become a hiding place: a key placed after thousands of keyword decoys is still
// found (the rule falls back to one whole-text run), and live keys are
// never cut by the 500-per-file cap (test/integrity/incomplete.test.ts covers a cut: an incomplete scan).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { runCli, writeTree } from '../../src/testing/cli.js';
import { fakeToken } from '../../src/testing/fake-tokens.js';
import type { Report } from '../../src/model/report.js';

test('a key hidden behind 200,000 keyword decoys is found; a detection cap is reported, not silent', async () => {
  const prefix = fakeToken('stripe-live', 1).slice(0, 8); // the provider prefix, as the keyword
  const hidden = fakeToken('stripe-live', 9);
  const dir = writeTree({
    'stuffed.txt': `${prefix} `.repeat(200_000) + `\nSTRIPE_KEY=${hidden}\n`,
    'many.txt': Array.from({ length: 520 }, (_, i) => `STRIPE_KEY_${i}=${fakeToken('stripe-live', 100 + i)}`).join('\n') + '\n',
  });
  try {
    const res = await runCli(['scan', dir, '--format', 'json', '--no-config', '--exit-zero']);
    assert.equal(res.code, 0, res.stderr);
    const report = JSON.parse(res.stdout) as Report;
    const stuffed = report.findings.filter((f) => f.file === 'stuffed.txt' && f.ruleId === 'stripe-live-secret-key');
    assert.equal(stuffed.length, 1, 'the hidden key is found');
    assert.equal(stuffed[0]!.line, 2);
    assert.equal(report.findings.filter((f) => f.file === 'many.txt' && f.kind === 'secret').length, 520);
    // 520 live keys: all are kept (live long-lived ones are never cut below 5,000), so nothing is incomplete.
    assert.equal(report.summary.incomplete, undefined);
    assert.ok(!res.stdout.includes(hidden));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
