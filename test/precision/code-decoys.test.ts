// Precision: code shapes from published SDKs must not be reported; a planted secret next to them must be.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../src/testing/paths.js';
import { expandTemplate } from '../../src/testing/fake-tokens.js';
import { scan } from '../detect/helpers.js';

const template = readFileSync(path.join(repoRoot(), 'test', 'fixtures', 'precision', 'code-decoys.ts.txt'), 'utf8');

test('code decoys produce no secret findings', () => {
  const text = template.replace('{{planted}}', '');
  assert.deepEqual(scan(text, 'decoys.ts').map((d) => d.ruleId), []);
});

test('a planted generic secret next to the decoys is still found', () => {
  const planted = `const apiKey = "${expandTemplate('{base62:20}{digits:4}')}";`;
  const found = scan(template.replace('{{planted}}', `\n${planted}`), 'decoys.ts');
  assert.equal(found.length, 1);
  assert.equal(found[0]!.ruleId, 'generic-secret-assignment');
});
