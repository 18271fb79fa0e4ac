// Adoption: action.yml and .pre-commit-hooks.yaml are parsed and their commands run locally against fixture
// repositories; `credlife init` writes, refuses to overwrite, and --force overwrites.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { parse as parseYaml } from 'yaml';
import { acmeToken, configWithRule, git, gitRepo, tree } from './helpers.js';
import { repoRoot } from '../../src/testing/paths.js';
import { runCli } from '../../src/testing/cli.js';
import { parseConfigText } from '../../src/policy/config.js';

interface ActionStep {
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: ActionStep[] };
}

function bash(script: string, env: Record<string, string>, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', script], { cwd, env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), CI: 'true', ...env } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 99) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** The step's env with ${{ inputs.x }}, ${{ github.action_path }} and ${{ steps.scan.outputs.x }} filled in. */
function stepEnv(step: ActionStep, inputs: Record<string, string>, outputs: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(step.env ?? {})) {
    env[k] = v.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, expr: string) => {
      if (expr === 'github.action_path') return repoRoot();
      const input = /^inputs\.([\w-]+)$/.exec(expr);
      if (input) return inputs[input[1]!] ?? '';
      const out = /^steps\.scan\.outputs\.([\w-]+)$/.exec(expr);
      if (out) return outputs[out[1]!] ?? '';
      throw new Error(`unexpected expression in action.yml env: ${expr}`);
    });
  }
  return env;
}

async function runAction(workspace: string, overrides: Record<string, string> = {}) {
  const action = parseYaml(fs.readFileSync(path.join(repoRoot(), 'action.yml'), 'utf8')) as Action;
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? '']));
  Object.assign(inputs, overrides);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-action-'));
  const files = { GITHUB_STEP_SUMMARY: path.join(tmp, 'summary.md'), GITHUB_OUTPUT: path.join(tmp, 'output'), RUNNER_TEMP: tmp };
  const scanStep = action.runs.steps.find((s) => s.id === 'scan')!;
  const scan = await bash(scanStep.run!, { ...stepEnv(scanStep, inputs), ...files }, workspace);
  const outputs = Object.fromEntries(
    (fs.existsSync(files.GITHUB_OUTPUT) ? fs.readFileSync(files.GITHUB_OUTPUT, 'utf8') : '')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  const gateStep = action.runs.steps.find((s) => s.id === 'gate')!;
  const gate = await bash(gateStep.run!, stepEnv(gateStep, inputs, outputs), workspace);
  const summary = fs.existsSync(files.GITHUB_STEP_SUMMARY) ? fs.readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8') : '';
  return { action, scan, outputs, gate, summary };
}

test('action.yml: a composite action that scans, uploads SARIF, writes a job summary and gates', async () => {
  const dir = tree({ '.credlife.yaml': configWithRule(), 'deploy/app.env': `ACME=${acmeToken(1)}\n` });
  const { action, scan, outputs, gate, summary } = await runAction(dir);
  assert.equal(action.runs.using, 'composite');
  const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
  assert.ok(upload, 'uploads SARIF');
  assert.match(upload.if ?? '', /always\(\)/, 'SARIF is uploaded even when the gate fails');
  assert.ok(action.runs.steps.some((s) => s.uses?.startsWith('actions/setup-node@')));
  for (const s of action.runs.steps) {
    assert.ok(!/\$\{\{/.test(s.run ?? ''), `step ${s.id ?? s.uses}: inputs must reach scripts through env, not \${{ }}`);
  }

  assert.equal(scan.code, 0, scan.stderr);
  assert.match(scan.stdout, /deploy\/app\.env/, 'text report in the log');
  assert.equal(outputs['exit-code'], '1');
  const sarif = JSON.parse(fs.readFileSync(path.join(dir, outputs['sarif-file']!), 'utf8')) as { version: string; runs: { results: unknown[] }[] };
  assert.equal(sarif.version, '2.1.0');
  assert.equal(sarif.runs[0]!.results.length, 1);
  assert.ok(summary.length > 0 && summary.includes('app.env'), 'Markdown job summary written');
  assert.ok(!summary.includes(acmeToken(1)) && !scan.stdout.includes(acmeToken(1)), 'no raw secret in the log or summary');
  assert.equal(gate.code, 1, 'the gate step fails the job');
  assert.match(gate.stdout, /::error/);

  const reportOnly = await runAction(dir, { fail: 'false' });
  assert.equal(reportOnly.gate.code, 0);

  const diffMode = await runAction(dir, { 'diff-ref': 'HEAD' });
  assert.equal(diffMode.outputs['exit-code'], '2', 'diff-ref in a folder that is not a git repository is an error');
  assert.notEqual(diffMode.gate.code, 0, 'errors fail the job even with fail: false');

  const clean = tree({ 'README.md': '# nothing to see\n' });
  const passed = await runAction(clean, { 'max-afterlife': '1h' });
  assert.equal(passed.outputs['exit-code'], '0', passed.scan.stderr);
  assert.equal(passed.gate.code, 0);
});

interface Hook {
  id: string;
  entry: string;
  language: string;
  pass_filenames?: boolean;
}

test('.pre-commit-hooks.yaml: the credlife hook scans staged content and blocks a staged secret', async () => {
  const hooks = parseYaml(fs.readFileSync(path.join(repoRoot(), '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
  const hook = hooks.find((h) => h.id === 'credlife');
  assert.ok(hook);
  assert.match(hook.entry, /^credlife scan --staged\b/);
  assert.equal(hook.pass_filenames, false, 'credlife reads the index itself');
  for (const h of hooks) assert.match(h.entry, /credlife scan --staged/);

  // Run the entry as pre-commit would, with `credlife` resolved to this checkout's bin.
  const bin = path.join(repoRoot(), 'bin', 'credlife.js');
  const command = hook.entry.replace(/^credlife\b/, `"${process.execPath}" "${bin}"`);
  const dir = gitRepo({ '.credlife.yaml': configWithRule(), 'a.env': 'A=1\n' });
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'init');
  const cleanRun = await bash(command, {}, dir);
  assert.equal(cleanRun.code, 0, cleanRun.stderr + cleanRun.stdout);
  fs.writeFileSync(path.join(dir, 'a.env'), `A=1\nB=${acmeToken(2)}\n`);
  git(dir, 'add', 'a.env');
  const blocked = await bash(command, {}, dir);
  assert.equal(blocked.code, 1, blocked.stderr);
  assert.match(blocked.stdout, /a\.env/);
  assert.ok(!blocked.stdout.includes(acmeToken(2)));
});

test('credlife init: writes a valid starter config, the workflow and the hook config; idempotent, keeps edited files without --force', async () => {
  const dir = gitRepo({});
  git(dir, 'checkout', '-q', '-b', 'trunk');
  const first = await runCli(['init', dir]);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /wrote \.credlife\.yaml/);
  const cfgText = fs.readFileSync(path.join(dir, '.credlife.yaml'), 'utf8');
  assert.doesNotThrow(() => parseConfigText(cfgText, '.credlife.yaml'));

  // An edited config is kept; the missing CI files are added; the answer says which is which.
  fs.writeFileSync(path.join(dir, '.credlife.yaml'), 'failOn: critical # mine\n');
  const added = await runCli(['init', dir, '--github', '--pre-commit']);
  assert.equal(added.code, 0, added.stderr);
  assert.match(added.stdout, /kept \.credlife\.yaml: it exists and differs.*--force/);
  assert.match(added.stdout, /wrote \.github\/workflows\/credlife\.yml/);
  assert.match(added.stdout, /wrote \.pre-commit-config\.yaml/);
  assert.match(added.stdout, /pushes to trunk \(the checked-out branch/);
  assert.equal(fs.readFileSync(path.join(dir, '.credlife.yaml'), 'utf8'), 'failOn: critical # mine\n');

  // The references come from package.json `repository` and this version's release tag.
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as { version: string; repository: { url: string } };
  const slug = /github\.com\/([^/]+\/[^/.]+)/.exec(pkg.repository.url)![1]!;
  const workflowText = fs.readFileSync(path.join(dir, '.github/workflows/credlife.yml'), 'utf8');
  const workflow = parseYaml(workflowText) as {
    on: { push: { branches: string[] } };
    permissions: Record<string, string>;
    jobs: { credlife: { steps: { uses?: string; with?: Record<string, unknown> }[] } };
  };
  assert.deepEqual(workflow.on.push.branches, ['trunk'], 'the branch comes from git, not a hard-coded main');
  assert.equal(workflow.permissions['security-events'], 'write');
  const steps = workflow.jobs.credlife.steps;
  assert.equal(steps[0]!.uses, 'actions/checkout@v6');
  assert.equal(steps[0]!.with?.['fetch-depth'], 0);
  assert.equal(steps[1]!.uses, `${slug}@v${pkg.version}`);
  const action = parseYaml(fs.readFileSync(path.join(repoRoot(), 'action.yml'), 'utf8')) as Action;
  for (const key of Object.keys(steps[1]!.with ?? {})) assert.ok(key in action.inputs, `workflow input ${key} exists in action.yml`);
  const preCommit = parseYaml(fs.readFileSync(path.join(dir, '.pre-commit-config.yaml'), 'utf8')) as { repos: { repo: string; rev: string; hooks: { id: string }[] }[] };
  assert.equal(preCommit.repos[0]!.repo, `https://github.com/${slug}`);
  assert.equal(preCommit.repos[0]!.rev, `v${pkg.version}`);
  const hookIds = (parseYaml(fs.readFileSync(path.join(repoRoot(), '.pre-commit-hooks.yaml'), 'utf8')) as Hook[]).map((h) => h.id);
  assert.ok(hookIds.includes(preCommit.repos[0]!.hooks[0]!.id));

  // Running it again changes nothing and says so.
  const again = await runCli(['init', dir, '--github', '--pre-commit']);
  assert.equal(again.code, 0, again.stderr);
  assert.doesNotMatch(again.stdout, /^wrote/m);
  assert.match(again.stdout, /up to date: \.github\/workflows\/credlife\.yml/);

  // --ref pins another ref; an edited workflow is only replaced with --force.
  const pinned = await runCli(['init', dir, '--github', '--ref', 'main']);
  assert.match(pinned.stdout, /kept \.github\/workflows\/credlife\.yml/);
  assert.equal(fs.readFileSync(path.join(dir, '.github/workflows/credlife.yml'), 'utf8'), workflowText);
  const forced = await runCli(['init', dir, '--github', '--ref', 'main', '--force', '--branch', 'release']);
  assert.equal(forced.code, 0, forced.stderr);
  const replaced = parseYaml(fs.readFileSync(path.join(dir, '.github/workflows/credlife.yml'), 'utf8')) as typeof workflow;
  assert.equal(replaced.jobs.credlife.steps[1]!.uses, `${slug}@main`);
  assert.deepEqual(replaced.on.push.branches, ['release']);
  assert.equal(fs.readFileSync(path.join(dir, '.credlife.yaml'), 'utf8'), cfgText, '--force writes the starter config again');
  const bad = await runCli(['init', dir, '--ref', '-x y']);
  assert.equal(bad.code, 2);
});
