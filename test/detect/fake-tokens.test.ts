import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  expandTemplate,
  expandFixtureText,
  fakeToken,
  FAKE_TOKEN_KINDS,
  tokenChecksum,
  crc32,
} from '../../src/testing/fake-tokens.js';

test('expandTemplate: alphabets and lengths', () => {
  assert.match(expandTemplate('{base62:30}'), /^[0-9A-Za-z]{30}$/);
  assert.match(expandTemplate('{hex:40}'), /^[0-9a-f]{40}$/);
  assert.match(expandTemplate('{HEX:8}'), /^[0-9A-F]{8}$/);
  assert.match(expandTemplate('{alnum:12}'), /^[a-z0-9]{12}$/);
  assert.match(expandTemplate('{upper:5}{lower:5}{digits:5}'), /^[A-Z]{5}[a-z]{5}[0-9]{5}$/);
  assert.match(expandTemplate('{b32:16}'), /^[A-Z2-7]{16}$/);
  assert.match(expandTemplate('{base64:40}'), /^[A-Za-z0-9+/]{40}$/);
  assert.match(expandTemplate('{base64url:40}'), /^[A-Za-z0-9_-]{40}$/);
  assert.equal(expandTemplate('{lit:a}{lit:b}{repeat:x:4}'), 'abxxxx');
  assert.equal(expandTemplate('KEY=${VAR} {"a": 1} {unknown:3}'), 'KEY=${VAR} {"a": 1} {unknown:3}');
});

test('expandTemplate is deterministic per seed', () => {
  assert.equal(expandTemplate('{base62:20}', 5), expandTemplate('{base62:20}', 5));
  assert.notEqual(expandTemplate('{base62:20}', 5), expandTemplate('{base62:20}', 6));
});

test('crc32 matches the standard check value and GitHub-style checksum', () => {
  assert.equal(crc32('123456789'), 0xcbf43926);
  const tok = expandTemplate('{base62:30}{crc32}');
  assert.equal(tok.slice(30), tokenChecksum(tok.slice(0, 30)));
  assert.equal(tokenChecksum('').length, 6);
});

test('jwt placeholder: relative times', () => {
  const jwt = expandTemplate('{jwt:{"sub":"a","iat":"+0","exp":"+300","aud":"api"}}');
  const parts = jwt.split('.');
  assert.equal(parts.length, 3);
  const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  assert.equal(payload.exp - payload.iat, 300);
  assert.equal(payload.aud, 'api');
});

test('every fake token kind expands', () => {
  for (const kind of FAKE_TOKEN_KINDS) assert.ok(fakeToken(kind).length > 8, kind);
  const ghp = fakeToken('github-pat');
  assert.equal(ghp.length, 40);
  assert.equal(ghp.slice(-6), tokenChecksum(ghp.slice(4, 34)));
  assert.throws(() => fakeToken('nope'));
});

test('expandFixtureText', () => {
  const out = expandFixtureText('A={{openai}}\nB={{openai}}\nC={{openai#2}}\nD={{tpl:{lit:x}{jwt:{"a":"+1"}}}}\nE=${{ secrets.X }} {{ unknown }}');
  const lines = out.split('\n');
  assert.equal(lines[0]!.slice(2), lines[1]!.slice(2));
  assert.notEqual(lines[0]!.slice(2), lines[2]!.slice(2));
  assert.match(lines[3]!, /^D=x[\w-]+\.[\w-]+\.[\w-]+$/);
  assert.equal(lines[4], 'E=${{ secrets.X }} {{ unknown }}');
});
