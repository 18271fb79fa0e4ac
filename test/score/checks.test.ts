import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { repoRoot } from '../../src/testing/paths.js';
import { CheckLoadError, loadChecks, parseCheckFile } from '../../src/score/checks.js';

const good = `
family: demo
checks:
  - id: demo-check
    kind: config
    title: A demo
    description: What it finds.
    remediation: What to do.
    remediationUrl: https://example.invalid/fix
    tags: [demo]
`;

test('the shipped checks load, with unique ids and the core pipeline rules', () => {
  const checks = loadChecks(path.join(repoRoot(), 'rules', 'checks'));
  const ids = checks.map((c) => c.id);
  for (const id of ['process-scoped-credential', 'secret-reuse', 'mcp-token-passthrough']) assert.ok(ids.includes(id), id);
  assert.equal(new Set(ids).size, ids.length);
  for (const c of checks) assert.ok(c.remediation.length > 20, `${c.id} has a concrete remediation`);
});

test('a well-formed checks file parses', () => {
  const [c] = parseCheckFile(good, 'demo.yaml');
  assert.equal(c!.id, 'demo-check');
  assert.equal(c!.family, 'demo');
  assert.equal(c!.remediationUrl, 'https://example.invalid/fix');
});

test('malformed checks files fail with the file and the check id', () => {
  const cases: [string, RegExp][] = [
    [good.replace('kind: config', 'kind: secret'), /demo\.yaml: check "demo-check": "kind" must be config or binding/],
    [good.replace('    title: A demo\n', ''), /"title" must be a non-empty string/],
    [good.replace('tags: [demo]', 'tags: demo'), /"tags" must be a list/],
    [good.replace('id: demo-check', 'id: Demo Check'), /kebab-case/],
    [good.replace('tags: [demo]', 'tags: [demo]\n    severity: high'), /unknown key "severity"/],
    [good.replace('https://example.invalid/fix', 'http://example.invalid/fix'), /https URL/],
    [good.replace('family: demo', ''), /"family"/],
    ['checks: [', /not valid YAML/],
  ];
  for (const [text, re] of cases) assert.throws(() => parseCheckFile(text, 'demo.yaml'), (e: unknown) => e instanceof CheckLoadError && re.test(e.message), String(re));
});
