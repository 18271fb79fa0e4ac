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
import { isPrecompiled, parseRuleYaml } from '../ruleset/rule-yaml.js';
import { ConfigError } from '../model/errors.js';
import { formatPath, schemaProblem } from '../ruleset/schema.js';

export class RuleLoadError extends ConfigError {
  constructor(
    readonly file: string,
    readonly ruleId: string | null,
    readonly problem: string,
    /** The rule's top-level field the problem is in, when known (config errors point at its line). */
    readonly field?: string,
  ) {
    super(`${file}${ruleId ? ` rule "${ruleId}"` : ''}: ${problem}`, 'fix the rule (rules/credentials format, see docs/rules.md)');
  }
}

const ANY_CONTENT = '(?<secret>\\S[\\s\\S]{0,63})';
const ID = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;

type Raw = Record<string, unknown>;

function isObject(v: unknown): v is Raw {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const STRINGS = { type: 'array', items: { type: 'string', minLength: 1, description: 'must be a non-empty string' }, description: 'must be a list of non-empty strings' };
const BOOLEAN = { type: 'boolean', description: 'must be true or false' };
const STRING = { type: 'string', description: 'must be a string' };
const HTTPS = { type: 'string', pattern: '^https://', description: 'must be an https:// URL' };

/**
 * One credential rule (JSON schema; each field's `description` is the problem an error names). What a schema
 * cannot say stays in validateRule: the provider from the file, what a wholeFile rule may leave out, regexes
 * that compile, hold the secret group and do not backtrack.
 */
export const CREDENTIAL_RULE_SCHEMA = {
  type: 'object',
  description: 'a rule must be a mapping',
  required: ['id', 'type', 'lifetime', 'remediation'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: ID.source, description: 'must be lowercase letters, digits and dashes' },
    provider: { type: 'string', minLength: 1, description: 'is required (on the rule or the file)' },
    type: { type: 'string', minLength: 1, description: 'is required' },
    keywords: { ...STRINGS, items: { type: 'string', minLength: 2, description: 'must be at least 2 characters' } },
    keywordsIgnoreCase: BOOLEAN,
    regex: { type: 'string', minLength: 1, description: 'is required' },
    flags: { type: 'string', pattern: '^[imsu]*$', description: 'may only contain i, m, s, u (g and d are added)' },
    multiline: BOOLEAN,
    entropy: { type: 'number', minimum: 0, maximum: 8, description: 'must be a number of bits per character between 0 and 8' },
    checksum: { enum: [...CHECKSUM_NAMES], description: `must be one of ${CHECKSUM_NAMES.join(', ')}` },
    decoder: { enum: [...DECODER_NAMES], description: `must be one of ${DECODER_NAMES.join(', ')}` },
    prefix: STRING,
    lifetime: {
      type: 'object',
      description: 'is required: { class, ttlSeconds }',
      required: ['class'],
      additionalProperties: false,
      properties: {
        class: { enum: [...LIFETIME_CLASSES], description: `must be one of ${LIFETIME_CLASSES.join(', ')}` },
        ttlSeconds: { type: ['number', 'null'], minimum: 0, description: 'must be a number of seconds or null' },
        note: STRING,
        source: HTTPS,
      },
    },
    tags: STRINGS,
    envNames: STRINGS,
    remediation: { type: 'string', pattern: '\\S', description: 'is required' },
    remediationUrl: HTTPS,
    allow: STRINGS,
    examples: {
      type: 'object',
      description: 'must be a mapping with "match" and "no-match" lists',
      additionalProperties: false,
      properties: { match: STRINGS, 'no-match': STRINGS, noMatch: STRINGS, file: { type: 'string', minLength: 1, description: 'must be a file name' } },
    },
    source: STRING,
    priority: { type: 'number', description: 'must be a number' },
    keyPattern: STRING,
    keyDeny: STRING,
    hashShaped: BOOLEAN,
    window: { type: 'number', minimum: 16, maximum: 65536, description: 'must be a number between 16 and 65536' },
    paths: STRINGS,
    wholeFile: BOOLEAN,
    'no-match': {},
  },
};

/** A credential rule file: a provider for its rules and the rules (each held to CREDENTIAL_RULE_SCHEMA). */
export const CREDENTIAL_RULE_FILE_SCHEMA = {
  type: 'object',
  description: 'expected a mapping with "provider" and "rules"',
  required: ['rules'],
  additionalProperties: false,
  properties: {
    provider: {},
    rules: { type: 'array', minItems: 1, description: 'must be a non-empty list' },
  },
};

function compiles(source: string, flags: string, what: string, fail: (m: string) => never): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (err) {
    return fail(`${what} does not compile: ${(err as Error).message}`);
  }
}

/**
 * Validate one raw rule (from YAML or config) into a CredentialRule; throws RuleLoadError. Its shape is held to
 * CREDENTIAL_RULE_SCHEMA unless `trusted` (a shipped file the build parsed: the test suite holds those to the
 * schema, and a scan does not load ajv). `probe` also times the regex on adversarial input (≈ 3 ms a rule): on
 * for custom rules; the shipped rules are probed once by their test (test/detect/rules.test.ts) instead of on
 * every scan.
 */
export function validateRule(raw: unknown, source: string, fileProvider?: string, probe = true, trusted = false): CredentialRule {
  const id0 = isObject(raw) && typeof raw.id === 'string' ? raw.id : null;
  const fail = (problem: string, field?: string): never => {
    throw new RuleLoadError(source, id0, problem, field);
  };
  if (!trusted) {
    const problem = schemaProblem(CREDENTIAL_RULE_SCHEMA, raw, undefined, 'field');
    if (problem) {
      const top = problem.path[0];
      fail(`${problem.path.length ? `${formatPath(problem.path)}: ` : ''}${problem.problem}`, typeof top === 'string' ? top : undefined);
    }
  }
  if (!isObject(raw)) return fail('a rule must be a mapping');
  const provider = raw.provider ?? fileProvider;
  if (typeof provider !== 'string' || provider.length === 0) fail('"provider" is required (on the rule or the file)', 'provider');
  const wholeFile = raw.wholeFile === true;
  const paths = (raw.paths ?? []) as string[];
  if (wholeFile && paths.length === 0) fail('"paths" is required for a wholeFile rule (which files are credentials)', 'paths');
  // A whole-file rule needs no keywords (it is chosen by name) and its regex, if any, only checks the content.
  const keywords = (raw.keywords ?? []) as string[];
  if (!wholeFile && raw.keywords === undefined) fail('"keywords" is required (a list of strings)', 'keywords');
  if (!wholeFile && keywords.length === 0) fail('"keywords" must not be empty', 'keywords');
  // A whole-file rule without a regex accepts any content (a binary keystore is checked by name only).
  const regex = (raw.regex ?? (wholeFile ? ANY_CONTENT : undefined)) as string | undefined;
  if (regex === undefined) return fail('"regex" is required', 'regex');
  const flags = (raw.flags ?? '') as string;
  const re = compiles(regex, `${flags}gd`, '"regex"', fail);
  if (!regex.includes('(?<secret>')) fail('"regex" must contain the named group (?<secret>…)', 'regex');
  const redos = staticRedosReason(regex);
  if (redos) fail(`"regex" can backtrack catastrophically (${redos})`, 'regex');
  const slow = probe ? probeRedos(re, keywords) : null;
  if (slow) fail(`"regex" can backtrack catastrophically (${slow})`, 'regex');
  // Every regex of a probed rule runs with a deadline once before use (values and key names are bounded, not tiny).
  const probeAlso = (source: string, flags: string, what: string) => {
    const r = compiles(source, flags, what, fail);
    const why = probe ? (staticRedosReason(source) ?? probeRedos(r, [])) : null;
    if (why) fail(`${what} can backtrack catastrophically (${why})`);
  };
  if (raw.keyPattern !== undefined) probeAlso(raw.keyPattern as string, 'i', '"keyPattern"');
  if (raw.keyDeny !== undefined) probeAlso(raw.keyDeny as string, 'i', '"keyDeny"');
  // YAML's .inf is a number a schema accepts.
  if (raw.priority !== undefined && !Number.isFinite(raw.priority)) fail('"priority" must be a number', 'priority');
  const lt = raw.lifetime as { class: LifetimeClass; ttlSeconds?: number | null; note?: string; source?: string };
  const ttl = lt.ttlSeconds === undefined ? null : lt.ttlSeconds;
  const tags = (raw.tags ?? []) as string[];
  const envNames = (raw.envNames ?? []) as string[];
  const allow = (raw.allow ?? []) as string[];
  allow.forEach((a, i) => probeAlso(a, '', `"allow[${i}]"`));
  const ex = raw.examples as { match?: string[]; 'no-match'?: string[]; noMatch?: string[]; file?: string } | undefined;
  const match = ex?.match ?? [];
  const noMatch = ex?.['no-match'] ?? ex?.noMatch ?? [];
  const rule: CredentialRule = {
    id: raw.id as string,
    provider: provider as string,
    type: raw.type as string,
    keywords,
    regex,
    lifetime: { class: lt.class, ttlSeconds: ttl, ...(lt.note ? { note: lt.note } : {}), ...(lt.source ? { source: lt.source } : {}) },
    tags,
    remediation: (raw.remediation as string).trim(),
    examples: { match, noMatch, ...(typeof ex?.file === 'string' ? { file: ex.file } : {}) },
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
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
    doc = parseRuleYaml(text, { prettyErrors: true });
  } catch (err) {
    throw new RuleLoadError(file, null, `cannot read or parse YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  // Text the build parsed is a shipped file, held to the schemas by test/core/rule-schemas.test.ts.
  const trusted = isPrecompiled(text);
  const problem = schemaProblem(CREDENTIAL_RULE_FILE_SCHEMA, doc, text, 'top-level field');
  if (problem) throw new RuleLoadError(file, null, `${problem.path.length ? `${formatPath(problem.path)}: ` : ''}${problem.problem}`);
  const { provider, rules } = doc as { provider?: unknown; rules: unknown[] };
  return rules.map((r) => validateRule(r, file, typeof provider === 'string' ? provider : undefined, probe, trusted));
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
