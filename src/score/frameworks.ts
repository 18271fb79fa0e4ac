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

/** Parse and validate one framework file; `source` (the file name) names it in errors. */
export function parseFrameworkFile(text: string, source: string): Framework {
  let doc: unknown;
  try {
    doc = parseRuleYaml(text);
  } catch (e) {
    throw new FrameworkLoadError(`${source}: not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  if (!isRecord(doc)) throw new FrameworkLoadError(`${source}: expected a mapping`);
  const id = doc.framework;
  if (typeof id !== 'string') throw new FrameworkLoadError(`${source}: "framework" (the framework id) is required`);
  const family = FRAMEWORK_FAMILIES[id];
  if (!family) {
    throw new FrameworkLoadError(`${source}: unknown framework id "${id}" (known: ${Object.keys(FRAMEWORK_FAMILIES).join(', ')})`);
  }
  if (doc.family !== undefined && doc.family !== family) {
    throw new FrameworkLoadError(`${source}: framework "${id}" belongs to family ${family}, not ${String(doc.family)}`);
  }
  const str = (key: string): string => {
    const v = doc[key];
    if (typeof v !== 'string' || !v.trim()) throw new FrameworkLoadError(`${source}: "${key}" must be a non-empty string`);
    return v.trim();
  };
  if (!Array.isArray(doc.controls) || doc.controls.length === 0) throw new FrameworkLoadError(`${source}: "controls" must be a non-empty list`);
  const controls: Control[] = doc.controls.map((c, i) => {
    if (!isRecord(c) || typeof c.id !== 'string' || typeof c.title !== 'string') {
      throw new FrameworkLoadError(`${source}: controls[${i}] needs a string "id" and "title"`);
    }
    const extra = Object.keys(c).find((k) => k !== 'id' && k !== 'title' && k !== 'url');
    if (extra !== undefined) throw new FrameworkLoadError(`${source}: control ${c.id}: unknown key "${extra}" (quote titles that contain commas)`);
    if (c.url !== undefined && typeof c.url !== 'string') throw new FrameworkLoadError(`${source}: control ${c.id}: "url" must be a string`);
    return { id: c.id, title: c.title, ...(typeof c.url === 'string' ? { url: c.url } : {}) };
  });
  const controlIds = new Set<string>();
  for (const c of controls) {
    if (controlIds.has(c.id)) throw new FrameworkLoadError(`${source}: control "${c.id}" is listed twice`);
    controlIds.add(c.id);
  }
  if (!Array.isArray(doc.mappings)) throw new FrameworkLoadError(`${source}: "mappings" must be a list`);
  const mappings: Mapping[] = doc.mappings.map((m, i) => {
    const where = `${source}: mappings[${i}]`;
    if (!isRecord(m) || typeof m.control !== 'string') throw new FrameworkLoadError(`${where}: needs a string "control"`);
    if (!controlIds.has(m.control)) throw new FrameworkLoadError(`${where}: maps to missing control "${m.control}"`);
    return { control: m.control, when: parseWhen(m.when, `${where} (${m.control})`) };
  });
  return { id, family, title: str('title'), version: String(doc.version ?? '').trim() || 'unversioned', url: str('url'), controls, mappings, source };
}

function parseWhen(raw: unknown, where: string): MappingWhen {
  if (raw === undefined || raw === null) return {};
  if (!isRecord(raw)) throw new FrameworkLoadError(`${where}: "when" must be a mapping`);
  const when: MappingWhen = {};
  for (const [key, value] of Object.entries(raw)) {
    const list = (Array.isArray(value) ? value : [value]).map((v) => {
      if (typeof v !== 'string' || !v) throw new FrameworkLoadError(`${where}: "${key}" values must be non-empty strings`);
      return v;
    });
    if (list.length === 0) throw new FrameworkLoadError(`${where}: "${key}" must not be empty`);
    const allow = (allowed: readonly string[]): void => {
      for (const v of list) if (!allowed.includes(v)) throw new FrameworkLoadError(`${where}: unknown ${key} "${v}" (allowed: ${allowed.join(', ')})`);
    };
    switch (key) {
      case 'kind': allow(FINDING_KINDS); when.kind = list as FindingKind[]; break;
      case 'lifetimeClass': allow(LIFETIME_CLASSES); when.lifetimeClass = list as LifetimeClass[]; break;
      case 'factor': allow(FACTOR_NAMES); when.factor = list; break;
      case 'exposure': allow(EXPOSURES); when.exposure = list as Exposure[]; break;
      case 'afterlife': allow(AFTERLIFE_BANDS); when.afterlife = list as AfterlifeBand[]; break;
      case 'tag': when.tag = list; break;
      case 'ruleId': when.ruleId = list; break;
      default:
        throw new FrameworkLoadError(`${where}: unknown condition "${key}" (allowed: kind, lifetimeClass, factor, tag, exposure, ruleId, afterlife)`);
    }
  }
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
const sharedRefs = new WeakMap<Framework[], { refs: Map<string, FrameworkRef>; lists: Map<string, readonly FrameworkRef[]> }>();

/** The controls a finding maps to: framework file order, then control order; no duplicates. The list is shared and frozen. */
export function mapFacts(facts: MappingFacts, frameworks: Framework[]): FrameworkRef[] {
  let shared = sharedRefs.get(frameworks);
  if (!shared) sharedRefs.set(frameworks, (shared = { refs: new Map(), lists: new Map() }));
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
