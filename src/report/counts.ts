// The one summary model every format reports: findings by severity, and credentials — distinct values by
// fingerprint (one credential found in three places, or in two merged repositories, is one) — by lifetime class.
// One function, used by every format that prints a count, so text, Markdown and HTML cannot disagree.
import { LIFETIME_CLASSES, SEVERITIES, type Finding, type LifetimeClass, type Report, type Severity } from '../model/report.js';

export interface ReportCounts {
  findings: number;
  bySeverity: Record<Severity, number>;
  /** Distinct credential values (by fingerprint) among the findings; merged reports count each once across repositories. */
  credentials: number;
  credentialsByLifetime: Record<LifetimeClass, number>;
  /** Distinct credentials with no expiry (static keys and never-expiring tokens). */
  unboundedCredentials: number;
  /** Findings about a setting or binding with no credential value in the files (config checks, env references). */
  findingsWithoutCredential: number;
  filesScanned: number;
  bindings: number;
}

/** The counts of a report. */
export function reportCounts(report: Report): ReportCounts {
  const counts = countFindings(report.findings ?? []);
  counts.filesScanned = report.summary?.filesScanned ?? 0;
  counts.bindings = report.bindings?.length ?? 0;
  // Merged reports carry one group per fingerprint across repositories: the authoritative distinct count.
  if (Array.isArray(report.credentials) && report.credentials.length) {
    counts.credentials = report.credentials.length;
    counts.credentialsByLifetime = Object.fromEntries(LIFETIME_CLASSES.map((c) => [c, 0])) as Record<LifetimeClass, number>;
    counts.unboundedCredentials = 0;
    for (const g of report.credentials) {
      // A hand-edited or damaged report may carry anything: count what is a known class, never crash.
      const cls = (LIFETIME_CLASSES as readonly string[]).includes(g?.lifetime) ? g.lifetime : 'unknown';
      counts.credentialsByLifetime[cls] += 1;
      if (g?.afterlife?.unbounded === true) counts.unboundedCredentials++;
    }
  }
  return counts;
}

export function countFindings(findings: readonly Finding[]): ReportCounts {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const credentialsByLifetime = Object.fromEntries(LIFETIME_CLASSES.map((c) => [c, 0])) as Record<LifetimeClass, number>;
  const seen = new Map<string, Finding>();
  let withoutCredential = 0;
  for (const f of findings) {
    if ((SEVERITIES as readonly string[]).includes(f?.severity)) bySeverity[f.severity] += 1;
    if (!f?.credential || typeof f.credential !== 'object') {
      withoutCredential++;
      continue;
    }
    // The same value in several places is one credential; across merged repositories too (same fingerprint key).
    const key = String(f.credential.fingerprint);
    if (!seen.has(key)) seen.set(key, f);
  }
  let unbounded = 0;
  for (const f of seen.values()) {
    const raw = f.credential?.lifetime?.class;
    const cls: LifetimeClass = (LIFETIME_CLASSES as readonly string[]).includes(raw as string) ? (raw as LifetimeClass) : 'unknown';
    credentialsByLifetime[cls] += 1;
    if (f.credential?.afterlife?.unbounded === true) unbounded++;
  }
  return {
    findings: findings.length,
    bySeverity,
    credentials: seen.size,
    credentialsByLifetime,
    unboundedCredentials: unbounded,
    findingsWithoutCredential: withoutCredential,
    filesScanned: 0,
    bindings: 0,
  };
}

/** "7 credentials (static 3, long-lived 4)" — the phrase every format uses. */
export function credentialsPhrase(c: ReportCounts): string {
  const parts = LIFETIME_CLASSES.filter((k) => c.credentialsByLifetime[k] > 0).map((k) => `${k} ${c.credentialsByLifetime[k]}`);
  return `${c.credentials} ${c.credentials === 1 ? 'credential' : 'credentials'}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}
