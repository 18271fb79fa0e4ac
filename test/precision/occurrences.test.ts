// One credential repeated in a file is one finding with all its occurrences; across files findings stay
// separate. Every format shows the other places; baselines key on the credential, so they are unchanged.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runCli, scanToFiles, writeTree } from '../../src/testing/cli.js';
import type { Report } from '../../src/model/report.js';

test('the same credential on three lines of a file is one finding with three occurrences; another file is another finding', async () => {
  const body = 'const a = { apiKey: "{{openai}}" };\nconst b = 1;\nconst c = { apiKey: "{{openai}}" };\n\nexport const d = "{{openai}}";\n';
  const dir = writeTree({ 'src/agent.ts': body, 'src/other.ts': 'export const key = "{{openai}}";\n' });
  const { r, out, read, cleanup } = await scanToFiles(dir, ['text', 'json', 'sarif', 'html', 'markdown', 'csv']);
  try {
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(read('json')) as Report;
    const secrets = report.findings.filter((f) => f.kind === 'secret');
    assert.deepEqual(secrets.map((f) => f.file).sort(), ['src/agent.ts', 'src/other.ts']);
    const agent = secrets.find((f) => f.file === 'src/agent.ts')!;
    assert.deepEqual(agent.occurrences?.map((o) => o.line), [1, 3, 5]);
    assert.equal(agent.line, 1);
    assert.equal(secrets.find((f) => f.file === 'src/other.ts')!.occurrences, undefined);
    // Repeats inside one file are not reuse; the second file is (two places).
    assert.equal(agent.context?.reuse?.count, 2);

    assert.match(read('text'), /also at 3:\d+, 5:\d+/);
    const sarif = JSON.parse(read('sarif')) as { runs: { results: { locations: unknown[]; relatedLocations?: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    const withRelated = sarif.runs[0]!.results.filter((x) => x.relatedLocations);
    assert.equal(withRelated.length, 1);
    assert.deepEqual(withRelated[0]!.relatedLocations!.map((l) => l.physicalLocation.region.startLine), [3, 5]);
    assert.match(read('html'), /class="muted occurrences">also at 3:\d+, 5:\d+/);
    assert.match(read('markdown'), /also at 3:\d+, 5:\d+/);
    const csv = read('csv').split('\r\n');
    const col = csv[0]!.split(',').indexOf('occurrences');
    assert.ok(col > 0);
    assert.ok(csv.some((row) => /^1:\d+; 3:\d+; 5:\d+$/.test(row.split(',')[col] ?? '')));

    // A baseline written from this scan has one entry per credential per file.
    const baseline = path.join(out, 'baseline.json');
    const w = await runCli(['scan', dir, '--no-config', '-j', '1', '--exit-zero', '--write-baseline', baseline]);
    assert.equal(w.code, 0, w.stderr);
    const lines = fs.readFileSync(baseline, 'utf8').split('\n').filter((l) => l.includes(agent.ruleId));
    assert.equal(lines.length, 2, 'one baseline entry per credential per file');
    assert.ok(lines.some((l) => l.includes('src/agent.ts')) && lines.some((l) => l.includes('src/other.ts')));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    cleanup();
  }
});
