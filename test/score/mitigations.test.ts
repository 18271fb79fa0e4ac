// Mitigations the token itself shows lower the score end to end: a JWT with an audience (`aud`) or a
// confirmation claim (`cnf`, DPoP / mTLS) scores below the same JWT without them.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { runCli, writeTree } from '../../src/testing/cli.js';
import { expandTemplate } from '../../src/testing/fake-tokens.js';
import type { Report } from '../../src/model/report.js';

test('JWT aud and cnf claims become audience-bound / sender-constrained mitigations in the score', async () => {
  const plain = expandTemplate('{jwt:{"sub":"agent-worker","iss":"https://issuer.internal","iat":"+0","exp":"+7200"}}');
  const bound = expandTemplate('{jwt:{"sub":"agent-worker","iss":"https://issuer.internal","aud":"billing-api","cnf":{"jkt":"0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"},"iat":"+0","exp":"+7200"}}');
  const dir = writeTree({ 'plain.env': `SERVICE_TOKEN=${plain}\n`, 'bound.env': `SERVICE_TOKEN=${bound}\n` });
  try {
    const res = await runCli(['scan', dir, '--format', 'json', '--no-config', '--exit-zero']);
    assert.equal(res.code, 0, res.stderr);
    const report = JSON.parse(res.stdout) as Report;
    const jwtOf = (file: string) => report.findings.find((f) => f.file === file && f.ruleId === 'jwt');
    const p = jwtOf('plain.env');
    const b = jwtOf('bound.env');
    assert.ok(p && b, `both JWTs found: ${report.findings.map((f) => `${f.file}:${f.ruleId}`).join(', ')}`);
    assert.deepEqual(b.context?.mitigations, ['audience-bound', 'sender-constrained']);
    assert.equal(p.context?.mitigations, undefined);
    const names = (f: typeof b) => f.factors.map((x) => x.name);
    assert.ok(names(b).includes('audience-bound') && names(b).includes('sender-constrained'), names(b).join(','));
    assert.ok(!names(p).includes('audience-bound'));
    assert.ok(b.score < p.score, `bound ${b.score} < plain ${p.score}`);
    for (const f of [p, b]) assert.equal(f.factors.reduce((s, x) => s + x.effect, 0), f.score);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
