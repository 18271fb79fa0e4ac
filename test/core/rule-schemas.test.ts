// The shipped rule files hold to their JSON schemas. A scan skips validating text the build already parsed
// (src/ruleset/schema.ts), so this is where the shipped files are held to them; an edited or custom file is
// validated when it is loaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '../../src/testing/paths.js';
import { schemaProblemOf } from '../../src/ruleset/schema.js';
import { CHECKS_SCHEMA, parseCheckFile } from '../../src/score/checks.js';
import { FRAMEWORK_SCHEMA, parseFrameworkFile } from '../../src/score/frameworks.js';
import { PUBLIC_VALUES_SCHEMA } from '../../src/detect/public-values.js';
import { CONTROL_PATTERN_SCHEMA, validatePattern } from '../../src/scorecard/patterns.js';
import { CODE_RULE_FILE_SCHEMA, CodeRuleError, loadCodePatterns } from '../../src/code/patterns.js';
import { CREDENTIAL_RULE_FILE_SCHEMA, CREDENTIAL_RULE_SCHEMA, validateRule } from '../../src/detect/loader.js';

const RULES = path.join(repoRoot(), 'rules');
const yamlFiles = (dir: string) => fs.readdirSync(path.join(RULES, dir)).filter((n) => /\.ya?ml$/.test(n)).map((n) => path.join(RULES, dir, n));

test('every rules/checks file holds to CHECKS_SCHEMA', () => {
  for (const file of yamlFiles('checks')) assert.equal(schemaProblemOf(CHECKS_SCHEMA, parseYaml(fs.readFileSync(file, 'utf8'))), null, file);
});

test('every rules/frameworks file holds to FRAMEWORK_SCHEMA (single `when` values as lists)', () => {
  for (const file of yamlFiles('frameworks')) {
    const doc = parseYaml(fs.readFileSync(file, 'utf8')) as { mappings?: { when?: Record<string, unknown> }[] };
    for (const m of doc.mappings ?? []) for (const [k, v] of Object.entries(m.when ?? {})) if (!Array.isArray(v)) m.when![k] = [v];
    assert.equal(schemaProblemOf(FRAMEWORK_SCHEMA, doc), null, file);
  }
});

test('rules/public-values.yaml holds to PUBLIC_VALUES_SCHEMA', () => {
  assert.equal(schemaProblemOf(PUBLIC_VALUES_SCHEMA, parseYaml(fs.readFileSync(path.join(RULES, 'public-values.yaml'), 'utf8'))), null);
});

test('every evidence pattern of rules/controls and rules/code/sdk-defaults.yaml holds to CONTROL_PATTERN_SCHEMA', () => {
  for (const file of yamlFiles('controls')) {
    const doc = parseYaml(fs.readFileSync(file, 'utf8')) as { patterns: unknown[] };
    for (const raw of doc.patterns) assert.equal(schemaProblemOf(CONTROL_PATTERN_SCHEMA, raw), null, `${file}: ${JSON.stringify((raw as { id?: string }).id)}`);
  }
  const sdk = parseYaml(fs.readFileSync(path.join(RULES, 'code', 'sdk-defaults.yaml'), 'utf8')) as { sdks: { sdk: string; uses: object; defaults: Record<string, string>; turnedOffBy?: string[] }[] };
  for (const e of sdk.sdks) {
    for (const [key, detail] of Object.entries(e.defaults)) {
      const raw = { ...e.uses, id: `${e.sdk}-x`, control: 'tool-call-logging', kind: 'for', defaultOnly: true, offBy: e.turnedOffBy ?? [], detail };
      assert.equal(schemaProblemOf(CONTROL_PATTERN_SCHEMA, raw), null, `${e.sdk} ${key}`);
    }
  }
});

test('a pattern from config is validated against the schema, naming the field', () => {
  const base = { id: 'x-ok', control: 'tool-call-logging', kind: 'for', keywords: ['abcd'], regex: 'abcd', detail: 'd' };
  assert.doesNotThrow(() => validatePattern(base, 'config'));
  assert.throws(() => validatePattern({ ...base, window: 0 }, 'config'), /pattern "x-ok": "window" must be an integer from 1 to 4000/);
  assert.throws(() => validatePattern({ ...base, when: { group: 'ttl' } }, 'config'), /pattern "x-ok": when: needs a numeric "max" or "min" \(seconds\)/);
  assert.throws(() => validatePattern({ ...base, flags: 'gm' }, 'config'), /"flags" may only hold "i" and "s"/);
});

test('a file the build did not parse is validated when loaded: the problem names file and key path, never the value', () => {
  const text = 'family: demo\nchecks:\n  - id: demo-x\n    kind: config\n    title: t\n    description: d\n    remediation: r\n    tags: [ok, 3]\n';
  assert.throws(() => parseCheckFile(text, 'demo.yaml'), /^.*demo\.yaml: check "demo-x": tags\[1\]: must be a list of strings$/);
  const secretish = 'framework: cwe\ntitle: t\nurl: https://x.invalid/\ncontrols: [{ id: C1, title: one }]\nmappings:\n  - { control: C1, when: { exposure: hunter2-value } }\n';
  assert.throws(() => parseFrameworkFile(secretish, 'x.yaml'), (e: unknown) => e instanceof Error && /x\.yaml: mappings\[0\]\.when\.exposure\[0\]: must be one of committed/.test(e.message) && !e.message.includes('hunter2'));
});

test('every rules/credentials file holds to CREDENTIAL_RULE_FILE_SCHEMA and each rule to CREDENTIAL_RULE_SCHEMA', () => {
  for (const file of yamlFiles('credentials')) {
    const doc = parseYaml(fs.readFileSync(file, 'utf8')) as { rules: { id: string }[] };
    assert.equal(schemaProblemOf(CREDENTIAL_RULE_FILE_SCHEMA, doc), null, file);
    for (const rule of doc.rules) assert.equal(schemaProblemOf(CREDENTIAL_RULE_SCHEMA, rule), null, `${file}: ${rule.id}`);
  }
});

test('a credential rule from config is validated against the schema: file, rule id and key path, never the value', () => {
  const base = { id: 'acme-x', provider: 'acme', type: 't', keywords: ['acme_'], regex: '(?<secret>acme_[a-z]{8})', lifetime: { class: 'static' }, remediation: 'r' };
  assert.doesNotThrow(() => validateRule(base, 'cfg.yaml'));
  const secretish = 'hunter2-value';
  assert.throws(
    () => validateRule({ ...base, lifetime: { class: secretish } }, 'cfg.yaml'),
    (e: unknown) => e instanceof Error && /^cfg\.yaml rule "acme-x": lifetime: "class" must be one of static, /.test(e.message) && !e.message.includes('hunter2'),
  );
  assert.throws(() => validateRule({ ...base, tags: ['ok', 3] }, 'cfg.yaml'), /cfg\.yaml rule "acme-x": tags\[1\]: must be a non-empty string/);
  assert.throws(() => validateRule({ ...base, window: 8 }, 'cfg.yaml'), /"window" must be a number between 16 and 65536/);
  assert.throws(() => validateRule({ ...base, keywords: ['a'] }, 'cfg.yaml'), /keywords\[0\]: must be at least 2 characters/);
  assert.throws(() => validateRule({ ...base, colour: 'red' }, 'cfg.yaml'), /rule "acme-x": unknown field "colour"/);
});

test('every rules/code file holds to CODE_RULE_FILE_SCHEMA', () => {
  for (const file of yamlFiles('code')) assert.equal(schemaProblemOf(CODE_RULE_FILE_SCHEMA, parseYaml(fs.readFileSync(file, 'utf8'))), null, file);
});

test('a rules/code file the build did not parse is validated when loaded: file and key path, never the value', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-code-schema-'));
  const load = (text: string) => {
    fs.writeFileSync(path.join(dir, 'x.yaml'), text);
    return () => loadCodePatterns(dir);
  };
  try {
    const sdk = 'sdk: x\nlanguage: typescript\nimports: [x]\n';
    assert.throws(load(`${sdk}tools:\n  - call: [tool, 3]\n`), (e: unknown) => e instanceof CodeRuleError && /x\.yaml: tools\[0\]\.call\[1\]: must be a string$/.test(e.message));
    assert.throws(load(`${sdk}tools:\n  - call: [tool]\n    colour: red\n`), /x\.yaml: tools\[0\]: unknown key "colour"/);
    assert.throws(load('issuers:\n  - names: [a]\n    source: hunter2-value\n'), (e: unknown) => e instanceof CodeRuleError && /issuers\[0\]: "source" must be minted, oauth or secret-manager/.test(e.message) && !e.message.includes('hunter2'));
    assert.throws(load(`${sdk}agnets: []\n`), /x\.yaml: unknown key "agnets"/);
    assert.throws(load('sdk: x\nimports: [x]\n'), /x\.yaml: "language" is required/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
