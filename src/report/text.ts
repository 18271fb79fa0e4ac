// Human output for developers: findings grouped by file, one line each (rule, redacted value, lifetime
// class, afterlife), a tool-binding inventory, the scorecard, what was skipped, and the gate.
import type { Finding, Report, Severity } from '../types.js';
import { SEVERITIES } from '../types.js';
import { formatBytes, formatSeconds } from '../util/units.js';
import { baselinedLabel, escapeInvisible, exceptionsHeading, exceptionsOf, historyLabel, incompleteHeading, incompleteOf, notesOf, originLabel, suppressionLabel } from './common.js';
import { palette } from './color.js';
import type { FormatContext } from './index.js';
import { evidenceLabel, evidenceMark, sortedEvidence, statusLine, statusOf } from './scorecard-view.js';

/** Scorecard evidence lines per control in the text output (all with --debug). */
const TEXT_EVIDENCE = 4;

function afterlifeText(f: Finding): string {
  const a = f.credential?.afterlife ?? f.afterlife;
  if (!a) return '-';
  return formatSeconds(a.seconds, a.unbounded);
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** Text that came from scanned files (names, messages) on one line, invisible characters shown as escapes. */
function clean(s: string): string {
  return escapeInvisible(s);
}

/** A file name on one line: line breaks and tabs shown as \n and \t, bidi overrides and controls escaped. */
function cleanName(s: string): string {
  return escapeInvisible(s);
}

export function formatText(report: Report, ctx: FormatContext): string {
  const c = palette(ctx.color);
  const sevColor: Record<Severity, (s: string) => string> = {
    critical: (s) => c.bold.red(s),
    high: (s) => c.red(s),
    medium: (s) => c.yellow(s),
    low: (s) => c.cyan(s),
    info: (s) => c.gray(s),
  };
  const out: string[] = [];
  const s = report.summary;
  if (!ctx.quiet) {
    out.push(
      c.bold(`credlife ${report.tool.version}`) +
        ` — ${s.filesScanned} files (${formatBytes(s.bytesScanned)}) in ${s.durationMs} ms, task window ${formatSeconds(report.taskWindowSeconds)}`,
    );
    const history = historyLabel(report);
    if (history) out.push(s.history!.shallow ? c.yellow(`history: ${history}`) : `history: ${history}`);
    out.push('');
  }

  // Findings grouped by file, in report order of first appearance.
  const byFile = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const list = byFile.get(f.file) ?? [];
    list.push(f);
    byFile.set(f.file, list);
  }
  const files = [...byFile.keys()].sort();
  for (const file of files) {
    const origin = originLabel(byFile.get(file)![0]!);
    out.push(c.underline(cleanName(file)) + (origin ? c.gray(`  (${clean(origin)})`) : ''));
    const list = byFile.get(file)!.sort((a, b) => a.line - b.line || a.column - b.column);
    for (const f of list) {
      const where = pad(`${f.line}:${f.column}`, 8);
      const sev = sevColor[f.severity](pad(f.severity, 8));
      const value = f.credential?.redacted ?? (f.binding?.tool ? `tool ${f.binding.tool}` : '');
      const lifetime = f.credential?.lifetime.class ?? f.lifetime?.class ?? '-';
      const commit = f.context?.commit ? c.gray(` [commit ${f.context.commit.id.slice(0, 10)}]`) : '';
      out.push(
        `  ${where}${sev} ${pad(f.ruleId, 30)} ${pad(clean(value), 18)} ${pad(lifetime, 11)} afterlife ${pad(afterlifeText(f), 5)} ${c.gray(clean(f.message))}${commit}`,
      );
      for (const note of notesOf(f)) out.push(c.yellow(`          note: ${clean(note)}`));
    }
    out.push('');
  }

  if (!ctx.quiet && report.bindings.length) {
    out.push(c.bold('Tool bindings') + c.gray('  (tool → credential → source/scope → lifetime → afterlife)'));
    for (const b of report.bindings) {
      const life = b.lifetime?.class ?? '-';
      const after = b.afterlife ? formatSeconds(b.afterlife.seconds, b.afterlife.unbounded) : '-';
      const scopeText = `${b.source}/${b.scope}`;
      const scope = b.scope === 'task' ? c.green(pad(scopeText, 22)) : pad(scopeText, 22);
      out.push(
        `  ${pad(clean(b.tool), 22)} ${pad(clean(b.credentialRef ?? `(${b.source})`), 26)} ${scope} ${pad(life, 11)} ${pad(after, 5)} ${c.gray(`${clean(b.file)}:${b.line}`)}`,
      );
    }
    out.push('');
  }

  if (!ctx.quiet && report.scorecard?.length) {
    out.push(c.bold('Controls scorecard') + c.gray(`  (${statusLine(report.scorecard)}; ✔ evidence for, ✘ against)`));
    for (const e of report.scorecard) {
      const st = pad(statusOf(e), 8);
      const status = e.status === 'met' ? c.green(st) : e.status === 'missing' ? c.red(st) : e.status === 'partial' ? c.yellow(st) : c.gray(st);
      out.push(`  ${pad(clean(e.title), 40)} ${status} ${c.gray(clean(e.why))}`);
      const evidence = sortedEvidence(e);
      const shown = ctx.debug ? evidence : evidence.slice(0, TEXT_EVIDENCE);
      for (const x of shown) out.push(`    ${x.kind === 'for' ? c.green(evidenceMark(x)) : c.red(evidenceMark(x))} ${c.gray(clean(evidenceLabel(x)))} ${clean(x.detail)}`);
      if (evidence.length > shown.length) out.push(c.gray(`    … ${evidence.length - shown.length} more (--debug or --format json lists them)`));
      if (e.next) out.push(`    ${c.bold('next:')} ${clean(e.next)}`);
    }
    out.push('');
  }

  if (!ctx.quiet) {
    const skipped = Object.entries(s.skipped ?? {}).filter(([, n]) => (n ?? 0) > 0);
    if (skipped.length) {
      const total = skipped.reduce((n, [, v]) => n + (v ?? 0), 0);
      out.push(
        `Skipped ${total} file(s): ${skipped.map(([k, v]) => `${k} ${v}`).join(', ')}` +
          (ctx.debug ? '' : c.gray('  (--debug lists them)')),
      );
      if (ctx.debug) for (const f of s.skippedFiles ?? []) out.push(c.gray(`  ${cleanName(f.file)}: ${f.reason}${f.detail ? ` (${clean(f.detail)})` : ''}`));
    }
    if (s.warnings?.length) {
      out.push(c.yellow(`Warnings (${s.warnings.length}):`));
      for (const w of s.warnings.slice(0, ctx.debug ? undefined : 20)) out.push(`  ${clean(w.file)}${w.line ? `:${w.line}` : ''}: ${clean(w.message)}`);
      if (!ctx.debug && s.warnings.length > 20) out.push(c.gray(`  … ${s.warnings.length - 20} more (--debug lists them)`));
    }
    if (ctx.debug && s.stages) {
      out.push(c.gray(`Stages (ms): ${Object.entries(s.stages).map(([k, v]) => `${k} ${v}`).join(', ')}`));
    }
  }

  // Never hidden by --quiet: the gate's verdict depends on it.
  const incomplete = incompleteOf(report);
  const heading = incompleteHeading(report);
  if (heading) {
    out.push((incomplete.failed ? c.red : c.yellow)(`${heading}:`));
    const shown = ctx.debug ? incomplete.files : incomplete.files.slice(0, 20);
    for (const i of shown) out.push(`  ${cleanName(i.file)}: ${i.reason}${i.detail ? ` (${clean(i.detail)})` : ''}`);
    if (incomplete.files.length > shown.length) out.push(c.gray(`  … ${incomplete.files.length - shown.length} more (--debug or --format json lists them)`));
  }

  // Exceptions that weakened the gate: counted even with --quiet, listed without it.
  const exHeading = exceptionsHeading(report);
  if (exHeading) {
    const ex = exceptionsOf(report);
    out.push(c.yellow(`${exHeading}${ctx.quiet ? '' : ':'}`));
    if (!ctx.quiet) {
      for (const x of ex.suppressed) out.push(`  ${suppressionLabel(x)}`);
      const shown = ctx.debug ? ex.baselined : ex.baselined.slice(0, 20);
      for (const b of shown) out.push(`  baselined ${baselinedLabel(b)}`);
      if (ex.baselined.length > shown.length) out.push(c.gray(`  … ${ex.baselined.length - shown.length} more baselined (--debug or --format json lists them)`));
    }
  }

  const counts = SEVERITIES.filter((x) => (s.bySeverity[x] ?? 0) > 0).map((x) => sevColor[x](`${s.bySeverity[x]} ${x}`));
  const lifetimes = Object.entries(s.byLifetime).filter(([, n]) => (n ?? 0) > 0).map(([k, n]) => `${k} ${n}`);
  out.push(
    `${report.findings.length} finding(s)` +
      (counts.length ? `: ${counts.join(', ')}` : '') +
      (lifetimes.length ? c.gray(`  |  by lifetime: ${lifetimes.join(', ')}`) : '') +
      (s.history ? c.gray(`  |  history: ${historyLabel(report)}`) : ''),
  );
  const gate = s.gate;
  if (gate) {
    if (gate.failed) {
      out.push(
        c.red(`Gate failed: ${gate.reasons.join('; ')}.`) +
          c.gray(' Fix them, record old debt with --write-baseline, or tune --fail-on / --max-afterlife.'),
      );
    } else if (!ctx.quiet) {
      const limit = gate.maxAfterlifeSeconds !== null ? ` and afterlife ≤ ${formatSeconds(gate.maxAfterlifeSeconds)}` : '';
      out.push(c.green(`Gate passed: nothing at or above ${gate.failOn}${limit}.`));
    }
  }
  return out.join('\n') + '\n';
}
