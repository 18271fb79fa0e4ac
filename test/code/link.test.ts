// Cross-file linking: facts from each file's analysis are joined in the main thread by linkCodeFacts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkCodeFacts } from '../../src/code/index.js';
import { moduleCandidates } from '../../src/code/link.js';
import type { CodeFacts } from '../../src/model/records.js';
import { analyzeFixture, fixtureText, lineOf, show } from './helpers.js';

function factsOf(files: string[]): CodeFacts[] {
  const out: CodeFacts[] = [];
  for (const f of files) {
    const { result } = analyzeFixture(f);
    if (result.facts) out.push(JSON.parse(JSON.stringify(result.facts)) as CodeFacts); // crosses a thread boundary
  }
  return out;
}

test('a client exported from lib/clients.ts (through a barrel) and captured by a tool is process-scoped', () => {
  const linked = linkCodeFacts(factsOf(['cross-file/lib/clients.ts', 'cross-file/lib/index.ts', 'cross-file/tools/github.ts']));
  const b = linked.bindings.find((x) => x.tool === 'listIssues');
  assert.ok(b, show(linked.bindings));
  assert.equal(b.source, 'env');
  assert.equal(b.scope, 'process');
  assert.equal(b.credentialRef, 'GITHUB_TOKEN');
  assert.equal(b.file, 'cross-file/lib/clients.ts');
  assert.equal(b.line, lineOf(fixtureText('cross-file/lib/clients.ts'), 'process.env.GITHUB_TOKEN'));
  assert.equal(b.attributes?.toolFile, 'cross-file/tools/github.ts');
  assert.equal(b.attributes?.client, 'github');
  const issue = linked.issues.find((i) => i.binding?.tool === 'listIssues');
  assert.equal(issue?.ruleId, 'code-process-scoped-credential');
});

test('an imported helper that mints per call makes the tool task-scoped', () => {
  const linked = linkCodeFacts(factsOf(['cross-file/lib/clients.ts', 'cross-file/tools/github.ts']));
  const b = linked.bindings.find((x) => x.tool === 'readFile');
  assert.ok(b, show(linked.bindings));
  assert.equal(b.source, 'minted');
  assert.equal(b.scope, 'task');
  assert.equal(linked.issues.filter((i) => i.binding?.tool === 'readFile').length, 0);
});

test('Python: a module-level client imported from a sibling module', () => {
  const linked = linkCodeFacts(factsOf(['cross-file/py/clients.py', 'cross-file/py/tools.py']));
  const b = linked.bindings.find((x) => x.tool === 'post_update');
  assert.ok(b, show(linked.bindings));
  assert.equal(b.credentialRef, 'SLACK_BOT_TOKEN');
  assert.equal(b.scope, 'process');
  assert.equal(b.file, 'cross-file/py/clients.py');
});

test('a tool calling an imported helper that calls a local helper reading the key (two levels, both languages)', () => {
  const ts = linkCodeFacts(factsOf(['cross-file/lib/search.ts', 'cross-file/tools/search.ts']));
  const b = ts.bindings.find((x) => x.tool === 'webSearch');
  assert.ok(b, show(ts.bindings));
  assert.equal(b.credentialRef, 'SERPER_API_KEY');
  assert.equal(b.source, 'env');
  assert.equal(b.scope, 'process');
  assert.equal(b.file, 'cross-file/lib/search.ts');
  assert.equal(b.line, lineOf(fixtureText('cross-file/lib/search.ts'), 'process.env.SERPER_API_KEY'));
  assert.equal(ts.issues.filter((i) => i.binding?.tool === 'webSearch').length, 1);

  const py = linkCodeFacts(factsOf(['cross-file/py/helpers.py', 'cross-file/py/crew_tools.py']));
  const c = py.bindings.find((x) => x.tool === 'Search the web');
  assert.ok(c, show(py.bindings));
  assert.equal(c.credentialRef, 'SERPER_API_KEY');
  assert.equal(c.scope, 'process');
  assert.equal(c.file, 'cross-file/py/helpers.py');
  assert.equal(c.via, 'code:crewai');
});

test('Python: a plain function an ADK agent imports and lists in tools=[…] is a tool bound in its own module', () => {
  const linked = linkCodeFacts(factsOf(['cross-file/py/adk_tools.py', 'cross-file/py/adk_agent.py']));
  const b = linked.bindings.find((x) => x.tool === 'search_flights');
  assert.ok(b, show(linked.bindings));
  assert.equal(b.credentialRef, 'FLIGHTS_API_TOKEN');
  assert.equal(b.source, 'env');
  assert.equal(b.scope, 'process');
  assert.equal(b.via, 'code:google-adk');
  assert.equal(b.agent, 'travel');
  assert.equal(b.file, 'cross-file/py/adk_tools.py');
  assert.equal(b.line, lineOf(fixtureText('cross-file/py/adk_tools.py'), "os.environ['FLIGHTS_API_TOKEN']"));
  assert.equal(b.attributes?.toolFile, 'cross-file/py/adk_agent.py');
  // A listed function that reaches no credential gives no binding.
  assert.deepEqual(linked.bindings.filter((x) => x.tool !== 'search_flights').map((x) => x.tool), []);
});

test('unknown, malformed or missing facts are ignored', () => {
  const linked = linkCodeFacts([
    { file: 'a.ts', data: null },
    { file: 'b.ts', data: { version: 2 } },
    { file: 'c.ts', data: { version: 1, exports: {}, reexports: [], uses: [{ tool: 't', via: 'code:x', file: 'c.ts', line: 1, ref: { module: './missing.js', name: 'x', line: 1, column: 1, once: false } }] } },
  ]);
  assert.deepEqual(linked, { bindings: [], issues: [], evidence: [] });
});

test('module specifiers resolve to TS sources and Python modules', () => {
  assert.ok(moduleCandidates('src/tools/a.ts', '../lib/clients.js').includes('src/lib/clients.ts'));
  assert.ok(moduleCandidates('src/tools/a.ts', './lib').includes('src/tools/lib/index.ts'));
  assert.deepEqual(moduleCandidates('src/a.ts', 'openai'), []);
  assert.ok(moduleCandidates('pkg/tools.py', 'py:.clients').includes('pkg/clients.py'));
  assert.ok(moduleCandidates('pkg/sub/tools.py', 'py:..clients').includes('pkg/clients.py'));
  assert.ok(moduleCandidates('pkg/sub/tools.py', 'py:pkg.clients').includes('pkg/clients.py'));
});

test('a barrel file is linked without an AST (regex re-exports)', async () => {
  const { analyzeCode, isCodeCandidate } = await import('../../src/code/index.js');
  const { contextFor, stubHelpers } = await import('./helpers.js');
  const text = `export * from './clients.js';\nexport { github as gh, type Foo } from './other.js';\nexport * as ns from './ns.js';\n`;
  assert.equal(isCodeCandidate('lib/index.ts', text), true);
  const r = analyzeCode(contextFor('lib/index.ts', text), stubHelpers);
  assert.deepEqual((r.facts?.data as { reexports: unknown[] }).reexports, [
    { name: '*', module: './clients.js', imported: '*' },
    { name: 'gh', module: './other.js', imported: 'github' },
    { name: 'Foo', module: './other.js', imported: 'Foo' },
  ]);
});
