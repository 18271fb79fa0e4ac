// Writes never follow links: a repository that commits its report path (or a folder on the way, or
// .github/) as a symlink to a file outside cannot make credlife write there. Trees are built at run time.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, writeTree } from '../../src/testing/cli.js';

function outsideFile(): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-outside-'));
  const file = path.join(dir, 'victim.txt');
  fs.writeFileSync(file, 'untouched\n');
  return { dir, file };
}

test('-o through a committed symlink (the README recipe) is refused; the file outside is untouched', async () => {
  const outside = outsideFile();
  const repo = writeTree({ 'app.env': 'GITHUB_TOKEN={{github-pat}}\n' });
  fs.symlinkSync(outside.file, path.join(repo, 'credlife.sarif'));
  fs.symlinkSync(outside.dir, path.join(repo, 'reports'));
  try {
    for (const target of ['credlife.sarif', 'reports/credlife.json']) {
      const r = await runCli(['scan', '.', '--no-config', '-o', `sarif=${target}`], { cwd: repo });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /refusing to write --output .*symbolic link/);
      assert.equal(fs.readFileSync(outside.file, 'utf8'), 'untouched\n');
      assert.deepEqual(fs.readdirSync(outside.dir), ['victim.txt']);
    }
    // The scanned folder given as a path from elsewhere is checked from that folder down too.
    const r = await runCli(['scan', repo, '--no-config', '-o', `json=${path.join(repo, 'credlife.sarif')}`]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(fs.readFileSync(outside.file, 'utf8'), 'untouched\n');
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
    fs.rmSync(outside.dir, { recursive: true, force: true });
  }
});

test('a plain -o writes through a temporary file in the target folder and leaves nothing else behind', async () => {
  const repo = writeTree({ 'app.env': 'GITHUB_TOKEN={{github-pat}}\n' });
  try {
    fs.writeFileSync(path.join(repo, 'old.json'), 'stale');
    const r = await runCli(['scan', '.', '--no-config', '-o', 'json=out/new/report.json', '-o', 'sarif=old.json', '--exit-zero'], { cwd: repo });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(JSON.parse(fs.readFileSync(path.join(repo, 'out/new/report.json'), 'utf8')).findings.length > 0);
    assert.equal(JSON.parse(fs.readFileSync(path.join(repo, 'old.json'), 'utf8')).version, '2.1.0');
    assert.deepEqual(fs.readdirSync(path.join(repo, 'out/new')), ['report.json']);
    assert.ok(!fs.readdirSync(repo).some((f) => f.endsWith('.tmp')));
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
  }
});

test('--write-baseline through a symlink is refused', async () => {
  const outside = outsideFile();
  const repo = writeTree({ 'app.env': 'GITHUB_TOKEN={{github-pat}}\n' });
  fs.symlinkSync(outside.file, path.join(repo, '.credlife-baseline.yaml'));
  try {
    const r = await runCli(['scan', '.', '--no-config', '--write-baseline', '.credlife-baseline.yaml'], { cwd: repo });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /refusing to write baseline .*symbolic link/);
    assert.equal(fs.readFileSync(outside.file, 'utf8'), 'untouched\n');
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
    fs.rmSync(outside.dir, { recursive: true, force: true });
  }
});

test('init refuses a symlinked .github/ and writes nothing at all', async () => {
  const outside = outsideFile();
  const repo = writeTree({ 'README.md': 'x\n' });
  fs.symlinkSync(outside.dir, path.join(repo, '.github'));
  try {
    const r = await runCli(['init', '--github', '--pre-commit'], { cwd: repo });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /refusing to write .*\.github is a symbolic link/);
    assert.deepEqual(fs.readdirSync(outside.dir), ['victim.txt']);
    assert.ok(!fs.existsSync(path.join(repo, '.credlife.yaml')), 'all or nothing');
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
    fs.rmSync(outside.dir, { recursive: true, force: true });
  }
});

test('merge -o through a symlink is refused', async () => {
  const outside = outsideFile();
  const repo = writeTree({ 'app.env': 'GITHUB_TOKEN={{github-pat}}\n' });
  try {
    const json = await runCli(['scan', '.', '--no-config', '-o', 'json=r.json', '--exit-zero'], { cwd: repo });
    assert.equal(json.code, 0, json.stderr);
    fs.symlinkSync(outside.file, path.join(repo, 'merged.html'));
    const r = await runCli(['merge', 'r.json', '-o', 'merged.html'], { cwd: repo });
    assert.equal(r.code, 2, r.stderr);
    assert.equal(fs.readFileSync(outside.file, 'utf8'), 'untouched\n');
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
    fs.rmSync(outside.dir, { recursive: true, force: true });
  }
});
