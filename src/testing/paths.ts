// Where the repository is, for tests and benchmarks (production code uses src/ruleset/paths.ts).
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root, from compiled code in dist/src/testing/ or dist/test/…; never the cwd. */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  // dist/src/testing -> repo root is three levels up.
  while (dir !== path.dirname(dir)) {
    if (path.basename(dir) === 'dist') return path.dirname(dir);
    dir = path.dirname(dir);
  }
  return process.cwd();
}
