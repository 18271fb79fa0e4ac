// rules/code and rules/checks/code.yaml load, validate, and cover the agent SDKs the catalogue names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CodeRuleError, loadCodePatterns, matchIssuer } from '../../src/code/patterns.js';
import { repoRoot } from '../../src/testing/paths.js';

test('rule files load and name every agent SDK and issuer family', () => {
  const p = loadCodePatterns();
  const names = new Set(p.sdks.map((f) => `${f.language}:${f.sdk}`));
  for (const f of ['typescript:ai-sdk', 'typescript:openai-agents', 'typescript:langchain', 'typescript:mastra', 'typescript:mcp-sdk',
    'python:langchain', 'python:crewai', 'python:openai-agents', 'python:mcp-sdk']) assert.ok(names.has(f), f);
  assert.equal(matchIssuer(p, 'mintGitHubToken', undefined, false)?.source, 'minted');
  assert.equal(matchIssuer(p, 'exchange_token', undefined, false)?.source, 'minted');
  assert.equal(matchIssuer(p, 'AssumeRoleCommand', undefined, true)?.source, 'minted');
  assert.equal(matchIssuer(p, 'read', 'aws/creds/deploy', false)?.source, 'minted');
  assert.equal(matchIssuer(p, 'read', 'secret/data/stripe', false)?.source, 'secret-manager');
  assert.equal(matchIssuer(p, 'read', 'config.json', false), undefined);
  assert.equal(matchIssuer(p, 'acquireTokenOnBehalfOf', undefined, false)?.source, 'oauth');
  assert.equal(matchIssuer(p, 'minted', undefined, false), undefined);
  assert.equal(matchIssuer(p, 'mintage', undefined, false), undefined);
});

test('a typo in a tool shape is a load error naming the file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-code-rules-'));
  try {
    fs.writeFileSync(path.join(dir, 'x.yaml'), 'sdk: x\nlanguage: typescript\nimports: [x]\ntools:\n  - call: [tool]\n    name: [varaible]\n');
    assert.throws(() => loadCodePatterns(dir), (e: unknown) => e instanceof CodeRuleError && /x\.yaml.*varaible/.test((e as Error).message));
    fs.writeFileSync(path.join(dir, 'x.yaml'), 'sdk: x\nlanguage: go\n');
    assert.throws(() => loadCodePatterns(dir), CodeRuleError);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('rules/checks/code.yaml defines the binding checks code analysis emits', () => {
  const doc = parseYaml(fs.readFileSync(path.join(repoRoot(), 'rules', 'checks', 'code.yaml'), 'utf8')) as { family: string; checks: { id: string; kind: string; remediation: string }[] };
  assert.equal(doc.family, 'code');
  const ids = doc.checks.map((c) => c.id);
  assert.deepEqual(ids.sort(), ['code-process-scoped-credential', 'code-token-minted-once']);
  for (const c of doc.checks) {
    assert.equal(c.kind, 'binding');
    assert.ok(c.remediation.length > 40);
  }
});
