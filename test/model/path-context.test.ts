import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contextOfPath, isCiPath } from '../../src/model/path-context.js';

test('contextOfPath: tests and fixtures, docs, examples, source', () => {
  for (const f of ['test/a.ts', 'src/__tests__/x.ts', 'pkg/src/foo.test.ts', 'a/b.spec.js', 'tests/test_agent.py', 'x/agent_test.go', 'conftest.py', 'packages/mcp/test/fixtures/token.json', 'integration-tests/vite/src/App.tsx', 'FooTests.cs']) {
    assert.equal(contextOfPath(f), 'test', f);
  }
  for (const f of ['docs/guide.ts', 'README.md', 'content/cookbook/a.mdx', 'examples/docs/config/x.ts']) assert.equal(contextOfPath(f), 'docs', f);
  for (const f of ['examples/basic/agent.ts', 'python/samples/chat/_utils.py', 'cookbook/app.py']) assert.equal(contextOfPath(f), 'example', f);
  for (const f of ['src/agent.ts', 'packages/core/src/latest.ts', 'lib/contest.py', 'mcp.json', '.cursor/mcp.json']) assert.equal(contextOfPath(f), 'source', f);
});

test('isCiPath: workflows and CI configs, not agent files', () => {
  for (const f of ['.github/workflows/ci.yml', '.github/scripts/notify/index.mjs', '.gitlab-ci.yml', '.circleci/config.yml', 'Jenkinsfile', 'azure-pipelines.yml']) assert.ok(isCiPath(f), f);
  for (const f of ['src/github/workflows.ts', 'deploy/k8s.yaml', '.cursor/mcp.json']) assert.ok(!isCiPath(f), f);
});
