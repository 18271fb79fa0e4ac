// Property-based: arbitrary input through every per-file stage (detector, env/MCP/YAML/TOML readers,
// code analysis, evidence) never throws and never yields a finding without a valid file and line.
import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { processFile, type FileProcessorEnv } from '../../src/pipeline/process-file.js';
import { ruleSetOf } from '../../src/pipeline/rule-set.js';
import { loadCredentialRules } from '../../src/detect/index.js';
import { rulesDir } from '../../src/ruleset/paths.js';
import { fakeToken } from '../../src/testing/fake-tokens.js';

const env: FileProcessorEnv = {
  ruleSet: ruleSetOf(loadCredentialRules([rulesDir('credentials')]), { issuers: [] }),
  detectOptions: { fingerprintKey: 'property-test' },
  maxFileSize: 10_000_000,
};

const NAMES = ['.env', '.mcp.json', '.vscode/mcp.json', 'config.yaml', '.codex/config.toml', 'docker-compose.yml',
  '.github/workflows/ci.yml', 'agent.ts', 'tools.py', 'k8s/secret.yaml', 'notes.txt', 'OAI_CONFIG_LIST'];

// Fragments that steer random text into the interesting parts of each reader.
const fragment = fc.oneof(
  fc.string(),
  fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '\n', '  ', '- ', '=', '#', '&a', '*a', '<<', '${', '}}', '${{ secrets.X }}',
    '"mcpServers"', '"env"', '"headers"', 'Authorization: Bearer ', 'export ', 'password=', 'api_key: ', 'process.env.', 'os.environ["',
    'import { tool } from "ai";', 'tool({ execute: async () => {', 'kind: Secret\n', 'type: kubernetes.io/service-account-token\n',
    '[mcp_servers.x]\n', 'env = { ', '"""', "'''", '\\', '\u0000', '\uFFFD', '😀'),
  fc.constantFrom('github-pat', 'openai', 'stripe-live', 'jwt-short', 'private-key-pem', 'postgres-url').map((k) => fakeToken(k)),
);

test('arbitrary input never throws out of the per-file pipeline and positions are valid', () => {
  fc.assert(
    fc.property(fc.constantFrom(...NAMES), fc.array(fragment, { maxLength: 60 }), (name, parts) => {
      const text = parts.join('');
      const result = processFile({ file: name, absPath: '/nonexistent', size: text.length, exposure: 'file', content: text }, env);
      const lines = text.split('\n').length;
      for (const d of result.detections) {
        assert.equal(d.file, name);
        assert.ok(Number.isInteger(d.line) && d.line >= 1 && d.line <= lines, `line ${d.line} of ${lines}`);
        assert.ok(Number.isInteger(d.column) && d.column >= 1);
      }
      for (const b of result.bindings) assert.ok(b.file === name && b.line >= 1 && b.line <= lines, `binding line ${b.line}`);
      for (const w of result.warnings) assert.ok(!/ failed \(/.test(w.message), `a stage threw on ${name}: ${w.message}`);
      for (const i of result.issues) assert.ok(i.file === name && i.line >= 1 && i.line <= lines, `issue line ${i.line}`);
    }),
    { numRuns: 400 },
  );
});
