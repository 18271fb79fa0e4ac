// Recall of key-name rules where the key is not right before the value: Jupyter notebook cells (JSON strings
// with escaped quotes) and a provider name that sits in an earlier key on the same line. Values are built at
// run time; each positive case has a negative twin that must stay silent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandTemplate } from '../../src/testing/fake-tokens.js';
import { scan } from '../detect/helpers.js';

const FOUND: [string, string, string, string][] = [
  ['notebook cell, keyword-context rule', 'explore.ipynb', '    "COHERE_API_KEY = \\"{base62:40}\\"\\n",', 'cohere-api-key'],
  ['notebook cell, hex key', 'explore.ipynb', '    "SERPER_API_KEY = \\"{hex:40}\\"\\n",', 'serper-api-key'],
  ['notebook cell, generic rule', 'explore.ipynb', '    "DB_PASSWORD = \\"{base62:10}!{base62:6}\\"\\n",', 'generic-secret-assignment'],
  ['notebook cell, JSON inside the cell', 'explore.ipynb', '    "cfg = {\\"api_token\\": \\"{base62:24}\\"}\\n",', 'generic-secret-assignment'],
  ['variable names the provider, kwarg does not', 'clients.py', 'serper_api_key = make_client(api_key="{hex:40}")', 'serper-api-key'],
  ['constant names the provider, header does not', 'http.ts', 'export const braveApiKey = { Authorization: `Bearer {lit:BSA}{base62:28}` };', 'brave-search-api-key'],
  ['server name on the line', 'mcp.yaml', 'cohere: { env: { KEY: "{base62:40}" } }', 'cohere-api-key'],
];

const SILENT: [string, string, string][] = [
  ['provider name on the line, but the value is a commit', 'clients.py', 'serper_client = make_client(commit="{hex:40}")'],
  ['escaped newline in a JS string is not a value', 'hint.js', 'const hint = "Create an ephemeral session token:\\nhttps://platform.example/docs";'],
];

for (const [name, file, tpl, rule] of FOUND) {
  test(`found: ${name}`, () => {
    const found = scan(expandTemplate(tpl, 5), file);
    assert.deepEqual(found.map((d) => d.ruleId), [rule], name);
  });
}

for (const [name, file, tpl] of SILENT) {
  test(`silent: ${name}`, () => {
    const found = scan(expandTemplate(tpl, 5), file);
    assert.deepEqual(found.map((d) => d.ruleId), [], name);
  });
}

test('provider name on another line: not that provider; the key alone makes hex a generic secret', () => {
  const found = scan(expandTemplate('serper_api_key = None\nclient = make_client(api_key="{hex:40}")', 5), 'clients.py');
  assert.deepEqual(found.map((d) => d.ruleId), ['generic-secret-assignment']);
});
