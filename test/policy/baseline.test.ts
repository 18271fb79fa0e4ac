// Baselines through the CLI: written, lines shifted and files reformatted, rescan passes; a new secret fails
// with exactly one finding; the file is sorted, stable, line-free and value-free.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { acmeToken, configWithRule, RULE_ID, scanJson, tree, write } from './helpers.js';
import { formatBaseline, readBaseline } from '../../src/policy/baseline.js';
import type { Finding } from '../../src/model/report.js';

test('baseline: written, lines shifted, rescan passes; a new secret fails with exactly one finding', async () => {
  const dir = tree({
    '.credlife.yaml': configWithRule(),
    'deploy/app.env': `REGION=eu\nACME_TOKEN=${acmeToken(1)}\n`,
    'src/client.py': `import os\nTOKEN = "${acmeToken(2)}"\n`,
  });
  const baseline = path.join(dir, '.credlife-baseline.yaml');

  const first = await scanJson([dir]);
  assert.equal(first.r.code, 1, 'the unbaselined tree fails the gate');
  assert.equal(first.report.findings.length, 2);

  const written = await scanJson([dir, '--write-baseline', baseline]);
  assert.equal(written.r.code, 0, written.r.stderr);
  const text = fs.readFileSync(baseline, 'utf8');
  assert.ok(!text.includes(acmeToken(1)) && !text.includes(acmeToken(2)), 'no raw value in the baseline');
  const entryLines = text.split('\n').filter((l) => l.startsWith('  - '));
  assert.equal(entryLines.length, 2);
  assert.ok(entryLines.every((l) => !/\bline\b/.test(l)), 'no line numbers in the baseline');

  // Shift lines and reformat: blank lines and comments above, quotes and spacing changed.
  write(dir, 'deploy/app.env', `# moved\n\n\nREGION=eu\n\nACME_TOKEN = "${acmeToken(1)}"\n`);
  write(dir, 'src/client.py', `"""Client."""\nimport os\n\n\n\nTOKEN = (\n    "${acmeToken(2)}"\n)\n`);
  const shifted = await scanJson([dir, '--baseline', baseline]);
  assert.equal(shifted.r.code, 0, `shifted tree passes:\n${JSON.stringify(shifted.report.findings, null, 1)}`);
  assert.equal(shifted.report.findings.length, 0);
  assert.equal(shifted.report.summary.baselined, 2);
  assert.ok(shifted.report.summary.suppressed?.some((s) => s.kind === 'baseline' && s.count === 2));

  // A new secret: exactly one finding, the gate fails.
  write(dir, 'src/other.ts', `export const t = "${acmeToken(3)}";\n`);
  const added = await scanJson([dir, '--baseline', baseline]);
  assert.equal(added.r.code, 1);
  assert.equal(added.report.findings.length, 1);
  assert.equal(added.report.findings[0]!.file, 'src/other.ts');
  assert.equal(added.report.findings[0]!.ruleId, RULE_ID);

  // --show-baselined lists the known ones, marked, and they still do not fail the gate.
  write(dir, 'src/other.ts', 'export const t = 1;\n');
  const shown = await scanJson([dir, '--baseline', baseline, '--show-baselined']);
  assert.equal(shown.r.code, 0, 'baselined findings never fail the gate');
  assert.equal(shown.report.findings.length, 2);
  assert.ok(shown.report.findings.every((f) => f.context?.notes?.includes('baselined')));
});

test('baseline: the same secret moved to another file is a new finding', async () => {
  const dir = tree({ '.credlife.yaml': configWithRule(), 'a.env': `K=${acmeToken(4)}\n` });
  const baseline = path.join(dir, 'b.yaml');
  await scanJson([dir, '--write-baseline', baseline]);
  fs.renameSync(path.join(dir, 'a.env'), path.join(dir, 'c.env'));
  const r = await scanJson([dir, '--baseline', baseline]);
  assert.equal(r.r.code, 1);
  assert.equal(r.report.findings.length, 1);
});

test('baseline: missing or broken baseline files are exit 2 naming the file', async () => {
  const dir = tree({ '.credlife.yaml': configWithRule(), 'broken.yaml': 'version: 1\nfindings: {oops\n', 'v2.yaml': 'version: 2\nfindings: []\n' });
  for (const [name, pattern] of [['nope.yaml', /baseline not found/], ['broken.yaml', /broken\.yaml/], ['v2.yaml', /version/]] as const) {
    const r = await scanJson([dir, '--baseline', path.join(dir, name)]).catch((e: Error) => ({ error: e.message }));
    assert.ok('error' in r, `${name} must not produce a report`);
    assert.match(r.error, /exit 2/);
    assert.match(r.error, pattern);
  }
});

function finding(file: string, ruleId: string, fingerprint?: string, message = 'm'): Finding {
  return {
    ruleId, kind: fingerprint ? 'secret' : 'config', severity: 'high', score: 80, file, line: 1, column: 1, message,
    factors: [], frameworks: [], remediation: '',
    ...(fingerprint ? { credential: { provider: 'p', type: 't', fingerprint, redacted: '…', lifetime: { class: 'static', ttlSeconds: null, expiresAt: null }, afterlife: { unbounded: true, seconds: null } } } : {}),
  };
}

test('baseline format: sorted, de-duplicated, one entry per line, stable; merged (union) files still read', () => {
  const a = [finding('z.ts', 'r1', 'fp1:aaa'), finding('a.ts', 'r2', 'fp1:bbb'), finding('a.ts', 'r2', 'fp1:bbb'), finding('m.yaml', 'vault-ttl', undefined, 'Vault role ttl 768h at line 12')];
  const text = formatBaseline(a);
  assert.equal(text, formatBaseline([...a].reverse()), 'order of findings does not matter');
  const entries = text.split('\n').filter((l) => l.startsWith('  - '));
  assert.equal(entries.length, 3);
  assert.deepEqual([...entries].sort(), entries, 'entries are sorted');
  // A config finding's key ignores line numbers in its message.
  assert.equal(formatBaseline([finding('m.yaml', 'vault-ttl', undefined, 'Vault role ttl 768h at line 40')]).split('\n').find((l) => l.includes('vault-ttl')), entries.find((l) => l.includes('vault-ttl')));

  // Two branches each add one entry; a union merge concatenates both sides in any order, with duplicates.
  const dir = tree({});
  const merged = [...text.split('\n').slice(0, -1), '  - {file: "b.ts", rule: "r9", fingerprint: "fp1:ccc"}', entries[0]!, ''].join('\n');
  write(dir, 'merged.yaml', merged);
  assert.equal(readBaseline(path.join(dir, 'merged.yaml')).size, 4);
});

test('baseline: config and binding findings survive a step inserted above them (keyed by subject, not message)', async () => {
  const step = (name: string | null, env: string[]) =>
    [`      - ${name ? `name: ${name}\n        ` : ''}run: echo ok`, '        env:', ...env.map((e) => `          ${e}: \${{ secrets.${e} }}`)].join('\n');
  const workflow = (steps: string[]) => ['on: push', 'jobs:', '  a:', '    runs-on: ubuntu-latest', '    steps:', ...steps, ''].join('\n');
  const awsStep = step(null, ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']);
  const apiStep = step(null, ['OPENAI_API_KEY']);
  const dir = tree({ '.github/workflows/ci.yml': workflow([apiStep, awsStep]) });
  const baseline = path.join(dir, 'baseline.yaml');
  const first = await scanJson([dir, '--fail-on', 'low']);
  assert.equal(first.r.code, 1, 'the workflow fails a low gate');
  assert.ok(first.report.findings.some((f) => f.ruleId === 'gha-static-aws-keys'), 'static AWS keys are reported');
  assert.ok(first.report.findings.every((f) => !/#\d/.test(f.message)), `no step index in messages: ${first.report.findings.map((f) => f.message).join(' | ')}`);
  const written = await scanJson([dir, '--fail-on', 'low', '--write-baseline', baseline]);
  assert.equal(written.r.code, 0, written.r.stderr);
  assert.ok(fs.readFileSync(baseline, 'utf8').includes('subj1:'));

  // A step inserted above both: nothing is new.
  write(dir, '.github/workflows/ci.yml', workflow([step('Lint', []).replace(/\n {8}env:$/, ''), apiStep, awsStep]));
  const again = await scanJson([dir, '--fail-on', 'low', '--baseline', baseline]);
  assert.equal(again.r.code, 0, `rescan after inserting a step: ${again.report.findings.map((f) => `${f.ruleId} ${f.message}`).join('\n')}`);
  assert.ok(again.report.summary.baselined! >= 2);

  // A new env var in the same step is a new finding.
  write(dir, '.github/workflows/ci.yml', workflow([apiStep, step(null, ['ANTHROPIC_API_KEY'])]));
  const added = await scanJson([dir, '--fail-on', 'low', '--baseline', baseline]);
  assert.equal(added.r.code, 1);
  assert.ok(added.report.findings.some((f) => f.message.includes('ANTHROPIC_API_KEY')));
});
