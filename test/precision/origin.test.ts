// Every finding carries its origin (source, test, docs, example, ci) from its path; a literal in a test, docs or
// example file keeps a fifth of its exposure weight, and every format shows the origin.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { originOf } from '../../src/model/origin.js';
import { runCli, scanToFiles, writeTree } from '../../src/testing/cli.js';
import type { Report } from '../../src/model/report.js';

test('originOf: file name first, then the innermost folder that says something', () => {
  const cases: [string, string][] = [
    ['src/agent.ts', 'source'],
    ['packages/core/src/tools/search.py', 'source'],
    ['src/agent.test.ts', 'test'],
    ['src/agent.spec.js', 'test'],
    ['pkg/client_test.go', 'test'],
    ['python/tests/test_client.py', 'test'],
    ['conftest.py', 'test'],
    ['src/__tests__/agent.ts', 'test'],
    ['test/fixtures/recorded.json', 'test'],
    ['packages/x/src/__snapshots__/a.ts.snap', 'test'],
    ['src/main/java/AuthTest.java', 'test'],
    ['examples/app/test/agent.ts', 'test'],
    ['README.md', 'docs'],
    ['docs/guide/setup.ts', 'docs'],
    ['content/providers/openai.mdx', 'docs'],
    ['examples/app/README.md', 'docs'],
    ['examples/next-app/app/route.ts', 'example'],
    ['python/samples/agent.py', 'example'],
    ['.env.example', 'example'],
    ['apps/web/.env.sample', 'example'],
    ['config/settings.example.yaml', 'example'],
    ['deploy/values.yaml.tmpl', 'example'],
    ['docs/examples/agent.py', 'example'],
    ['examples/docs/agent.py', 'docs'],
    ['.github/workflows/ci.yml', 'ci'],
    ['.github/scripts/notify/index.mjs', 'ci'],
    ['.gitlab-ci.yml', 'ci'],
    ['.circleci/config.yml', 'ci'],
    // Names that only contain the words are product code.
    ['src/latest.ts', 'source'],
    ['src/prompt-template.ts', 'source'],
    ['src/contest/entry.ts', 'source'],
    ['src/testimonials.ts', 'source'],
  ];
  for (const [file, want] of cases) assert.equal(originOf(file), want, file);
});

test('scan: findings carry context.origin; a literal in a test file scores lower than the same literal in source', async () => {
  const line = 'const client = new Client({ apiKey: "{{openai}}" });\n';
  const dir = writeTree({ 'src/agent.ts': line, 'test/agent.test.ts': line, 'README.md': '```\nOPENAI_API_KEY={{openai}}\n```\n' });
  try {
    const r = await runCli(['scan', dir, '-f', 'json', '--exit-zero', '--no-config', '-j', '1']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    const secrets = report.findings.filter((f) => f.kind === 'secret');
    const by = (file: string) => secrets.find((f) => f.file === file);
    const src = by('src/agent.ts');
    const tst = by('test/agent.test.ts');
    const doc = by('README.md');
    assert.ok(src && tst && doc, JSON.stringify(secrets.map((f) => f.file)));
    assert.equal(src.context?.origin, 'source');
    assert.equal(tst.context?.origin, 'test');
    assert.equal(doc.context?.origin, 'docs');
    const exposure = (f: typeof src) => f.factors.find((x) => x.name === 'exposure');
    assert.ok(exposure(tst)!.effect < exposure(src)!.effect, 'test exposure weighs less');
    assert.match(exposure(tst)!.detail ?? '', /test file/);
    assert.ok(tst.score < src.score);
    assert.notEqual(tst.severity, 'critical');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('every format shows the origin of a finding outside product code', async () => {
  const dir = writeTree({ 'test/fixtures/config.ts': 'export const apiKey = "{{openai}}";\n' });
  const { r, read, cleanup } = await scanToFiles(dir, ['text', 'json', 'sarif', 'html', 'markdown', 'csv']);
  try {
    assert.equal(r.code, 0, r.stderr);
    assert.match(read('text'), /test\/fixtures\/config\.ts:\d+:\d+ \(test\)/);
    assert.equal((JSON.parse(read('json')) as Report).findings[0]!.context?.origin, 'test');
    const sarif = JSON.parse(read('sarif')) as { runs: { results: { properties: { origin?: string } }[] }[] };
    assert.equal(sarif.runs[0]!.results[0]!.properties.origin, 'test');
    assert.match(read('html'), /<span class="muted origin">test<\/span>/);
    assert.match(read('markdown'), /config\.ts:1`\s+_test_/);
    const csv = read('csv').split('\r\n');
    const cols = csv[0]!.split(',');
    assert.equal(csv[1]!.split(',')[cols.indexOf('origin')], 'test');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    cleanup();
  }
});

test('GITHUB_TOKEN read by a script under .github/ is the Actions job token, not a personal token', async () => {
  const script = "import { Octokit } from 'octokit';\nconst githubToken = process.env.GITHUB_TOKEN;\nconst octokit = new Octokit({ auth: githubToken });\nawait octokit.rest.issues.list();\n";
  const dir = writeTree({ '.github/scripts/notify/index.mjs': script, 'src/bot.mjs': script });
  try {
    const r = await runCli(['scan', dir, '-f', 'json', '--exit-zero', '--no-config', '-j', '1']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    const ci = report.bindings.filter((b) => b.file.startsWith('.github/'));
    const src = report.bindings.filter((b) => b.file.startsWith('src/'));
    assert.ok(ci.length > 0 && src.length > 0, JSON.stringify(report.bindings.map((b) => b.file)));
    assert.ok(ci.every((b) => b.lifetime?.class === 'short-lived'), JSON.stringify(ci.map((b) => b.lifetime)));
    assert.ok(src.some((b) => b.lifetime?.class === 'long-lived'));
    assert.ok(!report.findings.some((f) => f.file.startsWith('.github/') && f.ruleId === 'process-scoped-credential'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
