// The catalogue's fixtures state their own expectations: `// expect-binding: tool=X source=env scope=process
// ref=NAME via=code:…` (or `# expect-binding: …` in Python); `expect-occurrence: tool=X` marks another site of a
// binding stated elsewhere. A trailing comment is about its own line; a comment alone on its line is about the
// next code line. Each fixture must produce exactly the bindings it expects, and
// every catalogue entry (API client, SDK default instance, agent SDK) must be exercised by a fixture, so adding
// an SDK is one YAML entry and one fixture, no test code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { FIXTURES, analyzeFixture, show } from './helpers.js';
import { codePatterns } from '../../src/code/patterns.js';
import { languageOf } from '../../src/code/prefilter.js';
import type { Binding } from '../../src/model/report.js';

const DIR = path.join(FIXTURES, 'catalogue');
const FIELDS = new Set(['tool', 'source', 'scope', 'ref', 'via', 'agent']);

interface Expectation {
  line: number;
  fields: Record<string, string>;
  text: string;
  /** `expect-occurrence`: another site of a binding stated elsewhere (one binding per tool and credential). */
  occurrence: boolean;
}

export function parseExpectations(text: string, file: string): Expectation[] {
  const lines = text.split('\n');
  const out: Expectation[] = [];
  let pending: Expectation[] = [];
  lines.forEach((raw, i) => {
    const m = /(?:\/\/|#)\s*expect-(binding|occurrence):\s*(.*)$/.exec(raw);
    const code = m ? raw.slice(0, m.index).trim() : raw.trim();
    if (m) {
      const fields: Record<string, string> = {};
      // key=value pairs; a value with spaces is quoted: tool="Search the web".
      for (const part of m[2]!.trim().match(/\S+?="[^"]*"|\S+/g) ?? []) {
        const eq = part.indexOf('=');
        const key = part.slice(0, eq);
        if (eq < 1 || !FIELDS.has(key)) throw new Error(`${file}:${i + 1}: bad expectation field "${part}"`);
        fields[key] = part.slice(eq + 1).replace(/^"(.*)"$/, '$1');
      }
      const occurrence = m[1] === 'occurrence';
      for (const k of occurrence ? ['tool'] : ['tool', 'source', 'scope']) if (!fields[k]) throw new Error(`${file}:${i + 1}: expectation needs ${k}=`);
      const e = { line: i + 1, fields, text: m[2]!.trim(), occurrence };
      if (code && !/^(\/\/|#)/.test(code)) out.push(e);
      else pending.push(e);
    }
    if (code && !/^(\/\/|#|\/\*|\*)/.test(code)) {
      for (const p of pending) out.push({ ...p, line: i + 1 });
      pending = [];
    }
  });
  if (pending.length) throw new Error(`${file}: expectation with no code line after it`);
  return out;
}

function matches(b: Binding, e: Expectation): boolean {
  const f = e.fields;
  const at = e.occurrence ? !!b.occurrences?.some((o) => o.line === e.line) : b.line === e.line;
  return at && b.tool === f.tool && (f.source === undefined || b.source === f.source) && (f.scope === undefined || b.scope === f.scope)
    && (f.ref === undefined || b.credentialRef === f.ref) && (f.via === undefined || b.via === f.via)
    && (f.agent === undefined || b.agent === f.agent);
}

function fixtureFiles(): string[] {
  return fs.readdirSync(DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => languageOf(f) !== null)
    .map((f) => f.replace(/\\/g, '/'))
    .sort();
}

interface Ran {
  file: string;
  language: 'typescript' | 'python';
  text: string;
  bindings: Binding[];
}

const ran: Ran[] = [];

for (const rel of fixtureFiles()) {
  test(`catalogue fixture ${rel}: exactly the bindings it expects`, () => {
    const { text, result } = analyzeFixture(`catalogue/${rel}`);
    const expected = parseExpectations(text, rel);
    assert.ok(expected.length > 0, `${rel} states no expectations`);
    const missing = expected.filter((e) => !result.bindings.some((b) => matches(b, e)));
    const extra = result.bindings.filter((b) => !expected.some((e) => !e.occurrence && matches(b, e)));
    const msg = (what: string, list: string[]) => (list.length ? `${what}:\n  ${list.join('\n  ')}\n` : '');
    assert.ok(!missing.length && !extra.length,
      `${rel}\n${msg('expected but not found', missing.map((e) => `line ${e.line}: ${e.text}`))}`
      + `${msg('found but not expected', extra.map((b) => show([b])))}all bindings:\n${show(result.bindings)}`);
    ran.push({ file: rel, language: languageOf(rel)!, text, bindings: result.bindings });
  });
}

test('every catalogue entry is exercised by a fixture', () => {
  const patterns = codePatterns();
  const providers = new Set(patterns.providerHosts.map(([, name]) => name));
  assert.equal(ran.length, fixtureFiles().length, 'fixture tests must pass first');
  const problems: string[] = [];
  const covered = (language: Ran['language'], names: string[], client: string) => ran.some((r) => r.language === language
    && names.some((n) => new RegExp(`(?<![\\w])${n.replace(/\./g, '\\.')}\\s*\\(`).test(r.text))
    && r.bindings.some((b) => b.attributes?.client === client || (providers.has(String(b.attributes?.client)) && client.startsWith('openai'))));
  for (const c of patterns.clients) {
    const ts = [...c.new, ...c.call];
    if (ts.length && !covered('typescript', ts, c.name)) problems.push(`client ${c.name} (${ts.join(', ')}): no TypeScript fixture binding`);
    const py = c.python?.calls ?? [];
    if (py.length && !covered('python', py, c.name)) problems.push(`client ${c.name} (${py.join(', ')}): no Python fixture binding`);
  }
  for (const d of patterns.defaultInstances) {
    const ok = ran.some((r) => r.language === 'typescript' && r.text.includes(`'${d.module}'`)
      && r.bindings.some((b) => b.credentialRef === d.defaultEnv[0] && b.attributes?.implicit === true));
    if (!ok) problems.push(`default instance ${d.names.join('/')} from ${d.module}: no fixture binding`);
  }
  for (const f of patterns.sdks) {
    // A call taking a model string: some fixture binds a provider key through it.
    const slots = [...f.agents.filter((a) => a.models.length), ...f.modelCalls];
    for (const s of slots) {
      const names = [...s.call, ...s.new];
      const bound = ran.some((r) => r.language === f.language && names.some((n) => new RegExp(`(?<![\\w])${n}(?![\\w])`).test(r.text))
        && r.bindings.some((b) => b.attributes?.sdk === f.sdk && b.attributes?.implicit === true));
      if (!bound) problems.push(`model strings of ${f.sdk} (${f.language}, ${names.join(', ')}): no fixture binding`);
    }
    const ok = ran.some((r) => r.language === f.language && r.bindings.some((b) => b.via === `code:${f.sdk}`));
    if (!ok) problems.push(`agent SDK ${f.sdk} (${f.language}, ${path.basename(f.source)}): no fixture binding via code:${f.sdk}`);
  }
  assert.deepEqual(problems, []);
});
