// Hostile input is normal input: a tree built to trip the scanner. credlife must finish, exit 0 or 1,
// still find the ordinary secrets, and say what it skipped and why.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { runCli, writeTree } from '../../src/testing/cli.js';
import { fakeToken } from '../../src/testing/fake-tokens.js';
import { loadCredentialRules } from '../../src/detect/index.js';
import { runScan } from '../../src/pipeline/scan.js';
import { rulesDir } from '../../src/ruleset/paths.js';
import type { Report } from '../../src/model/report.js';

const PLANTED = ['github-pat', 'openai', 'stripe-live'] as const;

function yamlAliasBomb(levels = 12): string {
  const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
  return lines.join('\n') + '\napi_key: *a' + levels + '\n';
}

/** Lines built to make backtracking regexes explode near every rule's keywords. */
function regexKillers(): string {
  const rules = loadCredentialRules([rulesDir('credentials')]).rules;
  const out: string[] = [];
  for (const r of rules) {
    for (const kw of r.keywords.slice(0, 2)) {
      out.push(`${kw}${'a'.repeat(5000)}!`);
      out.push(`${kw}=${'-_'.repeat(3000)}`);
      out.push(`${kw}: "${'\\'.repeat(4000)}`);
      out.push(`${kw}${'://a:'.repeat(1500)}@`);
      out.push(`${kw} ${'='.repeat(2000)} ${'0'.repeat(3000)}`);
    }
  }
  return out.join('\n');
}

function buildHostileTree(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-hostile-'));
  const write = (rel: string, content: string | Buffer) => {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  };
  // Ordinary secrets the scan must still find.
  write('ok/.env', `GITHUB_TOKEN=${fakeToken('github-pat')}\n`);
  write('ok/config.py', `OPENAI_API_KEY = "${fakeToken('openai')}"\n`);
  write('ok/billing.ts', `const stripe = new Stripe("${fakeToken('stripe-live')}");\n`);

  write('bomb.yaml', yamlAliasBomb());
  write('deep.json', '['.repeat(120_000) + ']'.repeat(120_000));
  write('deep.yaml', 'a:\n' + Array.from({ length: 2000 }, (_, i) => ' '.repeat(i + 1) + '- ').join('\n') + '\n' + '['.repeat(110_000));
  write('deep-flow.yaml', 'k: ' + '['.repeat(100_001) + ']'.repeat(100_001) + '\n');
  write('one-line.min.js', 'var a="x";'.repeat(4_200_000)); // ~42 MB on one line
  write('killers.txt', regexKillers());
  write('truncated.json', '{"mcpServers": {"x": {"env": {"API_KEY": "');
  write('.mcp.json', '{"mcpServers": {"broken": {"command": "npx", "env": {"TOKEN": ');
  write('truncated.yaml', 'services:\n  app:\n    environment:\n      - "PASSWORD=');
  write('broken.toml', '[mcp_servers.x\nenv = { A = "');
  write('weird.env', 'export =\n"unterminated\nKEY="multi\nline never closed\n');
  write('latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a, 0xff, 0xfe, 0x41]));
  write('invalid-utf8.txt', Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0x0a]));
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`SLACK=hello\nANTHROPIC_API_KEY=${fakeToken('anthropic')}\n`, 'utf16le')]);
  write('utf16.env', utf16);
  write('blob.bin', Buffer.concat([Buffer.from([0, 1, 2, 0, 0]), Buffer.from(fakeToken('github-pat', 9)), Buffer.alloc(64)]));
  write('empty.txt', '');
  write('with space/tab\tname ünï😀.txt', 'nothing');
  for (let i = 0; i < 10_000; i++) write(`many/${Math.floor(i / 500)}/f${i}.txt`, `line ${i}\n`);
  // Symlinks: loops, dangling, out of the root (files and folders).
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-outside-'));
  fs.writeFileSync(path.join(outside, 'secret.env'), `OUTSIDE_TOKEN=${fakeToken('github-pat', 77)}\n`);
  fs.symlinkSync(path.join(outside, 'secret.env'), path.join(dir, 'linked.env'));
  fs.symlinkSync(outside, path.join(dir, 'linked-dir'));
  fs.symlinkSync(path.join(dir, 'nope'), path.join(dir, 'dangling'));
  fs.symlinkSync(path.join(dir, 'loop2'), path.join(dir, 'loop1'));
  fs.symlinkSync(path.join(dir, 'loop1'), path.join(dir, 'loop2'));
  fs.symlinkSync(dir, path.join(dir, 'ok', 'root-again'));
  // The gate-integrity attacks (test/integrity has one regression test each): a live key behind 600 expired
  // ones (a cap must not hide it), a token used as an MCP server name, a right-to-left override in a file
  // name, and a report path committed as a symlink to a file outside.
  write('capped.env', Array.from({ length: 600 }, (_, i) => `T${i}=${fakeToken('jwt-expired', 5000 + i)}`).join('\n') + `\nSTRIPE_SECRET_KEY=${fakeToken('stripe-live', 4243)}\n`);
  write('mcp/.mcp.json', JSON.stringify({ mcpServers: { [fakeToken('github-pat', 78)]: { command: 'npx', env: { GITHUB_TOKEN: fakeToken('github-pat', 78) } } } }));
  write('rtl\u202Etxt.env', `GITHUB_TOKEN=${fakeToken('github-pat', 79)}\n`);
  fs.writeFileSync(path.join(outside, 'victim.sarif'), 'untouched');
  fs.symlinkSync(path.join(outside, 'victim.sarif'), path.join(dir, 'credlife.sarif'));
  // A FIFO would block a naive reader forever.
  try {
    execFileSync('mkfifo', [path.join(dir, 'pipe.env')]);
  } catch {
    /* mkfifo missing: fine */
  }
  return dir;
}

test('hostile tree: finishes, finds ordinary secrets, reports what it skipped', { timeout: 240_000 }, async () => {
  const dir = buildHostileTree();
  // Without --allow-incomplete the capped file makes it an incomplete scan: exit 2, whatever else happens.
  const r = await runCli(['scan', dir, '--format', 'json', '--debug', '--max-file-size', '64MB', '--allow-incomplete']);
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
  const report = JSON.parse(r.stdout) as Report;
  for (const kind of PLANTED) {
    const file = kind === 'github-pat' ? 'ok/.env' : kind === 'openai' ? 'ok/config.py' : 'ok/billing.ts';
    assert.ok(
      report.findings.some((f) => f.kind === 'secret' && f.file === file),
      `planted ${kind} in ${file} found`,
    );
  }
  assert.ok(report.findings.some((f) => f.file === 'utf16.env' && f.kind === 'secret'), 'UTF-16 file with a BOM is decoded and scanned');
  assert.ok(!report.findings.some((f) => f.file === 'blob.bin'), 'binary file skipped');
  assert.ok(!report.findings.some((f) => f.file.startsWith('linked')), 'symlinks out of the root never followed');
  const skipped = report.summary.skipped ?? {};
  assert.ok((skipped['symlink-outside-root'] ?? 0) >= 2, JSON.stringify(skipped));
  assert.ok((skipped['symlink-loop'] ?? 0) >= 1, JSON.stringify(skipped));
  assert.ok((skipped['symlink-dangling'] ?? 0) >= 1, JSON.stringify(skipped));
  assert.ok((skipped['binary'] ?? 0) >= 1, JSON.stringify(skipped));
  const files = new Set((report.summary.skippedFiles ?? []).map((s) => s.file));
  assert.ok(files.has('linked-dir') && files.has('linked.env'));
  assert.ok(report.summary.filesScanned >= 10_000);
  for (const f of report.findings) {
    assert.ok(f.line >= 1 && f.column >= 1, `${f.file} has a valid position`);
    assert.ok(typeof f.file === 'string' && f.file.length > 0);
  }
  // Malformed structured files are warnings, never crashes.
  assert.ok(!/bug in credlife/.test(r.stderr));
  // Nothing outside the root and no raw secret leaks into the output.
  assert.ok(!r.stdout.includes(fakeToken('github-pat', 77)));
  for (const kind of PLANTED) assert.ok(!r.stdout.includes(fakeToken(kind)), `${kind} not printed`);
  // The gate-integrity attacks: the live key is kept and the capped file is named; names are scrubbed.
  assert.ok(report.findings.some((f) => f.file === 'capped.env' && f.ruleId === 'stripe-live-secret-key'), 'live key behind 600 expired ones kept');
  assert.ok(report.summary.incomplete?.some((i) => i.file === 'capped.env' && i.reason === 'findings-capped'));
  for (const seed of [78, 79]) assert.ok(!r.stdout.includes(fakeToken('github-pat', seed).slice(4, 20)), `token ${seed} never printed, even as a name`);
  // Text output says what was skipped, names the incomplete file, escapes the override, and exits 2.
  const text = await runCli(['scan', dir, '--max-file-size', '64MB', '--exit-zero']);
  assert.equal(text.code, 2, 'incomplete scan');
  assert.match(text.stdout, /Skipped [\d,]+ files?: .*symlink-outside-root/);
  assert.match(text.stdout, /Incomplete scan: .*\n  capped\.env: findings-capped/);
  assert.ok(!text.stdout.includes('\u202E') && text.stdout.includes('rtl\\u202etxt.env'));
  // The committed report path is a link to a file outside: writing through it is refused.
  const victim = fs.readlinkSync(path.join(dir, 'credlife.sarif'));
  const write = await runCli(['scan', '.', '--max-file-size', '64MB', '--allow-incomplete', '-o', 'sarif=credlife.sarif'], { cwd: dir });
  assert.equal(write.code, 2, write.stderr);
  assert.equal(fs.readFileSync(victim, 'utf8'), 'untouched');
});

test('a file that stalls its worker is abandoned and reported as a timeout', { timeout: 60_000 }, async () => {
  const dir = writeTree({ 'a/stall-here.txt': 'x', 'b/.env': 'GITHUB_TOKEN={{github-pat}}\n', 'c/ok.txt': 'y' });
  const r = await runCli(['scan', dir, '--format', 'json', '--jobs', '2', '--file-timeout', '1500', '--debug'], {
    env: { CREDLIFE_TEST_STALL_MARKER: 'stall-here' },
  });
  assert.equal(r.code, 2, 'a timed-out file makes the scan incomplete');
  assert.match(r.stderr, /incomplete scan: 1 file\(s\)/);
  const report = JSON.parse(r.stdout) as Report;
  assert.equal(report.summary.skipped?.timeout, 1);
  assert.deepEqual(report.summary.incomplete?.map((i) => [i.file, i.reason]), [['a/stall-here.txt', 'timeout']]);
  assert.ok(report.summary.skippedFiles?.some((s) => s.file === 'a/stall-here.txt' && s.reason === 'timeout'));
  assert.ok(report.findings.some((f) => f.file === 'b/.env'), 'the rest of the tree is still scanned');
});

test('the file a worker stalls on is the one reported, not the files before it in its batch', { timeout: 60_000 }, async () => {
  // One batch of four: the worker finishes two files (their results may still be held for a group message),
  // stalls on the third; only the third is a timeout, and the others are scanned (again, by a new worker).
  const dir = writeTree({ 'a/1.txt': 'x', 'a/2.env': 'GITHUB_TOKEN={{github-pat}}\n', 'a/3-stall-here.txt': 'y', 'a/4.env': 'SLACK_BOT_TOKEN={{slack-bot}}\n' });
  const r = await runCli(['scan', dir, '--format', 'json', '--jobs', '2', '--file-timeout', '1500'], {
    env: { CREDLIFE_TEST_STALL_MARKER: 'stall-here' },
  });
  assert.equal(r.code, 2, r.stderr);
  const report = JSON.parse(r.stdout) as Report;
  assert.deepEqual(report.summary.incomplete?.map((i) => [i.file, i.reason]), [['a/3-stall-here.txt', 'timeout']]);
  assert.deepEqual([...new Set(report.findings.map((f) => f.file))].sort(), ['a/2.env', 'a/4.env']);
});

test('a worker that crashes names the file it was on; the rest of its batch is scanned by a new worker', { timeout: 60_000 }, async () => {
  const dir = writeTree({ 'a/1.env': 'GITHUB_TOKEN={{github-pat}}\n', 'a/2-crash-here.txt': 'x', 'a/3.env': 'SLACK_BOT_TOKEN={{slack-bot}}\n' });
  const r = await runCli(['scan', dir, '--format', 'json', '--jobs', '2'], { env: { CREDLIFE_TEST_CRASH_MARKER: 'crash-here' } });
  assert.equal(r.code, 2, r.stderr);
  const report = JSON.parse(r.stdout) as Report;
  assert.deepEqual(report.summary.incomplete?.map((i) => [i.file, i.reason]), [['a/2-crash-here.txt', 'crashed']]);
  assert.deepEqual([...new Set(report.findings.map((f) => f.file))].sort(), ['a/1.env', 'a/3.env']);
});

test('a file that disappears between discovery and reading is reported as vanished', async () => {
  const dir = writeTree({ 'gone.txt': 'x', 'here.env': 'GITHUB_TOKEN={{github-pat}}\n' });
  const report = await runScan({
    paths: [dir],
    tasks: [
      { file: 'gone.txt', absPath: path.join(dir, 'gone-now.txt'), size: 1, exposure: 'file' },
      { file: 'here.env', absPath: path.join(dir, 'here.env'), size: 10, exposure: 'file' },
    ],
    debug: true,
  });
  assert.equal(report.summary.skipped?.vanished, 1);
  assert.ok(report.findings.some((f) => f.file === 'here.env'));
});

test('never executes scanned code or git hooks from the scanned repository', async () => {
  const marker = path.join(os.tmpdir(), `credlife-exec-marker-${process.pid}`);
  fs.rmSync(marker, { force: true });
  const payload = `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran');`;
  const dir = writeTree({
    'index.js': payload,
    'agent.mjs': `import fs from 'node:fs'; fs.writeFileSync(${JSON.stringify(marker)}, 'ran');\nimport { tool } from 'ai';\n`,
    'package.json': JSON.stringify({ name: 'x', scripts: { preinstall: payload, postinstall: payload } }),
    'setup.py': `open(${JSON.stringify(marker)}, 'w').write('ran')`,
    'hook.sh': `#!/bin/sh\necho ran > ${marker}\n`,
  });
  fs.chmodSync(path.join(dir, 'hook.sh'), 0o755);
  execFileSync('git', ['init', '-q'], { cwd: dir });
  // A hostile repository config: git would run these if credlife let it.
  fs.appendFileSync(path.join(dir, '.git', 'config'), `[core]\n\tfsmonitor = ${path.join(dir, 'hook.sh')}\n\thooksPath = ${dir}\n`);
  const r = await runCli(['scan', dir, '--format', 'json']);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  assert.ok(!fs.existsSync(marker), 'no scanned code or configured hook ran');
});
