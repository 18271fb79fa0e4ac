// Reads go through one descriptor: a file swapped for a symlink to a file outside the root after discovery
// is never read, and one swapped for a FIFO never blocks the scan. The swap is simulated deterministically:
// the task list (what discovery saw) names a path that is now a link or a FIFO.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { runScan } from '../../src/pipeline/scan.js';
import { readTask } from '../../src/sources/read.js';
import { writeTree } from '../../src/testing/cli.js';
import { fakeToken } from '../../src/testing/fake-tokens.js';

test('a file swapped for a symlink after discovery is skipped, never read through the link', async () => {
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-outside-'));
  const secret = fakeToken('github-pat', 99);
  fs.writeFileSync(path.join(outside, 'secret.env'), `GITHUB_TOKEN=${secret}\n`);
  const dir = writeTree({ 'ok.env': 'GITHUB_TOKEN={{github-pat}}\n' });
  fs.symlinkSync(path.join(outside, 'secret.env'), path.join(dir, 'swapped.env'));
  try {
    const outcome = readTask({ file: 'swapped.env', absPath: path.join(dir, 'swapped.env'), size: 10, exposure: 'file' }, 1e6);
    assert.ok('skipped' in outcome && outcome.skipped.reason === 'symlink-outside-root', JSON.stringify(outcome));
    const report = await runScan({
      paths: [dir],
      config: false,
      tasks: [
        { file: 'swapped.env', absPath: path.join(dir, 'swapped.env'), size: 10, exposure: 'file' },
        { file: 'ok.env', absPath: path.join(dir, 'ok.env'), size: 10, exposure: 'file' },
      ],
    });
    assert.ok(!report.findings.some((f) => f.file === 'swapped.env'));
    assert.ok(report.findings.some((f) => f.file === 'ok.env'));
    assert.equal(report.summary.skipped?.['symlink-outside-root'], 1);
    assert.ok(!JSON.stringify(report).includes(secret));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  }
});

test('a file swapped for a FIFO after discovery is skipped without blocking', { skip: process.platform === 'win32', timeout: 30_000 }, async () => {
  const dir = writeTree({ 'ok.env': 'GITHUB_TOKEN={{github-pat}}\n' });
  execFileSync('mkfifo', [path.join(dir, 'pipe.env')]);
  try {
    const outcome = readTask({ file: 'pipe.env', absPath: path.join(dir, 'pipe.env'), size: 10, exposure: 'file' }, 1e6);
    assert.ok('skipped' in outcome && outcome.skipped.reason === 'not-regular-file', JSON.stringify(outcome));
    const report = await runScan({ paths: [dir], config: false, tasks: [{ file: 'pipe.env', absPath: path.join(dir, 'pipe.env'), size: 10, exposure: 'file' }] });
    assert.equal(report.summary.skipped?.['not-regular-file'], 1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('racing a swap between a file and a symlink out of the root never reads the outside file', { skip: process.platform === 'win32', timeout: 60_000 }, async () => {
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-outside-'));
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'OUTSIDE-CONTENT\n');
  const dir = writeTree({ 'swap.txt': 'inside content\n' });
  const target = path.join(dir, 'swap.txt');
  // A separate process flips the path between a regular file and a link to the outside file, atomically.
  const flipper = `
    const fs = require('node:fs');
    const [target, outsideFile] = process.argv.slice(1);
    const file = target + '.f', link = target + '.l';
    const end = Date.now() + 60000;
    fs.writeFileSync(target + '.started', '');
    while (Date.now() < end) {
      const hold = () => { const t = Date.now(); while (Date.now() - t < 1); };
      fs.writeFileSync(file, 'inside content\\n'); fs.renameSync(file, target); hold();
      try { fs.unlinkSync(link); } catch {}
      fs.symlinkSync(outsideFile, link); fs.renameSync(link, target); hold();
    }`;
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, ['-e', flipper, target, path.join(outside, 'secret.txt')], { stdio: 'ignore' });
  try {
    // Wait until the flipper runs (node starts slowly on a loaded machine), then read until the race has been
    // seen from both sides: at least 3,000 reads, more if the link side has not come up yet.
    for (let t = 0; t < 600 && !fs.existsSync(target + '.started'); t++) await new Promise((r) => setTimeout(r, 50));
    let read = 0;
    let skipped = 0;
    for (let i = 0; i < 3000 || ((read === 0 || skipped === 0) && i < 50_000); i++) {
      const outcome = readTask({ file: 'swap.txt', absPath: target, size: 15, exposure: 'file' }, 1e6);
      if ('text' in outcome) {
        read++;
        assert.ok(!outcome.text.includes('OUTSIDE'), `read the outside file on attempt ${i}`);
      } else skipped++;
      if (i % 100 === 0) await new Promise((r) => setImmediate(r));
    }
    assert.ok(read > 0 && skipped > 0, `the race was exercised (${read} reads, ${skipped} skips)`);
  } finally {
    child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  }
});
