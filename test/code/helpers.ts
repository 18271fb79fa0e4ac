// Shared helpers for code-analysis tests: expand a fixture (fake tokens at run time), run analyzeCode with a
// stand-in credential classifier, and find expected lines by a unique snippet.
import fs from 'node:fs';
import path from 'node:path';
import { analyzeCode } from '../../src/code/index.js';
import type { Detection, FileContext } from '../../src/model/records.js';
import type { ReaderHelpers } from '../../src/extract/index.js';
import type { Binding } from '../../src/model/report.js';
import { makeLineIndex } from '../../src/sources/read.js';
import { lineOf } from '../../src/testing/lines.js';
export { lineOf };
import { expandFixtureText } from '../../src/testing/fake-tokens.js';
import { repoRoot } from '../../src/testing/paths.js';

export const FIXTURES = path.join(repoRoot(), 'test', 'fixtures', 'code');

/** Stand-in for the credential rules: long, mixed, token-like values are secrets. */
export const stubHelpers: ReaderHelpers = {
  detectValue(value, pos): Detection | null {
    if (value.length < 20 || !/^[A-Za-z0-9_\-.+/=]+$/.test(value) || !/\d/.test(value) || !/[A-Za-z]/.test(value)) return null;
    return {
      ruleId: 'stub', provider: 'stub', type: 'stub', file: 'x', line: pos.line, column: pos.column,
      fingerprint: 'f', redacted: 'r', lifetime: { class: 'static', ttlSeconds: null, expiresAt: null },
      tags: [], remediation: '', length: value.length,
    };
  },
};

export function fixtureText(rel: string): string {
  return expandFixtureText(fs.readFileSync(path.join(FIXTURES, rel), 'utf8'));
}

export function contextFor(file: string, text: string): FileContext {
  return { file, text, lineAt: makeLineIndex(text), exposure: 'committed' };
}

export function analyzeFixture(rel: string, helpers: ReaderHelpers = stubHelpers) {
  const text = fixtureText(rel);
  return { text, result: analyzeCode(contextFor(rel, text), helpers) };
}

export interface Expected {
  tool: string;
  source: Binding['source'];
  scope: Binding['scope'];
  ref: string | null;
  /** A snippet on the line where the credential enters. */
  at: string;
}

/** Short description of bindings for assertion messages. */
export function show(bindings: Binding[]): string {
  return bindings.map((b) => `${b.tool} ${b.source}/${b.scope} ${b.credentialRef} @${b.file}:${b.line}`).join('\n');
}
