// A team's config extends the per-file stages: its broker's issuer names make tools task-scoped, and its
// own evidence patterns feed the scorecard — in-process and in worker threads alike.
import test from 'node:test';
import assert from 'node:assert/strict';
import { writeTree } from '../../src/testing/cli.js';
import { scan } from '../../src/index.js';
import { processFile, type FileProcessorEnv } from '../../src/pipeline/process-file.js';
import { ruleSetOf } from '../../src/pipeline/rule-set.js';
import { loadCredentialRules } from '../../src/detect/index.js';
import { readControlData } from '../../src/scorecard/index.js';
import { codePatterns } from '../../src/code/patterns.js';
import { controlCatalog } from '../../src/scorecard/index.js';
import { rulesDir } from '../../src/ruleset/paths.js';

const TOOL = `import { tool } from 'ai';
import { z } from 'zod';
import { vendCredential } from './acme-broker.js';

export const refund = tool({
  description: 'refund a charge',
  parameters: z.object({ id: z.string() }),
  execute: async ({ id }) => {
    const token = await vendCredential({ audience: 'billing', ttlSeconds: 300 });
    return fetch('https://billing.internal/refund/' + id, { headers: { Authorization: \`Bearer \${token}\` } });
  },
});
acmeAudit({ tool: 'refund' });
`;

const CONFIG = `issuers: [vendCredential]
controlPatterns:
  - id: acme-audit
    control: tool-call-logging
    kind: for
    files: ['**/*.ts']
    keywords: [acmeAudit]
    regex: 'acmeAudit\\('
    detail: 'the ACME audit wrapper records each tool call'
    examples:
      file: a.ts
      match: ['acmeAudit(call)']
      no-match: ['acmeAuditor']
`;

for (const jobs of [1, 2]) {
  test(`config issuers and control patterns apply (jobs=${jobs})`, async () => {
    const plain = writeTree({ 'src/tools.ts': TOOL });
    const before = await scan({ paths: [plain], jobs, config: false });
    assert.ok(!before.bindings.some((b) => b.tool === 'refund' && b.scope === 'task'), 'unknown issuer: not task-scoped');

    const dir = writeTree({ 'src/tools.ts': TOOL, '.credlife.yaml': CONFIG });
    const report = await scan({ paths: [dir], jobs });
    const binding = report.bindings.find((b) => b.tool === 'refund');
    assert.ok(binding, JSON.stringify(report.bindings));
    assert.equal(binding.scope, 'task');
    assert.equal(binding.source, 'minted');
    const logging = report.scorecard?.find((e) => e.control === 'tool-call-logging');
    assert.ok(logging?.evidence.some((e) => e.detail.includes('ACME audit')), JSON.stringify(logging));
  });
}

for (const jobs of [1, 2]) {
  test(`two scans in one process with different configs do not interfere, run together or one after the other (jobs=${jobs})`, async () => {
    const plain = writeTree({ 'src/tools.ts': TOOL });
    const team = writeTree({ 'src/tools.ts': TOOL, '.credlife.yaml': CONFIG });
    const check = (withConfig: Awaited<ReturnType<typeof scan>>, without: Awaited<ReturnType<typeof scan>>) => {
      assert.equal(withConfig.bindings.find((b) => b.tool === 'refund')?.scope, 'task', 'the team config applies to its own scan');
      assert.ok(withConfig.scorecard?.some((e) => e.evidence.some((x) => x.detail.includes('ACME audit'))), 'its evidence pattern too');
      assert.notEqual(without.bindings.find((b) => b.tool === 'refund')?.scope, 'task', 'the other scan does not know the issuer');
      assert.ok(!without.scorecard?.some((e) => e.evidence.some((x) => x.detail.includes('ACME audit'))), 'nor the evidence pattern');
    };
    const [a, b] = await Promise.all([scan({ paths: [team], jobs }), scan({ paths: [plain], jobs, config: false })]);
    check(a, b);
    const [d, c] = await Promise.all([scan({ paths: [plain], jobs, config: false }), scan({ paths: [team], jobs })]);
    check(c, d);
    const first = await scan({ paths: [team], jobs });
    const second = await scan({ paths: [plain], jobs, config: false });
    check(first, second);
  });
}

test('rule sets are values: building one for a team leaves the shipped patterns and any other rule set as they were', () => {
  const credentials = loadCredentialRules([rulesDir('credentials')]);
  const shippedIssuers = codePatterns().issuers.length;
  const shippedPatterns = controlCatalog().patterns.length;
  const acme = { id: 'acme-audit', control: 'tool-call-logging', kind: 'for', keywords: ['acmeAudit'], regex: '\\bacmeAudit\\(', detail: 'ACME audit' };
  const teamEnv: FileProcessorEnv = { ruleSet: ruleSetOf(credentials, { issuers: ['vendCredential'], controlData: readControlData([acme]) }), detectOptions: { fingerprintKey: 'k' }, maxFileSize: 1e6 };
  const plainEnv: FileProcessorEnv = { ruleSet: ruleSetOf(credentials, { issuers: [] }), detectOptions: { fingerprintKey: 'k' }, maxFileSize: 1e6 };
  const task = { file: 'src/tools.ts', absPath: '/nonexistent', size: TOOL.length, exposure: 'file' as const, content: TOOL };
  // Alternate: whichever ran last must not leak into the next file's processing.
  for (const env of [teamEnv, plainEnv, teamEnv, plainEnv]) {
    const r = processFile(task, env);
    const team = env === teamEnv;
    assert.equal(r.bindings.find((b) => b.tool === 'refund')?.scope === 'task', team, `issuer applies only to the team's rule set (team=${team})`);
    assert.equal(r.evidence.some((e) => e.pattern === 'acme-audit'), team, `evidence pattern only in the team's rule set (team=${team})`);
  }
  assert.equal(codePatterns().issuers.length, shippedIssuers);
  assert.equal(controlCatalog().patterns.length, shippedPatterns);
});
