// dotenv: every value at the line where it starts, quotes / export / comments / multi-line values, and
// placeholders left alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDotenv } from '../../src/extract/env.js';
import { expectedRows, extractFixture, extractText, rows, show } from './helpers.js';
import { runCli, writeTree } from '../../src/testing/cli.js';
import type { Report } from '../../src/model/report.js';

test('env file: literal, quoted, exported, multi-line and referencing values', () => {
  const { text, result } = extractFixture('env/app/.env');
  assert.deepEqual(
    rows(result.bindings),
    expectedRows(text, [
      { tool: '.env', source: 'literal', scope: 'process', ref: 'OPENAI_API_KEY', at: 'OPENAI_API_KEY=' },
      { tool: '.env', source: 'literal', scope: 'process', ref: 'ANTHROPIC_API_KEY', at: 'export ANTHROPIC_API_KEY' },
      { tool: '.env', source: 'literal', scope: 'process', ref: 'STRIPE_SECRET_KEY', at: 'STRIPE_SECRET_KEY=' },
      { tool: '.env', source: 'literal', scope: 'process', ref: 'PRIVATE_KEY', at: 'PRIVATE_KEY=' },
      { tool: '.env', source: 'literal', scope: 'process', ref: 'SLACK_BOT_TOKEN', at: 'SLACK_BOT_TOKEN' },
    ]),
    show(result.bindings),
  );
  // Keyed detections let env references elsewhere resolve to these values.
  assert.ok(result.detections.every((d) => typeof d.key === 'string'));
  assert.ok(result.detections.some((d) => d.key === 'PRIVATE_KEY'), 'multi-line value kept');
});

test('parseDotenv: syntax details', () => {
  const src = [
    '# comment',
    'export A=1',
    "B='single # not a comment'",
    'C="double \\"quoted\\" \\n escaped"',
    'D=unquoted value # trailing comment',
    'E="multi',
    'line"',
    'F=`backtick`',
    'G : colon',
    'H=${OTHER}/x',
    'bad line without equals',
    'I="unterminated',
  ].join('\n');
  const entries = parseDotenv(src);
  const byKey = Object.fromEntries(entries.map((e) => [e.key, e]));
  assert.equal(byKey.A!.value, '1');
  assert.equal(byKey.B!.value, 'single # not a comment');
  assert.equal(byKey.C!.value, 'double "quoted" \n escaped');
  assert.equal(byKey.D!.value, 'unquoted value');
  assert.equal(byKey.E!.value, 'multi\nline');
  assert.equal(byKey.F!.value, 'backtick');
  assert.equal(byKey.G!.value, 'colon');
  assert.deepEqual(byKey.H!.interpolates, ['OTHER']);
  assert.equal(byKey.I!.value, 'unterminated');
  assert.deepEqual(Object.keys(byKey), ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I']);
  assert.equal(src.slice(byKey.D!.offset, byKey.D!.offset + 5), 'unquo');
});

test('placeholders and non-credential keys give no binding', () => {
  const r = extractText('.env.example', 'OPENAI_API_KEY=sk-your-key-here\nAPI_TOKEN=changeme\nLOG_LEVEL=${LEVEL}\nPORT=8080\n');
  assert.deepEqual(r.bindings, []);
  assert.deepEqual(r.detections, []);
});

test('env file: ${{ secrets.X }} / ${VAR} templates are references, not credentials of the env file', async () => {
  const text = ['SECRET=${{ secrets.X }}', 'OPENAI_API_KEY="${{ secrets.OPENAI_API_KEY }}"', 'DB_PASSWORD=${DB_PASSWORD}', 'API_TOKEN=$API_TOKEN', ''].join('\n');
  const result = extractText('deploy/.env', text);
  assert.deepEqual(rows(result.bindings), [], show(result.bindings));
  assert.deepEqual(result.issues, []);
  const dir = writeTree({ '.env': text, 'app.env': text });
  const r = await runCli(['scan', dir, '--format', 'json', '--fail-on', 'info']);
  const report = JSON.parse(r.stdout) as Report;
  assert.deepEqual(report.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`), []);
  assert.equal(r.code, 0, r.stderr);
});
