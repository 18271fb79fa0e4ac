// The yaml package, loaded on first use: a scan that meets no YAML (a pre-commit run on a few source files, with
// rules from the build artefact) does not pay ~40 ms of start-up for its ~60 modules. Its Node entry is CommonJS,
// so `require` returns the same instance an `import` would.
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

let lib: typeof Yaml | undefined;

export function yamlLib(): typeof Yaml {
  return (lib ??= createRequire(import.meta.url)('yaml') as typeof Yaml);
}
