// The framework control catalogs that the HTML and framework reports lay findings against.
// They come from data (rules/frameworks/*.yaml), read once per process; formatters receive them through
// FormatContext.frameworks (or this module's cached default) and never read files themselves.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ScorecardEntry } from '../model/report.js';
import type { Finding, FrameworkRef } from '../model/report.js';
import { loadFrameworks } from '../score/frameworks.js';
import { loadChecks } from '../score/checks.js';
import { rulesDir } from '../ruleset/paths.js';
import { cmp, frameworkTitle, uniqueFrameworks } from './common.js';
import { parseRuleYaml } from '../ruleset/rule-yaml.js';

export interface CatalogControl {
  id: string;
  title: string;
  url?: string;
  description?: string;
  /** Does credlife have a mapping that can produce findings for this control? Unassessed controls never "pass". */
  assessed: boolean;
}

export interface FrameworkCatalog {
  id: string;
  title: string;
  url?: string;
  controls: CatalogControl[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined);

/** Does a control (or a top-level mapping entry) say which findings map to it? */
function hasMapping(c: Obj): boolean {
  for (const key of ['mappings', 'mapping', 'maps', 'match', 'matches', 'when', 'findings', 'rules', 'appliesTo', 'applies']) {
    const v = c[key];
    if (Array.isArray(v) ? v.length > 0 : isObj(v) ? Object.keys(v).length > 0 : v === true || typeof v === 'string') return true;
  }
  return false;
}

/** Control ids that a top-level `mappings:` list (if the file uses one) points at. */
function mappedIds(doc: Obj): Set<string> {
  const ids = new Set<string>();
  const list = doc.mappings ?? doc.mapping ?? doc.rules;
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (isObj(v)) {
      for (const key of ['control', 'controls', 'id', 'ids', 'to', 'map', 'maps']) {
        const x = v[key];
        if (typeof x === 'string') ids.add(x);
        else if (Array.isArray(x)) for (const y of x) if (typeof y === 'string') ids.add(y);
      }
    }
  };
  visit(list);
  return ids;
}

/** Parse one framework file leniently: unknown shapes give null, never a throw. */
export function parseFrameworkCatalog(text: string, fallbackId: string): FrameworkCatalog | null {
  let doc: unknown;
  try {
    doc = parseRuleYaml(text);
  } catch {
    return null;
  }
  if (!isObj(doc)) return null;
  const id = str(doc.id) ?? str(doc.framework) ?? fallbackId;
  const rawControls = doc.controls;
  const entries: [string, unknown][] = Array.isArray(rawControls)
    ? rawControls.map((c) => [isObj(c) ? (str(c.id) ?? '') : (str(c) ?? ''), c])
    : isObj(rawControls)
      ? Object.entries(rawControls)
      : [];
  const topMapped = mappedIds(doc);
  const controls: CatalogControl[] = [];
  for (const [cid, raw] of entries) {
    if (!cid) continue;
    const c: Obj = isObj(raw) ? raw : { title: str(raw) };
    controls.push({
      id: cid,
      title: str(c.title) ?? str(c.name) ?? cid,
      url: str(c.url) ?? str(c.link),
      description: str(c.description) ?? str(c.summary),
      assessed: hasMapping(c) || topMapped.has(cid),
    });
  }
  return { id, title: str(doc.title) ?? str(doc.name) ?? frameworkTitle(id), url: str(doc.url) ?? str(doc.link), controls };
}

export function loadFrameworkCatalogs(dir: string | null = rulesDir('frameworks')): FrameworkCatalog[] {
  if (!dir || !existsSync(dir)) return [];
  try {
    // The scoring loader validates the files; a control is assessed when some mapping points at it.
    return loadFrameworks(dir, { requireCoverage: false }).map((fw) => ({
      id: fw.id,
      title: fw.version ? `${fw.title} (${fw.version})` : fw.title,
      url: fw.url,
      controls: fw.controls.map((c) => ({ id: c.id, title: c.title, url: c.url, assessed: fw.mappings.some((m) => m.control === c.id) })),
    }));
  } catch {
    // Reports still render from files the strict loader rejects: fall back to a lenient read.
  }
  const out: FrameworkCatalog[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!/\.ya?ml$/i.test(name)) continue;
    let text: string;
    try {
      text = readFileSync(path.join(dir, name), 'utf8');
    } catch {
      continue;
    }
    const cat = parseFrameworkCatalog(text, name.replace(/\.ya?ml$/i, ''));
    if (cat) out.push(cat);
  }
  return out;
}

let cached: FrameworkCatalog[] | undefined;

/** The shipped catalogs, read once per process. */
export function defaultFrameworkCatalogs(): FrameworkCatalog[] {
  cached ??= loadFrameworkCatalogs();
  return cached;
}

/**
 * The catalog for one framework: the shipped controls, plus any control that findings mention but the catalog
 * lacks (so nothing a finding maps to is ever hidden). Without a catalog, the findings alone define it.
 */
export function catalogFor(frameworkId: string, catalogs: readonly FrameworkCatalog[], findings: readonly Finding[]): FrameworkCatalog {
  const base = catalogs.find((c) => c.id === frameworkId);
  const controls = base ? [...base.controls] : [];
  const known = new Set(controls.map((c) => c.id));
  // Findings share their reference lists (src/score/frameworks.ts): each distinct list is read once.
  const lists = new Set(findings.map((f) => f.frameworks ?? []));
  const extra = uniqueFrameworks([...lists].flatMap((refs) => refs.filter((r) => r.framework === frameworkId)))
    .filter((r) => !known.has(r.id))
    .map((r): CatalogControl => ({ id: r.id, title: r.title || r.id, url: r.url, assessed: true }));
  controls.push(...extra.sort((a, b) => cmp(a.id, b.id)));
  return { id: frameworkId, title: base?.title ?? frameworkTitle(frameworkId), url: base?.url, controls };
}

/**
 * fail: findings are mapped to the control; gap: a scorecard control linked to it is missing or partial;
 * pass: there is evidence for it (a linked scorecard control is met, or credlife's checks for it read the files and
 * found nothing); not-assessed: no evidence either way. "Nothing mapped here" alone is never a pass.
 */
export type ControlStatus = 'fail' | 'gap' | 'pass' | 'not-assessed';

export interface ControlView {
  control: CatalogControl;
  status: ControlStatus;
  findings: Finding[];
  /** Why the control has this status, in words ("scorecard: Tool-call logging is missing"). */
  why: string;
}

export interface ControlEvidence {
  /** The report's scorecard: its entries' `frameworks` link them to framework controls. */
  scorecard?: readonly ScorecardEntry[];
  /** Files the scan read: a clean result of checks over no files is no evidence. */
  filesScanned?: number;
}

/** Each control with the findings mapped to it and its status (see ControlStatus), with the reason. */
export function controlViews(catalog: FrameworkCatalog, findings: readonly Finding[], evidence: ControlEvidence = {}): ControlView[] {
  const byControl = findingsByControl(findings, catalog.id);
  return catalog.controls.map((control) => {
    const mine = byControl.get(`${catalog.id}\u0000${control.id}`) ?? [];
    const linked = (evidence.scorecard ?? []).filter((e) => (e.frameworks ?? []).some((r) => r.framework === catalog.id && r.id === control.id));
    const named = (list: readonly ScorecardEntry[]) => list.map((e) => `${e.title} is ${e.status}`).join(', ');
    const gaps = linked.filter((e) => e.status === 'missing' || e.status === 'partial');
    const met = linked.filter((e) => e.status === 'met');
    if (mine.length) return { control, status: 'fail', findings: mine, why: `${mine.length} finding${mine.length === 1 ? '' : 's'} mapped here` + (gaps.length ? `; scorecard: ${named(gaps)}` : '') };
    if (gaps.length) return { control, status: 'gap', findings: mine, why: `scorecard: ${named(gaps)}` };
    if (met.length) return { control, status: 'pass', findings: mine, why: `scorecard: ${named(met)}` };
    if (control.assessed && (evidence.filesScanned ?? 0) > 0) {
      return { control, status: 'pass', findings: mine, why: `credlife's checks for it read ${evidence.filesScanned} file${evidence.filesScanned === 1 ? '' : 's'} and found nothing` };
    }
    const unknown = linked.filter((e) => e.status === 'unknown');
    return { control, status: 'not-assessed', findings: mine, why: unknown.length ? `scorecard: ${named(unknown)} (nothing to measure)` : control.assessed ? 'no files were read' : 'credlife has no check for this control' };
  });
}

/** The findings mapped to each control of one framework, in the findings' order: one pass, not one per control. */
function findingsByControl(findings: readonly Finding[], frameworkId: string): Map<string, Finding[]> {
  const index = new Map<string, Finding[]>();
  // Findings share their reference lists: each list's keys are made once.
  const keysOf = new Map<readonly FrameworkRef[], string[]>();
  for (const f of findings) {
    const refs = f.frameworks ?? [];
    let keys = keysOf.get(refs);
    if (!keys) keysOf.set(refs, (keys = [...new Set(refs.filter((r) => r.framework === frameworkId).map((r) => `${r.framework}\u0000${r.id}`))]));
    for (const key of keys) {
      const list = index.get(key);
      if (list) list.push(f);
      else index.set(key, [f]);
    }
  }
  return index;
}

/** What a rule is, in its own words (rules/checks/*.yaml), for SARIF rule metadata. */
export interface RuleDescription {
  title: string;
  description?: string;
  remediation?: string;
  remediationUrl?: string;
  lifetimeClass?: string;
}

let cachedRules: Map<string, RuleDescription> | undefined;

/**
 * The shipped checks (binding / config rules), read once per process like the framework catalogs. Formatters
 * receive rule descriptions through FormatContext.rules; this is the default when the caller passes none.
 * Credential rules need no entry: all findings of one credential rule are about the same kind of credential.
 */
export function defaultRuleDescriptions(): Map<string, RuleDescription> {
  if (cachedRules) return cachedRules;
  const rules = new Map<string, RuleDescription>();
  try {
    for (const c of loadChecks(rulesDir('checks')))
      rules.set(c.id, {
        title: c.title,
        description: c.description,
        remediation: c.remediation,
        ...(c.remediationUrl ? { remediationUrl: c.remediationUrl } : {}),
        ...(c.lifetime ? { lifetimeClass: c.lifetime } : {}),
      });
  } catch {
    // No readable rules folder: rules fall back to their id as title.
  }
  cachedRules = rules;
  return rules;
}
