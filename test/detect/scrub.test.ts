// The worker's scrubber over a file's own values: with many values it looks them up by their first characters
// (valueScrubber), and must give exactly what replacing each value in turn gives (scrubValues), so that no
// raw value survives in any string of the file's result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { scrubValues, valueScrubber } from '../../src/detect/scrub.js';

const longestFirst = (values: { secret: string; redacted: string }[]) => [...new Map(values.map((v) => [v.secret, v])).values()].sort((a, b) => b.secret.length - a.secret.length);

test('valueScrubber replaces exactly what scrubValues replaces, with few values and with many', () => {
  const alphabet = fc.constantFrom('a', 'b', 'A', '0', '_', '-', '.', ' ', '\n', 'é');
  const secret = fc.array(alphabet, { minLength: 6, maxLength: 14 }).map((a) => a.join(''));
  fc.assert(
    fc.property(fc.array(secret, { minLength: 1, maxLength: 40 }), fc.array(fc.oneof(alphabet, fc.constant('§')), { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 6 }), (secrets, filler, picks) => {
      const values = longestFirst(secrets.map((s) => ({ secret: s, redacted: `${s.slice(0, 2)}…` })));
      // Texts hold some of the values, next to and inside each other.
      let text = filler.join('');
      for (const p of picks) text = text.slice(0, p % (text.length + 1)) + values[p % values.length]!.secret + text.slice(p % (text.length + 1));
      assert.equal(valueScrubber(values)(text), scrubValues(text, values));
    }),
    { numRuns: 400 },
  );
});

test('with many values, every value in a string is replaced', () => {
  const values = longestFirst(Array.from({ length: 50 }, (_, i) => ({ secret: `value-${String(i).padStart(3, '0')}-secret`, redacted: `v${i}…` })));
  const scrub = valueScrubber(values);
  const text = `tool ${values[7]!.secret} for ${values[42]!.secret}${values[3]!.secret}.`;
  const out = scrub(text);
  for (const v of values) assert.ok(!out.includes(v.secret), v.secret);
  assert.equal(out, scrubValues(text, values));
});
