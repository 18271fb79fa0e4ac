// Adoption: action.yml and .pre-commit-hooks.yaml are parsed and their commands run locally against fixture
// repositories; `credlife init` writes, refuses to overwrite, and --force overwrites.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile, execFileSync } from 'node:child_process';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { parse as parseYaml } from 'yaml';
import { acmeToken, configWithRule, git, gitRepo, tree } from './helpers.js';
import { repoRoot } from '../../src/testing/paths.js';
import { runCli } from '../../src/testing/cli.js';
import { parseConfigText } from '../../src/policy/config.js';

interface Action {
  inputs: Record<string, { default?: string; description?: string }>;
  outputs: Record<string, { description?: string }>;
  runs: { using: string; main: string };
}

function bash(script: string, env: Record<string, string>, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', script], { cwd, env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), CI: 'true', ...env } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 99) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** A stand-in for the code scanning API: records each upload, answers 202 like GitHub. */
async function fakeApi(): Promise<{ url: string; uploads: { path: string; auth: string; body: Record<string, string> }[]; close(): void }> {
  const uploads: { path: string; auth: string; body: Record<string, string> }[] = [];
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString('utf8')));
    req.on('end', () => {
      uploads.push({ path: req.url ?? '', auth: String(req.headers.authorization ?? ''), body: JSON.parse(data || '{}') as Record<string, string> });
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'sarif-1' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, uploads, close: () => server.close() };
}

const TEST_TOKEN = 'test-token-not-a-credential';

/** Run action/main.mjs as the runner would: INPUT_* from action.yml defaults and the workflow's `with:`, GITHUB_* files and event. */
async function runAction(
  workspace: string,
  overrides: Record<string, string> = {},
  opts: { api?: string; eventName?: string; event?: unknown } = {},
) {
  const action = parseYaml(fs.readFileSync(path.join(repoRoot(), 'action.yml'), 'utf8')) as Action;
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, String(v.default ?? '').replace('${{ github.token }}', TEST_TOKEN)]));
  Object.assign(inputs, overrides);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-action-'));
  const eventPath = path.join(tmp, 'event.json');
  fs.writeFileSync(eventPath, JSON.stringify(opts.event ?? {}));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: tmp,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: tmp,
    GITHUB_STEP_SUMMARY: path.join(tmp, 'summary.md'),
    GITHUB_OUTPUT: path.join(tmp, 'output'),
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_EVENT_NAME: opts.eventName ?? 'push',
    GITHUB_REPOSITORY: 'acme/agent',
    GITHUB_SHA: 'a'.repeat(40),
    GITHUB_REF: 'refs/heads/main',
    GITHUB_API_URL: opts.api ?? 'http://127.0.0.1:9',
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const main = path.join(repoRoot(), action.runs.main);
  const r = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [main], { cwd: workspace, env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 99) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
  const outputs = Object.fromEntries(
    (fs.existsSync(env.GITHUB_OUTPUT!) ? fs.readFileSync(env.GITHUB_OUTPUT!, 'utf8') : '')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  const summary = fs.existsSync(env.GITHUB_STEP_SUMMARY!) ? fs.readFileSync(env.GITHUB_STEP_SUMMARY!, 'utf8') : '';
  return { action, r, outputs, summary };
}

test('action.yml: a Node 24 action that starts without installing or compiling, scans, uploads SARIF, writes a job summary and gates', async () => {
  const api = await fakeApi();
  try {
    const dir = tree({ '.credlife.yaml': configWithRule(), 'deploy/app.env': `ACME=${acmeToken(1)}\n` });
    const { action, r, outputs, summary } = await runAction(dir, {}, { api: api.url });
    assert.equal(action.runs.using, 'node24', 'the current Node runtime of GitHub Actions, not the caller\'s setup-node');
    const main = fs.readFileSync(path.join(repoRoot(), action.runs.main), 'utf8');
    assert.doesNotMatch(main, /from '(?!node:)/, 'the entry imports nothing but Node built-ins: nothing to install');
    assert.doesNotMatch(main, /npm (ci|run build)|tsc/, 'no dev dependencies and no compile at run time');
    for (const [name, spec] of Object.entries(action.inputs)) assert.ok(spec.description, `input ${name} is documented`);
    for (const [name, spec] of Object.entries(action.outputs)) assert.ok(spec.description, `output ${name} is documented`);

    assert.equal(r.code, 1, 'the gate fails the job');
    assert.match(r.stdout, /deploy\/app\.env/, 'text report in the log');
    assert.match(r.stdout, /::error title=credlife::gate failed/);
    assert.equal(outputs['exit-code'], '1');
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, outputs['sarif-file']!), 'utf8')) as { version: string; runs: { results: unknown[] }[] };
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs[0]!.results.length, 1);
    assert.ok(summary.includes('app.env'), 'Markdown job summary written');
    assert.ok(!summary.includes(acmeToken(1)) && !r.stdout.includes(acmeToken(1)), 'no raw secret in the log or summary');
    // The upload: the code scanning API with the job's token, gzip+base64 SARIF for this commit and ref.
    assert.equal(api.uploads.length, 1);
    const up = api.uploads[0]!;
    assert.equal(up.path, '/repos/acme/agent/code-scanning/sarifs');
    assert.equal(up.auth, `Bearer ${TEST_TOKEN}`);
    assert.equal(up.body.commit_sha, 'a'.repeat(40));
    assert.equal(up.body.ref, 'refs/heads/main');
    const uploaded = JSON.parse(gunzipSync(Buffer.from(up.body.sarif!, 'base64')).toString('utf8')) as { version: string };
    assert.equal(uploaded.version, '2.1.0');
    assert.equal(outputs['sarif-id'], 'sarif-1');
    assert.ok(!r.stdout.includes(TEST_TOKEN), 'the token is never printed');

    // A pull request from a fork: upload skipped with a notice, the gate still enforced.
    const fork = await runAction(dir, {}, {
      api: api.url,
      eventName: 'pull_request',
      event: { pull_request: { head: { repo: { full_name: 'someone/agent', fork: true } }, base: { repo: { full_name: 'acme/agent' } } } },
    });
    assert.equal(api.uploads.length, 1, 'no upload attempt from a fork');
    assert.match(fork.r.stdout, /::notice title=credlife::SARIF upload skipped: pull request from the fork someone\/agent/);
    assert.equal(fork.r.code, 1, 'the gate is still enforced');

    const reportOnly = await runAction(dir, { fail: 'false', 'upload-sarif': 'false' });
    assert.equal(reportOnly.r.code, 0);
    assert.match(reportOnly.r.stdout, /report only/);

    const diffMode = await runAction(dir, { 'diff-ref': 'HEAD', fail: 'false', 'upload-sarif': 'false' });
    assert.equal(diffMode.outputs['exit-code'], '2', 'diff-ref in a folder that is not a git repository is an error');
    assert.notEqual(diffMode.r.code, 0, 'errors fail the job even with fail: false');

    // An upload that fails (code scanning off) warns; the job's result is the gate's.
    const clean = tree({ 'README.md': '# nothing to see\n' });
    const passed = await runAction(clean, { 'max-afterlife': '1h' }, { api: 'http://127.0.0.1:9' });
    assert.equal(passed.outputs['exit-code'], '0', passed.r.stderr);
    assert.equal(passed.r.code, 0);
    assert.match(passed.r.stdout, /::warning title=credlife::code scanning upload failed|::warning title=credlife::fetch failed/);
  } finally {
    api.close();
  }
});

interface Hook {
  id: string;
  entry: string;
  language: string;
  pass_filenames?: boolean;
}

/** A project that installed credlife: node_modules/.bin/credlife runs this checkout's CLI. */
function projectWithCredlife(files: Record<string, string>): string {
  const dir = gitRepo({ ...files, 'package.json': '{ "name": "agent", "private": true }\n' });
  const binDir = path.join(dir, 'node_modules', '.bin');
  fs.mkdirSync(binDir, { recursive: true });
  const wrapper = path.join(binDir, 'credlife');
  fs.writeFileSync(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${path.join(repoRoot(), 'bin', 'credlife.js')}" "$@"\n`);
  fs.chmodSync(wrapper, 0o755);
  fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n');
  return dir;
}

function preCommitAvailable(): boolean {
  try {
    execFileSync('pre-commit', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test('.pre-commit-hooks.yaml: the hooks install nothing of this repository and block a staged secret', async () => {
  const hooks = parseYaml(fs.readFileSync(path.join(repoRoot(), '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as { version: string };
  const hook = hooks.find((h) => h.id === 'credlife');
  assert.ok(hook);
  for (const h of hooks) {
    // language: node would npm install this repository with every dev dependency and compile it.
    assert.equal(h.language, 'system', `${h.id}: runs a credlife package, installs nothing of this repository`);
    assert.match(h.entry, /credlife(@[\w.]+)? scan --staged\b/);
    assert.equal(h.pass_filenames, false, 'credlife reads the index itself');
  }
  assert.match(hooks.find((h) => h.id === 'credlife-npm')!.entry, new RegExp(`credlife@${pkg.version.replace(/\./g, '\\.')} `), 'pinned to this release');

  // Run the entry as pre-commit would, in a project that installed credlife.
  const dir = projectWithCredlife({ '.credlife.yaml': configWithRule(), 'a.env': 'A=1\n' });
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'init');
  const cleanRun = await bash(hook.entry, {}, dir);
  assert.equal(cleanRun.code, 0, cleanRun.stderr + cleanRun.stdout);
  fs.writeFileSync(path.join(dir, 'a.env'), `A=1\nB=${acmeToken(2)}\n`);
  git(dir, 'add', 'a.env');
  const blocked = await bash(hook.entry, {}, dir);
  assert.equal(blocked.code, 1, blocked.stderr);
  assert.match(blocked.stdout, /a\.env/);
  assert.ok(!blocked.stdout.includes(acmeToken(2)));
});

test('pre-commit try-repo on this checkout blocks a staged secret', { skip: preCommitAvailable() ? false : 'pre-commit is not installed (.ci/run installs it from the Debian archive)' }, async () => {
  const dir = projectWithCredlife({ '.credlife.yaml': configWithRule(), 'a.env': 'A=1\n' });
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'init');
  fs.writeFileSync(path.join(dir, 'a.env'), `A=1\nB=${acmeToken(3)}\n`);
  git(dir, 'add', 'a.env');
  const env = { PRE_COMMIT_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-pre-commit-')), GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid' };
  const r = await bash(`pre-commit try-repo "${repoRoot()}" credlife`, env, dir);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /credlife .*Failed/);
  assert.match(r.stdout, /a\.env/);
  assert.ok(!r.stdout.includes(acmeToken(3)));
  git(dir, 'reset', '-q', 'a.env');
  fs.writeFileSync(path.join(dir, 'a.env'), 'A=1\nB=2\n');
  git(dir, 'add', 'a.env');
  const ok = await bash(`pre-commit try-repo "${repoRoot()}" credlife`, env, dir);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /credlife .*Passed/);
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
