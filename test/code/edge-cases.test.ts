// Precision and following values: what is and is not a tool credential.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeCode } from '../../src/code/index.js';
import { fakeToken } from '../../src/testing/fake-tokens.js';
import { contextFor, show, stubHelpers } from './helpers.js';

const run = (file: string, text: string) => analyzeCode(contextFor(file, text), stubHelpers);
const AI = `import { tool } from 'ai';\n`;

test('a function named tool from another module is not a tool', () => {
  const r = run('a.ts', `import { tool } from './my-helpers';\nexport const t = tool({ execute: async () => fetch('x', { headers: { Authorization: process.env.API_TOKEN! } }) });\n`);
  assert.deepEqual(r.bindings, []);
});

test('non-credential env reads inside execute are ignored; credential positions count whatever the name', () => {
  const r = run('a.ts', `${AI}export const t = tool({ execute: async () => {
    const region = process.env.AWS_REGION;
    return fetch(process.env.API_URL!, { headers: { authorization: process.env.UPSTREAM } });
  } });\n`);
  assert.deepEqual(r.bindings.map((b) => b.credentialRef), ['UPSTREAM'], show(r.bindings));
});

test('destructured process.env, import.meta.env, element access and ?? defaults', () => {
  const r = run('a.ts', `${AI}const { GITHUB_TOKEN } = process.env;
const key = import.meta.env.VITE_OPENAI_KEY ?? 'sk-your-key-here';
export const a = tool({ execute: async () => fetch('x', { headers: { Authorization: \`token \${GITHUB_TOKEN}\` } }) });
export const b = tool({ execute: async () => fetch('y', { headers: { 'x-api-key': key } }) });
export const c = tool({ execute: async () => process.env['STRIPE_SECRET_KEY'] });\n`);
  const got = r.bindings.map((b) => `${b.tool}:${b.credentialRef}:${b.line}`).sort();
  assert.deepEqual(got, ['a:GITHUB_TOKEN:2', 'b:VITE_OPENAI_KEY:3', 'c:STRIPE_SECRET_KEY:6'], show(r.bindings));
});

test('a literal credential is a literal binding at its line; placeholders are not', () => {
  const secret = fakeToken('openai');
  const r = run('a.ts', `${AI}import OpenAI from 'openai';
const client = new OpenAI({ apiKey: '${secret}' });
const demo = new OpenAI({ apiKey: 'sk-your-key-here' });
export const t = tool({ execute: async () => client.models.list() });
export const u = tool({ execute: async () => demo.models.list() });\n`);
  assert.deepEqual(r.bindings.map((b) => `${b.tool}:${b.source}:${b.line}`), ['t:literal:3'], show(r.bindings));
  // The raw value never appears in bindings, issues or messages.
  assert.ok(!JSON.stringify(r).includes(secret));
});

test('new OpenAI() with no options reads OPENAI_API_KEY implicitly', () => {
  const r = run('a.ts', `${AI}import OpenAI from 'openai';\nconst openai = new OpenAI();\nexport const t = tool({ execute: async () => openai.models.list() });\n`);
  assert.equal(r.bindings[0]?.credentialRef, 'OPENAI_API_KEY');
  assert.equal(r.bindings[0]?.attributes?.implicit, true);
});

test('a token minted once at module load is process-scoped (code-token-minted-once)', () => {
  const r = run('a.ts', `${AI}import { mintToken } from './broker';
const shared = await mintToken({ audience: 'api' });
export const t = tool({ execute: async () => fetch('x', { headers: { Authorization: \`Bearer \${shared}\` } }) });\n`);
  assert.equal(r.bindings.length, 1, show(r.bindings));
  assert.equal(r.bindings[0]!.scope, 'process');
  assert.equal(r.bindings[0]!.source, 'minted');
  assert.equal(r.issues[0]?.ruleId, 'code-token-minted-once');
});

test('a helper function called from execute that mints is task-scoped; one that reads env is process', () => {
  const r = run('a.ts', `${AI}import { exchangeToken } from './oauth';
async function scoped(task: string) { return exchangeToken({ audience: task, scope: 'read' }); }
function staticKey() { return process.env.PARTNER_API_KEY; }
export const a = tool({ execute: async ({ id }) => fetch('x', { headers: { Authorization: await scoped(id) } }) });
export const b = tool({ execute: async () => fetch('y', { headers: { Authorization: staticKey()! } }) });\n`);
  const a = r.bindings.find((x) => x.tool === 'a');
  const b = r.bindings.find((x) => x.tool === 'b');
  assert.equal(a?.scope, 'task', show(r.bindings));
  assert.equal(a?.source, 'minted');
  assert.equal(b?.scope, 'process');
  assert.equal(b?.credentialRef, 'PARTNER_API_KEY');
});

test('a credential passed in by the caller is an input binding (task scope)', () => {
  const r = run('a.ts', `${AI}export const t = tool({ execute: async ({ token }) => fetch('x', { headers: { Authorization: token } }) });\n`);
  assert.equal(r.bindings[0]?.source, 'input');
  assert.equal(r.bindings[0]?.scope, 'task');
  assert.equal(r.issues.length, 0);
});

test('CommonJS require and secret-manager reads', () => {
  const r = run('a.js', `const { tool } = require('ai');
const { SecretsManagerClient, GetSecretValueCommand } = require('@aws-sdk/client-secrets-manager');
const sm = new SecretsManagerClient({});
module.exports.t = tool({ execute: async () => {
  const s = await sm.send(new GetSecretValueCommand({ SecretId: 'prod/stripe' }));
  return fetch('x', { headers: { Authorization: s.SecretString } });
} });\n`);
  assert.equal(r.bindings[0]?.source, 'secret-manager', show(r.bindings));
  assert.equal(r.bindings[0]?.scope, 'process');
  assert.equal(r.bindings[0]?.tool, 't');
});

test('AI SDK createMCPClient transport headers and MCP stdio env', () => {
  const r = run('a.ts', `import { experimental_createMCPClient as createMCPClient } from 'ai';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
const linear = await createMCPClient({ transport: { type: 'sse', url: 'https://mcp.linear.app/sse', headers: { Authorization: \`Bearer \${process.env.LINEAR_API_KEY}\` } } });
const gh = new StdioClientTransport({ command: 'npx', args: ['-y', 'github-mcp'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: process.env.GH_PAT!, LOG_LEVEL: process.env.LOG_LEVEL! } });\n`);
  const got = r.bindings.map((b) => `${b.tool}:${b.credentialRef}`).sort();
  assert.deepEqual(got, ['gh:GH_PAT', 'linear:LINEAR_API_KEY'], show(r.bindings));
});

test('Python: non-SDK @tool decorators, comments and strings do not create tools', () => {
  const r = run('a.py', `import os
from mylib import tool

# @tool
@tool
def helper():
    return os.environ["OPENAI_API_KEY"]

text = "@function_tool def x(): os.environ['GITHUB_TOKEN']"
`);
  assert.deepEqual(r.bindings, []);
});

test('Python: FastMCP @mcp.tool() and env read through a module constant', () => {
  const r = run('server.py', `import os
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("billing")
API_KEY = os.getenv("BILLING_API_KEY", "")
REGION = os.getenv("AWS_REGION")


@mcp.tool()
def get_invoice(invoice_id: str) -> str:
    """Fetch an invoice."""
    print(REGION)
    return call_api(invoice_id, API_KEY)
`);
  assert.deepEqual(r.bindings.map((b) => `${b.tool}:${b.credentialRef}:${b.line}:${b.scope}`), ['get_invoice:BILLING_API_KEY:5:process'], show(r.bindings));
});

test('MCP OAuth authProvider is an oauth binding with no finding; a static bearer on the same transport is one', () => {
  const r = run('a.ts', `import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
const good = new StreamableHTTPClientTransport(new URL('https://mcp.example/mcp'), { authProvider: oauthProvider });
const bad = new StreamableHTTPClientTransport(new URL('https://mcp.example/mcp'), { requestInit: { headers: { Authorization: \`Bearer \${process.env.MCP_TOKEN}\` } } });\n`);
  assert.deepEqual(r.bindings.map((b) => `${b.tool}:${b.source}:${b.scope}`).sort(), ['bad:env:process', 'good:oauth:task'], show(r.bindings));
  assert.equal(r.issues.length, 1);
});

test('Mastra MCPClient servers map: each server config is searched', () => {
  const r = run('a.ts', `import { MCPClient } from '@mastra/mcp';
export const mcp = new MCPClient({ servers: {
  github: { command: 'npx', args: ['-y', 'github-mcp'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: process.env.GITHUB_PAT! } },
  docs: { url: new URL('https://docs.example/mcp'), requestInit: { headers: { 'x-api-key': process.env.DOCS_KEY! } } },
} });\n`);
  assert.deepEqual(r.bindings.map((b) => `${b.tool}:${b.credentialRef}:${b.line}`).sort(), ['mcp:DOCS_KEY:4', 'mcp:GITHUB_PAT:3'], show(r.bindings));
});

test('Python LangChain StructuredTool.from_function and Tool(func=…) reach the function body', () => {
  const r = run('a.py', `import os
import requests
from langchain_core.tools import StructuredTool, Tool


def search(q: str) -> str:
    return requests.get("https://s.example", headers={"x-api-key": os.environ["SEARCH_KEY"]}).text


def lookup(q: str) -> str:
    return requests.get("https://l.example", params={"token": os.getenv("LOOKUP_TOKEN")}).text


search_tool = StructuredTool.from_function(func=search, name="web_search", description="Search")
lookup_tool = Tool(name="lookup", func=lookup, description="Look up")
`);
  assert.deepEqual(r.bindings.map((b) => `${b.tool}:${b.credentialRef}:${b.line}`).sort(), ['lookup:LOOKUP_TOKEN:11', 'web_search:SEARCH_KEY:7'], show(r.bindings));
});

test('Python docstrings are prose: their examples are not bindings; the code after them keeps its lines', () => {
  const text = [
    'from agents import Agent, function_tool',
    'from openai import AsyncOpenAI',
    'import os',
    '',
    '@function_tool',
    'def lookup(q: str) -> str:',
    '    """Look something up.',
    '',
    '    Example:',
    '        key = os.environ["EXAMPLE_DOC_TOKEN"]',
    '        client = AsyncOpenAI(api_key=key)',
    '    """',
    '    return os.environ["REAL_API_KEY"]',
    '',
    'BANNER = """assigned, not a docstring: os.environ["ASSIGNED_TOKEN"]"""',
  ].join('\n');
  const r = run('tools.py', text);
  assert.deepEqual(r.bindings.map((b) => [b.tool, b.credentialRef, b.line]), [['lookup', 'REAL_API_KEY', 13]], show(r.bindings));
  // The same lines outside a docstring are code.
  const code = run('tools.py', text.replace(/"""Look something up\.[\s\S]*?"""/, 'key = os.environ["EXAMPLE_DOC_TOKEN"]'));
  assert.ok(code.bindings.some((b) => b.credentialRef === 'EXAMPLE_DOC_TOKEN'), show(code.bindings));
});
