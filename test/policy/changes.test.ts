// --staged and --diff REF through the CLI, on temporary git repositories: content comes from git (the index,
// or HEAD), never from the working tree, and only added or changed lines produce findings.
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { acmeToken, configWithRule, git, gitRepo, scanJson, tree, write } from './helpers.js';
import { runCli } from '../../src/testing/cli.js';
import { parseAddedLines, parseRawDiff, unquoteGitPath } from '../../src/sources/changes.js';

test('--staged sees only staged content', async () => {
  const dir = gitRepo({ '.credlife.yaml': configWithRule(), 'old.env': `OLD=${acmeToken(1)}\n`, 'app.env': 'A=1\n' });
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'init');

  // Staged: a new line with a secret in app.env, and a new file. Not staged: another secret in the work tree.
  write(dir, 'app.env', `A=1\nSTAGED=${acmeToken(2)}\n`);
  write(dir, 'new.env', `NEW=${acmeToken(3)}\n`);
  git(dir, 'add', 'app.env', 'new.env');
  write(dir, 'app.env', `A=1\nSTAGED=${acmeToken(2)}\nUNSTAGED=${acmeToken(4)}\n`);
  write(dir, 'untracked.env', `U=${acmeToken(5)}\n`);
  // A staged file whose working-tree copy was then cleaned: the staged secret is still what gets committed.
  write(dir, 'cleaned.env', `C=${acmeToken(6)}\n`);
  git(dir, 'add', 'cleaned.env');
  write(dir, 'cleaned.env', 'C=\n');

  const { r, report } = await scanJson([dir, '--staged']);
  assert.equal(r.code, 1, r.stderr);
  const got = report.findings.map((f) => `${f.file}:${f.line}`).sort();
  assert.deepEqual(got, ['app.env:2', 'cleaned.env:1', 'new.env:1'], 'committed (old.env), unstaged and untracked secrets are not reported');
  assert.ok(report.findings.every((f) => f.context?.exposure === 'staged'));
  assert.equal(report.summary.filesScanned, 3);

  // Nothing staged: nothing scanned, gate passes.
  git(dir, 'commit', '-q', '-m', 'second');
  const clean = await scanJson([dir, '--staged']);
  assert.equal(clean.r.code, 0);
  assert.equal(clean.report.summary.filesScanned, 0);
});

test('--staged works in a repository without commits and in a subfolder', async () => {
  const dir = gitRepo({ '.credlife.yaml': configWithRule(), 'pkg/a.env': `A=${acmeToken(1)}\n`, 'other/b.env': `B=${acmeToken(2)}\n` });
  git(dir, 'add', '.');
  const all = await scanJson([dir, '--staged']);
  assert.deepEqual(all.report.findings.map((f) => f.file).sort(), ['other/b.env', 'pkg/a.env']);
  const sub = await scanJson([path.join(dir, 'pkg'), '--staged']);
  assert.deepEqual(sub.report.findings.map((f) => f.file), ['a.env'], 'paths are relative to the scanned folder, like a plain scan');
});

test('--diff REF reports only lines changed since REF, from HEAD', async () => {
  const dir = gitRepo({ '.credlife.yaml': configWithRule(), 'app.env': `OLD=${acmeToken(1)}\nA=1\n` });
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'base');
  git(dir, 'checkout', '-q', '-b', 'feature');
  write(dir, 'app.env', `# a comment shifts the old secret down\nOLD=${acmeToken(1)}\nA=1\nADDED=${acmeToken(2)}\n`);
  write(dir, 'svc/new.env', `K=${acmeToken(3)}\n`);
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'feature work');
  // Uncommitted edits are not part of --diff.
  write(dir, 'svc/new.env', `K=${acmeToken(3)}\nLOCAL=${acmeToken(4)}\n`);

  const { r, report } = await scanJson([dir, '--diff', 'main']);
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(report.findings.map((f) => `${f.file}:${f.line}`).sort(), ['app.env:4', 'svc/new.env:1']);

  const same = await scanJson([dir, '--diff', 'HEAD']);
  assert.equal(same.r.code, 0);
  assert.equal(same.report.findings.length, 0);
});

test('--staged / --diff errors are exit 2: outside a repository, unknown ref, option-like ref', async () => {
  const plain = tree({ 'a.txt': 'x\n' });
  const outside = await runCli(['scan', plain, '--staged']);
  assert.equal(outside.code, 2);
  assert.match(outside.stderr, /needs a git repository/);
  const repo = gitRepo({ 'a.txt': 'x\n' });
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'one');
  const unknown = await runCli(['scan', repo, '--diff', 'no-such-branch']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown ref/);
  const optionLike = await runCli(['scan', repo, '--diff=--output=/tmp/x']);
  assert.equal(optionLike.code, 2);
});

test('diff parsing: added lines per file, quoted paths, "+++" content lines', () => {
  const patch = [
    'diff --git a/a.env b/a.env',
    'index 1..2 100644',
    '--- a/a.env',
    '+++ b/a.env',
    '@@ -1,0 +2,2 @@',
    '+X=1',
    '+++ this added line starts with two plus signs',
    '@@ -9 +11 @@',
    '-old',
    '+new',
    'diff --git "a/sp ace\\tx" "b/sp ace\\tx"',
    'new file mode 100644',
    '--- /dev/null',
    '+++ "b/sp ace\\tx"',
    '@@ -0,0 +1 @@',
    '+y',
    'diff --git a/gone b/gone',
    '--- a/gone',
    '+++ /dev/null',
  ].join('\n');
  const lines = parseAddedLines(patch);
  assert.deepEqual([...lines.keys()], ['a.env', 'sp ace\tx']);
  assert.deepEqual([...lines.get('a.env')!], [2, 3, 11]);
  assert.deepEqual([...lines.get('sp ace\tx')!], [1]);
  assert.equal(unquoteGitPath('"caf\\303\\251.env"'), 'café.env');
  const raw = Buffer.from(':100644 100644 aaaa bbbb M\0a.env\0:000000 100644 0000 cccc A\0new file\0:100644 000000 dddd 0000 D\0gone\0');
  assert.deepEqual(parseRawDiff(raw).map((c) => [c.repoPath, c.blob]), [['a.env', 'bbbb'], ['new file', 'cccc']]);
});

test('--write-baseline refuses partial scans (--staged / --diff): a baseline records a whole scan', async () => {
  const dir = gitRepo({ 'a.txt': 'x\n' });
  git(dir, 'add', '.');
  const r = await runCli(['scan', dir, '--staged', '--write-baseline', path.join(dir, 'b.yaml')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--write-baseline/);
});
