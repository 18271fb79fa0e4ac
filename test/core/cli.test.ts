// End-to-end through the built CLI: exit codes 0/1/2, formats, the gate.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runCli, writeTree } from '../../src/testing/cli.js';
import { fakeToken } from '../../src/testing/fake-tokens.js';
import type { Report } from '../../src/types.js';

const secretTree = () =>
  writeTree({
    'config/settings.py': 'OPENAI_API_KEY = "{{openai}}"\n',
    'README.md': '# nothing here\nUse OPENAI_API_KEY=sk-your-key-here in your .env\n',
  });

test('exit 0 on a clean tree, with a gate line', async () => {
  const dir = writeTree({ 'a.ts': 'export const x = 1;\n', '.env.example': 'OPENAI_API_KEY=sk-your-key-here\n' });
  const r = await runCli(['scan', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /0 finding\(s\)/);
  assert.match(r.stdout, /Gate passed/);
});

test('exit 1 when a committed static key is at or above the gate; --exit-zero reports only', async () => {
  const dir = secretTree();
  const r = await runCli(['scan', dir]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /config\/settings\.py/);
  assert.match(r.stdout, /Gate failed/);
  assert.ok(!r.stdout.includes(fakeToken('openai')), 'raw secret must not be printed');
  const zero = await runCli(['scan', dir, '--exit-zero']);
  assert.equal(zero.code, 0);
});

test('exit 2 on an unknown flag, a missing path, a bad duration, an unknown format', async () => {
  for (const args of [
    ['scan', '--no-such-flag'],
    ['scan', '/definitely/not/here'],
    ['scan', '.', '--max-afterlife', 'forever'],
    ['scan', '.', '--format', 'pdf'],
    ['scan', '.', '--fail-on', 'severe'],
    ['frobnicate'],
  ]) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}\n${r.stderr}`);
    assert.match(r.stderr, /error/i, args.join(' '));
    assert.ok(!/\n\s+at /.test(r.stderr), 'no stack trace without --debug');
  }
});

test('--help documents the exit codes; --version prints the version', async () => {
  const help = await runCli(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Exit codes/);
  const scanHelp = await runCli(['scan', '--help']);
  assert.match(scanHelp.stdout, /--max-afterlife/);
  const version = await runCli(['--version']);
  assert.equal(version.code, 0);
  assert.match(version.stdout.trim(), /^\d+\.\d+\.\d+/);
});

test('--format json follows the report contract', async () => {
  const dir = secretTree();
  const r = await runCli(['scan', dir, '--format', 'json', '--exit-zero']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as Report;
  assert.equal(report.schemaVersion, 1);
  assert.equal(report.tool.name, 'credlife');
  assert.equal(report.root, dir);
  assert.equal(report.taskWindowSeconds, 900);
  assert.ok(Array.isArray(report.bindings));
  const f = report.findings.find((x) => x.file === 'config/settings.py');
  assert.ok(f, 'finding in settings.py');
  assert.equal(f.kind, 'secret');
  assert.equal(f.line, 1);
  assert.ok(f.column > 1);
  assert.ok(f.credential);
  assert.equal(f.credential.lifetime.class, 'static');
  assert.deepEqual(f.credential.afterlife, { unbounded: true, seconds: null });
  assert.ok(f.credential.fingerprint.length > 8);
  assert.ok(!f.credential.redacted.includes(fakeToken('openai').slice(10, 40)));
  assert.ok(['critical', 'high'].includes(f.severity));
  assert.equal(typeof f.score, 'number');
  assert.ok(Array.isArray(f.factors) && f.factors.length > 0);
  assert.ok(!r.stdout.includes(fakeToken('openai')));
  assert.equal(report.summary.filesScanned, 2);
  assert.ok(report.summary.bytesScanned > 0);
  assert.ok(!report.findings.some((x) => x.file === 'README.md'), 'placeholder in README is not a secret');
});

test('--max-afterlife gates on afterlife even when severity passes', async () => {
  const dir = secretTree();
  const r = await runCli(['scan', dir, '--fail-on', 'critical', '--max-afterlife', '1h', '--format', 'json']);
  assert.equal(r.code, 1);
  const report = JSON.parse(r.stdout) as Report;
  assert.ok(report.summary.gate?.failed);
  assert.match(report.summary.gate!.reasons.join(' '), /afterlife/);
});

test('--output writes a file; FORMAT=FILE pairs write several formats at once', async () => {
  const dir = secretTree();
  const out = path.join(dir, 'out');
  const r = await runCli(['scan', dir, '--exit-zero', '--exclude', 'out/**', '--format', 'text', '--output', `json=${out}/r.json`]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /finding/);
  const report = JSON.parse(fs.readFileSync(path.join(out, 'r.json'), 'utf8')) as Report;
  assert.ok(report.findings.length > 0);
  const single = await runCli(['scan', dir, '--exit-zero', '--format', 'json', '--output', `${out}/single.json`]);
  assert.equal(single.stdout, '');
  assert.ok(JSON.parse(fs.readFileSync(path.join(out, 'single.json'), 'utf8')).findings);
});

test('--debug lists skipped files; --quiet is short', async () => {
  const dir = writeTree({ 'big.txt': 'x'.repeat(5000), 'a.txt': 'hello' });
  const r = await runCli(['scan', dir, '--max-file-size', '1KB', '--debug']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /big\.txt: too-large/);
  const q = await runCli(['scan', dir, '--max-file-size', '1KB', '--quiet']);
  assert.ok(q.stdout.split('\n').filter(Boolean).length <= 2, q.stdout);
});

test('colour only when asked: NO_COLOR and non-TTY stay plain, FORCE_COLOR colours', async () => {
  const dir = secretTree();
  const plain = await runCli(['scan', dir]);
  assert.ok(!plain.stdout.includes('\x1b['));
  const forced = await runCli(['scan', dir], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
  assert.ok(forced.stdout.includes('\x1b['));
  const off = await runCli(['scan', dir, '--no-color'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
  assert.ok(!off.stdout.includes('\x1b['));
});

test('scan - reads standard input under --stdin-name', async () => {
  const r = await runCli(['scan', '-', '--stdin-name', '.env', '--format', 'json'], { input: `GITHUB_TOKEN=${fakeToken('github-pat')}\n` });
  assert.equal(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout) as Report;
  assert.equal(report.findings[0]?.file, '.env');
  assert.equal(report.findings[0]?.line, 1);
  const mixed = await runCli(['scan', '-', '.'], { input: '' });
  assert.equal(mixed.code, 2);
});
