// MCP client configs: one fixture per client, exact bindings (tool, source, scope, line), binding issues for
// static headers / passthrough, and no issue for ${input:} prompts or OAuth remotes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectedRows, extractFixture, rows, show } from './helpers.js';

function check(rel: string, expected: Parameters<typeof expectedRows>[1]) {
  const { text, result } = extractFixture(rel);
  assert.deepEqual(rows(result.bindings), expectedRows(text, expected), show(result.bindings));
  return { text, result };
}

test('cursor: literal env, ${env:} reference, connection string arg, OAuth remote; placeholders ignored', () => {
  const { text, result } = check('mcp/cursor/.cursor/mcp.json', [
    { tool: 'github', source: 'literal', scope: 'process', ref: null, at: '"GITHUB_PERSONAL_ACCESS_TOKEN"' },
    { tool: 'stripe', source: 'env', scope: 'process', ref: 'STRIPE_SECRET_KEY', at: '"STRIPE_SECRET_KEY"' },
    { tool: 'postgres', source: 'literal', scope: 'process', ref: null, at: 'server-postgres' },
    { tool: 'linear', source: 'oauth', scope: 'process', ref: null, at: 'mcp.linear.app' },
  ]);
  assert.equal(result.issues.length, 0);
  assert.ok(result.bindings.every((b) => b.via === 'mcp:cursor' && b.file === '.cursor/mcp.json'));
  // The positional connection string has no key beside it: the reader keeps its detection for the pipeline.
  assert.deepEqual(result.detections.map((d) => d.line), [text.split('\n').findIndex((l) => l.includes('server-postgres')) + 1]);
  assert.ok(result.evidence.some((e) => e.control === 'context-binding' && e.kind === 'for'));
  assert.equal(result.warnings.length, 0, 'JSONC comments and trailing commas are accepted');
});

test('vscode: ${input:} password prompts and envFile; no finding for prompted credentials', () => {
  const { result } = check('mcp/vscode/.vscode/mcp.json', [
    { tool: 'github', source: 'input', scope: 'process', ref: 'github_token', at: 'Bearer ${input:github_token}' },
    { tool: 'perplexity', source: 'input', scope: 'process', ref: 'perplexity-key', at: '"PERPLEXITY_API_KEY"' },
    { tool: 'fetch', source: 'file', scope: 'process', ref: '${workspaceFolder}/.env', at: '"envFile"' },
  ]);
  assert.deepEqual(result.issues, []);
  const github = result.bindings.find((b) => b.tool === 'github')!;
  assert.equal(github.attributes?.password, true);
  assert.equal(github.attributes?.header, 'Authorization');
  assert.equal(github.attributes?.transport, 'http');
});

test('claude code: passthrough of an upstream token, static header, proxy header, --api-key= arg', () => {
  const { text, result } = check('mcp/claude-code/.mcp.json', [
    { tool: 'github-remote', source: 'env', scope: 'process', ref: 'GITHUB_TOKEN', at: 'Bearer ${GITHUB_TOKEN}' },
    { tool: 'search', source: 'literal', scope: 'process', ref: null, at: '"X-Api-Key"' },
    { tool: 'proxy', source: 'env', scope: 'process', ref: 'TOOLS_TOKEN', at: 'mcp-remote' },
    { tool: 'anthropic', source: 'literal', scope: 'process', ref: null, at: '--api-key=' },
  ]);
  const issues = result.issues.map((i) => `${i.ruleId}|${i.kind}|${i.line}`);
  const line = (s: string) => text.split('\n').findIndex((l) => l.includes(s)) + 1;
  assert.deepEqual(issues, [
    `mcp-token-passthrough|binding|${line('Bearer ${GITHUB_TOKEN}')}`,
    `mcp-static-header|binding|${line('"X-Api-Key"')}`,
    `mcp-static-header|binding|${line('mcp-remote')}`,
  ]);
  assert.deepEqual(result.issues[0]!.tags, ['passthrough', 'mcp-static-header']);
  assert.equal(result.issues[0]!.binding?.attributes?.passthrough, true);
  assert.ok(!result.issues.some((i) => i.binding?.tool === 'anthropic'), 'a stdio server key is not a remote header');
});

test('windsurf: serverUrl with a query token; a bare serverUrl is OAuth', () => {
  const { result } = check('mcp/windsurf/mcp_config.json', [
    { tool: 'weather', source: 'env', scope: 'process', ref: 'WEATHER_API_KEY', at: 'api_key=' },
    { tool: 'docs', source: 'oauth', scope: 'process', ref: null, at: 'docs.example.com' },
  ]);
  assert.deepEqual(result.issues.map((i) => i.ruleId), ['mcp-url-credential']);
  assert.equal(result.bindings[0]!.via, 'mcp:windsurf');
});

test('continue: ${{ secrets.X }} is a secret-store reference', () => {
  check('mcp/continue/.continue/mcpServers/brave.yaml', [
    { tool: 'brave-search', source: 'secret-manager', scope: 'process', ref: 'BRAVE_API_KEY', at: 'BRAVE_API_KEY' },
  ]);
});

test('zed: context_servers with a command object', () => {
  const { result } = check('mcp/zed/.zed/settings.json', [
    { tool: 'slack', source: 'literal', scope: 'process', ref: null, at: 'SLACK_BOT_TOKEN' },
  ]);
  assert.equal(result.bindings[0]!.via, 'mcp:zed');
});

test('gemini: $VAR header is a static header; oauth block is OAuth', () => {
  const { result } = check('mcp/gemini/.gemini/settings.json', [
    { tool: 'analytics', source: 'env', scope: 'process', ref: 'ANALYTICS_TOKEN', at: '$ANALYTICS_TOKEN' },
    { tool: 'workspace', source: 'oauth', scope: 'process', ref: null, at: 'workspace.example.com' },
  ]);
  assert.deepEqual(result.issues.map((i) => i.ruleId), ['mcp-static-header']);
  assert.equal(result.bindings[1]!.attributes?.oauth, 'configured');
});

test('codex: env table, bearer_token_env_var, env_http_headers, env_vars', () => {
  const { result } = check('mcp/codex/.codex/config.toml', [
    { tool: 'github', source: 'literal', scope: 'process', ref: null, at: 'GITHUB_PERSONAL_ACCESS_TOKEN' },
    { tool: 'docs', source: 'env', scope: 'process', ref: 'DOCS_MCP_TOKEN', at: 'bearer_token_env_var' },
    { tool: 'crm', source: 'env', scope: 'process', ref: 'CRM_API_KEY', at: 'env_http_headers' },
    { tool: 'local', source: 'env', scope: 'process', ref: 'LOCAL_SERVICE_TOKEN', at: 'env_vars' },
  ]);
  assert.deepEqual(result.issues.map((i) => i.ruleId), ['mcp-static-header', 'mcp-static-header']);
});

test('goose: envs literal and env_keys', () => {
  check('mcp/goose/goose/config.yaml', [
    { tool: 'github', source: 'literal', scope: 'process', ref: null, at: 'GITHUB_PERSONAL_ACCESS_TOKEN' },
    { tool: 'github', source: 'env', scope: 'process', ref: 'OPENAI_API_KEY', at: '- OPENAI_API_KEY' },
  ]);
});

test('cline: env literal', () => {
  check('mcp/cline/cline_mcp_settings.json', [{ tool: 'hf', source: 'literal', scope: 'process', ref: null, at: 'HF_TOKEN' }]);
});
