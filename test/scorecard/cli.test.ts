// --require-control through the built CLI: exit 1 when the control is missing, 0 when met, 2 on an unknown name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../src/testing/cli.js';
import { fixtureAgent } from './helpers.js';

test('--require-control per-task-issuance: exit 1 when missing, 0 when met', async () => {
  const missing = await runCli(['scan', fixtureAgent('misses'), '--no-config', '--fail-on', 'critical', '--require-control', 'per-task-issuance']);
  // misses holds a committed live key, which may itself be critical: check the reason, not only the code.
  assert.equal(missing.code, 1, missing.stdout + missing.stderr);
  assert.match(missing.stdout, /required control per-task-issuance is missing/);
  const met = await runCli(['scan', fixtureAgent('meets'), '--no-config', '--require-control', 'per-task-issuance', '--require-control', 'tool-call-logging']);
  assert.equal(met.code, 0, met.stdout + met.stderr);
  assert.match(met.stdout, /Controls scorecard/);
});

test('--require-control with a partial control passes (only missing fails)', async () => {
  const r = await runCli(['scan', fixtureAgent('partial'), '--no-config', '--fail-on', 'critical', '--require-control', 'per-task-issuance']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
});

test('--require-control with an unknown name: exit 2 listing the controls', async () => {
  const r = await runCli(['scan', fixtureAgent('meets'), '--no-config', '--require-control', 'per-task']);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /unknown control "per-task"/);
  assert.match(r.stderr, /per-task-issuance, context-binding, short-ttl-revocation, tool-call-logging, identity-separation/);
});

test('the scorecard is in the JSON report', async () => {
  const r = await runCli(['scan', fixtureAgent('partial'), '--no-config', '--format', 'json', '--exit-zero']);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { scorecard: { control: string; status: string }[] };
  assert.equal(doc.scorecard.length, 5);
  assert.ok(doc.scorecard.every((e) => e.status === 'partial'));
});
