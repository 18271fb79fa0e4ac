// `credlife merge`: fold the JSON reports of many repositories into one organisation view. Each finding and
// binding is tagged with its repository; a credential whose fingerprint shows up in two or more repositories
// is marked as reused across them (context.crossRepo). Pure: reports in, report out.
//
// Cross-repository matching needs the same fingerprint key in every scan (see docs/report-formats.md).
import type { Finding, MergedRepository, Report, Severity, Summary } from '../types.js';
import { LIFETIME_CLASSES, SEVERITIES } from '../types.js';
import { cmp, severityRank } from './common.js';

export interface MergeInput {
  /** Repository name shown in the merged view (defaults chosen by the CLI: report.repository, root or file name). */
  name: string;
  report: Report;
}

/** Unique names: a repeated name gets "#2", "#3", … */
function uniqueNames(inputs: readonly MergeInput[]): string[] {
  const seen = new Map<string, number>();
  return inputs.map(({ name }) => {
    const base = name.trim() || 'repository';
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}#${n}`;
  });
}

export function mergeReports(inputs: readonly MergeInput[]): Report {
  const names = uniqueNames(inputs);
  const findings: Finding[] = [];
  const repositories: MergedRepository[] = [];
  const bindings: Report['bindings'] = [];
  const scorecard: NonNullable<Report['scorecard']> = [];
  const warnings: NonNullable<Summary['warnings']> = [];
  const skipped: NonNullable<Summary['skipped']> = {};
  let filesScanned = 0;
  let bytesScanned = 0;
  let durationMs = 0;
  let failing = 0;
  let anyFailed = false;
  let failOn: Severity | undefined;
  let maxAfterlifeSeconds: number | null = null;
  const reasons: string[] = [];
  const requiredControls: NonNullable<NonNullable<Summary['gate']>['requiredControls']> = [];

  inputs.forEach(({ report }, i) => {
    const name = names[i]!;
    const s = report.summary ?? ({} as Summary);
    for (const f of report.findings ?? []) {
      const { crossRepo: _drop, ...context } = f.context ?? {};
      findings.push({ ...f, context: { ...context, repository: name } });
    }
    for (const b of report.bindings ?? []) bindings.push({ ...b, repository: name });
    for (const e of report.scorecard ?? []) scorecard.push({ ...e, control: `${name}/${e.control}`, title: `${name}: ${e.title}` });
    for (const w of s.warnings ?? []) warnings.push({ ...w, file: `${name}:${w.file}` });
    for (const [k, v] of Object.entries(s.skipped ?? {})) skipped[k as keyof typeof skipped] = (skipped[k as keyof typeof skipped] ?? 0) + (v ?? 0);
    filesScanned += s.filesScanned ?? 0;
    bytesScanned += s.bytesScanned ?? 0;
    durationMs += s.durationMs ?? 0;
    const g = s.gate;
    if (g) {
      failing += g.failing;
      anyFailed ||= g.failed;
      // The strictest threshold any repository used, so the merged verdict is never laxer than its parts.
      if (!failOn || severityRank(g.failOn) > severityRank(failOn)) failOn = g.failOn;
      if (g.maxAfterlifeSeconds !== null) maxAfterlifeSeconds = maxAfterlifeSeconds === null ? g.maxAfterlifeSeconds : Math.min(maxAfterlifeSeconds, g.maxAfterlifeSeconds);
      for (const r of g.reasons) reasons.push(`${name}: ${r}`);
      for (const rc of g.requiredControls ?? []) requiredControls.push({ ...rc, control: `${name}/${rc.control}` });
    }
    repositories.push({ name, root: report.root, findings: report.findings?.length ?? 0, filesScanned: s.filesScanned ?? 0, gateFailed: g?.failed ?? false });
  });

  // Cross-repository reuse: the same fingerprint in two or more repositories.
  const reposByFingerprint = new Map<string, Set<string>>();
  const countByFingerprint = new Map<string, number>();
  for (const f of findings) {
    const fp = f.credential?.fingerprint;
    if (!fp) continue;
    const set = reposByFingerprint.get(fp) ?? new Set<string>();
    set.add(f.context!.repository!);
    reposByFingerprint.set(fp, set);
    countByFingerprint.set(fp, (countByFingerprint.get(fp) ?? 0) + 1);
  }
  for (const f of findings) {
    const fp = f.credential?.fingerprint;
    const repos = fp ? reposByFingerprint.get(fp) : undefined;
    if (fp && repos && repos.size > 1) f.context!.crossRepo = { repositories: [...repos].sort(cmp), count: countByFingerprint.get(fp)! };
  }

  const bySeverity: Summary['bySeverity'] = {};
  for (const sev of SEVERITIES) {
    const n = findings.filter((f) => f.severity === sev).length;
    if (n) bySeverity[sev] = n;
  }
  const byLifetime: Summary['byLifetime'] = {};
  for (const cls of LIFETIME_CLASSES) {
    const n = findings.filter((f) => f.credential?.lifetime.class === cls).length;
    if (n) byLifetime[cls] = n;
  }
  const windows = new Set(inputs.map(({ report }) => report.taskWindowSeconds));
  if (windows.size > 1) warnings.push({ file: '', message: `merged reports used different task windows (${[...windows].join(', ')} s)` });

  const summary: Summary = { filesScanned, bytesScanned, durationMs, bySeverity, byLifetime };
  if (Object.keys(skipped).length) summary.skipped = skipped;
  if (warnings.length) summary.warnings = warnings;
  if (failOn) summary.gate = { failOn, maxAfterlifeSeconds, failed: anyFailed, failing, reasons, ...(requiredControls.length ? { requiredControls } : {}) };

  const merged: Report = {
    schemaVersion: 1,
    tool: { name: 'credlife', version: inputs[0]?.report.tool?.version ?? '0.0.0' },
    root: names.join(', '),
    taskWindowSeconds: inputs[0]?.report.taskWindowSeconds ?? 900,
    findings,
    bindings,
    summary,
    repositories,
  };
  if (scorecard.length) merged.scorecard = scorecard;
  return merged;
}
