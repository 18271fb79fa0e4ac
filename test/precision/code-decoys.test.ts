// Precision: code shapes from published SDKs must not be reported; a planted secret next to them must be.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../src/testing/paths.js';
import { expandFixtureText, expandTemplate } from '../../src/testing/fake-tokens.js';
import { isWordyIdentifier } from '../../src/detect/placeholders.js';
import { scan } from '../detect/helpers.js';

const template = expandFixtureText(
  readFileSync(path.join(repoRoot(), 'test', 'fixtures', 'precision', 'code-decoys.ts.txt'), 'utf8'),
);

test('code decoys produce no secret findings', () => {
  const text = template.replace('{{planted}}', '');
  assert.deepEqual(scan(text, 'decoys.ts').map((d) => d.ruleId), []);
});

test('a planted generic secret next to the decoys is still found', () => {
  const planted = `const apiKey = "${expandTemplate('{base62:20}{digits:4}')}";`;
  const found = scan(template.replace('{{planted}}', `\n${planted}`), 'decoys.ts');
  assert.equal(found.length, 1);
  assert.equal(found[0]!.ruleId, 'generic-secret-assignment');
});

// Each decoy shape above, with a real-looking value in the same position: still found. Values are built at
// run time; `rule` is the rule that must report the line.
const TWINS: [string, string, string][] = [
  ['quoted value instead of a negated identifier', 'let hasApiKey = "{base62:20}{digits:4}";', 'generic-secret-assignment'],
  ['unquoted value at the end of a line', 'oauthAccessToken: {base62:12}{digits:2}{base62:10}', 'generic-secret-assignment'],
  ['literal passed on, not an expression', 'const decodedSecret = "{base62:26}";', 'generic-secret-assignment'],
  ['object literal value before a comma', '{ authorization: "{base62:22}{digits:3}", headers }', 'generic-secret-assignment'],
  ['literal union type member', 'password: "{base62:18}{digits:4}" | undefined', 'generic-secret-assignment'],
  ['connection-string password before a semicolon', 'Server=db;User Id=app;Password={base62:16}{digits:2};', 'generic-secret-assignment'],
  ['YAML flow map value', '{password: {base62:14}{digits:3}, user: app}', 'generic-secret-assignment'],
  ['password starting with "!"', 'DB_PASSWORD=!{base62:14}{digits:2}', 'generic-secret-assignment'],
  ['human password with a year', 'password: Winter{digits:4}Blue', 'generic-secret-assignment'],
  ['AWS secret key in an object literal', 'const mount = { secret_access_key: "{tok:aws-secret-access-key}" };', 'aws-secret-access-key'],
  ['JWT with a real subject', 'const sample = "{tok:jwt-noexp}";', 'jwt'],
];

for (const [name, tpl, rule] of TWINS) {
  test(`a real value in a decoy's shape is found: ${name}`, () => {
    const line = expandTemplate(tpl, 11);
    const found = scan(template.replace('{{planted}}', `\n${line}`), 'decoys.ts');
    assert.deepEqual(found.map((d) => d.ruleId), [rule], name);
  });
}

// The identifier filter must not swallow random secrets: random letters-and-digits values that split into
// words are rare (measured ≈ 0.3%; the bound leaves room for the seed).
test('random base62 values are rarely taken for identifiers made of words', () => {
  let wordy = 0;
  const n = 5000;
  for (let i = 0; i < n; i++) {
    const value = expandTemplate(`{base62:${12 + (i % 29)}}`, 1000 + i);
    if (isWordyIdentifier(value)) wordy++;
  }
  assert.ok(wordy / n < 0.01, `${wordy} of ${n} random values taken for identifiers`);
});

test('identifiers made of words: code names yes, random values and human passwords no', () => {
  for (const name of ['x509Authentication', 'OAuth2Client', 'Uint8Array', '_callApiKey', 'tokens_1', '_credential', 'isBearerToken']) {
    assert.equal(isWordyIdentifier(name), true, name);
  }
  for (const value of ['SummerTime2024', 'BlueHorse2024Staple', 'Welcome1', expandTemplate('{base62:24}', 3)]) {
    assert.equal(isWordyIdentifier(value), false, 'a value taken for an identifier');
  }
});

test('"!!" before a constant name is code in a code file, and a value written down in a config file', () => {
  assert.deepEqual(scan('const status = { hasApiKey: !!env.API_KEY };', 'status.tsx').map((d) => d.ruleId), []);
  const line = expandTemplate('DB_PASSWORD=!!{upper:12}', 3);
  assert.deepEqual(scan(line, '.env').map((d) => d.ruleId), ['generic-secret-assignment']);
});

test('a version is not a secret, under any key (package.json dependencies such as "next-auth")', () => {
  const deps = '{\n  "dependencies": {\n    "next-auth": "5.0.0-beta.25",\n    "@auth/core": "^0.37.2",\n    "secret-handshake": "~1.1.20"\n  }\n}';
  assert.deepEqual(scan(deps, 'package.json').map((d) => d.ruleId), []);
  const twin = expandTemplate('{\n  "auth": "5.0.{base62:18}"\n}', 4);
  assert.deepEqual(scan(twin, 'config.json').map((d) => d.ruleId), ['generic-secret-assignment'], 'a value that only starts like a version');
});
