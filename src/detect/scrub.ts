// The one scrubber: every string that reaches a report or an error message passes through here, so a
// detected secret that is also a name (an MCP server called after its token, `<token>_TOKEN=`, a file
// named with a key) is shown redacted, never raw. Two layers:
// - in the worker, the exact values detected in a file are replaced in every other string that file
//   produced (scrubValues), which also catches values only a key name made detectable;
// - everywhere else, the credential rules run over the string itself (scrubText) and replace what they find.
import { engineFor, type CompiledRules, type DetectOptions } from './index.js';
import { scrubWithEngine } from './detector.js';
import { loadRules } from './loader.js';
import { rulesDir } from '../ruleset/paths.js';

/** Shortest value replaced by exact match (shorter ones would blank out ordinary words). */
const MIN_EXACT = 8;

/** Replace each raw value (longest first) in `text` by its redacted form. */
export function scrubValues(text: string, values: readonly { secret: string; redacted: string }[]): string {
  let out = text;
  for (const v of values) if (v.secret.length >= MIN_EXACT && out.includes(v.secret)) out = out.split(v.secret).join(v.redacted);
  return out;
}

/** Above this many values, which of them a string holds is looked up by their first characters. */
const INDEXED_FROM = 16;

/**
 * scrubValues for one set of values (longest first), as a function: the same output; with many values (a file
 * of thousands of keys) it first finds which values occur in the string by their first MIN_EXACT characters
 * instead of searching the string once per value (which was quadratic over a file's results).
 */
export function valueScrubber(values: readonly { secret: string; redacted: string }[]): (text: string) => string {
  const usable = values.filter((v) => v.secret.length >= MIN_EXACT);
  if (usable.length <= INDEXED_FROM) return (text) => scrubValues(text, usable);
  const byHead = new Map<string, number[]>();
  usable.forEach((v, i) => {
    const head = v.secret.slice(0, MIN_EXACT);
    const list = byHead.get(head);
    if (list) list.push(i);
    else byHead.set(head, [i]);
  });
  return (text) => {
    let hits: Set<number> | undefined;
    for (let i = 0; i + MIN_EXACT <= text.length; i++) {
      const list = byHead.get(text.slice(i, i + MIN_EXACT));
      if (list) for (const j of list) if (text.startsWith(usable[j]!.secret, i)) (hits ??= new Set()).add(j);
    }
    return hits ? scrubValues(text, [...hits].sort((a, b) => a - b).map((j) => usable[j]!)) : text;
  };
}

/** Apply `fn` to every string in a JSON-like value, in place (frozen objects are copied when they change); keys in `skip` are left alone. */
export function scrubDeep<T>(value: T, fn: (s: string) => string, skip: ReadonlySet<string> = SKIP_KEYS): T {
  // Objects shared by many findings (one reuse record, one factor) are walked once. A frozen shared object
  // whose strings change is replaced by a scrubbed copy (the same copy wherever it is referenced).
  const seen = new WeakMap<object, object>();
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return fn(v);
    if (!v || typeof v !== 'object') return v;
    const done = seen.get(v);
    if (done) return done;
    seen.set(v, v);
    const frozen = Object.isFrozen(v);
    let target = v as Record<string | number, unknown>;
    const set = (k: string | number, next: unknown): void => {
      if (next === target[k]) return;
      if (frozen && target === v) {
        target = (Array.isArray(v) ? [...v] : { ...v }) as Record<string | number, unknown>;
        seen.set(v, target);
      }
      target[k] = next;
    };
    if (Array.isArray(v)) for (let i = 0; i < v.length; i++) set(i, walk(v[i]));
    else for (const k of Object.keys(v)) if (!skip.has(k)) set(k, walk((v as Record<string, unknown>)[k]));
    return target;
  };
  return walk(value) as T;
}

/** Fields that hold no scanned text (hashes, ids, credlife's own rule and framework texts): not scrubbed. */
export const SKIP_KEYS: ReadonlySet<string> = new Set(['fingerprint', 'ruleId', 'severity', 'kind', 'schemaVersion', 'frameworks', 'remediation', 'remediationUrl', 'stages']);

let builtin: CompiledRules | null = null;

/** A scrubber over these rules (default: the shipped credential rules, loaded once). */
export function makeScrubber(rules?: CompiledRules, opts: Partial<DetectOptions> = {}): (text: string) => string {
  const set = rules ?? (builtin ??= { rules: loadRules([rulesDir('credentials')]) });
  // The same compiled engine as detection uses (compiled once per rule set and thread).
  const e = engineFor(set);
  const engineOpts = { fingerprintKey: '', ...(opts.stopwords ? { stopwords: opts.stopwords } : {}), ...(opts.allowRegexes ? { allowRegexes: opts.allowRegexes } : {}) };
  const cache = new Map<string, string>();
  return (text: string) => {
    let hit = cache.get(text);
    if (hit === undefined) {
      hit = scrubWithEngine(text, e, engineOpts);
      if (cache.size < 100_000) cache.set(text, hit);
    }
    return hit;
  };
}

/** Scrub one string with the shipped rules (error messages, anything outside a scan). */
export function scrubText(text: string): string {
  return makeScrubberOnce()(text);
}

let once: ((text: string) => string) | null = null;
function makeScrubberOnce(): (text: string) => string {
  return (once ??= makeScrubber());
}
