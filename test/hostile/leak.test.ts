// Never leak what you find: for every output format and log level, warnings and error messages,
// planted raw secrets (and any 12-character piece of one) never appear.
import test from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { runCli, writeTree } from '../../src/testing/cli.js';
import { fakeToken } from '../../src/testing/fake-tokens.js';
import { formatNames } from '../../src/report/index.js';
import type { Report } from '../../src/model/report.js';

const KINDS = ['github-pat', 'openai', 'stripe-live', 'anthropic', 'aws-access-key-id', 'slack-bot', 'postgres-url', 'private-key-pem', 'jwt-short', 'generic-password'];

function secretsOf(): string[] {
  return KINDS.map((k) => fakeToken(k));
}

function leaksIn(text: string, secrets: string[]): string[] {
  const hits: string[] = [];
  for (const s of secrets) {
    // The secret part only: skip well-known public prefixes that redaction shows on purpose.
    const body = s.replace(/^(?:ghp_|sk-proj-|sk-ant-api03-|sk_live_|xoxb-|AKIA|postgres:\/\/app_user:)/, '');
    for (let i = 0; i + 12 <= body.length; i += 4) {
      const piece = body.slice(i, i + 12);
      if (/^[-=A-Za-z]{0,3}$/.test(piece) || piece.includes('-----')) continue;
      if (text.includes(piece)) {
        hits.push(piece);
        break;
      }
    }
  }
  return hits;
}

function leakyTree(): string {
  return writeTree({
    '.env': 'GITHUB_TOKEN={{github-pat}}\nOPENAI_API_KEY="{{openai}}"\nDB_PASSWORD={{generic-password}}\n',
    'config.json': '{ "stripe": "{{stripe-live}}", "anthropic": "{{anthropic}}" ',
    '.mcp.json': '{"mcpServers": {"slack": {"env": {"SLACK_BOT_TOKEN": "{{slack-bot}}"}}, "x": {"env": {"K": "{{aws-access-key-id}}"',
    'deploy.yaml': 'env:\n  DATABASE_URL: {{postgres-url}}\n  bad: [unclosed\n  JWT: {{jwt-short}}\n',
    'key.pem': '{{private-key-pem}}\n',
    '.codex/config.toml': '[mcp_servers.s]\nenv = { TOKEN = "{{github-pat}}"\n',
    'agent.ts': 'import { tool } from "ai";\nconst k = "{{openai}}";\nexport const t = tool({ execute: async () => fetch(k, { headers: { Authorization: `Bearer ${"{{anthropic}}"}` } }) });\n',
  });
}

test('no format, at any log level, prints a raw secret', { timeout: 180_000 }, async () => {
  const dir = leakyTree();
  const secrets = secretsOf();
  // The detector itself must be able to fail: every planted secret is seen when printed.
  for (const s of secrets) assert.equal(leaksIn(`x ${s} y`, [s]).length, 1, 'leak check sees a printed secret');
  for (const format of formatNames()) {
    for (const extra of [[], ['--debug']]) {
      const r = await runCli(['scan', dir, '--format', format, '--exit-zero', ...extra]);
      assert.equal(r.code, 0, `${format} ${extra.join(' ')}: ${r.stderr}`);
      assert.deepEqual(leaksIn(r.stdout + r.stderr, secrets), [], `${format} ${extra.join(' ')} leaks`);
    }
  }
});

test('warnings about malformed files on lines holding secrets do not quote them', async () => {
  const dir = leakyTree();
  const r = await runCli(['scan', dir, '--format', 'json', '--debug', '--exit-zero']);
  const report = JSON.parse(r.stdout) as Report;
  assert.ok((report.summary.warnings ?? []).length > 0, 'malformed files produce warnings');
  assert.deepEqual(leaksIn(JSON.stringify(report.summary.warnings), secretsOf()), []);
  assert.ok(report.findings.some((f) => f.file === 'config.json' && f.kind === 'secret'), 'malformed JSON is still scanned as text');
});

test('config and usage errors never echo a secret', async () => {
  const secret = fakeToken('github-pat');
  const dir = writeTree({ '.credlife.yaml': `failOn: ${secret}\nallowlist:\n  paths:\n    - pattern: "x"\n` });
  const bad = await runCli(['scan', dir]);
  assert.equal(bad.code, 2);
  assert.deepEqual(leaksIn(bad.stdout + bad.stderr, [secret]), []);
  const debug = await runCli(['scan', dir, '--debug']);
  assert.equal(debug.code, 2);
  assert.deepEqual(leaksIn(debug.stdout + debug.stderr, [secret]), []);
  const flag = await runCli(['scan', dir, '--fail-on', secret]);
  assert.equal(flag.code, 2);
  const explain = await runCli(['explain', secret]);
  assert.deepEqual(leaksIn(explain.stdout + explain.stderr, [secret]), []);
});

test('fingerprints are keyed: not a plain hash, stable within a key, different across keys', async () => {
  // Two files: the same credential twice in one file is one finding (with two occurrences).
  const dir = writeTree({ '.env': 'DB_PASSWORD={{generic-password}}\n', 'svc/.env': 'OTHER_PASSWORD={{generic-password}}\n' });
  const value = fakeToken('generic-password');
  const scanWith = async (key?: string) => {
    const r = await runCli(['scan', dir, '--format', 'json', '--exit-zero'], { env: { CREDLIFE_FINGERPRINT_KEY: key } });
    return (JSON.parse(r.stdout) as Report).findings.filter((f) => f.credential).map((f) => f.credential!.fingerprint);
  };
  const a = await scanWith('key-a');
  const a2 = await scanWith('key-a');
  const b = await scanWith('key-b');
  const none = await scanWith(undefined);
  assert.ok(a.length >= 2);
  assert.equal(new Set(a).size, 1, 'equal values, equal fingerprints');
  assert.deepEqual(a, a2, 'stable across runs with one key');
  assert.notDeepEqual(a, b, 'another key, other fingerprints');
  for (const fp of [...a, ...none]) {
    for (const algo of ['sha1', 'sha256', 'md5', 'sha512']) {
      const plain = crypto.createHash(algo).update(value).digest();
      for (const enc of ['hex', 'base64', 'base64url'] as const) assert.ok(!fp.includes(plain.toString(enc).slice(0, 12)), `${algo}/${enc}`);
    }
  }
});
