// Deferred parsing: a TS/JS candidate with no tool, client, issuer or evidence name can only hold export facts;
// workers skip its parse and the cross-file link parses it only when a link reaches it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzeCode, linkCodeFacts } from '../../src/code/index.js';
import { codePatterns } from '../../src/code/patterns.js';
import { hasOwnCodeFindings, isCandidateText, nameRegexInText } from '../../src/code/prefilter.js';
import type { CodeFacts } from '../../src/model/records.js';
import { scan } from '../../src/index.js';
import { contextFor, show, stubHelpers } from './helpers.js';

const TOOL = [
  "import { tool } from 'ai';",
  "import { githubToken } from '../lib/token.js';",
  'export const listIssues = tool({',
  "  description: 'List issues',",
  '  execute: async () => fetch(`https://api.github.com/issues`, { headers: { Authorization: `Bearer ${githubToken}` } }),',
  '});',
].join('\n');
const TOKEN = "// Read once at start-up.\nexport const githubToken = process.env.GITHUB_TOKEN;\n";
const UNUSED = "export const slackToken = process.env.SLACK_BOT_TOKEN;\n";

test('what makes a file parse in the worker: names from rules/code, aliases included; env-only helpers defer', () => {
  assert.ok(hasOwnCodeFindings('typescript', TOOL));
  assert.ok(isCandidateText('typescript', TOKEN), 'an env read of a credential name is a candidate');
  assert.ok(!hasOwnCodeFindings('typescript', TOKEN), '… whose parse can wait for a link');
  assert.ok(hasOwnCodeFindings('typescript', "import { tool as defineTool } from 'ai';\nexport const t = defineTool({});"));
  assert.ok(hasOwnCodeFindings('typescript', "const { tool: t } = require('ai');\nt({});"));
  assert.ok(hasOwnCodeFindings('typescript', 'const token = await broker.mintToken({ ttl: 300 });'), 'issuer pattern ^mint');
  assert.ok(!hasOwnCodeFindings('typescript', 'const flavour = peppermint(2);'), '^mint is the start of a name');
  assert.ok(hasOwnCodeFindings('typescript', 'setTracingDisabled(true);'));
  assert.ok(hasOwnCodeFindings('typescript', 'export const cfg = { experimental_telemetry: { isEnabled: false } };'));
  assert.ok(hasOwnCodeFindings('python', 'import os\n'), 'Python is never deferred');
  // A default instance used through its model factories or provider tools is a binding of the file itself.
  assert.ok(hasOwnCodeFindings('typescript', "import { openai } from '@ai-sdk/openai';\nexport const model = openai.responses('gpt-4o');"));
  assert.ok(hasOwnCodeFindings('typescript', "import { anthropic } from '@ai-sdk/anthropic';\nconst search = anthropic.tools.webSearch_20250305({});"));
  assert.ok(!hasOwnCodeFindings('typescript', "export const label = config.openai.name;"), 'a property named like an instance is not one');

  // Every call, constructor and method name of every TypeScript tool shape and client in the data.
  const p = codePatterns();
  for (const fw of p.sdks.filter((f) => f.language === 'typescript')) {
    for (const shape of fw.tools) {
      for (const n of shape.call) assert.ok(hasOwnCodeFindings('typescript', `import { ${n} } from '${fw.imports[0]}';\nexport const t = ${n}({});`), `${fw.sdk} ${n}(`);
      for (const n of shape.new) assert.ok(hasOwnCodeFindings('typescript', `export const t = new ${n}({});`), `${fw.sdk} new ${n}`);
      for (const n of shape.method) assert.ok(hasOwnCodeFindings('typescript', `server.${n}('x', async () => 1);`), `${fw.sdk} .${n}(`);
      for (const n of shape.extends) assert.ok(hasOwnCodeFindings('typescript', `class T extends ${n} {}`), `${fw.sdk} extends ${n}`);
    }
  }
  for (const c of p.clients) for (const n of c.new) assert.ok(hasOwnCodeFindings('typescript', `const c = new ${n}();`), `client new ${n}`);
});

test('name regexes become text regexes with identifier boundaries', () => {
  const re = new RegExp(nameRegexInText('^mint([A-Z_]|$)'));
  assert.ok(re.test('x.mint(1)') && re.test('mintToken(') && !re.test('peppermint(') && !re.test('mintage('));
  assert.equal(nameRegexInText('^[$^]a\\$$'), '(?<![\\w$])[$^]a\\$(?![\\w$])', 'classes and escapes are kept');
});

test('the link parses a deferred file only when a link reaches it, with the same result as parsing it up front', () => {
  const tool = analyzeCode(contextFor('tools/github.ts', TOOL), stubHelpers);
  const token = analyzeCode(contextFor('lib/token.ts', TOKEN), stubHelpers, { defer: true });
  const unused = analyzeCode(contextFor('lib/unused.ts', UNUSED), stubHelpers, { defer: true });
  assert.ok(token.deferred && !token.facts && unused.deferred);
  const texts: Record<string, string> = { 'lib/token.ts': TOKEN, 'lib/unused.ts': UNUSED };
  const loaded: string[] = [];
  const load = (file: string): CodeFacts | undefined => {
    loaded.push(file);
    return analyzeCode(contextFor(file, texts[file]!), stubHelpers).facts;
  };
  const linked = linkCodeFacts([tool.facts!], { files: new Set(Object.keys(texts)), load });
  assert.deepEqual(loaded, ['lib/token.ts'], 'the file no link reaches is never parsed');
  const upFront = linkCodeFacts([tool.facts!, analyzeCode(contextFor('lib/token.ts', TOKEN), stubHelpers).facts!]);
  assert.deepEqual(linked, upFront);
  const b = linked.bindings.find((x) => x.tool === 'listIssues');
  assert.ok(b, show(linked.bindings));
  assert.equal(b.credentialRef, 'GITHUB_TOKEN');
  assert.equal(b.file, 'lib/token.ts');
});

test('end to end with workers: the tool is bound to the env read in a deferred file', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-deferred-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, 'tools'));
  fs.mkdirSync(path.join(dir, 'lib'));
  fs.writeFileSync(path.join(dir, 'tools', 'github.ts'), TOOL);
  fs.writeFileSync(path.join(dir, 'lib', 'token.ts'), TOKEN);
  fs.writeFileSync(path.join(dir, 'lib', 'unused.ts'), UNUSED);
  for (const jobs of [1, 2]) {
    const report = await scan({ paths: [dir], jobs, config: false, fingerprintKey: 'test' });
    const b = report.bindings.find((x) => x.tool === 'listIssues');
    assert.ok(b, `jobs ${jobs}: ${show(report.bindings)}`);
    assert.equal(b.credentialRef, 'GITHUB_TOKEN');
    assert.equal(b.file, 'lib/token.ts');
    assert.equal(b.line, 2);
  }
});

test('a file whose only agent code is a default instance used through a factory is parsed and bound', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-instance-'));
  try {
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src', 'model.ts'), "import { openai } from '@ai-sdk/openai';\nexport const model = openai.responses('gpt-4o');\n");
    for (const jobs of [1, 2]) {
      const report = await scan({ paths: [dir], jobs, config: false, fingerprintKey: 'test' });
      assert.deepEqual(report.bindings.map((b) => `${b.tool}|${b.credentialRef}|${b.file}:${b.line}`), ['openai|OPENAI_API_KEY|src/model.ts:1'], `jobs ${jobs}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
