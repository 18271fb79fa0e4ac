// Shared helpers for the structured-reader tests: expand fixture templates into fake tokens at run time, run
// a reader with a stand-in credential classifier, and find expected lines by a unique snippet.
import fs from 'node:fs';
import path from 'node:path';
import { extractFile, isExtractCandidate, type ExtractResult, type ReaderHelpers } from '../../src/extract/index.js';
import type { Detection, FileContext } from '../../src/model/records.js';
import type { Binding } from '../../src/model/report.js';
import { makeLineIndex } from '../../src/sources/read.js';
import { lineOf } from '../../src/testing/lines.js';
export { lineOf };
import { expandFixtureText } from '../../src/testing/fake-tokens.js';
import { repoRoot } from '../../src/testing/paths.js';

export const FIXTURES = path.join(repoRoot(), 'test', 'fixtures', 'extract');

const PROVIDERS: [RegExp, string][] = [
  [/^gh[pousr]_|^github_pat_/, 'github'],
  [/^sk-ant-/, 'anthropic'],
  [/^sk-/, 'openai'],
  [/^sk_live_|^rk_live_/, 'stripe'],
  [/^xox[bp]-/, 'slack'],
  [/^hf_/, 'huggingface'],
  [/^postgres/, 'postgres'],
  [/^-----BEGIN/, 'private-key'],
];

/** Stand-in for the credential rules: long token-like values (or PEM blocks) are secrets; placeholders are not. */
export const stubHelpers: ReaderHelpers = {
  detectValue(value, pos): Detection | null {
    const provider = PROVIDERS.find(([re]) => re.test(value))?.[1] ?? 'generic';
    const known = provider !== 'generic' && provider !== 'postgres';
    if (!known && (value.length < 20 || /\s/.test(value) || !/\d/.test(value) || !/[A-Za-z]/.test(value))) return null;
    if (/your|example|here|x{6}/i.test(value)) return null;
    return {
      ruleId: `stub-${provider}`, provider, type: 'stub', file: 'x', line: pos.line, column: pos.column,
      fingerprint: `fp-${value.length}-${value.slice(-3)}`, redacted: 'r', lifetime: { class: 'static', ttlSeconds: null, expiresAt: null },
      tags: [], remediation: '', length: value.length, ...(pos.key ? { key: pos.key } : {}),
    };
  },
};

export function contextFor(file: string, text: string): FileContext {
  return { file, text, lineAt: makeLineIndex(text), exposure: 'committed' };
}

export function fixtureText(rel: string): string {
  return expandFixtureText(fs.readFileSync(path.join(FIXTURES, rel), 'utf8'));
}

/** Run the dispatcher on a fixture; `file` is the path relative to the fixture repository (what readers see). */
export function extractFixture(rel: string, file = rel.split('/').slice(2).join('/'), helpers: ReaderHelpers = stubHelpers): { text: string; result: ExtractResult } {
  const text = fixtureText(rel);
  if (!isExtractCandidate(file, text)) throw new Error(`${file} is not an extract candidate`);
  return { text, result: extractFile(contextFor(file, text), helpers) };
}

export function extractText(file: string, text: string, helpers: ReaderHelpers = stubHelpers): ExtractResult {
  return extractFile(contextFor(file, text), helpers);
}

export interface Expected {
  tool: string;
  source: Binding['source'];
  scope: Binding['scope'];
  ref: string | null;
  /** A snippet on the line where the credential enters. */
  at: string;
}

export function show(bindings: Binding[]): string {
  return bindings.map((b) => `${b.tool} ${b.source}/${b.scope} ${b.credentialRef} @${b.line}`).join('\n');
}

/** The bindings, as comparable rows, sorted by line. */
export function rows(bindings: Binding[]): string[] {
  return [...bindings].sort((a, b) => a.line - b.line || a.tool.localeCompare(b.tool)).map((b) => `${b.tool}|${b.source}|${b.scope}|${b.credentialRef}|${b.line}`);
}

export function expectedRows(text: string, expected: Expected[]): string[] {
  return expected
    .map((e) => ({ ...e, line: lineOf(text, e.at) }))
    .sort((a, b) => a.line - b.line || a.tool.localeCompare(b.tool))
    .map((e) => `${e.tool}|${e.source}|${e.scope}|${e.ref}|${e.line}`);
}
