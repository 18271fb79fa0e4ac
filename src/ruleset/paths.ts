import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** rules/credentials in the installed package (compiled code lives in dist/src/detect/). */
export function builtinRulesDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, '..', '..', '..', 'rules', 'credentials');
}
