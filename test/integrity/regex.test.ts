// Every regex from a repository's config runs with a deadline: the ReDoS probe runs in a worker that is
// stopped after its budget (the config is refused with file:line:key), and a regex that passes the probe
// but explodes on a scanned file runs where the watchdog stops it (an incomplete scan, never a hang).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { runCli, writeTree } from '../../src/testing/cli.js';
import type { Report } from '../../src/model/report.js';

function customRule(regex: string): string {
  return [
    'version: 1',
    'customRules:',
    '  - id: acme-token',
    '    provider: acme',
    '    type: token',
    '    keywords: [acme_]',
    `    regex: '${regex}'`,
    '    lifetime: { class: static, ttlSeconds: null }',
    '    remediation: rotate it',
    '',
  ].join('\n');
}

for (const [name, config, line, key] of [
  ['custom rule with stacked optional digits', customRule('(?<secret>acme_\\d*\\d*\\d*\\d*\\d*\\d*y)'), 7, 'customRules[0].regex'],
  ['allowlist regex (.*a){12}z', "version: 1\nallowlist:\n  regexes:\n    - pattern: '(.*a){12}z'\n      reason: test\n", 4, 'allowlist.regexes[0].pattern'],
  ['custom rule allow regex', customRule('(?<secret>acme_[a-z0-9]{8})') + "    allow: ['(.*a){12}z']\n", 10, 'customRules[0].allow'],
] as const) {
  test(`a hanging regex in a repository config is stopped and refused with file:line:key: ${name}`, { timeout: 120_000 }, async () => {
    const dir = writeTree({ '.credlife.yaml': config, 'a.txt': 'x = 1\n' });
    try {
      for (const extra of [[], ['--strict-config']]) {
        const r = await runCli(['scan', dir, ...extra]);
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, new RegExp(`\\.credlife\\.yaml:${line}: ${key.replace(/[[\].]/g, '\\$&')}`), r.stderr);
        assert.match(r.stderr, /backtrack catastrophically/);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('a custom regex that passes the probe but explodes on a scanned file is stopped by the watchdog', { timeout: 120_000 }, async () => {
  // k*k*…Q: no probe line is a long run of "k", so the probe passes; a file holding one hangs the rule.
  const dir = writeTree({ '.credlife.yaml': customRule('(?<secret>acme_k*k*k*k*k*k*k*k*Q)'), 'bomb.txt': `acme_${'k'.repeat(5000)}!\n`, 'ok.txt': 'x\n' });
  try {
    const r = await runCli(['scan', dir, '--format', 'json', '--file-timeout', '2000']);
    assert.equal(r.code, 2, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    assert.deepEqual(report.summary.incomplete?.map((i) => [i.file, i.reason]), [['bomb.txt', 'timeout']]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
