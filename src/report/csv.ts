// CSV for spreadsheets: one row per finding, RFC 4180 quoting (CRLF rows), and a guard against formula
// injection: a cell a spreadsheet would evaluate (= + - @, tab, CR) gets a leading apostrophe.
import type { Finding, Report } from '../model/report.js';
import type { FormatContext } from './index.js';
import { afterlifeLabel, escapeInvisible, exceptionsOf, frameworkKey, incompleteOf, lifetimeClassOf, notesOf, oneLine, sortFindings, ttlLabel, uniqueFrameworks } from './common.js';

/** Between framework controls in the frameworks column (ids contain spaces and colons, never "; "). */
export const FRAMEWORK_SEPARATOR = '; ';

export const CSV_COLUMNS = [
  'severity',
  'score',
  'rule',
  'kind',
  'repository',
  'file',
  'line',
  'column',
  'provider',
  'type',
  'redacted',
  'lifetime',
  'ttl',
  'afterlife',
  'afterlife_seconds',
  'tool',
  'agent',
  'binding_source',
  'binding_scope',
  'exposure',
  'origin',
  'occurrences',
  'commit',
  'frameworks',
  'message',
  'remediation',
  'notes',
] as const;

/** Neutralise spreadsheet formulas, then quote per RFC 4180 when needed. */
export function csvCell(value: string | number | null | undefined): string {
  // Invisible characters and bidi overrides shown as escapes (a spreadsheet is read by people).
  let s = value === null || value === undefined ? '' : escapeInvisible(String(value), 'keep');
  if (typeof value !== 'number' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function formatCsv(report: Report, ctx?: FormatContext): string {
  return [...formatCsvChunks(report, ctx)].join('');
}

/** The same text as formatCsv, one row (with its CRLF) at a time. */
export function* formatCsvChunks(report: Report, _ctx?: FormatContext): Generator<string> {
  const row = (cells: Record<string, string | number>): string => CSV_COLUMNS.map((col) => csvCell(cells[col] ?? '')).join(',') + '\r\n';
  yield CSV_COLUMNS.join(',') + '\r\n';
  for (const f of sortFindings(report.findings)) yield csvRow(f, report.repository) + '\r\n';
  // Files not fully scanned: one row each, kind "incomplete", rule "incomplete-scan", the reason as message.
  const incomplete = incompleteOf(report);
  for (const i of incomplete.files) {
    yield row({ rule: 'incomplete-scan', kind: 'incomplete', file: i.file, message: oneLine(`not fully scanned: ${i.reason}${i.detail ? ` (${i.detail})` : ''}`), notes: incomplete.failed ? 'fails the gate' : 'accepted with --allow-incomplete' });
  }
  // Exceptions in effect: rows of kind "suppressed" (one per record, its count in score) and "baselined".
  const ex = exceptionsOf(report);
  for (const x of ex.suppressed) {
    yield row({ rule: x.kind === 'inline' || x.kind === 'rule-disabled' ? x.target : '', kind: 'suppressed', score: x.count, file: x.source, message: oneLine(`${x.kind} ${x.target}: ${x.reason}`) });
  }
  // Baselined findings already listed as rows (--show-baselined) are not repeated.
  const shown = new Set(report.findings.filter((f) => notesOf(f).includes('baselined')).map((f) => `${f.ruleId}\0${f.file}\0${f.line}`));
  for (const b of ex.baselined.filter((x) => !shown.has(`${x.ruleId}\0${x.file}\0${x.line}`))) {
    yield row({ severity: b.severity, rule: b.ruleId, kind: 'baselined', file: b.file, line: b.line, notes: 'baselined' });
  }
}

/** One finding as a CSV row (no line break); `credlife merge` streams these. */
export function csvRow(f: Finding, repository?: string): string {
  const c = f.credential;
  const a = c?.afterlife;
  const cells: (string | number | null | undefined)[] = [
    f.severity,
    f.score,
    f.ruleId,
    f.kind,
    f.context?.repository ?? repository ?? '',
    f.file,
    f.line,
    f.column,
    c?.provider,
    c?.type,
    c?.redacted,
    lifetimeClassOf(f),
    ttlLabel(f),
    afterlifeLabel(f),
    a && !a.unbounded ? (a.seconds ?? '') : '',
    f.binding?.tool,
    f.binding?.agent,
    f.binding?.source,
    f.binding?.scope,
    f.context?.exposure,
    f.context?.origin,
    (Array.isArray(f.occurrences) ? f.occurrences : []).filter((o) => o && typeof o === 'object').map((o) => `${o.line}:${o.column}`).join('; '),
    f.context?.commit?.id,
    // Control ids contain spaces ("nist-ai-rmf:GOVERN 1.6", "csa-maestro:XL: Lateral Movement"): "; " keeps them apart.
    uniqueFrameworks(f.frameworks ?? []).map(frameworkKey).join(FRAMEWORK_SEPARATOR),
    oneLine(f.message),
    oneLine(f.remediation),
    notesOf(f).join('; '),
  ];
  return cells.map(csvCell).join(',');
}
