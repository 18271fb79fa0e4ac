// Hostile input never crashes policy code: any config text is a valid config or a ConfigError; any file
// text yields suppressions without throwing; any baseline text is read or refused with a ConfigError.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parseConfigText } from '../../src/policy/config.js';
import { findInlineSuppressions } from '../../src/policy/suppressions.js';
import { readBaseline } from '../../src/policy/baseline.js';
import { parseAddedLines, unquoteGitPath } from '../../src/sources/changes.js';
import { makeLineIndex } from '../../src/sources/read.js';
import { ConfigError } from '../../src/model/errors.js';
import { tree } from './helpers.js';

const yamlish = fc.oneof(
  fc.string(),
  fc.array(fc.constantFrom('failOn: ', 'rules:\n', '  disable:\n', '    - id: x\n', '      reason: ', 'allowlist:\n', '  paths:\n', '- ', '&a ', '*a', '[', ']', '{', '}', '"', "'", '\n', '  ', 'customRules:\n', '  - regex: ', '(a+)+', 'high', '1h', '~', 'null', '<<: *a\n')).map((a) => a.join('')),
);

test('any config text parses or is a ConfigError', () => {
  fc.assert(
    fc.property(yamlish, (text) => {
      try {
        parseConfigText(text, 'fuzz.yaml');
      } catch (err) {
        assert.ok(err instanceof ConfigError, `${(err as Error).name}: ${(err as Error).message}`);
        assert.match(err.message, /^fuzz\.yaml:\d+: /);
      }
    }),
    { numRuns: 400 },
  );
});

test('alias bombs are refused', () => {
  const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]'].join('\n');
  assert.throws(() => parseConfigText(bomb, 'bomb.yaml'), ConfigError);
});

test('any text yields inline suppressions without throwing; reasons are bounded and single-line', () => {
  const MARK = ['credlife', 'ignore'].join('-');
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom(MARK, ':', '[', ']', 'until=', 'rule=', '\n', '\r', '\u0000', '# ', '*/'))), (parts) => {
      const text = parts.join('');
      for (const s of findInlineSuppressions({ file: 'f', text, lineAt: makeLineIndex(text), exposure: 'file' })) {
        assert.ok(s.reason.length <= 200);
        assert.ok(!/[\n\r\u0000]/.test(s.reason));
      }
    }),
    { numRuns: 300 },
  );
});

test('any baseline text is read or refused with a ConfigError', () => {
  const dir = tree({});
  const file = path.join(dir, 'b.yaml');
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.constantFrom('version: 1\nfindings:\n  - {file: a}\n', 'version: 1\nfindings: 3\n', '[]', 'version: 1\nfindings:\n  - *x\n')), (text) => {
      fs.writeFileSync(file, text);
      try {
        readBaseline(file);
      } catch (err) {
        assert.ok(err instanceof ConfigError, String(err));
      }
    }),
    { numRuns: 200 },
  );
});

test('diff parsing never throws on arbitrary text', () => {
  fc.assert(
    fc.property(fc.string(), (s) => {
      parseAddedLines(s);
      unquoteGitPath(`"${s}"`);
    }),
  );
});
