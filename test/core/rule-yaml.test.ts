// The build-time YAML artefact: every shipped rule file is in it, a hit returns exactly what YAML.parse returns,
// and text the artefact does not know (an edited rule, a custom folder) is parsed as YAML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { compileRuleYaml, isPrecompiled, parseRuleYaml, useRuleYamlArtefact } from '../../src/ruleset/rule-yaml.js';
import { repoRoot } from '../../src/testing/paths.js';

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(e.name) ? [p] : [];
  });
}

test('the build artefact holds every shipped rule file, and each hit equals the YAML parse', () => {
  useRuleYamlArtefact();
  const files = yamlFiles(path.join(repoRoot(), 'rules'));
  assert.ok(files.length > 50);
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    assert.ok(isPrecompiled(text), `${path.relative(repoRoot(), f)} is not in dist/rules-yaml.json (npm run build)`);
    assert.deepEqual(parseRuleYaml(text), parseYaml(text), f);
  }
});

test('unknown or edited text is parsed as YAML; each call gets its own copy; non-JSON documents stay on the YAML path', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-ruleyaml-'));
  t.after(() => {
    useRuleYamlArtefact();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  fs.writeFileSync(path.join(dir, 'a.yaml'), 'provider: demo\nrules:\n  - id: one\n    keywords: [abc]\n');
  fs.writeFileSync(path.join(dir, 'inf.yaml'), 'limit: .inf\n');
  fs.writeFileSync(path.join(dir, 'broken.yaml'), 'a: [unclosed\n');
  const out = path.join(dir, 'artefact.json');
  assert.equal(compileRuleYaml(dir, out), 1);
  useRuleYamlArtefact(out);

  const text = fs.readFileSync(path.join(dir, 'a.yaml'), 'utf8');
  assert.ok(isPrecompiled(text));
  const first = parseRuleYaml(text) as { rules: { keywords: string[] }[] };
  first.rules[0]!.keywords.push('mutated');
  assert.deepEqual(parseRuleYaml(text), parseYaml(text), 'a caller mutating its copy does not change the next one');

  const edited = text.replace('abc', 'abd');
  assert.ok(!isPrecompiled(edited));
  assert.deepEqual(parseRuleYaml(edited), parseYaml(edited));
  assert.ok(!isPrecompiled('limit: .inf\n'));
  assert.equal((parseRuleYaml('limit: .inf\n') as { limit: number }).limit, Infinity);
  assert.throws(() => parseRuleYaml('a: [unclosed\n'), 'a broken file still fails with the YAML error');

  useRuleYamlArtefact(path.join(dir, 'missing.json'));
  assert.ok(!isPrecompiled(text));
  assert.deepEqual(parseRuleYaml(text), parseYaml(text), 'no artefact: plain YAML');
});
