// Markdown for a PR comment: counts, the gate, the top findings, an afterlife table and collapsible details.
// GitHub rejects comments over 65,536 characters, so the output is built to a budget and truncated with a note.
import type { Finding, Report } from '../model/report.js';
import type { FormatContext } from './index.js';
import { credentialsPhrase, reportCounts } from './counts.js';
import {
  AFTERLIFE_BUCKETS,
  afterlifeBucket,
  afterlifeLabel,
  countBy,
  plural,
  frameworkTitle,
  uniqueFrameworks,
  historyLabel,
  lifetimeClassOf,
  locationLabel,
  notesOf,
  originLabel,
  occurrencesLabel,
  oneLine,
  sortFindings,
  incompleteHeading,
  incompleteOf,
  exceptionsHeading,
  exceptionsOf,
  suppressionLabel,
} from './common.js';
import { SEVERITIES, LIFETIME_CLASSES } from '../model/report.js';
import type { ScorecardEntry } from '../model/report.js';
import type { FrameworkCatalog } from './catalog.js';
import { evidenceCounts, evidenceLabel, evidenceMark, mappedControls, sortedEvidence, STATUS_ICON, statusLine, statusOf } from './scorecard-view.js';

/** Hard ceiling for the whole comment (GitHub's limit is 65,536). */
export const MARKDOWN_LIMIT = 65_000;
const TOP_FINDINGS = 10;
/** Files of summary.incomplete listed before "… more". */
const INCOMPLETE_LISTED = 20;
/** Baselined findings listed in the exceptions block before "… more". */
const EXCEPTIONS_LISTED = 100;

const SEVERITY_ICON: Record<string, string> = { critical: '🟥', high: '🟧', medium: '🟨', low: '🟦', info: '⬜' };

/** Text safe inside a Markdown table cell or paragraph: no HTML, no table breaks, no mention pings. */
export function mdText(text: string | number | null | undefined, max = 200): string {
  let s = oneLine(String(text ?? ''));
  if (s.length > max) s = s.slice(0, max - 1) + '…';
  return s
    .replace(/([\\`*_[\]#])/g, '\\$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/@/g, '@\u200b');
}

/** Inline code that cannot be broken out of (backticks inside become a longer fence). */
export function mdCode(text: string, max = 120): string {
  let s = oneLine(text);
  if (s.length > max) s = s.slice(0, max - 1) + '…';
  s = s.replace(/\|/g, '¦');
  const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${s}${pad}${fence}`;
}

function findingRow(f: Finding): string {
  const value = f.credential ? mdCode(f.credential.redacted, 40) : '';
  const noteList = notesOf(f);
  const notes = noteList.length ? ` _(note: ${noteList.map((n) => mdText(n, 120)).join('; ')})_` : '';
  const origin = (originLabel(f) ? ` _${mdText(originLabel(f))}_` : '') + (occurrencesLabel(f, 5) ? ` (${mdText(occurrencesLabel(f, 5))})` : '');
  return `| ${SEVERITY_ICON[f.severity] ?? ''} ${f.severity} ${f.score} | ${mdCode(locationLabel(f))}${origin}${f.context?.commit ? ` (commit ${mdCode(String(f.context.commit.id).slice(0, 12))})` : ''} | ${mdText(f.ruleId, 60)} | ${value} | ${mdText(afterlifeLabel(f))} | ${mdText(f.message, 160)}${notes} |`;
}

const FINDING_HEADER = '| Severity | Where | Rule | Value | Afterlife | What |\n| --- | --- | --- | --- | --- | --- |';

export function formatMarkdown(report: Report, ctx?: FormatContext): string {
  const findings = sortFindings(report.findings);
  const title = report.repositories?.length
    ? `## credlife: ${report.repositories.length} repositories`
    : `## credlife${report.repository ? `: ${mdText(report.repository)}` : ''}`;
  const out: string[] = [
    title,
    '',
    ...verdictLines(report),
    ...countLines(report),
    ...findingSummaryLines(report, findings),
    ...(report.scorecard?.length ? [scorecardMarkdown(report.scorecard), ''] : []),
    ...frameworkLines(findings),
    ...repositoryLines(report, findings),
  ];
  // Everything after this point fits to the budget, finding by finding.
  const footer = `\n<sub>credlife ${mdText(report.tool?.version ?? '')}${ctx?.generatedAt ? ` · ${mdText(ctx.generatedAt)}` : ''}</sub>\n`;
  let text = out.join('\n');
  if (findings.length > TOP_FINDINGS) text += '\n' + allFindingsWithin(findings, text.length + footer.length);
  text += footer;
  // Final guard: never exceed the limit, whatever the inputs (e.g. a huge scorecard).
  if (text.length > MARKDOWN_LIMIT) {
    const note = '\n\n> ⚠️ Truncated to stay under GitHub\'s comment size limit.\n';
    text = text.slice(0, MARKDOWN_LIMIT - note.length) + note;
  }
  return text;
}

/** The gate's verdict, files not fully scanned, and the exceptions the change relies on. */
function verdictLines(report: Report): string[] {
  const out: string[] = [];
  const gate = report.summary?.gate;
  const verdict = gate ? (gate.failed ? `❌ **Gate failed**: ${gate.reasons.map((r) => mdText(r)).join('; ')}` : `✅ **Gate passed** (fail on ${gate.failOn})`) : '';
  if (verdict) out.push(verdict, '');
  const incomplete = incompleteOf(report);
  const heading = incompleteHeading(report);
  if (heading) {
    out.push(`${incomplete.failed ? '❌' : '⚠️'} **${mdText(heading)}**`, '');
    for (const i of incomplete.files.slice(0, INCOMPLETE_LISTED)) out.push(`- ${mdCode(i.file)}: ${mdText(i.reason)}${i.detail ? ` (${mdText(i.detail, 160)})` : ''}`);
    if (incomplete.files.length > INCOMPLETE_LISTED) out.push(`- … ${incomplete.files.length - INCOMPLETE_LISTED} more (the JSON report lists them)`);
    out.push('');
  }
  const exHeading = exceptionsHeading(report);
  if (exHeading) {
    // Reviewers see every exception the change relies on; the list is collapsed, the count is not.
    const ex = exceptionsOf(report);
    out.push(`⚠️ **${mdText(exHeading)}**`, '', '<details><summary>Exceptions</summary>', '');
    for (const x of ex.suppressed) out.push(`- ${mdText(suppressionLabel(x), 300)}`);
    for (const b of ex.baselined.slice(0, EXCEPTIONS_LISTED)) out.push(`- baselined ${mdCode(`${b.file}:${b.line}`)} ${mdText(b.ruleId)} (${b.severity})`);
    if (ex.baselined.length > EXCEPTIONS_LISTED) out.push(`- … ${ex.baselined.length - EXCEPTIONS_LISTED} more baselined (the JSON report lists them)`);
    out.push('', '</details>', '');
  }
  return out;
}

/** One sentence of counts, the history covered, and the findings per severity. */
function countLines(report: Report): string[] {
  const model = reportCounts(report);
  const history = historyLabel(report);
  return [
    `**${model.findings}** ${model.findings === 1 ? 'finding' : 'findings'} in ${plural(model.filesScanned, 'file')}; ${mdText(credentialsPhrase(model))}; task window ${Math.round((report.taskWindowSeconds ?? 0) / 60)} min.`,
    '',
    ...(history ? [`${report.summary!.history!.shallow ? '⚠️ ' : ''}Git history: ${mdText(history)}.`, ''] : []),
    '| ' + SEVERITIES.map((s) => `${SEVERITY_ICON[s]} ${s}`).join(' | ') + ' |',
    '|' + SEVERITIES.map(() => ' ---: |').join(''),
    '| ' + SEVERITIES.map((s) => String(model.bySeverity[s])).join(' | ') + ' |',
    '',
  ];
}

/** The top findings, then afterlife buckets and lifetime classes. */
function findingSummaryLines(report: Report, findings: Finding[]): string[] {
  if (findings.length === 0) return ['No credentials that outlive their task were found.', ''];
  const model = reportCounts(report);
  const out = [`### Top findings`, '', FINDING_HEADER, ...findings.slice(0, TOP_FINDINGS).map(findingRow), ''];
  out.push('### Afterlife', '', '> If a secret would still be useful after the task has ended, it is too long-lived for an autonomous workload.', '');
  const buckets = countBy(findings, AFTERLIFE_BUCKETS, afterlifeBucket);
  out.push('| Afterlife | Findings |', '| --- | ---: |');
  for (const b of AFTERLIFE_BUCKETS) if (buckets.get(b)) out.push(`| ${b} | ${buckets.get(b)} |`);
  out.push('', '| Lifetime class | Credentials |', '| --- | ---: |');
  for (const k of LIFETIME_CLASSES) if (model.credentialsByLifetime[k]) out.push(`| ${k} | ${model.credentialsByLifetime[k]} |`);
  if (model.findingsWithoutCredential) out.push(`| no credential in the files (findings) | ${model.findingsWithoutCredential} |`);
  out.push('');
  return out;
}

/** Which compliance-framework controls the findings fail, one line per framework (ids only; details are in HTML/SARIF). */
function frameworkLines(findings: Finding[]): string[] {
  const failing = new Map<string, Map<string, number>>();
  for (const f of findings)
    for (const r of uniqueFrameworks(f.frameworks ?? [])) {
      const m = failing.get(r.framework) ?? new Map<string, number>();
      failing.set(r.framework, m);
      m.set(r.id, (m.get(r.id) ?? 0) + 1);
    }
  if (!failing.size) return [];
  const out = ['<details><summary>Framework controls with findings</summary>', '', '| Framework | Controls (findings) |', '| --- | --- |'];
  for (const fw of [...failing.keys()].sort()) {
    const ids = [...failing.get(fw)!].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    out.push(`| ${mdText(frameworkTitle(fw))} | ${ids.map(([id, n]) => `${mdText(id)} (${n})`).join(', ')} |`);
  }
  out.push('', '</details>', '');
  return out;
}

/** A merged report: its repositories, and credentials reused across them. */
function repositoryLines(report: Report, findings: Finding[]): string[] {
  if (!report.repositories?.length) return [];
  const out = ['<details><summary>Repositories</summary>', '', '| Repository | Findings | Files | Gate |', '| --- | ---: | ---: | --- |'];
  for (const r of report.repositories) out.push(`| ${mdText(r.name)} | ${r.findings} | ${r.filesScanned} | ${r.gateFailed ? '❌' : '✅'} |`);
  out.push('', '</details>', '');
  const shared = findings.filter((f) => (f.context?.crossRepo?.repositories.length ?? 0) > 1);
  if (shared.length) {
    out.push('<details><summary>Credentials reused across repositories</summary>', '', '| Value | Where | Repositories |', '| --- | --- | --- |');
    for (const f of shared.slice(0, 50))
      out.push(`| ${mdCode(f.credential?.redacted ?? '')} | ${mdCode(locationLabel(f))}${f.context?.commit ? ` (commit ${mdCode(String(f.context.commit.id).slice(0, 12))})` : ''} | ${mdText(f.context!.crossRepo!.repositories.join(', '))} |`);
    out.push('', '</details>', '');
  }
  return out;
}

/** Every finding, collapsed, as many as fit beside `used` characters under GitHub's comment limit. */
function allFindingsWithin(findings: Finding[], used: number): string {
  const open = `<details><summary>All ${findings.length} findings</summary>\n\n${FINDING_HEADER}\n`;
  const close = '\n\n</details>\n';
  const reserve = 400; // room for the truncation note and footer
  let body = '';
  let shown = 0;
  for (const f of findings) {
    const row = findingRow(f) + '\n';
    if (used + open.length + body.length + row.length + close.length + reserve > MARKDOWN_LIMIT) break;
    body += row;
    shown++;
  }
  const note =
    shown < findings.length
      ? `\n> ⚠️ Truncated: showing ${shown} of ${findings.length} findings to stay under GitHub's comment size limit. \`--format json\` or \`--format csv\` lists all of them.\n`
      : '';
  return open + body.trimEnd() + close + note;
}

/** Room the scorecard may take in a PR comment (the findings list gets what is left of MARKDOWN_LIMIT). */
export const SCORECARD_MD_BUDGET = 16_000;
/** Scorecard table rows at most (a merged report has five entries per repository). */
const SCORECARD_MD_ROWS = 60;

export interface ScorecardMarkdownOptions {
  /** Heading level and text; default `### Controls scorecard`. */
  heading?: string;
  /** Framework report: add a column with this framework's controls each entry maps to. */
  framework?: { id: string; title: string; catalog?: FrameworkCatalog };
  budget?: number;
}

/**
 * The scorecard for a PR comment: a compact table (control, status, why, evidence counts) that is always
 * visible, then evidence (file:line, for and against) and next steps per control inside <details>, built to
 * `budget` characters so that it can never push the comment over GitHub's limit.
 */
export function scorecardMarkdown(entries: readonly ScorecardEntry[], opts: ScorecardMarkdownOptions = {}): string {
  const budget = opts.budget ?? SCORECARD_MD_BUDGET;
  const fw = opts.framework;
  const head = [
    opts.heading ?? '### Controls scorecard',
    '',
    `${mdText(statusLine(entries, true))} (the five controls that keep credentials from outliving the task — per-task issuance, context binding, short TTL and revocation, tool-call logging, identity separated from secrets; static evidence, see docs/scorecard.md)`,
    '',
    fw ? `| Control | Status | Why | ${mdText(fw.title, 60)} | Evidence |` : '| Control | Status | Why | Evidence |',
    fw ? '| --- | --- | --- | --- | --- |' : '| --- | --- | --- | --- |',
  ];
  const rows: string[] = [];
  // The table gets at most SCORECARD_MD_ROWS rows and half the budget; the details get what is left.
  let tableLength = head.join('\n').length;
  for (const e of entries.slice(0, SCORECARD_MD_ROWS)) {
    const st = statusOf(e);
    const n = evidenceCounts(e);
    const ev = `${n.for} for · ${n.against} against`;
    const mapped = fw ? mappedControls(e, fw.id, fw.catalog).map((m) => mdText(m.id, 40)).join(', ') || '–' : '';
    const row = `| ${mdText(e.title, 80)} | ${STATUS_ICON[st]} ${st} | ${mdText(e.why, 160)} |${fw ? ` ${mapped} |` : ''} ${ev} |`;
    if (tableLength + row.length + 1 > budget / 2) break;
    rows.push(row);
    tableLength += row.length + 1;
  }
  if (entries.length > rows.length) rows.push(`| _… ${entries.length - rows.length} more (see --format json or html)_ | | |${fw ? ' |' : ''} |`);
  let text = [...head, ...rows].join('\n');

  const open = '\n\n<details><summary>Scorecard evidence and next steps</summary>\n\n';
  const close = '\n</details>';
  const note = '\n_… more evidence left out to stay under the comment size limit; `--format json` or `--format html` has all of it._\n';
  let details = '';
  let cut = false;
  for (const e of entries) {
    const part: string[] = [`**${mdText(e.title, 80)}** ${mdCode(e.control, 60)}: ${STATUS_ICON[statusOf(e)]} ${statusOf(e)}`, ''];
    const evidence = sortedEvidence(e);
    for (const x of evidence) part.push(`- ${evidenceMark(x)} ${x.kind} ${mdCode(evidenceLabel(x))} ${mdText(x.detail, 200)}`);
    if (!evidence.length) part.push('- no evidence either way');
    const n = evidenceCounts(e);
    if (n.for + n.against > evidence.length) part.push(`- _${n.for + n.against - evidence.length} more in the JSON report's metrics_`);
    if (e.next) part.push('', `Next: ${mdText(e.next, 400)}`);
    if (fw) {
      const mapped = mappedControls(e, fw.id, fw.catalog);
      if (mapped.length) part.push('', `${mdText(fw.title, 60)}: ${mapped.map((m) => (m.title ? `${mdText(m.id, 40)} ${mdText(m.title, 80)}` : mdText(m.id, 40))).join('; ')}`);
    }
    const chunk = part.join('\n') + '\n\n';
    if (text.length + open.length + details.length + chunk.length + close.length + note.length > budget) {
      cut = true;
      break;
    }
    details += chunk;
  }
  if (details) text += open + details.trimEnd() + '\n' + (cut ? note : '') + close;
  else if (cut) text += '\n' + note;
  return text;
}
