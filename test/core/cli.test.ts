// End-to-end through the built CLI: exit codes 0/1/2, formats, the gate.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { runCli, writeTree } from '../../src/testing/cli.js';
import { fakeToken } from '../../src/testing/fake-tokens.js';
import { repoRoot } from '../../src/testing/paths.js';
import type { Report } from '../../src/model/report.js';

const secretTree = () =>
  writeTree({
    'config/settings.py': 'OPENAI_API_KEY = "{{openai}}"\n',
    'README.md': '# nothing here\nUse OPENAI_API_KEY=sk-your-key-here in your .env\n',
  });

test('exit 0 on a clean tree, with a gate line', async () => {
  const dir = writeTree({ 'a.ts': 'export const x = 1;\n', '.env.example': 'OPENAI_API_KEY=sk-your-key-here\n' });
  const r = await runCli(['scan', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^0 findings$/m);
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
  assert.match(single.stdout, /^credlife: 1 finding \(1 high\) in \d+ files?; gate failed; wrote .*single\.json \(json\)\n$/, 'only a file was written: one summary line');
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

/** Any 12-character piece of `secret` in `text` (the secret body, past a public prefix). */
function leakedPiece(text: string, secret: string): string | undefined {
  const body = secret.replace(/^[a-z]+_/, '');
  for (let i = 0; i + 12 <= body.length; i++) if (text.includes(body.slice(i, i + 12))) return body.slice(i, i + 12);
  return undefined;
}

test('config and flag errors never echo the offending value, with or without --debug', async () => {
  const secret = fakeToken('github-pat');
  const clean = writeTree({ 'a.txt': 'hello\n' });
  const repo = writeTree({ 'a.txt': 'hello\n' });
  const git = (...a: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.email=t@example.com', '-c', 'user.name=t', ...a], { stdio: 'ignore' });
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'init');
  const cases: { name: string; args: string[]; expect: RegExp }[] = [
    { name: 'maxAfterlife in config', args: ['scan', writeTree({ '.credlife.yaml': `maxAfterlife: ${secret}\n` })], expect: /maxAfterlife: is not a duration/ },
    { name: 'taskWindow in config', args: ['scan', writeTree({ '.credlife.yaml': `taskWindow: "${secret}"\n` })], expect: /taskWindow: is not a duration/ },
    {
      name: 'allowlist regex in config',
      args: ['scan', writeTree({ '.credlife.yaml': `allowlist:\n  regexes:\n    - pattern: "(${secret}"\n      reason: test\n` })],
      expect: /allowlist\.regexes\[0\]\.pattern: regex does not compile \(unterminated group\)/,
    },
    { name: '--max-afterlife', args: ['scan', clean, '--max-afterlife', secret], expect: /--max-afterlife is not a duration/ },
    { name: '--max-afterlife=', args: ['scan', clean, `--max-afterlife=${secret}`], expect: /--max-afterlife is not a duration/ },
    { name: '--task-window', args: ['scan', clean, '--task-window', secret], expect: /--task-window is not a duration/ },
    { name: '--fail-on', args: ['scan', clean, '--fail-on', secret], expect: /--fail-on is not a severity/ },
    { name: '--max-file-size', args: ['scan', clean, '--max-file-size', secret], expect: /--max-file-size is not a size/ },
    { name: '--jobs', args: ['scan', clean, '--jobs', secret], expect: /--jobs is not a whole number/ },
    { name: '--format', args: ['scan', clean, '--format', secret], expect: /unknown --format\n/ },
    { name: '--diff unknown ref', args: ['scan', repo, '--diff', secret], expect: /--diff: unknown ref/ },
    { name: '--diff bad ref', args: ['scan', repo, '--diff', `-${secret}`], expect: /--diff needs a git ref/ },
    { name: '--branch unknown', args: ['scan', repo, '--history', '--branch', secret], expect: /--branch: unknown branch/ },
  ];
  for (const c of cases) {
    for (const extra of [[], ['--debug']]) {
      const r = await runCli([...c.args, ...extra]);
      assert.equal(r.code, 2, `${c.name}: ${r.stderr}`);
      assert.match(r.stderr, c.expect, c.name);
      assert.equal(leakedPiece(r.stdout + r.stderr, secret), undefined, `${c.name} ${extra.join(' ')} echoes the value:\n${r.stderr}`);
    }
  }
  // Short, plainly non-secret values may still be quoted.
  const pdf = await runCli(['scan', clean, '--format', 'pdf']);
  assert.match(pdf.stderr, /unknown --format "pdf"/);
});

test('conflicting or misplaced mode flags: exit 2, one line and a hint', async () => {
  const dir = writeTree({ 'a.txt': 'hello\n' });
  for (const [args, message] of [
    [['--history', '--staged'], /--history cannot be combined with --staged/],
    [['--history', '--diff', 'main'], /--history cannot be combined with --diff/],
    [['--staged', '--diff', 'main'], /--staged cannot be combined with --diff/],
    [['--since', 'main'], /--since only works with --history/],
    [['--branch', 'main'], /--branch only works with --history/],
    [['--max-commits', '5'], /--max-commits only works with --history/],
    [['--staged', '--max-commits', '5'], /--max-commits only works with --history/],
  ] as [string[], RegExp][]) {
    const r = await runCli(['scan', dir, ...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 2, r.stderr);
    assert.match(lines[0]!, message);
    assert.match(lines[1]!, /^hint: /);
  }
});

test('several -f pair with several -o in order; FORMAT=FILE still works; mismatched counts exit 2', async () => {
  const dir = secretTree();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-out-'));
  const r = await runCli(['scan', dir, '-f', 'sarif', '-f', 'json', '-o', path.join(out, 'a.sarif'), '-o', path.join(out, 'b.json'), '--exit-zero']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(fs.readFileSync(path.join(out, 'a.sarif'), 'utf8')).version, '2.1.0');
  assert.ok(Array.isArray((JSON.parse(fs.readFileSync(path.join(out, 'b.json'), 'utf8')) as Report).findings));
  const mixed = await runCli(['scan', dir, '-f', 'json', '-o', `sarif=${path.join(out, 'c.sarif')}`, '-o', path.join(out, 'd.json'), '--exit-zero']);
  assert.equal(mixed.code, 0, mixed.stderr);
  assert.equal(JSON.parse(fs.readFileSync(path.join(out, 'c.sarif'), 'utf8')).version, '2.1.0');
  assert.ok(Array.isArray((JSON.parse(fs.readFileSync(path.join(out, 'd.json'), 'utf8')) as Report).findings));
  for (const args of [
    ['-f', 'sarif', '-f', 'json', '-o', path.join(out, 'x')],
    ['-f', 'sarif', '-o', path.join(out, 'x'), '-o', path.join(out, 'y')],
    ['-f', 'sarif', '-f', 'json', '-f', 'html', '-o', path.join(out, 'x'), '-o', path.join(out, 'y')],
  ]) {
    const bad = await runCli(['scan', dir, ...args]);
    assert.equal(bad.code, 2, `${args.join(' ')}: ${bad.stderr}`);
    assert.match(bad.stderr, /format\(s\) for \d --output file\(s\)/);
  }
});

test('--output naming a directory is a usage error, not a bug', async () => {
  const dir = writeTree({ 'a.txt': 'hello\n' });
  for (const target of [dir, `${path.join(dir, 'new-folder')}/`]) {
    const r = await runCli(['scan', dir, '-o', target]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--output .* is a directory/);
    assert.doesNotMatch(r.stderr, /bug in credlife|EISDIR/);
  }
});

test('README: its suppression example is valid, and it documents skip reasons and --include as they behave', async () => {
  const r = await runCli(['scan', 'README.md', '--format', 'json', '--exit-zero']);
  const report = JSON.parse(r.stdout) as Report;
  assert.deepEqual((report.summary.warnings ?? []).filter((w) => /until=/.test(w.message)), [], 'no until= warning on README.md');
  const readme = fs.readFileSync(path.join(repoRoot(), 'README.md'), 'utf8');
  assert.doesNotMatch(readme, /`minified` \(code analysis only/, 'minified is a warning, not a summary.skipped reason');
  assert.doesNotMatch(readme, /narrow or widen/, '--include cannot widen past default excludes');
});

test('a reader that closes the pipe early (credlife scan | head) ends the scan with 2 and no stack trace', { timeout: 60_000 }, async () => {
  // Enough findings that the JSON report is far larger than a pipe's buffer.
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++) files[`svc${i}/.env`] = `GITHUB_TOKEN={{github-pat}}\nSLACK_BOT_TOKEN={{slack-bot}}\n`;
  const dir = writeTree(files);
  try {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [path.join(repoRoot(), 'bin', 'credlife.js'), 'scan', dir, '--no-config', '-f', 'json', '--exit-zero'], {
      env: { ...process.env, NO_COLOR: '1', CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.equal(code, 2, stderr);
    assert.doesNotMatch(stderr, /EPIPE|Unhandled|at .*\(node:/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
