// YAML of the rule files (rules/**/*.yaml), parsed once at build time. Parsing ~70 YAML files cost about a
// third of a one-file scan's start-up; `npm run build` stores each file's parsed document as JSON under the
// SHA-256 of its text (dist/rules-yaml.json), and a scan parses YAML only for text it has no entry for (an
// edited rule, a custom rule folder, a build without the artefact). Same text, same document: the cache can
// only be stale in speed, never in content.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import type { ParseOptions, DocumentOptions, SchemaOptions, ToJSOptions } from 'yaml';
import { yamlLib } from './yaml-lib.js';

type YamlOptions = ParseOptions & DocumentOptions & SchemaOptions & ToJSOptions;

/** The artefact next to the compiled code: dist/src/ruleset/ → dist/rules-yaml.json. */
export const ARTEFACT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'rules-yaml.json');

interface Artefact {
  version: 1;
  /** sha256 of the YAML text → JSON text of its document. */
  docs: Record<string, string>;
}

let table: Map<string, string> | null | undefined;
let artefactPath = ARTEFACT;

function loadTable(): Map<string, string> | null {
  try {
    const a = JSON.parse(fs.readFileSync(artefactPath, 'utf8')) as Artefact;
    if (a?.version !== 1 || typeof a.docs !== 'object' || a.docs === null) return null;
    return new Map(Object.entries(a.docs).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return null; // no artefact (running from source, a partial build): parse the YAML
  }
}

// "k" + hex: 64 bare hex digits next to a provider's name ("serpapi") are what a scanner reports as that
// provider's key, and this artefact ships in the npm package that credlife (and others) scan; glued to a
// letter they are no longer a token on their own.
const hashOf = (text: string) => `k${createHash('sha256').update(text).digest('hex')}`;

/** Is this exact text in the artefact (parsed at build time)? */
export function isPrecompiled(text: string): boolean {
  if (table === undefined) table = loadTable();
  return table?.has(hashOf(text)) ?? false;
}

/** `YAML.parse(text)`, from the build-time artefact when it holds this exact text. Each call gets its own copy. */
export function parseRuleYaml(text: string, options?: YamlOptions): unknown {
  if (table === undefined) table = loadTable();
  const hit = table?.get(hashOf(text));
  if (hit !== undefined) return JSON.parse(hit);
  return options ? yamlLib().parse(text, options) : yamlLib().parse(text);
}

/** Build step: parse every YAML file under `rulesDir` and write the artefact. Returns the number of entries. */
export function compileRuleYaml(rulesDir: string, out = ARTEFACT): number {
  const docs: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /\.ya?ml$/.test(e.name)) {
        const text = fs.readFileSync(p, 'utf8');
        let doc: unknown;
        try {
          doc = yamlLib().parse(text);
        } catch {
          continue; // a broken file keeps failing at scan time, with its own error
        }
        const json = JSON.stringify(doc);
        // Only documents JSON keeps exactly (no Infinity, dates, undefined): anything else stays on the YAML path.
        if (json !== undefined && isDeepStrictEqual(JSON.parse(json), doc)) docs[hashOf(text)] = json;
      }
    }
  };
  walk(rulesDir);
  const artefact: Artefact = { version: 1, docs };
  fs.mkdirSync(path.dirname(out), { recursive: true });
  // One entry per line: a 150 KB single line made scanners (credlife included) cap their matches on it.
  fs.writeFileSync(out, JSON.stringify(artefact, null, 1));
  table = undefined;
  return Object.keys(docs).length;
}

/** Read the artefact from another file from now on (tests); no argument restores the default. */
export function useRuleYamlArtefact(file = ARTEFACT): void {
  artefactPath = file;
  table = undefined;
}
