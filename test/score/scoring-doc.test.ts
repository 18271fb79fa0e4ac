// docs/scoring.md's worked examples are tests: every ```json scoring-example block is scored here and must give
// exactly the score, severity and factors the page states (and include the framework controls it lists).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../src/testing/paths.js';
import { afterlifeOf } from '../../src/lifetime/afterlife.js';
import { scoreFindings, FACTOR_NAMES, SEVERITY_THRESHOLDS, loadDefaultFrameworks } from '../../src/score/index.js';
import type { RuleCatalog } from '../../src/score/catalog.js';
import { loadChecks } from '../../src/score/checks.js';
import type { BindingScope, BindingSource, Exposure, Finding, FindingKind, Origin, Lifetime, LifetimeClass, Severity } from '../../src/model/report.js';

const NOW = Date.parse('2026-11-28T00:00:00Z');
const WINDOW = 900;

interface Example {
  name: string;
  finding: {
    kind: FindingKind;
    ruleId: string;
    lifetime?: { class: LifetimeClass; ttlSeconds?: number | null; expiresAt?: string | null };
    exposure?: Exposure;
    origin?: Origin;
    tags?: string[];
    binding?: { source: BindingSource; scope: BindingScope };
    reuse?: { count: number; tools: string[] };
    passthrough?: boolean;
    mitigations?: string[];
  };
  expect: { score: number; severity: Severity; factors: Record<string, number>; frameworks?: string[] };
}

const doc = fs.readFileSync(path.join(repoRoot(), 'docs', 'scoring.md'), 'utf8');

export function parseExamples(text: string): Example[] {
  const blocks = [...text.matchAll(/```json scoring-example\n([\s\S]*?)```/g)];
  return blocks.map((m) => JSON.parse(m[1]!) as Example);
}

/** Only the check rules contribute metadata (credential rules are described by their tags in the examples). */
function checksOnlyCatalog(): RuleCatalog {
  const rules: RuleCatalog['rules'] = new Map();
  for (const c of loadChecks(path.join(repoRoot(), 'rules', 'checks'))) {
    rules.set(c.id, {
      id: c.id, kind: c.kind, provider: c.family, title: c.title, description: c.description,
      lifetime: c.lifetime ? { class: c.lifetime, ttlSeconds: null } : null, tags: c.tags, remediation: c.remediation, source: c.source,
    });
  }
  return { rules };
}

export function buildFinding(e: Example['finding']): Finding {
  const lifetime: Lifetime | undefined = e.lifetime
    ? { class: e.lifetime.class, ttlSeconds: e.lifetime.ttlSeconds ?? null, expiresAt: e.lifetime.expiresAt ?? null }
    : undefined;
  const f: Finding = {
    ruleId: e.ruleId, kind: e.kind, severity: 'info', score: 0, file: 'example', line: 1, column: 1, message: '',
    factors: [], frameworks: [], remediation: '',
    context: {
      ...(e.exposure ? { exposure: e.exposure } : {}),
      ...(e.origin ? { origin: e.origin } : {}),
      tags: e.tags ?? [],
      ...(e.reuse ? { reuse: { count: e.reuse.count, tools: e.reuse.tools, locations: [] } } : {}),
      ...(e.passthrough ? { passthrough: true } : {}),
      ...(e.mitigations ? { mitigations: e.mitigations } : {}),
    },
    ...(e.binding ? { binding: { tool: 'tool', agent: null, source: e.binding.source, scope: e.binding.scope } } : {}),
  };
  if (lifetime && e.kind === 'secret') {
    f.credential = { provider: 'example', type: 'example', fingerprint: 'fp1:example', redacted: '…', lifetime, afterlife: afterlifeOf(lifetime, WINDOW, NOW) };
  } else if (lifetime) {
    f.lifetime = lifetime;
    f.afterlife = afterlifeOf(lifetime, WINDOW, NOW);
  }
  return f;
}

const examples = parseExamples(doc);

test('docs/scoring.md has worked examples', () => {
  assert.ok(examples.length >= 15, `found ${examples.length} examples`);
  assert.equal(new Set(examples.map((e) => e.name)).size, examples.length, 'example names are unique');
});

for (const ex of examples) {
  test(`docs/scoring.md example: ${ex.name}`, () => {
    const [f] = scoreFindings([buildFinding(ex.finding)], {
      taskWindowSeconds: WINDOW, now: NOW, catalog: checksOnlyCatalog(), frameworks: loadDefaultFrameworks(),
    });
    const got = Object.fromEntries(f!.factors.map((x) => [x.name, x.effect]));
    assert.deepEqual(got, ex.expect.factors, 'factors');
    assert.equal(f!.score, ex.expect.score, 'score');
    assert.equal(f!.severity, ex.expect.severity, 'severity');
    const ids = new Set(f!.frameworks.map((r) => r.id));
    for (const id of ex.expect.frameworks ?? []) assert.ok(ids.has(id), `maps to ${id} (got ${[...ids].join(', ')})`);
  });
}

test('every factor the model can emit appears in a worked example', () => {
  const seen = new Set(examples.flatMap((e) => Object.keys(e.expect.factors)));
  const missing = FACTOR_NAMES.filter((n) => !seen.has(n));
  assert.deepEqual(missing, [], 'factors with no worked example in docs/scoring.md');
});

test('the severity table in docs/scoring.md matches the thresholds in code', () => {
  for (const [sev, min] of Object.entries(SEVERITY_THRESHOLDS)) {
    assert.ok(doc.includes(`| ${sev} | ≥ ${min} |`), `docs/scoring.md states "| ${sev} | ≥ ${min} |"`);
  }
  assert.ok(doc.includes(`| info | < ${SEVERITY_THRESHOLDS.low} |`));
});
