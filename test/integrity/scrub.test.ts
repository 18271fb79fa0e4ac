// One scrubber for every string: a detected secret that is also a name (MCP server, env key, file name) is
// never printed raw in any format, config errors name where the bad key is instead of the key, and merge
// re-redacts what its input files claim. Trees and tokens are built at run time.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, writeTree } from '../../src/testing/cli.js';
import { fakeToken } from '../../src/testing/fake-tokens.js';
import { formatNames } from '../../src/report/index.js';

/** Any 12-character piece of the token's body found in `text`. */
function leaked(text: string, token: string): string | null {
  const body = token.replace(/^(?:ghp_|sk_live_|xoxb-)/, '');
  for (let i = 0; i + 12 <= body.length; i += 3) if (text.includes(body.slice(i, i + 12))) return body.slice(i, i + 12);
  return null;
}

test('a secret that is also a name is redacted wherever the name appears, in every format', async () => {
  const gh = fakeToken('github-pat', 31);
  const stripe = fakeToken('stripe-live', 32);
  const dir = writeTree({
    '.mcp.json': JSON.stringify({ mcpServers: { [gh]: { command: 'npx', args: ['server'], env: { GITHUB_TOKEN: gh } } } }, null, 2),
    '.env': `${stripe}_TOKEN=${stripe}\n`,
    [`keys/${gh}.txt`]: 'nothing here\n',
  });
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-scrub-out-'));
  try {
    const formats = formatNames();
    const r = await runCli(['scan', dir, '--no-config', '--exit-zero', '--debug', ...formats.flatMap((f) => ['-o', `${f}=${path.join(out, `r.${f}`)}`])]);
    assert.equal(r.code, 0, r.stderr);
    for (const f of formats) {
      const text = fs.readFileSync(path.join(out, `r.${f}`), 'utf8');
      for (const token of [gh, stripe]) assert.equal(leaked(text, token), null, `${f} prints a raw secret`);
    }
    const report = JSON.parse(fs.readFileSync(path.join(out, 'r.json'), 'utf8'));
    assert.ok(report.findings.length > 0 && report.bindings.length > 0, 'the tree still produces findings and bindings');
    assert.ok(JSON.stringify(report).includes('ghp_…'), 'names show the redacted form');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(out, { recursive: true, force: true });
  }
});

test('config errors name where the offending key is, never the key or value', async () => {
  const gh = fakeToken('github-pat', 33);
  for (const config of [`version: 1\n${gh}: true\n`, `version: 1\nrules:\n  ${gh}: []\n`, `requireControls: ["${gh}"]\n`]) {
    const dir = writeTree({ '.credlife.yaml': config, 'a.txt': 'x\n' });
    try {
      const r = await runCli(['scan', dir, '--debug']);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(leaked(r.stdout + r.stderr, gh), null, `${config}: ${r.stderr}`);
      assert.match(r.stderr, /\.credlife\.yaml/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('merge re-redacts its inputs', async () => {
  const gh = fakeToken('github-pat', 34);
  const dir = writeTree({ 'a.env': 'GITHUB_TOKEN={{github-pat}}\n' });
  try {
    const r = await runCli(['scan', dir, '--no-config', '--format', 'json', '--exit-zero']);
    const report = JSON.parse(r.stdout);
    // A hostile or broken input: the raw value in redacted, in a tool name and in a message.
    report.findings[0].credential.redacted = gh;
    report.findings[0].message = `holds ${gh}`;
    if (report.bindings[0]) report.bindings[0].tool = gh;
    fs.writeFileSync(path.join(dir, 'in.json'), JSON.stringify(report));
    for (const format of ['json', 'html', 'markdown', 'csv']) {
      const m = await runCli(['merge', path.join(dir, 'in.json'), '--format', format]);
      assert.equal(m.code, 0, m.stderr);
      assert.equal(leaked(m.stdout, gh), null, `merge ${format}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a documented default password is not scrubbed out of names (a service called postgres-test stays readable)', async () => {
  const compose = [
    'services:',
    '  postgres-test:',
    '    image: postgres:16',
    '    environment:',
    '      POSTGRES_PASSWORD: postgres',
    '      POSTGRES_USER: postgres',
  ].join('\n');
  const dir = writeTree({ 'compose.yml': compose + '\n' });
  try {
    const r = await runCli(['scan', dir, '--no-config', '--exit-zero', '-f', 'json']);
    const report = JSON.parse(r.stdout);
    assert.ok(report.findings.some((f: { message: string }) => /default local credential/.test(f.message)), 'the default password is still a finding');
    assert.ok(report.bindings.some((b: { tool: string }) => b.tool === 'postgres-test'), JSON.stringify(report.bindings));
    assert.doesNotMatch(r.stdout, /…-test/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
