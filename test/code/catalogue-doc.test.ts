// docs/code-analysis.md lists the catalogue as rules/code/*.yaml has it: adding an SDK to the YAML without
// refreshing the document fails here (CREDLIFE_UPDATE_DOCS=1 rewrites the section).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { codePatterns } from '../../src/code/patterns.js';
import { repoRoot } from '../../src/testing/paths.js';
import { renderCatalogue, withCatalogue } from './catalogue-doc.js';

test('docs/code-analysis.md catalogue section matches rules/code/*.yaml', () => {
  const file = path.join(repoRoot(), 'docs', 'code-analysis.md');
  const doc = fs.readFileSync(file, 'utf8');
  const want = withCatalogue(doc, renderCatalogue(codePatterns()));
  if (process.env.CREDLIFE_UPDATE_DOCS === '1' && want !== doc) fs.writeFileSync(file, want);
  else assert.ok(want === doc, 'docs/code-analysis.md is out of date with rules/code: run npm run build && CREDLIFE_UPDATE_DOCS=1 node --test dist/test/code/catalogue-doc.test.js');
});
