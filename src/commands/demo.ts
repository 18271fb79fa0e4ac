// `credlife demo [DIR]`: write the demo agent repository into DIR (default: a new temporary folder) and scan
// it. The package ships only the templates (examples/demo-agent.json, placeholders such as {{openai}}); the fake
// tokens are generated here, at run time, so neither the repository nor the installed package holds a
// token-shaped string that another scanner would report.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../model/errors.js';
import { expandFixtureText } from '../ruleset/token-templates.js';
import { packageRoot } from '../ruleset/paths.js';

/** The demo's templates (shipped with the package): one JSON file of path → text, so that no scanner reads them as configs. */
export function demoTemplates(): string {
  return path.join(packageRoot(), 'examples', 'demo-agent.json');
}

/** Materialise the demo into `target` (created; must be empty or absent). Returns the folder. */
export function materializeDemo(target?: string): string {
  const dir = target ? path.resolve(target) : fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-demo-'));
  if (target && fs.existsSync(dir)) {
    if (!fs.statSync(dir).isDirectory()) throw new UsageError(`not a folder: ${target}`, 'give a new or empty folder for the demo');
    if (fs.readdirSync(dir).length) throw new UsageError(`${target} is not empty`, 'give a new or empty folder, or none for a temporary one');
  }
  const { files } = JSON.parse(fs.readFileSync(demoTemplates(), 'utf8')) as { files: Record<string, string> };
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    if (!abs.startsWith(dir + path.sep)) continue;
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, expandFixtureText(text));
  }
  return dir;
}

export function register(program: Command, scan: (dir: string) => Promise<number>): void {
  program
    .command('demo')
    .description('write a demo agent repository with fake keys into DIR (default: a temporary folder) and scan it')
    .argument('[dir]', 'a new or empty folder for the demo')
    .action(async (dir: string | undefined) => {
      const target = materializeDemo(dir);
      process.stderr.write(`credlife: demo agent repository written to ${target} (fake keys, generated now)\n`);
      // A demo with findings is the point: report, exit 0 (like --exit-zero).
      await scan(target);
      process.exitCode = 0;
    });
}
