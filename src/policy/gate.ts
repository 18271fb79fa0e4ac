// The CI gate: which findings fail it (severity, afterlife), and the verdict for a scan, including files that
// could not be fully scanned and controls the team requires.
import { SEVERITIES, type Finding, type GateResult, type IncompleteFile, type ScorecardEntry, type Severity, type SkippedFile } from '../model/report.js';

export interface GateOptions {
  failOn: Severity;
  /** Fail on any credential whose afterlife exceeds this many seconds (null: no afterlife gate). */
  maxAfterlifeSeconds: number | null;
  /** Files not fully scanned: they fail the gate as an incomplete scan unless allowIncomplete. */
  incomplete?: readonly IncompleteFile[];
  allowIncomplete?: boolean;
  /** Accept unreadable paths only (--allow-unreadable); other incomplete files still fail. */
  allowUnreadable?: boolean;
  /** Controls the scorecard must not report as missing (--require-control), judged on `scorecard`. */
  requiredControls?: readonly string[];
  scorecard?: readonly ScorecardEntry[];
}

/** The incomplete files the gate does not accept under these options. */
export function unacceptedIncomplete(files: readonly IncompleteFile[], opts: { allowIncomplete?: boolean; allowUnreadable?: boolean }): IncompleteFile[] {
  if (opts.allowIncomplete) return [];
  return files.filter((f) => !(opts.allowUnreadable && f.reason === 'unreadable'));
}

/**
 * The one-line error for an incomplete scan: unreadable paths first ("2 paths could not be read (secret/: EACCES)"),
 * then any other files not fully scanned ("1 file(s) not fully scanned (big.env: timeout)").
 */
export function incompleteMessage(files: readonly IncompleteFile[], name: (file: string) => string = (f) => f): string {
  const unreadable = files.filter((f) => f.reason === 'unreadable');
  const other = files.filter((f) => f.reason !== 'unreadable');
  const parts: string[] = [];
  if (unreadable.length) {
    const u = unreadable[0]!;
    parts.push(`${unreadable.length} ${unreadable.length === 1 ? 'path' : 'paths'} could not be read (${name(u.file)}${u.detail ? `: ${u.detail}` : ''})`);
  }
  if (other.length) parts.push(`${other.length} file(s) not fully scanned (${name(other[0]!.file)}: ${other[0]!.reason})`);
  return `incomplete scan: ${parts.join('; ')}`;
}

/** Skip reasons that mean "could not look", not "chose not to look" (size limit, binary, symlink out of the root). */
const INCOMPLETE_SKIPS: Partial<Record<SkippedFile['reason'], IncompleteFile['reason']>> = { timeout: 'timeout', unreadable: 'unreadable' };

/** The incomplete files among skipped ones (a timed-out or unreadable file was not looked at). */
export function incompleteFromSkipped(skipped: readonly SkippedFile[]): IncompleteFile[] {
  const out: IncompleteFile[] = [];
  for (const s of skipped) {
    const reason = INCOMPLETE_SKIPS[s.reason];
    if (reason) out.push({ file: s.file, reason, ...(s.detail ? { detail: s.detail } : {}) });
  }
  return out;
}

/** The one-line reason a gate gives for an incomplete scan. */
export function incompleteReason(files: number): string {
  return `incomplete scan: ${files} file(s) not fully scanned`;
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

/**
 * Does this one finding fail the gate? Baselined findings shown with --show-baselined never do. Exported so the
 * report formatters (JUnit) mark exactly the findings the gate counted.
 */
export function failsGate(f: Finding, opts: GateOptions): { failed: boolean; bySeverity: boolean; byAfterlife: boolean } {
  if (f.context?.notes?.includes('baselined')) return { failed: false, bySeverity: false, byAfterlife: false };
  const bySeverity = severityAtLeast(f.severity, opts.failOn);
  const byAfterlife = opts.maxAfterlifeSeconds !== null && afterlifeExceeds(f, opts.maxAfterlifeSeconds);
  return { failed: bySeverity || byAfterlife, bySeverity, byAfterlife };
}

/** The gate: exit 1 when any finding is at or above failOn, its afterlife exceeds maxAfterlife, the scan is incomplete, or a required control is missing. */
export function evaluateGate(findings: Finding[], opts: GateOptions): GateResult {
  let bySeverity = 0;
  let byAfterlife = 0;
  let failing = 0;
  for (const f of findings) {
    // Known findings shown with --show-baselined are reported, never gated (failsGate skips them).
    const r = failsGate(f, opts);
    if (r.bySeverity) bySeverity++;
    if (r.byAfterlife) byAfterlife++;
    if (r.failed) failing++;
  }
  const reasons: string[] = [];
  if (bySeverity) reasons.push(`${bySeverity} finding(s) at or above ${opts.failOn}`);
  if (byAfterlife) reasons.push(`${byAfterlife} credential(s) with an afterlife above the --max-afterlife limit`);
  const gate: GateResult = { failOn: opts.failOn, maxAfterlifeSeconds: opts.maxAfterlifeSeconds, failed: failing > 0, failing, reasons };
  const incomplete = new Set((opts.incomplete ?? []).map((i) => i.file)).size;
  if (incomplete) {
    const unaccepted = unacceptedIncomplete(opts.incomplete ?? [], opts);
    const allowed = unaccepted.length === 0;
    gate.incomplete = { files: incomplete, allowed };
    if (!allowed) {
      gate.failed = true;
      reasons.push(unaccepted.some((f) => f.reason === 'unreadable') ? incompleteMessage(unaccepted) : incompleteReason(new Set(unaccepted.map((i) => i.file)).size));
    }
  }
  for (const control of opts.requiredControls ?? []) {
    const status = opts.scorecard?.find((e) => e.control === control)?.status ?? 'missing';
    (gate.requiredControls ??= []).push({ control, status, failed: status === 'missing' });
    if (status === 'missing') {
      gate.failed = true;
      reasons.push(`required control ${control} is missing`);
    }
  }
  return gate;
}
