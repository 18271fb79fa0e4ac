// Human output for developers: findings most severe first (then by file), each with where, what, lifetime and
// afterlife, the message and a one-line fix; a tool-binding inventory; a compact scorecard (one line per control,
// evidence with --verbose); what was skipped; the gate; and a closing hint. On a terminal, lines fit its width
// (wrapped at spaces, table columns dropped from the right); without a terminal (ctx.width unset) nothing is
// wrapped, so scripts see the same lines whatever the environment.
import type { Finding, Report, Severity } from '../model/report.js';
import { SEVERITIES } from '../model/report.js';
import { formatBytes, formatSeconds } from '../model/units.js';
import { baselinedLabel, cmp, escapeInvisible, exceptionsHeading, exceptionsOf, historyLabel, incompleteHeading, incompleteOf, notesOf, occurrencesLabel, originLabel, plural, suppressionLabel } from './common.js';
import { palette } from './color.js';
import { credentialsPhrase, reportCounts } from './counts.js';
import type { FormatContext } from './index.js';
import { findingEntries, listedBindings, moreLabel } from './groups.js';
import { evidenceLabel, evidenceMark, sortedEvidence, statusLine, statusOf } from './scorecard-view.js';

/** Finding entries listed in the text output (most severe first); a line says how many more there are. */
export const TEXT_MAX_ENTRIES = 1_000;

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

/** What every section of the text output shares: colours, the terminal's width (if any), and the options. */
interface TextStyle {
  c: ReturnType<typeof palette>;
  sevColor: Record<Severity, (s: string) => string>;
  /** Wrap width; undefined without a terminal (nothing wraps). */
  width: number | undefined;
  ctx: FormatContext;
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
  const st: TextStyle = { c, sevColor, width: ctx.width && ctx.width >= 40 ? ctx.width : undefined, ctx };
  // Findings: most severe first, then by file and position (the report's own order is by score).
  const findings = [...report.findings].sort(
    (a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || cmp(a.file, b.file) || a.line - b.line || a.column - b.column || cmp(a.ruleId, b.ruleId),
  );
  const out: string[] = [
    ...(ctx.quiet ? [] : headerLines(report, st)),
    ...findingLines(report, findings, st),
    ...(ctx.quiet ? [] : bindingLines(report, st)),
    ...(ctx.quiet ? [] : scorecardLines(report, st)),
    ...(ctx.quiet ? [] : skippedLines(report, st)),
    ...incompleteLines(report, st),
    ...exceptionLines(report, st),
    ...closingLines(report, findings, st),
  ];
  // Every other line (headings, skipped, warnings, the gate) wraps at spaces too; fitted lines are unchanged.
  return out.flatMap((l) => wrap(l, st.width, '    ')).join('\n') + '\n';
}

function headerLines(report: Report, { c }: TextStyle): string[] {
  const s = report.summary;
  const out = [
    c.bold(`credlife ${report.tool.version}`) +
      ` — ${plural(s.filesScanned, 'file')} (${formatBytes(s.bytesScanned)}) in ${s.durationMs} ms, task window ${formatSeconds(report.taskWindowSeconds)}`,
  ];
  const history = historyLabel(report);
  if (history) out.push(s.history!.shallow ? c.yellow(`history: ${history}`) : `history: ${history}`);
  out.push('');
  return out;
}

const INDENT = ' '.repeat(10);

/** Each finding: where, rule, value, lifetime and afterlife; the message, a one-line fix, places and notes. */
function findingLines(report: Report, findings: Finding[], { c, sevColor, width, ctx }: TextStyle): string[] {
  const out: string[] = [];
  const all = Boolean(ctx.verbose || ctx.debug);
  const entries = findingEntries(report, findings, !all);
  for (const entry of entries.slice(0, TEXT_MAX_ENTRIES)) {
    const f = entry.finding;
    const value = f.credential?.redacted ?? (f.binding?.tool ? `tool ${f.binding.tool}` : '');
    const lifetime = f.credential?.lifetime.class ?? f.lifetime?.class;
    const commit = f.context?.commit ? ` [commit ${f.context.commit.id.slice(0, 10)}]` : '';
    // Where the file sits (test, docs, example, ci) when it is not ordinary source.
    const origin = originLabel(f);
    const head = [`${cleanName(f.file)}:${f.line}:${f.column}${origin ? ` (${clean(origin)})` : ''}`, f.ruleId, clean(value), lifetime ? `${lifetime}, afterlife ${afterlifeText(f)}` : '']
      .filter(Boolean)
      .join('  ');
    // The head wraps between its columns, never inside "static, afterlife ∞".
    out.push(...wrap(`${pad(f.severity.toUpperCase(), 9)} ${head}${commit}`, width, INDENT, '  ').map((l, i) => (i === 0 ? sevColor[f.severity](l.slice(0, 9)) + l.slice(9) : l)));
    out.push(...wrap(`${INDENT}${clean(f.message)}`, width, INDENT).map((l) => c.gray(l)));
    // One line: the remediation's first sentence, cut at a word to the terminal's width (JSON/HTML have it all).
    const fix = oneLineFix(f.remediation);
    if (fix) out.push(width ? truncateWords(`${INDENT}fix: ${fix}`, width) : `${INDENT}fix: ${fix}`);
    if (occurrencesLabel(f)) out.push(...wrap(`${INDENT}${occurrencesLabel(f)}`, width, INDENT + '  ').map((l) => c.gray(l)));
    for (const note of notesOf(f)) out.push(...wrap(`${INDENT}note: ${clean(note)}`, width, INDENT + '      ').map((l) => c.yellow(l)));
    const more = moreLabel(entry);
    if (more) out.push(...wrap(`${INDENT}${cleanName(more)} (--verbose lists each)`, width, INDENT + '  ').map((l) => c.gray(l)));
  }
  if (entries.length > TEXT_MAX_ENTRIES) {
    const left = entries.slice(TEXT_MAX_ENTRIES).reduce((n, e) => n + 1 + e.more.length, 0);
    out.push(c.yellow(`… ${plural(left, 'more finding')} not listed here (the ${TEXT_MAX_ENTRIES} most severe entries are above; --format json or csv lists all ${findings.length})`));
  }
  if (findings.length) out.push('');
  return out;
}

/** The tool-binding inventory: the agent's own bindings first, a bounded number of rows. */
function bindingLines(report: Report, { c, width, ctx }: TextStyle): string[] {
  if (!report.bindings.length) return [];
  const out = [c.bold('Tool bindings') + c.gray('  (tool → credential → source/scope → lifetime → afterlife)')];
  const listed = listedBindings(report.bindings, Boolean(ctx.verbose || ctx.debug));
  for (const b of listed.shown) {
    const life = b.lifetime?.class ?? '-';
    const after = b.afterlife ? formatSeconds(b.afterlife.seconds, b.afterlife.unbounded) : '-';
    const scopeText = `${b.source}/${b.scope}`;
    const scope = b.scope === 'task' ? c.green(pad(scopeText, 22)) : pad(scopeText, 22);
    out.push(
      fitColumns([`  ${pad(clean(b.tool), 22)}`, pad(clean(b.credentialRef ?? `(${b.source})`), 26), scope, pad(life, 11), pad(after, 5), c.gray(`${clean(b.file)}:${b.line}`)], width),
    );
  }
  if (listed.hidden) {
    const where = listed.hiddenOutsideSource === listed.hidden ? ' in test, docs, example or ci files' : '';
    out.push(c.gray(`  … ${plural(listed.hidden, 'more binding')}${where} (--verbose or --format json lists them)`));
  }
  out.push('');
  return out;
}

/** One line per control (evidence and the next step with --verbose); one line in all when nothing could be judged. */
function scorecardLines(report: Report, { c, width, ctx }: TextStyle): string[] {
  if (!report.scorecard?.length) return [];
  const verbose = ctx.verbose || ctx.debug;
  const allUnknown = report.scorecard.every((e) => statusOf(e) === 'unknown');
  if (allUnknown && !verbose) {
    // Nothing to judge (a clean or tiny repository): one line, not five "unknown"s.
    return [`Controls scorecard: ${statusLine(report.scorecard)}` + c.gray(' (nothing to judge in these files; --verbose says why)'), ''];
  }
  const out = [c.bold('Controls scorecard') + c.gray(`  (${statusLine(report.scorecard)}${verbose ? '; ✔ evidence for, ✘ against' : '; --verbose: evidence'})`)];
  for (const e of report.scorecard) {
    const st = pad(statusOf(e), 8);
    const status = e.status === 'met' ? c.green(st) : e.status === 'missing' ? c.red(st) : e.status === 'partial' ? c.yellow(st) : c.gray(st);
    const line = `  ${pad(clean(e.title), 32)} ${st} ${clean(e.why)}`;
    // One line per control: cut at a word boundary to the terminal's width.
    const fitted = width ? truncateWords(line, width) : line;
    out.push(fitted.replace(st, status));
    if (!verbose) continue;
    const evidence = sortedEvidence(e);
    const shown = ctx.debug ? evidence : evidence.slice(0, TEXT_EVIDENCE);
    for (const x of shown) out.push(`    ${x.kind === 'for' ? c.green(evidenceMark(x)) : c.red(evidenceMark(x))} ${c.gray(clean(evidenceLabel(x)))} ${clean(x.detail)}`);
    if (evidence.length > shown.length) out.push(c.gray(`    … ${evidence.length - shown.length} more (--debug or --format json lists them)`));
    if (e.next) out.push(`    ${c.bold('next:')} ${clean(e.next)}`);
  }
  out.push('');
  return out;
}

/** Skipped files by reason, warnings, and (with --debug) stage timings. */
function skippedLines(report: Report, { c, ctx }: TextStyle): string[] {
  const s = report.summary;
  const out: string[] = [];
  const skipped = Object.entries(s.skipped ?? {}).filter(([, n]) => (n ?? 0) > 0);
  if (skipped.length) {
    const total = skipped.reduce((n, [, v]) => n + (v ?? 0), 0);
    out.push(`Skipped ${plural(total, 'file')}: ${skipped.map(([k, v]) => `${k} ${v}`).join(', ')}` + (ctx.debug ? '' : c.gray('  (--debug lists them)')));
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
  return out;
}

/** Files not fully scanned. Never hidden by --quiet: the gate's verdict depends on them. */
function incompleteLines(report: Report, { c, ctx }: TextStyle): string[] {
  const incomplete = incompleteOf(report);
  const heading = incompleteHeading(report);
  if (!heading) return [];
  const out = [(incomplete.failed ? c.red : c.yellow)(`${heading}:`)];
  const shown = ctx.debug ? incomplete.files : incomplete.files.slice(0, 20);
  for (const i of shown) out.push(`  ${cleanName(i.file)}: ${i.reason}${i.detail ? ` (${clean(i.detail)})` : ''}`);
  if (incomplete.files.length > shown.length) out.push(c.gray(`  … ${incomplete.files.length - shown.length} more (--debug or --format json lists them)`));
  return out;
}

/** Exceptions that weakened the gate: counted even with --quiet, listed without it. */
function exceptionLines(report: Report, { c, ctx }: TextStyle): string[] {
  const exHeading = exceptionsHeading(report);
  if (!exHeading) return [];
  const ex = exceptionsOf(report);
  const out = [c.yellow(`${exHeading}${ctx.quiet ? '' : ':'}`)];
  if (!ctx.quiet) {
    for (const x of ex.suppressed) out.push(`  ${suppressionLabel(x)}`);
    const shown = ctx.debug ? ex.baselined : ex.baselined.slice(0, 20);
    for (const b of shown) out.push(`  baselined ${baselinedLabel(b)}`);
    if (ex.baselined.length > shown.length) out.push(c.gray(`  … ${ex.baselined.length - shown.length} more baselined (--debug or --format json lists them)`));
  }
  return out;
}

/** Suppression warnings under --quiet, the counts line, the gate's verdict and a pointer to `credlife explain`. */
function closingLines(report: Report, findings: Finding[], { c, sevColor, width, ctx }: TextStyle): string[] {
  const s = report.summary;
  const out: string[] = [];
  if (ctx.quiet) {
    // Quiet output (the pre-commit hook) still says when a credlife-ignore comment does not work as written.
    for (const w of s.warnings ?? []) if (w.kind === 'suppression') out.push(c.yellow(`warning: ${clean(w.file)}${w.line ? `:${w.line}` : ''}: ${clean(w.message)}`));
  }
  const model = reportCounts(report);
  const counts = SEVERITIES.filter((x) => model.bySeverity[x] > 0).map((x) => sevColor[x](`${model.bySeverity[x]} ${x}`));
  out.push(
    ...wrap(
      `${plural(report.findings.length, 'finding')}` +
        (counts.length ? `: ${counts.join(', ')}` : '') +
        (model.credentials ? c.gray(`  |  ${credentialsPhrase(model)}`) : '') +
        (s.history ? c.gray(`  |  history: ${historyLabel(report)}`) : ''),
      width,
      '    ',
      '  |  ',
    ),
  );
  const gate = s.gate;
  if (gate) {
    if (gate.failed) {
      out.push(c.red(`Gate failed: ${gate.reasons.join('; ')}.`) + c.gray(' Fix them, record old debt with --write-baseline, or tune --fail-on / --max-afterlife.'));
    } else if (!ctx.quiet) {
      const limit = gate.maxAfterlifeSeconds !== null ? ` and afterlife ≤ ${formatSeconds(gate.maxAfterlifeSeconds)}` : '';
      out.push(c.green(`Gate passed: nothing at or above ${gate.failOn}${limit}.`));
    }
  }
  if (findings.length && !ctx.quiet) out.push(c.gray(`What a rule finds and what to use instead: credlife explain ${findings[0]!.ruleId}`));
  return out;
}

/** The first sentence of a remediation, on one line ("e.g. `ghs_`" does not end a sentence; ". Then" does). */
function oneLineFix(remediation: string | undefined): string {
  const text = clean(String(remediation ?? '').replace(/\s+/g, ' ').trim());
  const end = text.search(/\.(\s+[A-Z]|$)/);
  return end > 0 ? text.slice(0, end + 1) : text;
}

/**
 * Break a line at separators (spaces, or a column separator such as two spaces) so each piece fits `width`;
 * continuation lines start with `indent`. Words are never split: a word longer than the width stays whole.
 */
export function wrap(line: string, width: number | undefined, indent: string, sep = ' '): string[] {
  if (!width || line.length <= width) return [line];
  const lead = /^ */.exec(line)![0];
  const tokens = line.slice(lead.length).split(sep);
  const out: string[] = [];
  let cur = lead + tokens[0]!;
  for (const t of tokens.slice(1)) {
    if (cur.length + sep.length + t.length <= width || cur.trim() === '') cur += sep + t;
    else {
      out.push(cur.trimEnd());
      cur = indent + t.trimStart();
    }
  }
  out.push(cur);
  // A column too wide for one line is broken at spaces in turn.
  return sep === ' ' ? out : out.flatMap((l) => wrap(l, width, indent));
}

/** Cut a line at the last space that keeps it within `width`, marking the cut with "…". */
export function truncateWords(line: string, width: number): string {
  if (line.length <= width) return line;
  const cut = line.lastIndexOf(' ', width - 1);
  return (cut > 0 ? line.slice(0, cut) : line.slice(0, width - 1)).trimEnd() + '…';
}

/** Table columns joined by a space, dropping columns from the right until the line fits `width`. */
export function fitColumns(columns: string[], width: number | undefined): string {
  let cols = columns;
  const visible = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '').length;
  while (width && cols.length > 1 && visible(cols.join(' ')) > width) cols = cols.slice(0, -1);
  return cols.join(' ').trimEnd();
}
