// What kind of file a path is, from its path alone: product source, a test or fixture, documentation, an
// example, and (separately) CI/CD configuration. Findings, bindings and scorecard evidence are judged by it:
// a secret in a fixture is not the product's secret, and a workflow's token is not the agent's credential.
// This is the scorecard's classification (src/scorecard/area.ts); findings carry src/model/origin.ts. They
// differ on purpose for now (docs/architecture.md, "Two path classifications").

/** source | test | docs | example, decided from the path (directory names and file kind). */
export type PathContext = 'source' | 'test' | 'docs' | 'example';

/** Directory names that hold tests, fixtures, mocks or recorded data. */
const TEST_DIRS = new Set([
  'test', 'tests', '__tests__', '__test__', 'spec', 'specs', '__specs__', 'fixture', 'fixtures', '__fixtures__',
  'testdata', 'test-data', 'test_data', 'testing-fixtures', 'mocks', '__mocks__', 'mock', 'e2e', 'integration-tests',
  'integration_tests', 'unit-tests', 'unit_tests', 'cassettes', '__snapshots__', 'snapshots', 'testutils', 'test-utils',
  'test_utils', 'testhelpers',
]);
/** Directory names that end in a test word: environment_tests, dependency-range-tests, api_test. */
const TEST_DIR_SUFFIX = /[_-](?:tests?|specs?|fixtures)$/;
/** File names of tests: foo.test.ts, foo.spec.js, test_foo.py, foo_test.go, conftest.py, FooTests.cs, FooTest.java. */
const TEST_FILE = /(?:[._-](?:test|spec|e2e|int[._-]test)s?\.[\w]+$|^test_[\w.-]+\.py$|_tests?\.(?:py|go|rs|rb|exs?)$|^conftest\.py$|(?:Tests?|Spec|IT)\.(?:cs|java|kt|scala|swift)$|\.snap$|\.cassette\.\w+$)/;
/** Directory names that hold documentation (including code snippets compiled into the docs). */
const DOC_DIRS = new Set(['docs', 'doc', 'documentation', 'website', 'site', 'mkdocs', 'docusaurus', 'sphinx', 'guide', 'guides']);
/** File kinds that are documentation wherever they are. */
const DOC_FILE = /\.(?:md|mdx|markdown|rst|adoc|asciidoc|txt|ipynb)$|^(?:readme|changelog|contributing|license|notice|security)(?:\.[\w]+)?$/i;
/** Directory names that hold examples, samples, demos, cookbooks and starter templates. */
const EXAMPLE_DIRS = new Set(['examples', 'example', 'samples', 'sample', 'demo', 'demos', 'cookbook', 'cookbooks', 'quickstart', 'quickstarts', 'starter', 'starters', 'playground', 'tutorials', 'tutorial']);

function parts(file: string): { dirs: string[]; name: string } {
  const segs = file.replace(/\\/g, '/').split('/').filter((s) => s && s !== '.');
  return { dirs: segs.slice(0, -1).map((s) => s.toLowerCase()), name: segs[segs.length - 1] ?? '' };
}

/** The context of a repository-relative path: test wins over docs, docs over example, example over source. */
export function contextOfPath(file: string): PathContext {
  const { dirs, name } = parts(file);
  if (TEST_FILE.test(name) || dirs.some((d) => TEST_DIRS.has(d) || TEST_DIR_SUFFIX.test(d))) return 'test';
  if (DOC_FILE.test(name) || dirs.some((d) => DOC_DIRS.has(d))) return 'docs';
  if (dirs.some((d) => EXAMPLE_DIRS.has(d))) return 'example';
  return 'source';
}

/** CI/CD configuration and the scripts it runs: .github/, .gitlab-ci.yml, .circleci/, Jenkinsfile, … */
export function isCiPath(file: string): boolean {
  const { dirs, name } = parts(file);
  const top = dirs[0];
  if (top === '.github' || top === '.gitlab' || top === '.circleci' || top === '.buildkite' || top === '.azure-pipelines' || top === '.woodpecker' || top === '.drone') return true;
  return /^(?:\.gitlab-ci\.ya?ml|jenkinsfile|azure-pipelines[\w.-]*\.ya?ml|bitbucket-pipelines\.ya?ml|\.travis\.ya?ml|cloudbuild\.ya?ml|\.drone\.ya?ml|appveyor\.ya?ml)$/i.test(name);
}
