// Deployment posture: Kubernetes tokens, compose services, Vault TTLs, SPIRE SVID TTLs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectedRows, extractFixture, lineOf, rows, show } from './helpers.js';

test('kubernetes: a legacy service-account token Secret is a non-expiring config finding', () => {
  const { text, result } = extractFixture('k8s/legacy/deploy/agent.yaml');
  assert.deepEqual(result.issues.map((i) => `${i.ruleId}|${i.line}|${i.lifetime?.class}`), [`k8s-legacy-sa-token|${lineOf(text, 'type: kubernetes.io')}|static`]);
  assert.deepEqual(
    rows(result.bindings),
    expectedRows(text, [
      { tool: 'agent', source: 'minted', scope: 'process', ref: 'secret/agent-token', at: 'type: kubernetes.io' },
      { tool: 'agent', source: 'env', scope: 'process', ref: 'OPENAI_API_KEY', at: 'name: openai' },
      { tool: 'agent', source: 'minted', scope: 'process', ref: 'secret/agent-token', at: 'secretName: agent-token' },
    ]),
    show(result.bindings),
  );
});

test('kubernetes: a projected token with expirationSeconds is a binding and evidence, no finding', () => {
  const { text, result } = extractFixture('k8s/projected/worker.yaml');
  assert.deepEqual(result.issues, []);
  assert.deepEqual(rows(result.bindings), expectedRows(text, [{ tool: 'worker', source: 'minted', scope: 'process', ref: 'serviceAccountToken:vault', at: 'expirationSeconds' }]));
  assert.deepEqual(result.bindings[0]!.lifetime, { class: 'short-lived', ttlSeconds: 600, expiresAt: null, note: 'projected token expirationSeconds' });
  assert.ok(result.evidence.some((e) => e.control === 'short-ttl-revocation' && e.kind === 'for'));
});

test('compose: environment map (merge keys included) and list, env_file, file secrets', () => {
  const { text, result } = extractFixture('compose/app/docker-compose.yml');
  assert.deepEqual(
    rows(result.bindings),
    expectedRows(text, [
      { tool: 'agent', source: 'env', scope: 'process', ref: 'OPENAI_API_KEY', at: 'OPENAI_API_KEY' },
      { tool: 'agent', source: 'literal', scope: 'process', ref: null, at: 'ANTHROPIC_API_KEY' },
      { tool: 'agent', source: 'file', scope: 'process', ref: '.env', at: 'env_file' },
      { tool: 'agent', source: 'file', scope: 'process', ref: './secrets/db_password.txt', at: '- db_password' },
      { tool: 'worker', source: 'literal', scope: 'process', ref: null, at: 'SLACK_BOT_TOKEN' },
    ]),
    show(result.bindings),
  );
  assert.ok(result.bindings.every((b) => b.via === 'compose'));
});

test('vault: unset TTL (768 h default) and long TTLs are findings; short TTLs are evidence', () => {
  const { text, result } = extractFixture('vault/repo/roles.tf');
  assert.deepEqual(
    result.issues.map((i) => `${i.ruleId}|${i.line}|${i.lifetime?.class}|${i.lifetime?.ttlSeconds}`),
    [
      `vault-ttl-unset|${lineOf(text, 'vault_approle_auth_backend_role')}|long-lived|2764800`,
      `vault-ttl-long|${lineOf(text, 'token_ttl     = 2592000')}|long-lived|2592000`,
      `vault-ttl-long|${lineOf(text, 'token_max_ttl = 2592000')}|long-lived|2592000`,
    ],
  );
  assert.ok(result.evidence.some((e) => e.control === 'short-ttl-revocation' && e.kind === 'for' && e.line === lineOf(text, 'token_ttl     = 300')));
});

test('vault: agent config and server config', () => {
  const agent = extractFixture('vault/repo/agent.hcl');
  assert.deepEqual(
    rows(agent.result.bindings),
    expectedRows(agent.text, [
      { tool: 'vault-agent', source: 'minted', scope: 'process', ref: 'auth/approle', at: 'method "approle"' },
      { tool: 'vault-agent', source: 'file', scope: 'process', ref: '/etc/vault/secret-id', at: 'secret_id_file_path' },
      { tool: 'vault-agent', source: 'minted', scope: 'process', ref: '/run/vault/token', at: '/run/vault/token' },
    ]),
  );
  assert.deepEqual(agent.result.issues.map((i) => i.ruleId), ['vault-agent-secret-id-kept']);
  const server = extractFixture('vault/repo/server.hcl');
  assert.deepEqual(server.result.issues.map((i) => `${i.ruleId}|${i.lifetime?.ttlSeconds}`), ['vault-ttl-unset|2764800']);
});

test('spire: a 30-day X.509-SVID TTL is a finding; defaults are evidence', () => {
  const bad = extractFixture('spire/repo/server.conf');
  assert.deepEqual(bad.result.issues.map((i) => `${i.ruleId}|${i.line}|${i.lifetime?.ttlSeconds}`), [`spire-svid-ttl-long|${lineOf(bad.text, 'default_x509_svid_ttl')}|2592000`]);
  const good = extractFixture('spire/repo/good-server.conf');
  assert.deepEqual(good.result.issues, []);
  assert.equal(good.result.evidence.filter((e) => e.control === 'short-ttl-revocation' && e.kind === 'for').length, 2);
});
