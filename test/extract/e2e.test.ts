// End to end: fixture trees (expanded into fake tokens in a temp dir) through scan(), checking the report's
// bindings array, env-reference resolution, reuse across tools, and findings / their absence.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scan } from '../../src/index.js';
import type { Report } from '../../src/model/report.js';
import { expandFixtureText } from '../../src/testing/fake-tokens.js';
import { FIXTURES } from './helpers.js';

const temps: string[] = [];
after(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

/** Copy fixture folders (relative to test/fixtures/extract) into one temp tree, expanding templates. */
function materialize(parts: Record<string, string>, extra: Record<string, string> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-extract-'));
  temps.push(root);
  const copy = (from: string, to: string) => {
    for (const e of fs.readdirSync(from, { withFileTypes: true })) {
      const src = path.join(from, e.name);
      const dst = path.join(to, e.name);
      if (e.isDirectory()) copy(src, dst);
      else {
        fs.mkdirSync(to, { recursive: true });
        fs.writeFileSync(dst, expandFixtureText(fs.readFileSync(src, 'utf8')));
      }
    }
  };
  for (const [fixture, dest] of Object.entries(parts)) copy(path.join(FIXTURES, fixture), path.join(root, dest));
  for (const [rel, text] of Object.entries(extra)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), expandFixtureText(text));
  }
  return root;
}

async function scanTree(root: string): Promise<Report> {
  return scan({ paths: [root], jobs: 1, config: false, gitignore: false });
}

test('MCP configs: every binding reported; the same PAT in three clients is one fingerprint and reuse', async () => {
  const root = materialize({ 'mcp/cursor': 'cursor', 'mcp/codex': 'codex', 'mcp/goose': 'goose', 'mcp/vscode': 'vscode' });
  const report = await scanTree(root);
  const pats = report.bindings.filter((b) => b.tool === 'github' && b.source === 'literal');
  assert.equal(pats.length, 3, JSON.stringify(report.bindings, null, 1));
  assert.ok(pats.every((b) => b.fingerprint && b.fingerprint === pats[0]!.fingerprint));
  const reuse = report.findings.filter((f) => f.ruleId === 'secret-reuse');
  assert.equal(reuse.length, 1);
  // Prompted inputs are bindings, never findings.
  const vscode = report.bindings.filter((b) => b.file === 'vscode/.vscode/mcp.json');
  assert.deepEqual(vscode.map((b) => `${b.tool}|${b.source}|${b.line}`).sort(), ['fetch|file|22', 'github|input|10', 'perplexity|input|16']);
  assert.ok(!report.findings.some((f) => f.file === 'vscode/.vscode/mcp.json' && f.binding?.source === 'input'));
});

test('an env reference in an MCP config resolves to the .env value and its lifetime', async () => {
  const root = materialize(
    {},
    {
      '.env': 'STRIPE_SECRET_KEY={{stripe-live}}\n',
      '.cursor/mcp.json': '{ "mcpServers": { "stripe": { "command": "npx", "env": { "STRIPE_SECRET_KEY": "${env:STRIPE_SECRET_KEY}" } } } }\n',
    },
  );
  const report = await scanTree(root);
  const secret = report.findings.find((f) => f.kind === 'secret' && f.file === '.env');
  assert.ok(secret?.credential, JSON.stringify(report.findings));
  const binding = report.bindings.find((b) => b.file === '.cursor/mcp.json' && b.tool === 'stripe');
  assert.equal(binding?.source, 'env');
  assert.equal(binding?.credentialRef, 'STRIPE_SECRET_KEY');
  assert.equal(binding?.fingerprint, secret.credential.fingerprint);
  assert.equal(binding?.lifetime?.class, secret.credential.lifetime.class);
});

test('CI: static keys are config findings; OIDC workflows and GitLab id_tokens produce none', async () => {
  const root = materialize({ 'ci/github': 'gh', 'ci/gitlab-bad': 'gl-bad', 'ci/gitlab-good': 'gl-good' });
  const report = await scanTree(root);
  const config = report.findings.filter((f) => f.kind === 'config').map((f) => `${f.ruleId}|${f.file}`).sort();
  assert.deepEqual(config, [
    'gha-role-duration-long|gh/.github/workflows/long-session.yml',
    'gha-static-aws-keys|gh/.github/workflows/deploy-static.yml',
    'gha-static-aws-keys|gh/.github/workflows/deploy-static.yml',
    'gha-static-azure-secret|gh/.github/workflows/deploy-static.yml',
    'gha-static-gcp-key|gh/.github/workflows/deploy-static.yml',
    'gitlab-static-cloud-keys|gl-bad/.gitlab-ci.yml',
  ]);
  assert.deepEqual(report.findings.filter((f) => f.file.endsWith('deploy-oidc.yml') || f.file.startsWith('gl-good/')), []);
  const oidc = report.bindings.filter((b) => b.file.endsWith('deploy-oidc.yml'));
  assert.deepEqual(oidc.map((b) => `${b.tool}|${b.source}|${b.scope}`), ['aws|minted|task', 'gcp|minted|task', 'azure|minted|task']);
  const role = report.findings.find((f) => f.ruleId === 'gha-role-duration-long');
  assert.equal(role?.line, 12);
});

test('deployment: legacy SA token, Vault and SPIRE TTLs are findings; projected tokens and short TTLs are not', async () => {
  const root = materialize({ k8s: 'k8s', vault: 'vault', spire: 'spire' });
  const report = await scanTree(root);
  const config = report.findings.filter((f) => f.kind === 'config').map((f) => `${f.ruleId}|${f.file}|${f.line}`).sort();
  assert.deepEqual(config, [
    'k8s-legacy-sa-token|k8s/legacy/deploy/agent.yaml|7',
    'spire-svid-ttl-long|spire/repo/server.conf|5',
    'vault-agent-secret-id-kept|vault/repo/agent.hcl|6',
    'vault-ttl-long|vault/repo/roles.tf|10',
    'vault-ttl-long|vault/repo/roles.tf|11',
    'vault-ttl-unset|vault/repo/roles.tf|1',
    'vault-ttl-unset|vault/repo/server.hcl|1',
  ]);
  assert.deepEqual(report.findings.filter((f) => f.file === 'k8s/projected/worker.yaml' || f.file === 'spire/repo/good-server.conf'), []);
  const projected = report.bindings.find((b) => b.file === 'k8s/projected/worker.yaml');
  assert.equal(projected?.lifetime?.ttlSeconds, 600);
});

test('malformed configs are warnings, and the text scan still finds their secrets', async () => {
  const root = materialize({}, { '.cursor/mcp.json': '{ "mcpServers": { "a": { "env": { "SLACK_BOT_TOKEN": "{{slack-bot}}" }\n  oops\n' });
  const report = await scanTree(root);
  assert.ok(report.summary.warnings?.some((w) => w.file === '.cursor/mcp.json' && typeof w.line === 'number'), JSON.stringify(report.summary));
  assert.ok(report.findings.some((f) => f.kind === 'secret' && f.file === '.cursor/mcp.json'));
});
