// Fingerprints that can't be guessed: without CREDLIFE_FINGERPRINT_KEY a guessable value (a password) gets no
// value-derived fingerprint, so a report holds nothing to test guesses against; with the key every value is a
// keyed HMAC. Baselines of guessable values key on rule, file and key name. No slow hash on the scan path.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createHmac } from 'node:crypto';
import { runCli, writeTree } from '../../src/testing/cli.js';
import { fakeToken } from '../../src/testing/fake-tokens.js';
import { DEFAULT_FINGERPRINT_KEY, fingerprintOf } from '../../src/detect/fingerprint.js';
import { repoRoot } from '../../src/testing/paths.js';
import type { Report } from '../../src/model/report.js';

/** A password built at run time from dictionary words: what a guess list recovers. */
const password = (word: string) => ['Summer', word, '2024', '!'].join('');

async function scan(dir: string, env: NodeJS.ProcessEnv = {}): Promise<Report> {
  const r = await runCli(['scan', dir, '--no-config', '--format', 'json', '--exit-zero'], { env: { CREDLIFE_FINGERPRINT_KEY: undefined, ...env } });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Report;
}

test('without a key, a guessable password has no value-derived fingerprint; a random token keeps reuse', async () => {
  const token = fakeToken('github-pat', 5);
  const a = writeTree({ 'app.env': `DB_PASSWORD=${password('Holiday')}\nGITHUB_TOKEN=${token}\n`, 'b/.env': `GITHUB_TOKEN=${token}\n` });
  const b = writeTree({ 'app.env': `DB_PASSWORD=${password('Vacation')}\nGITHUB_TOKEN=${token}\n`, 'b/.env': `GITHUB_TOKEN=${token}\n` });
  try {
    const ra = await scan(a);
    const rb = await scan(b);
    const pw = (r: Report) => r.findings.find((f) => f.file === 'app.env' && f.credential && !f.credential.redacted.startsWith('gh'));
    const fa = pw(ra)?.credential?.fingerprint;
    assert.ok(fa, JSON.stringify(ra.findings.map((f) => [f.ruleId, f.file])));
    assert.match(fa!, /^loc1:/);
    assert.equal(fa, pw(rb)?.credential?.fingerprint, 'the fingerprint does not depend on the value');
    // A guess list run against the report finds nothing: no guess reproduces the fingerprint.
    for (const word of ['Holiday', 'Vacation', 'Winter']) {
      for (const key of ['', DEFAULT_FINGERPRINT_KEY]) {
        const guess = password(word);
        assert.notEqual(fingerprintOf(guess, key), fa);
        assert.ok(!JSON.stringify(ra).includes(createHmac('sha256', key).update(guess).digest('base64url').slice(0, 12)));
      }
    }
    // The random token: a value fingerprint, equal in both places, so reuse is still reported.
    const gh = ra.findings.filter((f) => f.credential?.redacted.startsWith('gh'));
    assert.equal(new Set(gh.map((f) => f.credential!.fingerprint)).size, 1);
    assert.match(gh[0]!.credential!.fingerprint, /^fp1:/);
    assert.ok(gh.some((f) => (f.context?.reuse?.count ?? 0) >= 2));
  } finally {
    fs.rmSync(a, { recursive: true, force: true });
    fs.rmSync(b, { recursive: true, force: true });
  }
});

test('with CREDLIFE_FINGERPRINT_KEY every value is a keyed HMAC that changes with the key', async () => {
  const dir = writeTree({ 'app.env': `DB_PASSWORD=${password('Holiday')}\n` });
  try {
    const k1 = await scan(dir, { CREDLIFE_FINGERPRINT_KEY: 'ci-secret-one' });
    const k2 = await scan(dir, { CREDLIFE_FINGERPRINT_KEY: 'ci-secret-two' });
    const f1 = k1.findings.find((f) => f.credential)!.credential!.fingerprint;
    const f2 = k2.findings.find((f) => f.credential)!.credential!.fingerprint;
    assert.match(f1, /^fp1:/);
    assert.notEqual(f1, f2);
    assert.equal(f1, fingerprintOf(password('Holiday'), 'ci-secret-one'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a baseline of a guessable value without a key holds on rule, file and key name', async () => {
  const dir = writeTree({ 'app.env': `DB_PASSWORD=${password('Holiday')}\n` });
  try {
    const env = { CREDLIFE_FINGERPRINT_KEY: undefined };
    const w = await runCli(['scan', dir, '--no-config', '--write-baseline', path.join(dir, 'base.yaml')], { env });
    assert.equal(w.code, 0, w.stderr);
    assert.ok(!fs.readFileSync(path.join(dir, 'base.yaml'), 'utf8').includes('Holiday'));
    const r = await runCli(['scan', dir, '--no-config', '--baseline', path.join(dir, 'base.yaml'), '--format', 'json'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as Report).summary.baselined, 1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('no slow hash on the scan path', () => {
  const src = fs.readFileSync(path.join(repoRoot(), 'dist', 'src', 'detect', 'fingerprint.js'), 'utf8');
  assert.ok(!/\b(?:scrypt|scryptSync|pbkdf2|pbkdf2Sync)\s*\(/.test(src));
});
