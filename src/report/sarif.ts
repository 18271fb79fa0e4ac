// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. One run; rules in stable (sorted) order;
// results keyed by content so an alert survives its line moving. Only credential.redacted ever appears.
import { subjectOf } from '../policy/baseline.js';
import type { Finding, Report, Severity } from '../model/report.js';
import type { FormatContext } from './index.js';
import { defaultRuleDescriptions, type RuleDescription } from './catalog.js';
import { JsonStream, jsonChunks } from './json-chunks.js';
import {
  PROJECT_URL,
  RULES_DOC_URL,
  afterlifeLabel,
  frameworkKey,
  frameworkTitle,
  lifetimeClassOf,
  notesOf,
  otherOccurrences,
  oneLine,
  sha256Hex,
  sortFindings,
  summariseRules,
  ttlLabel,
  uniqueFrameworks,
  type RuleSummary,
  incompleteLabel,
  incompleteOf,
  exceptionsOf,
} from './common.js';

const SRCROOT = '%SRCROOT%';
const AFTERLIFE_RULE =
  'If a secret would still be useful after the task has ended, it is too long-lived for an autonomous workload.';

export function sarifLevel(s: Severity): 'error' | 'warning' | 'note' {
  return s === 'critical' || s === 'high' ? 'error' : s === 'medium' ? 'warning' : 'note';
}

/** GitHub reads "security-severity" as a 0.0–10.0 number in a string. */
export function securitySeverity(score: number): string {
  const clamped = Math.min(100, Math.max(0, Number.isFinite(score) ? score : 0));
  return (clamped / 10).toFixed(1);
}

/** PascalCase rule name (SARIF `name` is an identifier-like string). */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

function kindWhy(r: RuleSummary): string {
  if (r.description) return oneLine(r.description);
  switch (r.kind) {
    case 'secret':
      return `A ${r.title} value is present in the files. Anyone who reads them can use it for as long as it stays valid.`;
    case 'binding':
      return 'A tool or agent holds a credential for the life of its process rather than obtaining one per task.';
    default:
      return 'A setting makes the credentials it governs long-lived.';
  }
}

function ruleHelp(r: RuleSummary): { text: string; markdown: string } {
  const fw = r.frameworks.map((x) => `${x.id} ${x.title}`.trim());
  const fwText = fw.length ? `Frameworks: ${fw.join('; ')}.` : '';
  const life = r.lifetimeClass !== '-' ? `Lifetime class: ${r.lifetimeClass}.` : '';
  const text = [
    `Why: ${kindWhy(r)}`,
    `Afterlife: ${AFTERLIFE_RULE} ${life}`.trim(),
    `Remediation: ${oneLine(r.remediation) || 'Replace it with a credential minted per task with a short TTL.'}`,
    fwText,
  ]
    .filter(Boolean)
    .join('\n\n');
  const markdown = [
    `**Why it matters.** ${kindWhy(r)}`,
    `**Afterlife.** ${AFTERLIFE_RULE}${life ? ` ${life}` : ''}`,
    `**Remediation.** ${oneLine(r.remediation) || 'Replace it with a credential minted per task with a short TTL.'}`,
    fw.length ? `**Frameworks.** ${fw.map((x) => `\`${x}\``).join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
  return { text, markdown };
}

/** GitHub rejects runs over 25,000 results and rules over 20 tags (and shows only 10 tags). */
export const SARIF_MAX_RESULTS = 25_000;
export const SARIF_MAX_TAGS = 10;
const TAG_ORDER = ['owasp-asi-2026', 'owasp-nhi-2025', 'csa-maestro', 'nist-ai-rmf', 'cwe'];

/** "security" first, then framework controls: the four report frameworks and CWE before the rest. */
function ruleTags(r: RuleSummary): string[] {
  const rank = (fw: string): number => (TAG_ORDER.includes(fw) ? TAG_ORDER.indexOf(fw) : TAG_ORDER.length);
  const fw = [...r.frameworks].sort((a, b) => rank(a.framework) - rank(b.framework)).map(frameworkKey);
  return ['security', ...fw].slice(0, SARIF_MAX_TAGS);
}

function sarifRule(r: RuleSummary): Record<string, unknown> {
  const short = r.kind === 'secret' ? `${r.title} in files` : r.title;
  return {
    id: r.id,
    name: ruleName(r.id) || 'CredlifeRule',
    shortDescription: { text: oneLine(short) },
    fullDescription: { text: `${kindWhy(r)} ${AFTERLIFE_RULE}` },
    help: ruleHelp(r),
    helpUri: r.remediationUrl && /^https?:\/\//.test(r.remediationUrl) ? r.remediationUrl : `${RULES_DOC_URL}#${r.id}`,
    defaultConfiguration: { level: sarifLevel(r.maxSeverity) },
    properties: {
      tags: ruleTags(r),
      frameworks: r.frameworks.map(frameworkKey),
      precision: r.kind === 'secret' ? 'high' : 'medium',
      'security-severity': securitySeverity(r.maxScore),
    },
  };
}

function resultMessage(f: Finding): string {
  const parts = [oneLine(f.message) || f.ruleId];
  const c = f.credential;
  // A check's rule metadata describes the check; which credential this result is about is said here.
  if (c && f.kind !== 'secret') parts.push(`Credential: ${oneLine(`${c.provider} ${c.type}`)}.`);
  if (c && !parts[0]!.includes(c.redacted)) parts.push(`Value: ${c.redacted}.`);
  if (c) parts.push(`Lifetime: ${c.lifetime.class}, afterlife: ${afterlifeLabel(f)}.`);
  if (f.context?.commit) parts.push(`Found in git history at commit ${f.context.commit.id.slice(0, 12)}.`);
  if (f.context?.repository) parts.push(`Repository: ${f.context.repository}.`);
  return parts.join(' ');
}

/** A relative URI for the file (percent-encoded segments; never absolute, never a drive letter). */
export function relativeUri(file: string): string {
  const clean = file.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/^\/+/, '');
  return clean
    .split('/')
    .filter((s) => s !== '' && s !== '.')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

/** The scanned folder's path inside its git repository ("services/agent"), or '' (top level / not a repository). */
function pathInRepository(report: Report): string {
  const p = (report as Report & { vcs?: VcsInfo }).vcs?.pathInRepository;
  return typeof p === 'string' ? relativeUri(p) : '';
}

/** The result URI: relative to the repository's top level when the scan was of a subfolder, so annotations land on the right files. */
function resultUri(report: Report, file: string): string {
  const prefix = pathInRepository(report);
  const rel = relativeUri(file);
  return prefix ? (rel ? `${prefix}/${rel}` : prefix) : rel || '.';
}

function originalUriBaseIds(report: Report): Record<string, unknown> {
  let root = report.root ?? '.';
  const prefix = pathInRepository(report);
  if (prefix) {
    // Result URIs are repository paths: the base is the repository's top level (the root minus the prefix).
    const trimmed = root.replace(/\/+$/, '');
    const depth = prefix.split('/').length;
    if (trimmed.startsWith('/') && trimmed.split('/').slice(-depth).join('/') === decodeURIComponent(prefix)) {
      root = trimmed.split('/').slice(0, -depth).join('/') || '/';
    } else {
      return { [SRCROOT]: { description: { text: 'The top level of the git repository that holds the scanned folder.' } } };
    }
  }
  // An absolute root gives a file URI (ending in "/"); a relative one cannot, so it is described instead.
  if (root.startsWith('/')) {
    const uri = 'file://' + root.split('/').map((s) => encodeURIComponent(s)).join('/').replace(/\/?$/, '/');
    return { [SRCROOT]: { uri } };
  }
  return { [SRCROOT]: { description: { text: `The scanned root (${oneLine(root) || '.'}), as given on the command line.` } } };
}

/** An absolute http(s)/ssh repository URI without user info (a remote URL may embed a token). */
export function safeRepositoryUri(uri: string | undefined): string | null {
  if (!uri) return null;
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return null;
  }
  if (!['https:', 'http:', 'ssh:', 'git:'].includes(u.protocol)) return null;
  u.username = '';
  u.password = '';
  u.search = '';
  u.hash = '';
  return u.toString();
}

/** report.vcs (an optional field of Report; read through this type so the formatter works with or without it). */
type VcsInfo = { repositoryUri?: string; revisionId?: string; branch?: string; pathInRepository?: string };

function versionControlProvenance(report: Report): Record<string, unknown>[] | null {
  const vcs = (report as Report & { vcs?: VcsInfo }).vcs;
  const repositoryUri = safeRepositoryUri(vcs?.repositoryUri);
  if (!repositoryUri) return null;
  const v: Record<string, unknown> = { repositoryUri, mappedTo: { uriBaseId: SRCROOT } };
  if (typeof vcs?.revisionId === 'string' && /^[0-9a-f]{7,64}$/i.test(vcs.revisionId)) v.revisionId = vcs.revisionId;
  if (typeof vcs?.branch === 'string' && vcs.branch) v.branch = oneLine(vcs.branch);
  return [v];
}

export function formatSarif(report: Report, ctx?: FormatContext): string {
  return [...formatSarifChunks(report, ctx)].join('');
}

/** The same text as formatSarif, in pieces: rules and run properties once, then each result on its own. */
export function formatSarifChunks(report: Report, ctx?: FormatContext): Generator<string> {
  return sarifChunks(report, SARIF_MAX_RESULTS, ctx?.rules);
}

/** The SARIF log as one string (tests and callers that want a limit of their own). */
export function renderSarif(report: Report, maxResults: number, descriptions?: ReadonlyMap<string, RuleDescription>): string {
  return [...sarifChunks(report, maxResults, descriptions)].join('');
}

/** The SARIF log in pieces; beyond maxResults, only the most severe findings are kept and the run says so. */
function* sarifChunks(report: Report, maxResults: number, descriptions: ReadonlyMap<string, RuleDescription> = defaultRuleDescriptions()): Generator<string> {
  const all = report.findings ?? [];
  const kept = all.length > maxResults ? new Set(sortFindings(all).slice(0, maxResults)) : null;
  const findings = kept ? all.filter((f) => kept.has(f)) : all;
  const rules = summariseRules(findings, descriptions);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));

  const run: Record<string, unknown> = {
    tool: {
      driver: {
        name: 'credlife',
        version: report.tool?.version ?? '0.0.0',
        semanticVersion: report.tool?.version ?? '0.0.0',
        informationUri: PROJECT_URL,
        rules: rules.map(sarifRule),
      },
    },
    originalUriBaseIds: originalUriBaseIds(report),
    ...(versionControlProvenance(report) ? { versionControlProvenance: versionControlProvenance(report) } : {}),
    results: new JsonStream(sarifResults(report, findings, ruleIndex)),
    ...(invocationOf(report, kept ? { shown: findings.length, total: all.length, maxResults } : null) ?? {}),
    columnKind: 'utf16CodeUnits',
    properties: {
      taskWindowSeconds: report.taskWindowSeconds,
      frameworks: [...new Set(rules.flatMap((r) => r.frameworks.map((x) => x.framework)))].sort().map((id) => ({ id, title: frameworkTitle(id) })),
      ...(report.summary?.gate ? { gate: { ...report.summary.gate } } : {}),
      ...exceptionProperties(report),
      ...(report.repository ? { repository: report.repository } : {}),
      ...(kept ? { truncated: { shown: findings.length, total: all.length } } : {}),
    },
  };
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [run],
  };
  yield* jsonChunks(sarif);
  yield '\n';
}

/** One SARIF result per finding, made as it is written (content keys count repeats in order). */
function* sarifResults(report: Report, findings: readonly Finding[], ruleIndex: ReadonlyMap<string, number>): Generator<Record<string, unknown>> {
  const seen = new Map<string, number>();
  for (const f of findings) {
    // Content key: rule + credential (or what the finding is about, the same subject baselines use) + file.
    // Never the line or a step index: alerts survive moves.
    const about = f.credential?.fingerprint ?? subjectOf(f);
    const key = sha256Hex(`${f.ruleId}\u0000${about}\u0000${f.context?.repository ?? ''}\u0000${f.file}`);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    const properties: Record<string, unknown> = {
      severity: f.severity,
      score: f.score,
      kind: f.kind,
      lifetimeClass: lifetimeClassOf(f),
      ttl: ttlLabel(f),
      afterlife: afterlifeLabel(f),
      afterlifeSeconds: f.credential?.afterlife.unbounded ? null : (f.credential?.afterlife.seconds ?? null),
      frameworks: uniqueFrameworks(f.frameworks ?? []).map(frameworkKey),
      remediation: oneLine(f.remediation),
    };
    if (f.credential) {
      properties.provider = f.credential.provider;
      properties.redacted = f.credential.redacted;
    }
    if (f.binding) properties.binding = { ...f.binding };
    if (f.context?.exposure) properties.exposure = f.context.exposure;
    if (f.context?.origin) properties.origin = f.context.origin;
    if (f.context?.tags?.length) properties.tags = [...f.context.tags];
    if (f.context?.commit) properties.commit = { ...f.context.commit };
    if (f.context?.repository) properties.repository = f.context.repository;
    if (f.context?.crossRepo) properties.crossRepo = { ...f.context.crossRepo };
    if (notesOf(f).length) properties.notes = notesOf(f);
    if (f.factors?.length) properties.factors = f.factors.map((x) => ({ name: x.name, effect: x.effect }));
    yield {
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId) ?? 0,
      level: sarifLevel(f.severity),
      message: { text: resultMessage(f) },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: resultUri(report, f.file), uriBaseId: SRCROOT },
            region: { startLine: Math.max(1, Math.trunc(f.line) || 1), startColumn: Math.max(1, Math.trunc(f.column) || 1) },
          },
        },
      ],
      ...(otherOccurrences(f).length
        ? {
            // The same credential elsewhere in this file: one result, its other places as related locations.
            relatedLocations: otherOccurrences(f).map((o, i) => ({
              id: i + 1,
              physicalLocation: {
                artifactLocation: { uri: relativeUri(f.file) || '.', uriBaseId: SRCROOT },
                region: { startLine: Math.max(1, Math.trunc(o.line) || 1), startColumn: Math.max(1, Math.trunc(o.column) || 1) },
              },
              message: { text: 'the same credential' },
            })),
          }
        : {}),
      partialFingerprints: { 'credlife/v1': n === 1 ? key : `${key}:${n}` },
      properties,
    };
  }
}

/**
 * The run's invocation: not successful when files were not fully scanned and that fails the gate (one
 * notification per file, with its location), plus a note when results were cut to code scanning's limit.
 */
function invocationOf(report: Report, truncated: { shown: number; total: number; maxResults: number } | null): { invocations: unknown[] } | null {
  const incomplete = incompleteOf(report);
  if (!incomplete.files.length && !truncated) return null;
  const notifications: unknown[] = incomplete.files.map((i) => ({
    level: incomplete.failed ? 'error' : 'warning',
    descriptor: { id: 'incomplete-scan' },
    message: { text: `not fully scanned: ${incompleteLabel(i)}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: relativeUri(i.file) || '.', uriBaseId: SRCROOT } } }],
  }));
  if (truncated) {
    notifications.push({
      level: 'warning',
      message: {
        text: `Only the ${truncated.shown} most severe of ${truncated.total} findings are included (GitHub code scanning accepts at most ${truncated.maxResults} results per run). Use --format json or csv for all of them.`,
      },
    });
  }
  return { invocations: [{ executionSuccessful: !incomplete.failed, toolExecutionNotifications: notifications }] };
}

/** Exceptions in effect (run.properties): suppression records, baselined findings, ignored inline comments. */
function exceptionProperties(report: Report): Record<string, unknown> {
  const ex = exceptionsOf(report);
  const out: Record<string, unknown> = {};
  if (ex.suppressed.length) out.suppressed = ex.suppressed.map((x) => ({ ...x, target: oneLine(x.target), reason: oneLine(x.reason), source: oneLine(x.source) }));
  if (ex.baselinedCount) out.baselined = { count: ex.baselinedCount, findings: ex.baselined.map((b) => ({ ...b, file: relativeUri(b.file) })) };
  if (report.summary?.inlineSuppressionsIgnored) out.inlineSuppressionsIgnored = report.summary.inlineSuppressionsIgnored;
  return out;
}
