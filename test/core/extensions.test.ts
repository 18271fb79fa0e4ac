// A team's config extends the per-file stages: its broker's issuer names make tools task-scoped, and its
// own evidence patterns feed the scorecard — in-process and in worker threads alike.
import test from 'node:test';
import assert from 'node:assert/strict';
import { writeTree } from '../../src/testing/cli.js';
import { scan } from '../../src/index.js';

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
