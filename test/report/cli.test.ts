// Every report format through the real CLI on a fixture tree: one scan writes all formats at once
// (--output FORMAT=FILE); each output must be the pure rendering of the JSON report, valid for its consumers,
// and free of every planted raw secret. Then `credlife report --framework` and `credlife merge`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { runCli } from '../../src/testing/cli.js';
import { fakeToken } from '../../src/testing/fake-tokens.js';
import { repoRoot } from '../../src/testing/paths.js';
import { formatters } from '../../src/report/index.js';
import type { Report } from '../../src/model/report.js';
import { multitoolValidate, sarifSchemaPath } from './sarif-tools.js';

const FORMATS = ['json', 'sarif', 'html', 'markdown', 'junit', 'csv'] as const;
const EXT: Record<string, string> = { json: 'json', sarif: 'sarif', html: 'html', markdown: 'md', junit: 'xml', csv: 'csv' };

let dir = '';
let tree = '';
let secrets: string[] = [];
const out = (name: string) => path.join(dir, 'out', name);

/** A small agent repository with planted fake secrets of several kinds. */
function writeFixture(root: string): string[] {
  const gh = fakeToken('github-pat', 101);
  const stripe = fakeToken('stripe-live', 102);
  const slack = fakeToken('slack-bot', 103);
  const openai = fakeToken('openai', 104);
  const aws = fakeToken('aws-access-key-id', 105);
  const awsSecret = fakeToken('aws-secret-access-key', 106);
  const files: Record<string, string> = {
    'agent/.env': `GITHUB_TOKEN=${gh}\nOPENAI_API_KEY=${openai}\n`,
    // A hostile file name: markup and a spreadsheet formula.
    'src/tools/<b>pay</b>.ts': `import Stripe from 'stripe';\nconst stripe = new Stripe("${stripe}");\nexport const pay = () => stripe;\n`,
    '=cmd.env': `SLACK_BOT_TOKEN=${slack}\n`,
    '.mcp.json': JSON.stringify({ mcpServers: { github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: gh } } } }, null, 2),
    'deploy/aws.env': `AWS_ACCESS_KEY_ID=${aws}\nAWS_SECRET_ACCESS_KEY=${awsSecret}\n`,
  };
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return [gh, stripe, slack, openai, aws, awsSecret];
}

function assertNoSecrets(name: string, text: string): void {
  for (const s of secrets) {
    assert.ok(!text.includes(s), `${name} contains a planted raw secret`);
    // Nor any long piece of one (redaction keeps a known prefix and at most the last 4 characters).
    for (let i = 0; i + 16 <= s.length; i += 8) assert.ok(!text.includes(s.slice(i, i + 16)), `${name} contains part of a planted secret`);
  }
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-report-cli-'));
  tree = path.join(dir, 'agent-repo');
  fs.mkdirSync(tree);
  secrets = writeFixture(tree);
  const args = ['scan', tree, '--no-progress', '--jobs', '1', ...FORMATS.map((f) => `--output=${f}=${out(`scan.${EXT[f]}`)}`)];
  const r = await runCli(args);
  assert.ok((r.code === 0 || r.code === 1) && fs.existsSync(out('scan.json')), `scan failed (${r.code}): ${r.stderr}`);
  assertNoSecrets('scan stdout', r.stdout);
  assertNoSecrets('scan stderr', r.stderr);
});

after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('cli: one scan writes every format; each is the pure rendering of the JSON report', () => {
  const report = JSON.parse(fs.readFileSync(out('scan.json'), 'utf8')) as Report;
  assert.ok(report.findings.length >= 3, `expected findings on the fixture tree, got ${report.findings.length}`);
  const ctx = { color: false, quiet: false, debug: false };
  for (const f of FORMATS) {
    const text = fs.readFileSync(out(`scan.${EXT[f]}`), 'utf8');
    assertNoSecrets(f, text);
    assert.equal(text, formatters[f]!(report, ctx), `${f} output differs from rendering the JSON report`);
  }
});

test('cli: SARIF output passes the schema and sarif-multitool (GitHub rules), one result per finding', { timeout: 180_000 }, () => {
  const report = JSON.parse(fs.readFileSync(out('scan.json'), 'utf8')) as Report;
  const sarif = JSON.parse(fs.readFileSync(out('scan.sarif'), 'utf8'));
  assert.equal(sarif.runs[0].results.length, report.findings.length);
  for (const r of sarif.runs[0].results) assert.ok(!r.locations[0].physicalLocation.artifactLocation.uri.startsWith('/'));
  const schema = sarifSchemaPath();
  if (schema) {
    const validate = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(JSON.parse(fs.readFileSync(schema, 'utf8')));
    assert.ok(validate(sarif), JSON.stringify(validate.errors));
  }
  const multitool = multitoolValidate(out('scan.sarif'));
  if ('errors' in multitool) assert.deepEqual(multitool.errors, [], multitool.stdout);
});

test('cli: JUnit, CSV, Markdown and HTML outputs are well formed', () => {
  const report = JSON.parse(fs.readFileSync(out('scan.json'), 'utf8')) as Report;
  const csv = fs.readFileSync(out('scan.csv'), 'utf8');
  assert.equal(csv.split('\r\n').filter(Boolean).length, report.findings.length + 1);
  assert.doesNotMatch(csv, /(^|,)[=+@]/m, 'no cell starts a formula');
  const md = fs.readFileSync(out('scan.md'), 'utf8');
  assert.ok(md.length < 65_000);
  assert.match(md, /## credlife/);
  const html = fs.readFileSync(out('scan.html'), 'utf8');
  assert.ok(!html.includes('<b>pay</b>'), 'file name markup is escaped');
  assert.match(html, /data-framework="owasp-nhi-2025"/);
  const xmllint = spawnSync('xmllint', ['--noout', '--schema', path.join(repoRoot(), 'test', 'fixtures', 'report', 'junit.xsd'), out('scan.xml')], { encoding: 'utf8' });
  if (!xmllint.error) assert.equal(xmllint.status, 0, xmllint.stderr);
});

test('cli: credlife report --framework from a JSON report and from a scan', async () => {
  for (const fw of ['owasp-asi-2026', 'owasp-nhi-2025', 'csa-maestro', 'nist-ai-rmf']) {
    const md = await runCli(['report', '--framework', fw, '--input', out('scan.json')]);
    assert.equal(md.code, 0, md.stderr);
    assert.match(md.stdout, /\| Control \| Title \| State \| Why \| Findings \|/);
    assertNoSecrets(`report ${fw} markdown`, md.stdout);
  }
  const nhi = await runCli(['report', '--framework', 'owasp-nhi-2025', '--input', out('scan.json')]);
  assert.match(nhi.stdout, /\| NHI7 \| Long-Lived Secrets \| ❌ fail \|/);
  const file = out('nist.html');
  const html = await runCli(['report', '--framework', 'nist-ai-rmf', '--format', 'html', '--output', file, tree]);
  assert.equal(html.code, 0, html.stderr);
  const text = fs.readFileSync(file, 'utf8');
  assert.match(text, /data-framework="nist-ai-rmf"/);
  assertNoSecrets('report nist html', text);
  const bad = await runCli(['report', '--framework', 'nope', '--input', out('scan.json')]);
  assert.equal(bad.code, 2);
});

test('cli: credlife merge folds repositories and finds cross-repository reuse', async () => {
  const json = await runCli(['merge', `alpha=${out('scan.json')}`, `beta=${out('scan.json')}`, '--format', 'json']);
  assert.equal(json.code, 0, json.stderr);
  const merged = JSON.parse(json.stdout) as Report;
  assert.deepEqual(
    merged.repositories!.map((r) => r.name),
    ['alpha', 'beta'],
  );
  assert.ok(merged.findings.some((f) => f.context?.crossRepo?.repositories.join(',') === 'alpha,beta'));
  for (const format of ['html', 'markdown', 'csv']) {
    const r = await runCli(['merge', `alpha=${out('scan.json')}`, `beta=${out('scan.json')}`, '--format', format]);
    assert.equal(r.code, 0, r.stderr);
    assertNoSecrets(`merge ${format}`, r.stdout);
  }
});

test('cli: merge and report refuse malformed input with exit 2 and no stack', async () => {
  const bad = out('bad.json');
  fs.writeFileSync(bad, '{"schemaVersion": 1, "findings": [{"ruleId": 5}]}');
  for (const args of [
    ['merge', bad],
    ['report', '--framework', 'owasp-nhi-2025', '--input', bad],
    ['merge', out('missing.json')],
  ]) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /credlife: error: /);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
});
