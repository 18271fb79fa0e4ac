// Cost of code analysis: the prefilter keeps the TypeScript parser away from files that cannot matter, and analysing agent
// code stays cheap per 1,000 lines. Numbers are printed as test diagnostics (see docs/code-analysis.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeCode, isCodeCandidate } from '../../src/code/index.js';
import { codePatterns } from '../../src/code/patterns.js';
import { contextFor, fixtureText, stubHelpers } from './helpers.js';

/** A plain TypeScript module of ~100 lines with no agent code (services, types, utils). */
function plainModule(i: number): string {
  const lines: string[] = [`import { helper${i % 7} } from './util${i % 7}.js';`, ''];
  // 1% of modules read NODE_ENV (not a candidate), 1% read a database password (a candidate: it could be a
  // credential another file's tool imports).
  if (i % 100 === 0) lines.push(`const mode = process.env.NODE_ENV ?? 'development';`);
  if (i % 100 === 50) lines.push(`export const dbPassword = process.env.DB_PASSWORD;`);
  lines.push(`export interface Item${i} { id: string; count: number; tags: string[] }`);
  for (let f = 0; f < 12; f++) {
    lines.push(
      `export function compute${i}_${f}(items: Item${i}[], factor = ${f + 1}): number {`,
      `  let total = 0;`,
      `  for (const item of items) {`,
      `    if (item.tags.includes('skip-${f}')) continue;`,
      `    total += helper${i % 7}(item.count) * factor;`,
      `  }`,
      `  return Math.round(total / Math.max(1, items.length));`,
      `}`,
    );
  }
  return lines.join('\n');
}

const now = () => performance.now();

test('a 50k-line TypeScript codebase with no agent code costs little beyond reading it', (t) => {
  codePatterns(); // rule loading is a one-off per worker, not per file
  const files = Array.from({ length: 500 }, (_, i) => ({ file: `src/mod${i}.ts`, text: plainModule(i) }));
  const totalLines = files.reduce((n, f) => n + f.text.split('\n').length, 0);
  assert.ok(totalLines >= 49_000, `generated ${totalLines} lines`);

  const t0 = now();
  const candidates = files.filter((f) => isCodeCandidate(f.file, f.text));
  const t1 = now();
  // The first candidate pays for loading the TypeScript compiler and warming the TypeScript parser (once per worker).
  const [first, ...rest] = candidates;
  analyzeCode(contextFor(first!.file, first!.text), stubHelpers);
  const tCold = now();
  for (const f of rest) analyzeCode(contextFor(f.file, f.text), stubHelpers);
  const t2 = now();
  // What parsing everything would cost without the prefilter.
  for (const f of files.slice(0, 100)) analyzeCode(contextFor(f.file, f.text), stubHelpers);
  const t3 = now();
  const parseAllEstimate = (t3 - t2) * (files.length / 100);
  // Baseline: one linear regex pass over every file, the order of the text scan's keyword prefilter.
  const keyword = /(?:api[_-]?key|token|secret|password|sk-|ghp_|AKIA)/gi;
  const t4 = now();
  for (const f of files) f.text.match(keyword);
  const t5 = now();

  t.diagnostic(`${totalLines} lines, ${files.length} files, ${candidates.length} candidates`);
  t.diagnostic(`prefilter over all files ${(t1 - t0).toFixed(1)} ms; keyword pass over all files ${(t5 - t4).toFixed(1)} ms`);
  t.diagnostic(`first candidate (loads the TypeScript compiler, once per worker) ${(tCold - t1).toFixed(0)} ms; other ${rest.length} candidates ${(t2 - tCold).toFixed(1)} ms`);
  t.diagnostic(`parsing every file instead (estimate from 100 files) ${parseAllEstimate.toFixed(0)} ms`);
  assert.equal(candidates.length, 5, 'only files reading a credential-like env var are candidates');
  // Timings depend on the machine; the guarantee is structural: the parser sees 1% of the files.
  assert.ok(candidates.length / files.length <= 0.01);
});

test('analysis time per 1,000 lines of agent code', (t) => {
  const ts = fixtureText('ai-sdk/agent.ts');
  const py = fixtureText('python/openai_agents_agent.py');
  // Warm up (compiler load, regex compilation).
  analyzeCode(contextFor('w.ts', ts), stubHelpers);
  analyzeCode(contextFor('w.py', py), stubHelpers);
  const measure = (file: string, text: string, copies: number) => {
    const big = Array.from({ length: copies }, (_, i) => text.replace(/\b(createIssue|deployTool|readRepo|run|octokit)\b/g, `$1${i}`)).join('\n');
    const lines = big.split('\n').length;
    let best = Infinity;
    let bindings = 0;
    for (let round = 0; round < 5; round++) {
      const t0 = now();
      // Sites, not bindings: copies of a tool with the same name are one binding with occurrences.
      bindings = analyzeCode(contextFor(file, big), stubHelpers).bindings.reduce((n, x) => n + 1 + (x.occurrences?.length ?? 0), 0);
      best = Math.min(best, now() - t0);
    }
    return { lines, ms: best, perK: (best / lines) * 1000, bindings };
  };
  const a = measure('big.ts', ts, 40);
  const b = measure('big.py', py, 40);
  t.diagnostic(`TypeScript (best of 5): ${a.lines} lines in ${a.ms.toFixed(1)} ms = ${a.perK.toFixed(2)} ms / 1,000 lines (${a.bindings} bindings)`);
  t.diagnostic(`Python (best of 5): ${b.lines} lines in ${b.ms.toFixed(1)} ms = ${b.perK.toFixed(2)} ms / 1,000 lines (${b.bindings} bindings)`);
  assert.ok(a.bindings >= 40 && b.bindings >= 40);
});
