// The scaling check that replaces wall-clock limits in tests: it must pass linear work and catch quadratic work.
import test from 'node:test';
import assert from 'node:assert/strict';
import { scalesLinearly } from '../../src/testing/linear.js';

let sink = 0;

test('scalesLinearly passes linear work and fails quadratic work', () => {
  const linear = scalesLinearly((n) => {
    for (let i = 0; i < n * 2000; i++) sink += i & 1;
  }, 100_000);
  assert.ok(linear.ok, linear.detail);
  const quadratic = scalesLinearly((n) => {
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sink += j & 1;
  }, 32_000);
  assert.ok(!quadratic.ok, `quadratic work must be caught: ${quadratic.detail}`);
  assert.ok(sink > 0);
});
