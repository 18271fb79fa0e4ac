// .credlife.yaml: discovery, validation errors that name file, line and key (exit 2), --no-config,
// --strict-config, allowlists and disabled rules listed in the report, custom rule errors.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { acmeToken, configWithRule, RULE_ID, scanJson, tree, write } from './helpers.js';
import { runCli } from '../../src/testing/cli.js';
import { fakeToken } from '../../src/testing/fake-tokens.js';
import { parseConfigText } from '../../src/policy/config.js';
import { ConfigError } from '../../src/model/errors.js';
import { starterConfig } from '../../src/commands/init.js';

function configError(text: string): string {
  try {
    parseConfigText(text, 'cfg.yaml');
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err.message;
  }
  assert.fail(`no error for:\n${text}`);
}

test('config errors name file, line and key', () => {
  assert.equal(configError('failOn: high\nfail_on: low\n'), 'cfg.yaml:2: (top level): unknown key (did you mean "failOn"?)');
  assert.equal(configError('failOn: severe\n'), 'cfg.yaml:1: failOn: must be one of critical, high, medium, low, info');
  assert.equal(
    configError('version: 1\nallowlist:\n  paths:\n    - pattern: "test/**"\n      reason: fixtures\n    - pattern: "docs/**"\n'),
    'cfg.yaml:6: allowlist.paths[1]: "reason" is required: say why this exception is safe',
  );
  assert.equal(configError('rules:\n  disable:\n    - id: generic-password\n      reason: "  "\n'), 'cfg.yaml:4: rules.disable[0].reason: must not be empty: say why this exception is safe');
  assert.equal(configError('maxAfterlife: forever\n'), 'cfg.yaml:1: maxAfterlife: is not a duration');
  assert.match(configError('allowlist:\n  regexes:\n    - pattern: "(a+)+$"\n      reason: r\n'), /^cfg\.yaml:3: allowlist\.regexes\[0\]\.pattern: regex can backtrack/);
  assert.match(configError('allowlist:\n  regexes:\n    - pattern: "("\n      reason: r\n'), /^cfg\.yaml:3: allowlist\.regexes\[0\]\.pattern: regex does not compile/);
  assert.match(configError('failOn: high\n  bad: [\n'), /^cfg\.yaml:\d+: invalid YAML/);
  assert.match(configError('failOn: high\nfailOn: low\n'), /^cfg\.yaml:2: invalid YAML/);
  // Regex sources are never quoted: an allowlist or custom-rule pattern can hold a pasted token.
  const token = fakeToken('github-pat');
  const piece = token.slice(8, 20);
  const badAllow = configError(`allowlist:\n  regexes:\n    - pattern: "(${token}"\n      reason: r\n`);
  assert.equal(badAllow, 'cfg.yaml:3: allowlist.regexes[0].pattern: regex does not compile (unterminated group)');
  const badCustom = configError(configWithRule().replace("regex: '\\b(?<secret>ctok_[0-9A-Za-z]{32})\\b'", `regex: '(?<secret>${token}'`));
  assert.match(badCustom, /customRules\[0\]\.regex: .*does not compile/);
  assert.ok(!badCustom.includes(piece) && !configError(`taskWindow: ${token}\n`).includes(piece), 'no piece of the token in config errors');
  assert.equal(configError('- a\n- b\n'), 'cfg.yaml:1: expected a mapping of settings (failOn: high, …)');
  // Custom rules go through the detection engine's validation; the error points at the rule's field.
  const badRule = configWithRule().replace("regex: '\\b(?<secret>ctok_[0-9A-Za-z]{32})\\b'", "regex: 'ctok_[0-9a-z]+'");
  assert.match(configError(badRule), /^cfg\.yaml:7: customRules\[0\]\.regex: .*secret/);
  const rule = configWithRule().split('\n').slice(2).join('\n');
  assert.match(configError(`customRules:\n${rule}${rule}`), /^cfg\.yaml:9: customRules\[1\]\.id: duplicate custom rule id/);
});

test('valid configs parse; the starter config from credlife init is valid', () => {
  const { config } = parseConfigText(configWithRule({ severity: 'low', extra: 'maxAfterlife: 90\nissuers: [mintTaskToken, broker.exchange]' }), 'cfg.yaml');
  assert.equal(config.customRules?.[0]?.id, RULE_ID);
  assert.equal(config.customRules?.[0]?.source, 'cfg.yaml');
  assert.equal(config.maxAfterlife, '90');
  assert.equal(config.rules?.severity?.[0]?.line, 12);
  assert.deepEqual(parseConfigText('', 'empty.yaml').config, {});
  assert.equal(parseConfigText(starterConfig(), 'starter.yaml').config.failOn, 'high');
  // Every commented example in the starter is valid too once uncommented.
  const uncommented = starterConfig()
    .split('\n')
    .map((l) => l.replace(/^# (?=[a-zA-Z]+:(?: |$)|\s+\S)/, ''))
    .join('\n');
  assert.doesNotThrow(() => parseConfigText(uncommented, 'starter-full.yaml'), uncommented);
});

test('CLI: a broken config is exit 2 with file and line; --no-config ignores it; --config FILE is used', async () => {
  const dir = tree({ '.credlife.yaml': 'version: 1\nallowlist:\n  paths:\n    - pattern: "x/**"\n', 'sub/a.env': `K=${acmeToken(1)}\n`, 'ci/strict.yaml': configWithRule() });
  const broken = await runCli(['scan', path.join(dir, 'sub')]);
  assert.equal(broken.code, 2, broken.stderr + broken.stdout);
  assert.match(broken.stderr, /\.credlife\.yaml:4: allowlist\.paths\[0\]: "reason" is required/);
  assert.ok(!/\n\s+at /.test(broken.stderr), 'no stack trace');
  const none = await runCli(['scan', dir, '--no-config']);
  assert.equal(none.code, 0, none.stderr);
  const explicit = await scanJson([dir, '--config', path.join(dir, 'ci/strict.yaml')]);
  assert.equal(explicit.r.code, 1);
  assert.equal(explicit.report.findings[0]?.ruleId, RULE_ID);
  const missing = await runCli(['scan', dir, '--config', path.join(dir, 'nope.yaml')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /config file not found/);
});

test('CLI: the config is found by walking up from the scanned path, not above the repository root', async () => {
  const outer = tree({ '.credlife.yaml': 'failOn: [\n', 'repo/.git/HEAD': 'ref: refs/heads/main\n', 'repo/pkg/a.txt': 'hello\n' });
  const inside = await runCli(['scan', path.join(outer, 'repo/pkg')]);
  assert.equal(inside.code, 0, `the broken config above the repository root is not read: ${inside.stderr}`);
  write(outer, 'repo/.credlife.yaml', 'failOn: severe\n');
  const found = await runCli(['scan', path.join(outer, 'repo/pkg')]);
  assert.equal(found.code, 2, found.stderr + found.stdout);
  assert.match(found.stderr, /repo[/\\]\.credlife\.yaml:1: failOn/);
});

test('CLI: disabled rules, path allowlists and severity overrides take effect and are listed with reasons', async () => {
  const extra = [
    'allowlist:',
    '  paths:',
    '    - pattern: "test/fixtures/**"',
    '      reason: generated fake credentials',
  ].join('\n');
  const dir = tree({
    '.credlife.yaml': configWithRule({ severity: 'medium', extra }),
    'test/fixtures/a.env': `K=${acmeToken(1)}\n`,
    'src/b.env': `K=${acmeToken(2)}\n`,
  });
  const { r, report } = await scanJson([dir]);
  assert.equal(r.code, 0, 'medium is below the high gate');
  assert.deepEqual(report.findings.map((f) => [f.file, f.severity]), [['src/b.env', 'medium']]);
  assert.ok(report.findings[0]!.context?.notes?.some((n) => /severity .* → medium/.test(n)));
  const kinds = Object.fromEntries(report.summary.suppressed!.map((s) => [s.kind, s]));
  assert.equal(kinds['allowlist-path']?.count, 1);
  assert.equal(kinds['allowlist-path']?.reason, 'generated fake credentials');
  assert.match(kinds['allowlist-path']!.source, /\.credlife\.yaml:\d+$/);
  assert.equal(kinds['severity-override']?.count, 1);

  const text = await runCli(['scan', dir]);
  assert.match(text.stdout, /allowlist-path/);
  assert.match(text.stdout, /generated fake credentials/);

  fs.appendFileSync(path.join(dir, '.credlife.yaml'), `  stopwords:\n    - word: nothing-matches-this\n      reason: demo\n`);
  write(dir, '.credlife.yaml', fs.readFileSync(path.join(dir, '.credlife.yaml'), 'utf8').replace('rules:\n', `rules:\n  disable:\n    - id: ${RULE_ID}\n      reason: migrating to the broker this sprint\n`));
  const disabled = await scanJson([dir]);
  assert.equal(disabled.report.findings.length, 0);
  assert.ok(disabled.report.summary.suppressed!.some((s) => s.kind === 'rule-disabled' && s.target === RULE_ID && s.reason === 'migrating to the broker this sprint'));
  assert.ok(disabled.report.summary.suppressed!.some((s) => s.kind === 'stopword'));
});

test('CLI: --strict-config refuses a repository config that weakens the gate, naming file and line', async () => {
  const weakening = configWithRule({
    extra: 'allowlist:\n  paths:\n    - pattern: "test/**"\n      reason: fixtures',
  });
  const dir = tree({ '.credlife.yaml': weakening, 'a.env': `K=${acmeToken(1)}\n` });
  const r = await runCli(['scan', dir, '--strict-config']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /\.credlife\.yaml:11: allowlist\.paths: an allowlist \(paths\) is not allowed with --strict-config/);

  for (const [extra, key] of [
    [`rules:\n  disable:\n    - id: x-rule\n      reason: r`, 'rules.disable'],
    ['exclude: ["src/**"]', 'exclude'],
    ['failOn: critical', 'failOn'],
    ['taskWindow: 8h', 'taskWindow'],
    ['issuers: [getKey]', 'issuers'],
  ] as const) {
    write(dir, '.credlife.yaml', configWithRule({ extra }));
    const refused = await runCli(['scan', dir, '--strict-config']);
    assert.equal(refused.code, 2, extra);
    assert.match(refused.stderr, new RegExp(`${key.replace('.', '\\.')}: .*--strict-config`), refused.stderr);
  }

  // Adding checks is fine under --strict-config: custom rules, a stricter gate.
  write(dir, '.credlife.yaml', configWithRule({ extra: 'failOn: medium\nmaxAfterlife: 1h' }));
  const ok = await scanJson([dir, '--strict-config']);
  assert.equal(ok.r.code, 1);
  assert.equal(ok.report.findings.length, 1);

  // A config chosen by whoever runs the scan (outside the scanned tree) is trusted.
  const policyDir = tree({ 'policy.yaml': weakening });
  const trusted = await runCli(['scan', dir, '--strict-config', '--config', path.join(policyDir, 'policy.yaml')]);
  assert.notEqual(trusted.code, 2, trusted.stderr);
});

test('a custom rule the rule loader rejects at scan time is a ConfigError naming the config file', async () => {
  const { runScan } = await import('../../src/pipeline/scan.js');
  const dir = tree({ '.credlife.yaml': configWithRule(), 'a.txt': 'x\n' });
  // A plugin rule folder that defines the same id as the config's custom rule.
  const plugin = tree({ 'acme.yaml': configWithRule().split('\n').slice(1).join('\n').replace('customRules:', 'provider: acme\nrules:') });
  await assert.rejects(
    runScan({ paths: [dir], ruleDirs: [plugin], jobs: 1 }),
    (err: Error) => err instanceof ConfigError && /\.credlife\.yaml/.test(err.message) && /duplicate rule id/.test(err.message),
  );
});

test('docs/ci-gate.md: the "Every key" example is a valid config', async () => {
  const { repoRoot } = await import('../../src/testing/paths.js');
  const doc = fs.readFileSync(path.join(repoRoot(), 'docs/ci-gate.md'), 'utf8');
  const section = doc.slice(doc.indexOf('### Every key'));
  const block = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
  const { config } = parseConfigText(block, 'docs/ci-gate.md');
  assert.equal(config.customRules?.length, 1);
  assert.equal(config.allowlist?.paths?.[0]?.reason, 'generated fake credentials for tests');
});

test('CLI: config globs are relative to the config file, also when a subfolder is scanned', async () => {
  const extra = ['exclude: ["pkg/gen/**"]', 'allowlist:', '  paths:', '    - pattern: "pkg/fixtures/**"', '      reason: fake data'].join('\n');
  const dir = tree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.credlife.yaml': configWithRule({ extra }),
    'pkg/fixtures/a.env': `A=${acmeToken(1)}\n`,
    'pkg/gen/b.env': `B=${acmeToken(2)}\n`,
    'pkg/src/c.env': `C=${acmeToken(3)}\n`,
  });
  for (const target of [dir, path.join(dir, 'pkg')]) {
    const { report } = await scanJson([target]);
    assert.deepEqual(report.findings.map((f) => f.file), [target === dir ? 'pkg/src/c.env' : 'src/c.env'], target);
    assert.ok(report.summary.suppressed!.some((s) => s.kind === 'allowlist-path' && s.count === 1), target);
  }
});
