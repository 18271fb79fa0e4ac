// Shared helpers for scorecard tests: copy a fixture agent (test/fixtures/scorecard/NAME) into a temp dir,
// expanding fake-token templates at run time, and find lines by snippet.
import fs from 'node:fs';
import path from 'node:path';
import { writeTree } from '../../src/testing/cli.js';
import { repoRoot } from '../../src/testing/paths.js';

export const FIXTURES = path.join(repoRoot(), 'test', 'fixtures', 'scorecard');

function readTree(dir: string, base = dir, out: Record<string, string> = {}): Record<string, string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, entry.name);
    if (entry.isDirectory()) readTree(abs, base, out);
    else out[path.relative(base, abs).split(path.sep).join('/')] = fs.readFileSync(abs, 'utf8');
  }
  return out;
}

/** A temp copy of one fixture agent, with {{kind}} templates expanded into fake tokens. */
export function fixtureAgent(name: string): string {
  return writeTree(readTree(path.join(FIXTURES, name)), `credlife-scorecard-${name}-`);
}

/** 1-based line of the only line of `rel` (in the fixture) containing `snippet`. */
export function lineOf(name: string, rel: string, snippet: string): number {
  const lines = fs.readFileSync(path.join(FIXTURES, name, rel), 'utf8').split('\n');
  const hits = lines.flatMap((l, i) => (l.includes(snippet) ? [i + 1] : []));
  if (hits.length !== 1) throw new Error(`snippet ${JSON.stringify(snippet)} found on ${hits.length} lines of ${rel}`);
  return hits[0]!;
}
