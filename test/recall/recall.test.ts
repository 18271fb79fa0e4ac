// Recall on a realistic agent tree (src/testing/agent-tree.ts): ≥ 98% of planted provider secrets are found at
// the right file and line with the right provider and lifetime class, and no decoy is reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scan } from '../../src/index.js';
import { buildAgentTree, type PlantedSecret } from '../../src/testing/agent-tree.js';

function table(title: string, misses: PlantedSecret[], key: (p: PlantedSecret) => string, all: PlantedSecret[]): string {
  const total = new Map<string, number>();
  for (const p of all) total.set(key(p), (total.get(key(p)) ?? 0) + 1);
  const miss = new Map<string, number>();
  for (const p of misses) miss.set(key(p), (miss.get(key(p)) ?? 0) + 1);
  const rows = [...miss.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `  ${k.padEnd(36)} ${n}/${total.get(k)}`);
  return `${title}\n${rows.join('\n') || '  (none)'}`;
}

test('agent tree: ≥ 98% recall with right provider and lifetime; no decoy reported', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-recall-'));
  try {
    const tree = buildAgentTree(dir, 7);
    const report = await scan({ paths: [dir] });
    const secrets = report.findings.filter((f) => f.kind === 'secret');
    const at = (file: string, line: number) => secrets.filter((f) => f.file === file && f.line === line);
    const misses: PlantedSecret[] = [];
    const wrong: string[] = [];
    for (const p of tree.planted) {
      const hits = at(p.file, p.line);
      const ok = hits.some((f) => f.credential?.provider === p.provider && f.credential.lifetime.class === p.lifetime);
      if (!ok) {
        misses.push(p);
        wrong.push(
          `  ${p.context.padEnd(20)} ${p.ruleId.padEnd(34)} ${p.file}:${p.line} got ${
            hits.map((h) => `${h.ruleId}/${h.credential?.provider}/${h.credential?.lifetime.class}`).join(', ') || 'nothing'
          }`,
        );
      }
    }
    const decoyHits = tree.decoys.flatMap((d) => at(d.file, d.line).map((f) => `  ${d.what}: ${f.ruleId} at ${d.file}:${d.line}`));
    const recall = (tree.planted.length - misses.length) / tree.planted.length;
    t.diagnostic(`recall ${(recall * 100).toFixed(1)}% (${tree.planted.length - misses.length}/${tree.planted.length})`);
    const say = (text: string): void => text.split('\n').forEach((l) => t.diagnostic(l));
    say(table('misses per context:', misses, (p) => p.context, tree.planted));
    say(table('misses per provider:', misses, (p) => p.provider, tree.planted));
    if (wrong.length) say(`missed or wrong (context, rule, place, got rule/provider/lifetime):\n${wrong.join('\n')}`);
    if (decoyHits.length) say(`decoys reported:\n${decoyHits.join('\n')}`);
    assert.ok(tree.planted.length >= 100, `only ${tree.planted.length} planted`);
    assert.deepEqual(decoyHits, []);
    assert.ok(recall >= 0.98, `recall ${(recall * 100).toFixed(1)}% < 98%`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
