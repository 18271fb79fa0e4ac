// `credlife init [dir]`: write a starter .credlife.yaml and, on request, a GitHub workflow that runs the
// credlife Action and a .pre-commit-config.yaml that runs the credlife hook. Never overwrites a file
// unless --force is given; checks every target before writing any, so a refusal leaves nothing half-done.
import fs from 'node:fs';
import path from 'node:path';
import { checkWriteTarget, safeWriteFile } from '../util/safe-write.js';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { toolVersion } from '../pipeline/scan.js';

export interface InitOptions {
  /** Also write .github/workflows/credlife.yml. */
  github?: boolean;
  /** Also write .pre-commit-config.yaml. */
  preCommit?: boolean;
  force?: boolean;
  /** `uses:` reference of the Action in the workflow. */
  actionRef?: string;
  /** Repository URL of the pre-commit hook. */
  hookRepo?: string;
}

export interface InitResult {
  written: string[];
}

export const DEFAULT_ACTION_REF = 'credlife/credlife@v1';
export const DEFAULT_HOOK_REPO = 'https://github.com/credlife/credlife';

export function register(program: Command): void {
  program
    .command('init')
    .description('write a starter .credlife.yaml (and, on request, a GitHub workflow and a pre-commit config)')
    .argument('[dir]', 'repository folder', '.')
    .option('--github', 'also write .github/workflows/credlife.yml (the credlife Action: SARIF upload, job summary, gate)')
    .option('--pre-commit', 'also write .pre-commit-config.yaml with the credlife hook (scans staged changes)')
    .option('--force', 'overwrite files that already exist')
    .option('--action-ref <ref>', 'the Action reference used in the workflow', DEFAULT_ACTION_REF)
    .option('--hook-repo <url>', 'the repository of the pre-commit hook', DEFAULT_HOOK_REPO)
    .action((dir: string, opts: InitOptions) => {
      const { written } = runInit(dir, opts);
      for (const f of written) process.stdout.write(`wrote ${f}\n`);
      process.stdout.write('next: review .credlife.yaml, then run `credlife scan` (and `credlife scan --write-baseline .credlife-baseline.yaml` to record existing debt)\n');
    });
}

/** The whole command as a function: writes the files, throws UsageError (exit 2) on a refusal. */
export function runInit(dir: string, opts: InitOptions = {}): InitResult {
  const root = path.resolve(dir);
  let st: fs.Stats;
  try {
    st = fs.statSync(root);
  } catch {
    throw new UsageError(`folder not found: ${dir}`, 'run credlife init inside your repository, or pass its folder');
  }
  if (!st.isDirectory()) throw new UsageError(`not a folder: ${dir}`, 'pass the repository folder');

  const files: { rel: string; text: string }[] = [{ rel: '.credlife.yaml', text: starterConfig() }];
  if (opts.github) files.push({ rel: '.github/workflows/credlife.yml', text: githubWorkflow(opts.actionRef ?? DEFAULT_ACTION_REF) });
  if (opts.preCommit) files.push({ rel: '.pre-commit-config.yaml', text: preCommitConfig(opts.hookRepo ?? DEFAULT_HOOK_REPO, `v${toolVersion()}`) });

  // Every target and folder on the way is checked before anything is written (a symlinked .github/ is refused).
  for (const f of files) checkWriteTarget(path.join(root, f.rel), { roots: [root], what: 'file' });
  const existing = files.filter((f) => fs.existsSync(path.join(root, f.rel))).map((f) => f.rel);
  if (existing.length && !opts.force) {
    throw new UsageError(`${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}; nothing was written`, 'pass --force to overwrite, or edit the existing file (see docs/ci-gate.md)');
  }
  const written: string[] = [];
  for (const f of files) {
    safeWriteFile(path.join(root, f.rel), f.text, { roots: [root], what: 'file' });
    written.push(f.rel);
  }
  return { written };
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

export function githubWorkflow(actionRef: string): string {
  return `# credlife: credentials that outlive their task. Full scan on pushes to the default branch,
# changed lines only on pull requests. SARIF goes to code scanning; a summary to the job page.
name: credlife
on:
  push:
    branches: [main]
  pull_request:
permissions:
  contents: read
  security-events: write   # SARIF upload
jobs:
  credlife:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
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
