// Loading and validating credential rules. Every rule is checked at load time so that a broken rule
// file fails fast with the file, the rule id and what is wrong — never at scan time on someone's line.
import fs from 'node:fs';
import path from 'node:path';
import { LIFETIME_CLASSES, type LifetimeClass } from '../model/report.js';
import type { CredentialRule } from './rule-types.js';
import { CHECKSUM_NAMES } from './checksum.js';
import { DECODER_NAMES } from './decoders.js';
import { probeRedos, staticRedosReason } from './redos.js';
import { rulesDir } from '../ruleset/paths.js';
import { parseRuleYaml } from '../ruleset/rule-yaml.js';
import { ConfigError } from '../model/errors.js';

export class RuleLoadError extends ConfigError {
  constructor(
    readonly file: string,
    readonly ruleId: string | null,
    readonly problem: string,
  ) {
    super(`${file}${ruleId ? ` rule "${ruleId}"` : ''}: ${problem}`, 'fix the rule (rules/credentials format, see docs/rules.md)');
  }
}

const RULE_FIELDS = new Set([
  'id', 'provider', 'type', 'keywords', 'keywordsIgnoreCase', 'regex', 'flags', 'multiline', 'entropy',
  'checksum', 'decoder', 'prefix', 'lifetime', 'tags', 'envNames', 'remediation', 'remediationUrl', 'allow',
  'examples', 'source', 'priority', 'keyPattern', 'keyDeny', 'hashShaped', 'window', 'paths', 'wholeFile',
]);
const FILE_FIELDS = new Set(['provider', 'rules']);
const ANY_CONTENT = '(?<secret>\\S[\\s\\S]{0,63})';
const ID = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;

type Raw = Record<string, unknown>;

function isObject(v: unknown): v is Raw {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function stringList(v: unknown, field: string, fail: (m: string) => never, opts: { nonEmpty?: boolean } = {}): string[] {
  if (v === undefined) {
    if (opts.nonEmpty) fail(`"${field}" is required (a list of strings)`);
    return [];
  }
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x.length === 0)) fail(`"${field}" must be a list of non-empty strings`);
  const list = v as string[];
  if (opts.nonEmpty && list.length === 0) fail(`"${field}" must not be empty`);
  return list;
}

function compiles(source: string, flags: string, what: string, fail: (m: string) => never): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (err) {
    return fail(`${what} does not compile: ${(err as Error).message}`);
  }
}

/**
 * Validate one raw rule (from YAML or config) into a CredentialRule; throws RuleLoadError. `probe` also
 * times the regex on adversarial input (≈ 3 ms a rule): on for custom rules; the shipped rules are probed
 * once by their test (test/detect/rules.test.ts) instead of on every scan.
 */
export function validateRule(raw: unknown, source: string, fileProvider?: string, probe = true): CredentialRule {
  const id0 = isObject(raw) && typeof raw.id === 'string' ? raw.id : null;
  const fail = (problem: string): never => {
    throw new RuleLoadError(source, id0, problem);
  };
  if (!isObject(raw)) return fail('a rule must be a mapping');
  for (const k of Object.keys(raw)) if (!RULE_FIELDS.has(k) && k !== 'no-match') fail(`unknown field "${k}"`);
  if (typeof raw.id !== 'string' || !ID.test(raw.id)) fail('"id" must be lowercase letters, digits and dashes');
  const provider = raw.provider ?? fileProvider;
  if (typeof provider !== 'string' || provider.length === 0) fail('"provider" is required (on the rule or the file)');
  if (typeof raw.type !== 'string' || raw.type.length === 0) fail('"type" is required');
  if (raw.wholeFile !== undefined && typeof raw.wholeFile !== 'boolean') fail('"wholeFile" must be true or false');
  const wholeFile = raw.wholeFile === true;
  const paths = stringList(raw.paths, 'paths', fail);
  if (wholeFile && paths.length === 0) fail('"paths" is required for a wholeFile rule (which files are credentials)');
  // A whole-file rule needs no keywords (it is chosen by name) and its regex, if any, only checks the content.
  const keywords = stringList(raw.keywords, 'keywords', fail, { nonEmpty: !wholeFile });
  if (keywords.some((k) => k.length < 2)) fail('"keywords" must be at least 2 characters each');
  for (const b of ['keywordsIgnoreCase', 'multiline', 'hashShaped'] as const) {
    if (raw[b] !== undefined && typeof raw[b] !== 'boolean') fail(`"${b}" must be true or false`);
  }
  // A whole-file rule without a regex accepts any content (a binary keystore is checked by name only).
  const rawRegex = raw.regex ?? (wholeFile ? ANY_CONTENT : undefined);
  if (typeof rawRegex !== 'string' || rawRegex.length === 0) fail('"regex" is required');
  const regex = rawRegex as string;
  const flags = raw.flags ?? '';
  if (typeof flags !== 'string' || !/^[imsu]*$/.test(flags)) fail('"flags" may only contain i, m, s, u (g and d are added)');
  const re = compiles(regex, `${flags as string}gd`, '"regex"', fail);
  if (!regex.includes('(?<secret>')) fail('"regex" must contain the named group (?<secret>…)');
  const redos = staticRedosReason(regex);
  if (redos) fail(`"regex" can backtrack catastrophically (${redos})`);
  const slow = probe ? probeRedos(re, keywords) : null;
  if (slow) fail(`"regex" can backtrack catastrophically (${slow})`);
  if (raw.entropy !== undefined && (typeof raw.entropy !== 'number' || raw.entropy < 0 || raw.entropy > 8)) fail('"entropy" must be a number of bits per character between 0 and 8');
  if (raw.checksum !== undefined && !CHECKSUM_NAMES.includes(raw.checksum as string)) fail(`"checksum" must be one of ${CHECKSUM_NAMES.join(', ')}`);
  if (raw.decoder !== undefined && !DECODER_NAMES.includes(raw.decoder as string)) fail(`"decoder" must be one of ${DECODER_NAMES.join(', ')}`);
  for (const s of ['prefix', 'remediationUrl', 'keyPattern', 'keyDeny'] as const) {
    if (raw[s] !== undefined && typeof raw[s] !== 'string') fail(`"${s}" must be a string`);
  }
  if (raw.remediationUrl !== undefined && !/^https:\/\//.test(raw.remediationUrl as string)) fail('"remediationUrl" must be an https:// URL');
  // Every regex of a probed rule runs with a deadline once before use (values and key names are bounded, not tiny).
  const probeAlso = (source: string, flags: string, what: string) => {
    const r = compiles(source, flags, what, fail);
    const why = probe ? (staticRedosReason(source) ?? probeRedos(r, [])) : null;
    if (why) fail(`${what} can backtrack catastrophically (${why})`);
  };
  if (raw.keyPattern !== undefined) probeAlso(raw.keyPattern as string, 'i', '"keyPattern"');
  if (raw.keyDeny !== undefined) probeAlso(raw.keyDeny as string, 'i', '"keyDeny"');
  for (const n of ['priority', 'window'] as const) {
    if (raw[n] !== undefined && (typeof raw[n] !== 'number' || !Number.isFinite(raw[n]))) fail(`"${n}" must be a number`);
  }
  if (raw.window !== undefined && ((raw.window as number) < 16 || (raw.window as number) > 65536)) fail('"window" must be between 16 and 65536');
  const lt = raw.lifetime;
  if (!isObject(lt)) return fail('"lifetime" is required: { class, ttlSeconds }');
  if (!LIFETIME_CLASSES.includes(lt.class as LifetimeClass)) fail(`"lifetime.class" must be one of ${LIFETIME_CLASSES.join(', ')}`);
  const ttl = lt.ttlSeconds === undefined ? null : lt.ttlSeconds;
  if (ttl !== null && (typeof ttl !== 'number' || !(ttl >= 0))) fail('"lifetime.ttlSeconds" must be a number of seconds or null');
  if (lt.note !== undefined && typeof lt.note !== 'string') fail('"lifetime.note" must be a string');
  if (lt.source !== undefined && (typeof lt.source !== 'string' || !/^https:\/\//.test(lt.source))) fail('"lifetime.source" must be an https:// URL');
  for (const k of Object.keys(lt)) if (!['class', 'ttlSeconds', 'note', 'source'].includes(k)) fail(`unknown field "lifetime.${k}"`);
  const tags = stringList(raw.tags, 'tags', fail);
  const envNames = stringList(raw.envNames, 'envNames', fail);
  if (typeof raw.remediation !== 'string' || raw.remediation.trim().length === 0) fail('"remediation" is required');
  const allow = stringList(raw.allow, 'allow', fail);
  allow.forEach((a, i) => probeAlso(a, '', `"allow[${i}]"`));
  const ex = raw.examples;
  let match: string[] = [];
  let noMatch: string[] = [];
  if (ex !== undefined) {
    if (!isObject(ex)) fail('"examples" must be a mapping with "match" and "no-match" lists');
    const exo = ex as Raw;
    for (const k of Object.keys(exo)) if (!['match', 'no-match', 'noMatch', 'file'].includes(k)) fail(`unknown field "examples.${k}"`);
    if (exo.file !== undefined && (typeof exo.file !== 'string' || exo.file.length === 0)) fail('"examples.file" must be a file name');
    match = stringList(exo.match, 'examples.match', fail);
    noMatch = stringList(exo['no-match'] ?? exo.noMatch, 'examples.no-match', fail);
  }
  const rule: CredentialRule = {
    id: raw.id as string,
    provider: provider as string,
    type: raw.type as string,
    keywords,
    regex,
    lifetime: { class: lt.class as LifetimeClass, ttlSeconds: ttl as number | null, ...(lt.note ? { note: lt.note as string } : {}), ...(lt.source ? { source: lt.source as string } : {}) },
    tags,
    remediation: (raw.remediation as string).trim(),
    examples: { match, noMatch, ...(isObject(ex) && typeof ex.file === 'string' ? { file: ex.file } : {}) },
    source,
  };
  const optional = ['keywordsIgnoreCase', 'flags', 'multiline', 'entropy', 'checksum', 'decoder', 'prefix', 'remediationUrl', 'priority', 'keyPattern', 'keyDeny', 'hashShaped', 'window'] as const;
  for (const k of optional) if (raw[k] !== undefined) (rule as unknown as Raw)[k] = raw[k];
  if (envNames.length) rule.envNames = envNames;
  if (paths.length) rule.paths = paths;
  if (wholeFile) rule.wholeFile = true;
  if (allow.length) rule.allow = allow;
  return rule;
}

/** Parse and validate one rule file (`probe`: see validateRule). */
export function loadRuleFile(file: string, probe = true): CredentialRule[] {
  let doc: unknown;
  try {
    doc = parseRuleYaml(fs.readFileSync(file, 'utf8'), { prettyErrors: true });
  } catch (err) {
    throw new RuleLoadError(file, null, `cannot read or parse YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!isObject(doc)) throw new RuleLoadError(file, null, 'expected a mapping with "provider" and "rules"');
  for (const k of Object.keys(doc)) if (!FILE_FIELDS.has(k)) throw new RuleLoadError(file, null, `unknown top-level field "${k}"`);
  if (!Array.isArray(doc.rules) || doc.rules.length === 0) throw new RuleLoadError(file, null, '"rules" must be a non-empty list');
  const provider = typeof doc.provider === 'string' ? doc.provider : undefined;
  return doc.rules.map((r) => validateRule(r, file, provider, probe));
}

/**
 * Load every *.yaml / *.yml in the given directories (sorted), then the extra rules; ids must be unique.
 * Rules from the shipped rules/credentials skip the timed ReDoS probe (a test probes them all); rules from
 * any other folder and extra (config) rules are probed.
 */
export function loadRules(dirs: readonly string[], extra: readonly unknown[] = []): CredentialRule[] {
  const rules: CredentialRule[] = [];
  const shipped = rulesDir('credentials');
  for (const dir of dirs) {
    const probe = path.resolve(dir) !== shipped;
    let entries: string[];
    try {
      entries = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
    } catch (err) {
      throw new RuleLoadError(dir, null, `cannot read rule directory: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    for (const f of entries) rules.push(...loadRuleFile(path.join(dir, f), probe));
  }
  for (const r of extra) {
    const source = isObject(r) && typeof r.source === 'string' ? r.source : 'config';
    rules.push(validateRule(r, source));
  }
  const seen = new Map<string, string>();
  for (const r of rules) {
    const prev = seen.get(r.id);
    if (prev) throw new RuleLoadError(r.source, r.id, `duplicate rule id (also defined in ${prev})`);
    seen.set(r.id, r.source);
  }
  return rules;
}
