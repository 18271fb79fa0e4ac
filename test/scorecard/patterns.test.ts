// Every evidence pattern in rules/controls carries examples; each must (not) produce its evidence through the
// same engine collectEvidence uses. Patterns are also probed for catastrophic backtracking.
import { scalesLinearly } from '../../src/testing/linear.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectEvidence, ControlPatternError, readControlData, teamControlCatalog, CONTROL_IDS, readControlFiles, validatePattern } from '../../src/scorecard/index.js';
import type { FileContext } from '../../src/model/records.js';
import { makeLineIndex } from '../../src/sources/read.js';
import { loadFrameworks } from '../../src/score/frameworks.js';
import { buildScorecard, controlCatalog } from '../../src/scorecard/index.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify as toYaml } from 'yaml';
import { repoRoot } from '../../src/testing/paths.js';

function ctxOf(file: string, text: string): FileContext {
  return { file, text, lineAt: makeLineIndex(text), exposure: 'file' };
}

const { controls, patterns } = readControlFiles(undefined, true);

test('one control file per control, with next steps for every status', () => {
  assert.deepEqual(controls.map((c) => c.control).sort(), [...CONTROL_IDS].sort());
  for (const c of controls) for (const s of ['met', 'partial', 'missing', 'unknown'] as const) assert.ok(c.next[s].length > 10, `${c.control} next.${s}`);
});

test('every control maps to framework controls that exist in rules/frameworks', () => {
  const rules = path.join(repoRoot(), 'rules', 'frameworks');
  const known = new Map(loadFrameworks(rules).map((fw) => [fw.id, new Set(fw.controls.map((c) => c.id))]));
  for (const c of controls) {
    assert.ok(c.frameworks && Object.keys(c.frameworks).length >= 3, `${c.control} maps to frameworks`);
    for (const [fw, ids] of Object.entries(c.frameworks!)) {
      assert.ok(known.has(fw), `${c.control}: unknown framework ${fw}`);
      for (const id of ids) assert.ok(known.get(fw)!.has(id), `${c.control}: ${fw} has no control ${id}`);
    }
  }
});

test('scorecard entries carry the framework mapping from the control files', () => {
  const entries = buildScorecard({ findings: [], bindings: [], summary: { filesScanned: 0, bytesScanned: 0, durationMs: 0, bySeverity: {}, byLifetime: {} } } as never, [], controlCatalog());
  const short = entries.find((e) => e.control === 'short-ttl-revocation')!;
  assert.ok(short.frameworks?.some((r) => r.framework === 'owasp-nhi-2025' && r.id === 'NHI7'));
  assert.ok(entries.every((e) => (e.frameworks?.length ?? 0) > 0));
});

test('a control file with a malformed frameworks map is rejected', () => {
  assert.throws(() => validateFrameworksViaFile({ 'owasp-nhi-2025': 'NHI7' }), /frameworks\.owasp-nhi-2025/);
});

function validateFrameworksViaFile(frameworks: unknown): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-controls-'));
  try {
    const next = { met: 'keep it so', partial: 'finish it', missing: 'start it', unknown: 'look again' };
    fs.writeFileSync(path.join(dir, 'x.yaml'), toYaml({ control: 'tool-call-logging', title: 'T', summary: 'S', next, frameworks, patterns: [] }));
    readControlFiles(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('every pattern has match and no-match examples', () => {
  for (const p of patterns) {
    assert.ok(p.examples?.match?.length, `${p.id} has no match example`);
    assert.ok(p.examples?.['no-match']?.length, `${p.id} has no no-match example`);
  }
});

for (const p of patterns) {
  test(`pattern ${p.id}: examples`, () => {
    const file = p.examples?.file ?? 'example.txt';
    for (const text of p.examples?.match ?? []) {
      const ev = collectEvidence(ctxOf(file, `\n${text}\n`)).filter((e) => e.pattern === p.id);
      assert.ok(ev.length >= 1, `${p.id} should match: ${text}`);
      assert.equal(ev[0]!.control, p.control);
      assert.equal(ev[0]!.kind, p.kind);
      assert.ok(ev[0]!.line >= 2, 'line points into the example');
      assert.doesNotMatch(ev[0]!.detail, /\{\w+\}/, 'detail placeholders are filled');
    }
    for (const text of p.examples?.['no-match'] ?? []) {
      const ev = collectEvidence(ctxOf(file, `\n${text}\n`)).filter((e) => e.pattern === p.id);
      assert.equal(ev.length, 0, `${p.id} should not match: ${text}`);
    }
  });
}

test('extra patterns from config join the built-in ones (a user broker name)', () => {
  const team = teamControlCatalog(readControlData([
    { id: 'acme-broker', control: 'identity-separation', kind: 'for', keywords: ['acmeVault'], regex: '\\bacmeVault\\.lease\\(', detail: 'ACME vault lease', files: ['**/*.ts'] },
  ]));
  const ev = collectEvidence(ctxOf('src/tool.ts', 'const a = 1;\nconst t = await acmeVault.lease("gh");\n'), team);
  assert.deepEqual(ev.map((e) => [e.pattern, e.line, e.control, e.kind]), [['acme-broker', 2, 'identity-separation', 'for']]);
  // The shipped catalog is a separate value: the team's pattern never reaches it.
  assert.equal(collectEvidence(ctxOf('src/tool.ts', 'acmeVault.lease(1)')).length, 0);
});

test('invalid or dangerous extra patterns are refused with their id', () => {
  const base = { id: 'x-bad', control: 'tool-call-logging', kind: 'for', keywords: ['abc'], detail: 'd' };
  assert.throws(() => validatePattern({ ...base, regex: '(a+)+$' }, 'config', undefined, true), (e: unknown) => e instanceof ControlPatternError && /backtracking/.test(e.message) && /x-bad/.test(e.message));
  assert.throws(() => validatePattern({ ...base, regex: '(' }, 'config'), /does not compile/);
  assert.throws(() => validatePattern({ ...base, control: 'nope', regex: 'abc' }, 'config'), /control/);
  assert.throws(() => validatePattern({ ...base, kind: 'maybe', regex: 'abc' }, 'config'), /kind/);
  assert.throws(() => validatePattern({ ...base, keywords: ['a'], regex: 'abc' }, 'config'), /keyword/);
  assert.throws(() => validatePattern({ ...base, regex: 'abc', extra: 1 }, 'config'), /unknown field/);
});

test('files outside a pattern\'s globs are not searched', () => {
  assert.equal(collectEvidence(ctxOf('README.md', 'import { trace } from "@opentelemetry/api";\nload_dotenv()\n')).length, 0);
});

test('hostile input: long lines and many keyword hits stay fast and bounded', () => {
  const text = (n: number) => `${'audit('.repeat(n)}\n${'resource='.repeat(n)}${'a'.repeat(5 * n)}\nfinally {${' '.repeat(Math.floor(2.5 * n))}`;
  const ev = collectEvidence(ctxOf('x.ts', text(20000)));
  assert.ok(ev.length <= 200);
  // Linear in the input, compared with an eighth of it in the same test (no wall-clock limit).
  const s = scalesLinearly((n) => collectEvidence(ctxOf('x.ts', text(n))), 20000);
  assert.ok(s.ok, s.detail);
});

test('control data read once crosses a thread boundary (JSON) and configures a worker without YAML', () => {
  const data = JSON.parse(JSON.stringify(readControlData([{ id: 'acme-audit', control: 'tool-call-logging', kind: 'for', keywords: ['acmeAudit'], regex: '\\bacmeAudit\\(', detail: 'ACME audit' }])));
  const catalog = teamControlCatalog(data);
  assert.equal(catalog.controls.length, 5);
  assert.equal(collectEvidence(ctxOf('x.py', 'acmeAudit(evt)\n'), catalog)[0]?.pattern, 'acme-audit');
});
