import test from 'node:test';
import assert from 'node:assert/strict';
import { formatSeconds, parseDuration, parseSize } from '../../src/model/units.js';
import { UsageError } from '../../src/model/errors.js';

test('parseDuration reads s/m/h/d/w, combinations and plain seconds', () => {
  assert.equal(parseDuration('90s'), 90);
  assert.equal(parseDuration('30m'), 1800);
  assert.equal(parseDuration('1h'), 3600);
  assert.equal(parseDuration('7d'), 604800);
  assert.equal(parseDuration('1h30m'), 5400);
  assert.equal(parseDuration('1h 30m'), 5400);
  assert.equal(parseDuration('600'), 600);
});

test('parseDuration rejects nonsense with a usage error and a hint', () => {
  for (const bad of ['', 'soon', '1x', '1h-', 'h1']) {
    assert.throws(() => parseDuration(bad, '--max-afterlife'), (err: unknown) => {
      assert.ok(err instanceof UsageError);
      assert.match(err.message, /--max-afterlife/);
      assert.ok(err.hint);
      return true;
    });
  }
});

test('parseSize reads decimal and binary units', () => {
  assert.equal(parseSize('10MB'), 10_000_000);
  assert.equal(parseSize('512KiB'), 512 * 1024);
  assert.equal(parseSize('1g'), 1e9);
  assert.equal(parseSize('2048'), 2048);
  assert.throws(() => parseSize('ten'), UsageError);
});

test('formatSeconds is compact', () => {
  assert.equal(formatSeconds(null, true), '∞');
  assert.equal(formatSeconds(0), '0');
  assert.equal(formatSeconds(2700), '45m');
  assert.equal(formatSeconds(3 * 3600), '3h');
  assert.equal(formatSeconds(32 * 86400), '32d');
});
