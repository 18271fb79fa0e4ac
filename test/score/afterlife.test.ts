import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { afterlifeOf, formatDuration, isExpired } from '../../src/lifetime/afterlife.js';
import { LIFETIME_CLASSES, type Lifetime } from '../../src/model/report.js';

const NOW = Date.parse('2026-11-28T00:00:00Z');
const life = (cls: Lifetime['class'], ttlSeconds: number | null = null, expiresAt: string | null = null): Lifetime => ({ class: cls, ttlSeconds, expiresAt });

test('static credentials have an unbounded afterlife', () => {
  assert.deepEqual(afterlifeOf(life('static'), 900, NOW), { unbounded: true, seconds: null });
});

test('a known TTL gives max(0, TTL − window)', () => {
  assert.deepEqual(afterlifeOf(life('short-lived', 3600), 900, NOW), { unbounded: false, seconds: 2700 });
  assert.deepEqual(afterlifeOf(life('task-scoped', 300), 900, NOW), { unbounded: false, seconds: 0 });
  assert.deepEqual(afterlifeOf(life('long-lived', 768 * 3600), 900, NOW), { unbounded: false, seconds: 768 * 3600 - 900 });
});

test('an expired credential has 0 afterlife, whatever its class', () => {
  for (const cls of LIFETIME_CLASSES) {
    assert.deepEqual(afterlifeOf(life(cls, null, '2026-01-01T00:00:00Z'), 900, NOW), { unbounded: false, seconds: 0 }, cls);
  }
  assert.equal(isExpired(life('static', null, '2026-01-01T00:00:00Z'), NOW), true);
  assert.equal(isExpired(life('static'), NOW), false);
});

test('a future expiresAt bounds the remaining life', () => {
  assert.deepEqual(afterlifeOf(life('short-lived', 86400, '2026-11-28T02:00:00Z'), 900, NOW), { unbounded: false, seconds: 7200 - 900 });
});

test('no TTL: task-scoped 0, short-lived the 24 h bound, long-lived and unknown unbounded', () => {
  assert.deepEqual(afterlifeOf(life('task-scoped'), 900, NOW), { unbounded: false, seconds: 0 });
  assert.deepEqual(afterlifeOf(life('short-lived'), 900, NOW), { unbounded: false, seconds: 86400 - 900 });
  assert.equal(afterlifeOf(life('long-lived'), 900, NOW).unbounded, true);
  assert.equal(afterlifeOf(life('unknown'), 900, NOW).unbounded, true);
});

test('now may be a Date or epoch milliseconds; a garbage expiresAt is ignored', () => {
  const l = life('short-lived', null, '2026-11-28T01:00:00Z');
  assert.deepEqual(afterlifeOf(l, 0, new Date(NOW)), afterlifeOf(l, 0, NOW));
  assert.deepEqual(afterlifeOf(life('static', null, 'not a date'), 900, NOW), { unbounded: true, seconds: null });
});

test('afterlife is never negative and never grows with a longer task window', () => {
  fc.assert(
    fc.property(fc.constantFrom(...LIFETIME_CLASSES), fc.option(fc.integer({ min: 0, max: 10 ** 9 })), fc.nat(10 ** 6), fc.nat(10 ** 6), (cls, ttl, w1, w2) => {
      const a = afterlifeOf(life(cls, ttl), Math.min(w1, w2), NOW);
      const b = afterlifeOf(life(cls, ttl), Math.max(w1, w2), NOW);
      if (a.unbounded || b.unbounded) return a.unbounded === b.unbounded;
      return (a.seconds ?? 0) >= 0 && (b.seconds ?? 0) >= 0 && (b.seconds ?? 0) <= (a.seconds ?? 0);
    }),
  );
});

test('formatDuration', () => {
  assert.equal(formatDuration(null), 'unbounded');
  assert.equal(formatDuration(0), '0s');
  assert.equal(formatDuration(2700), '45m');
  assert.equal(formatDuration(768 * 3600), '32d');
  assert.equal(formatDuration(3660), '1h 1m');
});
