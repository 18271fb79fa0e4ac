// What ships with the credlife package: its root (package.json, rules/), found from this module's location
// (compiled to dist/src/ruleset/), never from the working directory. The one place that locates rules/.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folders of rules/: one kind of rule data each. */
export type RuleKind = 'credentials' | 'checks' | 'frameworks' | 'code' | 'controls';

/** The installed package's root: dist/src/ruleset/ is three levels below it. */
export function packageRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
}

/** rules/ in the installed package, or one of its folders. */
export function rulesDir(kind?: RuleKind): string {
  const root = path.join(packageRoot(), 'rules');
  return kind ? path.join(root, kind) : root;
}

let version: string | undefined;
/** credlife's version, from its package.json. */
export function toolVersion(): string {
  if (version === undefined) {
    try {
      version = (JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      version = '0.0.0';
    }
  }
  return version;
}
