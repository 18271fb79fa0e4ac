// .credlife.yaml: found by walking up from the scanned path (stopping at the repository root), or given
// with --config FILE, or ignored with --no-config. Validated against a JSON schema (ajv); every error names
// the file, the line and the key, and ends the run with exit code 2 (ConfigError).
//
// A repository's own config can weaken the gate, so every weakening entry (disabled rule, allowlist,
// severity override) carries a required `reason`, is reported when it takes effect (src/policy/apply.ts),
// and `--strict-config` refuses them outright in a repository config.
import fs from 'node:fs';
import path from 'node:path';
import type { Ajv, ErrorObject } from 'ajv';
import { createRequire } from 'node:module';
import type { Node as YamlNode } from 'yaml';
import { yamlLib } from '../ruleset/yaml-lib.js';
import { SEVERITIES, type Severity } from '../model/report.js';
import type { CredentialRule } from '../detect/rule-types.js';
import { RuleLoadError, validateRule } from '../detect/loader.js';
import { rulesDir } from '../ruleset/paths.js';
import { probeRedos, staticRedosReason } from '../detect/redos.js';
import { ConfigError } from '../model/errors.js';
import { parseDuration } from '../model/units.js';
import { DEFAULT_FAIL_ON, DEFAULT_TASK_WINDOW_SECONDS } from '../model/defaults.js';

export const CONFIG_NAMES = ['.credlife.yaml', '.credlife.yml'] as const;
const MAX_CONFIG_BYTES = 1024 * 1024;
/** The defaults that --strict-config measures "weaker" against. */

/** `line` is the 1-based line of the entry in the config file (for reports and errors). */
export interface AllowEntry {
  pattern: string;
  reason: string;
  line?: number;
}

export interface StopwordEntry {
  word: string;
  reason: string;
  line?: number;
}

export interface DisabledRule {
  id: string;
  reason: string;
  line?: number;
}

export interface SeverityOverride {
  id: string;
  severity: Severity;
  reason: string;
  line?: number;
}

export interface CredlifeConfig {
  version?: 1;
  failOn?: Severity;
  /** Duration ("1h") or a number of seconds as a string. */
  maxAfterlife?: string;
  taskWindow?: string;
  include?: string[];
  exclude?: string[];
  rules?: {
    /** Run only these rules; every other finding is dropped (and reported as such). */
    enable?: { ids: string[]; reason: string; line?: number };
    disable?: DisabledRule[];
    severity?: SeverityOverride[];
  };
  allowlist?: { paths?: AllowEntry[]; regexes?: AllowEntry[]; stopwords?: StopwordEntry[] };
  /** Validated credential rules (rules/credentials format); `source` is the config file. */
  customRules?: CredentialRule[];
  /** Extra issuer call names for code analysis (mint/exchange functions of the team's broker). */
  issuers?: string[];
  requireControls?: string[];
  /** Extra scorecard evidence patterns (rules/controls format), e.g. the team's broker or logger names. */
  controlPatterns?: Record<string, unknown>[];
}

export interface LoadedConfig {
  /** Absolute path of the config file used, or null. */
  file: string | null;
  config: CredlifeConfig;
  /** The config file as shown to people (relative to the working directory when inside it). */
  display?: string;
  /**
   * Path prefix (POSIX, no trailing slash) from the config file's directory to the scan root, or "" when
   * they are the same. Globs in the config are relative to the config file; findings are relative to
   * the scan root; `configRelativePath` joins the two.
   */
  rootPrefix?: string;
}

export interface LoadConfigOptions {
  /** Explicit --config FILE, or false for --no-config. */
  path?: string | false;
  strict?: boolean;
}

/** A finding's path (relative to the scan root) as seen from the config file's directory. */
export function configRelativePath(loaded: LoadedConfig, file: string): string {
  return loaded.rootPrefix ? `${loaded.rootPrefix}/${file}` : file;
}

// ---------------------------------------------------------------------------------------------------------
// Schema

const text = { type: 'string', minLength: 1 };
const reason = { type: 'string', pattern: '\\S' };
const ruleId = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' };
const duration = { type: ['string', 'number'] };
const globs = { type: 'array', items: text };
const entry = (key: string, value: object) => ({
  type: 'object',
  additionalProperties: false,
  required: [key, 'reason'],
  properties: { [key]: value, reason },
});

export const CONFIG_SCHEMA = {
  $id: 'https://credlife.dev/schema/config-v1.json',
  type: 'object',
  additionalProperties: false,
  properties: {
    version: { const: 1 },
    failOn: { enum: [...SEVERITIES] },
    maxAfterlife: duration,
    taskWindow: duration,
    include: globs,
    exclude: globs,
    rules: {
      type: 'object',
      additionalProperties: false,
      properties: {
        enable: {
          type: 'object',
          additionalProperties: false,
          required: ['ids', 'reason'],
          properties: { ids: { type: 'array', minItems: 1, items: ruleId }, reason },
        },
        disable: { type: 'array', items: entry('id', ruleId) },
        severity: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'severity', 'reason'],
            properties: { id: ruleId, severity: { enum: [...SEVERITIES] }, reason },
          },
        },
      },
    },
    allowlist: {
      type: 'object',
      additionalProperties: false,
      properties: {
        paths: { type: 'array', items: entry('pattern', text) },
        regexes: { type: 'array', items: entry('pattern', text) },
        stopwords: { type: 'array', items: entry('word', { type: 'string', minLength: 3 }) },
      },
    },
    customRules: { type: 'array', items: { type: 'object' } },
    issuers: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z_$][\\w$.]*$' } },
    requireControls: { type: 'array', items: text },
    controlPatterns: { type: 'array', items: { type: 'object' } },
  },
} as const;

let validator: ReturnType<Ajv['compile']> | undefined;
function validate(doc: unknown): ErrorObject[] {
  // ajv (~60 modules) is loaded only when there is a config file to validate: not on a plain scan's start-up.
  if (!validator) {
    const { Ajv: AjvClass } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
    validator = new AjvClass({ allErrors: true, allowUnionTypes: true }).compile(CONFIG_SCHEMA);
  }
  return validator(doc) ? [] : [...(validator.errors ?? [])];
}

// ---------------------------------------------------------------------------------------------------------
// Finding and reading the file

function isRepoRoot(dir: string): boolean {
  return fs.existsSync(path.join(dir, '.git'));
}

/** The nearest .credlife.yaml from `dir` upwards, not above the repository root. */
export function findConfigFile(dir: string): string | null {
  let current = dir;
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const candidate = path.join(current, name);
      try {
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
    const parent = path.dirname(current);
    if (parent === current || isRepoRoot(current)) return null;
    current = parent;
  }
}

function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

function scanRootOf(startDir: string): string {
  let dir = startDir;
  try {
    dir = fs.realpathSync(startDir);
    if (!fs.statSync(dir).isDirectory()) dir = path.dirname(dir);
  } catch {
    // A missing path is reported by discovery; keep the given one here.
  }
  return dir;
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export function loadConfig(startDir: string, opts: LoadConfigOptions = {}): LoadedConfig {
  if (opts.path === false) return { file: null, config: {} };
  const root = scanRootOf(startDir);
  let file: string | null;
  let explicit = false;
  if (typeof opts.path === 'string') {
    file = path.resolve(opts.path);
    explicit = true;
    if (!fs.existsSync(file)) throw new ConfigError(`config file not found: ${opts.path}`, 'check the --config path, or drop --config to search for .credlife.yaml');
  } else {
    file = findConfigFile(root);
  }
  if (!file) return { file: null, config: {} };
  const realFile = safeRealpath(file);
  const display = displayPath(file);
  const config = parseConfigText(readConfigFile(file, display), display);
  const configDir = path.dirname(realFile);
  const rootPrefix = isInside(root, configDir) ? path.relative(configDir, root).split(path.sep).join('/') : '';
  // A config file found in (or passed from inside) the scanned tree is the repository's own.
  const fromRepository = !explicit || isInside(realFile, root) || isInside(realFile, repoRootOf(root));
  if (opts.strict && fromRepository) enforceStrict(config.config, config.lines, display);
  if (config.config.include) config.config.include = rebaseGlobs(config.config.include, rootPrefix, 'include');
  if (config.config.exclude) config.config.exclude = rebaseGlobs(config.config.exclude, rootPrefix, 'exclude');
  return { file: realFile, config: config.config, display, rootPrefix };
}

function safeRealpath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

function repoRootOf(dir: string): string {
  let current = dir;
  for (;;) {
    if (isRepoRoot(current)) return current;
    const parent = path.dirname(current);
    if (parent === current) return dir;
    current = parent;
  }
}

function readConfigFile(file: string, display: string): string {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (err) {
    throw new ConfigError(`cannot read config file ${display} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, 'check the file permissions');
  }
  if (!st.isFile()) throw new ConfigError(`config file ${display} is not a regular file`, 'point --config at a YAML file');
  if (st.size > MAX_CONFIG_BYTES) throw new ConfigError(`config file ${display} is larger than 1 MB`, 'a .credlife.yaml is a few dozen lines; check the path');
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${display} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, 'check the file permissions');
  }
}

/**
 * Config globs are relative to the config file's directory; discovery takes globs relative to the scan
 * root. Rebase them: `**`-led globs apply anywhere; globs under the scan root lose the prefix; globs
 * for other parts of the repository do not apply to this scan.
 */
function rebaseGlobs(list: string[], prefix: string, _kind: string): string[] {
  if (!prefix) return list;
  const out: string[] = [];
  for (const g of list) {
    const neg = g.startsWith('!') ? '!' : '';
    const body = neg ? g.slice(1) : g;
    if (body.startsWith('**')) out.push(g);
    else if (body.startsWith(`${prefix}/`)) out.push(neg + body.slice(prefix.length + 1));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Parsing and validation

/** Line lookup for a key path such as ["allowlist", "paths", 0, "reason"]. */
export interface ConfigLines {
  lineOf(pathSegments: (string | number)[], opts?: { key?: boolean }): number;
}

/** Parse and validate config text. Throws ConfigError naming `display`, the line and the key. */
export function parseConfigText(source: string, display: string): { config: CredlifeConfig; lines: ConfigLines } {
  const { isMap, isScalar, isSeq, LineCounter, parseDocument } = yamlLib();
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const fail = (line: number, key: string | null, problem: string, hint: string): never => {
    throw new ConfigError(`${display}:${line}: ${key ? `${key}: ` : ''}${problem}`, hint);
  };
  const lineAt = (offset: number | undefined) => (offset === undefined ? 1 : lineCounter.linePos(offset).line);
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    fail(lineAt(e.pos[0]), null, `invalid YAML: ${e.message.split('\n')[0]}`, 'fix the YAML syntax (indentation, quotes, duplicate keys)');
  }

  const lines: ConfigLines = {
    lineOf(segments, opts = {}) {
      let node: unknown = doc.contents;
      let line = lineAt((doc.contents as YamlNode | null)?.range?.[0]);
      for (const seg of segments) {
        if (isMap(node)) {
          const pair = node.items.find((p) => isScalar(p.key) && p.key.value === seg);
          if (!pair) return line;
          const keyNode = pair.key as YamlNode;
          line = lineAt(keyNode.range?.[0]);
          node = pair.value;
          if (opts.key && seg === segments[segments.length - 1]) return line;
        } else if (isSeq(node) && typeof seg === 'number') {
          const item = node.items[seg] as YamlNode | undefined;
          if (!item) return line;
          line = lineAt(item.range?.[0]);
          node = item;
        } else {
          return line;
        }
      }
      return node && (node as YamlNode).range ? lineAt((node as YamlNode).range![0]) : line;
    },
  };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    fail(1, null, `cannot read YAML: ${(err as Error).message.split('\n')[0]}`, 'avoid deep or repeated YAML aliases');
  }
  if (data === null || data === undefined) return { config: {}, lines };
  if (typeof data !== 'object' || Array.isArray(data)) fail(1, null, 'expected a mapping of settings (failOn: high, …)', 'see docs/ci-gate.md for the keys');

  const errors = validate(data);
  if (errors.length) {
    const described = errors.map((e) => describeAjvError(e, lines)).sort((a, b) => a.line - b.line);
    const first = described[0]!;
    const more = described.length > 1 ? ` (${described.length - 1} more problem(s), first ones: ${described.slice(1, 4).map((d) => `line ${d.line} ${d.key}`).join('; ')})` : '';
    fail(first.line, first.key, first.problem, `see docs/ci-gate.md for the config keys${more}`);
  }

  const config = data as CredlifeConfig & { customRules?: unknown[] };
  const locate = (segments: (string | number)[]) => lines.lineOf(segments);
  const keyName = (segments: (string | number)[]) => formatKey(segments);

  for (const k of ['maxAfterlife', 'taskWindow'] as const) {
    const v = config[k] as unknown;
    if (v === undefined) continue;
    try {
      parseDuration(String(v), k);
    } catch {
      // Never quote the value: a mistyped key can hold a pasted token.
      fail(locate([k]), k, 'is not a duration', 'use a duration such as 90s, 30m, 1h, 7d or 1h30m');
    }
    config[k] = String(v);
  }

  const annotate = <T extends { line?: number }>(list: T[] | undefined, segments: (string | number)[]) => {
    list?.forEach((item, i) => (item.line = locate([...segments, i])));
  };
  annotate(config.rules?.disable, ['rules', 'disable']);
  annotate(config.rules?.severity, ['rules', 'severity']);
  annotate(config.allowlist?.paths, ['allowlist', 'paths']);
  annotate(config.allowlist?.regexes, ['allowlist', 'regexes']);
  annotate(config.allowlist?.stopwords, ['allowlist', 'stopwords']);
  if (config.rules?.enable) config.rules.enable.line = locate(['rules', 'enable']);

  config.allowlist?.regexes?.forEach((r, i) => {
    const seg = ['allowlist', 'regexes', i, 'pattern'];
    let re: RegExp;
    try {
      re = new RegExp(r.pattern);
    } catch (err) {
      return fail(locate(seg), keyName(seg), `regex does not compile (${regexCompileReason(err)})`, 'write a JavaScript regular expression');
    }
    const redos = staticRedosReason(r.pattern) ?? probeRedos(re, []);
    if (redos) fail(locate(seg), keyName(seg), `regex can backtrack catastrophically (${withoutRegexSource(redos)})`, 'remove nested or overlapping quantifiers');
  });

  if (config.customRules) config.customRules = validateCustomRules(config.customRules, display, lines, fail);
  return { config, lines };
}

/**
 * Why a regex does not compile, without the pattern: V8 writes "Invalid regular expression: /<source>/<flags>: <reason>",
 * and the source can be a pasted secret.
 */
export function regexCompileReason(err: unknown): string {
  const message = String((err as Error)?.message ?? err);
  const reason = /:\s*([^:/]{1,80})$/.exec(message)?.[1]?.trim();
  return reason && !message.startsWith(reason) ? reason.toLowerCase() : 'invalid syntax';
}

/** A rule-loader problem with any quoted regex source ("/…/: reason") reduced to the reason. */
export function withoutRegexSource(problem: string): string {
  return problem
    .replace(/Invalid regular expression: \/[\s\S]*\/[a-z]*: ([^\n]*)$/, (_m, reason: string) => reason.toLowerCase())
    .replace(/"\([\s\S]*?\)"/g, 'a group');
}

function formatKey(segments: (string | number)[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out ? `.${s}` : s;
  return out;
}

function describeAjvError(e: ErrorObject, lines: ConfigLines): { line: number; key: string; problem: string } {
  const segments: (string | number)[] = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const extra = String(params.additionalProperty);
      const at = [...segments, extra];
      const known = knownKeys(segments);
      const near = known.find((k) => k.toLowerCase() === extra.toLowerCase().replace(/[-_]/g, '')) ?? known.find((k) => k.toLowerCase().startsWith(extra.toLowerCase().slice(0, 4)));
      // Named by where it is (path of the mapping and the line), never by itself: a key can be a pasted secret.
      return {
        line: lines.lineOf(at, { key: true }),
        key: formatKey(segments) || '(top level)',
        problem: `unknown key${near ? ` (did you mean "${near}"?)` : known.length ? ` (known keys: ${known.join(', ')})` : ''}`,
      };
    }
    case 'required': {
      const missing = String(params.missingProperty);
      const problem = missing === 'reason' ? '"reason" is required: say why this exception is safe' : `"${missing}" is required`;
      return { line: lines.lineOf(segments), key: formatKey(segments) || '(top level)', problem };
    }
    case 'enum':
      return { line: lines.lineOf(segments), key: formatKey(segments), problem: `must be one of ${(params.allowedValues as string[]).join(', ')}` };
    case 'const':
      return { line: lines.lineOf(segments), key: formatKey(segments), problem: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'type':
      return { line: lines.lineOf(segments), key: formatKey(segments), problem: `must be ${String(params.type).replace(',', ' or ')}` };
    case 'pattern': {
      const last = segments[segments.length - 1];
      const problem =
        last === 'reason'
          ? 'must not be empty: say why this exception is safe'
          : last === 'id' || segments.includes('ids')
            ? 'must be a rule id (lowercase letters, digits and dashes)'
            : segments[0] === 'issuers'
              ? 'must be a function or method name (e.g. mintTaskToken or broker.exchange)'
              : `does not match ${String(params.pattern)}`;
      return { line: lines.lineOf(segments), key: formatKey(segments), problem };
    }
    case 'minLength':
      return { line: lines.lineOf(segments), key: formatKey(segments), problem: `must be at least ${String(params.limit)} character(s)` };
    case 'minItems':
      return { line: lines.lineOf(segments), key: formatKey(segments), problem: 'must not be empty' };
    default:
      return { line: lines.lineOf(segments), key: formatKey(segments), problem: e.message ?? 'is not valid' };
  }
}

/** Keys the schema allows at a path (for "did you mean"). */
function knownKeys(segments: (string | number)[]): string[] {
  let node: Record<string, unknown> | undefined = CONFIG_SCHEMA as unknown as Record<string, unknown>;
  for (const s of segments) {
    if (!node) return [];
    if (typeof s === 'number') node = node.items as Record<string, unknown> | undefined;
    else node = (node.properties as Record<string, Record<string, unknown>> | undefined)?.[s];
  }
  return Object.keys((node?.properties as object | undefined) ?? {});
}

/** Custom rules go through the detection engine's own validation, with errors pointing at the config line. */
function validateCustomRules(
  raw: unknown[],
  display: string,
  lines: ConfigLines,
  fail: (line: number, key: string | null, problem: string, hint: string) => never,
): CredentialRule[] {
  const builtin = builtinRuleIds();
  const seen = new Set<string>();
  return raw.map((r, i) => {
    let rule: CredentialRule;
    try {
      rule = validateRule({ ...(r as object), source: display }, display);
    } catch (err) {
      if (!(err instanceof RuleLoadError)) throw err;
      const field = err.field ?? /"([a-zA-Z.]+)/.exec(err.problem)?.[1]?.split('.')[0];
      const seg = field && field in (r as object) ? ['customRules', i, field] : ['customRules', i];
      return fail(lines.lineOf(seg), formatKey(seg), withoutRegexSource(err.problem), 'custom rules use the rules/credentials format; see docs/rules.md');
    }
    const seg = ['customRules', i, 'id'];
    if (seen.has(rule.id)) fail(lines.lineOf(seg), formatKey(seg), 'duplicate custom rule id', 'give every custom rule its own id');
    if (builtin.has(rule.id)) fail(lines.lineOf(seg), formatKey(seg), 'this id is already a built-in rule', 'choose another id; to change a built-in rule, disable it and add your own');
    seen.add(rule.id);
    return rule;
  });
}

/** Ids of the built-in credential rules, read cheaply (no regex checks) to catch clashes early. */
function builtinRuleIds(): Set<string> {
  const ids = new Set<string>();
  let files: string[] = [];
  const dir = rulesDir('credentials');
  try {
    files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
  } catch {
    return ids;
  }
  for (const f of files) {
    try {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      for (const m of text.matchAll(/^\s*-?\s*id:\s*['"]?([a-z0-9][a-z0-9-]*)/gm)) ids.add(m[1]!);
    } catch {
      // The rule loader reports unreadable rule files.
    }
  }
  return ids;
}

// ---------------------------------------------------------------------------------------------------------
// --strict-config

/**
 * A repository config under --strict-config may add checks (custom rules, required controls, a stricter
 * gate) but not weaken them: no disabled rules, no allowlists, no severity overrides below critical,
 * no include/exclude, no custom issuers, no looser failOn or longer task window than the defaults.
 */
function enforceStrict(config: CredlifeConfig, lines: ConfigLines, display: string): void {
  const refuse = (segments: (string | number)[], what: string): never => {
    throw new ConfigError(
      `${display}:${lines.lineOf(segments, { key: true })}: ${formatKey(segments)}: ${what} is not allowed with --strict-config`,
      'remove it from the repository config, or run without --strict-config (and review summary.suppressed)',
    );
  };
  if (config.rules?.disable?.length) refuse(['rules', 'disable'], 'disabling rules');
  if (config.rules?.enable) refuse(['rules', 'enable'], 'limiting the rules that run');
  config.rules?.severity?.forEach((o, i) => {
    if (o.severity !== 'critical') refuse(['rules', 'severity', i], 'lowering a severity');
  });
  for (const k of ['paths', 'regexes', 'stopwords'] as const) {
    if (config.allowlist?.[k]?.length) refuse(['allowlist', k], `an allowlist (${k})`);
  }
  if (config.include?.length) refuse(['include'], 'narrowing the scanned files');
  if (config.exclude?.length) refuse(['exclude'], 'excluding files');
  if (config.issuers?.length) refuse(['issuers'], 'declaring custom issuers (they make bindings count as task-scoped)');
  if (config.controlPatterns?.length) refuse(['controlPatterns'], 'adding scorecard evidence patterns (they can turn a control to met)');
  if (config.failOn && SEVERITIES.indexOf(config.failOn) < SEVERITIES.indexOf(DEFAULT_FAIL_ON)) refuse(['failOn'], `a failOn looser than ${DEFAULT_FAIL_ON}`);
  if (config.taskWindow && parseDuration(config.taskWindow) > DEFAULT_TASK_WINDOW_SECONDS) refuse(['taskWindow'], 'a task window longer than 15m');
}
