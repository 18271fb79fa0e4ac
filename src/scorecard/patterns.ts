// Evidence patterns for the scorecard: data in rules/controls/*.yaml (one file per control), plus extra
// pattern objects a user supplies (config). Every pattern is validated and compiled once, when loaded, so a
// broken pattern fails fast with its file and id, never on someone's line at scan time.
import fs from 'node:fs';
import path from 'node:path';
import { globMatcher } from '../detect/globs.js';
import { probeRedos, staticRedosReason } from '../detect/redos.js';
import { parseRuleYaml } from '../ruleset/rule-yaml.js';
import { rulesDir } from '../ruleset/paths.js';
import { ConfigError } from '../model/errors.js';
import { formatPath, schemaProblem } from '../ruleset/schema.js';
import { isPrecompiled } from '../ruleset/rule-yaml.js';

/** The article's five controls, in the order reports show them. */
export const CONTROL_IDS = ['per-task-issuance', 'context-binding', 'short-ttl-revocation', 'tool-call-logging', 'identity-separation'] as const;
export type ControlId = (typeof CONTROL_IDS)[number];

export interface NumericCondition {
  /** Named group holding a number of seconds or a duration ("15m", "768h"). */
  group: string;
  /** The pattern only applies when the value is at most / at least this many seconds. */
  max?: number;
  min?: number;
}

/** One evidence pattern as written in YAML or config. */
export interface ControlPattern {
  id: string;
  control: ControlId;
  kind: 'for' | 'against';
  /** Globs on the relative POSIX path; absent means every file. */
  files?: string[];
  /** Cheap prefilter: the regex only runs near one of these words. */
  keywords: string[];
  ignoreCase?: boolean;
  regex: string;
  /** Extra regex flags: only "i" and "s" are accepted. */
  flags?: string;
  /** Characters after a keyword hit that the regex may see (default 400; max 4000). Windows start at the line start. */
  window?: number;
  /** Let the window span lines (e.g. a `finally` block around a revoke call). */
  multiline?: boolean;
  /** Detail shown in reports; `{name}` inserts the sanitised named group `name`. */
  detail: string;
  when?: NumericCondition;
  /** A framework default (e.g. tracing on unless disabled): dropped when the same control has evidence against. */
  defaultOnly?: boolean;
  /** For a default: the evidence patterns that turn it off (without it, any evidence against the control does). */
  offBy?: string[];
  /** Other controls the same fact is evidence for, with the same kind and detail (a static key read from env). */
  also?: ControlId[];
  /** The pattern applies only in files whose text matches this regex (e.g. files that import the SDK). */
  fileMatches?: string;
  examples?: { file?: string; match?: string[]; 'no-match'?: string[] };
  /** Where the pattern came from (file or "config"). */
  source?: string;
}

/** Per-control text used by buildScorecard: title and what to do next per status. */
export interface ControlInfo {
  control: ControlId;
  title: string;
  summary: string;
  next: Record<'met' | 'partial' | 'missing' | 'unknown', string>;
  /** Framework id → control ids this control addresses (optional `frameworks:` in the control file). */
  frameworks?: Record<string, string[]>;
}

export interface CompiledPattern {
  pattern: ControlPattern;
  re: RegExp;
  fileMatch: ((file: string) => boolean) | null;
  /** Compiled `fileMatches`: the whole text must match once. */
  textMatch: RegExp | null;
  window: number;
}

export interface ControlCatalog {
  controls: ControlInfo[];
  patterns: CompiledPattern[];
}

export class ControlPatternError extends ConfigError {
  constructor(
    readonly source: string,
    readonly patternId: string | null,
    readonly problem: string,
  ) {
    super(`${source}${patternId ? ` pattern "${patternId}"` : ''}: ${problem}`, 'fix the pattern (see docs/scorecard.md)');
  }
}

const PATTERN_FIELDS = new Set(['source', 'id', 'control', 'kind', 'files', 'keywords', 'ignoreCase', 'regex', 'flags', 'window', 'multiline', 'detail', 'when', 'defaultOnly', 'offBy', 'also', 'fileMatches', 'examples']);
const FILE_FIELDS = new Set(['control', 'title', 'summary', 'next', 'frameworks', 'patterns']);
const ID = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;
const DEFAULT_WINDOW = 400;
const MAX_WINDOW = 4000;

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v);

function strings(v: unknown, field: string, fail: (m: string) => never, nonEmpty = false): string[] {
  if (v === undefined && !nonEmpty) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x.length === 0)) fail(`"${field}" must be a list of non-empty strings`);
  if (nonEmpty && (v as string[]).length === 0) fail(`"${field}" must not be empty`);
  return v as string[];
}

const NON_EMPTY_STRINGS = { type: 'array', items: { type: 'string', minLength: 1, description: 'must be a non-empty string' }, description: 'must be a list of non-empty strings' };

/** One evidence pattern (JSON schema; each field's `description` is the problem an error names). */
export const CONTROL_PATTERN_SCHEMA = {
  type: 'object',
  description: 'a pattern must be a mapping',
  required: ['id', 'kind', 'keywords', 'regex', 'detail'],
  additionalProperties: false,
  properties: {
    source: { type: 'string', description: 'must be a string' },
    id: { type: 'string', pattern: ID.source, description: 'must be lower-case letters, digits and dashes' },
    control: { enum: [...CONTROL_IDS], description: `must be one of ${CONTROL_IDS.join(', ')}` },
    kind: { enum: ['for', 'against'], description: 'must be "for" or "against"' },
    files: { ...NON_EMPTY_STRINGS, minItems: 1 },
    keywords: {
      type: 'array',
      minItems: 1,
      items: { type: 'string', minLength: 3, description: 'every keyword needs at least 3 characters (keywords are the prefilter)' },
      description: 'must be a non-empty list of keywords',
    },
    ignoreCase: { type: 'boolean', description: 'must be true or false' },
    regex: { type: 'string', minLength: 1, description: 'is required' },
    flags: { type: 'string', pattern: '^[is]*$', description: 'may only hold "i" and "s"' },
    window: { type: 'integer', minimum: 1, maximum: MAX_WINDOW, description: `must be an integer from 1 to ${MAX_WINDOW}` },
    multiline: { type: 'boolean', description: 'must be true or false' },
    detail: { type: 'string', pattern: '\\S', description: 'is required' },
    when: {
      type: 'object',
      required: ['group'],
      anyOf: [{ required: ['max'], description: 'needs a numeric "max" or "min" (seconds)' }, { required: ['min'], description: 'needs a numeric "max" or "min" (seconds)' }],
      additionalProperties: false,
      properties: { group: { type: 'string', description: 'must be a named group of the regex' }, max: { type: 'number', description: 'must be seconds' }, min: { type: 'number', description: 'must be seconds' } },
      description: 'needs a "group" (a named group of the regex) and a numeric "max" or "min" (seconds)',
    },
    defaultOnly: { type: 'boolean', description: 'must be true or false' },
    offBy: NON_EMPTY_STRINGS,
    also: { type: 'array', minItems: 1, items: { enum: [...CONTROL_IDS], description: `must be one of ${CONTROL_IDS.join(', ')}` }, description: 'must list other controls' },
    fileMatches: { type: 'string', minLength: 1, description: 'must be a regex' },
    examples: {
      type: 'object',
      description: 'must be a mapping with match / no-match lists',
      properties: { file: { type: 'string', description: 'must be a path' }, match: NON_EMPTY_STRINGS, 'no-match': NON_EMPTY_STRINGS },
    },
  },
};

/**
 * Validate one raw pattern: its shape against CONTROL_PATTERN_SCHEMA (skipped for `trusted` data: shipped files
 * the build parsed, or data the main thread validated), then what a schema cannot say: the control (a pattern
 * object from config carries its own, a file gives its own), other controls in `also`, regexes that compile and
 * do not backtrack. `probe` also times the regex on adversarial input (slow-ish: used for user patterns and in
 * the rule tests).
 */
export function validatePattern(raw: unknown, source: string, fileControl?: string, probe = false, trusted = false): ControlPattern {
  const id0 = isObject(raw) && typeof raw.id === 'string' ? raw.id : null;
  const fail = (problem: string): never => {
    throw new ControlPatternError(source, id0, problem);
  };
  if (!trusted) {
    const problem = schemaProblem(CONTROL_PATTERN_SCHEMA, raw, undefined, 'field');
    if (problem) fail(`${problem.path.length ? `${formatPath(problem.path)}: ` : ''}${problem.problem}`);
  }
  if (!isObject(raw)) return fail('a pattern must be a mapping');
  const control = raw.control ?? fileControl;
  if (typeof control !== 'string' || !(CONTROL_IDS as readonly string[]).includes(control)) {
    fail(`"control" must be one of ${CONTROL_IDS.join(', ')}`);
  }
  if (fileControl && raw.control !== undefined && raw.control !== fileControl) fail(`"control" differs from the file's control "${fileControl}"`);
  const files = raw.files as string[] | undefined;
  const keywords = raw.keywords as string[];
  const flags = (raw.flags ?? '') as string;
  const w = raw.when as NumericCondition | undefined;
  const when = w ? { group: w.group, ...(w.max !== undefined ? { max: w.max } : {}), ...(w.min !== undefined ? { min: w.min } : {}) } : undefined;
  const also = (raw.also ?? []) as string[];
  const offBy = raw.offBy as string[] | undefined;
  for (const c of also) if (c === control) fail(`"also" must list other controls (${CONTROL_IDS.join(', ')})`);
  if (raw.fileMatches !== undefined) {
    try {
      new RegExp(raw.fileMatches as string);
    } catch (err) {
      fail(`"fileMatches" does not compile: ${(err as Error).message}`);
    }
    const r = staticRedosReason(raw.fileMatches as string);
    if (r) fail(`"fileMatches" rejected (catastrophic backtracking risk): ${r}`);
  }
  const ignoreCase = raw.ignoreCase === true;
  const pattern: ControlPattern = {
    id: raw.id as string,
    control: control as ControlId,
    kind: raw.kind as 'for' | 'against',
    ...(files ? { files } : {}),
    keywords,
    ignoreCase,
    regex: raw.regex as string,
    flags: flags as string,
    ...(raw.window !== undefined ? { window: raw.window as number } : {}),
    multiline: raw.multiline === true,
    detail: (raw.detail as string).trim(),
    ...(when ? { when } : {}),
    ...(raw.defaultOnly === true ? { defaultOnly: true } : {}),
    ...(also.length ? { also: also as ControlId[] } : {}),
    ...(offBy ? { offBy } : {}),
    ...(raw.fileMatches !== undefined ? { fileMatches: raw.fileMatches as string } : {}),
    ...(raw.examples !== undefined ? { examples: raw.examples as ControlPattern['examples'] } : {}),
    source,
  };
  const re = compilePattern(pattern, fail);
  if (when && !new RegExp(`\\(\\?<${when.group}>`).test(pattern.regex)) fail(`"when.group" "${when.group}" is not a named group of the regex`);
  const redos = staticRedosReason(pattern.regex) ?? (probe ? probeRedos(re, keywords, 50) : null);
  if (redos) fail(`regex rejected (catastrophic backtracking risk): ${redos}`);
  return pattern;
}

function compilePattern(p: ControlPattern, fail: (m: string) => never): RegExp {
  try {
    // d: match indices (the `at` group positions the line); g: every match in the window.
    return new RegExp(p.regex, `dg${p.flags ?? ''}`);
  } catch (err) {
    return fail(`regex does not compile: ${(err as Error).message}`);
  }
}

function validateInfo(doc: Raw, source: string): ControlInfo {
  const fail = (problem: string): never => {
    throw new ControlPatternError(source, null, problem);
  };
  for (const k of Object.keys(doc)) if (!FILE_FIELDS.has(k)) fail(`unknown field "${k}"`);
  const control = doc.control;
  if (typeof control !== 'string' || !(CONTROL_IDS as readonly string[]).includes(control)) fail(`"control" must be one of ${CONTROL_IDS.join(', ')}`);
  if (typeof doc.title !== 'string' || typeof doc.summary !== 'string') fail('"title" and "summary" are required');
  const next = doc.next;
  if (!isObject(next) || (['met', 'partial', 'missing', 'unknown'] as const).some((s) => typeof next[s] !== 'string')) {
    fail('"next" needs met, partial, missing and unknown texts');
  }
  const n = next as Record<string, string>;
  let frameworks: Record<string, string[]> | undefined;
  if (doc.frameworks !== undefined) {
    const fw = doc.frameworks;
    if (!isObject(fw)) fail('"frameworks" must map framework ids to lists of control ids');
    frameworks = {};
    for (const [k, v] of Object.entries(fw as Raw)) {
      if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== 'string' || !x.trim())) fail(`"frameworks.${k}" must be a non-empty list of control ids`);
      frameworks[k] = (v as string[]).map((x) => x.trim());
    }
  }
  return {
    control: control as ControlId,
    title: (doc.title as string).trim(),
    summary: (doc.summary as string).trim(),
    next: { met: n.met!.trim(), partial: n.partial!.trim(), missing: n.missing!.trim(), unknown: n.unknown!.trim() },
    ...(frameworks ? { frameworks } : {}),
  };
}

/** Read and validate the control files in `dir` (default rules/controls). */
export function readControlFiles(dir = rulesDir('controls'), probe = false): { controls: ControlInfo[]; patterns: ControlPattern[] } {
  const controls: ControlInfo[] = [];
  const patterns: ControlPattern[] = [];
  const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  for (const f of files) {
    const source = path.posix.join('rules/controls', f);
    let doc: unknown;
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    try {
      doc = parseRuleYaml(text);
    } catch (err) {
      throw new ControlPatternError(source, null, `not valid YAML (${(err as Error).message.split('\n')[0]})`);
    }
    // Text the build parsed is the shipped rules, held to the schema by the tests.
    const trusted = isPrecompiled(text);
    if (!isObject(doc)) throw new ControlPatternError(source, null, 'expected a mapping with control, title, summary, next, patterns');
    const info = validateInfo(doc, source);
    controls.push(info);
    if (!Array.isArray(doc.patterns)) throw new ControlPatternError(source, null, '"patterns" must be a list');
    for (const raw of doc.patterns) patterns.push(validatePattern(raw, source, info.control, probe, trusted));
  }
  patterns.push(...readSdkDefaults(path.join(dir, '..', 'code', 'sdk-defaults.yaml'), probe));
  const ids = new Set<string>();
  for (const p of patterns) {
    if (ids.has(p.id)) throw new ControlPatternError(p.source ?? dir, p.id, 'duplicate pattern id');
    ids.add(p.id);
  }
  return { controls, patterns };
}

/** What an SDK does by default, and the control that default is evidence for. */
const SDK_DEFAULTS: Record<string, ControlId> = {
  tracesToolCalls: 'tool-call-logging',
  sendsResourceIndicator: 'context-binding',
  refreshesTokens: 'short-ttl-revocation',
  mintsPerSession: 'per-task-issuance',
  brokersCredentials: 'identity-separation',
};
const SDK_FIELDS = new Set(['sdk', 'uses', 'defaults', 'turnedOffBy']);

/**
 * rules/code/sdk-defaults.yaml: per catalogued SDK, how to see that the code uses it (`uses`: a pattern without
 * control, kind or detail) and what it does by default (`defaults`: name → detail). Each default becomes a
 * `for` pattern with `defaultOnly: true`, so code that turns the default off (outside tests) wins.
 */
function readSdkDefaults(file: string, probe: boolean): ControlPattern[] {
  if (!fs.existsSync(file)) return [];
  const source = 'rules/code/sdk-defaults.yaml';
  let doc: unknown;
  const text = fs.readFileSync(file, 'utf8');
  try {
    doc = parseRuleYaml(text);
  } catch (err) {
    throw new ControlPatternError(source, null, `not valid YAML (${(err as Error).message.split('\n')[0]})`);
  }
  const trusted = isPrecompiled(text);
  const sdks = isObject(doc) ? doc.sdks : undefined;
  if (!Array.isArray(sdks)) throw new ControlPatternError(source, null, '"sdks" must be a list');
  const out: ControlPattern[] = [];
  for (const entry of sdks) {
    const name = isObject(entry) && typeof entry.sdk === 'string' ? entry.sdk : null;
    const fail = (problem: string): never => {
      throw new ControlPatternError(source, name, problem);
    };
    if (!isObject(entry) || !name || !ID.test(name)) return fail('each entry needs "sdk" (lower-case id), "uses" and "defaults"');
    for (const k of Object.keys(entry)) if (!SDK_FIELDS.has(k)) fail(`unknown field "${k}"`);
    if (!isObject(entry.uses) || !isObject(entry.defaults)) fail('"uses" must be a pattern and "defaults" a mapping');
    for (const [key, detail] of Object.entries(entry.defaults as Raw)) {
      const control = SDK_DEFAULTS[key];
      if (!control) fail(`unknown default "${key}" (one of ${Object.keys(SDK_DEFAULTS).join(', ')})`);
      if (typeof detail !== 'string' || !detail.trim()) fail(`"defaults.${key}" must be the detail text`);
      const id = `${name}-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      const off = entry.turnedOffBy === undefined ? [] : strings(entry.turnedOffBy, 'turnedOffBy', fail);
      out.push(validatePattern({ ...(entry.uses as Raw), id, control, kind: 'for', defaultOnly: true, offBy: off, detail }, source, control, probe, trusted));
    }
  }
  return out;
}

export function compileAll(patterns: readonly ControlPattern[]): CompiledPattern[] {
  return patterns.map((pattern) => ({
    pattern,
    re: new RegExp(pattern.regex, `dg${pattern.flags ?? ''}`),
    fileMatch: pattern.files ? globMatcher(pattern.files) : null,
    textMatch: pattern.fileMatches ? new RegExp(pattern.fileMatches) : null,
    window: pattern.window ?? DEFAULT_WINDOW,
  }));
}

/**
 * The built-in control catalog plus `extra` pattern objects (from config: each carries `control`).
 * Extra patterns are probed for catastrophic backtracking; an id that repeats a built-in one replaces it.
 */
export function loadControlCatalog(extra: readonly unknown[] = [], dir = rulesDir('controls')): ControlCatalog {
  return compileControlData(readControlData(extra, dir));
}

/** Validated, JSON-safe control data (what a worker needs): built-in files plus extra patterns. */
export interface ControlData {
  controls: ControlInfo[];
  patterns: ControlPattern[];
}

/**
 * Read and validate once (the main thread), then hand the result to workers (workerData) so that they skip
 * the YAML parse: `teamControlCatalog(data)`.
 */
export function readControlData(extra: readonly unknown[] = [], dir = rulesDir('controls')): ControlData {
  const { controls, patterns } = readControlFiles(dir);
  const byId = new Map(patterns.map((p) => [p.id, p]));
  extra.forEach((raw, i) => {
    const p = validatePattern(raw, `config controlPatterns[${i}]`, undefined, true);
    byId.set(p.id, p);
  });
  for (const id of CONTROL_IDS) {
    if (!controls.some((c) => c.control === id)) throw new ControlPatternError(dir, null, `no control file for "${id}"`);
  }
  controls.sort((a, b) => CONTROL_IDS.indexOf(a.control) - CONTROL_IDS.indexOf(b.control));
  // Examples are for the tests; workers do not need them.
  return { controls, patterns: [...byId.values()].map(({ examples: _examples, ...p }) => p) };
}

/** Compile validated control data (its regexes are re-checked: the data may have crossed a thread boundary). */
export function compileControlData(data: ControlData): ControlCatalog {
  const patterns = data.patterns.map((p) => validatePattern(p, p.source ?? 'control data', p.control, false, true));
  return { controls: data.controls, patterns: compileAll(patterns) };
}
