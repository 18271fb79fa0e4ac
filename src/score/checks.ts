// The registry of non-credential rules (kind: config | binding): rules/checks/*.yaml.
// Each file: `family: <name>` and `checks: [{ id, kind, title, description, remediation, remediationUrl, tags }]`.
// SARIF, `credlife explain`, default remediations and the framework mappings all read rule metadata from here.
import fs from 'node:fs';
import path from 'node:path';
import { LIFETIME_CLASSES, type LifetimeClass } from '../model/report.js';
import { parseRuleYaml } from '../ruleset/rule-yaml.js';
import { ConfigError } from '../model/errors.js';

export type CheckKind = 'config' | 'binding';

export interface Check {
  id: string;
  kind: CheckKind;
  /** The `family` of the file it came from (core, ci, k8s, mcp, …). */
  family: string;
  title: string;
  description: string;
  remediation: string;
  remediationUrl?: string;
  tags: string[];
  /** Optional: the lifetime class of the credentials such a setting produces (scores findings with no value). */
  lifetime?: LifetimeClass;
  /** File the check came from (for error messages). */
  source: string;
}

export class CheckLoadError extends ConfigError {
  constructor(message: string) {
    super(message, 'fix the file under rules/checks');
  }
}

const ID_RE = /^[a-z0-9][a-z0-9-]*$/;
const KNOWN_KEYS = new Set(['id', 'kind', 'title', 'description', 'remediation', 'remediationUrl', 'tags', 'lifetime']);

/** Load every *.yaml / *.yml file in `dir`, sorted by name; throws CheckLoadError naming file, id and problem. */
export function loadChecks(dir: string): Check[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch {
    return [];
  }
  const checks: Check[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    const file = path.join(dir, name);
    for (const check of parseCheckFile(fs.readFileSync(file, 'utf8'), name)) {
      const prior = seen.get(check.id);
      if (prior) throw new CheckLoadError(`${name}: check "${check.id}" is already defined in ${prior}`);
      seen.set(check.id, name);
      checks.push(check);
    }
  }
  return checks;
}

/** Parse and validate one checks file. `source` names it in errors. */
export function parseCheckFile(text: string, source: string): Check[] {
  let doc: unknown;
  try {
    doc = parseRuleYaml(text);
  } catch (e) {
    throw new CheckLoadError(`${source}: not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  if (!isRecord(doc)) throw new CheckLoadError(`${source}: expected a mapping with "family" and "checks"`);
  const family = doc.family;
  if (typeof family !== 'string' || !family) throw new CheckLoadError(`${source}: "family" must be a non-empty string`);
  if (!Array.isArray(doc.checks)) throw new CheckLoadError(`${source}: "checks" must be a list`);
  return doc.checks.map((raw, i) => parseCheck(raw, family, `${source}: checks[${i}]`, source));
}

function parseCheck(raw: unknown, family: string, where: string, source: string): Check {
  if (!isRecord(raw)) throw new CheckLoadError(`${where}: expected a mapping`);
  const id = raw.id;
  if (typeof id !== 'string' || !ID_RE.test(id)) throw new CheckLoadError(`${where}: "id" must be lower-case kebab-case`);
  const at = `${source}: check "${id}"`;
  for (const key of Object.keys(raw)) if (!KNOWN_KEYS.has(key)) throw new CheckLoadError(`${at}: unknown key "${key}"`);
  if (raw.kind !== 'config' && raw.kind !== 'binding') throw new CheckLoadError(`${at}: "kind" must be config or binding`);
  const text = (key: string, required: boolean): string | undefined => {
    const v = raw[key];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string' || !v.trim()) throw new CheckLoadError(`${at}: "${key}" must be a non-empty string`);
    return v.trim();
  };
  const tags = raw.tags ?? [];
  if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string')) throw new CheckLoadError(`${at}: "tags" must be a list of strings`);
  const lifetime = raw.lifetime;
  if (lifetime !== undefined && !LIFETIME_CLASSES.includes(lifetime as LifetimeClass)) {
    throw new CheckLoadError(`${at}: "lifetime" must be one of ${LIFETIME_CLASSES.join(', ')}`);
  }
  const url = text('remediationUrl', false);
  if (url !== undefined && !/^https:\/\//.test(url)) throw new CheckLoadError(`${at}: "remediationUrl" must be an https URL`);
  return {
    id,
    kind: raw.kind,
    family,
    title: text('title', true)!,
    description: text('description', true)!,
    remediation: text('remediation', true)!,
    ...(url ? { remediationUrl: url } : {}),
    tags: tags as string[],
    ...(lifetime ? { lifetime: lifetime as LifetimeClass } : {}),
    source,
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
