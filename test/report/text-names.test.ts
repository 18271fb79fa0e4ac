// File names come from the scanned repository: in text output a name with a line break or tab stays on one
// line (shown as \n, \t), so it cannot fake extra output lines.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runCli, writeTree } from '../../src/testing/cli.js';
import { fakeToken } from '../../src/testing/fake-tokens.js';

test('text output shows file names with line breaks and tabs on one line', async () => {
  const dir = writeTree({ 'plain.txt': 'nothing here\n' });
  fs.writeFileSync(path.join(dir, 'fake\nfinding.txt'), `STRIPE_KEY=${fakeToken('stripe-live', 4)}\n`);
  fs.writeFileSync(path.join(dir, 'tab\tname.txt'), `STRIPE_KEY=${fakeToken('stripe-live', 5)}\n`);
  try {
    const res = await runCli(['scan', dir, '--no-color', '--no-config', '--exit-zero']);
    assert.equal(res.code, 0, res.stderr);
    const lines = res.stdout.split('\n');
    assert.ok(lines.some((l) => l.includes(' fake\\nfinding.txt:1:')), res.stdout);
    assert.ok(lines.some((l) => l.includes(' tab\\tname.txt:1:')), res.stdout);
    assert.ok(!lines.some((l) => l.startsWith('finding.txt')));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
