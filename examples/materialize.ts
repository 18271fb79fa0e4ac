// Build the demo agent repository from its templates: examples/demo-agent/ (templates, tracked)
// → dist/demo-agent/ (fake tokens, untracked). `npm start` runs this, then scans the result.
import fs from 'node:fs';
import path from 'node:path';
import { expandFixtureText } from '../src/testing/fake-tokens.js';
import { repoRoot } from '../src/testing/paths.js';

export function materializeDemo(target = path.join(repoRoot(), 'dist', 'demo-agent')): string {
  const source = path.join(repoRoot(), 'examples', 'demo-agent');
  fs.rmSync(target, { recursive: true, force: true });
  const copy = (from: string, to: string) => {
    fs.mkdirSync(to, { recursive: true });
    for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
      const src = path.join(from, entry.name);
      const dst = path.join(to, entry.name);
      if (entry.isDirectory()) copy(src, dst);
      else if (entry.isFile()) fs.writeFileSync(dst, expandFixtureText(fs.readFileSync(src, 'utf8')));
    }
  };
  copy(source, target);
  return target;
}

if (process.argv[1] && path.resolve(process.argv[1]).endsWith(path.join('examples', 'materialize.js'))) {
  const target = materializeDemo();
  process.stdout.write(`demo agent materialised in ${path.relative(process.cwd(), target)}\n`);
}
