// The reading order of a report: findings most severe first, bindings by place. One definition, used by the
// engine when it assembles a report and by the formatters (merged reports order by repository too).
import { SEVERITIES, type Binding, type Finding, type Severity } from './report.js';

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** 0 for critical … 4 for info; unknown values sort last. */
export function severityRank(s: Severity): number {
  const i = SEVERITIES.indexOf(s);
  return i < 0 ? SEVERITIES.length : i;
}

/** Most severe first, then highest score, then repository, file and position: a stable reading order. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      b.score - a.score ||
      cmp(a.context?.repository ?? '', b.context?.repository ?? '') ||
      cmp(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      cmp(a.ruleId, b.ruleId),
  );
}

/** By file, line and tool. */
export function sortBindings(bindings: readonly Binding[]): Binding[] {
  return [...bindings].sort((a, b) => cmp(a.file, b.file) || a.line - b.line || (a.tool < b.tool ? -1 : 1));
}
