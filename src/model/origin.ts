// Where in a repository a file sits, from its path alone: product source, tests, documentation, examples
// or CI. A realistic value in a test fixture or a README is still reported (real tokens do end up in recorded
// fixtures), but scoring weighs its exposure by this origin (docs/scoring.md), and the scorecard counts only
// agent code as evidence. One definition for findings and bindings (context.origin).
// src/model/path-context.ts is the scorecard's own classification (evidence areas): the two disagree on
// some paths (it reads `.txt` and README as docs, folders ending in -tests as tests, CI only at the top), and
// making them one would change scores or scorecard statuses (docs/architecture.md, "Two path classifications").

/** `source`: product code and config; `test`: tests and their fixtures; `docs`: documentation;
 *  `example`: examples, samples, demos, templates; `ci`: CI pipeline definitions. */
export type Origin = 'source' | 'test' | 'docs' | 'example' | 'ci';
export const ORIGINS: readonly Origin[] = ['source', 'test', 'docs', 'example', 'ci'];

const TEST_DIRS = new Set([
  'test', 'tests', '__tests__', '__test__', 'spec', 'specs', '__mocks__', 'mocks', 'fixtures', '__fixtures__',
  'fixture', 'testdata', 'test-data', 'test_data', 'testing', '__snapshots__', 'cassettes', 'recordings', 'e2e',
  'integration-tests', 'integration_tests', 'unit-tests', 'unit_tests', 'test-utils', 'test_utils', 'testutils',
]);
const DOCS_DIRS = new Set(['docs', 'doc', 'documentation', 'website', 'site', 'docs-site', 'docsite', 'api-docs', 'guides', 'tutorials', 'tutorial']);
const EXAMPLE_DIRS = new Set([
  'example', 'examples', 'sample', 'samples', 'demo', 'demos', 'cookbook', 'cookbooks', 'playground',
  'playgrounds', 'quickstart', 'quickstarts', 'starter', 'starters', 'template', 'templates', 'showcase',
]);

/** Test files by name: `x.test.ts`, `x.spec.js`, `x_test.go`, `test_x.py`, `conftest.py`, `XTest.java`, `x.snap`. */
const TEST_FILE = /(?:^|[._-])(?:test|spec|tests|e2e)\.[^/]+$|_test\.[A-Za-z]+$|^test_[^/]+\.py$|^conftest\.py$|[a-z0-9](?:Test|Tests|Spec|IT)\.(?:java|kt|cs|scala|groovy|swift)$|\.snap$/;
/** Documentation by extension. */
const DOCS_FILE = /\.(?:md|mdx|markdown|rst|adoc|asciidoc)$/i;
/** Example and template files by name: `.env.example`, `config.sample.yaml`, `x.template`, `settings.dist`. */
const EXAMPLE_FILE = /\.(?:example|examples|sample|template|tmpl|tpl|dist)(?:\.[A-Za-z0-9]+)?$|^(?:example|sample)[._-][^/]*\.(?:env|ya?ml|json|toml|ini|cfg|conf|properties)$/i;
/** CI pipeline definitions. */
const CI_FILE = /^(?:\.gitlab-ci\.ya?ml|azure-pipelines\.ya?ml|bitbucket-pipelines\.ya?ml|Jenkinsfile|\.travis\.ya?ml|cloudbuild\.ya?ml|buildspec\.ya?ml|appveyor\.ya?ml)$/;
const CI_DIR = /(?:^|\/)(?:\.github|\.circleci|\.buildkite|\.gitlab|\.azure-pipelines|\.drone)\//;

/**
 * The origin of a relative POSIX path. The file's own name speaks first (`x.test.ts`, `README.md`,
 * `.env.example`), then the innermost folder that says something (`examples/app/test/x.ts` is a test,
 * `test/fixtures/docs/a.ts` is a test too: a folder named like a test area wins over one named like docs
 * or examples above or below it, because fixtures are where realistic values are planted on purpose).
 */
export function originOf(file: string): Origin {
  const parts = file.replace(/\\/g, '/').split('/').filter((p) => p !== '' && p !== '.');
  const base = parts.pop() ?? '';
  if (CI_DIR.test(parts.join('/') + '/') || CI_FILE.test(base)) return 'ci';
  if (TEST_FILE.test(base)) return 'test';
  const dirs = parts.map((p) => p.toLowerCase());
  if (dirs.some((d) => TEST_DIRS.has(d))) return 'test';
  if (DOCS_FILE.test(base)) return 'docs';
  if (EXAMPLE_FILE.test(base)) return 'example';
  for (let i = dirs.length - 1; i >= 0; i--) {
    const d = dirs[i]!;
    if (EXAMPLE_DIRS.has(d)) return 'example';
    if (DOCS_DIRS.has(d)) return 'docs';
  }
  if (/\.ipynb$/i.test(base)) return 'docs';
  return 'source';
}
