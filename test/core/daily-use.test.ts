// Daily use of `credlife scan`: -o infers the format, runs that only write files still say something,
// --write-baseline says what it wrote, refs are named in errors unless credential-shaped, SARIF paths are
// repository paths, one inline suppression covers a credential wherever it is held, suppression warnings
// survive --quiet, baselines survive unrelated edits, and client-held keys get the catalogue's lifetime.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { runCli, writeTree } from '../../src/testing/cli.js';
import { fakeToken } from '../../src/testing/fake-tokens.js';
import { credentialShaped, showableRef } from '../../src/model/echo.js';
import { planOutputs } from '../../src/cli.js';
import type { Report } from '../../src/model/report.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

const secretTree = () => writeTree({ 'config/settings.py': 'OPENAI_API_KEY = "{{openai}}"\n' });

test('-o infers the format from the extension when no -f pairs with it; an unknown extension is a usage error', async () => {
  assert.deepEqual(planOutputs([], ['a.sarif', 'b.JSON', 'c.html', 'd.md', 'e.xml', 'f.csv', 'g.txt']), [
    { format: 'sarif', file: 'a.sarif' },
    { format: 'json', file: 'b.JSON' },
    { format: 'html', file: 'c.html' },
    { format: 'markdown', file: 'd.md' },
    { format: 'junit', file: 'e.xml' },
    { format: 'csv', file: 'f.csv' },
    { format: 'text', file: 'g.txt' },
  ]);
  assert.deepEqual(planOutputs(['json'], ['out.sarif']), [{ format: 'json', file: 'out.sarif' }], '-f wins over the extension');
  assert.deepEqual(planOutputs([], ['html=report.out', 'x.sarif']), [
    { format: 'html', file: 'report.out' },
    { format: 'sarif', file: 'x.sarif' },
  ]);
  assert.throws(() => planOutputs([], ['report.out']), /cannot tell the format of --output report\.out/);

  const dir = secretTree();
  const sarif = path.join(dir, 'out', 'credlife.sarif');
  const r = await runCli(['scan', dir, '-o', sarif, '--jobs', '1']);
  assert.equal(r.code, 1, r.stderr);
  const doc = JSON.parse(fs.readFileSync(sarif, 'utf8')) as { version: string; runs: { results: unknown[] }[] };
  assert.equal(doc.version, '2.1.0');
  assert.ok(doc.runs[0]!.results.length >= 1);
  // Only files were written: one line says what they hold and where they went.
  assert.match(r.stdout.trim(), /^credlife: 1 finding \(1 high\) in 1 file; gate failed; wrote .*credlife\.sarif \(sarif\)$/);
  assert.equal(r.stdout.trim().split('\n').length, 1);

  const bad = await runCli(['scan', dir, '-o', path.join(dir, 'report.out')]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /cannot tell the format/);
  assert.match(bad.stderr, /hint: .*-o FORMAT=/);
  assert.ok(!fs.existsSync(path.join(dir, 'report.out')), 'a usage error writes nothing');
});

test('"1 file", not "1 files"; --write-baseline says what it wrote', async () => {
  const dir = secretTree();
  const r = await runCli(['scan', dir, '--jobs', '1', '--write-baseline', path.join(dir, 'b.yaml')]);
  assert.match(r.stdout, / — 1 file \(/);
  assert.doesNotMatch(r.stdout, /1 files/);
  assert.match(r.stderr, /credlife: wrote 1 finding to the baseline .*b\.yaml/);
  const json = await runCli(['scan', dir, '--jobs', '1', '-f', 'json', '--write-baseline', path.join(dir, 'b2.yaml')]);
  const report = JSON.parse(json.stdout) as Report;
  assert.deepEqual(report.summary.baselineWritten, { file: path.join(dir, 'b2.yaml'), entries: 1 });
});

test('--diff with a missing ref names it, unless it looks like a credential', async () => {
  const repo = writeTree({ 'a.txt': 'hello\n' });
  git(repo, 'init', '-q');
  git(repo, 'add', '.');
  git(repo, 'commit', '-qm', 'init');
  const missing = await runCli(['scan', repo, '--diff', 'origin/release-2026']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--diff: unknown ref "origin\/release-2026"/);
  const token = fakeToken('github-pat');
  const hidden = await runCli(['scan', repo, '--diff', token]);
  assert.equal(hidden.code, 2);
  assert.match(hidden.stderr, /--diff: unknown ref \(value not shown/);
  assert.ok(!hidden.stderr.includes(token.slice(4, 20)));
  for (const ref of ['main', 'origin/main', 'v1.2.3', 'HEAD~3', 'feature/add-authentication-middleware', 'a'.repeat(40), 'release/2026-11']) {
    assert.ok(showableRef(ref), ref);
  }
  for (const kind of ['github-pat', 'openai', 'aws-access-key-id', 'slack-bot', 'gitlab-pat', 'stripe-live']) {
    assert.ok(credentialShaped(fakeToken(kind)), kind);
    assert.ok(!showableRef(fakeToken(kind)), kind);
  }
});

test('SARIF paths are relative to the repository root when a subfolder is scanned', async () => {
  const repo = writeTree({ 'services/agent/config/settings.py': 'OPENAI_API_KEY = "{{openai}}"\n', 'README.md': '# monorepo\n' });
  git(repo, 'init', '-q');
  git(repo, 'add', '.');
  git(repo, 'commit', '-qm', 'init');
  const sub = path.join(repo, 'services', 'agent');
  const r = await runCli(['scan', sub, '-f', 'sarif', '--jobs', '1']);
  assert.equal(r.code, 1, r.stderr);
  const run = (JSON.parse(r.stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[]; originalUriBaseIds: Record<string, { uri?: string }> }[] }).runs[0]!;
  assert.equal(run.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri, 'services/agent/config/settings.py');
  assert.equal(run.originalUriBaseIds['%SRCROOT%']!.uri, `file://${fs.realpathSync(repo)}/`);
  // The JSON report keeps paths relative to the scanned folder, and says where that folder is.
  const json = JSON.parse((await runCli(['scan', sub, '-f', 'json', '--jobs', '1'])).stdout) as Report;
  assert.equal(json.findings[0]!.file, 'config/settings.py');
  assert.equal(json.vcs?.pathInRepository, 'services/agent');
  // At the top level nothing changes.
  const top = JSON.parse((await runCli(['scan', repo, '-f', 'sarif', '--jobs', '1'])).stdout) as typeof run & { runs: (typeof run)[] };
  assert.equal(top.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri, 'services/agent/config/settings.py');
});

const agentTs = (envName: string) =>
  `import Stripe from 'stripe';\nimport { tool } from 'ai';\nimport { z } from 'zod';\nconst stripe = new Stripe(process.env.${envName}!);\n` +
  `export const refund = tool({ description: 'refund', parameters: z.object({ id: z.string() }), execute: async ({ id }) => stripe.refunds.create({ charge: id }) });\n`;

test('an inline suppression on the .env line also covers the binding finding of the same credential', async () => {
  const files = { '.env': 'STRIPE_KEY={{stripe-live}}\n', 'agent.ts': agentTs('STRIPE_KEY') };
  const before = JSON.parse((await runCli(['scan', writeTree(files), '-f', 'json', '--jobs', '1'])).stdout) as Report;
  assert.ok(before.findings.some((f) => f.file === 'agent.ts' && f.kind === 'binding'), 'precondition: the code holds the key');
  const dir = writeTree({ ...files, '.env': 'STRIPE_KEY={{stripe-live}}  # credlife-ignore: sandbox account, no customer data\n' });
  const r = await runCli(['scan', dir, '-f', 'json', '--jobs', '1']);
  const report = JSON.parse(r.stdout) as Report;
  assert.deepEqual(report.findings.map((f) => `${f.file}:${f.ruleId}`), []);
  assert.equal(r.code, 0);
  const sources = (report.summary.suppressed ?? []).filter((s) => s.kind === 'inline').map((s) => s.source);
  assert.ok(sources.includes('.env:1'));
  assert.ok(sources.includes('.env:1 (same credential)'), JSON.stringify(report.summary.suppressed));
  // A different key held by the same code is not covered.
  const other = writeTree({ '.env': 'STRIPE_KEY={{stripe-live}}  # credlife-ignore: sandbox account\nSTRIPE_OTHER={{stripe-live#2}}\n', 'agent.ts': agentTs('STRIPE_OTHER') });
  const kept = JSON.parse((await runCli(['scan', other, '-f', 'json', '--jobs', '1'])).stdout) as Report;
  assert.ok(kept.findings.some((f) => f.file === 'agent.ts'));
});

test('a credlife-ignore without a reason warns under --quiet too (the pre-commit hook runs --quiet)', async () => {
  const dir = writeTree({ 'config/settings.py': 'OPENAI_API_KEY = "{{openai}}"  # credlife-ignore:\n' });
  const r = await runCli(['scan', dir, '--quiet', '--jobs', '1']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /warning: config\/settings\.py:1: credlife-ignore without a reason does not suppress anything/);
});

test('adding an unrelated key to .env keeps baselined findings in untouched files baselined', async () => {
  const dir = writeTree({
    '.env': 'OPENAI_API_KEY={{openai}}\n',
    '.mcp.json': JSON.stringify({ mcpServers: { gh: { command: 'npx', args: ['x'], env: { GITHUB_TOKEN: '${GITHUB_TOKEN}', OPENAI_API_KEY: '${OPENAI_API_KEY}' } } } }),
    'agent.ts': `import OpenAI from 'openai';\nimport { tool } from 'ai';\nconst client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\nexport const ask = tool({ description: 'ask', execute: async () => client.chat.completions.create({}) });\n`,
    'docker-compose.yml': 'services:\n  agent:\n    image: x\n    env_file: .env\n    environment:\n      - SLACK_TOKEN=${SLACK_TOKEN}\n',
  });
  git(dir, 'init', '-q');
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'init');
  const baseline = path.join(dir, '.credlife-baseline.yaml');
  const first = await runCli(['scan', dir, '--jobs', '1', '--fail-on', 'info', '--write-baseline', baseline]);
  assert.match(first.stderr, /wrote [1-9]\d* findings? to the baseline/);
  fs.appendFileSync(path.join(dir, '.env'), `DEBUG=1\nANTHROPIC_API_KEY=${fakeToken('anthropic', 7)}\nLOG_LEVEL=info\n`);
  const r = await runCli(['scan', dir, '--jobs', '1', '--fail-on', 'info', '--baseline', baseline, '-f', 'json']);
  const report = JSON.parse(r.stdout) as Report;
  assert.deepEqual(
    report.findings.filter((f) => f.file !== '.env').map((f) => `${f.file}:${f.ruleId}`),
    [],
    'only the new key in .env is new',
  );
  assert.ok(report.findings.some((f) => f.file === '.env' && f.ruleId.startsWith('anthropic')), 'the new key itself is reported');
});

test('a tool holding an unnamed variable through the Stripe client gets the catalogue\'s static lifetime', async () => {
  const dir = writeTree({ 'agent.ts': agentTs('STRIPE_KEY') });
  const report = JSON.parse((await runCli(['scan', dir, '-f', 'json', '--jobs', '1'])).stdout) as Report;
  const f = report.findings.find((x) => x.file === 'agent.ts' && x.kind === 'binding');
  assert.ok(f, JSON.stringify(report.findings));
  assert.equal(f.lifetime?.class, 'static');
  assert.match(f.lifetime?.note ?? '', /stripe client/);
  assert.equal(f.afterlife?.unbounded, true);
  // A client whose provider has credentials of several lifetimes (GitHub: PATs, app tokens) stays unknown.
  const gh = writeTree({
    'agent.ts': `import { Octokit } from '@octokit/rest';\nimport { tool } from 'ai';\nconst gh = new Octokit({ auth: process.env.GH_SOMETHING });\nexport const issues = tool({ description: 'x', execute: async () => gh.issues.list() });\n`,
  });
  const ghReport = JSON.parse((await runCli(['scan', gh, '-f', 'json', '--jobs', '1'])).stdout) as Report;
  const g = ghReport.findings.find((x) => x.file === 'agent.ts' && x.kind === 'binding');
  if (g) assert.notEqual(g.lifetime?.class, 'static');
});
