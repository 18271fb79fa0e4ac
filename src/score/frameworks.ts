// Framework mappings as data: rules/frameworks/*.yaml, one file per framework (docs/frameworks.md).
// A mapping says "findings like this map to that control"; `when` fields are ANDed, list values within a field ORed.
import fs from 'node:fs';
import path from 'node:path';
import {
  LIFETIME_CLASSES,
  type Exposure,
  type FindingKind,
  type FrameworkRef,
  type LifetimeClass,
} from '../model/report.js';
import { FACTOR_NAMES } from './model.js';
import { parseRuleYaml } from '../ruleset/rule-yaml.js';
import { ConfigError } from '../model/errors.js';
import { formatPath, schemaProblem } from '../ruleset/schema.js';

/** The framework ids credlife knows, and the family each belongs to. Any other id is a load error. */
export const FRAMEWORK_FAMILIES: Readonly<Record<string, string>> = Object.freeze({
  'owasp-asi-2026': 'ASI',
  'owasp-nhi-2025': 'NHI',
  'owasp-llm-2025': 'LLM',
  'csa-maestro': 'MAESTRO',
  'nist-ai-rmf': 'NIST',
  'nist-sp-800-53': 'NIST',
  cwe: 'CWE',
});

/** Every finding must map to at least one control of each of these frameworks (enforced at load time). */
export const REQUIRED_FRAMEWORKS: readonly string[] = ['owasp-asi-2026', 'owasp-nhi-2025', 'csa-maestro', 'nist-ai-rmf', 'cwe'];

export const FINDING_KINDS: readonly FindingKind[] = ['secret', 'binding', 'config'];
const EXPOSURES: readonly Exposure[] = ['committed', 'untracked', 'ignored', 'history', 'staged', 'file'];
const AFTERLIFE_BANDS = ['unbounded', 'bounded', 'none'] as const;
export type AfterlifeBand = (typeof AFTERLIFE_BANDS)[number];

export interface Control {
  id: string;
  title: string;
  url?: string;
}

/** Conditions of a mapping. Absent fields match anything. */
export interface MappingWhen {
  kind?: FindingKind[];
  lifetimeClass?: LifetimeClass[];
  /** A scoring factor with this name is on the finding (see FACTOR_NAMES; only factors that apply are listed). */
  factor?: string[];
  /** A rule tag (credential rule or check tags, or the finding's context.tags). */
  tag?: string[];
  exposure?: Exposure[];
  ruleId?: string[];
  /** unbounded; bounded (some seconds left after the task); none (0 seconds). */
  afterlife?: AfterlifeBand[];
}

export interface Mapping {
  control: string;
  when: MappingWhen;
}

export interface Framework {
  id: string;
  family: string;
  title: string;
  version: string;
  url: string;
  controls: Control[];
  mappings: Mapping[];
  source: string;
}

export class FrameworkLoadError extends ConfigError {
  constructor(message: string) {
    super(message, 'fix the file under rules/frameworks');
  }
}

/** The facts a mapping is matched against (computed once per finding by the scorer). */
export interface MappingFacts {
  kind: FindingKind;
  ruleId: string;
  lifetimeClass: LifetimeClass | null;
  afterlife: AfterlifeBand | null;
  exposure: Exposure | null;
  tags: readonly string[];
  /** Names of the factors on the finding. */
  factors: readonly string[];
}

export interface LoadFrameworksOptions {
  /** Check that every finding kind maps to each REQUIRED_FRAMEWORKS entry (default true). */
  requireCoverage?: boolean;
}

/** Load rules/frameworks/*.yaml (sorted by file name); throws FrameworkLoadError naming file and problem. */
export function loadFrameworks(dir: string, opts: LoadFrameworksOptions = {}): Framework[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch (e) {
    throw new FrameworkLoadError(`cannot read framework directory ${dir}: ${(e as Error).message}`);
  }
  // Report order: the order of FRAMEWORK_FAMILIES (ASI, NHI, LLM, MAESTRO, NIST, CWE), not file-name order.
  const order = Object.keys(FRAMEWORK_FAMILIES);
  const frameworks = names
    .map((name) => parseFrameworkFile(fs.readFileSync(path.join(dir, name), 'utf8'), name))
    .sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  const seen = new Set<string>();
  for (const fw of frameworks) {
    if (seen.has(fw.id)) throw new FrameworkLoadError(`${fw.source}: framework "${fw.id}" is defined twice`);
    seen.add(fw.id);
  }
  if (opts.requireCoverage ?? true) checkCoverage(frameworks);
  return frameworks;
}

const NON_EMPTY = { type: 'string', pattern: '\\S', description: 'must be a non-empty string' };
const listOf = (values: readonly string[] | null) => ({
  type: 'array',
  minItems: 1,
  description: 'must not be empty',
  items: values ? { enum: [...values], description: `must be one of ${values.join(', ')}` } : { type: 'string', minLength: 1, description: 'must be a non-empty string' },
});

/** A framework file (JSON schema; each field's `description` is the problem an error names). `when` values are lists by then. */
export const FRAMEWORK_SCHEMA = {
  type: 'object',
  description: 'expected a mapping',
  required: ['framework', 'title', 'url', 'controls', 'mappings'],
  properties: {
    framework: { type: 'string', description: 'is required (the framework id)' },
    family: { type: 'string', description: 'must be a string' },
    title: NON_EMPTY,
    url: NON_EMPTY,
    controls: {
      type: 'array',
      minItems: 1,
      description: 'must be a non-empty list',
      items: {
        type: 'object',
        description: 'quote titles that contain commas',
        required: ['id', 'title'],
        additionalProperties: false,
        properties: { id: { type: 'string', description: 'must be a string' }, title: { type: 'string', description: 'must be a string' }, url: { type: 'string', description: 'must be a string' } },
      },
    },
    mappings: {
      type: 'array',
      description: 'must be a list',
      items: {
        type: 'object',
        description: 'needs a string "control"',
        required: ['control'],
        properties: {
          control: { type: 'string', description: 'must be a string' },
          when: {
            type: ['object', 'null'],
            description: 'conditions: kind, lifetimeClass, factor, tag, exposure, ruleId, afterlife',
            additionalProperties: false,
            properties: {
              kind: listOf(FINDING_KINDS),
              lifetimeClass: listOf(LIFETIME_CLASSES),
              factor: listOf(FACTOR_NAMES),
              exposure: listOf(EXPOSURES),
              afterlife: listOf(AFTERLIFE_BANDS),
              tag: listOf(null),
              ruleId: listOf(null),
            },
          },
        },
      },
    },
  },
};

/** `when: { kind: secret }` is `when: { kind: [secret] }`: a single value is a list of one. */
function whenAsLists(doc: unknown): void {
  if (!isRecord(doc) || !Array.isArray(doc.mappings)) return;
  for (const m of doc.mappings) {
    if (!isRecord(m) || !isRecord(m.when)) continue;
    for (const [k, v] of Object.entries(m.when)) if (v !== undefined && !Array.isArray(v)) m.when[k] = [v];
  }
}

interface RawFramework {
  framework: string;
  family?: string;
  title: string;
  version?: unknown;
  url: string;
  controls: Control[];
  mappings: { control: string; when?: MappingWhen | null }[];
}

/** Parse and validate one framework file (FRAMEWORK_SCHEMA, then ids, families and controls); `source` (the file name) names it in errors. */
export function parseFrameworkFile(text: string, source: string): Framework {
  let doc: unknown;
  try {
    doc = parseRuleYaml(text);
  } catch (e) {
    throw new FrameworkLoadError(`${source}: not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  whenAsLists(doc);
  const problem = schemaProblem(FRAMEWORK_SCHEMA, doc, text);
  if (problem) throw new FrameworkLoadError(`${source}: ${problem.path.length ? `${formatPath(problem.path)}: ` : ''}${problem.problem}`);
  const raw = doc as RawFramework;
  const id = raw.framework;
  const family = FRAMEWORK_FAMILIES[id];
  if (!family) {
    throw new FrameworkLoadError(`${source}: unknown framework id "${id}" (known: ${Object.keys(FRAMEWORK_FAMILIES).join(', ')})`);
  }
  if (raw.family !== undefined && raw.family !== family) {
    throw new FrameworkLoadError(`${source}: framework "${id}" belongs to family ${family}, not ${String(raw.family)}`);
  }
  const controls: Control[] = raw.controls.map((c) => ({ id: c.id, title: c.title, ...(typeof c.url === 'string' ? { url: c.url } : {}) }));
  const controlIds = new Set<string>();
  for (const c of controls) {
    if (controlIds.has(c.id)) throw new FrameworkLoadError(`${source}: control "${c.id}" is listed twice`);
    controlIds.add(c.id);
  }
  const mappings: Mapping[] = raw.mappings.map((m, i) => {
    if (!controlIds.has(m.control)) throw new FrameworkLoadError(`${source}: mappings[${i}]: maps to missing control "${m.control}"`);
    return { control: m.control, when: whenOf(m.when) };
  });
  return { id, family, title: raw.title.trim(), version: String(raw.version ?? '').trim() || 'unversioned', url: raw.url.trim(), controls, mappings, source };
}

/** The conditions of a validated mapping, in a fixed key order. */
function whenOf(raw: MappingWhen | null | undefined): MappingWhen {
  if (!raw) return {};
  const when: MappingWhen = {};
  for (const [key, list] of Object.entries(raw) as [keyof MappingWhen, string[]][]) (when as Record<string, string[]>)[key] = list;
  return when;
}

/**
 * Every finding kind must map to each required framework whatever else is true of the finding: there must be a
 * mapping whose only condition is its kind. Throws naming the framework and the uncovered kind.
 */
export function checkCoverage(frameworks: Framework[]): void {
  for (const id of REQUIRED_FRAMEWORKS) {
    const fw = frameworks.find((f) => f.id === id);
    if (!fw) throw new FrameworkLoadError(`required framework "${id}" has no file in rules/frameworks`);
    for (const kind of FINDING_KINDS) {
      const covered = fw.mappings.some((m) => {
        const keys = Object.keys(m.when);
        return keys.every((k) => k === 'kind') && (!m.when.kind || m.when.kind.includes(kind));
      });
      if (!covered) throw new FrameworkLoadError(`${fw.source}: framework "${id}" does not cover finding kind "${kind}" (add a mapping with only "kind: ${kind}")`);
    }
  }
}

function matches(when: MappingWhen, facts: MappingFacts): boolean {
  if (when.kind && !when.kind.includes(facts.kind)) return false;
  if (when.ruleId && !when.ruleId.includes(facts.ruleId)) return false;
  if (when.lifetimeClass && (!facts.lifetimeClass || !when.lifetimeClass.includes(facts.lifetimeClass))) return false;
  if (when.afterlife && (!facts.afterlife || !when.afterlife.includes(facts.afterlife))) return false;
  if (when.exposure && (!facts.exposure || !when.exposure.includes(facts.exposure))) return false;
  if (when.tag && !when.tag.some((t) => facts.tags.includes(t))) return false;
  if (when.factor && !when.factor.some((f) => facts.factors.includes(f))) return false;
  return true;
}

/**
 * Framework references shared between findings: one frozen object per control and one frozen list per set of
 * controls, so 60,000 findings hold 60,000 pointers to a few dozen lists instead of a copy each.
 */
const sharedRefs = new WeakMap<Framework[], { refs: Map<string, FrameworkRef>; lists: Map<string, readonly FrameworkRef[]>; byFacts: Map<string, FrameworkRef[]> }>();
/** Distinct fact combinations remembered per framework set (findings repeat a few of them). */
const FACTS_MEMO_MAX = 20_000;

/** The controls a finding maps to: framework file order, then control order; no duplicates. The list is shared and frozen. */
export function mapFacts(facts: MappingFacts, frameworks: Framework[]): FrameworkRef[] {
  let shared = sharedRefs.get(frameworks);
  if (!shared) sharedRefs.set(frameworks, (shared = { refs: new Map(), lists: new Map(), byFacts: new Map() }));
  // The mapping depends on these facts only: the same facts give the same list without matching again.
  const factsKey = [facts.kind, facts.ruleId, facts.lifetimeClass, facts.afterlife, facts.exposure, facts.tags.join('\u0001'), facts.factors.join('\u0001')].join('\u0000');
  const known = shared.byFacts.get(factsKey);
  if (known) return known;
  const list = matchFacts(facts, frameworks, shared);
  if (shared.byFacts.size < FACTS_MEMO_MAX) shared.byFacts.set(factsKey, list);
  return list;
}

function matchFacts(facts: MappingFacts, frameworks: Framework[], shared: { refs: Map<string, FrameworkRef>; lists: Map<string, readonly FrameworkRef[]> }): FrameworkRef[] {
  const keys: string[] = [];
  for (const fw of frameworks) {
    const hit = new Set(fw.mappings.filter((m) => matches(m.when, facts)).map((m) => m.control));
    for (const c of fw.controls) {
      if (!hit.has(c.id)) continue;
      const key = `${fw.id}\u0000${c.id}`;
      if (!shared.refs.has(key)) shared.refs.set(key, Object.freeze({ framework: fw.id, id: c.id, title: c.title, url: c.url ?? fw.url }));
      keys.push(key);
    }
  }
  const listKey = keys.join('\u0001');
  let list = shared.lists.get(listKey);
  if (!list) shared.lists.set(listKey, (list = Object.freeze(keys.map((k) => shared.refs.get(k)!))));
  return list as FrameworkRef[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
