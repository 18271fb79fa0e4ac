// Every rule's examples run here: match examples must produce that rule id, no-match examples must not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandTemplate } from '../../src/testing/fake-tokens.js';
import { builtinRules, scan } from './helpers.js';
import { probeRedos, staticRedosReason } from '../../src/detect/redos.js';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../src/testing/paths.js';

const rules = builtinRules().rules;

// Scans load the shipped rules without the timed ReDoS probe (src/detect/loader.ts): this test is the proof
// that every shipped regex passes it. Custom rules (config, other folders) are still probed at load.
test('every shipped rule regex passes the static and the timed ReDoS checks', () => {
  for (const r of rules) {
    assert.equal(staticRedosReason(r.regex), null, r.id);
    assert.equal(probeRedos(new RegExp(r.regex, `${r.flags ?? ''}gd`), r.keywords), null, r.id);
  }
});

test('at least 150 credential rules are defined', () => {
  assert.ok(rules.length >= 150, `only ${rules.length} rules`);
});

test('the providers and format variants of the breadth issue have rules', () => {
  const ids = new Set(rules.map((r) => r.id));
  for (const id of ['tailscale-auth-key', 'tailscale-oauth-client-secret', 'vercel-personal-token', 'vercel-integration-token',
    'vercel-app-access-token', 'vercel-app-refresh-token', 'vercel-ai-gateway-key', 'grafana-cloud-token', 'grafana-service-account-token',
    'onepassword-service-account-token', 'onepassword-secret-key', 'doppler-personal-token', 'doppler-service-token',
    'cloudflare-user-api-token', 'cloudflare-account-api-token', 'cloudflare-global-api-key', 'cloudflare-global-api-key-legacy',
    'cloudflare-origin-ca-key', 'azure-openai-key', 'azure-ai-services-key', 'azure-storage-account-key', 'azure-cosmosdb-key',
    'azure-apim-key', 'azure-container-registry-key', 'azure-devops-pat', 'azure-function-key', 'azure-search-key',
    'azure-entra-refresh-token', 'airtable-pat', 'assemblyai-api-key', 'elevenlabs-api-key', 'heroku-api-key', 'hubspot-private-app-token',
    'zapier-webhook-url', 'aws-appsync-api-key', 'aws-bedrock-api-key', 'stripe-live-restricted-key', 'slack-workspace-token',
    'slack-rotating-token', 'vault-legacy-token', 'pgp-private-key', 'docker-config-auth', 'github-app-installation-token-long']) {
    assert.ok(ids.has(id), `missing rule ${id}`);
  }
});

// Formats and standards, not providers: their lifetime is set by whoever runs the server or mints the value,
// so a source is optional (JWT and private keys cite the standard that defines the format).
const providerless = new Set(['generic', 'url', 'database', 'jwt', 'private-key']);
// Provider rules whose provider publishes no page about the key that could be confirmed; each needs a reason.
const noSourceYet: Record<string, string> = {
  'serper-api-key': 'Serper publishes no documentation page for its API key, only the dashboard',
  'serpapi-api-key': 'SerpApi documents the api_key parameter but no page on the key itself or its lifetime',
  'pypi-api-token': "PyPI's own help page on API tokens could not be confirmed; only third-party pages describe them",
};

test('every provider rule names the https page its lifetime comes from (exceptions listed with a reason)', () => {
  for (const r of rules) {
    if (r.lifetime.source) assert.match(r.lifetime.source, /^https:\/\/[^\s"]+$/, r.id);
    if (providerless.has(r.provider)) continue;
    if (r.id in noSourceYet) {
      assert.equal(r.lifetime.source, undefined, `${r.id} has a source now: remove it from the exceptions`);
      continue;
    }
    assert.ok(r.lifetime.source, `${r.id} (${r.provider}) has no lifetime.source`);
  }
  for (const id of Object.keys(noSourceYet)) assert.ok(rules.some((r) => r.id === id), `exception for unknown rule ${id}`);
});

test('the issue-2 provider list is covered', () => {
  const providers = new Set(rules.map((r) => r.provider));
  for (const p of ['github', 'gitlab', 'aws', 'gcp', 'azure', 'openai', 'anthropic', 'mistral', 'cohere', 'groq', 'huggingface',
    'replicate', 'perplexity', 'xai', 'langsmith', 'pinecone', 'tavily', 'serper', 'brave', 'firecrawl', 'slack', 'discord',
    'telegram', 'stripe', 'twilio', 'sendgrid', 'mailgun', 'shopify', 'notion', 'linear', 'atlassian', 'sentry', 'datadog',
    'npm', 'pypi', 'docker', 'vault', 'databricks', 'jwt', 'private-key', 'database', 'url', 'generic']) {
    assert.ok(providers.has(p), `no rule for provider ${p}`);
  }
  const ids = new Set(rules.map((r) => r.id));
  for (const id of ['github-classic-pat', 'github-oauth-token', 'github-user-to-server-token', 'github-app-installation-token',
    'github-refresh-token', 'github-fine-grained-pat', 'aws-access-key-id', 'aws-temporary-access-key-id', 'aws-secret-access-key',
    'gcp-service-account-key', 'google-api-key', 'gcp-access-token', 'gemini-api-key', 'azure-storage-connection-string',
    'azure-sas-token', 'slack-bot-token', 'slack-user-token', 'slack-rotating-token', 'slack-app-token', 'slack-webhook-url',
    'stripe-live-secret-key', 'stripe-live-restricted-key', 'stripe-webhook-secret', 'stripe-test-secret-key',
    'vault-service-token', 'vault-batch-token', 'vault-recovery-token', 'pem-private-key', 'openssh-private-key',
    'postgres-connection-string', 'mysql-connection-string', 'mongodb-connection-string', 'redis-connection-string',
    'amqp-connection-string', 'url-embedded-credentials', 'generic-secret-assignment', 'jwt']) {
    assert.ok(ids.has(id), `missing rule ${id}`);
  }
});

test('every rule has match and no-match examples, a remediation and a lifetime', () => {
  for (const r of rules) {
    assert.ok(r.examples.match.length > 0, `${r.id} (${r.source}) has no match examples`);
    assert.ok(r.examples.noMatch.length > 0, `${r.id} (${r.source}) has no no-match examples`);
    assert.ok(r.remediation.length > 20, `${r.id} remediation too short`);
    assert.ok(r.remediationUrl?.startsWith('https://'), `${r.id} has no remediationUrl`);
  }
});

for (const rule of rules) {
  test(`examples: ${rule.id}`, () => {
    rule.examples.match.forEach((tpl, i) => {
      for (const seed of [1, 2, 3]) {
        const text = expandTemplate(tpl, seed);
        const found = scan(text, rule.examples.file);
        assert.ok(found.some((d) => d.ruleId === rule.id), `${rule.id} match[${i}] (seed ${seed}) not found; got [${found.map((d) => d.ruleId).join(', ')}]`);
      }
    });
    rule.examples.noMatch.forEach((tpl, i) => {
      const found = scan(expandTemplate(tpl, 1), rule.examples.file);
      assert.ok(!found.some((d) => d.ruleId === rule.id), `${rule.id} no-match[${i}] was reported`);
    });
  });
}

test('lifetime defaults from the issue', () => {
  const byId = new Map(rules.map((r) => [r.id, r]));
  assert.equal(byId.get('github-app-installation-token')!.lifetime.ttlSeconds, 3600);
  assert.equal(byId.get('gcp-access-token')!.lifetime.ttlSeconds, 3600);
  assert.equal(byId.get('aws-temporary-access-key-id')!.lifetime.ttlSeconds, 3600);
  assert.equal(byId.get('vault-service-token')!.lifetime.ttlSeconds, 768 * 3600);
  assert.equal(byId.get('aws-access-key-id')!.lifetime.class, 'static');
  assert.ok(byId.get('github-classic-pat')!.tags.includes('human-credential'));
  assert.ok(byId.get('slack-user-token')!.tags.includes('human-credential'));
  assert.ok(byId.get('openai-admin-key')!.tags.includes('admin'));
  assert.ok(byId.get('anthropic-admin-key')!.tags.includes('admin'));
  assert.ok(byId.get('stripe-live-secret-key')!.tags.includes('live'));
  assert.ok(byId.get('stripe-test-secret-key')!.tags.includes('test'));
  assert.ok(byId.get('aws-access-key-id')!.tags.includes('cloud-root'));
  assert.ok(byId.get('openai-api-key')!.envNames!.includes('OPENAI_API_KEY'));
});

test("README's provider list names every provider that has a rule", () => {
  const readme = fs.readFileSync(path.join(repoRoot(), 'README.md'), 'utf8');
  const list = readme.slice(readme.indexOf('- **Any text file**'), readme.indexOf('- **MCP client configs**'));
  const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const text = squash(list);
  for (const p of new Set(rules.map((r) => r.provider))) assert.ok(text.includes(squash(p)), `README does not list provider ${p}`);
});
