// The registry of non-credential rules (kind: config | binding): rules/checks/*.yaml.
// Each file: `family: <name>` and `checks: [{ id, kind, title, description, remediation, remediationUrl, tags }]`.
// SARIF, `credlife explain`, default remediations and the framework mappings all read rule metadata from here.
import fs from 'node:fs';
import path from 'node:path';
import { LIFETIME_CLASSES, type LifetimeClass } from '../model/report.js';
import { parseRuleYaml } from '../ruleset/rule-yaml.js';
import { ConfigError } from '../model/errors.js';
import { formatPath, schemaProblem } from '../ruleset/schema.js';

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

const NON_EMPTY = { type: 'string', pattern: '\\S', description: 'must be a non-empty string' };

/** A checks file (JSON schema; each field's `description` is the problem an error names). */
export const CHECKS_SCHEMA = {
  type: 'object',
  description: 'expected a mapping with "family" and "checks"',
  required: ['family', 'checks'],
  properties: {
    family: NON_EMPTY,
    checks: {
      type: 'array',
      description: 'must be a list',
      items: {
        type: 'object',
        description: 'expected a mapping',
        required: ['id', 'kind', 'title', 'description', 'remediation'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', description: 'must be lower-case kebab-case' },
          kind: { enum: ['config', 'binding'], description: 'must be config or binding' },
          title: NON_EMPTY,
          description: NON_EMPTY,
          remediation: NON_EMPTY,
          remediationUrl: { type: 'string', pattern: '^https://', description: 'must be an https URL' },
          tags: { type: 'array', items: { type: 'string', description: 'must be a list of strings' }, description: 'must be a list of strings' },
          lifetime: { enum: [...LIFETIME_CLASSES], description: `must be one of ${LIFETIME_CLASSES.join(', ')}` },
        },
      },
    },
  },
};

interface RawCheck {
  id: string;
  kind: CheckKind;
  title: string;
  description: string;
  remediation: string;
  remediationUrl?: string;
  tags?: string[];
  lifetime?: LifetimeClass;
}

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

/** Parse and validate one checks file (CHECKS_SCHEMA). `source` names it in errors. */
export function parseCheckFile(text: string, source: string): Check[] {
  let doc: unknown;
  try {
    doc = parseRuleYaml(text);
  } catch (e) {
    throw new CheckLoadError(`${source}: not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  const problem = schemaProblem(CHECKS_SCHEMA, doc, text);
  if (problem) throw new CheckLoadError(`${source}: ${checkWhere(doc, problem.path)}${problem.problem}`);
  const { family, checks } = doc as { family: string; checks: RawCheck[] };
  return checks.map((raw) => ({
    id: raw.id,
    kind: raw.kind,
    family,
    title: raw.title.trim(),
    description: raw.description.trim(),
    remediation: raw.remediation.trim(),
    ...(raw.remediationUrl ? { remediationUrl: raw.remediationUrl.trim() } : {}),
    tags: raw.tags ?? [],
    ...(raw.lifetime ? { lifetime: raw.lifetime } : {}),
    source,
  }));
}

/** `check "id": ` for a problem inside a check with a valid id, else the path (`checks[2].tags[1]: `). */
function checkWhere(doc: unknown, at: readonly (string | number)[]): string {
  if (at[0] === 'checks' && typeof at[1] === 'number') {
    const id = isRecord(doc) && Array.isArray(doc.checks) && isRecord(doc.checks[at[1]]) ? doc.checks[at[1]].id : undefined;
    if (typeof id === 'string' && /^[a-z0-9][a-z0-9-]*$/.test(id)) {
      const rest = formatPath(at.slice(2));
      return `check "${id}": ${rest ? `${rest}: ` : ''}`;
    }
  }
  return at.length ? `${formatPath(at)}: ` : '';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
