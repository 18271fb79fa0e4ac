// `credlife init [dir]`: write a starter .credlife.yaml and, on request, a GitHub workflow that runs the
// credlife Action and a .pre-commit-config.yaml that runs the credlife hook. Idempotent: adds the files that
// are missing, leaves identical ones alone and never overwrites an edited file unless --force is given; it
// says what it wrote and what it kept. The Action and hook references come from package.json `repository`
// and the release tag of this version (or --ref); the branch the workflow runs on comes from git.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { checkWriteTarget, safeWriteFile } from '../sources/safe-write.js';
import type { Command } from 'commander';
import { UsageError } from '../model/errors.js';
import { packageRoot, toolVersion } from '../ruleset/paths.js';
import { SAFE_GIT_FLAGS } from '../sources/git.js';

export interface InitOptions {
  /** Also write .github/workflows/credlife.yml. */
  github?: boolean;
  /** Also write .pre-commit-config.yaml. */
  preCommit?: boolean;
  force?: boolean;
  /** The git ref (tag, branch or commit) of credlife that the workflow and hook pin; default v<version>. */
  ref?: string;
  /** `uses:` reference of the Action in the workflow (owner/repo@ref); default from package.json and ref. */
  actionRef?: string;
  /** Repository URL of the pre-commit hook; default from package.json `repository`. */
  hookRepo?: string;
  /** Branch the workflow runs full scans on; default the repository's default branch from git. */
  branch?: string;
}

export interface InitResult {
  written: string[];
  /** Files that exist and differ from what init would write (kept; --force overwrites). */
  kept: string[];
  /** Files that already hold exactly what init would write. */
  unchanged: string[];
  /** The branch the workflow runs on, and where that came from. */
  branch?: { name: string; from: string };
}

/** Where credlife's source lives, from package.json `repository` ("https://github.com/owner/name"). */
export function projectRepository(): { url: string; slug: string } {
  let repo: unknown;
  try {
    repo = (JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { repository?: unknown }).repository;
  } catch {
    repo = undefined;
  }
  const raw = typeof repo === 'string' ? repo : typeof (repo as { url?: unknown })?.url === 'string' ? (repo as { url: string }).url : '';
  const m = /github\.com[/:]([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(raw) ?? /^(?:github:)?([\w.-]+)\/([\w.-]+)$/.exec(raw);
  if (!m) throw new UsageError('package.json has no GitHub repository field', 'pass --action-ref OWNER/REPO@REF and --hook-repo URL');
  return { url: `https://github.com/${m[1]}/${m[2]}`, slug: `${m[1]}/${m[2]}` };
}

/** The release tag of this version ("v0.1.0"): what `--ref` defaults to. */
export function releaseRef(): string {
  return `v${toolVersion()}`;
}

const REF_SHAPE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/;

export function register(program: Command): void {
  program
    .command('init')
    .description('write a starter .credlife.yaml (and, on request, a GitHub workflow and a pre-commit config); adds what is missing, keeps edited files')
    .argument('[dir]', 'repository folder', '.')
    .option('--github', 'also write .github/workflows/credlife.yml (the credlife Action: SARIF upload, job summary, gate)')
    .option('--pre-commit', 'also write .pre-commit-config.yaml with the credlife hook (scans staged changes)')
    .option('--force', 'overwrite files that exist and differ')
    .option('--ref <ref>', 'credlife tag, branch or commit the workflow and hook pin (default: this version\'s release tag)')
    .option('--branch <name>', 'branch the workflow scans on push (default: the default branch from git)')
    .option('--action-ref <ref>', 'the whole Action reference (OWNER/REPO@REF), overriding package.json and --ref')
    .option('--hook-repo <url>', 'the repository of the pre-commit hook, overriding package.json')
    .action((dir: string, opts: InitOptions) => {
      const r = runInit(dir, opts);
      for (const f of r.written) process.stdout.write(`wrote ${f}\n`);
      for (const f of r.unchanged) process.stdout.write(`up to date: ${f}\n`);
      for (const f of r.kept) process.stdout.write(`kept ${f}: it exists and differs (edited?); --force overwrites it\n`);
      if (r.branch && r.written.includes(WORKFLOW)) process.stdout.write(`the workflow scans pushes to ${r.branch.name} (${r.branch.from}; --branch changes it)\n`);
      process.stdout.write('next: review .credlife.yaml, then run `credlife scan` (and `credlife scan --write-baseline .credlife-baseline.yaml` to record existing debt)\n');
    });
}

const CONFIG = '.credlife.yaml';
const WORKFLOW = '.github/workflows/credlife.yml';
const PRE_COMMIT = '.pre-commit-config.yaml';

/** The whole command as a function: writes missing files, keeps edited ones; throws UsageError (exit 2) on bad input. */
export function runInit(dir: string, opts: InitOptions = {}): InitResult {
  const root = path.resolve(dir);
  let st: fs.Stats;
  try {
    st = fs.statSync(root);
  } catch {
    throw new UsageError(`folder not found: ${dir}`, 'run credlife init inside your repository, or pass its folder');
  }
  if (!st.isDirectory()) throw new UsageError(`not a folder: ${dir}`, 'pass the repository folder');
  if (opts.ref !== undefined && !REF_SHAPE.test(opts.ref)) throw new UsageError('--ref is not a git ref', 'give a tag, branch or commit, e.g. --ref v0.1.0');
  if (opts.branch !== undefined && !REF_SHAPE.test(opts.branch)) throw new UsageError('--branch is not a branch name', 'e.g. --branch main');

  const ref = opts.ref ?? releaseRef();
  const files: { rel: string; text: string }[] = [{ rel: CONFIG, text: starterConfig() }];
  let branch: InitResult['branch'];
  if (opts.github) {
    branch = opts.branch ? { name: opts.branch, from: '--branch' } : defaultBranch(root);
    const actionRef = opts.actionRef ?? `${projectRepository().slug}@${ref}`;
    files.push({ rel: WORKFLOW, text: githubWorkflow(actionRef, branch.name) });
  }
  if (opts.preCommit) files.push({ rel: PRE_COMMIT, text: preCommitConfig(opts.hookRepo ?? projectRepository().url, ref) });

  // Every target and folder on the way is checked before anything is written (a symlinked .github/ is refused).
  for (const f of files) checkWriteTarget(path.join(root, f.rel), { roots: [root], what: 'file' });
  const result: InitResult = { written: [], kept: [], unchanged: [], ...(branch ? { branch } : {}) };
  for (const f of files) {
    const abs = path.join(root, f.rel);
    let current: string | undefined;
    try {
      current = fs.readFileSync(abs, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === f.text) {
      result.unchanged.push(f.rel);
      continue;
    }
    if (current !== undefined && !opts.force) {
      result.kept.push(f.rel);
      continue;
    }
    safeWriteFile(abs, f.text, { roots: [root], what: 'file' });
    result.written.push(f.rel);
  }
  return result;
}

/** The repository's default branch: origin's HEAD, else the checked-out branch, else init.defaultBranch, else main. */
export function defaultBranch(dir: string): { name: string; from: string } {
  const git = (args: string[]): string | undefined => {
    try {
      return execFileSync('git', [...SAFE_GIT_FLAGS, ...args], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
    } catch {
      return undefined;
    }
  };
  const origin = git(['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'])?.replace(/^origin\//, '');
  if (origin && REF_SHAPE.test(origin)) return { name: origin, from: "origin's default branch" };
  const current = git(['symbolic-ref', '--quiet', '--short', 'HEAD']);
  if (current && REF_SHAPE.test(current)) return { name: current, from: 'the checked-out branch' };
  const configured = git(['config', '--get', 'init.defaultBranch']);
  if (configured && REF_SHAPE.test(configured)) return { name: configured, from: 'git config init.defaultBranch' };
  return { name: 'main', from: 'no git branch found; assumed' };
}

export function starterConfig(): string {
  return `# credlife configuration — see docs/ci-gate.md for every key.
# Found by walking up from the scanned path (up to the repository root); --config FILE or --no-config
# override that. Command-line flags win over values here.
version: 1

# The gate: exit 1 when a finding is at or above failOn, or a credential stays useful longer than
# maxAfterlife after its task ends. Static keys have an unbounded afterlife.
failOn: high
# maxAfterlife: 1h
# taskWindow: 15m          # how long one agent task runs; afterlife = TTL - taskWindow

# Paths are relative to this file. node_modules, dist, build, vendor, … are skipped by default.
# exclude:
#   - "docs/generated/**"

# Every exception needs a reason; each one that takes effect is listed in the report
# (summary.suppressed) so reviewers can see how the gate was weakened. --strict-config refuses them.
# rules:
#   disable:
#     - id: generic-secret-assignment
#       reason: "our test fixtures use throwaway passwords; real ones live in Vault"
#   severity:
#     - id: stripe-test-secret-key
#       severity: low
#       reason: "test-mode keys cannot move money"
# allowlist:
#   paths:
#     - pattern: "test/fixtures/**"
#       reason: "generated fake credentials for tests"
#   regexes:
#     - pattern: "^EXAMPLE"
#       reason: "documentation placeholders"
#   stopwords:
#     - word: dummy
#       reason: "values containing 'dummy' are placeholders"

# Credentials specific to your organisation, in the rules/credentials format:
# customRules:
#   - id: acme-deploy-token
#     provider: acme
#     type: deploy token
#     keywords: [acmedt_]
#     regex: '\\b(?<secret>acmedt_[0-9A-Za-z]{32})\\b'
#     lifetime: { class: static, ttlSeconds: null }
#     remediation: Mint a per-task token from the Acme broker instead.

# Functions of your token broker that mint per-task credentials (code analysis treats them as issuers):
# issuers: [mintTaskToken]

# Scorecard controls that must not be missing (gate); ids are in the report's scorecard[].control:
# requireControls: []
`;
}

export function githubWorkflow(actionRef: string, branch = 'main'): string {
  return `# credlife: credentials that outlive their task. Full scan on pushes to the default branch,
# changed lines only on pull requests. SARIF goes to code scanning; a summary to the job page.
name: credlife
on:
  push:
    branches: [${JSON.stringify(branch)}]
  pull_request:
permissions:
  contents: read
  security-events: write   # SARIF upload
jobs:
  credlife:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v6
        with:
          fetch-depth: 0   # --diff needs the merge base with the target branch
      - uses: ${actionRef}
        with:
          fail-on: high
          # max-afterlife: 1h
          # baseline: .credlife-baseline.yaml
          diff-ref: \${{ github.event_name == 'pull_request' && format('origin/{0}', github.base_ref) || '' }}
`;
}

export function preCommitConfig(repo: string, rev: string): string {
  return `# pre-commit (https://pre-commit.com): \`pre-commit install\`, then every commit is scanned.
# The credlife hook reads the staged content from the git index (credlife scan --staged).
repos:
  - repo: ${repo}
    rev: ${rev}
    hooks:
      - id: credlife
`;
}
