// A realistic agent repository (test/fixtures/detect/agent-tree, templates only): ≥ 95% of the planted
// provider secrets are found with the right rule and lifetime class, and no decoy is reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../src/testing/paths.js';
import { expandFixtureText } from '../../src/testing/fake-tokens.js';
import type { LifetimeClass } from '../../src/model/report.js';
import { scan } from './helpers.js';

const TREE = path.join(repoRoot(), 'test', 'fixtures', 'detect', 'agent-tree');

/** What each fake-token kind must be reported as. */
const EXPECT: Record<string, { ruleId: string; lifetime: LifetimeClass }> = {
  'github-pat': { ruleId: 'github-classic-pat', lifetime: 'long-lived' },
  'github-fine-grained': { ruleId: 'github-fine-grained-pat', lifetime: 'long-lived' },
  'github-app-installation': { ruleId: 'github-app-installation-token', lifetime: 'short-lived' },
  'gitlab-pat': { ruleId: 'gitlab-pat', lifetime: 'long-lived' },
  'aws-access-key-id': { ruleId: 'aws-access-key-id', lifetime: 'static' },
  'aws-secret-access-key': { ruleId: 'aws-secret-access-key', lifetime: 'static' },
  'aws-sts-key-id': { ruleId: 'aws-temporary-access-key-id', lifetime: 'short-lived' },
  openai: { ruleId: 'openai-api-key', lifetime: 'static' },
  'openai-admin': { ruleId: 'openai-admin-key', lifetime: 'static' },
  anthropic: { ruleId: 'anthropic-api-key', lifetime: 'static' },
  'anthropic-admin': { ruleId: 'anthropic-admin-key', lifetime: 'static' },
  'stripe-live': { ruleId: 'stripe-live-secret-key', lifetime: 'static' },
  'stripe-test': { ruleId: 'stripe-test-secret-key', lifetime: 'static' },
  'slack-bot': { ruleId: 'slack-bot-token', lifetime: 'static' },
  'slack-user': { ruleId: 'slack-user-token', lifetime: 'static' },
  'slack-webhook': { ruleId: 'slack-webhook-url', lifetime: 'static' },
  huggingface: { ruleId: 'huggingface-token', lifetime: 'static' },
  npm: { ruleId: 'npm-access-token', lifetime: 'long-lived' },
  'google-api-key': { ruleId: 'google-api-key', lifetime: 'static' },
  'gcp-access-token': { ruleId: 'gcp-access-token', lifetime: 'short-lived' },
  'vault-service-token': { ruleId: 'vault-service-token', lifetime: 'long-lived' },
  'jwt-short': { ruleId: 'jwt', lifetime: 'short-lived' },
  'jwt-expired': { ruleId: 'jwt', lifetime: 'short-lived' },
  'jwt-noexp': { ruleId: 'jwt', lifetime: 'static' },
  'private-key-pem': { ruleId: 'pem-private-key', lifetime: 'static' },
  'postgres-url': { ruleId: 'postgres-connection-string', lifetime: 'static' },
  'generic-password': { ruleId: 'generic-secret-assignment', lifetime: 'static' },
};

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : [p];
  });
}

test('agent tree: planted secrets found with the right rule and lifetime; no decoys', () => {
  let planted = 0;
  let found = 0;
  const misses: string[] = [];
  const extras: string[] = [];
  for (const abs of files(TREE)) {
    const rel = path.relative(TREE, abs).split(path.sep).join('/');
    const template = fs.readFileSync(abs, 'utf8');
    const expected = [...template.matchAll(/\{\{([a-z0-9-]+)\}\}/g)].map((m) => m[1]!).filter((k) => k in EXPECT);
    const detections = scan(expandFixtureText(template), rel);
    const unmatched = [...detections];
    for (const kind of expected) {
      planted++;
      const want = EXPECT[kind]!;
      const i = unmatched.findIndex((d) => d.ruleId === want.ruleId && d.lifetime.class === want.lifetime);
      if (i >= 0) {
        found++;
        unmatched.splice(i, 1);
      } else misses.push(`${rel}: ${kind} (want ${want.ruleId}/${want.lifetime})`);
    }
    for (const d of unmatched) extras.push(`${rel}:${d.line} ${d.ruleId} key=${d.key ?? ''}`);
  }
  assert.ok(planted >= 25, `only ${planted} planted secrets`);
  assert.ok(found / planted >= 0.95, `recall ${found}/${planted}; missed:\n${misses.join('\n')}`);
  assert.deepEqual(extras, [], 'decoys or unexpected findings');
});
