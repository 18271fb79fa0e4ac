// Hostile input: regex-killer lines near every rule's keywords, huge one-line files, broken rule files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCredentialRules, RuleLoadError } from '../../src/detect/index.js';
import { staticRedosReason } from '../../src/detect/redos.js';
import { builtinRules, scan } from './helpers.js';
import { scalesLinearly } from '../../src/testing/linear.js';

test('regex-killer lines near every rule keyword stay linear', () => {
  const rules = builtinRules().rules;
  const fillers = ['a', '0', 'aA0-', ' ', '=', '/+', '.', ':', '"a', '\\', '@', 'a:', 'Q~'];
  for (const r of rules) {
    for (const kw of r.keywords.slice(0, 3)) {
      for (const f of fillers) {
        const text = (size: number) => {
          const line = `${kw}${f.repeat(Math.ceil(size / f.length))}!`;
          return `x=${kw}=${line}\n${line}${kw}`;
        };
        // Compared with a quarter of the line in the same test: growth, not a wall-clock limit.
        const s = scalesLinearly((size) => scan(text(size)), 10_000);
        assert.ok(s.ok, `${r.id} / ${JSON.stringify(f)}: ${s.detail}`);
      }
    }
  }
});

test('a 10 MB single-line file with keywords everywhere scales linearly', () => {
  const chunk = 'password=aaaa:token ghp_AKIA eyJ sk-ant-api03- //u:p@';
  const s = scalesLinearly((bytes) => scan(chunk.repeat(Math.ceil(bytes / chunk.length))), 10 * 1024 * 1024);
  assert.ok(s.ok, s.detail);
});

test('static ReDoS check rejects the classic shapes and accepts rule-like regexes', () => {
  assert.match(staticRedosReason('(a+)+b') ?? '', /nested quantifier/);
  assert.match(staticRedosReason('(?<secret>(?:\\w+\\s?)*)$') ?? '', /nested quantifier/);
  assert.match(staticRedosReason('(a|a)*b') ?? '', /overlapping alternation/);
  assert.match(staticRedosReason('(?:\\w|\\d)+x') ?? '', /overlapping alternation/);
  assert.match(staticRedosReason('([a-z]+)*$') ?? '', /nested quantifier/);
  assert.equal(staticRedosReason('(?<secret>ghp_[0-9A-Za-z]{36})'), null);
  assert.equal(staticRedosReason('(?:ab|cd)+'), null);
  assert.equal(staticRedosReason('(?:&[a-z]{2,6}=[A-Za-z0-9%]{1,100}){0,16}'), null);
  for (const r of builtinRules().rules) assert.equal(staticRedosReason(r.regex), null, r.id);
});

function writeRuleFile(body: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-rules-'));
  fs.writeFileSync(path.join(dir, 'acme.yaml'), body);
  return dir;
}

const GOOD = `provider: acme
rules:
  - id: acme-token
    type: token
    keywords: [acme_]
    regex: '(?<secret>acme_[a-z0-9]{24})'
    lifetime: { class: static, ttlSeconds: null }
    tags: []
    remediation: Use the broker.
    examples: { match: ['x'], no-match: ['y'] }
`;

test('a valid rule file loads', () => {
  const dir = writeRuleFile(GOOD);
  assert.equal(loadCredentialRules([dir]).rules[0]!.id, 'acme-token');
});

const BROKEN: [string, string, RegExp][] = [
  ['missing secret group', GOOD.replace('(?<secret>acme_[a-z0-9]{24})', 'acme_[a-z0-9]{24}'), /named group/],
  ['regex does not compile', GOOD.replace("'(?<secret>acme_[a-z0-9]{24})'", "'(?<secret>acme_[a-z0-9]{24}'"), /does not compile/],
  ['nested quantifier', GOOD.replace('(?<secret>acme_[a-z0-9]{24})', '(?<secret>acme_(?:[a-z0-9]+)+)'), /catastrophically.*nested quantifier/],
  ['overlapping alternation', GOOD.replace('(?<secret>acme_[a-z0-9]{24})', '(?<secret>acme_(?:[a-z]|[a-z0-9])*)!'), /catastrophically.*overlapping/],
  ['unknown field', GOOD.replace('    tags: []', '    tags: []\n    colour: red'), /unknown field "colour"/],
  ["bad lifetime class", GOOD.replace("class: static", "class: forever"), /lifetime: "class" must be one of static, /],
  ['missing remediation', GOOD.replace('    remediation: Use the broker.\n', ''), /remediation/],
  ['bad checksum name', GOOD.replace('    tags: []', '    tags: []\n    checksum: md5'), /checksum/],
  ['empty keywords', GOOD.replace('keywords: [acme_]', 'keywords: []'), /keywords/],
];

for (const [name, body, problem] of BROKEN) {
  test(`a broken rule file names file, rule id and problem: ${name}`, () => {
    const dir = writeRuleFile(body);
    assert.throws(
      () => loadCredentialRules([dir]),
      (err: unknown) => {
        assert.ok(err instanceof RuleLoadError);
        assert.match(err.message, /acme\.yaml/);
        assert.match(err.message, /rule "acme-token"/);
        assert.match(err.message, problem);
        return true;
      },
    );
  });
}

test('invalid YAML and duplicate ids are reported with the file name', () => {
  assert.throws(() => loadCredentialRules([writeRuleFile('rules: [')]), /acme\.yaml: cannot read or parse YAML/);
  const dir = writeRuleFile(GOOD);
  fs.writeFileSync(path.join(dir, 'other.yaml'), GOOD);
  assert.throws(() => loadCredentialRules([dir]), /duplicate rule id/);
});

test('user-supplied (config) rules are validated the same way', () => {
  assert.throws(
    () => loadCredentialRules([], [{ id: 'x-y', provider: 'x', type: 't', keywords: ['xy'], regex: '(a+)+', lifetime: { class: 'static', ttlSeconds: null }, tags: [], remediation: 'r', examples: { match: [], noMatch: [] }, source: 'credlife.yaml' }]),
    /credlife\.yaml rule "x-y".*named group/,
  );
});

test('a file of thousands of keys costs linear time: text scan, readers and scrubbing', { timeout: 120_000 }, async () => {
  const { processFile } = await import('../../src/pipeline/process-file.js');
  const { ruleSetOf } = await import('../../src/pipeline/rule-set.js');
  const { fakeToken } = await import('../../src/testing/fake-tokens.js');
  const credentials = builtinRules();
  const env = { ruleSet: ruleSetOf(credentials, { issuers: [] }), detectOptions: { fingerprintKey: 'k', disabled: new Set<string>(), allowRegexes: [], stopwords: [], now: new Date(0) }, maxFileSize: 1 << 24 };
  const text = (keys: number) => Array.from({ length: keys }, (_, i) => `SERVICE_${i}_TOKEN=${fakeToken('github-pat', 1000 + i)}`).join('\n');
  const texts = new Map([4000, 500].map((n) => [n, text(n)]));
  const found = new Map<number, number>();
  const s = scalesLinearly((keys) => {
    const content = texts.get(keys) ?? text(keys);
    found.set(keys, processFile({ file: '.env', absPath: '.env', size: content.length, exposure: 'file', content }, env).detections.length);
  }, 4000);
  assert.ok(s.ok, s.detail);
  // Each key once (the text scan's and the env reader's detections merged); a few generated values may read as placeholders.
  const n = found.get(4000)!;
  assert.ok(n <= 4000 && n >= 3950, `${n} detections for 4000 keys`);
});
