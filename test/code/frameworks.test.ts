// Each fixture agent has both patterns: a tool holding a process-scoped credential and one obtaining it per call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFixture, lineOf, show, type Expected } from './helpers.js';

function check(rel: string, expected: Expected[], extra: { issues?: number } = {}) {
  const { text, result } = analyzeFixture(rel);
  for (const e of expected) {
    const line = lineOf(text, e.at);
    const hit = result.bindings.find((b) => b.tool === e.tool && b.source === e.source && b.credentialRef === e.ref);
    assert.ok(hit, `${rel}: no binding for ${JSON.stringify(e)}\n${show(result.bindings)}`);
    assert.equal(hit.scope, e.scope, `${rel}: scope of ${e.tool}`);
    assert.equal(hit.line, line, `${rel}: line of ${e.tool}`);
    assert.equal(hit.file, rel);
    const issue = result.issues.find((i) => i.binding?.tool === e.tool && i.line === line);
    if (e.scope === 'process') {
      assert.ok(issue, `${rel}: process-scoped ${e.tool} must produce an issue`);
      assert.equal(issue.kind, 'binding');
      assert.equal(issue.ruleId, 'code-process-scoped-credential');
    } else {
      assert.equal(issue, undefined, `${rel}: task-scoped ${e.tool} must not produce an issue`);
    }
  }
  if (extra.issues !== undefined) assert.equal(result.issues.length, extra.issues, result.issues.map((i) => i.message).join('\n'));
  return { text, result };
}

test('AI SDK: captured module client and env read inside execute are process; mint inside execute is task', () => {
  const { result } = check('ai-sdk/agent.ts', [
    { tool: 'createIssue', source: 'env', scope: 'process', ref: 'GITHUB_TOKEN', at: 'new Octokit({ auth: process.env.GITHUB_TOKEN })' },
    { tool: 'deploy', source: 'env', scope: 'process', ref: 'DEPLOY_API_TOKEN', at: 'process.env.DEPLOY_API_TOKEN' },
    { tool: 'readRepo', source: 'minted', scope: 'task', ref: 'mintInstallationToken', at: 'await mintInstallationToken(' },
  ], { issues: 2 });
  const b = result.bindings.find((x) => x.tool === 'createIssue')!;
  assert.equal(b.via, 'code:ai-sdk');
  assert.equal(b.attributes?.client, 'github');
  const minted = result.bindings.find((x) => x.tool === 'readRepo')!;
  assert.equal(minted.attributes?.ttl, 600);
  assert.ok(minted.attributes?.audience);
  const controls = result.evidence.map((e) => `${e.control}/${e.kind}`);
  for (const c of ['per-task-issuance/for', 'per-task-issuance/against', 'context-binding/for', 'short-ttl-revocation/for', 'tool-call-logging/for']) {
    assert.ok(controls.includes(c), `missing evidence ${c}: ${controls.join(', ')}`);
  }
});

test('OpenAI Agents: function tools, hosted MCP bearer header, MCP server headers, tracingDisabled', () => {
  const { result } = check('openai-agents/agent.ts', [
    { tool: 'charge_card', source: 'env', scope: 'process', ref: 'STRIPE_SECRET_KEY', at: 'new Stripe(process.env.STRIPE_SECRET_KEY!)' },
    { tool: 'list_buckets', source: 'minted', scope: 'task', ref: 'new AssumeRoleCommand', at: 'sts.send(new AssumeRoleCommand' },
    { tool: 'github', source: 'env', scope: 'process', ref: 'GITHUB_PAT', at: 'process.env.GITHUB_PAT' },
    { tool: 'docs', source: 'env', scope: 'process', ref: 'DOCS_API_KEY', at: 'process.env.DOCS_API_KEY' },
  ], { issues: 3 });
  assert.equal(result.bindings.find((b) => b.tool === 'charge_card')?.agent, 'ops');
  assert.equal(result.bindings.find((b) => b.tool === 'docs')?.agent, 'ops');
  const agentClient = result.bindings.find((b) => b.tool === 'openai');
  assert.ok(agentClient, 'module-level OpenAI client is an agent-level binding');
  assert.equal(agentClient.source, 'literal');
  assert.equal(agentClient.via, 'code:client');
  assert.ok(result.evidence.some((e) => e.control === 'tool-call-logging' && e.kind === 'against'));
});

test('LangChain.js: tool(), DynamicStructuredTool and StructuredTool subclass', () => {
  check('langchain/tools.ts', [
    { tool: 'search_tickets', source: 'env', scope: 'process', ref: 'SEARCH_API_KEY', at: 'const SEARCH_API_KEY = process.env.SEARCH_API_KEY' },
    { tool: 'slack_post', source: 'env', scope: 'process', ref: 'SLACK_BOT_TOKEN', at: 'new WebClient(process.env.SLACK_BOT_TOKEN)' },
    { tool: 'gcs_read', source: 'minted', scope: 'task', ref: 'this.auth.getAccessToken', at: 'await this.auth.getAccessToken()' },
  ], { issues: 2 });
});

test('Mastra: createTool with a module client (process) and STS through a helper per call (task)', () => {
  const { result } = check('mastra/tools.ts', [
    { tool: 'linear-create-ticket', source: 'env', scope: 'process', ref: 'LINEAR_API_KEY', at: 'process.env.LINEAR_API_KEY' },
    { tool: 'aws-list-objects', source: 'minted', scope: 'task', ref: 'new AssumeRoleCommand', at: 'sts.send(new AssumeRoleCommand' },
  ], { issues: 1 });
  assert.deepEqual(result.bindings.map((b) => b.agent), ['ops-agent', 'ops-agent', 'ops-agent'], 'new Agent({ tools }) names the agent');
  // The agent's model router string reads the provider's key on its own.
  const model = result.bindings.find((b) => b.via === 'code:client');
  assert.deepEqual([model?.tool, model?.credentialRef, model?.attributes?.implicit], ['openai', 'OPENAI_API_KEY', true]);
});

test('MCP SDK server: server.tool with a static key, registerTool with a Vault dynamic secret', () => {
  check('mcp-server/server.ts', [
    { tool: 'get_invoice', source: 'env', scope: 'process', ref: 'BILLING_API_KEY', at: "process.env['BILLING_API_KEY']" },
    { tool: 'query_db', source: 'minted', scope: 'task', ref: 'vaultClient.read(database/creds/readonly)', at: "vaultClient.read('database/creds/readonly')" },
  ], { issues: 1 });
});

test('Python LangChain: @tool capturing a module client (process), token exchange per call (task)', () => {
  const { result } = check('python/langchain_agent.py', [
    { tool: 'list_repos', source: 'env', scope: 'process', ref: 'GITHUB_TOKEN', at: 'gh = Github(os.environ["GITHUB_TOKEN"])' },
    { tool: 'query_warehouse', source: 'minted', scope: 'task', ref: 'exchange_token', at: 'token = exchange_token(' },
  ], { issues: 1 });
  assert.equal(result.bindings.find((b) => b.tool === 'list_repos')!.via, 'code:langchain');
  const llm = result.bindings.find((b) => b.tool === 'openai');
  assert.equal(llm?.credentialRef, 'OPENAI_API_KEY');
  assert.equal(llm?.via, 'code:client');
});

test('Python CrewAI: BaseTool reading a static key in _run (process, plus the literal that seeds it), STS per call (task)', () => {
  const { result } = check('python/crewai_agent.py', [
    { tool: 'web_search', source: 'env', scope: 'process', ref: 'SERPER_API_KEY', at: 'key = os.environ["SERPER_API_KEY"]' },
    { tool: 'web_search', source: 'literal', scope: 'process', ref: null, at: 'os.environ["SERPER_API_KEY"] = ' },
    { tool: 'List S3 objects', source: 'minted', scope: 'task', ref: 'sts.assume_role', at: 'creds = sts.assume_role(' },
  ], { issues: 2 });
  assert.ok(result.bindings.every((b) => b.agent === 'Researcher'), 'Agent(role=…, tools=[…]) names the agent');
});

test('Python OpenAI Agents: @function_tool, HostedMCPTool authorization, MCPServerStreamableHttp headers', () => {
  const { result } = check('python/openai_agents_agent.py', [
    { tool: 'refund', source: 'env', scope: 'process', ref: 'STRIPE_SECRET_KEY', at: 'STRIPE_KEY = os.getenv("STRIPE_SECRET_KEY")' },
    { tool: 'read_calendar', source: 'minted', scope: 'task', ref: 'mint_token', at: 'token = await mint_token(' },
    { tool: 'github', source: 'env', scope: 'process', ref: 'GITHUB_PAT', at: '"authorization": os.environ["GITHUB_PAT"]' },
    { tool: 'docs', source: 'env', scope: 'process', ref: 'DOCS_TOKEN', at: "os.environ['DOCS_TOKEN']" },
  ], { issues: 3 });
  const implicit = result.bindings.find((b) => b.tool === 'openai');
  assert.equal(implicit?.credentialRef, 'OPENAI_API_KEY');
  assert.equal(implicit?.attributes?.implicit, true);
  const controls = result.evidence.map((e) => `${e.control}/${e.kind}`);
  assert.ok(controls.includes('tool-call-logging/against'));
  assert.ok(controls.includes('short-ttl-revocation/for'));
});
