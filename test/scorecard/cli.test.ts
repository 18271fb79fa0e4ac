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
  assert.match(r.stderr, /--require-control\[0\]: unknown control/);
  assert.ok(!r.stderr.includes('"per-task"'), 'the value is not echoed');
  assert.match(r.stderr, /per-task-issuance, context-binding, short-ttl-revocation, tool-call-logging, identity-separation/);
});

test('the scorecard is in the JSON report', async () => {
  const r = await runCli(['scan', fixtureAgent('partial'), '--no-config', '--format', 'json', '--exit-zero']);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { scorecard: { control: string; status: string }[] };
  assert.equal(doc.scorecard.length, 5);
  assert.ok(doc.scorecard.every((e) => e.status === 'partial'));
});

test('the scorecard is in every human-facing format through the CLI, and in the framework report with its mapping', async (t) => {
  const json = await runCli(['scan', fixtureAgent('partial'), '--no-config', '--format', 'json', '--exit-zero']);
  assert.equal(json.code, 0, json.stderr);
  const doc = JSON.parse(json.stdout) as { scorecard: { control: string; title: string; status: string; evidence: { file: string; line: number; kind: string }[]; frameworks?: { framework: string; id: string }[] }[] };
  const evidence = doc.scorecard.flatMap((e) => e.evidence.map((x) => `${x.file}:${x.line}`));
  assert.ok(evidence.length >= 5);
  const text = await runCli(['scan', fixtureAgent('partial'), '--no-config', '--exit-zero', '--verbose']);
  const md = await runCli(['scan', fixtureAgent('partial'), '--no-config', '--format', 'markdown', '--exit-zero']);
  const html = await runCli(['scan', fixtureAgent('partial'), '--no-config', '--format', 'html', '--exit-zero']);
  for (const e of doc.scorecard) {
    assert.match(text.stdout, new RegExp(`${e.title}\\s+${e.status}`), `text ${e.control}`);
    assert.ok(md.stdout.includes(`| ${e.title} | 🟡 ${e.status} |`), `markdown ${e.control}`);
    assert.ok(html.stdout.includes(`data-control="${e.control}" data-status="${e.status}"`), `html ${e.control}`);
  }
  for (const where of evidence) {
    assert.ok(text.stdout.includes(where), `text ${where}`);
    assert.ok(md.stdout.includes(`\`${where}\``), `markdown ${where}`);
    assert.ok(html.stdout.includes(`<code>${where}</code>`), `html ${where}`);
  }
  await t.test('framework report (markdown and html) from the JSON report', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(tmpdir(), 'credlife-scorecard-'));
    try {
      const input = path.join(dir, 'scan.json');
      writeFileSync(input, json.stdout);
      const fwMd = await runCli(['report', '--framework', 'owasp-nhi-2025', '--input', input]);
      assert.equal(fwMd.code, 0, fwMd.stderr);
      assert.match(fwMd.stdout, /## Controls scorecard/);
      const short = doc.scorecard.find((e) => e.control === 'short-ttl-revocation')!;
      const nhi = short.frameworks!.filter((r) => r.framework === 'owasp-nhi-2025').map((r) => r.id);
      assert.ok(nhi.includes('NHI7'));
      assert.ok(fwMd.stdout.includes(`| ${short.title} | 🟡 partial | `) && fwMd.stdout.includes(`| ${nhi.join(', ')} | `), fwMd.stdout);
      assert.match(fwMd.stdout, /^\| NHI7 \| Long-Lived Secrets \| .*🟡 Short TTL and revocation/m);
      const fwHtml = await runCli(['report', '--framework', 'csa-maestro', '--format', 'html', '--input', input]);
      assert.equal(fwHtml.code, 0, fwHtml.stderr);
      assert.match(fwHtml.stdout, /<section id="scorecard"/);
      assert.match(fwHtml.stdout, /data-control="tool-call-logging" data-status="partial"/);
      assert.match(fwHtml.stdout, /<div data-fw-control="L5"><code>L5<\/code> Evaluation and Observability<\/div>/);
      for (const where of evidence) assert.ok(fwHtml.stdout.includes(`<code>${where}</code>`), `framework html ${where}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
