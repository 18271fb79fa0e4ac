// Known public values (rules/public-values.yaml) are silent: emulator and documentation keys by hash, Firebase
// web API keys by their config context. The values are assembled here from pieces at run time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { scan as scanTree } from '../../src/index.js';
import { loadPublicValues, publicValueOf, shippedPublicValues } from '../../src/detect/public-values.js';
import { expandTemplate, fakeToken } from '../../src/testing/fake-tokens.js';
import { scan } from './helpers.js';

// The Azurite development key, in pieces (it is public, but this repository holds nothing token-shaped).
const AZURITE = ['Eby8vdM02xNO', 'cqFlqUwJPLlm', 'EtlCDXJ1OUzF', 'T50uSRZ6IFsu', 'Fq2UVErCz4I6', 'tq/K1SZFPTOt', 'r/KBHBeksoGM', 'Gw=='].join('');

test('every public value names its source and stores only a hash', () => {
  const pv = shippedPublicValues();
  assert.ok(pv.byHash.size >= 3);
  for (const [hash, v] of pv.byHash) {
    assert.match(hash, /^[0-9a-f]{64}$/);
    assert.match(v.source, /^https:\/\//, v.id);
  }
  for (const c of pv.contexts) assert.match(c.source, /^https:\/\//, c.id);
  assert.equal(pv.byHash.get(createHash('sha256').update(AZURITE).digest('hex'))?.id, 'azurite-account-key');
});

test('the Azurite development key is silent; a real-looking account key in the same place is reported', () => {
  const conn = (key: string) => `AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${key};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;"`;
  assert.deepEqual(scan(conn(AZURITE)).map((d) => d.ruleId), []);
  assert.deepEqual(scan(`AZURE_STORAGE_KEY=${AZURITE}`).map((d) => d.ruleId), []);
  assert.deepEqual(scan(conn(expandTemplate('{base64:86}==', 3))).map((d) => d.ruleId), ['azure-storage-connection-string']);
});

test('Firebase web API keys in a Firebase config are silent; the same key elsewhere is still a Google API key', async () => {
  const key = fakeToken('google-api-key', 5);
  const config = `const firebaseConfig = {\n  apiKey: "${key}",\n  authDomain: "demo.firebaseapp.com",\n  projectId: "demo",\n};\n`;
  assert.deepEqual(scan(config, 'src/firebase.ts').map((d) => d.ruleId), []);
  assert.deepEqual(scan(`NEXT_PUBLIC_FIREBASE_API_KEY=${key}`, '.env').map((d) => d.ruleId), []);
  assert.deepEqual(scan(`const maps = new Client({ key: "${key}" });`, 'src/maps.ts').map((d) => d.ruleId), ['google-api-key']);
  // End to end, through the code and env readers too: nothing reported, nothing failing a gate.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-public-'));
  try {
    fs.writeFileSync(path.join(root, 'firebase.ts'), `import { initializeApp } from "firebase/app";\n${config}export const app = initializeApp(firebaseConfig);\n`);
    fs.writeFileSync(path.join(root, '.env'), `FIREBASE_API_KEY=${key}\nAZURE_STORAGE_KEY=${AZURITE}\n`);
    const report = await scanTree({ paths: [root], jobs: 1, config: false, gitignore: false });
    assert.deepEqual(report.findings.filter((f) => f.kind === 'secret').map((f) => `${f.file}:${f.ruleId}`), []);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a public-values file is validated: hash shape and source are required', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-pv-'));
  try {
    const file = path.join(dir, 'pv.yaml');
    fs.writeFileSync(file, 'values:\n  - id: x\n    what: y\n    sha256: nothex\n    source: https://example.com\n');
    assert.throws(() => loadPublicValues(file), /sha256/);
    fs.writeFileSync(file, 'values:\n  - id: x\n    what: y\n    sha256: ' + 'a'.repeat(64) + '\n    source: http://example.com\n');
    assert.throws(() => loadPublicValues(file), /source/);
    const own = expandTemplate('{base62:30}', 9);
    fs.writeFileSync(file, `values:\n  - id: own\n    what: a team's public sample\n    sha256: ${createHash('sha256').update(own).digest('hex')}\n    source: https://example.com/docs\n`);
    assert.equal(publicValueOf(own, own, 0, own.length, loadPublicValues(file))?.id, 'own');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('client-side keys public by their prefix are silent anywhere; the secret keys of the same providers are not', () => {
  const projectKey = expandTemplate('{lit:ph}{lit:c_}{base62:43}', 4);
  const personalKey = expandTemplate('{lit:ph}{lit:x_}{base62:43}', 4);
  const publishable = expandTemplate('{lit:pk}{lit:_live_}{base62:99}', 4);
  assert.deepEqual(scan(`POSTHOG_PROJECT_API_KEY = '${projectKey}'`, 'app/telemetry.py').map((d) => d.ruleId), []);
  assert.deepEqual(scan(`STRIPE_KEY=${publishable}`, '.env').map((d) => d.ruleId), []);
  assert.deepEqual(scan(`POSTHOG_PERSONAL_API_KEY=${personalKey}`, '.env').map((d) => d.ruleId), ['posthog-personal-api-key']);
  assert.deepEqual(scan(`STRIPE_KEY=${expandTemplate('{lit:sk}{lit:_live_}{base62:99}', 4)}`, '.env').map((d) => d.ruleId), ['stripe-live-secret-key']);
  // Only the exact shape is public: a longer value with the prefix is still looked at.
  assert.ok(scan(`POSTHOG_PROJECT_API_KEY = '${projectKey}${expandTemplate('{base62:30}', 5)}'`, 'a.py').length > 0);
});

test('a context without `near` is public wherever the shape appears', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-pv-'));
  try {
    const file = path.join(dir, 'pv.yaml');
    fs.writeFileSync(file, "contexts:\n  - id: client-key\n    what: a client-side key\n    shape: '^ck_[a-z0-9]{20}$'\n    source: https://example.com/docs\n");
    const v = 'ck_' + expandTemplate('{hex:20}', 2);
    assert.equal(publicValueOf(v, `x = "${v}"`, 5, 5 + v.length, loadPublicValues(file))?.id, 'client-key');
    assert.equal(publicValueOf('ck_short', 'ck_short', 0, 8, loadPublicValues(file)), null);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a Supabase anon key (a JWT whose claims say role anon) is silent; its service_role sibling is reported', () => {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const jwt = (role: string) =>
    [b64({ alg: 'HS256', typ: 'JWT' }), b64({ iss: 'supabase', ref: 'abcdefghijklmnopqrst', role, iat: 1719257579, exp: 2034833579 }), expandTemplate('{base64url:43}', 6)].join('.');
  const file = (v: string) => `const SUPABASE_KEY =\n  "${v}";\nconst SUPABASE_URL = "https://abcdefghijklmnopqrst.supabase.co";\n`;
  assert.deepEqual(scan(file(jwt('anon')), 'src/analytics.ts').map((d) => d.ruleId), []);
  assert.deepEqual(scan(file(jwt('service_role')), 'src/analytics.ts').map((d) => d.ruleId), ['jwt']);
  const publishable = expandTemplate('{lit:sb}{lit:_publishable_}{base64url:32}', 3);
  assert.deepEqual(scan(`SUPABASE_KEY=${publishable}`, '.env').map((d) => d.ruleId), []);
});
