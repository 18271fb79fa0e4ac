// --history: secrets added, moved and deleted across commits, found in history with their commits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runScan } from '../../src/pipeline/scan.js';
import { fakeToken } from '../../src/testing/fake-tokens.js';
import { repoRoot } from '../../src/testing/paths.js';
import { UsageError } from '../../src/model/errors.js';
import { LogParser, placeLines, type AddedFile } from '../../src/sources/history-log.js';
import type { Finding } from '../../src/model/report.js';

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid',
  GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid',
  GIT_CONFIG_NOSYSTEM: '1', HOME: os.tmpdir(),
};

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], { cwd, env: GIT_ENV }).toString('utf8').trim();
}

let clock = 1_700_000_000;
function commit(cwd: string, message: string): string {
  clock += 3600;
  const date = `@${clock} +0000`;
  execFileSync('git', ['-c', 'commit.gpgsign=false', 'commit', '-q', '--allow-empty', '-m', message], {
    cwd,
    env: { ...GIT_ENV, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
  });
  return git(cwd, 'rev-parse', 'HEAD');
}

function write(dir: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
}

interface Fixture {
  dir: string;
  ids: { addStripe: string; addGithub: string; moveStripe: string; deleteStripe: string; readd: string };
}

/** A repository whose history adds, re-adds, moves and deletes secrets. */
function buildRepo(): Fixture {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-history-'));
  git(dir, 'init', '-q');
  const stripe = fakeToken('stripe-live', 11);
  const github = fakeToken('github-pat', 12);
  write(dir, 'README.md', '# demo\n');
  write(dir, 'config/.env', `APP=demo\nSTRIPE_SECRET_KEY=${stripe}\n`);
  git(dir, 'add', '-A');
  const addStripe = commit(dir, 'add stripe');
  write(dir, 'agent/.env', `GITHUB_TOKEN=${github}\n`);
  git(dir, 'add', '-A');
  const addGithub = commit(dir, 'add github');
  fs.mkdirSync(path.join(dir, 'settings'));
  git(dir, 'mv', 'config/.env', 'settings/.env');
  write(dir, 'settings/.env', `APP=demo\nDEBUG=1\nSTRIPE_SECRET_KEY=${stripe}\n`);
  git(dir, 'add', '-A');
  const moveStripe = commit(dir, 'move env');
  git(dir, 'rm', '-q', 'settings/.env');
  const deleteStripe = commit(dir, 'remove the key');
  // The same stripe key pasted again in a script on a side branch, then nothing else.
  git(dir, 'checkout', '-q', '-b', 'side');
  write(dir, 'scripts/pay.py', `import stripe\nstripe.api_key = "${stripe}"\n`);
  git(dir, 'add', '-A');
  const readd = commit(dir, 'oops');
  git(dir, 'rm', '-q', 'scripts/pay.py');
  commit(dir, 'remove again');
  git(dir, 'checkout', '-q', 'main');
  return { dir, ids: { addStripe, addGithub, moveStripe, deleteStripe, readd } };
}

const fixture = buildRepo();
const baseOptions = { config: false as const, jobs: 1, ruleDirs: [] as string[] };

function secretsOf(findings: Finding[], provider: string): Finding[] {
  return findings.filter((f) => f.kind === 'secret' && f.credential?.provider === provider);
}

test('--history finds a deleted secret once, at its first commit, with a count', async () => {
  const report = await runScan({ ...baseOptions, paths: [fixture.dir], history: true });
  const stripe = secretsOf(report.findings, 'stripe');
  assert.equal(stripe.length, 1, JSON.stringify(report.findings.map((f) => [f.ruleId, f.file, f.context?.commit])));
  const f = stripe[0]!;
  assert.equal(f.file, 'config/.env');
  assert.equal(f.line, 2);
  assert.equal(f.context?.exposure, 'history');
  assert.deepEqual(
    { ...f.context?.commit, authorTime: undefined },
    { id: fixture.ids.addStripe, authorTime: undefined, count: 3, inWorkingTree: false },
  );
  assert.match(f.context!.commit!.authorTime, /^\d{4}-\d\d-\d\dT/);
  assert.equal(f.credential?.afterlife.unbounded, true, 'a deleted but unrotated static key keeps its afterlife');
  // Still in the working tree: found in history, marked inWorkingTree, exposure of the working tree.
  const gh = secretsOf(report.findings, 'github');
  assert.equal(gh.length, 1);
  assert.equal(gh[0]!.file, 'agent/.env');
  assert.equal(gh[0]!.context?.commit?.id, fixture.ids.addGithub);
  assert.equal(gh[0]!.context?.commit?.inWorkingTree, true);
  assert.notEqual(gh[0]!.context?.exposure, 'history');
  assert.equal(report.summary.history?.commits, 6);
  assert.equal(report.summary.history?.shallow, false);
  // No task key leaks into any path of the report.
  assert.doesNotMatch(JSON.stringify(report), /\.credlife-history\//);
});

test('a plain scan does not see the deleted secret', async () => {
  const report = await runScan({ ...baseOptions, paths: [fixture.dir] });
  assert.equal(secretsOf(report.findings, 'stripe').length, 0);
  assert.equal(secretsOf(report.findings, 'github').length, 1);
  assert.equal(report.summary.history, undefined);
});

test('--branch and --since narrow the commits', async () => {
  const main = await runScan({ ...baseOptions, paths: [fixture.dir], history: true, branch: 'main' });
  assert.equal(main.summary.history?.commits, 4);
  assert.equal(secretsOf(main.findings, 'stripe')[0]?.context?.commit?.count, 2);
  const since = await runScan({ ...baseOptions, paths: [fixture.dir], history: true, since: fixture.ids.deleteStripe });
  // Only the side branch's two commits: the re-added key in scripts/pay.py.
  assert.equal(since.summary.history?.commits, 2);
  const s = secretsOf(since.findings, 'stripe');
  assert.equal(s.length, 1);
  assert.equal(s[0]!.file, 'scripts/pay.py');
  assert.equal(s[0]!.context?.commit?.id, fixture.ids.readd);
});

test('--max-commits stops early', async () => {
  const report = await runScan({ ...baseOptions, paths: [fixture.dir], history: true, branch: 'main', maxCommits: 2 });
  assert.equal(report.summary.history?.commits, 2);
  // The two newest commits on main only move and delete: the move re-adds the key in settings/.env.
  const s = secretsOf(report.findings, 'stripe');
  assert.equal(s.length, 1);
  assert.equal(s[0]!.file, 'settings/.env');
  assert.equal(s[0]!.context?.commit?.id, fixture.ids.moveStripe);
});

test('shallow clone: scans what is there and says so', async () => {
  const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-history-shallow-'));
  git(clone, 'clone', '-q', '--depth', '3', '--branch', 'main', `file://${fixture.dir}`, 'c');
  const dir = path.join(clone, 'c');
  const report = await runScan({ ...baseOptions, paths: [dir], history: true });
  assert.equal(report.summary.history?.shallow, true);
  assert.equal(report.summary.history?.depth, 3);
  const s = secretsOf(report.findings, 'stripe');
  assert.equal(s.length, 1);
  // The shallow boundary commit has no parent in the clone: its diff adds the whole tree, so it is first-seen.
  assert.equal(s[0]!.context?.commit?.id, fixture.ids.addGithub, 'the oldest commit in the clone');
});

test('outside a git repository: UsageError, and exit 2 from the CLI', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-nogit-'));
  write(dir, 'a.txt', 'hello\n');
  await assert.rejects(runScan({ ...baseOptions, paths: [dir], history: true }), (err: unknown) => err instanceof UsageError && /not inside one/.test(err.message));
  const cli = spawnSync(process.execPath, [path.join(repoRoot(), 'bin', 'credlife.js'), 'scan', '--history', '--no-config', dir], {
    encoding: 'utf8',
    env: { ...process.env, GIT_CEILING_DIRECTORIES: path.dirname(dir) },
  });
  assert.equal(cli.status, 2, cli.stderr);
  assert.match(cli.stderr, /git repository/);
});

test('every format renders a history report', async () => {
  const { formatters } = await import('../../src/report/index.js');
  const report = await runScan({ ...baseOptions, paths: [fixture.dir], history: true });
  const stripeRedacted = secretsOf(report.findings, 'stripe')[0]!.credential!.redacted;
  assert.ok(stripeRedacted);
  for (const [name, format] of Object.entries(formatters as Record<string, (r: typeof report, ctx: never) => string>)) {
    const out = format(report, {} as never);
    assert.equal(typeof out, 'string', name);
    assert.ok(!out.includes(fakeToken('stripe-live', 11)), `${name} leaks the secret`);
  }
});

test('log parser: added lines only, at their line numbers; binary skipped', () => {
  const files: AddedFile[] = [];
  const skipped: string[] = [];
  const p = new LogParser({ onCommit: () => {}, onFile: (f) => files.push(f), onSkipped: (_c, file, why) => skipped.push(`${why}:${file}`) }, 1000);
  const log = [
    '\x01credlife-commit abc1234 1700000000',
    '',
    'diff --git a/x.env b/x.env',
    'index 1..2 100644',
    '--- a/x.env',
    '+++ b/x.env',
    '@@ -2 +2,2 @@',
    '-OLD=1',
    '+++NEW=2',
    '+B=3',
    '@@ -9,0 +10 @@',
    '+C=4',
    'diff --git a/img.png b/img.png',
    'Binary files a/img.png and b/img.png differ',
    '',
  ].join('\n');
  p.feed(Buffer.from(log.slice(0, 37)));
  p.feed(Buffer.from(log.slice(37)));
  p.end();
  assert.equal(files.length, 1);
  assert.equal(files[0]!.path, 'x.env');
  assert.deepEqual([...files[0]!.lines], [[2, '++NEW=2'], [3, 'B=3'], [10, 'C=4']]);
  assert.equal(placeLines(files[0]!.lines).split('\n')[9], 'C=4');
  assert.deepEqual(skipped, ['binary:img.png']);
});

test('foldHistory: keys back to paths, oldest commit wins, counts distinct commits', async () => {
  const { foldHistory, historyKey } = await import('../../src/sources/history.js');
  const credential = {
    provider: 'p', type: 't', fingerprint: 'fp1:x', redacted: 'r…', lifetime: { class: 'static' as const, ttlSeconds: null, expiresAt: null },
    afterlife: { unbounded: true, seconds: null },
  };
  const mk = (commit: string, file: string, line: number): Finding => ({
    ruleId: 'r', kind: 'secret', severity: 'high', score: 0, file: historyKey(commit, file), line, column: 1,
    message: `found in ${historyKey(commit, file)}`, credential, factors: [], frameworks: [], remediation: '',
    context: { exposure: 'history', reuse: { count: 2, tools: [], locations: [{ file: historyKey(commit, file), line, tool: null }, { file: historyKey('bbbbbbb', 'b.env'), line: 1, tool: null }] } },
  });
  const meta = {
    commits: new Map([['aaaaaaa', { authorTime: '2024-01-02T00:00:00.000Z', order: 0 }], ['bbbbbbb', { authorTime: '2024-01-01T00:00:00.000Z', order: 1 }]]),
    shallow: false, depth: 2, patchBytes: 0,
  };
  const bindings = [{ file: historyKey('aaaaaaa', 'a.env'), line: 1, tool: 'x', agent: null, source: 'literal' as const, scope: 'process' as const, credentialRef: null }];
  const warnings = [{ file: historyKey('aaaaaaa', 'a.env'), message: 'w' }, { file: historyKey('bbbbbbb', 'a.env'), message: 'w' }];
  const out = foldHistory(meta, { fingerprints: new Map(), places: new Set<string>() }, { findings: [mk('aaaaaaa', 'a.env', 3), mk('bbbbbbb', 'b.env', 1)], bindings, warnings, inline: [], skipped: [] });
  assert.equal(out.findings.length, 1);
  const f = out.findings[0]!;
  assert.equal(f.file, 'b.env');
  assert.equal(f.message, 'found in b.env');
  assert.deepEqual(f.context?.commit, { id: 'bbbbbbb', authorTime: '2024-01-01T00:00:00.000Z', count: 2, inWorkingTree: false });
  assert.equal(f.context?.exposure, 'history');
  assert.equal(bindings[0]!.file, 'a.env');
  assert.equal(warnings.length, 1, 'the same warning from two commits is one');
  assert.deepEqual(out.summary, { commits: 2, shallow: false });
});

test("the scanned repository's git config cannot hide commits or shift lines", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-history-config-'));
  git(dir, 'init', '-q');
  const token = fakeToken('github-pat', 21);
  write(dir, 'a.env', `A=1\nB=2\nC=3\nD=4\nE=5\nF=6\n`);
  git(dir, 'add', '-A');
  const root = commit(dir, 'root');
  write(dir, 'a.env', `A=1\nGITHUB_TOKEN=${token}\nB=2\nC=3\nD=4\nE=5\nF=6\nG=7\n`);
  git(dir, 'add', '-A');
  const second = commit(dir, 'second');
  for (const [k, v] of [['log.showRoot', 'false'], ['diff.interHunkContext', '10'], ['diff.noprefix', 'true'], ['diff.relative', 'true'], ['color.ui', 'always'], ['log.showSignature', 'true']]) {
    git(dir, 'config', k!, v!);
  }
  const report = await runScan({ ...baseOptions, paths: [dir], history: true });
  assert.equal(report.summary.history?.commits, 2);
  const gh = secretsOf(report.findings, 'github');
  assert.equal(gh.length, 1);
  assert.equal(gh[0]!.line, 2);
  assert.equal(gh[0]!.context?.commit?.id, second);
  assert.notEqual(root, second);
});

test('baseline and CLI: --write-baseline from --history, then the same scan is clean', () => {
  const bin = path.join(repoRoot(), 'bin', 'credlife.js');
  const baseline = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-history-bl-')), 'baseline.yaml');
  const run = (...extra: string[]) =>
    spawnSync(process.execPath, [bin, 'scan', '--history', '--no-config', '--format', 'json', ...extra, fixture.dir], { encoding: 'utf8' });
  const first = run();
  assert.equal(first.status, 1, first.stderr);
  const report = JSON.parse(first.stdout) as { findings: Finding[]; summary: { history?: unknown } };
  assert.ok(report.findings.some((f) => f.context?.commit?.id === fixture.ids.addStripe));
  assert.deepEqual(report.summary.history, { commits: 6, shallow: false });
  assert.ok(!first.stdout.includes(fakeToken('stripe-live', 11)));
  const write = run('--write-baseline', baseline);
  assert.ok(write.status === 0 || write.status === 1, write.stderr);
  const again = run('--baseline', baseline);
  assert.equal(again.status, 0, again.stderr);
  assert.equal((JSON.parse(again.stdout) as { findings: Finding[] }).findings.length, 0);
});
