// Less common shapes, inline: each documented in docs/sources.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandFixtureText } from '../../src/testing/fake-tokens.js';
import { findReference, isCredentialKey } from '../../src/extract/values.js';
import { extractText, rows } from './helpers.js';

test('findReference: every reference syntax', () => {
  const cases: [string, string | null, string | null][] = [
    ['${OPENAI_API_KEY}', 'env', 'OPENAI_API_KEY'],
    ['${TOKEN:-fallback}', 'env', 'TOKEN'],
    ['$TOKEN', 'env', 'TOKEN'],
    ['Bearer ${env:GH_TOKEN}', 'env', 'GH_TOKEN'],
    ['{env:KEY}', 'env', 'KEY'],
    ['${input:api-key}', 'input', 'api-key'],
    ['${{ secrets.NPM_TOKEN }}', 'env', 'NPM_TOKEN'],
    ['${{ env.X_TOKEN }}', 'env', 'X_TOKEN'],
    ['={{ $env.CRM_TOKEN }}', 'env', 'CRM_TOKEN'],
    ['vault:secret/data/agent#token', 'secret-manager', 'vault:secret/data/agent#token'],
    ['op://vault/item/field', 'secret-manager', 'op://vault/item/field'],
    ['arn:aws:secretsmanager:us-east-1:123456789012:secret:agent', 'secret-manager', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:agent'],
    ['${{ vars.REGION }}', null, null],
    ['plain-value', null, null],
  ];
  for (const [value, source, ref] of cases) {
    const r = findReference(value);
    assert.deepEqual([r?.source ?? null, r?.ref ?? null], [source, ref], value);
  }
  assert.equal(findReference('${{ secrets.X }}', { ciSecrets: 'secret-manager' })?.source, 'secret-manager');
});

test('isCredentialKey: credential names yes, settings and public keys no', () => {
  for (const k of ['OPENAI_API_KEY', 'apiKey', 'X-Api-Key', 'Authorization', 'GITHUB_TOKEN', 'DB_PASSWORD', 'DATABASE_URL', 'client_secret', 'AWS_ACCESS_KEY_ID', 'api-key', 'SLACK_WEBHOOK_URL']) {
    assert.ok(isCredentialKey(k), k);
  }
  for (const k of ['LOG_LEVEL', 'STRIPE_PUBLISHABLE_KEY', 'PUBLIC_KEY', 'CLIENT_ID', 'TOKEN_TTL', 'KEY_ID', 'API_BASE_URL', 'SORT_ORDER', 'model', 'TOKEN_EXPIRY']) {
    assert.ok(!isCredentialKey(k), k);
  }
});

test('claude.json projects, vscode settings.json and opencode shapes', () => {
  const claude = extractText('.claude.json', '{ "projects": { "/work/app": { "mcpServers": { "db": { "command": "x", "env": { "DB_TOKEN": "${DB_TOKEN}" } } } } } }');
  assert.deepEqual(claude.bindings.map((b) => `${b.tool}|${b.agent}|${b.source}|${b.credentialRef}`), ['db|/work/app|env|DB_TOKEN']);
  const settings = extractText('.vscode/settings.json', '{ "mcp": { "inputs": [{ "id": "k", "password": true }], "servers": { "s": { "command": "x", "env": { "API_KEY": "${input:k}" } } } } }');
  assert.deepEqual(settings.bindings.map((b) => `${b.tool}|${b.source}|${b.credentialRef}|${b.attributes?.password}`), ['s|input|k|true']);
  const opencode = extractText('opencode.json', '{ "mcp": { "jira": { "type": "local", "command": ["npx", "jira-mcp"], "environment": { "JIRA_API_TOKEN": "{env:JIRA_API_TOKEN}" } } } }');
  assert.deepEqual(opencode.bindings.map((b) => `${b.tool}|${b.source}|${b.credentialRef}|${b.via}`), ['jira|env|JIRA_API_TOKEN|mcp:opencode']);
});

test('continue config.yaml: model apiKey from the secret store', () => {
  const r = extractText('.continue/config.yaml', 'models:\n  - name: gpt\n    provider: openai\n    apiKey: ${{ secrets.OPENAI_API_KEY }}\nmcpServers: []\n');
  assert.deepEqual(rows(r.bindings), ['model:gpt|secret-manager|process|OPENAI_API_KEY|4']);
});

test('GOOGLE_APPLICATION_CREDENTIALS path is a file binding', () => {
  const r = extractText('.cursor/mcp.json', '{ "mcpServers": { "bq": { "command": "x", "env": { "GOOGLE_APPLICATION_CREDENTIALS": "/secrets/sa.json" } } } }');
  assert.deepEqual(r.bindings.map((b) => `${b.source}|${b.credentialRef}`), ['file|/secrets/sa.json']);
});

test('vault role JSON, periodic tokens; SPIRE registration entries', () => {
  const role = extractText('vault/agent-role.json', '{\n  "token_policies": ["agent"],\n  "token_ttl": "72h"\n}\n');
  assert.deepEqual(role.issues.map((i) => `${i.ruleId}|${i.line}|${i.lifetime?.ttlSeconds}`), ['vault-ttl-long|3|259200']);
  const periodic = extractText('infra/vault.tf', 'resource "vault_token_auth_backend_role" "svc" {\n  role_name    = "svc"\n  token_period = "24h"\n}\n');
  assert.deepEqual(periodic.issues.map((i) => `${i.ruleId}|${i.line}`), ['vault-periodic-token|3']);
  const entries = extractText('spire/entries.json', '{ "entries": [\n { "spiffe_id": "spiffe://example.org/agent", "x509_svid_ttl": 86400, "jwt_svid_ttl": 300 }\n] }\n');
  assert.deepEqual(entries.issues.map((i) => `${i.ruleId}|${i.line}|${i.lifetime?.ttlSeconds}`), ['spire-svid-ttl-long|2|86400']);
});

test('kubernetes: projected token above a day is a finding; Helm templates do not warn', () => {
  const long = extractText('k8s/pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  volumes:\n    - name: t\n      projected:\n        sources:\n          - serviceAccountToken:\n              expirationSeconds: 604800\n');
  assert.deepEqual(long.issues.map((i) => `${i.ruleId}|${i.line}`), ['k8s-projected-token-long-ttl|11']);
  const helm = extractText('chart/templates/secret.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}\n{{- if .Values.x }}\ntype: Opaque\n{{- end }}\n');
  assert.deepEqual(helm.warnings, []);
});

test('gitlab: literal credential in variables and static keys in pipeline variables', () => {
  const text = expandFixtureText('variables:\n  AWS_ACCESS_KEY_ID: $CI_AWS_KEY\n  AWS_SECRET_ACCESS_KEY: $CI_AWS_SECRET\nbuild:\n  script: [make]\n  variables:\n    OPENAI_API_KEY: "{{openai}}"\n');
  const r = extractText('.gitlab-ci.yml', text);
  assert.deepEqual(r.issues.map((i) => `${i.ruleId}|${i.line}`), ['gitlab-static-cloud-keys|2']);
  assert.ok(rows(r.bindings).includes('build|literal|process|null|7'), rows(r.bindings).join('\n'));
});
