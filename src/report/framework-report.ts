// `credlife report --framework X`: a control-by-control compliance view of one framework, in Markdown or HTML.
// A pure rendering of the report against the framework's control catalog (rules/frameworks/X.yaml).
import type { Report } from '../model/report.js';
import type { FormatContext } from './index.js';
import { catalogFor, controlViews, defaultFrameworkCatalogs } from './catalog.js';
import { afterlifeLabel, locationLabel, sortFindings } from './common.js';
import { esc, frameworkSection, htmlPage, reportFooter, reportHeader, scorecardSection } from './html.js';
import { mdCode, mdText, MARKDOWN_LIMIT, scorecardMarkdown } from './markdown.js';
import { entriesForControl, hasMappings, STATUS_ICON, statusOf } from './scorecard-view.js';

export const FRAMEWORK_REPORT_IDS = ['owasp-asi-2026', 'owasp-nhi-2025', 'csa-maestro', 'nist-ai-rmf'] as const;
export type FrameworkReportId = (typeof FRAMEWORK_REPORT_IDS)[number];
export const frameworkReportFormats = ['markdown', 'html'] as const;
export type FrameworkReportFormat = (typeof frameworkReportFormats)[number];

const STATUS_MD: Record<string, string> = { fail: '❌ fail', gap: '⚠️ gap', pass: '✅ pass', 'not-assessed': '➖ not assessed' };

/** The five controls of the scorecard, in words, wherever a framework report names them (docs/scorecard.md). */
const SCORECARD_WORDS =
  'The controls scorecard measures, from the files, the five controls that keep an agent\'s credentials from outliving its task: ' +
  'per-task issuance (each task or tool call gets its own credential), context binding (credentials bound to an audience, resource or session), ' +
  'short TTL and revocation (credentials expire soon after the task and are revoked when it ends), tool-call logging (each tool call is traced), ' +
  'and identity separated from secrets (the agent proves a workload identity instead of holding raw long-lived secrets). See docs/scorecard.md.';

const STATUS_WORDS =
  'A control fails when findings map to it; it has a gap when a scorecard control linked to it is missing or partial; it passes only with evidence ' +
  '(a linked scorecard control is met, or credlife\'s checks for it read the files and found nothing); otherwise it is not assessed.';

/** "Scanned: ./agent · commit 1a2b3c4d5e · 2026-11-30 · credlife 0.1.0" */
function headerLine(report: Report, ctx?: FormatContext): string[] {
  const parts = [report.repositories?.length ? `${report.repositories.length} repositories` : (report.repository ?? report.root ?? '.')];
  const commit = report.vcs?.revisionId;
  if (commit && /^[0-9a-f]{7,64}$/i.test(commit)) parts.push(`commit ${commit.slice(0, 12)}${report.vcs?.branch ? ` (${report.vcs.branch})` : ''}`);
  parts.push(ctx?.generatedAt ?? new Date().toISOString());
  parts.push(`credlife ${report.tool?.version ?? ''}`);
  return parts;
}
const PER_CONTROL = 25;
/** Room for the scorecard in the Markdown framework report (findings per control get the rest of the limit). */
const SCORECARD_BUDGET = 16_000;
const NO_MAPPING_NOTE = '_This report carries no framework mapping for its scorecard (it predates `frameworks` in rules/controls); re-scan to see which framework controls each control addresses._';

function markdownReport(report: Report, framework: string, ctx?: FormatContext): string {
  const findings = sortFindings(report.findings ?? []);
  const catalog = catalogFor(framework, ctx?.frameworks ?? defaultFrameworkCatalogs(), findings);
  const views = controlViews(catalog, findings, { scorecard: report.scorecard, filesScanned: report.summary?.filesScanned });
  const count = (s: string): number => views.filter((v) => v.status === s).length;
  const scorecard = report.scorecard ?? [];
  const sc = hasMappings(scorecard) ? scorecard : null;
  const out: string[] = [
    `# ${mdText(catalog.title)}: credential controls`,
    '',
    `Scanned: ${headerLine(report, ctx).map((p) => mdText(p)).join(' · ')}`,
    '',
    `**${count('fail')}** failing · **${count('gap')}** with a scorecard gap · **${count('pass')}** passing (with evidence) · **${count('not-assessed')}** not assessed by credlife`,
    '',
    mdText(STATUS_WORDS, 1000),
    '',
    sc ? '| Control | Title | State | Why | Findings | Scorecard controls |' : '| Control | Title | State | Why | Findings |',
    sc ? '| --- | --- | --- | --- | ---: | --- |' : '| --- | --- | --- | --- | ---: |',
    ...views.map(
      (v) =>
        `| ${mdText(v.control.id)} | ${mdText(v.control.title)} | ${STATUS_MD[v.status]} | ${mdText(v.why, 160)} | ${v.findings.length} |` +
        (sc ? ` ${entriesForControl(sc, catalog.id, v.control.id).map((e) => `${STATUS_ICON[statusOf(e)]} ${mdText(e.title, 60)}`).join(', ') || '–'} |` : ''),
    ),
    '',
  ];
  if (views.length === 0) out.push('_No control catalog is available for this framework and no finding maps to it._', '');
  if (scorecard.length) {
    out.push(
      mdText(SCORECARD_WORDS, 1000),
      '',
      scorecardMarkdown(scorecard, { heading: '## Controls scorecard', framework: { id: catalog.id, title: catalog.title, catalog }, budget: SCORECARD_BUDGET }),
      '',
    );
    if (!sc) out.push(NO_MAPPING_NOTE, '');
  }
  for (const v of views.filter((x) => x.findings.length)) {
    out.push(`## ${mdText(v.control.id)} ${mdText(v.control.title)}`, '');
    if (v.control.description) out.push(mdText(v.control.description, 600), '');
    out.push('| Severity | Where | Rule | Value | Afterlife |', '| --- | --- | --- | --- | --- |');
    for (const f of v.findings.slice(0, PER_CONTROL))
      out.push(`| ${f.severity} ${f.score} | ${mdCode(locationLabel(f))} | ${mdText(f.ruleId)} | ${f.credential ? mdCode(f.credential.redacted) : ''} | ${mdText(afterlifeLabel(f))} |`);
    if (v.findings.length > PER_CONTROL) out.push('', `_… and ${v.findings.length - PER_CONTROL} more._`);
    out.push('');
  }
  let text = out.join('\n');
  if (text.length > MARKDOWN_LIMIT) text = text.slice(0, MARKDOWN_LIMIT - 80) + '\n\n> ⚠️ Truncated; use `--format html` for the full view.\n';
  return text;
}

function htmlReport(report: Report, framework: string, ctx?: FormatContext): string {
  const findings = sortFindings(report.findings ?? []);
  const catalog = catalogFor(framework, ctx?.frameworks ?? defaultFrameworkCatalogs(), findings);
  const scorecard = report.scorecard ?? [];
  return htmlPage(
    `credlife: ${catalog.title}`,
    reportHeader(report, `${catalog.title}: credential controls`),
    [
      `<p class="muted">Scanned: ${headerLine(report, ctx).map((p) => esc(p)).join(' · ')}</p>`,
      `<p>Each control of ${esc(catalog.title)} with the credlife findings mapped to it. ${esc(STATUS_WORDS)}</p>`,
      scorecard.length ? `<p>${esc(SCORECARD_WORDS)}</p>` : '',
      frameworkSection(catalog, findings, { open: true, scorecard: hasMappings(scorecard) ? scorecard : undefined, evidence: { scorecard, filesScanned: report.summary?.filesScanned } }),
      scorecard.length ? scorecardSection(scorecard, { framework: { id: catalog.id, title: catalog.title, catalog } }) : '',
      scorecard.length && !hasMappings(scorecard) ? `<p class="muted">${esc(NO_MAPPING_NOTE.replace(/[_`]/g, ''))}</p>` : '',
    ]
      .filter(Boolean)
      .join('\n'),
    reportFooter(report, ctx),
  );
}

export function formatFrameworkReport(report: Report, framework: string, format: FrameworkReportFormat, ctx?: FormatContext): string {
  return format === 'html' ? htmlReport(report, framework, ctx) : markdownReport(report, framework, ctx);
}
