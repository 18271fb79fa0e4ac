// The organisation fan-out recipe (examples/org-scan/): both workflow files are valid GitHub Actions workflows,
// follow the safety rules (read-only token, bounded matrix, no ${{ }} inside scripts), and their scan and merge
// scripts, run here with bash exactly as written, produce the organisation report from real scans.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import YAML from 'yaml';
import { repoRoot } from '../../src/testing/paths.js';
import { fakeToken } from '../../src/testing/fake-tokens.js';

const DIR = path.join(repoRoot(), 'examples', 'org-scan');
const read = (name: string) => fs.readFileSync(path.join(DIR, name), 'utf8');

type Step = { uses?: string; run?: string; env?: Record<string, string>; with?: Record<string, unknown>; name?: string; id?: string; 'working-directory'?: string };
type Job = { steps?: Step[]; strategy?: { 'max-parallel'?: unknown; matrix?: Record<string, unknown> }; needs?: unknown; uses?: string };
type Workflow = { permissions?: Record<string, string>; jobs: Record<string, Job> };

test('org-scan workflows: valid GitHub Actions workflows (and the validator does reject a broken one)', () => {
  for (const name of ['credlife-org-scan.yml', 'caller.yml']) {
    const state = validateWorkflow(read(name));
    assert.deepEqual(state.errors, [], `${name}: ${JSON.stringify(state.errors)}`);
  }
  const broken = read('credlife-org-scan.yml').replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest');
  assert.notDeepEqual(validateWorkflow(broken).errors, []);
});

test('org-scan workflow: read-only token, bounded matrix, pinned actions, no expressions inside scripts', () => {
  const wf = YAML.parse(read('credlife-org-scan.yml')) as Workflow;
  assert.deepEqual(wf.permissions, { contents: 'read' });
  const scan = wf.jobs.scan!;
  assert.equal(scan.strategy?.['max-parallel'], '${{ inputs.max-parallel }}');
  assert.equal(scan.strategy?.matrix?.repository, '${{ fromJSON(inputs.repositories) }}');
  assert.deepEqual(wf.jobs.merge!.needs, ['build', 'scan']);
  for (const [id, job] of Object.entries(wf.jobs)) {
    for (const step of job.steps ?? []) {
      if (step.run) assert.doesNotMatch(step.run, /\$\{\{/, `${id}: inputs reach scripts through env`);
      if (step.uses) assert.match(step.uses, /^[\w-]+\/[\w-]+@v\d+$/, `${id}: ${step.uses} pinned to a major version`);
      if (step.uses?.startsWith('actions/checkout')) assert.equal(step.with?.['persist-credentials'], false, `${id}: the token is not left in .git/config`);
    }
  }
});

/** A step's run script by its name. */
function script(wf: Workflow, job: string, stepName: string): Step {
  const step = wf.jobs[job]!.steps!.find((s) => s.name === stepName);
  assert.ok(step?.run, `${job}: step "${stepName}" has a script`);
  return step;
}

test('org-scan workflow: the scan and merge scripts, run as written, produce the organisation report', () => {
  const wf = YAML.parse(read('credlife-org-scan.yml')) as Workflow;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-org-run-'));
  // `credlife` on PATH, as `npm install --global` of the package would put it.
  const bin = path.join(work, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'credlife'), `#!/bin/sh\nexec "${process.execPath}" "${path.join(repoRoot(), 'bin', 'credlife.js')}" "$@"\n`, { mode: 0o755 });
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, NO_COLOR: '1', CREDLIFE_FINGERPRINT_KEY: 'org-test-key' };
  const shared = fakeToken('github-pat', 31);
  const repos = ['acme/api', 'acme/agents', 'acme/web'];
  repos.forEach((repo, i) => {
    // One job's workspace: the scanned checkout in target/, the report written to report/.
    const job = path.join(work, `job-${i}`);
    const target = path.join(job, 'target');
    fs.mkdirSync(target, { recursive: true });
    fs.writeFileSync(path.join(target, '.env'), `GITHUB_TOKEN=${shared}\nSTRIPE_SECRET_KEY=${fakeToken('stripe-live', 40 + i)}\n`);
    const git = (...args: string[]) => spawnSync('git', ['-C', target, ...args], { encoding: 'utf8' });
    git('init', '-q');
    git('remote', 'add', 'origin', `https://github.com/${repo}.git`);
    git('-c', 'user.email=t@example.invalid', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'init');
    const step = script(wf, 'scan', 'credlife scan');
    const r = spawnSync('bash', ['-e', '-c', step.run!], { cwd: target, env: { ...env, SCAN_ARGS: '', WANT_SARIF: i === 0 ? 'true' : 'false' }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(fs.existsSync(path.join(job, 'report', 'credlife.json')));
    assert.equal(fs.existsSync(path.join(job, 'report', 'credlife.sarif')), i === 0, 'SARIF only when asked for');
    // actions/download-artifact with a pattern: one folder per artifact.
    const artifact = path.join(work, 'merge', 'reports', `credlife-${repo.replace('/', '__')}`);
    fs.mkdirSync(artifact, { recursive: true });
    for (const f of fs.readdirSync(path.join(job, 'report'))) fs.copyFileSync(path.join(job, 'report', f), path.join(artifact, f));
  });
  const mergeDir = path.join(work, 'merge');
  const summary = path.join(work, 'summary.md');
  const output = path.join(work, 'output.txt');
  const step = script(wf, 'merge', 'credlife merge');
  const r = spawnSync('bash', ['-e', '-c', step.run!], { cwd: mergeDir, env: { ...env, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  for (const f of ['credlife-org.json', 'credlife-org.html', 'credlife-org.csv']) assert.ok(fs.existsSync(path.join(mergeDir, 'org', f)), f);
  const org = JSON.parse(fs.readFileSync(path.join(mergeDir, 'org', 'credlife-org.json'), 'utf8'));
  assert.deepEqual(org.repositories.map((x: { name: string }) => x.name), repos.slice().sort(), 'names from each checkout\'s remote');
  assert.ok(org.credentials.some((g: { repositoryCount: number }) => g.repositoryCount === 3), 'the shared token is one group held by all three');
  assert.match(fs.readFileSync(summary, 'utf8'), /## credlife: 3 repositories/);
  assert.match(fs.readFileSync(output, 'utf8'), /^gates-failed=3$/m);
  for (const f of ['credlife-org.json', 'credlife-org.html', 'credlife-org.csv']) assert.ok(!fs.readFileSync(path.join(mergeDir, 'org', f), 'utf8').includes(shared), `${f}: no raw secret`);
});
