// Values that look like credentials but are public by design (rules/public-values.yaml): emulator keys and SDK
// sample keys, matched by the SHA-256 of the exact value; identifiers such as Firebase web API keys, matched
// by their shape and the text around the value; client-side keys whose shape alone says they are public
// (PostHog project keys, Stripe publishable keys); and JWTs whose claims say so (Supabase anon keys). A match is silent: no finding, no gate failure.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { rulesDir } from '../ruleset/paths.js';
import { jwtPayload } from '../lifetime/jwt.js';
import { parseRuleYaml } from '../ruleset/rule-yaml.js';
import { formatPath, schemaProblem } from '../ruleset/schema.js';

export interface PublicValue {
  id: string;
  what: string;
  source: string;
}

interface PublicContext extends PublicValue {
  /** The value's shape (whichever rule found it: the provider rule or the generic one). */
  shape: RegExp;
  /** Text near the value that makes it public; absent: the shape alone is public by design, wherever it is. */
  near: RegExp | null;
  /** For JWTs: claims of the payload (name → pattern) that make it public (a Supabase anon key: role anon). */
  claims: [string, RegExp][] | null;
}

export interface PublicValues {
  byHash: Map<string, PublicValue>;
  contexts: PublicContext[];
}

/** Characters on each side of a value searched for a context pattern. */
const NEAR = 400;

const ENTRY = {
  id: { type: 'string', pattern: '\\S', description: 'is required' },
  what: { type: 'string', pattern: '\\S', description: 'is required' },
  source: { type: 'string', pattern: '^https://', description: 'must be an https:// URL' },
};

/** A public-values file (JSON schema; each field's `description` is the problem an error names). */
export const PUBLIC_VALUES_SCHEMA = {
  type: ['object', 'null'],
  description: 'expected a mapping with "values" and "contexts"',
  additionalProperties: false,
  properties: {
    values: {
      type: 'array',
      description: 'must be a list',
      items: {
        type: 'object',
        description: 'expected a mapping',
        required: ['id', 'what', 'source', 'sha256'],
        properties: { ...ENTRY, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$', description: 'must be 64 lowercase hex' } },
      },
    },
    contexts: {
      type: 'array',
      description: 'must be a list',
      items: {
        type: 'object',
        description: 'expected a mapping',
        required: ['id', 'what', 'source', 'shape'],
        properties: {
          ...ENTRY,
          shape: { type: 'string', description: 'must be a regex' },
          near: { type: 'string', description: 'must be a regex' },
          claims: { type: 'object', description: 'must map claim names to patterns', additionalProperties: { type: 'string', description: 'must be a regex' } },
        },
      },
    },
  },
};

interface RawEntry {
  id: string;
  what: string;
  source: string;
  sha256?: string;
  shape?: string;
  near?: string;
  claims?: Record<string, string>;
}

/** Parse and validate a public-values file (PUBLIC_VALUES_SCHEMA; a broken shipped file is a bug: it throws). */
export function loadPublicValues(file: string): PublicValues {
  const text = fs.readFileSync(file, 'utf8');
  const doc = parseRuleYaml(text) as { values?: RawEntry[]; contexts?: RawEntry[] } | null;
  const problem = schemaProblem(PUBLIC_VALUES_SCHEMA, doc, text);
  if (problem) throw new Error(`${file}: ${problem.path.length ? `${formatPath(problem.path)}: ` : ''}${problem.problem}`);
  const out: PublicValues = { byHash: new Map(), contexts: [] };
  const base = (e: RawEntry): PublicValue => ({ id: e.id, what: e.what.trim(), source: e.source });
  for (const e of doc?.values ?? []) out.byHash.set(e.sha256!, base(e));
  for (const e of doc?.contexts ?? []) {
    const claims = e.claims ? Object.entries(e.claims).map(([k, re]): [string, RegExp] => [k, new RegExp(re)]) : null;
    out.contexts.push({ ...base(e), shape: new RegExp(e.shape!), near: typeof e.near === 'string' ? new RegExp(e.near) : null, claims });
  }
  return out;
}

let shipped: PublicValues | null = null;

/** The shipped list (rules/public-values.yaml), read once per thread. */
export function shippedPublicValues(): PublicValues {
  return (shipped ??= loadPublicValues(path.join(rulesDir(), 'public-values.yaml')));
}

/** The public value a candidate is (by hash, or by its shape and surrounding text), or null. */
export function publicValueOf(secret: string, text: string, start: number, end: number, values = shippedPublicValues()): PublicValue | null {
  if (values.byHash.size > 0) {
    const hit = values.byHash.get(createHash('sha256').update(secret).digest('hex'));
    if (hit) return hit;
  }
  for (const c of values.contexts) {
    if (!c.shape.test(secret)) continue;
    if (c.claims && !claimsMatch(secret, c.claims)) continue;
    if (!c.near) return c;
    const around = text.slice(Math.max(0, start - NEAR), Math.min(text.length, end + NEAR));
    if (c.near.test(around)) return c;
  }
  return null;
}

/** Do a JWT's payload claims match every pattern? (A value that does not decode matches nothing.) */
function claimsMatch(jwt: string, claims: readonly [string, RegExp][]): boolean {
  const payload = jwtPayload(jwt);
  return payload !== null && claims.every(([k, re]) => typeof payload[k] === 'string' && re.test(payload[k] as string));
}
