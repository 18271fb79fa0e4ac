// `credlife report --framework X`: a control-by-control compliance view of one framework, in Markdown or HTML.
// A pure rendering of the report against the framework's control catalog (rules/frameworks/X.yaml).
import type { Report } from '../types.js';
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

const STATUS_MD: Record<string, string> = { fail: '❌ fail', pass: '✅ pass', 'not-assessed': '➖ not assessed' };
const PER_CONTROL = 25;
/** Room for the scorecard in the Markdown framework report (findings per control get the rest of the limit). */
const SCORECARD_BUDGET = 16_000;
const NO_MAPPING_NOTE = '_This report carries no framework mapping for its scorecard (it predates `frameworks` in rules/controls); re-scan to see which framework controls each control addresses._';

function markdownReport(report: Report, framework: string, ctx?: FormatContext): string {
  const findings = sortFindings(report.findings ?? []);
  const catalog = catalogFor(framework, ctx?.frameworks ?? defaultFrameworkCatalogs(), findings);
  const views = controlViews(catalog, findings);
  const count = (s: string): number => views.filter((v) => v.status === s).length;
  const scorecard = report.scorecard ?? [];
  const sc = hasMappings(scorecard) ? scorecard : null;
  const out: string[] = [
    `# ${mdText(catalog.title)}: credential controls`,
    '',
    `Scanned: ${mdText(report.repositories?.length ? `${report.repositories.length} repositories` : (report.repository ?? report.root))} · credlife ${mdText(report.tool?.version ?? '')}`,
    '',
    `**${count('fail')}** failing · **${count('pass')}** passing · **${count('not-assessed')}** not assessed by credlife`,
    '',
    sc ? '| Control | Title | State | Findings | Scorecard controls |' : '| Control | Title | State | Findings |',
    sc ? '| --- | --- | --- | ---: | --- |' : '| --- | --- | --- | ---: |',
    ...views.map(
      (v) =>
        `| ${mdText(v.control.id)} | ${mdText(v.control.title)} | ${STATUS_MD[v.status]} | ${v.findings.length} |` +
        (sc ? ` ${entriesForControl(sc, catalog.id, v.control.id).map((e) => `${STATUS_ICON[statusOf(e)]} ${mdText(e.title, 60)}`).join(', ') || '–'} |` : ''),
    ),
    '',
  ];
  if (views.length === 0) out.push('_No control catalog is available for this framework and no finding maps to it._', '');
  if (scorecard.length) {
    out.push(
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
      `<p>Each control of ${esc(catalog.title)} with the credlife findings mapped to it. A control passes when credlife checks it and finds nothing; controls credlife has no checks for are marked not assessed.${scorecard.length ? ' The controls scorecard below shows which of the source article\'s controls the repository has, and which controls of this framework each one addresses.' : ''}</p>`,
      frameworkSection(catalog, findings, { open: true, scorecard: hasMappings(scorecard) ? scorecard : undefined }),
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
