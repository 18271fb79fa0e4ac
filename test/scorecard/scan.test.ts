// Fixture agents that meet, partly meet and miss each control, through scan(): status and evidence lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scan } from '../../src/index.js';
import type { Report, ScorecardEntry } from '../../src/model/report.js';
import { CONTROL_IDS } from '../../src/scorecard/index.js';
import { fakeToken } from '../../src/testing/fake-tokens.js';
import { fixtureAgent, lineOf } from './helpers.js';

const reports = new Map<string, Promise<Report>>();
function scanFixture(name: string): Promise<Report> {
  if (!reports.has(name)) reports.set(name, scan({ paths: [fixtureAgent(name)], config: false, jobs: 1 }));
  return reports.get(name)!;
}

async function entry(name: string, control: string): Promise<ScorecardEntry> {
  const r = await scanFixture(name);
  const e = r.scorecard?.find((x) => x.control === control);
  assert.ok(e, `no scorecard entry ${control}`);
  return e;
}

/** Assert an evidence item of `kind` at file:line (with a detail matching `detail`). */
function hasEvidence(e: ScorecardEntry, kind: 'for' | 'against', file: string, line: number, detail?: RegExp): void {
  const hit = e.evidence.find((x) => x.kind === kind && x.file === file && x.line === line && (!detail || detail.test(x.detail)));
  assert.ok(hit, `${e.control}: expected ${kind} evidence at ${file}:${line}; got\n${e.evidence.map((x) => `${x.kind} ${x.file}:${x.line} ${x.detail}`).join('\n')}`);
}

test('every scan has one entry per control, in order', async () => {
  const r = await scanFixture('meets');
  assert.deepEqual(r.scorecard?.map((e) => e.control), [...CONTROL_IDS]);
  for (const e of r.scorecard!) {
    assert.ok(e.title && e.why && e.next, `${e.control} has title, why, next`);
    assert.ok(e.metrics && typeof e.metrics.evidenceFor === 'number');
  }
});

test('meets: every control is met, with evidence lines', async () => {
  const A = 'src/agent.ts';
  const mint = lineOf('meets', A, 'await mintToken(');
  for (const c of CONTROL_IDS) assert.equal((await entry('meets', c)).status, 'met', c);
  hasEvidence(await entry('meets', 'per-task-issuance'), 'for', A, mint, /readRepo/);
  hasEvidence(await entry('meets', 'context-binding'), 'for', A, mint, /audience/);
  hasEvidence(await entry('meets', 'short-ttl-revocation'), 'for', A, lineOf('meets', A, 'await revokeToken('), /finally/);
  hasEvidence(await entry('meets', 'tool-call-logging'), 'for', A, lineOf('meets', A, 'startActiveSpan'), /span/);
  hasEvidence(await entry('meets', 'identity-separation'), 'for', 'deploy/agent.yaml', lineOf('meets', 'deploy/agent.yaml', 'role-arn'), /workload identity/);
  assert.equal((await entry('meets', 'per-task-issuance')).metrics?.taskSharePercent, 100);
});

test('partial: each control is partly met, with evidence for and against', async () => {
  const A = 'agent.ts';
  const env = lineOf('partial', A, 'process.env.DEPLOY_API_TOKEN');
  const mint = lineOf('partial', A, 'await mintToken(');
  for (const c of CONTROL_IDS) assert.equal((await entry('partial', c)).status, 'partial', c);
  const perTask = await entry('partial', 'per-task-issuance');
  hasEvidence(perTask, 'against', A, env, /deploy/);
  hasEvidence(perTask, 'for', A, mint, /readRepo/);
  // The model string goes through the AI Gateway on a static key: a third, process-scoped binding.
  assert.match(perTask.why, /1 of 3 tool bindings \(33%\)/);
  hasEvidence(perTask, 'against', A, lineOf('partial', A, "model: 'openai/gpt-4o'"), /ai-gateway/);
  assert.match(perTask.next, /deploy/);
  hasEvidence(await entry('partial', 'context-binding'), 'against', A, env, /bearer/);
  hasEvidence(await entry('partial', 'short-ttl-revocation'), 'against', A, env, /no expiry/);
  hasEvidence(await entry('partial', 'short-ttl-revocation'), 'for', A, mint, /600/);
  hasEvidence(await entry('partial', 'tool-call-logging'), 'for', A, lineOf('partial', A, 'experimental_telemetry'));
  hasEvidence(await entry('partial', 'tool-call-logging'), 'against', 'agent.py', lineOf('partial', 'agent.py', 'tracing_disabled=True'));
  hasEvidence(await entry('partial', 'identity-separation'), 'against', A, env, /raw secret/);
});

test('misses: every control is missing; raw secrets never appear', async () => {
  const A = 'agent.ts';
  for (const c of CONTROL_IDS) assert.equal((await entry('misses', c)).status, 'missing', c);
  const literal = lineOf('misses', A, 'new OpenAI(');
  hasEvidence(await entry('misses', 'per-task-issuance'), 'against', A, lineOf('misses', A, 'process.env.STRIPE_SECRET_KEY'), /charge_card/);
  hasEvidence(await entry('misses', 'short-ttl-revocation'), 'against', '.env', 1, /no expiry/);
  hasEvidence(await entry('misses', 'tool-call-logging'), 'against', A, lineOf('misses', A, 'setTracingDisabled(true)'));
  // The SDK's default tracing gives way to an explicit setTracingDisabled(true).
  assert.ok(!(await entry('misses', 'tool-call-logging')).evidence.some((e) => e.kind === 'for'));
  hasEvidence(await entry('misses', 'identity-separation'), 'against', A, literal, /raw static openai/);
  hasEvidence(await entry('misses', 'identity-separation'), 'against', A, lineOf('misses', A, 'dotenv/config'), /\.env/);
  const json = JSON.stringify((await scanFixture('misses')).scorecard);
  for (const kind of ['openai', 'stripe-live']) assert.ok(!json.includes(fakeToken(kind)), `no raw ${kind} token in the scorecard`);
});

test('no tools and no credentials: unknown, not a guess', async () => {
  const { writeTree } = await import('../../src/testing/cli.js');
  const dir = writeTree({ 'src/math.ts': 'export const add = (a: number, b: number) => a + b;\n', 'README.md': '# maths\n' });
  const r = await scan({ paths: [dir], config: false, jobs: 1 });
  for (const e of r.scorecard ?? []) assert.equal(e.status, 'unknown', `${e.control}: ${e.why}`);
  assert.equal(r.scorecard?.length, 5);
});

test('evidence collection runs in worker threads too', async () => {
  const r = await scan({ paths: [fixtureAgent('meets')], config: false, jobs: 2 });
  assert.equal(r.scorecard?.find((e) => e.control === 'identity-separation')?.status, 'met');
});
