// buildScorecard on hand-built reports: statuses, the afterlife distribution, dedupe and the evidence cap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Binding, Finding, Report } from '../../src/model/report.js';
import type { Evidence } from '../../src/model/records.js';
import { buildScorecard, MAX_EVIDENCE_PER_CONTROL } from '../../src/scorecard/index.js';

function report(over: Partial<Report> = {}): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'credlife', version: '0.0.0' },
    root: '.',
    taskWindowSeconds: 900,
    findings: [],
    bindings: [],
    summary: { filesScanned: 1, bytesScanned: 1, durationMs: 0, bySeverity: {}, byLifetime: {} },
    ...over,
  };
}

function binding(tool: string, line: number, over: Partial<Binding> = {}): Binding {
  return { file: 'agent.ts', line, tool, agent: null, source: 'env', scope: 'process', credentialRef: `${tool.toUpperCase()}_KEY`, via: 'code:ai-sdk', ...over };
}

function secret(line: number, over: Partial<Finding> = {}, afterlife = { unbounded: true, seconds: null as number | null }): Finding {
  return {
    ruleId: 'openai-project-key', kind: 'secret', severity: 'high', score: 80, file: 'config.py', line, column: 1, message: 'm',
    credential: {
      provider: 'openai', type: 'project key', fingerprint: `fp${line}`, redacted: 'sk-…abcd',
      lifetime: { class: afterlife.unbounded ? 'static' : 'short-lived', ttlSeconds: null, expiresAt: null }, afterlife,
    },
    factors: [], frameworks: [], remediation: '', ...over,
  };
}

const get = (r: ReturnType<typeof buildScorecard>, c: string) => r.find((e) => e.control === c)!;

test('an empty report: every control unknown, five entries with next steps', () => {
  const sc = buildScorecard(report(), []);
  assert.equal(sc.length, 5);
  for (const e of sc) {
    assert.equal(e.status, 'unknown', e.control);
    assert.ok(e.next.length > 10);
    assert.deepEqual(e.evidence, []);
  }
});

test('per-task issuance: share of task-scoped tool bindings; infra bindings do not count', () => {
  const all = buildScorecard(report({ bindings: [binding('a', 1, { source: 'minted', scope: 'task' }), binding('b', 2, { source: 'oauth' })] }), []);
  assert.equal(get(all, 'per-task-issuance').status, 'met');
  const some = buildScorecard(report({ bindings: [binding('a', 1, { source: 'minted', scope: 'task' }), binding('b', 2), binding('c', 3)] }), []);
  const e = get(some, 'per-task-issuance');
  assert.equal(e.status, 'partial');
  assert.equal(e.metrics?.taskSharePercent, 33);
  assert.match(e.why, /process-scoped: b, c/);
  assert.match(e.next, /Still process-scoped: b, c/);
  const none = buildScorecard(report({ bindings: [binding('b', 2)] }), []);
  assert.equal(get(none, 'per-task-issuance').status, 'missing');
  const infra = buildScorecard(report({ bindings: [binding('.env', 1, { via: 'env' }), binding('deploy', 2, { via: 'ci:github-actions' })] }), []);
  assert.equal(get(infra, 'per-task-issuance').status, 'unknown');
  assert.equal(get(infra, 'tool-call-logging').status, 'unknown');
});

test('tool-call logging: tools without any logging evidence are missing; tracing off against telemetry is partial', () => {
  const tools = [binding('a', 1)];
  assert.equal(get(buildScorecard(report({ bindings: tools }), []), 'tool-call-logging').status, 'missing');
  const ev: Evidence[] = [
    { control: 'tool-call-logging', kind: 'for', file: 'agent.ts', line: 5, detail: 'span', pattern: 'code:tool-span' },
    { control: 'tool-call-logging', kind: 'against', file: 'run.py', line: 2, detail: 'off', pattern: 'code:tracing-disabled' },
  ];
  assert.equal(get(buildScorecard(report({ bindings: tools }), ev), 'tool-call-logging').status, 'partial');
  assert.equal(get(buildScorecard(report({ bindings: tools }), ev.slice(0, 1)), 'tool-call-logging').status, 'met');
});

test('framework-default evidence gives way to explicit evidence against', () => {
  const ev: Evidence[] = [
    { control: 'tool-call-logging', kind: 'for', file: 'agent.ts', line: 1, detail: 'default', pattern: 'openai-agents-traces-tool-calls' },
    { control: 'tool-call-logging', kind: 'against', file: 'agent.ts', line: 3, detail: 'off', pattern: 'code:tracing-disabled' },
  ];
  const e = get(buildScorecard(report({ bindings: [binding('a', 1)] }), ev), 'tool-call-logging');
  assert.equal(e.status, 'missing');
  assert.equal(get(buildScorecard(report({ bindings: [binding('a', 1)] }), ev.slice(0, 1)), 'tool-call-logging').status, 'met');
});

test('short TTL: afterlife distribution of all credentials; the gate --max-afterlife sets the bar', () => {
  const findings = [
    secret(1),
    secret(2, {}, { unbounded: false, seconds: 0 }),
    secret(3, {}, { unbounded: false, seconds: 7200 }),
    secret(4, { credential: { ...secret(1).credential!, fingerprint: 'fp1' } }), // same credential again: counted once
  ];
  const e = get(buildScorecard(report({ findings }), []), 'short-ttl-revocation');
  assert.equal(e.metrics?.credentials, 3);
  assert.equal(e.metrics?.afterlifeUnbounded, 1);
  assert.equal(e.metrics?.afterlifeNone, 1);
  assert.equal(e.metrics?.afterlifeUpTo24h, 1);
  assert.equal(e.status, 'partial');
  assert.match(e.why, /1 unbounded/);
  const lenient = report({ findings: findings.slice(1, 3) });
  lenient.summary.gate = { failOn: 'high', maxAfterlifeSeconds: 86400, failed: false, failing: 0, reasons: [] };
  assert.equal(get(buildScorecard(lenient, []), 'short-ttl-revocation').status, 'met');
  assert.equal(get(buildScorecard(report({ findings: [secret(1)] }), []), 'short-ttl-revocation').status, 'missing');
});

test('identity separation: raw static secrets against, secret-manager and minted bindings for', () => {
  const against = buildScorecard(report({ findings: [secret(1)] }), []);
  assert.equal(get(against, 'identity-separation').status, 'missing');
  const mixed = buildScorecard(report({ findings: [secret(1)], bindings: [binding('a', 9, { source: 'secret-manager', credentialRef: 'agent/github' })] }), []);
  const e = get(mixed, 'identity-separation');
  assert.equal(e.status, 'partial');
  assert.ok(e.evidence.some((x) => x.kind === 'for' && x.line === 9 && /secret manager/.test(x.detail)));
});

test('context binding: OAuth and audience attributes for; static bearer keys against', () => {
  const sc = buildScorecard(report({ bindings: [binding('mcp', 1, { source: 'oauth', via: 'mcp:cursor' }), binding('api', 2, { source: 'minted', scope: 'task', attributes: { audience: 'x' } })] }), []);
  assert.equal(get(sc, 'context-binding').status, 'met');
  const sc2 = buildScorecard(report({ bindings: [binding('api', 2)] }), []);
  assert.equal(get(sc2, 'context-binding').status, 'missing');
});

test('evidence is deduped on kind/file/line and capped, keeping both sides; totals stay in metrics', () => {
  const ev: Evidence[] = [];
  for (let i = 1; i <= 30; i++) ev.push({ control: 'tool-call-logging', kind: 'for', file: 'a.ts', line: i, detail: `span ${i}` });
  for (let i = 1; i <= 30; i++) ev.push({ control: 'tool-call-logging', kind: 'against', file: 'b.ts', line: i, detail: `off ${i}` });
  ev.push({ control: 'tool-call-logging', kind: 'for', file: 'a.ts', line: 1, detail: 'duplicate' });
  ev.push({ control: 'not-a-control', kind: 'for', file: 'a.ts', line: 1, detail: 'ignored' });
  const e = get(buildScorecard(report({ bindings: [binding('a', 1)] }), ev), 'tool-call-logging');
  assert.equal(e.evidence.length, MAX_EVIDENCE_PER_CONTROL);
  assert.ok(e.evidence.some((x) => x.kind === 'for') && e.evidence.some((x) => x.kind === 'against'));
  assert.equal(e.metrics?.evidenceFor, 30);
  assert.equal(e.metrics?.evidenceAgainst, 30);
  assert.ok(!e.evidence.some((x) => x.detail === 'duplicate'));
});
