import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fc from 'fast-check';
import { repoRoot } from '../../src/testing/paths.js';
import { computeFactors, severityOf, total, type ScoreFacts } from '../../src/score/model.js';
import { scoreFindings, loadDefaultFrameworks } from '../../src/score/index.js';
import { loadRuleCatalog } from '../../src/score/catalog.js';
import { afterlifeOf } from '../../src/lifetime/afterlife.js';
import { evaluateGate } from '../../src/policy/gate.js';
import type { Finding, Lifetime } from '../../src/model/report.js';

const NOW = Date.parse('2026-11-28T00:00:00Z');
const RULES = path.join(repoRoot(), 'rules');

const factsArb: fc.Arbitrary<ScoreFacts> = fc.record({
  kind: fc.constantFrom('secret', 'binding', 'config'),
  literal: fc.boolean(),
  lifetimeClass: fc.option(fc.constantFrom('static', 'long-lived', 'short-lived', 'task-scoped', 'unknown')),
  afterlife: fc.option(fc.oneof(fc.constant({ unbounded: true, seconds: null }), fc.nat(10 ** 8).map((s) => ({ unbounded: false, seconds: s })))),
  expired: fc.boolean(),
  exposure: fc.option(fc.constantFrom('committed', 'untracked', 'ignored', 'history', 'staged', 'file')),
  source: fc.option(fc.constantFrom('literal', 'env', 'input', 'secret-manager', 'oauth', 'minted', 'file')),
  scope: fc.option(fc.constantFrom('process', 'task')),
  tags: fc.subarray(['live', 'test', 'admin', 'broad-scope', 'cloud-root', 'wildcard-scope', 'human-credential', 'process-scope', 'reuse', 'passthrough', 'other']),
  reuseCount: fc.nat(20),
  reuseTools: fc.array(fc.string(), { maxLength: 4 }),
  passthrough: fc.boolean(),
  mitigations: fc.subarray(['audience-bound', 'sender-constrained', 'short-ttl-config', 'input-prompt', 'unknown-mitigation']),
}) as fc.Arbitrary<ScoreFacts>;

test('factors always sum to a score in 0–100, severity follows the score, and it is deterministic', () => {
  fc.assert(
    fc.property(factsArb, (facts) => {
      const factors = computeFactors(facts);
      const score = total(factors);
      assert.ok(score >= 0 && score <= 100, `score ${score}`);
      assert.deepEqual(computeFactors(facts), factors);
      assert.equal(factors[0]!.name, 'afterlife');
      assert.equal(new Set(factors.map((f) => f.name)).size, factors.length, 'no factor twice');
      if (facts.expired) assert.ok(score <= 5, 'expired is info');
      assert.equal(severityOf(score), severityOf(score));
    }),
    { numRuns: 2000 },
  );
});

test('afterlife dominates: unbounded > days > hours > minutes > none, all else equal', () => {
  const base: ScoreFacts = {
    kind: 'secret', literal: true, lifetimeClass: 'short-lived', afterlife: null, expired: false, exposure: 'committed',
    source: null, scope: null, tags: [], reuseCount: 0, reuseTools: [], passthrough: false, mitigations: [],
  };
  const at = (afterlife: ScoreFacts['afterlife'], lifetimeClass: ScoreFacts['lifetimeClass'] = 'short-lived') =>
    total(computeFactors({ ...base, afterlife, lifetimeClass }));
  const scores = [
    at({ unbounded: true, seconds: null }, 'static'),
    at({ unbounded: false, seconds: 3 * 86400 }),
    at({ unbounded: false, seconds: 3 * 3600 }),
    at({ unbounded: false, seconds: 600 }),
    at({ unbounded: false, seconds: 0 }),
  ];
  for (let i = 1; i < scores.length; i++) assert.ok(scores[i - 1]! > scores[i]!, scores.join(' > '));
});

function secret(lifetime: Lifetime, over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'example', kind: 'secret', severity: 'info', score: 0, file: 'f', line: 1, column: 1, message: '', factors: [], frameworks: [], remediation: '',
    credential: { provider: 'p', type: 't', fingerprint: 'fp1:x', redacted: 'r', lifetime, afterlife: afterlifeOf(lifetime, 900, NOW) },
    ...over,
  };
}

test('the default gate (--fail-on high) fails a committed static key and passes a 5-minute minted token', () => {
  const committed = secret({ class: 'static', ttlSeconds: null, expiresAt: null }, { context: { exposure: 'committed' } });
  const minted: Finding = {
    ruleId: 'example-minted', kind: 'binding', severity: 'info', score: 0, file: 'agent.ts', line: 3, column: 1, message: '', factors: [], frameworks: [], remediation: '',
    lifetime: { class: 'task-scoped', ttlSeconds: 300, expiresAt: null },
    afterlife: afterlifeOf({ class: 'task-scoped', ttlSeconds: 300, expiresAt: null }, 900, NOW),
    binding: { tool: 'github', agent: null, source: 'minted', scope: 'task' },
  };
  scoreFindings([committed, minted], { taskWindowSeconds: 900, now: NOW, rulesDir: RULES });
  const gate = (f: Finding) => evaluateGate([f], { failOn: 'high', maxAfterlifeSeconds: null }).failed;
  assert.equal(gate(committed), true, `committed static key scored ${committed.score} ${committed.severity}`);
  assert.equal(gate(minted), false, `minted token scored ${minted.score} ${minted.severity}`);
});

test('default remediation and link come from the check when the finding has none; a finding’s own text wins', () => {
  const mk = (remediation: string): Finding => ({
    ruleId: 'mcp-token-passthrough', kind: 'binding', severity: 'info', score: 0, file: 'f', line: 1, column: 1, message: '', factors: [], frameworks: [], remediation,
  });
  const [a, b] = scoreFindings([mk(''), mk('Use the broker.')], { taskWindowSeconds: 900, now: NOW, rulesDir: RULES });
  assert.match(a!.remediation, /OAuth 2\.1/);
  assert.match(a!.remediationUrl ?? '', /^https:\/\/modelcontextprotocol\.io\//);
  assert.equal(b!.remediation, 'Use the broker.');
  const [c] = scoreFindings([{ ...mk(''), ruleId: 'unknown-rule', kind: 'config' }], { taskWindowSeconds: 900, now: NOW, rulesDir: RULES });
  assert.ok(c!.remediation.length > 40, 'a generic remediation for rules the catalog does not know');
});

test('check metadata feeds scoring: a process-scoped-credential finding with no lifetime is scored as static', () => {
  const [f] = scoreFindings(
    [{ ruleId: 'process-scoped-credential', kind: 'binding', severity: 'info', score: 0, file: 'f', line: 1, column: 1, message: '', factors: [], frameworks: [], remediation: '',
       binding: { tool: 't', agent: null, source: 'env', scope: 'process' } }],
    { taskWindowSeconds: 900, now: NOW, catalog: loadRuleCatalog(RULES), frameworks: loadDefaultFrameworks(RULES) },
  );
  assert.deepEqual(f!.factors.map((x) => [x.name, x.effect]), [['afterlife', 50], ['exposure', 0], ['process-scope', 5]]);
});

test('cross-repository reuse (credlife merge) counts as reuse', () => {
  const f = secret({ class: 'static', ttlSeconds: null, expiresAt: null }, { context: { exposure: 'committed', crossRepo: { repositories: ['a', 'b', 'c'], count: 3 } } });
  scoreFindings([f], { taskWindowSeconds: 900, now: NOW, rulesDir: RULES });
  const reuse = f.factors.find((x) => x.name === 'reuse');
  assert.equal(reuse?.effect, 10);
  assert.ok(f.frameworks.some((r) => r.id === 'NHI9'));
});

test('factor details never contain anything but fixed text and tool names', () => {
  const f = secret({ class: 'static', ttlSeconds: null, expiresAt: null }, { context: { exposure: 'committed', reuse: { count: 2, tools: ['b', 'a'], locations: [] } } });
  scoreFindings([f], { taskWindowSeconds: 900, now: NOW, rulesDir: RULES });
  assert.equal(f.factors.find((x) => x.name === 'reuse')?.detail, 'the same secret is bound in 2 places: a, b');
});

test('a finding that borrowed a credential rule’s remediation text gets that rule’s link, not the check’s', () => {
  const catalog = loadRuleCatalog(RULES);
  const cred = [...catalog.rules.values()].find((r) => r.kind === 'secret' && r.remediationUrl);
  if (!cred) return; // no credential rules shipped yet
  const [f] = scoreFindings(
    [{ ruleId: 'process-scoped-credential', kind: 'binding', severity: 'info', score: 0, file: 'f', line: 1, column: 1, message: '', factors: [], frameworks: [], remediation: cred.remediation,
       binding: { tool: 't', agent: null, source: 'env', scope: 'process' } }],
    { taskWindowSeconds: 900, now: NOW, catalog, frameworks: loadDefaultFrameworks(RULES) },
  );
  assert.equal(f!.remediationUrl, cred.remediationUrl);
});

test('credential rules handed over by the scan replace reading rules/credentials', () => {
  const rule = {
    id: 'custom-token', provider: 'acme', type: 'deploy token', keywords: ['acme_'], regex: '(?<secret>acme_[a-z]{8})',
    lifetime: { class: 'long-lived' as const, ttlSeconds: 90 * 86400 }, tags: ['admin'], remediation: 'Use the ACME broker.',
    remediationUrl: 'https://example.invalid/acme', examples: { match: [], noMatch: [] }, source: path.join(RULES, 'credentials', 'acme.yaml'),
  };
  const [f] = scoreFindings([{ ruleId: 'custom-token', kind: 'secret', severity: 'info', score: 0, file: 'f', line: 1, column: 1, message: '', factors: [], frameworks: [], remediation: '' }],
    { taskWindowSeconds: 900, now: NOW, rulesDir: RULES, credentialRules: [rule] });
  assert.equal(f!.remediation, 'Use the ACME broker.');
  assert.equal(f!.remediationUrl, 'https://example.invalid/acme');
  assert.ok(f!.factors.some((x) => x.name === 'admin-key'));
  assert.equal(loadRuleCatalog(RULES, [rule]).rules.get('custom-token')!.source, 'rules/credentials/acme.yaml');
});

test('a binding wired up in a test, docs, example or CI file weighs less than the same binding in product code', () => {
  const facts: ScoreFacts = {
    kind: 'binding', literal: false, lifetimeClass: 'static', afterlife: { unbounded: true, seconds: null }, expired: false,
    exposure: null, source: 'env', scope: 'process', tags: ['cloud-root'], reuseCount: 0, reuseTools: [], passthrough: false, mitigations: [],
  };
  const inSource = total(computeFactors({ ...facts, origin: 'source' }));
  assert.equal(severityOf(inSource), 'high');
  for (const origin of ['test', 'docs', 'example'] as const) {
    const factors = computeFactors({ ...facts, origin });
    assert.equal(total(factors), inSource - 15, origin);
    assert.equal(severityOf(total(factors)), 'medium', `${origin}: listed, below the default gate`);
    assert.match(factors.find((f) => f.name === 'exposure')!.detail!, /not in a deployed agent/);
  }
  // A CI step handed a secret holds it for one job: listed below the default gate. A CI setting (static cloud
  // keys where OIDC exists) is the pipeline's own credential design and keeps its full weight.
  const inCi = computeFactors({ ...facts, origin: 'ci' });
  assert.equal(total(inCi), inSource - 10);
  assert.equal(severityOf(total(inCi)), 'medium');
  assert.match(inCi.find((f) => f.name === 'exposure')!.detail!, /CI job/);
  const setting: ScoreFacts = { ...facts, kind: 'config' };
  assert.equal(total(computeFactors({ ...setting, origin: 'ci' })), total(computeFactors({ ...setting, origin: 'source' })), 'CI settings keep their weight');
  assert.equal(total(computeFactors({ ...setting, origin: 'example' })), total(computeFactors({ ...setting, origin: 'source' })) - 15);
});

test('a binding known only by its variable name is not called a live key; the same binding to a live value is', async () => {
  const { scan } = await import('../../src/index.js');
  const { writeTree } = await import('../../src/testing/cli.js');
  const { fakeToken } = await import('../../src/testing/fake-tokens.js');
  const fs = await import('node:fs');
  const mcp = JSON.stringify({ mcpServers: { payments: { command: 'npx', args: ['-y', '@stripe/mcp'], env: { STRIPE_SECRET_KEY: '${STRIPE_SECRET_KEY}' } } } });
  const factorsOf = async (files: Record<string, string>) => {
    const dir = writeTree(files);
    try {
      const report = await scan({ paths: [dir], config: false });
      const f = report.findings.find((x) => x.ruleId === 'process-scoped-credential' && x.binding?.tool === 'payments');
      assert.ok(f, JSON.stringify(report.findings.map((x) => [x.ruleId, x.binding?.tool])));
      return f.factors.map((x) => x.name);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  assert.ok(!(await factorsOf({ '.mcp.json': mcp })).includes('live-key'), 'sk_live_ or sk_test_: the name does not say');
  assert.ok((await factorsOf({ '.mcp.json': mcp, '.env': `STRIPE_SECRET_KEY=${fakeToken('stripe-live', 4)}\n` })).includes('live-key'));
});

test('reuse of a literal weighs like its exposure: full in product code, a fifth in a test, a document or an example', () => {
  const facts = (origin: 'source' | 'test' | 'docs' | 'example'): ScoreFacts => ({
    kind: 'secret', literal: true, lifetimeClass: 'static', afterlife: { unbounded: true, seconds: null }, expired: false,
    exposure: 'committed', origin, source: null, scope: null, tags: [], reuseCount: 3, reuseTools: [], passthrough: false, mitigations: [],
  });
  const reuseOf = (origin: 'source' | 'test' | 'docs' | 'example') => computeFactors(facts(origin)).find((f) => f.name === 'reuse')?.effect;
  assert.equal(reuseOf('source'), 10);
  for (const o of ['test', 'docs', 'example'] as const) assert.equal(reuseOf(o), 2, o);
  // A binding's reuse is not a literal's: it keeps the full weight wherever the binding is.
  assert.equal(computeFactors({ ...facts('test'), kind: 'binding', literal: false, source: 'env', scope: 'process' }).find((f) => f.name === 'reuse')?.effect, 10);
});
