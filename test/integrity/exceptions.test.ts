// Visible exceptions: a bidi override or control character in a file name is escaped in every human format;
// every inline suppression and baselined finding in effect is counted and listed in every format; and
// --no-inline-suppressions lets a gate accept none. Trees are built at run time.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, writeTree } from '../../src/testing/cli.js';
import type { Report } from '../../src/model/report.js';

const FORMATS = ['text', 'markdown', 'html', 'sarif', 'junit', 'csv', 'json'];

async function allFormats(dir: string, args: string[]): Promise<{ code: number; stderr: string; out: Record<string, string> }> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-formats-'));
  const r = await runCli(['scan', dir, '--no-config', ...args, ...FORMATS.flatMap((f) => ['-o', `${f}=${path.join(outDir, `r.${f}`)}`])]);
  const out: Record<string, string> = {};
  for (const f of FORMATS) out[f] = fs.existsSync(path.join(outDir, `r.${f}`)) ? fs.readFileSync(path.join(outDir, `r.${f}`), 'utf8') : '';
  fs.rmSync(outDir, { recursive: true, force: true });
  return { code: r.code, stderr: r.stderr, out };
}

test('a right-to-left override in a file name is escaped in every human format', async () => {
  const name = 'cfg\u202Evne.\u0007x.env';
  const dir = writeTree({ [name]: 'GITHUB_TOKEN={{github-pat}}\n' });
  try {
    const { out } = await allFormats(dir, ['--exit-zero']);
    for (const f of ['text', 'markdown', 'html', 'csv', 'junit']) {
      assert.ok(!out[f]!.includes('\u202E'), `${f} carries the raw override`);
      assert.ok(!out[f]!.includes('\u0007'), `${f} carries a raw control character`);
      assert.match(out[f]!, /\\u202e/, `${f} shows it escaped`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('inline suppressions and baselined findings in effect are counted and listed in every format', async () => {
  const dir = writeTree({
    'a.env': 'GITHUB_TOKEN={{github-pat}} # credlife-ignore: sandbox account, no data\n',
    'b.env': 'STRIPE_KEY={{stripe-live}}\n',
  });
  try {
    const base = path.join(dir, 'base.yaml');
    // Record b.env as known, then scan with the baseline: a.env is suppressed inline, b.env is baselined.
    const w = await runCli(['scan', dir, '--no-config', '--write-baseline', base]);
    assert.equal(w.code, 0, w.stderr);
    const { code, out } = await allFormats(dir, ['--baseline', base]);
    assert.equal(code, 0);
    const report = JSON.parse(out.json!) as Report;
    assert.equal(report.summary.baselinedFindings?.length, 1);
    assert.equal(report.summary.baselinedFindings![0]!.file, 'b.env');
    assert.ok(report.summary.suppressed?.some((x) => x.kind === 'inline' && x.source === 'a.env:1'));
    for (const f of FORMATS) {
      assert.match(out[f]!, /a\.env:1/, `${f} lists the inline suppression`);
      assert.match(out[f]!, /b\.env/, `${f} lists the baselined finding`);
    }
    for (const f of ['text', 'markdown', 'html']) assert.match(out[f]!, /Exceptions in effect: 1 finding\(s\) suppressed by policy \(1 by inline comments\), 1 baselined/, f);
    // Counted even with --quiet.
    const quiet = await runCli(['scan', dir, '--no-config', '--baseline', base, '--quiet']);
    assert.match(quiet.stdout, /Exceptions in effect: .*1 baselined/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--no-inline-suppressions ignores credlife-ignore comments and says so', async () => {
  const dir = writeTree({ 'a.env': 'GITHUB_TOKEN={{github-pat}} # credlife-ignore: sandbox account, no data\n' });
  try {
    const honoured = await runCli(['scan', dir, '--no-config', '--format', 'json']);
    assert.equal(honoured.code, 0, honoured.stderr);
    const r = await runCli(['scan', dir, '--no-config', '--format', 'json', '--no-inline-suppressions']);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    assert.ok(report.findings.some((f) => f.file === 'a.env'));
    assert.equal(report.summary.inlineSuppressionsIgnored, 1);
    const text = await runCli(['scan', dir, '--no-config', '--no-inline-suppressions']);
    assert.match(text.stdout, /1 inline comment\(s\) ignored \(--no-inline-suppressions\)/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
