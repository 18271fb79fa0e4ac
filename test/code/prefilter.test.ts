// The prefilter decides which files get an AST; it must admit agent code and skip everything else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCodeCandidate } from '../../src/code/index.js';
import { hasOwnCodeFindings } from '../../src/code/prefilter.js';

test('TS/JS files importing an agent SDK or client, or reading credential env vars, are candidates', () => {
  const yes: [string, string][] = [
    ['a.ts', `import { tool } from 'ai';`],
    ['a.ts', `import { openai } from "@ai-sdk/openai";`],
    ['a.mjs', `import { Agent } from '@openai/agents';`],
    ['a.js', `const { tool } = require("@langchain/core/tools");`],
    ['a.ts', `import { createTool } from '@mastra/core/tools';`],
    ['a.ts', `import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';`],
    ['a.ts', `const k = process.env.STRIPE_SECRET_KEY;`],
    ['a.ts', `const k = process.env['GITHUB_TOKEN'];`],
    ['a.tsx', `const { OPENAI_API_KEY } = process.env;`],
    ['a.ts', `const k = import.meta.env.VITE_API_KEY;`],
    ['a.ts', `export * from './clients.js';`],
    ['a.cjs', `const client = new OpenAI({ apiKey });`],
  ];
  for (const [f, t] of yes) assert.equal(isCodeCandidate(f, t), true, t);
});

test('ordinary code, declaration files and other languages are not candidates', () => {
  const no: [string, string][] = [
    ['a.ts', `export const add = (a: number, b: number) => a + b;`],
    ['a.ts', `const mode = process.env.NODE_ENV;`],
    ['a.ts', `import { tool } from 'my-ai-helpers';`],
    ['a.ts', `import x from './ai';`],
    ['a.d.ts', `import { tool } from 'ai';`],
    ['a.go', `import "ai"`],
    ['README.md', `process.env.GITHUB_TOKEN`],
  ];
  for (const [f, t] of no) assert.equal(isCodeCandidate(f, t), false, `${f}: ${t}`);
});

test('Python candidates: agent SDK imports, credential env reads, api_key= arguments, known clients', () => {
  assert.equal(isCodeCandidate('a.py', 'from langchain_core.tools import tool'), true);
  assert.equal(isCodeCandidate('a.py', 'from crewai.tools import BaseTool'), true);
  assert.equal(isCodeCandidate('a.py', 'from agents import function_tool'), true);
  assert.equal(isCodeCandidate('a.py', 'key = os.environ["OPENAI_API_KEY"]'), true);
  assert.equal(isCodeCandidate('a.py', 'key = os.getenv("SLACK_BOT_TOKEN")'), true);
  assert.equal(isCodeCandidate('a.py', 'client = OpenAI()'), true);
  assert.equal(isCodeCandidate('a.py', 'debug = os.getenv("DEBUG")\nimport json'), false);
  assert.equal(isCodeCandidate('a.py', 'from agentsmith import x'), false);
});

test('files whose only agent code is a model string pass both textual gates (candidate, parsed in the worker)', () => {
  const ts: [string, string][] = [
    ['agent.ts', 'import { Agent } from "@voltagent/core";\nexport const a = new Agent({ name: "a", instructions: "x", model: "openai/gpt-4o-mini" });'],
    ['agent.ts', 'import { Agent } from "@mastra/core/agent";\nexport const a = new Agent({ name: "a", model: "openai/gpt-4o" });'],
    ['chat.ts', 'import { initChatModel } from "langchain/chat_models/universal";\nconst m = await initChatModel("openai:gpt-4o");'],
    ['gen.ts', 'import { generateText } from "ai";\nawait generateText({ model: "openai/gpt-4o", prompt: "hi" });'],
  ];
  for (const [f, t] of ts) {
    assert.equal(isCodeCandidate(f, t), true, t);
    assert.equal(hasOwnCodeFindings('typescript', t), true, t);
  }
  for (const t of ['from pydantic_ai import Agent\nagent = Agent("openai:gpt-4o")', 'from crewai import LLM\nllm = LLM(model="openai/gpt-4o")',
    'from langchain.chat_models import init_chat_model\nm = init_chat_model("anthropic:claude-3-7-sonnet-latest")',
    'from smolagents import LiteLLMModel\nm = LiteLLMModel(model_id="anthropic/claude-3-5-sonnet-latest")']) {
    assert.equal(isCodeCandidate('agent.py', t), true, t);
  }
});
