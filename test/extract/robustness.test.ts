// Hostile input: malformed files are warnings with a line, never a throw; alias bombs, deep nesting and
// random / truncated text stay bounded in time and memory.
import { scalesLinearly } from '../../src/testing/linear.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { extractFile, isExtractCandidate } from '../../src/extract/index.js';
import { expandTemplate } from '../../src/testing/fake-tokens.js';
import { contextFor, extractText, fixtureText, stubHelpers } from './helpers.js';

const READER_FILES = [
  '.env',
  '.cursor/mcp.json',
  '.vscode/mcp.json',
  '.codex/config.toml',
  '.continue/mcpServers/x.yaml',
  'goose/config.yaml',
  '.github/workflows/ci.yml',
  '.gitlab-ci.yml',
  'docker-compose.yml',
  'OAI_CONFIG_LIST',
  'langgraph.json',
  'vault/roles.tf',
  'spire/server.conf',
];

test('malformed JSON / YAML / TOML: a warning with file and line, the rest still read', () => {
  const json = extractText('.cursor/mcp.json', '{\n  "mcpServers": {\n    "a": { "env": { "API_TOKEN": "${env:API_TOKEN}" } }\n    "b": {\n');
  assert.equal(json.warnings[0]?.file, '.cursor/mcp.json');
  assert.equal(typeof json.warnings[0]?.line, 'number');
  assert.deepEqual(json.bindings.map((b) => b.credentialRef), ['API_TOKEN'], 'what parsed is still read');

  const yaml = extractText('.github/workflows/ci.yml', 'jobs:\n  a:\n    steps:\n      - run: x\n     bad: [\n');
  assert.ok(yaml.warnings.length >= 1 && yaml.warnings[0]!.line! >= 1, JSON.stringify(yaml.warnings));

  const toml = extractText('.codex/config.toml', '[mcp_servers.a]\ncommand = "x"\nenv = { "A" = \n');
  assert.equal(toml.warnings.length, 1);
  assert.ok(toml.warnings[0]!.line! >= 3);
});

test('YAML alias bomb is bounded', () => {
  const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++) {
    const prev = String.fromCharCode(96 + i);
    const cur = String.fromCharCode(97 + i);
    levels.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  const text = `${levels.join('\n')}\nservices:\n  web:\n    image: x\n    environment: *j\n`;
  // Bounded by counting: the reader stops expanding aliases and says the file was read in part.
  const r = extractText('docker-compose.yml', text);
  assert.ok(r.warnings.some((w) => /read in part/.test(w.message)), JSON.stringify(r.warnings));
});

test('100,000-deep nesting is refused before parsing, for every format', () => {
  const deepJson = '['.repeat(100_000) + ']'.repeat(100_000);
  const deepYaml = `a: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
  const deepToml = `a = ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
  for (const [file, text] of [
    ['.cursor/mcp.json', deepJson],
    ['docker-compose.yml', deepYaml],
    ['.codex/config.toml', deepToml],
    ['OAI_CONFIG_LIST', deepJson],
  ] as const) {
    const r = extractText(file, text);
    assert.equal(r.bindings.length, 0);
    assert.ok(r.warnings.some((w) => /nesting/.test(w.message)), `${file}: ${JSON.stringify(r.warnings)}`);
  }
});

test('deep indentation-based YAML nesting is cut, not a stack overflow', () => {
  const lines: string[] = ['services:'];
  let indent = '  ';
  for (let i = 0; i < 3000; i++) {
    lines.push(`${indent}k${i}:`);
    indent += ' ';
  }
  lines.push(`${indent}v: 1`);
  assert.doesNotThrow(() => extractText('docker-compose.yml', lines.join('\n')));
});

test('property: random and truncated input never throws from any reader', () => {
  const seeds = [
    fixtureText('mcp/cursor/.cursor/mcp.json'),
    fixtureText('mcp/codex/.codex/config.toml'),
    fixtureText('ci/github/.github/workflows/deploy-static.yml'),
    fixtureText('env/app/.env'),
    fixtureText('vault/repo/roles.tf'),
    fixtureText('k8s/legacy/deploy/agent.yaml'),
  ];
  fc.assert(
    fc.property(
      fc.constantFrom(...READER_FILES),
      fc.oneof(
        fc.string({ maxLength: 400 }),
        fc.tuple(fc.constantFrom(...seeds), fc.nat(), fc.nat()).map(([s, a, b]) => s.slice(Math.min(a, b) % (s.length + 1), Math.max(a, b) % (s.length + 1))),
        fc.tuple(fc.constantFrom(...seeds), fc.nat(), fc.string({ maxLength: 8 })).map(([s, at, junk]) => s.slice(0, at % (s.length + 1)) + junk + s.slice(at % (s.length + 1))),
      ),
      (file, text) => {
        const r = extractFile(contextFor(file, text), stubHelpers);
        for (const b of r.bindings) assert.ok(b.line >= 1 && Number.isInteger(b.line));
        return true;
      },
    ),
    { numRuns: 600 },
  );
});

test('a helper that throws does not stop the reader', () => {
  const throwing = { detectValue: () => { throw new Error('boom'); } };
  assert.doesNotThrow(() => extractFile(contextFor('.env', expandTemplate('API_KEY={base62:24}')), throwing));
});

test('isExtractCandidate: names first; content only for generic YAML / JSON / HCL', () => {
  const yes: [string, string][] = [
    ['.env', ''], ['apps/api/.env.local', ''], ['prod.env', ''],
    ['.mcp.json', ''], ['claude_desktop_config.json', ''], ['.cursor/mcp.json', ''], ['.vscode/mcp.json', ''],
    ['x/mcp_config.json', ''], ['cline_mcp_settings.json', ''], ['.continue/config.yaml', ''], ['.continue/mcpServers/a.yaml', ''],
    ['.zed/settings.json', ''], ['.gemini/settings.json', ''], ['.codex/config.toml', ''], ['.config/goose/config.yaml', ''],
    ['.github/workflows/ci.yml', ''], ['.gitlab-ci.yml', ''], ['docker-compose.prod.yml', ''], ['compose.yaml', ''],
    ['OAI_CONFIG_LIST', ''], ['langgraph.json', ''],
    ['deploy/agent.yaml', 'apiVersion: v1\nkind: Secret\n'],
    ['stack.yml', 'services:\n  web:\n    image: x\n'],
    ['config/agents.yaml', 'a:\n  role: r\n  goal: g\n'],
    ['flows/triage.json', '{"nodes": [{"type": "n8n-nodes-base.slack"}], "connections": {}}'],
    ['infra/vault.tf', 'resource "vault_jwt_auth_backend_role" "x" {\n}'],
    ['spire/server.conf', 'server {\n  default_x509_svid_ttl = "1h"\n}'],
    ['roles/agent.json', '{ "token_ttl": "1h" }'],
  ];
  for (const [file, text] of yes) assert.ok(isExtractCandidate(file, text), file);
  const no: [string, string][] = [
    ['src/index.ts', 'const x = 1'], ['package.json', '{"name": "x"}'], ['README.md', '# hi'], ['config.yaml', 'a: 1'],
    ['nginx.conf', 'server { listen 80; }'], ['main.tf', 'resource "aws_s3_bucket" "b" {}'], ['.github/dependabot.yml', 'version: 2'],
    ['environment.ts', ''], ['data.json', '[1,2,3]'],
  ];
  for (const [file, text] of no) assert.ok(!isExtractCandidate(file, text), file);
});

test('long pathological lines stay linear in every reader (ReDoS guard)', () => {
  const pieces = [' ', '\t', '"', "'", '=', ':', ',', '#', '$', '{', '}', '${', 'a', '-', '/', '\\', 'x = ', '--', '@', '?', '&'];
  for (const file of READER_FILES.concat(['vault/agent.hcl', 'spire/entries.json', 'vault/role.json'])) {
    for (const p of pieces) {
      const shapes = [(n: number) => `a = x${p.repeat(n)}y\n`, (n: number) => `KEY=${p.repeat(n)}\n`, (n: number) => `${p.repeat(n)}\n`, (n: number) => `k: "${p.repeat(n)}`];
      for (const shape of shapes) {
        // Linear, not fast: compared with an eighth of the input in the same test (no wall-clock limit).
        const r = scalesLinearly((n) => extractFile(contextFor(file, shape(n)), stubHelpers), 20_000);
        assert.ok(r.ok, `${file} with ${JSON.stringify(p)}: ${r.detail}`);
      }
    }
  }
});

test('YAML shapes that hurt the parser are refused before parsing, in linear time', () => {
  const cases: [string, RegExp][] = [
    // `- - - …` thousands deep on one line: a fatal out-of-memory inside the yaml package (not catchable).
    [`${'- '.repeat(5000)}\n`, /compact nesting/],
    [`${'- '.repeat(20_000)}\n`, /compact nesting/],
    [`${'? '.repeat(20_000)}\n`, /compact nesting/],
    [Array.from({ length: 3000 }, (_, i) => `a${i}: &x${i} 1`).join('\n'), /anchors and aliases/],
    [`k: [${'*a, '.repeat(40_000)}]\n`, /anchors and aliases/],
    [`${'}'.repeat(80_000)}\n`, /unmatched closing brackets/],
    [Array.from({ length: 600 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'), /indentation nesting/],
  ];
  for (const [text, why] of cases) {
    // Refused before parsing (the warning says which shape): the parser never sees them.
    const r = extractText('docker-compose.yml', text);
    assert.ok(r.warnings.some((w) => why.test(w.message)), `${why}: ${JSON.stringify(r.warnings)}`);
  }
  // Ordinary files with anchors, brackets and nesting are still read.
  const ok = extractText('docker-compose.yml', 'x: &e\n  API_TOKEN: ${API_TOKEN}\nservices:\n  a:\n    image: i\n    environment: *e\n    command: ["sh", "-c", "echo {}"]\n');
  assert.deepEqual(ok.warnings, []);
  assert.equal(ok.bindings.length, 1);
});
