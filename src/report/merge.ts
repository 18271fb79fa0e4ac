// `credlife merge`: fold the JSON reports of many repositories into one organisation view.
//
// The fold reads one report at a time and keeps only what grows with the number of repositories and
// credentials, never with their product: per repository a summary row (with its few most severe findings),
// per credential fingerprint a group (provider, lifetime, how many repositories and tools hold it, capped name
// and location lists). Findings and bindings are not kept: the CLI streams them to the JSON and CSV outputs in
// a second pass, tagged from the fold (`tagFinding`). `mergeReports` is the in-memory form for small merges
// and the programmatic API; both use the same fold, so they agree on every number.
//
// Cross-repository matching needs the same fingerprint key in every scan (see docs/report-formats.md).
import type {
  Afterlife,
  Binding,
  CredentialGroup,
  Finding,
  MergedRepository,
  Report,
  ScorecardEntry,
  Severity,
  Summary,
} from '../model/report.js';
import { LIFETIME_CLASSES, SEVERITIES } from '../model/report.js';
import { isValueFingerprint } from '../detect/fingerprint.js';
import { scrubDeep, scrubText } from '../detect/scrub.js';
import { loadRules } from '../detect/loader.js';
import { rulesDir } from '../ruleset/paths.js';
import { cmp, severityRank, sortFindings } from './common.js';
import { DEFAULT_TASK_WINDOW_SECONDS } from '../model/defaults.js';

/**
 * The group a fingerprint belongs to: the fingerprint itself, or for a location fingerprint (loc1:, a guessable
 * value scanned without a key) one group per repository, since it says nothing about the value.
 */
function groupKey(fingerprint: string, repository: string): string {
  // Input files are untrusted: a fingerprint that is not a string is used as it is (it matches nothing).
  return typeof fingerprint !== 'string' || isValueFingerprint(fingerprint) ? fingerprint : `${repository}\0${fingerprint}`;
}

export interface MergeInput {
  /** Repository name shown in the merged view (defaults chosen by the CLI: report.repository, root or file name). */
  name: string;
  report: Report;
}

/** How many names a group or a finding's crossRepo lists before it only counts. */
export const MERGE_NAME_CAP = 10;
/** How many locations a credential group lists. */
export const MERGE_LOCATION_CAP = 10;
/** How many of its most severe findings a repository row keeps for the HTML / Markdown views. */
export const MERGE_TOP_FINDINGS = 5;
/** Distinct tools counted per credential before the count stops growing (shown as "N+"). */
const TOOL_COUNT_CAP = 1000;

/** A repository's row in the organisation view: its summary plus its few most severe findings. */
export interface OrgRepository extends MergedRepository {
  top: Finding[];
}

/** Everything the organisation formatters show; bounded by repositories + credentials, not their product. */
export interface OrgView {
  tool: Report['tool'];
  taskWindowSeconds: number;
  totals: {
    repositories: number;
    filesScanned: number;
    bytesScanned: number;
    findings: number;
    bindings: number;
    bySeverity: Summary['bySeverity'];
    /** Distinct credentials (fingerprints) across all repositories, by lifetime class. */
    credentials: number;
    credentialsByLifetime: Summary['byLifetime'];
    /** Credentials held by two or more repositories. */
    sharedCredentials: number;
    gatesFailed: number;
    /** Files the repositories' scans could not fully read. */
    incomplete: number;
  };
  /** Every credential group, most widely held first. */
  credentials: CredentialGroup[];
  repositories: OrgRepository[];
  /** Scorecard controls in first-seen order, for the repositories × controls matrix. */
  controls: { control: string; title: string }[];
  warnings: NonNullable<Summary['warnings']>;
}

interface GroupState {
  group: CredentialGroup;
  lastRepo: number;
  tools: Set<string>;
}

const UNBOUNDED = Number.POSITIVE_INFINITY;

function afterlifeSeconds(a: Afterlife | undefined): number {
  if (!a) return -1;
  return a.unbounded ? UNBOUNDED : Math.max(0, a.seconds ?? 0);
}

function longer(a: Afterlife | undefined, b: Afterlife | undefined): Afterlife | undefined {
  return afterlifeSeconds(b) > afterlifeSeconds(a) ? b : a;
}

function pushCapped<T>(list: T[], item: T, cap: number): void {
  if (list.length < cap) list.push(item);
}

/** Keep the `cap` smallest names, sorted: the same list whatever order the reports come in. */
function insertCapped(list: string[], name: string, cap: number): void {
  if (list.length >= cap && cmp(name, list[list.length - 1]!) >= 0) return;
  let i = list.length;
  while (i > 0 && cmp(name, list[i - 1]!) < 0) i--;
  list.splice(i, 0, name);
  if (list.length > cap) list.pop();
}

/** The streaming fold. Call `add` once per report, then read `view()`, `summary()`, `tagFinding()`. */
export class MergeFold {
  private readonly seen = new Map<string, number>();
  private readonly groups = new Map<string, GroupState>();
  private readonly repos: OrgRepository[] = [];
  private readonly controls = new Map<string, string>();
  private readonly warnings: NonNullable<Summary['warnings']> = [];
  private readonly incomplete: NonNullable<Summary['incomplete']> = [];
  private incompleteAllowed = true;
  private readonly skipped: NonNullable<Summary['skipped']> = {};
  private readonly bySeverity: Summary['bySeverity'] = {};
  private readonly byLifetime: Summary['byLifetime'] = {};
  private readonly windows = new Set<number>();
  private readonly reasons: string[] = [];
  private readonly requiredControls: NonNullable<NonNullable<Summary['gate']>['requiredControls']> = [];
  private filesScanned = 0;
  private bytesScanned = 0;
  private durationMs = 0;
  private findings = 0;
  private bindings = 0;
  private failing = 0;
  private anyFailed = false;
  private failOn: Severity | undefined;
  private maxAfterlifeSeconds: number | null = null;
  private tool: Report['tool'] | undefined;
  private taskWindowSeconds: number | undefined;

  /** A unique name for the next repository: a repeated name gets "#2", "#3", … */
  uniqueName(name: string): string {
    const base = name.trim() || 'repository';
    const n = (this.seen.get(base) ?? 0) + 1;
    this.seen.set(base, n);
    return n === 1 ? base : `${base}#${n}`;
  }

  /** Fold one repository's report; `name` must come from `uniqueName`. Keeps no reference to the report. */
  add(name: string, report: Report): void {
    reRedact(report);
    const index = this.repos.length;
    const s = report.summary ?? ({} as Summary);
    this.tool ??= report.tool;
    this.taskWindowSeconds ??= report.taskWindowSeconds;
    this.windows.add(report.taskWindowSeconds);
    const repoSeverity: Summary['bySeverity'] = {};
    const repoCredentials = new Set<string>();
    let repoAfterlife: Afterlife | undefined;
    for (const f of report.findings ?? []) {
      this.findings++;
      this.bySeverity[f.severity] = (this.bySeverity[f.severity] ?? 0) + 1;
      repoSeverity[f.severity] = (repoSeverity[f.severity] ?? 0) + 1;
      const c = f.credential;
      if (!c?.fingerprint) continue;
      repoCredentials.add(c.fingerprint);
      repoAfterlife = longer(repoAfterlife, c.afterlife);
      this.addToGroup(index, name, f);
    }
    for (const b of report.bindings ?? []) {
      this.bindings++;
      // The env file that holds a value is not a tool that uses it.
      const st = b.fingerprint && b.via !== 'env' ? this.groups.get(groupKey(b.fingerprint, name)) : undefined;
      if (st) this.addTool(st, b.tool);
    }
    for (const e of report.scorecard ?? []) if (!this.controls.has(e.control)) this.controls.set(e.control, e.title);
    for (const w of s.warnings ?? []) this.warnings.push({ ...w, file: `${name}:${w.file}` });
    // Files a repository's scan could not fully read stay visible, and keep failing the merged gate.
    for (const i of s.incomplete ?? []) this.incomplete.push({ ...i, file: `${name}:${i.file}` });
    if (s.incomplete?.length && s.gate?.incomplete?.allowed !== true) this.incompleteAllowed = false;
    for (const [k, v] of Object.entries(s.skipped ?? {})) {
      const key = k as keyof typeof this.skipped;
      this.skipped[key] = (this.skipped[key] ?? 0) + (v ?? 0);
    }
    this.filesScanned += s.filesScanned ?? 0;
    this.bytesScanned += s.bytesScanned ?? 0;
    this.durationMs += s.durationMs ?? 0;
    const g = s.gate;
    if (g) {
      this.failing += g.failing;
      this.anyFailed ||= g.failed;
      // The strictest threshold any repository used, so the merged verdict is never laxer than its parts.
      if (!this.failOn || severityRank(g.failOn) > severityRank(this.failOn)) this.failOn = g.failOn;
      if (g.maxAfterlifeSeconds !== null)
        this.maxAfterlifeSeconds = this.maxAfterlifeSeconds === null ? g.maxAfterlifeSeconds : Math.min(this.maxAfterlifeSeconds, g.maxAfterlifeSeconds);
      for (const r of g.reasons) this.reasons.push(`${name}: ${r}`);
      for (const rc of g.requiredControls ?? []) this.requiredControls.push({ ...rc, control: `${name}/${rc.control}` });
    }
    const scorecard: Record<string, ScorecardEntry['status']> = {};
    for (const e of report.scorecard ?? []) scorecard[e.control] = e.status;
    this.repos.push({
      name,
      root: report.root,
      findings: report.findings?.length ?? 0,
      filesScanned: s.filesScanned ?? 0,
      gateFailed: g?.failed ?? false,
      ...(s.incomplete?.length ? { incomplete: s.incomplete.length } : {}),
      bySeverity: repoSeverity,
      credentials: repoCredentials.size,
      ...(repoAfterlife ? { afterlife: repoAfterlife } : {}),
      ...(Object.keys(scorecard).length ? { scorecard } : {}),
      top: sortFindings(report.findings ?? []).slice(0, MERGE_TOP_FINDINGS).map((f) => this.tagFinding(f, name, false)),
    });
  }

  private addToGroup(index: number, name: string, f: Finding): void {
    const c = f.credential!;
    const key = groupKey(c.fingerprint, name);
    let st = this.groups.get(key);
    if (!st) {
      st = {
        lastRepo: -1,
        tools: new Set(),
        group: {
          fingerprint: c.fingerprint,
          provider: c.provider,
          type: c.type,
          redacted: c.redacted,
          lifetime: c.lifetime.class,
          afterlife: c.afterlife,
          severity: f.severity,
          findings: 0,
          repositoryCount: 0,
          repositories: [],
          toolCount: 0,
          tools: [],
          locations: [],
        },
      };
      this.groups.set(key, st);
      this.byLifetime[c.lifetime.class] = (this.byLifetime[c.lifetime.class] ?? 0) + 1;
    }
    const g = st.group;
    g.findings++;
    if (severityRank(f.severity) < severityRank(g.severity)) g.severity = f.severity;
    g.afterlife = longer(g.afterlife, c.afterlife) ?? g.afterlife;
    if (st.lastRepo !== index) {
      st.lastRepo = index;
      g.repositoryCount++;
      insertCapped(g.repositories, name, MERGE_NAME_CAP);
    }
    pushCapped(g.locations, { repository: name, file: f.file, line: f.line }, MERGE_LOCATION_CAP);
  }

  private addTool(st: GroupState, tool: string): void {
    if (st.tools.size >= TOOL_COUNT_CAP || st.tools.has(tool)) return;
    st.tools.add(tool);
    st.group.toolCount = st.tools.size;
    insertCapped(st.group.tools, tool, MERGE_NAME_CAP);
  }

  /** The finding as the merged report shows it: tagged with its repository and, if shared, its crossRepo. */
  tagFinding(f: Finding, name: string, withCrossRepo = true): Finding {
    reRedactFinding(f);
    const { crossRepo: _drop, ...context } = f.context ?? {};
    const out: Finding = { ...f, context: { ...context, repository: name } };
    const fp = f.credential?.fingerprint;
    const g = withCrossRepo && fp ? this.groups.get(groupKey(fp, name))?.group : undefined;
    if (g && g.repositoryCount > 1)
      out.context!.crossRepo = { repositories: [...g.repositories], count: g.findings, repositoryCount: g.repositoryCount };
    return out;
  }

  tagBinding(b: Binding, name: string): Binding {
    return { ...scrubDeep(b, scrubText), repository: name };
  }

  tagScorecard(e: ScorecardEntry, name: string): ScorecardEntry {
    return { ...e, control: `${name}/${e.control}`, title: `${name}: ${e.title}` };
  }

  summary(): Summary {
    const warnings = [...this.warnings];
    if (this.windows.size > 1) warnings.push({ file: '', message: `merged reports used different task windows (${[...this.windows].join(', ')} s)` });
    const bySeverity: Summary['bySeverity'] = {};
    for (const sev of SEVERITIES) if (this.bySeverity[sev]) bySeverity[sev] = this.bySeverity[sev];
    const byLifetime: Summary['byLifetime'] = {};
    for (const cls of LIFETIME_CLASSES) if (this.byLifetime[cls]) byLifetime[cls] = this.byLifetime[cls];
    const summary: Summary = { filesScanned: this.filesScanned, bytesScanned: this.bytesScanned, durationMs: this.durationMs, bySeverity, byLifetime };
    if (Object.keys(this.skipped).length) summary.skipped = { ...this.skipped };
    if (warnings.length) summary.warnings = warnings;
    if (this.incomplete.length) summary.incomplete = [...this.incomplete];
    if (this.failOn)
      summary.gate = {
        failOn: this.failOn,
        maxAfterlifeSeconds: this.maxAfterlifeSeconds,
        failed: this.anyFailed,
        failing: this.failing,
        reasons: [...this.reasons],
        ...(this.requiredControls.length ? { requiredControls: [...this.requiredControls] } : {}),
        ...(this.incomplete.length ? { incomplete: { files: this.incomplete.length, allowed: this.incompleteAllowed } } : {}),
      };
    return summary;
  }

  /** Credential groups, most widely held first (repositories, then tools, then severity). */
  credentialGroups(): CredentialGroup[] {
    return [...this.groups.values()]
      .map((s) => s.group)
      .sort(
        (a, b) =>
          b.repositoryCount - a.repositoryCount ||
          b.toolCount - a.toolCount ||
          severityRank(a.severity) - severityRank(b.severity) ||
          cmp(a.fingerprint, b.fingerprint),
      );
  }

  hasScorecard(): boolean {
    return this.controls.size > 0;
  }

  repositories(): MergedRepository[] {
    return this.repos.map(({ top: _top, ...row }) => row);
  }

  /** The head of the merged JSON report (everything but findings, bindings, scorecard and credentials). */
  head(): Omit<Report, 'findings' | 'bindings' | 'summary' | 'scorecard'> {
    return {
      schemaVersion: 1,
      tool: { name: 'credlife', version: this.tool?.version ?? '0.0.0' },
      root: this.repos.length <= MERGE_NAME_CAP ? this.repos.map((r) => r.name).join(', ') : `${this.repos.length} repositories`,
      taskWindowSeconds: this.taskWindowSeconds ?? DEFAULT_TASK_WINDOW_SECONDS,
    };
  }

  view(): OrgView {
    const credentials = this.credentialGroups();
    const summary = this.summary();
    return {
      tool: { name: 'credlife', version: this.tool?.version ?? '0.0.0' },
      taskWindowSeconds: this.taskWindowSeconds ?? DEFAULT_TASK_WINDOW_SECONDS,
      totals: {
        repositories: this.repos.length,
        filesScanned: this.filesScanned,
        bytesScanned: this.bytesScanned,
        findings: this.findings,
        bindings: this.bindings,
        bySeverity: summary.bySeverity,
        credentials: credentials.length,
        credentialsByLifetime: summary.byLifetime,
        sharedCredentials: credentials.filter((g) => g.repositoryCount > 1).length,
        gatesFailed: this.repos.filter((r) => r.gateFailed).length,
        incomplete: this.incomplete.length,
      },
      credentials,
      repositories: this.repos,
      controls: [...this.controls].map(([control, title]) => ({ control, title })),
      warnings: summary.warnings ?? [],
    };
  }
}

/** Afterlife in seconds for sorting: unbounded first, then longest; none / no credential last. */
export function afterlifeSortKey(a: Afterlife | undefined): number {
  return afterlifeSeconds(a);
}

/** The whole merge in memory (small merges, the API, `report --input`): the fold plus every finding. */
export function mergeReports(inputs: readonly MergeInput[]): Report {
  const fold = new MergeFold();
  const names = inputs.map(({ name }) => fold.uniqueName(name));
  inputs.forEach(({ report }, i) => fold.add(names[i]!, report));
  const findings: Finding[] = [];
  const bindings: Binding[] = [];
  const scorecard: ScorecardEntry[] = [];
  inputs.forEach(({ report }, i) => {
    for (const f of report.findings ?? []) findings.push(fold.tagFinding(f, names[i]!));
    for (const b of report.bindings ?? []) bindings.push(fold.tagBinding(b, names[i]!));
    for (const e of report.scorecard ?? []) scorecard.push(fold.tagScorecard(e, names[i]!));
  });
  const merged: Report = {
    ...fold.head(),
    findings,
    bindings,
    summary: fold.summary(),
    repositories: fold.repositories(),
    credentials: fold.credentialGroups(),
  } as Report;
  if (scorecard.length) merged.scorecard = scorecard;
  return merged;
}

/**
 * Inputs are files anyone could have written: every string passes the one scrubber again (src/detect/scrub.ts),
 * and a `credential.redacted` that is not "<known prefix>…<at most 4 characters>" becomes "…". In place.
 */
export function reRedact(report: Report): Report {
  for (const f of report.findings ?? []) fixRedacted(f);
  return scrubDeep(report, scrubText);
}

function reRedactFinding(f: Finding): void {
  fixRedacted(f);
  scrubDeep(f, scrubText);
}

function fixRedacted(f: Finding): void {
  const c = f.credential;
  if (!c) return;
  const r = typeof c.redacted === 'string' ? c.redacted : '';
  const i = r.indexOf('…');
  const ok = i >= 0 && r.length - i - 1 <= 4 && !r.slice(i + 1).includes('…') && (i === 0 || knownPrefixes().has(r.slice(0, i)));
  if (!ok) c.redacted = '…';
}

let prefixSet: Set<string> | null = null;
/** The prefixes credential rules show in `redacted` (public by definition: they name the provider). */
function knownPrefixes(): Set<string> {
  return (prefixSet ??= new Set(loadRules([rulesDir('credentials')]).flatMap((r) => (r.prefix ? [r.prefix] : []))));
}
