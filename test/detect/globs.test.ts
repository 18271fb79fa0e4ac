// globMatcher is an optimisation of picomatch's matcher function: for every glob of the shipped rules and
// evidence patterns, and for random globs, it must answer exactly as picomatch(globs, options) does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import picomatch from 'picomatch';
import { globMatcher, type GlobOptions } from '../../src/detect/globs.js';
import { controlCatalog } from '../../src/scorecard/collect.js';
import { builtinRules } from './helpers.js';

const OPTION_SETS: GlobOptions[] = [{}, { basename: true, nocase: true }, { basename: true }, { nocase: true }];

function sameAnswers(globs: string[], paths: readonly string[]): void {
  for (const opts of OPTION_SETS) {
    const reference = picomatch(globs, { dot: true, ...opts });
    const fast = globMatcher(globs, opts);
    for (const p of paths) assert.equal(fast(p), reference(p), `${JSON.stringify(globs)} ${JSON.stringify(opts)} on ${JSON.stringify(p)}`);
  }
}

const SAMPLE_PATHS = [
  '', '/', '//', 'a/', 'a//', '.npmrc', 'x/.npmrc', 'x/y/.NPMRC', 'team.npmrc', '.npmrc/', 'home/.kube/config', '.kube/config',
  'kubeconfig', 'kubeconfig-prod.yaml', 'a/b/.aws/credentials', 'credentials', 'id_rsa', 'keys/id_ed25519_sk', 'x/key.ppk',
  'src/agent.ts', 'src/agent.d.ts', 'lib/x.mjs', 'deep/a/b/c/tool.py', '.env', 'apps/web/.env.local', 'prod.env', 'Makefile',
  'a/Makefile', 'Dockerfile.dev', 'infra/main.tf', 'config.yaml', 'ci/.github/workflows/x.yml', 'a/../b.ts', './c.go', 'X.TS',
];

test('globMatcher answers as picomatch for the shipped globs', () => {
  const globs = [
    ...builtinRules().rules.flatMap((r) => r.paths ?? []),
    ...controlCatalog().patterns.flatMap((p) => p.pattern.files ?? []),
  ];
  assert.ok(globs.length > 30);
  const paths = [...SAMPLE_PATHS, ...globs, ...globs.map((g) => `a/b/${g}`), ...globs.map((g) => g.replace(/\*+/g, 'x'))];
  for (const g of globs) sameAnswers([g], paths);
  sameAnswers(globs, paths);
});

test('globMatcher answers as picomatch for random globs and paths', () => {
  const globChar = fc.constantFrom('a', 'B', '.', '/', '*', '**/', '?', '{a,b}', '[ab]', '-', '_', 'é', '!');
  const pathChar = fc.constantFrom('a', 'b', 'A', 'B', '.', '/', '-', '_', 'é', ' ', '\\');
  const glob = fc.array(globChar, { minLength: 1, maxLength: 8 }).map((a) => a.join(''));
  const path = fc.array(pathChar, { maxLength: 12 }).map((a) => a.join(''));
  fc.assert(
    fc.property(fc.array(glob, { minLength: 1, maxLength: 3 }), fc.array(path, { minLength: 1, maxLength: 8 }), (globs, paths) => {
      sameAnswers(globs, [...paths, ...globs]);
    }),
    { numRuns: 400 },
  );
});
