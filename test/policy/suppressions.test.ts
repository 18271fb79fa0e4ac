// Inline suppressions through the CLI: a live one passes, an expired one fails with a note, one without a
// reason never suppresses and warns, unused ones are reported on request; and the comment parser itself.
import test from 'node:test';
import assert from 'node:assert/strict';
import { acmeToken, configWithRule, RULE_ID, scanJson, tree } from './helpers.js';
import { findInlineSuppressions, isExpired, parseSuppressionText, validUntil } from '../../src/policy/suppressions.js';
import { makeLineIndex } from '../../src/sources/read.js';

const MARK = ['credlife', 'ignore'].join('-');
const future = `${new Date().getUTCFullYear() + 5}-01-31`;

test('a live suppression passes; the suppression is listed with its reason and place', async () => {
  const dir = tree({
    '.credlife.yaml': configWithRule(),
    'a.py': `TOKEN = "${acmeToken(1)}"  # ${MARK}: rotated weekly by the broker until=${future}\n`,
    'b.env': `# ${MARK}[${RULE_ID}]: sandbox account with no data\nSANDBOX=${acmeToken(2)}\n`,
    'c.env': `# ${MARK} ${RULE_ID}: rotated nightly\nNIGHTLY=${acmeToken(3)}\n`,
  });
  const { r, report } = await scanJson([dir]);
  assert.equal(r.code, 0, JSON.stringify(report.findings, null, 1));
  assert.equal(report.findings.length, 0);
  const inline = report.summary.suppressed!.filter((s) => s.kind === 'inline');
  assert.deepEqual(inline.map((s) => [s.source, s.reason]).sort(), [
    ['a.py:1', 'rotated weekly by the broker'],
    ['b.env:1', 'sandbox account with no data'],
    ['c.env:1', 'rotated nightly'],
  ]);
});

test('an expired suppression fails, and the finding says why it came back', async () => {
  const dir = tree({
    '.credlife.yaml': configWithRule(),
    'a.py': `TOKEN = "${acmeToken(1)}"  # ${MARK}: migration window until=2020-01-31\n`,
  });
  const { r, report } = await scanJson([dir]);
  assert.equal(r.code, 1);
  assert.equal(report.findings.length, 1);
  assert.ok(report.findings[0]!.context?.notes?.some((n) => n.includes('expired on 2020-01-31')), JSON.stringify(report.findings[0]!.context));
});

test('a suppression for another rule, without a reason, or with a bad date does not suppress', async () => {
  const dir = tree({
    '.credlife.yaml': configWithRule(),
    'a.py': `A = "${acmeToken(1)}"  # ${MARK}[some-other-rule]: not this one\n`,
    'b.py': `B = "${acmeToken(2)}"  # ${MARK}:\n`,
    'c.py': `C = "${acmeToken(3)}"  # ${MARK}: fixture until=someday\n`,
    'd.py': `D = "${acmeToken(4)}"  # ${MARK}\n`,
  });
  const { r, report } = await scanJson([dir]);
  assert.equal(r.code, 1);
  assert.equal(report.findings.length, 4);
  const warnings = report.summary.warnings ?? [];
  assert.ok(warnings.some((w) => w.file === 'b.py' && /without a reason/.test(w.message)));
  assert.ok(warnings.some((w) => w.file === 'c.py' && /until=/.test(w.message)));
  assert.ok(warnings.some((w) => w.file === 'd.py' && /without a reason/.test(w.message)), 'the bare marker warns instead of being ignored');
});

test('--report-unused-suppressions warns about comments that suppress nothing', async () => {
  const dir = tree({ '.credlife.yaml': configWithRule(), 'a.py': `x = 1  # ${MARK}: left over from the old key\n` });
  const quiet = await scanJson([dir]);
  assert.ok(!(quiet.report.summary.warnings ?? []).some((w) => /unused/.test(w.message)));
  const { r, report } = await scanJson([dir, '--report-unused-suppressions']);
  assert.equal(r.code, 0);
  assert.ok((report.summary.warnings ?? []).some((w) => w.file === 'a.py' && w.line === 1 && /unused suppression/.test(w.message)));
});

test('comment parser: forms, trailers, attributes, prose mentions', () => {
  const text = [
    `key = "x"  # ${MARK}: reason one`,
    `/* ${MARK}[rule-a]: reason two until=2030-02-01 */`,
    `<!-- ${MARK}: reason three rule=rule-b -->`,
    `The word ${MARK} in prose is not a suppression.`,
    `// ${MARK}:`,
    `token = "x"  # ${MARK}`,
    `/* ${MARK} */`,
    `Docs may end a sentence with ${MARK}`,
    `# ${MARK} rule-c: reason four`,
  ].join('\n');
  const found = findInlineSuppressions({ file: 'f', text, lineAt: makeLineIndex(text), exposure: 'file' });
  assert.deepEqual(found, [
    { file: 'f', line: 1, reason: 'reason one', standalone: false },
    { file: 'f', line: 2, reason: 'reason two', until: '2030-02-01', ruleId: 'rule-a', standalone: true },
    { file: 'f', line: 3, reason: 'reason three', ruleId: 'rule-b', standalone: true },
    { file: 'f', line: 5, reason: '', standalone: true },
    { file: 'f', line: 6, reason: '', standalone: false },
    { file: 'f', line: 7, reason: '', standalone: true },
    { file: 'f', line: 9, reason: 'reason four', ruleId: 'rule-c', standalone: true },
  ]);
  assert.equal(parseSuppressionText(' a\u0007b ').reason, 'a b');
  assert.ok(validUntil('2028-02-29') && !validUntil('2027-02-29') && !validUntil('2027-13-01') && !validUntil('tomorrow'));
  const now = new Date('2026-03-10T23:59:00Z');
  assert.equal(isExpired('2026-03-10', now), false, 'live through the whole until day');
  assert.equal(isExpired('2026-03-09', now), true);
});

test('a trailing suppression covers its own line only; one on a line of its own also covers the next line', async () => {
  const dir = tree({
    '.credlife.yaml': configWithRule(),
    'a.env': `A=${acmeToken(1)}  # ${MARK}: fixture\nB=${acmeToken(2)}\n`,
    'b.env': `  # ${MARK}: fixture\nC=${acmeToken(3)}\n`,
  });
  const { report } = await scanJson([dir]);
  assert.deepEqual(report.findings.map((f) => `${f.file}:${f.line}`), ['a.env:2']);
});
