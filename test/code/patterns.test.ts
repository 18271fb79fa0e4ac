// rules/code and rules/checks/code.yaml load, validate, and cover the agent SDKs the catalogue names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CodeRuleError, codePatterns, loadCodePatterns, matchIssuer, modelStringBinding } from '../../src/code/patterns.js';
import { repoRoot } from '../../src/testing/paths.js';

test('rule files load and name every agent SDK and issuer family', () => {
  const p = loadCodePatterns();
  const names = new Set(p.sdks.map((f) => `${f.language}:${f.sdk}`));
  for (const f of ['typescript:ai-sdk', 'typescript:openai-agents', 'typescript:langchain', 'typescript:mastra', 'typescript:mcp-sdk',
    'python:langchain', 'python:crewai', 'python:openai-agents', 'python:mcp-sdk', 'python:agno']) assert.ok(names.has(f), f);
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

test('a model position typo, or a model prefix naming no catalogued client, is a load error', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-code-rules-'));
  const client = 'clients:\n  - name: acme\n    new: [Acme]\n    defaultEnv: [ACME_API_KEY]\n';
  try {
    fs.writeFileSync(path.join(dir, 'c.yaml'), client);
    fs.writeFileSync(path.join(dir, 'x.yaml'), 'sdk: x\nlanguage: python\nimports: [x]\nagents:\n  - call: [Agent]\n    models: [kwarg:model]\n');
    assert.throws(() => loadCodePatterns(dir), (e: unknown) => e instanceof CodeRuleError && /x\.yaml.*kwarg:model/.test((e as Error).message));
    fs.writeFileSync(path.join(dir, 'x.yaml'), 'sdk: x\nlanguage: python\nimports: [x]\nagents:\n  - call: [Agent]\n    models: [kw:model]\n');
    fs.writeFileSync(path.join(dir, 'm.yaml'), 'modelProviders:\n  acme: acme\n  other: acmee\n');
    assert.throws(() => loadCodePatterns(dir), (e: unknown) => e instanceof CodeRuleError && /acmee/.test((e as Error).message));
    fs.writeFileSync(path.join(dir, 'm.yaml'), 'modelProviders:\n  acme: acme\n  local: null\n');
    const p = loadCodePatterns(dir);
    assert.deepEqual(modelStringBinding(p, 'python', 'acme:large', p.sdks[0]!.agents[0]!), { client: 'acme', env: 'ACME_API_KEY' });
    assert.equal(modelStringBinding(p, 'python', 'local:large', p.sdks[0]!.agents[0]!), undefined);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an SDK\'s client classes take the named client\'s default env key (from any file) and its modules or imports', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-code-rules-'));
  try {
    // The SDK file sorts before the client's file: the key is resolved once every file is loaded.
    fs.writeFileSync(path.join(dir, 'a.yaml'), 'sdk: a\nlanguage: python\nimports: [asdk]\nclientClasses:\n'
      + '  - { client: acme, calls: [AcmeChat], kwargs: [api_key] }\n  - { client: acme, calls: [Chat], modules: [asdk.models.acme], kwargs: [key] }\n');
    fs.writeFileSync(path.join(dir, 'z.yaml'), 'clients:\n  - name: acme\n    new: [Acme]\n    defaultEnv: [ACME_TS_KEY]\n    python: { calls: [Acme], defaultEnv: [ACME_API_KEY] }\n');
    const p = loadCodePatterns(dir);
    const classes = p.clients.filter((c) => c.python?.calls.some((n) => n.endsWith('Chat')));
    assert.deepEqual(classes.map((c) => [c.name, c.python!.calls, c.python!.modules, c.python!.kwargs, c.python!.defaultEnv]), [
      ['acme', ['AcmeChat'], ['asdk'], ['api_key'], ['ACME_API_KEY']],
      ['acme', ['Chat'], ['asdk.models.acme'], ['key'], ['ACME_API_KEY']],
    ]);
    // A client class naming no catalogued client, or a default env key of its own, is a load error.
    fs.writeFileSync(path.join(dir, 'a.yaml'), 'sdk: a\nlanguage: python\nimports: [asdk]\nclientClasses:\n  - { client: acmee, calls: [AcmeChat] }\n');
    assert.throws(() => loadCodePatterns(dir), (e: unknown) => e instanceof CodeRuleError && /a\.yaml.*acmee/.test((e as Error).message));
    fs.writeFileSync(path.join(dir, 'a.yaml'), 'sdk: a\nlanguage: python\nimports: [asdk]\nclientClasses:\n  - { client: acme, calls: [AcmeChat], defaultEnv: [X_KEY] }\n');
    assert.throws(() => loadCodePatterns(dir), (e: unknown) => e instanceof CodeRuleError && /a\.yaml.*defaultEnv/.test((e as Error).message));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('model strings: prefix up to the first : or /, bare ids only where the slot says, no key for local providers', () => {
  const p = codePatterns();
  const slot = { models: ['kw:model'] };
  const bind = (v: string, s: Parameters<typeof modelStringBinding>[3] = slot, lang: 'python' | 'typescript' = 'python') => modelStringBinding(p, lang, v, s)?.env;
  assert.equal(bind('openai:gpt-4o'), 'OPENAI_API_KEY');
  assert.equal(bind('openrouter:anthropic/claude-3.5-sonnet'), 'OPENROUTER_API_KEY');
  assert.equal(bind('Anthropic/claude-3-5-haiku'), 'ANTHROPIC_API_KEY');
  assert.equal(bind('google-gla:gemini-2.5-pro'), 'GOOGLE_API_KEY');
  assert.equal(bind('google/gemini-2.5-pro', slot, 'typescript'), 'GOOGLE_GENERATIVE_AI_API_KEY');
  // Python Bedrock clients name no default env key: the provider's TypeScript one (same AWS key) is used.
  assert.equal(bind('bedrock:us.anthropic.claude-3-5-sonnet-20241022-v2:0'), 'AWS_SECRET_ACCESS_KEY');
  for (const none of ['ollama:llama3.2', 'llama3.2:3b', 'vertex:gemini-2.5-pro', 'acme/model', 'gpt-4o', 'openai: gpt 4o', '', `openai:${'x'.repeat(300)}`]) {
    assert.equal(bind(none), undefined, none);
  }
  assert.equal(bind('gpt-4o', { ...slot, unprefixed: 'infer' }), 'OPENAI_API_KEY');
  assert.equal(bind('claude-3-7-sonnet-latest', { ...slot, unprefixed: 'infer' }), 'ANTHROPIC_API_KEY');
  assert.equal(bind('my-finetune', { ...slot, unprefixed: 'infer' }), undefined);
  // LangChain's provider names, and its inference of a bare gemini id (Vertex AI: Google credentials, no key).
  assert.equal(bind('google-genai:gemini-2.0-flash', slot, 'typescript'), 'GOOGLE_GENERATIVE_AI_API_KEY');
  assert.equal(bind('google_vertexai:gemini-2.0-flash'), undefined);
  assert.equal(bind('gemini-1.5-pro', { ...slot, unprefixed: 'infer' }), undefined);
  assert.equal(bind('my-finetune', { ...slot, unprefixed: 'openai' }), 'OPENAI_API_KEY');
  // A gateway carries every provider/model id on its own key, but not a bare id or a keyless provider.
  const gateway = { ...slot, client: 'ai-gateway' };
  assert.equal(bind('acme/model', gateway, 'typescript'), 'AI_GATEWAY_API_KEY');
  assert.equal(bind('gpt-4o', gateway, 'typescript'), undefined);
  assert.equal(bind('ollama/llama3.2', gateway, 'typescript'), undefined);
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
