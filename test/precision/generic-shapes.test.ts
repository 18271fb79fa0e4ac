// The key decides: a value under a credential-named key is a secret whatever its alphabet (hex, base64,
// URL-safe, base62, punctuation), and weak passwords under password keys in env / config files are passwords;
// the same values under hash-named keys stay silent. Every shape of assignment is covered; values are built at
// run time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandTemplate } from '../../src/testing/fake-tokens.js';
import { scan } from '../detect/helpers.js';

/** Value alphabets: what `openssl rand -hex 32`, `openssl rand -base64 32`, `secrets.token_urlsafe()` and friends print. */
const VALUES: Record<string, string> = {
  hex: '{hex:64}',
  'hex-32': '{hex:32}',
  base64: '{base64:42}{lit:=}',
  'url-safe': '{base64url:43}',
  base62: '{base62:32}',
  punctuation: '{base62:6}{lit:&}{base62:4}{lit:!}{base62:4}',
};

/** Assignment shapes: [name, file, template with KEY and VALUE]. */
const SHAPES: [string, string, string][] = [
  ['.env plain', '.env', 'KEY=VALUE'],
  ['.env quoted', '.env', 'KEY="VALUE"'],
  ['.env export', '.env', 'export KEY=VALUE'],
  ['YAML', 'config.yaml', 'auth:\n  KEY: VALUE'],
  ['JSON', 'config.json', '{ "KEY": "VALUE" }'],
  ['TOML', 'config.toml', '[service]\nKEY = "VALUE"'],
  ['INI', 'app.ini', '[service]\nKEY = VALUE'],
  ['.properties', 'app.properties', 'service.KEY=VALUE'],
  ['compose environment list', 'docker-compose.yml', 'services:\n  app:\n    environment:\n      - KEY=VALUE'],
  ['shell', 'deploy.sh', 'export KEY="VALUE"\n./run'],
  ['TS const', 'src/config.ts', 'export const KEY = "VALUE";'],
  ['TS property', 'src/client.ts', 'const client = new Client({ KEY: "VALUE" });'],
  ['Python assignment', 'settings.py', 'KEY = "VALUE"'],
  ['Python keyword argument', 'agent.py', 'client = Client(KEY="VALUE")'],
  ['Python os.environ', 'agent.py', 'os.environ["KEY"] = "VALUE"'],
];

const CREDENTIAL_KEYS: Record<string, string> = {
  '.env plain': 'SESSION_SECRET', '.env quoted': 'WEBHOOK_SECRET', '.env export': 'API_TOKEN', YAML: 'client_secret',
  JSON: 'token', TOML: 'api_key', INI: 'secret_key', '.properties': 'client-secret', 'compose environment list': 'JWT_SECRET',
  shell: 'AUTH_TOKEN', 'TS const': 'signingSecret', 'TS property': 'apiKey', 'Python assignment': 'SECRET_KEY',
  'Python keyword argument': 'api_key', 'Python os.environ': 'SERVICE_API_KEY',
};
const HASH_KEYS = ['sha256', 'checksum', 'digest', 'commit', 'rev', 'integrity', 'etag', 'hash', 'content_sha'];

function fill(shape: string, key: string, valueTpl: string, seed: number): string {
  return shape.replace('KEY', key).replace('VALUE', expandTemplate(valueTpl, seed));
}

for (const [shape, file, tpl] of SHAPES) {
  test(`found under a credential key: ${shape}`, () => {
    for (const [alphabet, v] of Object.entries(VALUES)) {
      for (const seed of [1, 2, 3]) {
        const text = fill(tpl, CREDENTIAL_KEYS[shape]!, v, seed);
        const found = scan(text, file);
        assert.ok(found.some((d) => d.ruleId === 'generic-secret-assignment'), `${alphabet} (seed ${seed}) not found in ${file}:\n${text.replace(/[A-Za-z0-9+/=_&!-]{12,}/g, '<value>')}`);
      }
    }
  });
  test(`silent under a hash name: ${shape}`, () => {
    for (const key of HASH_KEYS) {
      for (const v of ['{hex:64}', '{hex:40}', '{hex:32}', '{lit:sha256-}{base64:43}{lit:=}']) {
        const text = fill(tpl, key, v, 7);
        assert.deepEqual(scan(text, file).map((d) => d.ruleId), [], `${key} in ${file}`);
      }
    }
  });
}

test('image digests, lockfile integrity and commit pins stay silent', () => {
  const cases: [string, string][] = [
    ['docker-compose.yml', 'services:\n  app:\n    image: ghcr.io/acme/agent@sha256:{hex:64}'],
    ['package-lock.json', '{ "integrity": "sha512-{base64:86}==" }'],
    ['.github/workflows/ci.yml', 'steps:\n  - uses: actions/checkout@{hex:40}'],
    ['.env', 'GIT_COMMIT={hex:40}'],
  ];
  for (const [file, tpl] of cases) assert.deepEqual(scan(expandTemplate(tpl, 3), file).map((d) => d.ruleId), [], file);
});

test('weak passwords under password keys in env and config files are found', () => {
  const weak = ['{lit:hunter}{lit:2}', '{lit:letmein}{lit:1}', '{lit:Summer}{lit:2024!}', '{lit:dragon}{lit:99}'];
  const shapes: [string, string][] = [
    ['.env', 'DB_PASSWORD=VALUE'],
    ['.env', 'export REDIS_PASSWORD="VALUE"'],
    ['config.yaml', 'database:\n  password: VALUE'],
    ['docker-compose.yml', 'services:\n  db:\n    environment:\n      - MYSQL_PASSWORD=VALUE'],
    ['app.properties', 'spring.datasource.password=VALUE'],
    ['config.toml', '[db]\npassword = "VALUE"'],
  ];
  for (const [file, tpl] of shapes) {
    for (const v of weak) {
      const text = tpl.replace('VALUE', expandTemplate(v, 1));
      assert.ok(scan(text, file).some((d) => d.ruleId === 'generic-secret-assignment'), `weak password in ${file}`);
    }
  }
  // ...but not settings that sit under a password-named key, nor placeholders.
  for (const text of ['PASSWORD_RESET_TIMEOUT=3600', 'DB_PASSWORD=', 'DB_PASSWORD=${DB_PASSWORD}', 'password: required', 'DB_PASSWORD=changeme', 'DB_PASSWORD=password123', 'DB_PASSWORD=DB_PASSWORD_FILE']) {
    assert.deepEqual(scan(text, '.env').map((d) => d.ruleId), [], text);
  }
});

test('passwords in f-strings and template strings of connection strings are found; interpolations are not', () => {
  const pw = '{base62:8}{lit:&}{base62:4}{lit:!}';
  const found: [string, string][] = [
    ['db.py', `engine = create_engine(f"postgresql://app:${pw}@db.internal:5432/{name}")`],
    ['db.ts', `const url = \`postgres://app:${pw}@db.internal/\${name}\`;`],
    ['db.py', `DSN = f"host=db user=app password=${pw} dbname={db}"`],
  ];
  for (const [file, tpl] of found) assert.ok(scan(expandTemplate(tpl, 2), file).length > 0, tpl);
  const silent: [string, string][] = [
    ['db.py', 'engine = create_engine(f"postgresql://{user}:{password}@{host}/app")'],
    ['db.ts', 'const url = `postgres://${user}:${pw}@db/app`;'],
    ['db.py', 'engine = create_engine(f"mysql://root:{os.environ[\'PW\']}@db/x")'],
  ];
  for (const [file, text] of silent) assert.deepEqual(scan(text, file).map((d) => d.ruleId), [], text);
});

test('shell and compose parameter expansion: the message of a required variable is not a secret; a default still is', () => {
  for (const [file, line] of [
    ['docker-compose.yml', 'services:\n  db:\n    environment:\n      - POSTGRES_PASSWORD=${POSTGRES_PASSWORD:?Set POSTGRES_PASSWORD in .env}'],
    ['docker-compose.yml', 'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: "${POSTGRES_PASSWORD:?required}"'],
    ['deploy.sh', 'export API_TOKEN="${API_TOKEN:?missing token}"\n./run'],
  ] as const) {
    assert.deepEqual(scan(line, file).map((d) => d.ruleId), [], `${file}: ${line}`);
  }
  const secretDefault = expandTemplate('{base62:24}', 7);
  const found = scan(`services:\n  db:\n    environment:\n      - DB_PASSWORD=\${DB_PASSWORD:-${secretDefault}}`, 'docker-compose.yml');
  assert.ok(found.some((d) => d.ruleId === 'generic-secret-assignment'), 'a literal default is written down');
});
