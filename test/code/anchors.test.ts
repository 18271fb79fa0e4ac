// The TypeScript candidate test answered from a shared keyword pass (tsCandidateFromHits) is an optimisation
// of one regex over the whole text (buildTs, plus the relative re-export regex): on generated texts built from
// the words that matter, near misses included, and on the code fixtures, both must give the same answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { GroupedKeywordMatcher } from '../../src/detect/prefilter.js';
import { buildTs, hasRelativeReexports, languageOf, MAX_ANCHOR_HITS, tsCandidateAnchors, tsCandidateFromHits, type CandidateKind } from '../../src/code/prefilter.js';
import { codeCandidateKind, isCodeCandidate } from '../../src/code/index.js';
import { codePatterns } from '../../src/code/patterns.js';
import { repoRoot } from '../../src/testing/paths.js';

const patterns = codePatterns();
const definition = buildTs(patterns);
const anchors = tsCandidateAnchors(patterns)!;
const matcher = new GroupedKeywordMatcher([anchors.keywords]);

function viaHits(text: string): CandidateKind | null | undefined {
  return tsCandidateFromHits(text, matcher.scanGroups(text, [MAX_ANCHOR_HITS])[0]!, patterns);
}

function viaRegex(text: string): CandidateKind | null {
  if (definition.test(text)) return 'text';
  return hasRelativeReexports(text) ? 'reexports' : null;
}

const sdkImports = patterns.sdks.filter((s) => s.language === 'typescript').flatMap((s) => s.imports);
const clientNames = patterns.clients.flatMap((c) => c.new);
const factories = patterns.clients.filter((c) => !c.modules.length).flatMap((c) => c.call);
const FRAGMENTS = [
  'from', 'require(', 'import(', 'import', 'require', ' ', '  ', '\n', '\t', "'", '"', '`', '(', ')', '{', '}', '=', ';', '.', '[', ']', '/', '*', ',',
  'process', 'Bun', 'import.meta', 'Deno', '.env', 'env', '.get(', 'API_KEY', 'GITHUB_TOKEN', 'NODE_ENV', 'PAT', 'PATH', 'x', '_', '$',
  'new', 'New', 'export', 'as', 'ns', './clients', '../a', 'a', 'my-', '-x', 'Process', 'create',
  ...sdkImports.slice(0, 12), ...clientNames.slice(0, 10), ...factories.slice(0, 6),
];

test('candidate answer from keyword hits equals the whole-text regexes on generated texts', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }), (parts) => {
      const text = parts.join('');
      assert.equal(viaHits(text), viaRegex(text), JSON.stringify(text));
    }),
    { numRuns: 5000 },
  );
});

test('candidate answer from keyword hits equals the whole-text regexes on hand-picked cases', () => {
  const cases = [
    `import { tool } from 'ai';`, `import x from "ai/rsc"`, `from'ai'`, `import { a } from 'aim';`, `const { X } = process.env;`, `} =process.env`,
    `}\n=\n import.meta.env`, `x = process.env`, `const k = Deno.env.get("OPENAI_API_KEY")`, `Deno.env.get('HOME')`, `new  OpenAI (`,
    `renew OpenAI(`, `const c = new OpenAI.Client(`, `createOpenAI ({})`, `xcreateOpenAI({})`, `export * from './a'`, `export * as ns from "./a"`,
    `export { a, b as c } from './b.js'`, `reexport * from './a'`, `export {} from 'pkg'`, `process.env[ "GITHUB_TOKEN" ]`, `process.env.PATH`,
    `myprocess.env.API_KEY`, `import.meta.env.VITE_API_KEY`, `Bun.env.SECRET`, `require ( 'stripe' )`, `await import('@openai/agents')`,
  ];
  for (const text of cases) assert.equal(viaHits(text), viaRegex(text), text);
});

test('candidate answer from keyword hits equals the whole-text regexes on the code fixtures and this repository', () => {
  let seen = 0;
  let yes = 0;
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const f = path.join(dir, e.name);
      if (e.isDirectory()) walk(f);
      else if (languageOf(f) === 'typescript') {
        const text = fs.readFileSync(f, 'utf8');
        const expected = viaRegex(text);
        assert.equal(viaHits(text), expected, f);
        assert.equal(codeCandidateKind(f, text, patterns, matcher.scanGroups(text, [MAX_ANCHOR_HITS])[0]), expected, f);
        assert.equal(codeCandidateKind(f, text, patterns), expected, f);
        seen++;
        if (expected === 'text') yes++;
      }
    }
  };
  for (const dir of [path.join('test', 'fixtures'), 'src', 'test', 'bench']) walk(path.join(repoRoot(), dir));
  assert.ok(seen > 200 && yes > 20 && yes < seen - 50, `${yes} of ${seen}`);
});

test('an anchor with more hits than kept is answered by the regexes', () => {
  const text = `${'new Thing();\n'.repeat(MAX_ANCHOR_HITS + 5)}const c = new OpenAI({ apiKey });\nexport * from './x';`;
  const hits = matcher.scanGroups(text, [MAX_ANCHOR_HITS])[0]!;
  assert.equal(tsCandidateFromHits(text, hits, patterns), undefined);
  assert.equal(isCodeCandidate('a.ts', text, patterns, hits), true);
  const other = text.replace('OpenAI', 'Other');
  assert.equal(codeCandidateKind('a.ts', other, patterns, matcher.scanGroups(other, [MAX_ANCHOR_HITS])[0]), 'reexports');
  const neither = other.replace('export', 'exports');
  assert.equal(isCodeCandidate('a.ts', neither, patterns, matcher.scanGroups(neither, [MAX_ANCHOR_HITS])[0]), false);
});
