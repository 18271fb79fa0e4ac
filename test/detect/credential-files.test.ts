// Credential files end to end: keystores and key files found by name (even binary), the credential inside
// .npmrc / .pypirc / .netrc / .git-credentials / kubeconfig / Docker config / gcloud ADC / AWS credentials found
// by content, each with its own rule (lifetime, remediation). Files are built at run time from fake parts.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { scan as scanTree } from '../../src/index.js';
import { expandTemplate } from '../../src/testing/fake-tokens.js';
import { scan } from './helpers.js';

const temps: string[] = [];
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

function tree(files: Record<string, string | Buffer>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-credfiles-'));
  temps.push(root);
  for (const [rel, body] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), typeof body === 'string' ? expandTemplate(body, 11) : body);
  }
  return root;
}

/** Bytes that look like a DER keystore: binary (NUL bytes), random. */
function keystoreBytes(n = 2500): Buffer {
  const b = randomBytes(n);
  b[0] = 0x30;
  b[1] = 0x82;
  b[4] = 0x00;
  return b;
}

const PEM = '{lit:-----BEGIN }{lit:OPENSSH PRIVATE}{lit: KEY-----}\n{lit:b3BlbnNzaC1rZXktdjE}{base64:50}\n{base64:70}\n{base64:30}==\n{lit:-----END }{lit:OPENSSH PRIVATE}{lit: KEY-----}\n';

test('credential files are found by name and content, binary keystores included, each once with its own rule', async () => {
  const root = tree({
    'certs/client.p12': keystoreBytes(),
    'certs/legacy.pfx': keystoreBytes(),
    'android/app/release.keystore': keystoreBytes(),
    'java/truststore.jks': keystoreBytes(),
    'ops/id_ed25519': PEM,
    'ops/id_rsa': '{base64:64}\n{base64:64}\n{base64:64}\n',
    '.npmrc': '//npm.pkg.example.com/:_authToken={base62:36}\n',
    '.pypirc': '[private]\nrepository = https://pypi.example.com/\nusername = deploy\npassword = {base62:20}\n',
    '.netrc': 'machine api.example.com login bot password {base62:24}\n',
    '.git-credentials': 'https://bot:{base62:30}@git.example.com\n',
    'deploy/kubeconfig.yaml': 'apiVersion: v1\nkind: Config\nusers:\n- name: ci\n  user:\n    token: {base62:48}\n    client-key-data: {base64:200}=\n',
    '.docker/config.json': '{\n  "auths": {\n    "registry.example.io": {\n      "auth": "{b64enc:deploy:{base62:24}}"\n    }\n  }\n}\n',
    '.config/gcloud/application_default_credentials.json':
      '{\n  "client_id": "demo.apps.googleusercontent.com",\n  "refresh_token": "{lit:1//}{lit:0}{base64url:100}",\n  "type": "authorized_user"\n}\n',
    '.aws/credentials': '[default]\naws_access_key_id = {tok:aws-access-key-id}\naws_secret_access_key = {base64:40}\n',
  });
  const report = await scanTree({ paths: [root], jobs: 1, config: false, gitignore: false });
  const secrets = report.findings.filter((f) => f.kind === 'secret');
  const rulesOf = (file: string) => secrets.filter((f) => f.file === file).map((f) => f.ruleId).sort();
  assert.deepEqual(rulesOf('certs/client.p12'), ['pkcs12-keystore-file']);
  assert.deepEqual(rulesOf('certs/legacy.pfx'), ['pkcs12-keystore-file']);
  assert.deepEqual(rulesOf('android/app/release.keystore'), ['java-keystore-file']);
  assert.deepEqual(rulesOf('java/truststore.jks'), ['java-keystore-file']);
  // A PEM inside id_ed25519 is reported by the key rule (on its BEGIN line), not twice.
  assert.deepEqual(rulesOf('ops/id_ed25519'), ['openssh-private-key']);
  assert.deepEqual(rulesOf('ops/id_rsa'), ['ssh-private-key-file']);
  assert.deepEqual(rulesOf('.npmrc'), ['npmrc-auth-token']);
  assert.deepEqual(rulesOf('.pypirc'), ['pypirc-password']);
  assert.deepEqual(rulesOf('.netrc'), ['netrc-password']);
  assert.deepEqual(rulesOf('.git-credentials'), ['git-credentials-file']);
  assert.deepEqual(rulesOf('deploy/kubeconfig.yaml'), ['kubeconfig-client-key', 'kubeconfig-token']);
  assert.deepEqual(rulesOf('.docker/config.json'), ['docker-config-auth']);
  assert.deepEqual(rulesOf('.config/gcloud/application_default_credentials.json'), ['gcp-refresh-token']);
  assert.ok(rulesOf('.aws/credentials').includes('aws-credentials-file'), rulesOf('.aws/credentials').join(','));
  // Keystores are findings, not "skipped as binary"; their value is never shown.
  assert.equal(report.summary.skipped?.binary ?? 0, 0);
  const p12 = secrets.find((f) => f.file === 'certs/client.p12')!;
  assert.equal(p12.line, 1);
  assert.equal(p12.credential?.redacted, '(whole file)');
  assert.equal(p12.credential?.lifetime.class, 'static');
  assert.match(p12.remediation, /KMS|short-lived certificates/);
  const json = JSON.stringify(report);
  assert.ok(!json.includes(fs.readFileSync(path.join(root, '.netrc'), 'utf8').split('password ')[1]!.trim()), 'raw password leaked');
});

test('file-kind rules stay in their files; the same bytes elsewhere are not a credential file', async () => {
  assert.ok(!scan('machine api.example.com login bot password ' + expandTemplate('{base62:24}'), 'notes.txt').some((d) => d.ruleId === 'netrc-password'));
  assert.ok(!scan('    token: ' + expandTemplate('{base62:48}'), 'values.yaml').some((d) => d.ruleId === 'kubeconfig-token'));
  const root = tree({ 'assets/logo.bin': keystoreBytes(), 'docs/README.p12.md': 'nothing here\n', 'keys/empty.p12': Buffer.alloc(0) });
  const report = await scanTree({ paths: [root], jobs: 1, config: false, gitignore: false });
  assert.deepEqual(report.findings.filter((f) => f.kind === 'secret').map((f) => f.file), []);
});

test('the same keystore committed twice is one credential (fingerprint of the bytes), a different one is not', async () => {
  const bytes = keystoreBytes();
  const root = tree({ 'a/one.p12': bytes, 'b/copy.pfx': bytes, 'c/other.p12': keystoreBytes() });
  const report = await scanTree({ paths: [root], jobs: 1, config: false, gitignore: false });
  const fp = (file: string) => report.findings.find((f) => f.file === file)?.credential?.fingerprint;
  assert.ok(fp('a/one.p12'));
  assert.equal(fp('a/one.p12'), fp('b/copy.pfx'));
  assert.notEqual(fp('a/one.p12'), fp('c/other.p12'));
});
