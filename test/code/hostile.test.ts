// Hostile and malformed input: code analysis never crashes, never stalls, never echoes secrets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeCode, linkCodeFacts } from '../../src/code/index.js';
import { fakeToken } from '../../src/testing/fake-tokens.js';
import { contextFor, stubHelpers } from './helpers.js';
import { scalesLinearly } from '../../src/testing/linear.js';

const run = (file: string, text: string) => analyzeCode(contextFor(file, text), stubHelpers);

test('a 5 MB minified bundle is skipped (never parsed) with a recorded reason', () => {
  const bundle = `import{tool}from"ai";${'var a=process.env.GITHUB_TOKEN;'.repeat(170_000)}`;
  assert.ok(bundle.length > 5_000_000);
  const r = run('dist/bundle.js', bundle);
  assert.equal(r.bindings.length, 0);
  assert.match(r.warnings[0]!.message, /code analysis skipped: larger than/);
});

test('a long single-line file (minified) is skipped', () => {
  const r = run('app.min.js', `import{tool}from"ai";${'x=1;'.repeat(20_000)}`);
  assert.match(r.warnings[0]!.message, /minified/);
});

const PY_TOOL = ['from agents import Agent, function_tool', 'import os', '@function_tool', 'def wav() -> bytes:'];
const refsOf = (file: string, text: string) => run(file, text).bindings.map((b) => b.credentialRef);

// Growth in CPU time between an input and one an eighth of its size (src/testing/linear.ts), never a clock:
// the sizes are small enough that a regression fails in seconds instead of hanging the suite.

test('Python strings full of escapes are read in linear time, closed or not', () => {
  // Each escape could also be read as a backslash and a character: a string that does not match in the end
  // (bytes followed by more code, or never closed) made the string regexes try every split, 2^n of them.
  const text = (n: number) => {
    const escapes = '\\x00'.repeat(n);
    return [...PY_TOOL, `    header = b"RIFF${escapes}" + b"data${escapes}"`, `    broken = "${escapes}`, '    return os.environ["AUDIO_API_KEY"]'].join('\n');
  };
  const s = scalesLinearly((n) => run('audio.py', text(n)), 24);
  assert.ok(s.ok, s.detail);
  assert.deepEqual(refsOf('audio.py', text(24)), ['AUDIO_API_KEY']);
});

test('deeply nested Python calls are read in linear time', () => {
  // Every call's argument list was read, and each holds all the calls nested in it: quadratic in the depth.
  // Short lines around keep the file under the minified-code guard, as a hostile file would.
  const text = (depth: number) => [...PY_TOOL, `    x = ${'wrap('.repeat(depth)}`, ...Array(Math.ceil(depth / 90)).fill('    pass'), '    return os.environ["AUDIO_API_KEY"]'].join('\n');
  const s = scalesLinearly((depth) => run('nested.py', text(depth)), 16_000);
  assert.ok(s.ok, s.detail);
  assert.deepEqual(refsOf('nested.py', text(16_000)), ['AUDIO_API_KEY']);
});

test('malformed TypeScript, JavaScript and Python do not throw', () => {
  const inputs: [string, string][] = [
    ['a.ts', `import { tool } from 'ai'; export const t = tool({ execute: async () => { process.env.`],
    ['a.ts', `import { tool } from 'ai'; tool(`],
    ['a.ts', `import { tool } from 'ai'; tool({ execute })`],
    ['a.js', `const { tool } = require('ai'); tool({ name: 1, execute: 42 }); tool(...args);`],
    ['a.ts', `import { tool } from 'ai';\n\u0000\u0001\uFFFD ${'}'.repeat(500)} <<<<<<< HEAD`],
    ['a.tsx', `import { tool } from 'ai'; const x = <div>{tool({ execute: () => <b>{process.env.A_TOKEN}</b> })}</div>;`],
    ['a.py', `from langchain_core.tools import tool\n@tool\ndef f(:\n    return os.environ["X_TOKEN"\n"""unterminated`],
    ['a.py', `from agents import HostedMCPTool\nx = HostedMCPTool(tool_config={"authorization": os.environ["A_TOKEN"]`],
    ['a.py', `from crewai.tools import BaseTool\r\nclass T(BaseTool):\r\n\tname: str = "t"\r\n\tdef _run(self):\r\n\t\treturn os.environ["CRLF_TOKEN"]\r\n`],
    ['a.py', `@\n@tool(\nclass (:\n  def`],
  ];
  for (const [file, text] of inputs) assert.doesNotThrow(() => run(file, text), `${file}: ${text.slice(0, 40)}`);
  const crlf = run('a.py', inputs[8]![1]);
  assert.equal(crlf.bindings[0]?.credentialRef, 'CRLF_TOKEN');
  assert.equal(crlf.bindings[0]?.line, 5);
});

test('deeply nested expressions do not crash the analysis', () => {
  const deep = `import { tool } from 'ai';\nexport const t = tool({ execute: async () => ${'('.repeat(20_000)}process.env.DEEP_TOKEN${')'.repeat(20_000)} });\n`;
  const r = run('deep.ts', deep);
  assert.ok(Array.isArray(r.bindings));
  const py = `from langchain_core.tools import tool\n@tool\ndef f():\n    return ${'['.repeat(20_000)}os.environ["DEEP_TOKEN"]${']'.repeat(20_000)}\n`;
  assert.doesNotThrow(() => run('deep.py', py));
});

test('tool names with terminal escapes or bidi controls are cleaned; raw secrets never appear', () => {
  const secret = fakeToken('github-pat');
  const r = run('a.ts', `import { tool } from '@openai/agents';
export const t = tool({ name: 'evil\\u001b[31m\\u202Ename', execute: async () => fetch('x', { headers: { Authorization: 'token ${secret}' } }) });\n`);
  assert.equal(r.bindings.length, 1);
  assert.equal(r.bindings[0]!.tool, 'evil[31mname');
  assert.ok(!JSON.stringify(r).includes(secret));
});

test('export names that collide with Object.prototype are not followed into the prototype', () => {
  const linked = linkCodeFacts([
    { file: 'lib.ts', data: { version: 1, exports: {}, reexports: [], uses: [] } },
    { file: 'tool.ts', data: { version: 1, exports: {}, reexports: [], uses: [
      { tool: 't', via: 'code:ai-sdk', file: 'tool.ts', line: 1, ref: { module: './lib', name: 'toString', line: 1, column: 1, once: false } },
      { tool: 't', via: 'code:ai-sdk', file: 'tool.ts', line: 1, ref: { module: './lib', name: '__proto__', line: 1, column: 1, once: false } },
    ] } },
  ]);
  assert.deepEqual(linked.bindings, []);
});

test('property: arbitrary text after an agent SDK import never throws', async () => {
  const fc = (await import('fast-check')).default;
  const heads = [
    `import { tool } from 'ai';\n`,
    `import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\n`,
    `from langchain_core.tools import tool\nimport os\n`,
    `from agents import function_tool, HostedMCPTool, Agent\n`,
  ];
  const pieces = fc.constantFrom('tool({', 'execute: async () => {', '}', ')', '(', '[', ']', 'process.env.A_TOKEN', '`${', '"', "'", '"""',
    '@tool\n', 'def f(x):\n', '    ', 'os.environ["B_TOKEN"]', 'Authorization: ', '"authorization": ', 'await mintToken()', '\n', 'class T(BaseTool):\n',
    'server.tool("n", async () => ', 'new Agent({ name: "a", tools: [', 'Agent(name="a", tools=[', 'f"{', '#', '//', '/*');
  fc.assert(
    fc.property(fc.nat(heads.length - 1), fc.array(fc.oneof(pieces, fc.string({ maxLength: 8 })), { maxLength: 40 }), (h, parts) => {
      const file = h < 2 ? 'x.ts' : 'x.py';
      const r = run(file, heads[h]! + parts.join(' '));
      return Array.isArray(r.bindings) && Array.isArray(r.issues);
    }),
    { numRuns: 300 },
  );
});
