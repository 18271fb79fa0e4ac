import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { discover } from '../../src/sources/worktree.js';
import { writeTree } from '../../src/testing/cli.js';

const opts = { maxFileSize: 1000 };

test('dotfiles and dot-folders are scanned; default excludes are not', async () => {
  const dir = writeTree({
    '.env': 'A=1\n',
    '.mcp.json': '{}',
    '.cursor/mcp.json': '{}',
    '.github/workflows/ci.yml': 'on: push\n',
    'node_modules/pkg/index.js': 'x',
    'dist/out.js': 'x',
    '.git/config': '[core]',
    'src/a.ts': 'x',
  });
  const r = await discover([dir], opts);
  assert.deepEqual(
    r.tasks.map((t) => t.file),
    ['.cursor/mcp.json', '.env', '.github/workflows/ci.yml', '.mcp.json', 'src/a.ts'],
  );
  const all = await discover([dir], { ...opts, defaultExcludes: false });
  assert.ok(all.tasks.some((t) => t.file === 'node_modules/pkg/index.js'));
});

test('nested .gitignore files are honoured, env files are read anyway', async () => {
  const dir = writeTree({
    '.gitignore': 'secret-out/\n*.log\n',
    'pkg/.gitignore': 'local.json\n',
    'pkg/local.json': '{}',
    'pkg/keep.json': '{}',
    'secret-out/x.txt': 'x',
    'app.log': 'x',
    'pkg/.env.local': 'A=1',
  });
  const fs2 = await discover([dir], opts);
  const files = fs2.tasks.map((t) => t.file);
  assert.ok(files.includes('pkg/keep.json'));
  assert.ok(!files.includes('pkg/local.json'));
  assert.ok(!files.includes('secret-out/x.txt'));
  assert.ok(!files.includes('app.log'));
  assert.ok(files.includes('pkg/.env.local'));
  const noIgnore = await discover([dir], { ...opts, gitignore: false });
  assert.ok(noIgnore.tasks.some((t) => t.file === 'pkg/local.json'));
});

test('include and exclude globs', async () => {
  const dir = writeTree({ 'a/x.ts': '', 'a/y.py': '', 'b/z.ts': '' });
  const inc = await discover([dir], { ...opts, include: ['**/*.ts'] });
  assert.deepEqual(inc.tasks.map((t) => t.file), ['a/x.ts', 'b/z.ts']);
  const exc = await discover([dir], { ...opts, exclude: ['b/**'] });
  assert.deepEqual(exc.tasks.map((t) => t.file), ['a/x.ts', 'a/y.py']);
});

test('oversized and binary-extension files are skipped with a reason', async () => {
  const dir = writeTree({ 'big.txt': 'x'.repeat(2000), 'logo.png': 'not really', 'ok.txt': 'x' });
  const r = await discover([dir], opts);
  assert.deepEqual(r.tasks.map((t) => t.file), ['ok.txt']);
  const reasons = Object.fromEntries(r.skipped.map((s) => [s.file, s.reason]));
  assert.equal(reasons['big.txt'], 'too-large');
  assert.equal(reasons['logo.png'], 'binary');
});

test('symlinks: never followed out of the root, loops and dangling links reported', async () => {
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-outside-'));
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'outside');
  const dir = writeTree({ 'inside.txt': 'x', 'sub/file.txt': 'y' });
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'out-file'));
  fs.symlinkSync(outside, path.join(dir, 'out-dir'));
  fs.symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'dangling'));
  fs.symlinkSync(path.join(dir, 'loop-b'), path.join(dir, 'loop-a'));
  fs.symlinkSync(path.join(dir, 'loop-a'), path.join(dir, 'loop-b'));
  fs.symlinkSync(path.join(dir, 'sub'), path.join(dir, 'sub-link'));
  fs.symlinkSync(dir, path.join(dir, 'sub', 'back-to-root'));
  const r = await discover([dir], opts);
  assert.deepEqual(r.tasks.map((t) => t.file), ['inside.txt', 'sub/file.txt']);
  const reasons = Object.fromEntries(r.skipped.map((s) => [s.file, s.reason]));
  assert.equal(reasons['out-file'], 'symlink-outside-root');
  assert.equal(reasons['out-dir'], 'symlink-outside-root');
  assert.equal(reasons['dangling'], 'symlink-dangling');
  assert.equal(reasons['loop-a'], 'symlink-loop');
});

test('exposure: committed, untracked and ignored files in a git work tree', async () => {
  const dir = writeTree({ 'tracked.txt': 'x', 'new.txt': 'y', '.gitignore': '.env\n', '.env': 'A=1' });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('add', 'tracked.txt', '.gitignore');
  git('commit', '-qm', 'init');
  const r = await discover([dir], opts);
  const exposure = Object.fromEntries(r.tasks.map((t) => [t.file, t.exposure]));
  assert.equal(exposure['tracked.txt'], 'committed');
  assert.equal(exposure['new.txt'], 'untracked');
  assert.equal(exposure['.env'], 'ignored');
  const plain = writeTree({ 'a.txt': 'x' });
  assert.equal((await discover([plain], opts)).tasks[0]!.exposure, 'file');
});

test('exposure of named files (a pre-commit hook) asks git about those files only, with the same answers', async () => {
  const dir = writeTree({ 'sub/tracked.txt': 'x', 'sub/new.txt': 'y', '*.txt': 'z', 'other.txt': 'w' });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('add', 'sub/tracked.txt', 'other.txt');
  git('commit', '-qm', 'init');
  const named = await discover([path.join(dir, 'sub', 'tracked.txt'), path.join(dir, 'sub', 'new.txt'), path.join(dir, '*.txt')], opts);
  const exposure = Object.fromEntries(named.tasks.map((t) => [t.file, t.exposure]));
  assert.equal(exposure['sub/tracked.txt'], 'committed');
  assert.equal(exposure['sub/new.txt'], 'untracked');
  // A file named like a glob is one literal path: it must not pull in other.txt (tracked) as a pattern would.
  assert.equal(exposure['*.txt'], 'untracked');
  assert.equal(named.isGitRepo, true);
  const { gitTrackedFiles } = await import('../../src/sources/git.js');
  assert.deepEqual([...(await gitTrackedFiles(dir, ['*.txt', 'sub/tracked.txt']))!], ['sub/tracked.txt']);
});

test('names with line breaks, tabs and unicode are discovered, in folders with line breaks too', async () => {
  const dir = writeTree({ 'plain.txt': 'x' });
  fs.writeFileSync(path.join(dir, 'x\ny.txt'), 'x');
  fs.writeFileSync(path.join(dir, 'tab\tz.txt'), 'x');
  fs.mkdirSync(path.join(dir, 'd\nir', 'sub\r'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'd\nir', 'sub\r', 'f\ng é.txt'), 'x');
  fs.mkdirSync(path.join(dir, 'node_modules', 'a\nb'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'node_modules', 'a\nb', 'i.js'), 'x');
  const r = await discover([dir], opts);
  assert.deepEqual(r.tasks.map((t) => t.file).sort(), ['d\nir/sub\r/f\ng é.txt', 'plain.txt', 'tab\tz.txt', 'x\ny.txt']);
  fs.rmSync(dir, { recursive: true, force: true });
});
