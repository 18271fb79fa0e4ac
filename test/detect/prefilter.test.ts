// The keyword prefilter is an optimisation only: its hits must equal comparing every keyword at every
// position (ASCII case folding for case-insensitive keywords), for the shipped rules and for random ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { GroupedKeywordMatcher, PairKeywordMatcher, type KeywordSpec } from '../../src/detect/prefilter.js';
import { builtinRules } from './helpers.js';

function foldAscii(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** Reference: every keyword compared at every position (a position counts once per distinct keyword that starts there). */
function naive(specs: readonly KeywordSpec[], text: string, cap: number): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const folded = foldAscii(text);
  for (let i = 0; i < text.length; i++) {
    for (const spec of specs) {
      const ids = new Set(spec.keywords.filter((kw) => (spec.ignoreCase ? folded.startsWith(foldAscii(kw), i) : text.startsWith(kw, i))).map((kw) => (spec.ignoreCase ? foldAscii(kw) : kw)));
      if (!ids.size) continue;
      const list = out.get(spec.rule) ?? [];
      for (let n = 0; n < ids.size && list.length < cap; n++) list.push(i);
      out.set(spec.rule, list);
    }
  }
  return out;
}

function sorted(m: Map<number, number[]>): [number, number[]][] {
  return [...m].sort((a, b) => a[0] - b[0]);
}

test('prefilter hits equal the naive comparison for the shipped rules', () => {
  const specs = builtinRules().rules.map((r, i) => ({ rule: i, keywords: r.keywords, ignoreCase: r.keywordsIgnoreCase ?? false }));
  const matcher = new PairKeywordMatcher(specs);
  const words = specs.flatMap((s) => s.keywords);
  const text = [
    ...words.map((w, i) => (i % 3 === 0 ? w.toUpperCase() : i % 3 === 1 ? w : `x${w}y`)),
    'plain text with SK and Q~ and ://host and é ünïcödé PASSWORD=',
    words.join(''),
  ].join('\n');
  assert.deepEqual(sorted(matcher.scan(text)), sorted(naive(specs, text, 10_000)));
  // The last two characters of a text are still positions.
  for (const w of ['SK', 'pwd', 'Q~']) assert.deepEqual(sorted(matcher.scan(`ab${w}`)), sorted(naive(specs, `ab${w}`, 10_000)));
});

test('prefilter hits equal the naive comparison on random keywords and texts', () => {
  const alphabet = fc.constantFrom('a', 'B', 'b', 'A', '_', '-', ':', '/', 'é', '\n', 'Z', 'z', '\u0000', '\u007f');
  const word = fc.array(alphabet, { minLength: 2, maxLength: 5 }).map((a) => a.join(''));
  const spec = fc.record({ keywords: fc.array(word, { minLength: 1, maxLength: 3 }), ignoreCase: fc.boolean() });
  fc.assert(
    fc.property(fc.array(spec, { minLength: 1, maxLength: 5 }), fc.array(alphabet, { maxLength: 80 }).map((a) => a.join('')), fc.integer({ min: 1, max: 4 }), (raw, text, cap) => {
      const specs = raw.map((s, i) => ({ rule: i, ...s }));
      const got = new PairKeywordMatcher(specs).scan(text, cap);
      assert.deepEqual(sorted(got), sorted(naive(specs, text, cap)));
    }),
    { numRuns: 500 },
  );
});

test('prefilter: overlapping case-insensitive keywords outside the tables are all found', () => {
  // Keywords with NUL or non-ASCII in their first characters are searched by the fallback; a keyword that
  // starts inside another one's match must still be seen.
  const specs = [{ rule: 0, keywords: ['\u0000Z', 'zz'], ignoreCase: true }];
  for (const text of ['a\u0000zz', '\u0000zzz', 'zz\u0000z']) {
    assert.deepEqual(sorted(new PairKeywordMatcher(specs).scan(text, 10)), sorted(naive(specs, text, 10)), JSON.stringify(text));
  }
  // The cap keeps the first positions across table and fallback keywords of one rule.
  const mixed = [{ rule: 0, keywords: ['\n\u0000', 'A_'], ignoreCase: false }];
  assert.deepEqual(sorted(new PairKeywordMatcher(mixed).scan('A_\n\u0000', 1)), sorted(naive(mixed, 'A_\n\u0000', 1)));
});

test('a grouped matcher finds for each group exactly what a matcher of that group alone finds', () => {
  // Groups share one pass over the text; their hits, caps and fallback keywords must stay apart.
  const alphabet = fc.constantFrom('a', 'B', 'b', 'A', '_', '-', ':', 'é', '\n', 'z', '\u0000');
  const word = fc.array(alphabet, { minLength: 1, maxLength: 4 }).map((a) => a.join(''));
  const spec = fc.record({ keywords: fc.array(word, { minLength: 1, maxLength: 3 }), ignoreCase: fc.boolean() });
  const group = fc.array(spec, { minLength: 1, maxLength: 4 });
  fc.assert(
    fc.property(fc.array(group, { minLength: 1, maxLength: 4 }), fc.array(alphabet, { maxLength: 80 }).map((a) => a.join('')), fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 4, maxLength: 4 }), (raw, text, caps) => {
      const groups = raw.map((g) => g.map((s, i) => ({ rule: i, ...s })));
      const got = new GroupedKeywordMatcher(groups).scanGroups(text, caps);
      assert.equal(got.length, groups.length);
      groups.forEach((specs, g) => {
        const alone = new PairKeywordMatcher(specs).scan(text, caps[g]);
        // Same rules in the same first-hit order (the detector walks its hits in map order), same positions.
        assert.deepEqual([...got[g]!], [...alone]);
        assert.deepEqual(sorted(got[g]!), sorted(naive(specs, text, caps[g]!)));
      });
    }),
    { numRuns: 500 },
  );
});

test('a frequent keyword does not use up the cap of another one searched with it', () => {
  // Single characters are searched by the fallback: "a" four times used to end the walk before the "-".
  const specs = [
    { rule: 0, keywords: ['-'], ignoreCase: true },
    { rule: 1, keywords: ['a'], ignoreCase: true },
  ];
  for (const cap of [1, 2]) assert.deepEqual(sorted(new PairKeywordMatcher(specs).scan('aaaa-', cap)), sorted(naive(specs, 'aaaa-', cap)), `cap ${cap}`);
  assert.deepEqual(sorted(new GroupedKeywordMatcher([specs]).scanGroups('aaaa-', [1])[0]!), sorted(naive(specs, 'aaaa-', 1)));
});
