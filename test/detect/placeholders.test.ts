// Placeholders and decoys are not secrets; real-looking values next to them still are. Both sides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandTemplate, fakeToken } from '../../src/testing/fake-tokens.js';
import { scan } from './helpers.js';

const DECOYS: [string, string][] = [
  ['your-key-here', 'OPENAI_API_KEY=sk-your-key-here'],
  ['xxxx', 'GITHUB_TOKEN={lit:gh}{lit:p_}{repeat:x:36}'],
  ['<token>', 'api_key: "<token>"'],
  ['${VAR}', 'password: ${DB_PASSWORD}'],
  ['${{ secrets.X }}', 'token: ${{ secrets.API_TOKEN }}'],
  ['{{ }}', 'password: "{{ vault_db_password }}"'],
  ['process.env.X', 'const apiKey = process.env.OPENAI_API_KEY;'],
  ['os.environ[…]', 'api_key = os.environ["ANTHROPIC_API_KEY"]'],
  ['changeme', 'password: changeme123'],
  ['example word', 'secret_key = "example-secret-value-1234"'],
  ['sample word', 'token: sample_token_8f7d6c5b4a'],
  ['dummy word', 'password=dummy-password-42'],
  ['fake word', 'auth_token=fake_token_for_tests_99'],
  ['redacted', 'api_key: REDACTED_1234567890'],
  ['placeholder', 'client_secret: placeholder-client-secret'],
  ['insert', 'api_key: insert_api_key_9'],
  ['replace', 'token = "replace_with_real_token_1"'],
  ['repeated chars', 'secret: aaaaaaaaaaaaaaaaaaaa'],
  ['sequential chars', 'password: abcdefgh12345678'],
  ['ascending runs', 'crew_bearer_token="[Your token: abcdef012345]"'],
  ['ascending runs, mixed', 'api_key = "abcd1234efgh5678"'],
  ['AWS docs example key', 'AWS_ACCESS_KEY_ID={lit:AK}{lit:IA}{lit:IOSFODNN7}{lit:EXAMPLE}'],
  ['AWS docs example secret', 'AWS_SECRET_ACCESS_KEY={lit:wJalrXUtnFEMI/K7MDENG/bPxRfiCY}{lit:EXAMPLEKEY}'],
  ['lockfile integrity', '"integrity": "sha512-{base64:86}=="'],
  ['go.sum hash', 'golang.org/x/crypto v0.1.0/go.mod h1:{base64:43}='],
  ['UUID', 'token: "{hex:8}-{hex:4}-{hex:4}-{hex:4}-{hex:12}"'],
  ['commit SHA', 'commit_token: {hex:40}'],
  ['pinned action SHA', '      - uses: actions/checkout@{hex:40} # v4'],
  ['ssh public key', 'authorized_key: ssh-ed25519 {base64:68} user@host'],
  ['PEM public key', '{lit:-----BEGIN }{lit:PUBLIC KEY-----}\n{base64:64}\n{base64:64}\n{lit:-----END }{lit:PUBLIC KEY-----}'],
  ['data URI image', 'icon_token: "data:image/png;base64,iVBORw0KGgo{base64:200}"'],
  ['publishable key name', 'STRIPE_PUBLISHABLE_KEY={base62:32}'],
  ['type annotation', 'function login(password: string, token: AuthToken) {}'],
  ['function call', 'const token = await getAccessTokenForUser(user);'],
  ['member access', 'headers.Authorization = config.auth.bearerToken'],
  ['max tokens', 'max_tokens: 4096'],
];

for (const [name, tpl] of DECOYS) {
  test(`decoy is not reported: ${name}`, () => {
    const text = expandTemplate(tpl, 7);
    const found = scan(text);
    assert.deepEqual(found.map((d) => `${d.ruleId}@${d.line}`), [], `${name}: reported`);
  });
}

const REAL: [string, string, string][] = [
  ['generic password in .env', 'DB_PASSWORD={base62:12}!{base62:4}', 'generic-secret-assignment'],
  ['generic secret in YAML', 'client_secret: "{base62:28}"', 'generic-secret-assignment'],
  ['generic token in JSON', '{ "api_token": "{base62:16}{digits:4}" }', 'generic-secret-assignment'],
  ['generic key in TOML', '[service]\napi_key = "{base62:24}"', 'generic-secret-assignment'],
  ['generic key in INI', '[db]\npassword={base62:10}#{digits:3}', 'generic-secret-assignment'],
  ['generic key in code', 'const apiKey = "{base62:30}";', 'generic-secret-assignment'],
  ['generic key in shell', 'export SERVICE_TOKEN="{base62:26}"', 'generic-secret-assignment'],
  ['AWS key that mentions nothing', 'AWS_ACCESS_KEY_ID={tok:aws-access-key-id}', 'aws-access-key-id'],
  ['sha-like secret with a secret key name', 'DD_API_KEY={hex:32}', 'datadog-api-key'],
];

for (const [name, tpl, ruleId] of REAL) {
  test(`real-looking value is reported: ${name}`, () => {
    const found = scan(expandTemplate(tpl, 11));
    assert.ok(found.some((d) => d.ruleId === ruleId), `${name}: got [${found.map((d) => d.ruleId).join(', ')}]`);
  });
}

test('a provider token next to placeholder words elsewhere on the line is still found', () => {
  const text = `# replace with your own key\nOPENAI_API_KEY=${fakeToken('openai', 3)}`;
  assert.equal(scan(text)[0]?.ruleId, 'openai-api-key');
});

test('ascending runs: an example padded with abcd / 0123 runs is sequential; random tokens are not', async () => {
  const { mostlyAscendingRuns } = await import('../../src/detect/placeholders.js');
  for (const v of ['abcdef012345', 'abcd1234efgh5678', 'ABCDEFGH01234567', 'xyz0123456789']) assert.ok(mostlyAscendingRuns(v), v);
  for (let seed = 0; seed < 200; seed++) {
    for (const t of ['{base62:32}', '{hex:40}', '{base64url:43}']) {
      const v = expandTemplate(t, seed);
      assert.ok(!mostlyAscendingRuns(v), `${t} ${seed}`);
    }
  }
});
