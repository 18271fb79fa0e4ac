// The organisation view of `credlife merge`: HTML and Markdown rendered from the fold's OrgView, never from
// every finding. They lead with totals, the credentials held by the most repositories and tools, the
// repositories with the longest afterlife and the scorecard as a repositories × controls matrix; each
// repository shows only its few most severe findings (its own report has the rest). Pure functions.
import type { Afterlife, CredentialGroup, Severity } from '../model/report.js';
import { SEVERITIES } from '../model/report.js';
import { formatDuration } from './common.js';
import { esc, htmlPage } from './html.js';
import type { FormatContext } from './index.js';
import { mdCode, mdText } from './markdown.js';
import { afterlifeSortKey, MERGE_TOP_FINDINGS, type OrgRepository, type OrgView } from './merge.js';

/** Rows in the "most shared" and "longest afterlife" tables. */
export const ORG_TOP_ROWS = 25;
/** Repositories listed in the Markdown view (the job summary has a 1 MiB limit); HTML lists them all. */
export const ORG_MARKDOWN_REPOSITORIES = 100;

const STATUS_ICON: Record<string, string> = { met: '✅', partial: '🟨', missing: '❌', unknown: '❔' };

function afterlifeText(a: Afterlife | undefined): string {
  if (!a) return '-';
  if (a.unbounded) return 'unbounded';
  return a.seconds && a.seconds > 0 ? formatDuration(a.seconds) : 'none';
}

function countText(count: number, shown: readonly string[]): string {
  return count > shown.length ? `${shown.join(', ')} (+${count - shown.length} more)` : shown.join(', ');
}

function severityCounts(by: Partial<Record<Severity, number>> | undefined): string {
  return SEVERITIES.filter((s) => by?.[s])
    .map((s) => `${by![s]} ${s}`)
    .join(', ') || 'none';
}

/** Credentials held by two or more repositories, most widely held first. */
function sharedGroups(view: OrgView): CredentialGroup[] {
  return view.credentials.filter((g) => g.repositoryCount > 1 || g.toolCount > 1).slice(0, ORG_TOP_ROWS);
}

/** Repositories by their longest afterlife, longest first; repositories without a credential are left out. */
function longestAfterlife(view: OrgView): OrgRepository[] {
  return view.repositories
    .filter((r) => r.afterlife)
    .sort((a, b) => afterlifeSortKey(b.afterlife) - afterlifeSortKey(a.afterlife) || (a.name < b.name ? -1 : 1))
    .slice(0, ORG_TOP_ROWS);
}

function totalsLines(view: OrgView): [string, string][] {
  const t = view.totals;
  return [
    ['Repositories', `${t.repositories} (${t.gatesFailed} failing their gate)`],
    ['Files scanned', String(t.filesScanned)],
    ['Findings', `${t.findings} (${severityCounts(t.bySeverity)})`],
    ['Distinct credentials', `${t.credentials} (${Object.entries(t.credentialsByLifetime).map(([k, v]) => `${v} ${k}`).join(', ') || 'none'})`],
    ['Credentials held by 2+ repositories', String(t.sharedCredentials)],
    ['Tool bindings', String(t.bindings)],
    ...(t.incomplete ? ([['Files not fully scanned', `${t.incomplete} (the scan is incomplete: see the JSON report)`]] as [string, string][]) : []),
  ];
}

// ---------------------------------------------------------------------------------------------- Markdown

export function formatOrgMarkdown(view: OrgView, ctx?: FormatContext): string {
  const out: string[] = [`## credlife: ${view.totals.repositories} repositories`, ''];
  out.push('| | |', '| --- | --- |', ...totalsLines(view).map(([k, v]) => `| ${k} | ${mdText(v)} |`), '');

  const shared = sharedGroups(view);
  out.push('### Credentials held by the most repositories and tools', '');
  if (shared.length) {
    out.push('| Credential | Lifetime | Afterlife | Repositories | Tools |', '| --- | --- | --- | --- | --- |');
    for (const g of shared)
      out.push(
        `| ${mdCode(g.redacted, 40)} ${mdText(g.provider, 40)} | ${g.lifetime} | ${mdText(afterlifeText(g.afterlife))} | ${g.repositoryCount}: ${mdText(countText(g.repositoryCount, g.repositories), 300)} | ${g.toolCount}: ${mdText(countText(g.toolCount, g.tools), 200)} |`,
      );
  } else out.push('_No credential is held by more than one repository or tool._');
  out.push('');

  const longest = longestAfterlife(view);
  out.push('### Repositories with the longest afterlife', '');
  if (longest.length) {
    out.push('| Repository | Longest afterlife | Credentials | Findings |', '| --- | --- | --- | --- |');
    for (const r of longest) out.push(`| ${mdText(r.name, 80)} | ${mdText(afterlifeText(r.afterlife))} | ${r.credentials ?? 0} | ${mdText(severityCounts(r.bySeverity))} |`);
  } else out.push('_No repository holds a credential._');
  out.push('');

  const repos = view.repositories.slice(0, ORG_MARKDOWN_REPOSITORIES);
  const more = view.repositories.length - repos.length;
  if (view.controls.length) {
    out.push('### Scorecard', '', `| Repository | ${view.controls.map((c) => mdText(c.title, 40)).join(' | ')} |`, `| --- |${view.controls.map(() => ' :-: |').join('')}`);
    for (const r of repos) out.push(`| ${mdText(r.name, 80)} | ${view.controls.map((c) => `${STATUS_ICON[r.scorecard?.[c.control] ?? ''] ?? '–'} ${r.scorecard?.[c.control] ?? ''}`).join(' | ')} |`);
    if (more > 0) out.push('', `_${more} more repositories: see the HTML or JSON report._`);
    out.push('');
  }

  out.push('### Repositories', '', '| Repository | Gate | Findings | Credentials | Most severe |', '| --- | :-: | --- | --- | --- |');
  for (const r of repos) {
    const top = r.top[0];
    out.push(
      `| ${mdText(r.name, 80)} | ${r.gateFailed ? '❌' : '✅'} | ${mdText(severityCounts(r.bySeverity))} | ${r.credentials ?? 0} | ${top ? `${top.severity} ${mdText(top.ruleId, 50)} ${mdCode(`${top.file}:${top.line}`, 80)}` : ''} |`,
    );
  }
  if (more > 0) out.push('', `_${more} more repositories: see the HTML or JSON report._`);
  if (view.warnings.length) out.push('', `_${view.warnings.length} warnings: see the JSON report._`);
  out.push('', `credlife ${mdText(view.tool.version)}${ctx?.generatedAt ? ` · generated ${mdText(ctx.generatedAt)}` : ''}`, '');
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------- HTML

function table(head: string[], rows: string[]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function statusBadge(status: string | undefined): string {
  return status ? `<span class="badge sc-${esc(status)}">${esc(status)}</span>` : '<span class="muted">–</span>';
}

function repositorySection(r: OrgRepository): string {
  const rows = r.top.map(
    (f) =>
      `<tr><td><span class="badge ${esc(f.severity)}">${esc(f.severity)}</span></td><td><code>${esc(`${f.file}:${f.line}`)}</code></td><td>${esc(f.ruleId)}</td><td>${f.credential ? `<code>${esc(f.credential.redacted)}</code>` : ''}</td><td>${esc(f.message)}</td></tr>`,
  );
  const rest = r.findings - r.top.length;
  return `<details><summary>${esc(r.name)} · ${r.gateFailed ? '<span class="badge fail">gate failed</span>' : '<span class="badge pass">gate passed</span>'} · ${esc(severityCounts(r.bySeverity))}</summary>
${rows.length ? table(['Severity', 'Where', 'Rule', 'Value', 'What'], rows) : '<p class="muted">No findings.</p>'}
${rest > 0 ? `<p class="muted">${rest} more findings: see this repository's own report (credlife scan).</p>` : ''}</details>`;
}

export function formatOrgHtml(view: OrgView, ctx?: FormatContext): string {
  const t = view.totals;
  const cards = totalsLines(view)
    .map(([k, v]) => `<div class="card"><div class="n">${esc(v.split(' ')[0])}</div><div class="l">${esc(k)}${v.includes(' ') ? ` <span class="muted">${esc(v.slice(v.indexOf(' ') + 1))}</span>` : ''}</div></div>`)
    .join('');
  const shared = sharedGroups(view);
  const sharedHtml = shared.length
    ? table(
        ['Credential', 'Lifetime', 'Afterlife', 'Repositories', 'Tools', 'Findings'],
        shared.map(
          (g) =>
            `<tr><td><code>${esc(g.redacted)}</code> ${esc(g.provider)}</td><td>${esc(g.lifetime)}</td><td>${esc(afterlifeText(g.afterlife))}</td><td><b>${g.repositoryCount}</b> ${esc(countText(g.repositoryCount, g.repositories))}</td><td><b>${g.toolCount}</b> ${esc(countText(g.toolCount, g.tools))}</td><td class="num">${g.findings}</td></tr>`,
        ),
      )
    : '<p class="muted">No credential is held by more than one repository or tool.</p>';
  const longest = longestAfterlife(view);
  const longestHtml = longest.length
    ? table(
        ['Repository', 'Longest afterlife', 'Credentials', 'Findings'],
        longest.map((r) => `<tr><td>${esc(r.name)}</td><td>${esc(afterlifeText(r.afterlife))}</td><td class="num">${r.credentials ?? 0}</td><td>${esc(severityCounts(r.bySeverity))}</td></tr>`),
      )
    : '<p class="muted">No repository holds a credential.</p>';
  const matrix = view.controls.length
    ? `<section id="scorecard"><h2>Scorecard: repositories × controls</h2>${table(
        ['Repository', ...view.controls.map((c) => c.title)],
        view.repositories.map((r) => `<tr><td>${esc(r.name)}</td>${view.controls.map((c) => `<td>${statusBadge(r.scorecard?.[c.control])}</td>`).join('')}</tr>`),
      )}</section>`
    : '';
  const body = `<section id="totals"><h2>Totals</h2><div class="cards">${cards}</div></section>
<section id="shared"><h2>Credentials held by the most repositories and tools</h2>${sharedHtml}</section>
<section id="afterlife"><h2>Repositories with the longest afterlife</h2>${longestHtml}</section>
${matrix}
<section id="repositories"><h2>Repositories</h2><p class="muted">Each repository shows its ${MERGE_TOP_FINDINGS} most severe findings; its own report has the rest.</p>
${view.repositories.map(repositorySection).join('\n')}
</section>`;
  const header = `<h1>credlife organisation report</h1><div class="meta">${t.repositories} repositories · task window ${esc(formatDuration(view.taskWindowSeconds))} · credlife ${esc(view.tool.version)}</div>`;
  const footer = `credlife ${esc(view.tool.version)}${ctx?.generatedAt ? ` · generated ${esc(ctx.generatedAt)}` : ''}`;
  return htmlPage('credlife organisation report', header, body, footer);
}
