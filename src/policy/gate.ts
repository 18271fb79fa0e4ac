import { SEVERITIES, type Finding, type GateResult, type Severity } from '../types.js';

export interface GateOptions {
  failOn: Severity;
  /** Fail on any credential whose afterlife exceeds this many seconds (null: no afterlife gate). */
  maxAfterlifeSeconds: number | null;
}

export function severityAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}

/** Does this finding's afterlife exceed the limit? Unbounded always does. */
export function afterlifeExceeds(f: Finding, limitSeconds: number): boolean {
  const a = f.credential?.afterlife ?? f.afterlife;
  if (!a) return false;
  if (a.unbounded) return true;
  return (a.seconds ?? 0) > limitSeconds;
}

/** The gate: exit 1 when any finding is at or above failOn, or its afterlife exceeds maxAfterlife. */
export function evaluateGate(findings: Finding[], opts: GateOptions): GateResult {
  let bySeverity = 0;
  let byAfterlife = 0;
  let failing = 0;
  for (const f of findings) {
    // Known findings shown with --show-baselined are reported, never gated.
    if (f.context?.notes?.includes('baselined')) continue;
    const sev = severityAtLeast(f.severity, opts.failOn);
    const life = opts.maxAfterlifeSeconds !== null && afterlifeExceeds(f, opts.maxAfterlifeSeconds);
    if (sev) bySeverity++;
    if (life) byAfterlife++;
    if (sev || life) failing++;
  }
  const reasons: string[] = [];
  if (bySeverity) reasons.push(`${bySeverity} finding(s) at or above ${opts.failOn}`);
  if (byAfterlife) reasons.push(`${byAfterlife} credential(s) with an afterlife above the --max-afterlife limit`);
  return { failOn: opts.failOn, maxAfterlifeSeconds: opts.maxAfterlifeSeconds, failed: failing > 0, failing, reasons };
}
