// Values that look like credentials but are public by design (rules/public-values.yaml): emulator keys and SDK
// sample keys, matched by the SHA-256 of the exact value; identifiers such as Firebase web API keys, matched
// by their shape and the text around the value; client-side keys whose shape alone says they are public
// (PostHog project keys, Stripe publishable keys); and JWTs whose claims say so (Supabase anon keys). A match is silent: no finding, no gate failure.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { yamlLib } from '../ruleset/yaml-lib.js';
import { rulesDir } from '../ruleset/paths.js';

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

function fail(file: string, what: string): never {
  throw new Error(`${file}: ${what}`);
}

/** Parse and validate a public-values file (a broken shipped file is a bug: it throws). */
export function loadPublicValues(file: string): PublicValues {
  const doc = yamlLib().parse(fs.readFileSync(file, 'utf8')) as { values?: unknown[]; contexts?: unknown[] } | null;
  const out: PublicValues = { byHash: new Map(), contexts: [] };
  const base = (e: Record<string, unknown>, i: number, list: string): PublicValue => {
    for (const k of ['id', 'what', 'source']) if (typeof e[k] !== 'string' || !(e[k] as string).trim()) fail(file, `${list}[${i}].${k} is required`);
    if (!/^https:\/\//.test(e.source as string)) fail(file, `${list}[${i}].source must be an https:// URL`);
    return { id: e.id as string, what: (e.what as string).trim(), source: e.source as string };
  };
  (doc?.values ?? []).forEach((raw, i) => {
    const e = raw as Record<string, unknown>;
    const v = base(e, i, 'values');
    if (typeof e.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(e.sha256)) fail(file, `values[${i}].sha256 must be 64 lowercase hex`);
    out.byHash.set(e.sha256, v);
  });
  (doc?.contexts ?? []).forEach((raw, i) => {
    const e = raw as Record<string, unknown>;
    const v = base(e, i, 'contexts');
    if (typeof e.shape !== 'string') fail(file, `contexts[${i}].shape must be a regex`);
    if (e.near !== undefined && typeof e.near !== 'string') fail(file, `contexts[${i}].near must be a regex`);
    let claims: [string, RegExp][] | null = null;
    if (e.claims !== undefined) {
      if (typeof e.claims !== 'object' || e.claims === null || Array.isArray(e.claims)) fail(file, `contexts[${i}].claims must map claim names to patterns`);
      claims = Object.entries(e.claims as Record<string, unknown>).map(([k, re]) => {
        if (typeof re !== 'string') fail(file, `contexts[${i}].claims.${k} must be a regex`);
        return [k, new RegExp(re)] as [string, RegExp];
      });
    }
    out.contexts.push({ ...v, shape: new RegExp(e.shape), near: typeof e.near === 'string' ? new RegExp(e.near) : null, claims });
  });
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
  const payload = jwt.split('.')[1];
  if (!payload || payload.length > 8192) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return false;
  }
  if (parsed === null || typeof parsed !== 'object') return false;
  const obj = parsed as Record<string, unknown>;
  return claims.every(([k, re]) => typeof obj[k] === 'string' && re.test(obj[k] as string));
}
