// Agent and workflow configs: AutoGen, LangGraph, CrewAI, n8n.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectedRows, extractFixture, rows, show } from './helpers.js';

test('autogen OAI_CONFIG_LIST: one binding per model with a real key', () => {
  const { text, result } = extractFixture('agents/autogen/OAI_CONFIG_LIST');
  assert.deepEqual(
    rows(result.bindings),
    expectedRows(text, [
      { tool: 'model:gpt-4o', source: 'literal', scope: 'process', ref: null, at: 'gpt-4o' },
      { tool: 'model:claude-sonnet', source: 'env', scope: 'process', ref: 'ANTHROPIC_API_KEY', at: 'claude-sonnet' },
    ]),
    show(result.bindings),
  );
});

test('langgraph.json: env file path', () => {
  const { text, result } = extractFixture('agents/langgraph/langgraph.json');
  assert.deepEqual(rows(result.bindings), expectedRows(text, [{ tool: 'langgraph', source: 'file', scope: 'process', ref: './.env', at: '"env"' }]));
  assert.equal(result.bindings[0]!.agent, 'researcher');
});

test('crewai agents.yaml: llm key per agent', () => {
  const { text, result } = extractFixture('agents/crewai/config/agents.yaml');
  assert.deepEqual(rows(result.bindings), expectedRows(text, [{ tool: 'llm', source: 'literal', scope: 'process', ref: null, at: 'api_key' }]));
  assert.equal(result.bindings[0]!.agent, 'researcher');
});

test('n8n workflow: credential references and $env expressions', () => {
  const { text, result } = extractFixture('agents/n8n/workflow.json');
  assert.deepEqual(
    rows(result.bindings),
    expectedRows(text, [
      { tool: 'Slack', source: 'secret-manager', scope: 'process', ref: 'n8n:slackApi/Slack bot', at: 'slackApi' },
      { tool: 'Call CRM', source: 'env', scope: 'process', ref: 'CRM_TOKEN', at: '$env.CRM_TOKEN' },
    ]),
  );
  assert.ok(result.bindings.every((b) => b.agent === 'Support triage'));
});

test('claude code settings: env for every session, apiKeyHelper', async () => {
  const { extractText } = await import('./helpers.js');
  const text = '{\n  "env": { "ANTHROPIC_API_KEY": "${ANTHROPIC_API_KEY}", "DISABLE_TELEMETRY": "1" },\n  "apiKeyHelper": "~/bin/get-key.sh"\n}\n';
  const r = extractText('.claude/settings.json', text);
  assert.deepEqual(rows(r.bindings), ['claude-code|env|process|ANTHROPIC_API_KEY|2', 'claude-code|minted|process|~/bin/get-key.sh|3']);
});
