// False-positive shapes seen on real agent repositories (rewritten: the shape, not the repository's text), each
// with a twin that puts a real-looking value in the same position and must still be found. Plus default local
// credentials: reported, tagged, and capped at low.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { expandTemplate } from '../../src/testing/fake-tokens.js';
import { phraseOf, phraseReason } from '../../src/detect/placeholders.js';
import { runCli, writeTree } from '../../src/testing/cli.js';
import type { Report } from '../../src/model/report.js';
import { scan } from '../detect/helpers.js';

/** [cause, file, silent text, twin with a real-looking value (found by the generic rule)]. */
const SHAPES: [string, string, string, string][] = [
  ['words and a counter in a test', 'src/client.test.ts', "const apiKey = 'test-api-key-123';", "const apiKey = '{base62:24}';"],
  ['a word glued to a counter', 'src/auth.test.ts', "  access_token: 'newaccess123',", "  access_token: '{base62:10}{digits:3}{base62:8}',"],
  ['a tool name and a counter in an example', 'examples/tools.ts', "weather: { apiKey: 'weather-123' },", "weather: { apiKey: '{base62:28}' },"],
  ['words that name the value', 'src/e2e.test.ts', "const VALID_TOKEN = 'entry-access-token';", "const VALID_TOKEN = '{base64url:32}';"],
  ['a sentence used as a signing key', 'src/jwt.test.ts', "privateKey: 'a-string-secret-at-least-256-bits-long',", "privateKey: '{base64:43}=',"],
  ['a test-case id with a keyword before a colon', 'test/requirements.ts', "  'client-auth:401-after-auth-throws': {", "  'client-auth': '{base62:30}',"],
  ['a sentinel of words, numbers and a short id', 'examples/repro.ts', "const secret = 'ISSUE-4242-TEXT-FILE-ONLY-9f31c7';", "const secret = '{base62:30}';"],
  ['a placeholder password in docs', 'docs/elicitation.mdx', "  password: 'securepassword123',", "  password: '{base62:12}{lit:#}{digits:2}',"],
  ['leetspeak placeholder', 'redact_test.py', "redact(password='s3cr3t_pw')", "redact(password='{base62:14}!')"],
  ['a package name and a workspace specifier', 'examples/app/package.json', '    "@acme-examples/oauth": "workspace:*",', '    "oauth": "{base62:32}",'],
  ['a package name and an npm alias', 'deno.json', '    "@aws-sdk/credential-provider-node": "npm:/@aws-sdk/credential-provider-node",', '    "credential": "{base62:32}",'],
  ['an MCP progress token', 'src/server.test.ts', "params: { progressToken: 'disconnect-1', progress: 50 }", "params: { accessToken: '{base62:26}', progress: 50 }"],
  ['a cancellation token in C#', 'src/Client.cs', 'public Task Run(CancellationToken cancellationToken = default!)', 'var apiToken = "{base62:30}";'],
  ['prose in an echo', 'scripts/run.sh', 'echo "Refusing to run without OPENAI_API_KEY_SOURCE=service-account." >&2', 'export OPENAI_API_KEY={base62:40}'],
  ['a TypeScript non-null assertion', 'src/server.ts', 'const apiKey = OPENAI_API_KEY!;', 'const apiKey = "{base62:24}{digits:3}";'],
  ['a shell variable', 'install.sh', 'feed_credential="?$feed_credential"', 'feed_credential="{base62:28}"'],
  ['a Python format field', 'report.py', 'secret = f"{sentinels[3]}"', 'secret = "{base62:28}"'],
  ['a documentation path', 'src/auth.ts', ' * export GOOGLE_APPLICATION_CREDENTIALS="path/to/credentials"', ' * export GOOGLE_API_TOKEN="{base62:30}"'],
  ['the word secret as a query value', 'src/log.test.ts', "'https://[2001:db8::1]:8443/mcp?token=secret#fragment',", "const token = '{base62:28}';"],
  ['words in a key=value parser test', 'src/parse.test.ts', '\'{"clientSecret":"secret=value"}\';', '\'{"clientSecret":"{base62:30}"}\';'],
  ['words and counters standing in for a credential pair', 'src/sandbox.test.ts', "  TOKEN: 'credential-1:openai-key',", "  TOKEN: '{base62:36}',"],
];

for (const [cause, file, silent, twin] of SHAPES) {
  test(`real shape: ${cause}`, () => {
    assert.deepEqual(scan(silent, file).map((d) => d.ruleId), [], `${cause}: reported`);
    const found = scan(expandTemplate(twin, 4), file);
    assert.ok(found.length > 0, `${cause}: the twin with a real-looking value was not found`);
  });
}

test('random generated values are not taken for words and counters', () => {
  let phrases = 0;
  const n = 4000;
  for (let i = 0; i < n; i++) {
    const tpl = ['{base62:', '{base64url:', '{hex:', '{alnum:'][i % 4]! + `${12 + (i % 37)}}`;
    const value = expandTemplate(tpl, 500 + i);
    if (phraseReason(value, { key: 'api_key', file: 'src/a.ts' })) phrases++;
  }
  assert.ok(phrases / n < 0.002, `${phrases} of ${n} random values taken for phrases`);
  assert.ok(phraseOf('weather-123') && phraseOf('client-auth:401-after-auth-throws') && !phraseOf(expandTemplate('{base64url:40}', 9)));
});

test('default local credentials are reported, tagged, and capped at low with the reason', async () => {
  const silentTwin = scan('DATABASE_URL=postgres://user:password@localhost:5432/app', '.env');
  assert.deepEqual(silentTwin.map((d) => d.ruleId), [], 'user:password is a placeholder, not a default');
  const found = (text: string, file: string) => scan(text, file).filter((d) => d.tags.includes('default-credential'));
  assert.equal(found('services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: postgres', 'docker-compose.yml').length, 1);
  // Built at run time so that this file holds no default credential itself.
  const pg = ['postgres', 'postgres'].join(':');
  assert.equal(found(`      NEO4J_AUTH: ${['neo4j', 'password'].join('/')}`, '.github/workflows/test.yml').length, 1);
  assert.equal(found(`  DATABASE_URL: postgres://${pg}@postgres:5432/app`, 'docker-compose.yml').length, 1);
  assert.equal(found('# Connection strings with an embedded password: postgres, mysql, redis', 'rules/db.yaml').length, 0);
  // A default password on a remote host is not capped.
  const remote = scan(`DATABASE_URL=postgres://${pg}@db.prod.example.com:5432/app`, '.env');
  assert.ok(remote.length === 1 && !remote[0]!.tags.includes('default-credential'));

  const dir = writeTree({ 'docker-compose.yml': `services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: postgres\n  app:\n    environment:\n      DATABASE_URL: postgres://${pg}@db:5432/app\n` });
  try {
    const r = await runCli(['scan', dir, '-f', 'json', '--no-config', '-j', '1']);
    assert.equal(r.code, 0, `the default gate passes: ${r.stderr}`);
    const report = JSON.parse(r.stdout) as Report;
    const secrets = report.findings.filter((f) => f.kind === 'secret');
    assert.ok(secrets.length >= 2);
    for (const f of secrets) {
      assert.equal(f.severity, 'low', f.message);
      assert.match(f.message, /default local credential/);
      assert.ok(f.factors.some((x) => x.name === 'default-credential'));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
