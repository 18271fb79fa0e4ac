// Presentation helpers shared by the report formatters. Nothing here computes findings: it orders,
// groups and labels what the Report already says. Nothing here ever sees a raw secret.
import { formatDuration } from '../model/units.js';
import { createHash } from 'node:crypto';
import { failsGate } from '../policy/gate.js';
import { SEVERITIES, type BaselinedFinding, type Finding, type FrameworkRef, type GateResult, type IncompleteFile, type Report, type Severity, type SuppressionRecord } from '../model/report.js';
import { DEFAULT_FAIL_ON } from '../model/defaults.js';
import { cmp, severityRank, sortFindings } from '../model/order.js';
export { cmp, severityRank, sortFindings };

/** Where the project lives; used for informationUri and rule help links. */
export const PROJECT_URL = 'https://github.com/credlife/credlife';
export const RULES_DOC_URL = `${PROJECT_URL}/blob/main/docs/rules.md`;

/** The four frameworks the HTML and framework reports show, in display order. */
export const REPORT_FRAMEWORKS = ['owasp-asi-2026', 'owasp-nhi-2025', 'csa-maestro', 'nist-ai-rmf'] as const;

export const FRAMEWORK_TITLES: Record<string, string> = {
  'owasp-asi-2026': 'OWASP Top 10 for Agentic Applications (2026)',
  'owasp-nhi-2025': 'OWASP Non-Human Identities Top 10 (2025)',
  'owasp-llm-2025': 'OWASP Top 10 for LLM Applications (2025)',
  'csa-maestro': 'CSA MAESTRO',
  'nist-ai-rmf': 'NIST AI RMF 1.0',
  cwe: 'CWE',
};

export function frameworkTitle(id: string): string {
  return FRAMEWORK_TITLES[id] ?? id;
}



export { formatDuration };

/** How long the credential stays useful after the task: "unbounded", "7d", "none", or "-" without a credential. */
export function afterlifeLabel(f: Finding): string {
  const a = f.credential?.afterlife;
  if (!a) return '-';
  if (a.unbounded) return 'unbounded';
  if (a.seconds === null || a.seconds <= 0) return 'none';
  return formatDuration(a.seconds);
}

/** Bucket for the afterlife summary table and charts. */
export type AfterlifeBucket = 'unbounded' | '> 30d' | '1d – 30d' | '1h – 1d' | '< 1h' | 'none' | 'no credential';
export const AFTERLIFE_BUCKETS: readonly AfterlifeBucket[] = [
  'unbounded',
  '> 30d',
  '1d – 30d',
  '1h – 1d',
  '< 1h',
  'none',
  'no credential',
];

export function afterlifeBucket(f: Finding): AfterlifeBucket {
  const a = f.credential?.afterlife;
  if (!a) return 'no credential';
  if (a.unbounded) return 'unbounded';
  const s = a.seconds ?? 0;
  if (s <= 0) return 'none';
  if (s < 3600) return '< 1h';
  if (s < 86400) return '1h – 1d';
  if (s <= 30 * 86400) return '1d – 30d';
  return '> 30d';
}

export function lifetimeClassOf(f: Finding): string {
  return f.credential?.lifetime.class ?? '-';
}

export function ttlLabel(f: Finding): string {
  const ttl = f.credential?.lifetime.ttlSeconds;
  if (!f.credential) return '-';
  return ttl === null || ttl === undefined ? 'none' : formatDuration(ttl);
}

/** The repository a finding came from in a merged report. */
export function repositoryOf(f: Finding): string | undefined {
  return f.context?.repository;
}

/** "owasp-nhi-2025:NHI7" */
export function frameworkKey(ref: FrameworkRef): string {
  return `${ref.framework}:${ref.id}`;
}

/** Framework refs without duplicates, in a stable order. */
export function uniqueFrameworks(refs: readonly FrameworkRef[]): FrameworkRef[] {
  const seen = new Map<string, FrameworkRef>();
  for (const r of refs) if (!seen.has(frameworkKey(r))) seen.set(frameworkKey(r), r);
  return [...seen.values()].sort((a, b) => cmp(frameworkKey(a), frameworkKey(b)));
}

/** The control ids only ("NHI7", "ASI03", "CWE-798"), for compact columns. */
export function frameworkIdList(f: Finding): string[] {
  return uniqueFrameworks(f.frameworks ?? []).map((r) => r.id);
}

/** What a rule is, gathered from the findings that carry it (rules are described by their findings). */
export interface RuleSummary {
  id: string;
  kind: Finding['kind'];
  /** "github classic personal access token" for a credential rule; the check's own title otherwise. */
  title: string;
  /** The rule's own description (checks), when known. */
  description?: string;
  provider: string | null;
  remediation: string;
  remediationUrl: string | undefined;
  frameworks: FrameworkRef[];
  maxSeverity: Severity;
  maxScore: number;
  lifetimeClass: string;
  count: number;
}

/**
 * One summary per rule id, sorted by id (stable order for SARIF rule indexes). A credential rule is described by
 * its credential (every finding of it is the same kind of credential). Any other rule — a binding or config
 * check, or a rule whose findings are about different credentials — is described by the rule itself (its entry
 * in `descriptions`, else its id), never by one finding's credential: those specifics belong in the result.
 */
export function summariseRules(
  findings: readonly Finding[],
  descriptions: ReadonlyMap<string, { title: string; description?: string; remediation?: string; remediationUrl?: string; lifetimeClass?: string }> = new Map(),
): RuleSummary[] {
  const byId = new Map<string, { first: Finding; all: Finding[] }>();
  for (const f of findings) {
    const e = byId.get(f.ruleId);
    if (e) e.all.push(f);
    else byId.set(f.ruleId, { first: f, all: [f] });
  }
  const out: RuleSummary[] = [];
  for (const [id, { first, all }] of byId) {
    let maxSeverity = first.severity;
    let maxScore = first.score;
    for (const f of all) {
      if (severityRank(f.severity) < severityRank(maxSeverity)) maxSeverity = f.severity;
      if (f.score > maxScore) maxScore = f.score;
    }
    const credentialOf = (f: Finding) => (f.credential ? `${f.credential.provider}\u0000${f.credential.type}` : '');
    const sameCredential = all.every((f) => f.credential && credentialOf(f) === credentialOf(first));
    const c = first.kind === 'secret' && sameCredential ? first.credential : undefined;
    const d = c ? undefined : descriptions.get(id);
    out.push({
      id,
      kind: first.kind,
      title: c ? `${c.provider} ${c.type}` : d?.title || ruleTitleFromId(id),
      ...(d?.description ? { description: d.description } : {}),
      provider: c?.provider ?? null,
      remediation: d?.remediation ?? first.remediation ?? '',
      remediationUrl: d ? d.remediationUrl : first.remediationUrl,
      frameworks: uniqueFrameworks(all.flatMap((f) => f.frameworks ?? [])),
      maxSeverity,
      maxScore,
      lifetimeClass: c?.lifetime.class ?? d?.lifetimeClass ?? '-',
      count: all.length,
    });
  }
  return out.sort((a, b) => cmp(a.id, b.id));
}

/** "ci-static-cloud-keys" -> "Ci static cloud keys" (a fallback title when nothing better is known). */
export function ruleTitleFromId(id: string): string {
  const words = id.replace(/[-_.]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Counts per key in the given order (zero counts kept so tables and charts have fixed rows). */
export function countBy<K extends string>(findings: readonly Finding[], keys: readonly K[], keyOf: (f: Finding) => K): Map<K, number> {
  const m = new Map<K, number>(keys.map((k) => [k, 0]));
  for (const f of findings) {
    const k = keyOf(f);
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

/** The gate threshold the report was produced with (default high). */
export function gateThreshold(report: Report): Severity {
  return report.summary?.gate?.failOn ?? DEFAULT_FAIL_ON;
}

/**
 * Does this finding fail the gate the report was produced with? The same function the gate itself uses
 * (src/policy/gate.ts failsGate), fed with report.summary.gate's failOn and maxAfterlifeSeconds, so a format
 * marks exactly the findings the exit code counted. Without a gate in the report: severity at or above high.
 */
export function failsReportGate(report: Report, f: Finding): boolean {
  const g = report.summary?.gate;
  return failsGate(f, { failOn: g?.failOn ?? DEFAULT_FAIL_ON, maxAfterlifeSeconds: g?.maxAfterlifeSeconds ?? null }).failed;
}

/**
 * The controls the gate required (--require-control), with whether each failed it. Reports written before
 * gate.requiredControls existed only have the reason text, so those are read back from it.
 */
export function requiredControlsOf(report: Report): NonNullable<GateResult['requiredControls']> {
  const g = report.summary?.gate;
  if (!g) return [];
  if (Array.isArray(g.requiredControls)) return g.requiredControls;
  const out: NonNullable<GateResult['requiredControls']> = [];
  for (const r of g.reasons ?? []) {
    const m = /^(?:(.+): )?required control (\S+) is missing$/.exec(r);
    if (m) out.push({ control: m[1] ? `${m[1]}/${m[2]}` : m[2]!, status: 'missing', failed: true });
  }
  return out;
}

/** The finding's origin when it is not product code ("test", "docs", "example", "ci"), else ''. Reports
 *  written before findings carried an origin show nothing. */
export function originLabel(f: Finding): string {
  const o = f.context?.origin;
  return typeof o === 'string' && o !== 'source' ? oneLine(o) : '';
}

/** The other places the finding's credential appears in its file ("12:3, 40:9"), or '' when it appears once. */
export function otherOccurrences(f: Finding): { line: number; column: number }[] {
  const occ = Array.isArray(f.occurrences) ? f.occurrences : [];
  return occ.filter((o) => o !== null && typeof o === 'object' && typeof o.line === 'number' && !(o.line === f.line && o.column === f.column));
}

export function occurrencesLabel(f: Finding, max = 10): string {
  const others = otherOccurrences(f);
  if (!others.length) return '';
  const shown = others.slice(0, max).map((o) => `${o.line}:${o.column}`).join(', ');
  return `also at ${shown}${others.length > max ? ` and ${others.length - max} more` : ''}`;
}

/** Policy notes on a finding ("suppression expired on …", "baselined"), one line each, empty ones dropped. */
export function notesOf(f: Finding): string[] {
  const notes = f.context?.notes;
  return Array.isArray(notes) ? notes.map((n) => oneLine(n)).filter(Boolean) : [];
}

/**
 * How deep a --history scan went, from report.summary.history: "1,234 commits" or
 * "2 commits (shallow clone: only the last 2 commits)"; null when the report has no history scan.
 */
export function historyLabel(report: Report): string | null {
  const h = report.summary?.history;
  if (!h || typeof h.commits !== 'number') return null;
  const n = (x: number) => `${grouped(x)} commit${x === 1 ? '' : 's'}`;
  if (!h.shallow) return n(h.commits);
  const depth = typeof h.depth === 'number' ? h.depth : h.commits;
  return `${n(h.commits)} (shallow clone: only the last ${n(depth)})`;
}

/**
 * A count with thousands separators ("103,404"), as `toLocaleString('en-US')` writes it, without its first-call
 * cost (loading the locale data: ~15 ms of every run's start-up).
 */
export function grouped(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 ? `-${digits}` : digits;
}

/** "1 file", "3 files", "1 finding"; `many` for irregular plurals ("1 repository", "2 repositories"). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${grouped(n)} ${n === 1 ? one : many}`;
}

/**
 * Characters that are invisible or reorder what is shown: C0/C1 controls, bidi embeddings, overrides and
 * isolates (a file named with U+202E reads backwards), zero-width and other format characters, line/paragraph
 * separators. Human formats show them as visible escapes, never raw.
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

/**
 * Show invisible characters as escapes (\n, \t, \u202e). Line breaks and tabs: `escape` shows them as \n and \t,
 * `space` turns them into spaces, `keep` keeps them (a carriage return is dropped).
 */
export function escapeInvisible(text: string, breaks: 'escape' | 'space' | 'keep' = 'escape'): string {
  return text.replace(INVISIBLE, (c) => {
    if (c === '\n' || c === '\r' || c === '\t') {
      if (breaks === 'space') return ' ';
      if (breaks === 'keep') return c === '\r' ? '' : c;
      return c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t';
    }
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** One line, invisible characters escaped (line breaks as spaces): safe for table cells and XML attributes alike. */
export function oneLine(text: string | null | undefined): string {
  return escapeInvisible(String(text ?? ''), 'space').replace(/ {2,}/g, ' ').trim();
}

/** Where a finding is: "repo:path:line" in merged reports, "path:line" otherwise. */
export function locationLabel(f: Finding): string {
  const repo = repositoryOf(f);
  return `${repo ? repo + ':' : ''}${f.file}:${f.line}`;
}

/** Files not fully scanned (summary.incomplete), and whether they failed the gate (no --allow-incomplete). */
export function incompleteOf(report: Report): { files: IncompleteFile[]; failed: boolean } {
  const files = Array.isArray(report.summary?.incomplete) ? report.summary.incomplete : [];
  return { files, failed: files.length > 0 && report.summary?.gate?.incomplete?.allowed !== true };
}

/** "file: reason (detail)" on one line. */
export function incompleteLabel(i: IncompleteFile): string {
  return oneLine(`${i.file}: ${i.reason}${i.detail ? ` (${i.detail})` : ''}`);
}

/** The heading every format uses for summary.incomplete. */
export function incompleteHeading(report: Report): string | null {
  const { files, failed } = incompleteOf(report);
  if (!files.length) return null;
  return `Incomplete scan: ${files.length} file(s) not fully scanned` + (failed ? ' (fails the gate; --allow-incomplete accepts it)' : ' (accepted with --allow-incomplete)');
}

/** What weakened the gate in this run: suppression records (config, inline comments) and baselined findings. */
export function exceptionsOf(report: Report): { suppressed: SuppressionRecord[]; baselined: BaselinedFinding[]; inline: number; removed: number; baselinedCount: number } {
  const suppressed = Array.isArray(report.summary?.suppressed) ? report.summary.suppressed.filter((x) => x.kind !== 'baseline') : [];
  const baselined = Array.isArray(report.summary?.baselinedFindings) ? report.summary.baselinedFindings : [];
  return {
    suppressed,
    baselined,
    inline: suppressed.filter((x) => x.kind === 'inline').reduce((n, x) => n + x.count, 0),
    removed: suppressed.reduce((n, x) => n + x.count, 0),
    baselinedCount: report.summary?.baselined ?? baselined.length,
  };
}

/** The heading every format uses for the exceptions in effect, or null when there are none. */
export function exceptionsHeading(report: Report): string | null {
  const x = exceptionsOf(report);
  const ignored = report.summary?.inlineSuppressionsIgnored;
  if (!x.suppressed.length && !x.baselinedCount && !ignored) return null;
  const parts = [`${x.removed} finding(s) suppressed by policy (${x.inline} by inline comments)`, `${x.baselinedCount} baselined`];
  if (ignored) parts.push(`${ignored} inline comment(s) ignored (--no-inline-suppressions)`);
  return `Exceptions in effect: ${parts.join(', ')}`;
}

/** "inline github-pat ×1 — reason (file:line)", one line. */
export function suppressionLabel(x: SuppressionRecord): string {
  return oneLine(`${x.kind} ${x.target} ×${x.count} — ${x.reason} (${x.source})`);
}

/** "file:line rule (severity)", one line. */
export function baselinedLabel(b: BaselinedFinding): string {
  return oneLine(`${b.file}:${b.line} ${b.ruleId} (${b.severity})`);
}
