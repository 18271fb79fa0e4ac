// Checksums, JWT decoding, fingerprints, redaction, entropy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { expandTemplate, fakeToken } from '../../src/testing/fake-tokens.js';
import { verifyChecksum } from '../../src/detect/checksum.js';
import { decodeJwt, jwtLifetime, MAX_JWT_LENGTH } from '../../src/lifetime/jwt.js';
import { crc32 } from '../../src/detect/checksum.js';
import { fingerprintOf, fingerprintKeyFromEnv, isMachineGenerated, isValueFingerprint, DEFAULT_FINGERPRINT_KEY } from '../../src/detect/fingerprint.js';
import { redact } from '../../src/detect/redact.js';
import { shannonEntropy } from '../../src/detect/entropy.js';
import { azureSasLifetime } from '../../src/detect/decoders.js';
import { scan } from './helpers.js';

test('checksum: valid GitHub / npm tokens verify, altered ones do not', () => {
  for (let seed = 1; seed < 30; seed++) {
    const ghp = fakeToken('github-pat', seed);
    assert.ok(verifyChecksum('github-crc32', ghp));
    const flipped = ghp.slice(0, 10) + (ghp[10] === 'a' ? 'b' : 'a') + ghp.slice(11);
    assert.ok(!verifyChecksum('github-crc32', flipped));
    assert.ok(verifyChecksum('npm-crc32', fakeToken('npm', seed)));
  }
  assert.ok(!verifyChecksum('github-crc32', expandTemplate('{lit:gh}{lit:p_}{base62:36}')));
  assert.ok(!verifyChecksum('github-crc32', 'ghp_'));
  assert.ok(!verifyChecksum('unknown', fakeToken('github-pat')));
});

test('checksum decides: a bad-checksum ghp_ string is not reported', () => {
  assert.equal(scan(`GITHUB_TOKEN=${fakeToken('github-pat', 3)}`)[0]?.ruleId, 'github-classic-pat');
  const bad = expandTemplate('GITHUB_TOKEN={lit:gh}{lit:p_}{base62:30}{base62:6}', 3);
  assert.ok(!scan(bad).some((d) => d.ruleId === 'github-classic-pat'));
});

test('JWT decoding is safe on malformed and oversized input', () => {
  assert.equal(decodeJwt('a.b.c'), null);
  assert.equal(decodeJwt('eyJ.eyJ.'), null);
  assert.equal(decodeJwt(''), null);
  const jwt = fakeToken('jwt-short');
  assert.equal(decodeJwt(jwt)?.claims.aud, 'api');
  const huge = `${jwt.split('.')[0]}.${'A'.repeat(MAX_JWT_LENGTH)}.x`;
  assert.equal(decodeJwt(huge), null);
  const arrayPayload = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('[1,2]').toString('base64url')}.`;
  assert.equal(decodeJwt(arrayPayload), null);
});

test('JWT lifetime rules', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const t = now.getTime() / 1000;
  assert.deepEqual(jwtLifetime({ iat: t, exp: t + 300 }, now), {
    class: 'short-lived', ttlSeconds: 300, expiresAt: '2026-01-01T00:05:00.000Z', note: 'JWT exp - iat',
  });
  assert.equal(jwtLifetime({ iat: t, exp: t + 90 * 86400 }, now).class, 'long-lived');
  assert.equal(jwtLifetime({ sub: 'x' }, now).class, 'static');
  const expired = jwtLifetime({ iat: t - 7200, exp: t - 3600 }, now);
  assert.equal(expired.class, 'short-lived');
  assert.match(expired.note!, /expired/);
  assert.equal(jwtLifetime({ exp: t + 600 }, now).ttlSeconds, null);
  assert.equal(jwtLifetime({ exp: 1e20 }, now).expiresAt, null);
});

test('Azure SAS lifetime from se= and st=', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const l = azureSasLifetime('sv=2022-11-02&st=2026-01-01T00%3A00%3A00Z&se=2026-01-01T00%3A30%3A00Z&sig=x', now)!;
  assert.equal(l.ttlSeconds, 1800);
  assert.equal(l.class, 'short-lived');
  assert.equal(azureSasLifetime('sv=2022-11-02&sig=x', now), null);
  assert.equal(azureSasLifetime('se=not-a-date&sig=x', now), null);
});

test('fingerprints: equal for equal values, keyed, not a plain hash', () => {
  const v = 'hunter2-password';
  assert.equal(fingerprintOf(v, 'k1'), fingerprintOf(v, 'k1'));
  assert.notEqual(fingerprintOf(v, 'k1'), fingerprintOf(v, 'k2'));
  assert.notEqual(fingerprintOf(v, 'k1'), fingerprintOf('hunter3-password', 'k1'));
  const fp = fingerprintOf(v, 'k1');
  assert.match(fp, /^fp1:[A-Za-z0-9_-]{22}$/);
  for (const enc of ['hex', 'base64', 'base64url'] as const) {
    const plain = createHash('sha256').update(v).digest(enc);
    assert.ok(!fp.includes(plain.slice(0, 16)));
  }
  assert.equal(fingerprintKeyFromEnv({}), '');
  assert.equal(fingerprintKeyFromEnv({ CREDLIFE_FINGERPRINT_KEY: 'team-key' }), 'team-key');
});

test('redaction never shows more than the prefix and the last 4', () => {
  assert.equal(redact('ghp_' + 'a'.repeat(32) + 'WXYZ', 'ghp_'), 'ghp_…WXYZ');
  assert.equal(redact('short-secret', ''), '…');
  assert.equal(redact('sk_live_0123456789', 'sk_live_'), 'sk_live_…');
  assert.equal(redact('abcdefghijklmnopqrstuvwxyz', ''), '…wxyz');
  assert.equal(redact('prefixless-value', 'ghp_'), '…alue');
  for (let seed = 1; seed < 40; seed++) {
    const secret = expandTemplate(`{base62:${seed}}`, seed);
    const out = redact(secret, '');
    const shown = out.replace('…', '');
    assert.ok(shown.length <= 4, out);
    if (secret.length < 16) assert.equal(out, '…');
  }
});

test('entropy', () => {
  assert.equal(shannonEntropy(''), 0);
  assert.equal(shannonEntropy('aaaa'), 0);
  assert.ok(Math.abs(shannonEntropy('abcd') - 2) < 1e-9);
  assert.ok(shannonEntropy(expandTemplate('{base62:40}')) > 4.5);
});

test('fingerprints: with a key every value is an HMAC; without one, random tokens use the public key and guessable values get none', () => {
  // Human-chosen or short: guessable.
  for (const v of ['hunter2', 'correct horse battery staple', 'Summer2024!Summer2024!Summer2024!', 'postgres://app:password@db/x', 'correcthorsebatterystaplecorrecthorsebat', 'MyDogSpot2019!Rover#1Rover#1MyDogSpot2019']) {
    assert.equal(isMachineGenerated(v), false, v);
  }
  // Long and random (built at run time): HMAC.
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let seed = 7;
  const random = Array.from({ length: 40 }, () => alphabet[(seed = (seed * 1103515245 + 12345) % 2147483648) % 62]).join('');
  assert.equal(isMachineGenerated(random), true);
  // AWS key ids are issuer-generated (80 random bits) although short.
  assert.equal(isMachineGenerated(fakeToken('aws-access-key-id', 3)), true);
  // With a key: keyed and deterministic for every value.
  for (const v of ['hunter2', random]) {
    assert.equal(fingerprintOf(v, 'k1'), fingerprintOf(v, 'k1'));
    assert.notEqual(fingerprintOf(v, 'k1'), fingerprintOf(v, 'k2'));
    assert.match(fingerprintOf(v, 'k1'), /^fp1:[A-Za-z0-9_-]{22}$/);
  }
  // Without a key: a random token is an HMAC under the public default key (equal to passing it explicitly) ...
  assert.equal(fingerprintOf(random, ''), fingerprintOf(random, DEFAULT_FINGERPRINT_KEY));
  // ... and a guessable value's fingerprint comes from its place, not its value.
  const slot = { ruleId: 'generic-password', file: 'a.env', keyName: 'DB_PASSWORD' };
  assert.match(fingerprintOf('hunter2', '', slot), /^loc1:[A-Za-z0-9_-]{22}$/);
  assert.equal(fingerprintOf('hunter2', '', slot), fingerprintOf('hunter3', '', slot));
  assert.notEqual(fingerprintOf('hunter2', '', slot), fingerprintOf('hunter2', '', { ...slot, keyName: 'OTHER' }));
  assert.ok(!isValueFingerprint(fingerprintOf('hunter2', '', slot)) && isValueFingerprint(fingerprintOf(random, '')));
});

test('crc32: the IEEE check values (the verifier and the fake-token generator share it)', () => {
  assert.equal(crc32('123456789'), 0xcbf43926);
  assert.equal(crc32(''), 0);
  assert.equal(crc32('The quick brown fox jumps over the lazy dog'), 0x414fa339);
});
