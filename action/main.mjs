// The credlife GitHub Action (runs.using: node24): scan, job summary, SARIF upload, gate — in one step, on the
// runner's own Node (the caller's setup-node version is untouched). Plain JavaScript without dependencies, so
// nothing is installed or compiled to start it. credlife itself comes from the Action's own checkout when it
// carries the built dist/ (release tags do), else from the npm package of the same version, installed with
// production dependencies only. Inputs arrive as INPUT_* variables and are passed to credlife as separate
// arguments, never through a shell.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const actionRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** An input as GitHub passes it (INPUT_ + upper-cased name, hyphens kept), trimmed; `fallback` when unset. */
export function input(name, fallback = '') {
  const v = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`];
  return v === undefined ? fallback : v.trim();
}

const escapeData = (s) => String(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const command = (name, message, title) => process.stdout.write(`::${name}${title ? ` title=${title}` : ''}::${escapeData(message)}\n`);

function setOutput(name, value) {
  const file = process.env.GITHUB_OUTPUT;
  if (file) fs.appendFileSync(file, `${name}=${value}\n`);
}

/** The credlife CLI to run: the Action's built checkout, else the npm package of this version (production dependencies only). */
export function resolveCli() {
  const local = path.join(actionRoot, 'dist', 'src', 'cli.js');
  if (fs.existsSync(local)) return path.join(actionRoot, 'bin', 'credlife.js');
  const { version } = JSON.parse(fs.readFileSync(path.join(actionRoot, 'package.json'), 'utf8'));
  const prefix = path.join(process.env.RUNNER_TOOL_CACHE || process.env.RUNNER_TEMP || os.tmpdir(), 'credlife', version);
  const bin = path.join(prefix, 'node_modules', 'credlife', 'bin', 'credlife.js');
  if (!fs.existsSync(bin)) {
    const npm = spawnSync('npm', ['install', '--prefix', prefix, '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', `credlife@${version}`], { stdio: 'inherit' });
    if (npm.status !== 0) throw new Error(`could not install credlife@${version} from npm (exit ${npm.status})`);
  }
  return bin;
}

/** The scan's arguments from the Action's inputs. */
export function scanArgs(sarifFile, summaryFile) {
  const args = ['scan', input('path', '.'), '--no-progress', '--no-color', '--fail-on', input('fail-on', 'high'), '--format', 'text', '--output', `sarif=${sarifFile}`, '--output', `markdown=${summaryFile}`];
  const optional = { 'max-afterlife': '--max-afterlife', 'task-window': '--task-window', config: '--config', baseline: '--baseline', 'diff-ref': '--diff' };
  for (const [name, flag] of Object.entries(optional)) if (input(name)) args.push(flag, input(name));
  if (input('strict-config') === 'true') args.push('--strict-config');
  const extra = input('args');
  if (extra) args.push(...extra.split(/\s+/).filter(Boolean));
  return args;
}

/** Why the SARIF upload cannot happen here, or null: fork pull requests get a read-only token. */
export function uploadBlocker(event, eventName, token) {
  if (!token) return 'no token (input "token")';
  const pr = event?.pull_request;
  if ((eventName === 'pull_request' || eventName === 'pull_request_review') && pr) {
    const head = pr.head?.repo?.full_name;
    const base = pr.base?.repo?.full_name;
    if (pr.head?.repo?.fork || (head && base && head !== base)) return `pull request from the fork ${head ?? 'repository'} (its token cannot write code scanning alerts)`;
  }
  return null;
}

async function uploadSarif(sarifFile, token) {
  const api = process.env.GITHUB_API_URL || 'https://api.github.com';
  const repo = process.env.GITHUB_REPOSITORY;
  const body = {
    commit_sha: process.env.GITHUB_SHA,
    ref: process.env.GITHUB_REF,
    sarif: gzipSync(fs.readFileSync(sarifFile)).toString('base64'),
    tool_name: 'credlife',
  };
  if (process.env.GITHUB_WORKSPACE) body.checkout_uri = `file://${process.env.GITHUB_WORKSPACE}`;
  const res = await fetch(`${api}/repos/${repo}/code-scanning/sarifs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'content-type': 'application/json', 'user-agent': 'credlife-action' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`code scanning upload failed: HTTP ${res.status}`);
  const { id } = await res.json().catch(() => ({}));
  return id;
}

export async function run() {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const temp = process.env.RUNNER_TEMP || os.tmpdir();
  const sarifFile = input('sarif-file', 'credlife.sarif');
  const summaryFile = path.join(temp, `credlife-summary-${process.pid}.md`);

  let code;
  try {
    const cli = resolveCli();
    const res = spawnSync(process.execPath, [cli, ...scanArgs(sarifFile, summaryFile)], { cwd: workspace, stdio: 'inherit', env: { ...process.env, CI: 'true' } });
    code = res.status ?? 2;
  } catch (err) {
    command('error', `credlife could not start: ${err.message}`, 'credlife');
    code = 2;
  }
  const sarifPath = path.resolve(workspace, sarifFile);
  const haveSarif = fs.existsSync(sarifPath);
  setOutput('exit-code', String(code));
  setOutput('sarif-file', haveSarif ? sarifFile : '');

  if (input('job-summary', 'true') === 'true' && fs.existsSync(summaryFile) && process.env.GITHUB_STEP_SUMMARY) {
    fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, fs.readFileSync(summaryFile));
  }

  // The upload never decides the job: a fork PR or a failed upload is a notice/warning, and the gate below still runs.
  if (input('upload-sarif', 'true') === 'true' && haveSarif) {
    let event = null;
    try {
      if (process.env.GITHUB_EVENT_PATH) event = JSON.parse(fs.readFileSync(process.env.GITHUB_EVENT_PATH, 'utf8'));
    } catch {
      event = null;
    }
    const blocker = uploadBlocker(event, process.env.GITHUB_EVENT_NAME, input('token'));
    if (blocker) command('notice', `SARIF upload skipped: ${blocker}; the gate is still enforced and the report is in the job summary`, 'credlife');
    else {
      try {
        const id = await uploadSarif(sarifPath, input('token'));
        process.stdout.write(`credlife: SARIF uploaded to code scanning${id ? ` (${id})` : ''}\n`);
        setOutput('sarif-id', id ?? '');
      } catch (err) {
        command('warning', `${err.message}; is code scanning enabled, and does the job have "security-events: write"?`, 'credlife');
      }
    }
  }

  if (code === 0) {
    process.stdout.write('credlife: gate passed\n');
    return 0;
  }
  if (code === 1) {
    if (input('fail', 'true') === 'false') {
      process.stdout.write('credlife: gate failed (report only: fail is false)\n');
      return 0;
    }
    command('error', 'gate failed: findings at or above the gate (see the job summary)', 'credlife');
    return 1;
  }
  command('error', `credlife could not complete the scan (exit ${code}); see the log above`, 'credlife');
  return code;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await run();
}
