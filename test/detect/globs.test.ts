// globMatcher is an optimisation of picomatch's matcher function: for every glob of the shipped rules and
// evidence patterns, and for random globs, it must answer exactly as picomatch does (with `basename` only for
// globs without a "/").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import picomatch from 'picomatch';
import { globMatcher, type GlobOptions } from '../../src/detect/globs.js';
import { controlCatalog } from '../../src/scorecard/collect.js';
import { builtinRules, scan } from './helpers.js';
import { expandTemplate } from '../../src/testing/fake-tokens.js';

const OPTION_SETS: GlobOptions[] = [{}, { basename: true, nocase: true }, { basename: true }, { nocase: true }];

/** picomatch, with `basename` for the globs without a "/" only (what globMatcher documents). */
function referenceOf(globs: string[], opts: GlobOptions): (p: string) => boolean {
  const each = globs.map((g) => picomatch(g, { dot: true, ...opts, basename: opts.basename === true && !g.includes('/') }));
  return (p) => each.some((m) => m(p));
}

function sameAnswers(globs: string[], paths: readonly string[]): void {
  for (const opts of OPTION_SETS) {
    const reference = referenceOf(globs, opts);
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

test('a rule glob with a folder in it matches below the root too; one without matches the base name', () => {
  const m = globMatcher(['**/.kube/config', 'credentials'], { basename: true, nocase: true });
  for (const p of ['.kube/config', 'home/ci/.kube/config', 'a/b/credentials', 'credentials']) assert.ok(m(p), p);
  for (const p of ['config', 'home/config', 'kube/config', 'a/credentials.txt']) assert.ok(!m(p), p);
});

test('a kubeconfig under a user folder is read by the kubeconfig rule', () => {
  const text = `users:\n- name: ci\n  user:\n    token: ${expandTemplate('{base62:48}', 5)}\n`;
  for (const file of ['.kube/config', 'home/ci/.kube/config']) {
    assert.ok(scan(text, file).some((d) => d.ruleId === 'kubeconfig-token'), file);
  }
  assert.ok(!scan(text, 'home/ci/notes/config').some((d) => d.ruleId === 'kubeconfig-token'), 'another file named config is not a kubeconfig');
});
