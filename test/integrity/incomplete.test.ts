// Nothing the gate cares about is dropped silently: a per-file cap keeps the most severe findings first, a
// stage that runs out of time keeps what the earlier stages found, and either one makes the scan incomplete
// (exit 2, named in every format) unless --allow-incomplete. Trees are built at run time.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, writeTree } from '../../src/testing/cli.js';
import { fakeToken } from '../../src/testing/fake-tokens.js';
import type { Report } from '../../src/model/report.js';

/** 600 distinct expired JWTs (info) followed by one live Stripe key: the attack on a cap that kept the first 500. */
function cappedTree(name = 'tokens.env'): { dir: string; live: string } {
  const live = fakeToken('stripe-live', 4242);
  const jwts = Array.from({ length: 600 }, (_, i) => `TOKEN_${i}=${fakeToken('jwt-expired', 1000 + i)}`).join('\n');
  return { dir: writeTree({ [name]: `${jwts}\nSTRIPE_SECRET_KEY=${live}\n` }), live };
}

// In a .env file the key-value reader finds the key on its own; in these only the text scan (and its cap) does.
for (const name of ['tokens.txt', 'config.js']) {
  test(`the text scan's cap keeps the live key behind 600 expired ones (${name})`, async () => {
    const { dir, live } = cappedTree(name);
    try {
      const r = await runCli(['scan', dir, '--no-config', '--format', 'json']);
      assert.equal(r.code, 2, r.stderr);
      assert.ok(!r.stdout.includes(live) && !r.stderr.includes(live));
      const report = JSON.parse(r.stdout) as Report;
      assert.equal(report.findings.filter((f) => f.ruleId === 'stripe-live-secret-key').length, 1, 'the live key is kept although it comes after 600 others');
      assert.ok(report.findings.length <= 501, `${report.findings.length} findings: the cap still applies`);
      assert.deepEqual(report.summary.incomplete?.map((i) => [i.file, i.reason]), [[name, 'findings-capped']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('a cap never hides a live key behind 600 expired ones, and a capped file fails the scan as incomplete', async () => {
  const { dir, live } = cappedTree();
  try {
    const r = await runCli(['scan', dir, '--no-config', '--format', 'json']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /incomplete scan: 1 file\(s\) not fully scanned \(tokens\.env: findings-capped\)/);
    assert.ok(!r.stdout.includes(live) && !r.stderr.includes(live));
    const report = JSON.parse(r.stdout) as Report;
    const stripe = report.findings.filter((f) => f.ruleId === 'stripe-live-secret-key');
    assert.equal(stripe.length, 1, 'the live key is kept although it comes after 600 others');
    assert.ok(['critical', 'high'].includes(stripe[0]!.severity));
    assert.deepEqual(report.summary.incomplete?.map((i) => [i.file, i.reason]), [['tokens.env', 'findings-capped']]);
    assert.equal(report.summary.gate?.failed, true);
    assert.deepEqual(report.summary.gate?.incomplete, { files: 1, allowed: false });
    assert.ok(report.summary.gate?.reasons.some((x) => /incomplete scan/.test(x)));

    // --allow-incomplete: the gate decides on the findings (the live key fails it), the file is still named.
    const allowed = await runCli(['scan', dir, '--no-config', '--format', 'json', '--allow-incomplete']);
    assert.equal(allowed.code, 1, allowed.stderr);
    const rep2 = JSON.parse(allowed.stdout) as Report;
    assert.deepEqual(rep2.summary.gate?.incomplete, { files: 1, allowed: true });
    assert.equal(rep2.summary.incomplete?.length, 1);
    // --exit-zero does not turn an incomplete scan into a pass.
    const zero = await runCli(['scan', dir, '--no-config', '--format', 'json', '--exit-zero']);
    assert.equal(zero.code, 2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('every format names the incomplete file', async () => {
  const { dir } = cappedTree();
  try {
    const formats = ['text', 'markdown', 'html', 'sarif', 'junit', 'csv', 'json'];
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-incomplete-out-'));
    const r = await runCli(['scan', dir, '--no-config', '--quiet', ...formats.flatMap((f) => ['-o', `${f}=${path.join(out, `report.${f}`)}`])]);
    assert.equal(r.code, 2, r.stderr);
    const read = (f: string) => fs.readFileSync(path.join(out, `report.${f}`), 'utf8');
    for (const format of formats) {
      assert.match(read(format), /tokens\.env/, format);
      assert.match(read(format), /findings-capped/, format);
    }
    assert.equal(JSON.parse(read('sarif')).runs[0].invocations[0].executionSuccessful, false);
    assert.match(read('junit'), /<testcase classname="credlife.incomplete-scan" name="tokens.env"[^>]*>\s*<failure/);
    fs.rmSync(out, { recursive: true, force: true });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a timeout in code analysis keeps the text-scan findings of the file and fails the scan as incomplete', { timeout: 60_000 }, async () => {
  const live = fakeToken('stripe-live', 77);
  const dir = writeTree({ 'tools-stall.ts': `import { tool } from 'ai';\nconst key = "${live}";\nexport const t = tool({ description: 'x' });\n` });
  try {
    const r = await runCli(['scan', dir, '--no-config', '--format', 'json', '--jobs', '2', '--file-timeout', '1500'], {
      env: { CREDLIFE_TEST_STALL_MARKER: 'tools-stall', CREDLIFE_TEST_STALL_STAGE: 'code' },
    });
    assert.equal(r.code, 2, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    assert.ok(report.findings.some((f) => f.file === 'tools-stall.ts' && f.ruleId === 'stripe-live-secret-key'), 'text-scan finding kept');
    assert.equal(report.summary.incomplete?.[0]?.reason, 'timeout');
    assert.match(report.summary.incomplete?.[0]?.detail ?? '', /code analysis over 1500 ms; text-scan findings kept/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--file-timeout holds for a small scan too: a large file goes to a worker that can be stopped', { timeout: 60_000 }, async () => {
  // One file: a scan this small used to run in-process, where nothing could stop it.
  const live = fakeToken('stripe-live', 78);
  const filler = '// filler line to make the file large\n'.repeat(6000);
  const dir = writeTree({ 'big-stall.ts': `const key = "${live}";\n${filler}` });
  try {
    const r = await runCli(['scan', dir, '--no-config', '--format', 'json', '--file-timeout', '1500'], {
      env: { CREDLIFE_TEST_STALL_MARKER: 'big-stall' },
    });
    assert.equal(r.code, 2, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    assert.deepEqual(report.summary.incomplete?.map((i) => [i.file, i.reason]), [['big-stall.ts', 'timeout']]);
    assert.equal(report.summary.skipped?.timeout, 1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
