// The shared keyword pass is an optimisation only: for every stage it serves (credential rules, path-limited
// rules, evidence patterns, the TypeScript candidate test, the suppression marker) it must find exactly what
// that stage finds on its own, for files of every kind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { keywordPass } from '../../src/pipeline/keyword-pass.js';
import { ruleSetOf } from '../../src/pipeline/rule-set.js';
import { engineFor, joinKeywordHits, MAX_HITS_PER_RULE, pathKeywordsApply } from '../../src/detect/index.js';
import { evidenceKeywords, MAX_HITS_PER_PATTERN } from '../../src/scorecard/index.js';
import { PairKeywordMatcher } from '../../src/detect/prefilter.js';
import { codeCandidateKind } from '../../src/code/index.js';
import { SUPPRESSION_MARKER } from '../../src/policy/suppressions.js';
import { repoRoot } from '../../src/testing/paths.js';
import { builtinRules } from '../detect/helpers.js';

const ruleSet = ruleSetOf(builtinRules(), { issuers: ['mintToken'] });
const engine = engineFor(ruleSet.credentials);

function ownHits(file: string, text: string) {
  const detect = joinKeywordHits(engine.matcher.scan(text, MAX_HITS_PER_RULE), pathKeywordsApply(engine, file) ? engine.pathKeywordMatcher!.scan(text, MAX_HITS_PER_RULE) : null);
  const ev = evidenceKeywords(file, ruleSet.controls);
  const evidence = ev ? new PairKeywordMatcher(ev.specs).scan(text, MAX_HITS_PER_PATTERN) : null;
  return { detect, evidence, candidate: codeCandidateKind(file, text, ruleSet.code), marker: text.includes(SUPPRESSION_MARKER) };
}

function assertSame(file: string, text: string): void {
  const pass = keywordPass(ruleSet, file, text);
  const own = ownHits(file, text);
  // Same rules in the same order (the detector walks its hits in map order), same positions.
  assert.deepEqual([...pass.detect], [...own.detect], file);
  assert.deepEqual(pass.evidence && [...pass.evidence].sort((a, b) => a[0] - b[0]), own.evidence && [...own.evidence].sort((a, b) => a[0] - b[0]), file);
  assert.equal(codeCandidateKind(file, text, ruleSet.code, pass.code), own.candidate, file);
  assert.equal(pass.marker, own.marker, file);
}

test('the shared keyword pass finds what each stage finds alone, on the fixtures and this repository', () => {
  let files = 0;
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const f = path.join(dir, e.name);
      if (e.isDirectory()) walk(f);
      else {
        const text = fs.readFileSync(f, 'utf8');
        if (text.includes('\u0000')) continue;
        assertSame(path.relative(repoRoot(), f), text);
        files++;
      }
    }
  };
  for (const dir of ['test', 'src', 'rules', 'docs', 'bench']) walk(path.join(repoRoot(), dir));
  assert.ok(files > 300, `${files} files`);
});

test('the shared keyword pass: files of every kind, with the same text', () => {
  const text = [
    'password = hunter2hunter2', '_auth=abc', '//registry.npmjs.org/:_authToken=${NPM_TOKEN}', 'token: abcdefgh',
    `import OpenAI from 'openai'; const k = process.env.OPENAI_API_KEY;`, 'export * from "./tools";', `// ${SUPPRESSION_MARKER}: test value`,
    'role-to-assume: arn:aws:iam::1:role/x', 'expirationSeconds: 600', 'Authorization: Bearer', 'ttl = "768h"', 'api_key=os.environ["X_KEY"]',
  ].join('\n');
  const names = ['a.ts', 'a.d.ts', 'a.js', 'a.py', 'a.go', '.npmrc', 'x/.npmrc', 'kubeconfig', '.netrc', 'a.yaml', 'ci/.github/workflows/a.yml', '.env', 'a.env', 'Dockerfile', 'Makefile', 'a.tf', 'a.json', 'README.md', 'noext'];
  for (const name of names) {
    assertSame(name, text);
    assertSame(name, '');
    assertSame(name, text.toUpperCase());
  }
});
