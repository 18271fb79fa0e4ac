// End to end through scan(): fixture agents written (with fake tokens) into a temp dir and scanned.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scan } from '../../src/index.js';
import { FIXTURES, fixtureText, lineOf } from './helpers.js';

const FILES = [
  'ai-sdk/agent.ts',
  'openai-agents/agent.ts',
  'python/crewai_agent.py',
  'cross-file/lib/clients.ts',
  'cross-file/lib/index.ts',
  'cross-file/tools/github.ts',
];

function writeTree(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-code-'));
  for (const rel of FILES) {
    const target = path.join(dir, rel);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, fixtureText(rel));
  }
  return dir;
}

test('scan() reports tool bindings, process-scoped binding findings and cross-file links', async () => {
  assert.ok(fs.existsSync(FIXTURES));
  const dir = writeTree();
  try {
    for (const jobs of [1, 2]) {
      const report = await scan({ paths: [dir], jobs, config: false, fingerprintKey: 'test' });
      const binding = (tool: string) => report.bindings.find((b) => b.tool === tool);
      assert.equal(binding('createIssue')?.scope, 'process');
      assert.equal(binding('readRepo')?.scope, 'task');
      assert.equal(binding('readRepo')?.source, 'minted');
      assert.equal(binding('list_buckets')?.scope, 'task');
      const linked = binding('listIssues');
      assert.equal(linked?.file, 'cross-file/lib/clients.ts', `jobs=${jobs}`);
      assert.equal(linked?.line, lineOf(fixtureText('cross-file/lib/clients.ts'), 'process.env.GITHUB_TOKEN'));

      const codeFindings = report.findings.filter((f) => f.ruleId === 'code-process-scoped-credential');
      const tools = new Set(codeFindings.map((f) => f.binding?.tool));
      for (const t of ['createIssue', 'deploy', 'charge_card', 'github', 'docs', 'web_search', 'listIssues']) {
        assert.ok(tools.has(t), `jobs=${jobs}: no finding for ${t}: ${[...tools].join(', ')}`);
      }
      for (const t of ['readRepo', 'list_buckets', 'List S3 objects', 'readFile']) {
        assert.ok(!tools.has(t), `task-scoped ${t} must not be a finding`);
      }
      // Literal credentials in code are secret findings found by the text scan.
      const openaiLine = lineOf(fixtureText('openai-agents/agent.ts'), 'new OpenAI({ apiKey:');
      assert.ok(report.findings.some((f) => f.kind === 'secret' && f.file === 'openai-agents/agent.ts' && f.line === openaiLine),
        report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`).join('\n'));
      assert.ok(report.bindings.some((b) => b.file === 'openai-agents/agent.ts' && b.line === openaiLine && b.source === 'literal'));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
