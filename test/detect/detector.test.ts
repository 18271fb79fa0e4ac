// Engine behaviour: positions, key names, overlaps, options, detectValue, lifetimes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandTemplate, fakeToken } from '../../src/testing/fake-tokens.js';
import { detectValue, loadCredentialRules } from '../../src/detect/index.js';
import { builtinRules, OPTS, scan, RULES_DIR } from './helpers.js';

test('line and column are 1-based and point at the secret', () => {
  const tok = fakeToken('github-pat', 5);
  const text = `# config\n\nexport GITHUB_TOKEN="${tok}"\n`;
  const [d] = scan(text, 'a.sh');
  assert.ok(d);
  assert.equal(d.ruleId, 'github-classic-pat');
  assert.equal(d.line, 3);
  assert.equal(d.column, 'export GITHUB_TOKEN="'.length + 1);
  assert.equal(d.file, 'a.sh');
  assert.equal(d.key, 'GITHUB_TOKEN');
  assert.equal(d.length, 40);
  assert.equal(d.redacted, `ghp_…${tok.slice(-4)}`);
  assert.ok(!JSON.stringify(d).includes(tok), 'raw value leaked into the detection');
});

test('key names are taken from env, JSON, YAML and code assignments', () => {
  const tok = fakeToken('anthropic', 2);
  const cases: [string, string][] = [
    [`ANTHROPIC_API_KEY=${tok}`, 'ANTHROPIC_API_KEY'],
    [`{"anthropicKey": "${tok}"}`, 'anthropicKey'],
    [`  api_key: '${tok}'`, 'api_key'],
    [`const client = new Anthropic({ apiKey: "${tok}" })`, 'apiKey'],
    [`curl -H "x-api-key: ${tok}"`, 'x-api-key'],
  ];
  for (const [text, key] of cases) assert.equal(scan(text)[0]?.key, key, text.slice(0, 30));
});

test('a provider rule beats the generic rule on the same span', () => {
  const text = `OPENAI_API_KEY="${fakeToken('openai', 9)}"`;
  const found = scan(text);
  assert.deepEqual(found.map((d) => d.ruleId), ['openai-api-key']);
});

test('a database URL is reported once, by the database rule', () => {
  const found = scan(`DATABASE_URL=${fakeToken('postgres-url', 4)}`);
  assert.deepEqual(found.map((d) => d.ruleId), ['postgres-connection-string']);
  assert.equal(found[0]!.key, 'DATABASE_URL');
});

test('equal values share a fingerprint across files; different values do not', () => {
  const a = fakeToken('stripe-live', 1);
  const b = fakeToken('stripe-live', 2);
  const [d1] = scan(`STRIPE_SECRET_KEY=${a}`, 'x');
  const [d2] = scan(`key: ${a}`, 'y');
  const [d3] = scan(`key: ${b}`, 'z');
  assert.equal(d1!.fingerprint, d2!.fingerprint);
  assert.notEqual(d1!.fingerprint, d3!.fingerprint);
});

test('options: disabled rules, allow regexes and stopwords', () => {
  const tok = fakeToken('slack-bot', 3);
  const text = `SLACK_BOT_TOKEN=${tok}`;
  assert.equal(scan(text).length, 1);
  // Disabling a provider rule leaves the generic rule, which still sees a secret under a secret-named key.
  const disabled = scan(text, 'f', builtinRules(), { ...OPTS, disabled: new Set(['slack-bot-token']) });
  assert.deepEqual(disabled.map((d) => d.ruleId), ['generic-secret-assignment']);
  assert.equal(scan(text, 'f', builtinRules(), { ...OPTS, disabled: new Set(['slack-bot-token', 'generic-secret-assignment']) }).length, 0);
  assert.equal(scan(text, 'f', builtinRules(), { ...OPTS, allowRegexes: [new RegExp(tok.slice(-8))] }).length, 0);
  assert.equal(scan(text, 'f', builtinRules(), { ...OPTS, stopwords: [tok.slice(5, 16)] }).length, 0);
});

test('multiline PEM keys are found at their BEGIN line, not when a public key', () => {
  const pem = fakeToken('private-key-pem', 8);
  const text = `line one\nkey = """\n${pem}\n"""\n`;
  const found = scan(text);
  // Line 3 holds "-----BEGIN …": the finding points at the header, not at the first line of the body.
  assert.deepEqual(found.map((d) => [d.ruleId, d.line, d.column]), [['pem-private-key', 3, 1]]);
  assert.equal(found[0]!.lifetime.class, 'static');
});

test('every PEM-like block (OpenSSH, PGP, service-account JSON, four-dash footer) is reported on its BEGIN line', () => {
  const rules = builtinRules().rules;
  for (const id of ['openssh-private-key', 'pgp-private-key', 'gcp-service-account-key']) {
    const rule = rules.find((r) => r.id === id)!;
    for (const tpl of rule.examples.match) {
      const block = expandTemplate(tpl, 5);
      const text = `# header\n\n${block}\n`;
      const found = scan(text).filter((d) => d.ruleId === id);
      assert.equal(found.length, 1, id);
      const beginLine = text.slice(0, text.indexOf('BEGIN')).split('\n').length;
      assert.equal(found[0]!.line, beginLine, `${id}: reported on line ${found[0]!.line}, BEGIN is on ${beginLine}`);
    }
  }
  const fourDash = expandTemplate('{lit:-----BEGIN }{lit:PRIVATE}{lit: KEY-----}\n{base64:64}\n{base64:64}\n{base64:20}==\n{lit:----END }{lit:PRIVATE}{lit: KEY----}', 2);
  assert.deepEqual(scan(`x\n${fourDash}`).map((d) => [d.ruleId, d.line]), [['pem-private-key', 2]]);
});

test('GCP service-account JSON is reported as a service-account key, not as a bare PEM', () => {
  const rule = builtinRules().rules.find((r) => r.id === 'gcp-service-account-key')!;
  const found = scan(expandTemplate(rule.examples.match[0]!, 4), 'sa.json');
  assert.deepEqual(found.map((d) => d.ruleId), ['gcp-service-account-key']);
});

test('JWT lifetimes: short, expired, no exp', () => {
  const short = scan(`token=${fakeToken('jwt-short')}`)[0]!;
  assert.equal(short.ruleId, 'jwt');
  assert.equal(short.lifetime.class, 'short-lived');
  assert.equal(short.lifetime.ttlSeconds, 300);
  assert.ok(short.lifetime.expiresAt && Date.parse(short.lifetime.expiresAt) > Date.now());
  assert.equal(short.claims?.aud, 'api');
  assert.equal(short.claims?.sub, 'agent-task');
  const expired = scan(`token=${fakeToken('jwt-expired')}`)[0]!;
  assert.equal(expired.lifetime.class, 'short-lived');
  assert.ok(Date.parse(expired.lifetime.expiresAt!) < Date.now());
  assert.match(expired.lifetime.note ?? '', /expired/);
  assert.ok(expired.tags.includes('expired'));
  const noexp = scan(`token=${fakeToken('jwt-noexp')}`)[0]!;
  assert.equal(noexp.lifetime.class, 'static');
  assert.equal(noexp.lifetime.expiresAt, null);
});

test('Azure SAS: se= gives expiresAt and class', () => {
  const rule = builtinRules().rules.find((r) => r.id === 'azure-sas-token')!;
  const far = scan(expandTemplate(rule.examples.match[0]!, 1))[0]!;
  assert.equal(far.lifetime.expiresAt, '2099-01-01T00:00:00.000Z');
  assert.equal(far.lifetime.class, 'long-lived');
  const past = scan(expandTemplate(rule.examples.match[1]!, 1))[0]!;
  assert.equal(past.lifetime.ttlSeconds, 3600);
  assert.ok(past.tags.includes('expired'));
});

test('detectValue: provider token, generic value by key name, placeholder', () => {
  const rules = builtinRules();
  const pos = { file: '.mcp.json', line: 4, column: 20 };
  const d = detectValue(fakeToken('github-pat', 1), { ...pos, key: 'GITHUB_PERSONAL_ACCESS_TOKEN' }, rules, OPTS);
  assert.equal(d?.ruleId, 'github-classic-pat');
  assert.equal(d?.line, 4);
  assert.equal(d?.column, 20);
  assert.equal(d?.key, 'GITHUB_PERSONAL_ACCESS_TOKEN');
  const g = detectValue(expandTemplate('{base62:20}9!'), { ...pos, key: 'DB_PASSWORD' }, rules, OPTS);
  assert.equal(g?.ruleId, 'generic-secret-assignment');
  assert.equal(g?.column, 20);
  assert.equal(detectValue(expandTemplate('{base62:20}9!'), { ...pos, key: 'LOG_LEVEL' }, rules, OPTS), null);
  assert.equal(detectValue('${GITHUB_TOKEN}', { ...pos, key: 'GITHUB_TOKEN' }, rules, OPTS), null);
  const bearer = detectValue(`Bearer ${fakeToken('openai', 2)}`, { ...pos, key: 'Authorization' }, rules, OPTS);
  assert.equal(bearer?.ruleId, 'openai-api-key');
  assert.equal(bearer?.column, 20 + 'Bearer '.length);
});

test('user-supplied rules are validated and used', () => {
  const extra = loadCredentialRules([RULES_DIR], [
    {
      id: 'acme-internal-token', provider: 'acme', type: 'internal token', keywords: ['acme_'],
      regex: '(?<secret>acme_[a-z0-9]{24})', lifetime: { class: 'static', ttlSeconds: null }, tags: [],
      remediation: 'Use the ACME broker to mint per-task tokens.', examples: { match: [], noMatch: [] }, source: 'credlife.yaml',
    },
  ]);
  const found = scan(expandTemplate('ACME={lit:acme}{lit:_}{alnum:24}', 2), 'x', extra);
  assert.equal(found[0]?.ruleId, 'acme-internal-token');
});

test('empty, binary-ish and huge inputs do not crash', () => {
  assert.deepEqual(scan(''), []);
  assert.deepEqual(scan('\u0000\u0001\uffff'.repeat(1000)), []);
  const big = 'password='.repeat(20000);
  assert.ok(Array.isArray(scan(big)));
});

test('a provider prefix whose checksum or format fails is reported as generic, naming the provider, with its remediation', () => {
  const github = builtinRules().rules.find((r) => r.id === 'github-classic-pat')!;
  const badSum = scan(`GITHUB_TOKEN=${expandTemplate('{lit:gh}{lit:p_}{base62:36}', 3)}`);
  assert.deepEqual(badSum.map((d) => d.ruleId), ['generic-secret-assignment']);
  assert.equal(badSum[0]!.provider, 'github');
  assert.match(badSum[0]!.type, /looks like a github classic personal access token but its checksum fails/);
  assert.equal(badSum[0]!.remediation, github.remediation);
  assert.equal(badSum[0]!.remediationUrl, github.remediationUrl);
  assert.match(badSum[0]!.redacted, /^ghp_…/);
  // Outside an assignment too: the prefix alone makes it worth a look.
  assert.deepEqual(scan(`see ${expandTemplate('{lit:gh}{lit:p_}{base62:36}', 4)} in the log`).map((d) => d.ruleId), ['generic-secret-assignment']);
  // Wrong length: the provider rule does not match, the generic one does and carries the provider's note.
  const badFormat = scan(`GITHUB_TOKEN=${expandTemplate('{lit:gh}{lit:p_}{base62:41}', 3)}`);
  assert.deepEqual(badFormat.map((d) => [d.ruleId, d.provider]), [['generic-secret-assignment', 'github']]);
  assert.match(badFormat[0]!.type, /prefix of a github classic personal access token that does not match its format/);
  // A valid token is the provider's; a placeholder is nothing; with the generic rule disabled, a lookalike is dropped.
  assert.deepEqual(scan(`GITHUB_TOKEN=${fakeToken('github-pat', 3)}`).map((d) => d.ruleId), ['github-classic-pat']);
  assert.deepEqual(scan(`GITHUB_TOKEN=${expandTemplate('{lit:gh}{lit:p_}{repeat:x:36}')}`).map((d) => d.ruleId), []);
  const off = scan(`GITHUB_TOKEN=${expandTemplate('{lit:gh}{lit:p_}{base62:36}', 3)}`, 'a.txt', builtinRules(), { fingerprintKey: 'k', disabled: new Set(['generic-secret-assignment']) });
  assert.deepEqual(off, []);
});
