// The HTML report for a security team: one self-contained file (inline CSS, inline script, inline SVG; no
// network), locked down by a Content-Security-Policy that allows only its own two inline blocks by hash.
// Every piece of report data goes through esc(): file names and messages are hostile input.
import type { Binding, Finding, Report, ScorecardEntry } from '../model/report.js';
import { reportCounts } from './counts.js';
import { entriesForControl, evidenceCounts, evidenceLabel, evidenceMark, mappedControls, sortedEvidence, statusCounts, statusOf } from './scorecard-view.js';
import { LIFETIME_CLASSES, SEVERITIES } from '../model/report.js';
import type { FormatContext } from './index.js';
import { catalogFor, controlViews, defaultFrameworkCatalogs, type ControlEvidence, type FrameworkCatalog } from './catalog.js';
import {
  AFTERLIFE_BUCKETS,
  afterlifeBucket,
  afterlifeLabel,
  countBy,
  formatDuration,
  frameworkKey,
  lifetimeClassOf,
  notesOf,
  originLabel,
  occurrencesLabel,
  oneLine,
  grouped,
  plural,
  REPORT_FRAMEWORKS,
  severityRank,
  sha256Hex,
  sortFindings,
  uniqueFrameworks,
  incompleteHeading,
  incompleteOf,
  escapeInvisible,
  exceptionsHeading,
  exceptionsOf,
  suppressionLabel,
} from './common.js';
import { HTML_SCRIPT, HTML_STYLE } from './html-assets.js';
import { createHash } from 'node:crypto';

/** Evidence items per control in the HTML scorecard (the scan already caps each control at 12). */
const SCORECARD_HTML_EVIDENCE = 30;

/** Rows rendered in the findings table; beyond this the page says so (JSON and CSV carry everything). */
export const HTML_MAX_ROWS = 10_000;
/** Rows shown at once; "Show more" adds another page (keeps layout fast for thousands of rows). */
export const HTML_PAGE_ROWS = 500;
/** Credentials listed in the merged report's "reused across repositories" table; beyond this the page says so. */
const HTML_MAX_REUSE = 500;
const GRAPH_MAX_NODES = 80;
const CONTROL_MAX_FINDINGS = 50;

export const SEVERITY_COLORS: Record<string, string> = {
  critical: '#b3123b',
  high: '#d9480f',
  medium: '#c79100',
  low: '#1c7ed6',
  info: '#868e96',
};
const LIFETIME_COLORS: Record<string, string> = {
  static: '#b3123b',
  'long-lived': '#d9480f',
  'short-lived': '#1c7ed6',
  'task-scoped': '#2b8a3e',
  unknown: '#868e96',
  '-': '#adb5bd',
};
const AFTERLIFE_COLORS: Record<string, string> = {
  unbounded: '#b3123b',
  '> 30d': '#d9480f',
  '1d – 30d': '#e8590c',
  '1h – 1d': '#c79100',
  '< 1h': '#1c7ed6',
  none: '#2b8a3e',
  'no credential': '#adb5bd',
};

/** HTML text and attribute escaping; invisible characters and bidi overrides shown as escapes (tab/newline kept). */
export function esc(value: unknown): string {
  // Invisible characters and bidi overrides as visible escapes (line breaks and tabs stay whitespace).
  return escapeInvisible(String(value ?? ''), 'keep')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Only the page's own inline style and script run; nothing loads from anywhere. */
export const HTML_CSP = [
  "default-src 'none'",
  `style-src ${cspHash(HTML_STYLE)}`,
  `script-src ${cspHash(HTML_SCRIPT)}`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** The page shell shared by the full report and the framework report. */
export function htmlPage(title: string, headerHtml: string, bodyHtml: string, footerHtml: string): string {
  return [...htmlPageChunks(title, headerHtml, [bodyHtml], footerHtml)].join('');
}

/** The same page in pieces: the head, the body's pieces as they come, the footer and script. */
export function* htmlPageChunks(title: string, headerHtml: string, body: Iterable<string>, footerHtml: string): Generator<string> {
  yield `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(HTML_CSP)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<header>${headerHtml}</header>
<main>
`;
  yield* body;
  yield `
</main>
<footer>${footerHtml}</footer>
<script>${HTML_SCRIPT}</script>
</body>
</html>
`;
}

function badge(cls: string, text?: string): string {
  return `<span class="badge ${esc(cls)}">${esc(text ?? cls)}</span>`;
}

function card(label: string, n: number, cls = ''): string {
  return `<div class="card ${esc(cls)}"><div class="n">${n}</div><div class="l">${esc(label)}</div></div>`;
}

/** A horizontal bar chart as inline SVG. */
export function barChart(title: string, entries: [string, number, string][]): string {
  const rowH = 22;
  const labelW = 110;
  const barW = 220;
  const max = Math.max(1, ...entries.map((e) => e[1]));
  const h = entries.length * rowH + 6;
  const bars = entries
    .map(([label, n, color], i) => {
      const y = i * rowH + 3;
      const w = n === 0 ? 0 : Math.max(2, Math.round((n / max) * barW));
      return `<text x="0" y="${y + 14}">${esc(label)}</text><rect x="${labelW}" y="${y + 2}" width="${w}" height="${rowH - 6}" fill="${esc(color)}" rx="2"><title>${esc(label)}: ${n}</title></rect><text x="${labelW + w + 6}" y="${y + 14}">${n}</text>`;
    })
    .join('');
  return `<div class="chart"><h3>${esc(title)}</h3><svg role="img" aria-label="${esc(title)}" width="${labelW + barW + 50}" height="${h}" viewBox="0 0 ${labelW + barW + 50} ${h}" xmlns="http://www.w3.org/2000/svg">${bars}</svg></div>`;
}

function summarySection(report: Report, findings: Finding[]): string {
  // Counts from the one summary model (src/report/counts.ts) that text and Markdown print too.
  const model = reportCounts(report);
  const after = countBy(findings, AFTERLIFE_BUCKETS, afterlifeBucket);
  const life: [string, number][] = LIFETIME_CLASSES.map((k) => [k, model.credentialsByLifetime[k]]);
  return `<section id="summary"><h2>Summary</h2>
<div class="cards">
${card('findings', model.findings)}${card('credentials found', model.credentials)}${card('unbounded afterlife', model.unboundedCredentials, model.unboundedCredentials ? 'sev-critical' : '')}${card('files scanned', model.filesScanned)}${card('tool bindings', model.bindings)}
</div>
<h3>Findings by severity</h3>
<div class="cards">${SEVERITIES.map((s) => card(s, model.bySeverity[s], `sev-${s}`)).join('')}</div>
<h3>Credentials by lifetime class; findings by afterlife</h3>
<div class="cards">${life.filter(([, n]) => n > 0).map(([k, n]) => card(`${k} credentials`, n)).join('')}${[...after].filter(([k, n]) => n > 0 && k !== 'no credential').map(([k, n]) => card(`afterlife ${k}`, n)).join('')}</div>
<div class="charts">
${barChart('Findings by severity', SEVERITIES.map((s) => [s, model.bySeverity[s], SEVERITY_COLORS[s]!]))}
${barChart('Credentials by lifetime class', life.map(([k, n]) => [k, n, LIFETIME_COLORS[k] ?? '#868e96']))}
${barChart('Afterlife (useful after the task)', [...after].map(([k, n]) => [k, n, AFTERLIFE_COLORS[k] ?? '#868e96']))}
</div></section>`;
}

interface GraphNode {
  key: string;
  label: string;
  detail: string;
  color: string;
}
interface GraphEdge {
  from: string;
  to: string;
  scope: string;
  source: string;
}

/** Tool → credential edges from report.bindings and from findings that carry a binding. */
export function bindingGraphData(report: Report): { tools: GraphNode[]; creds: GraphNode[]; edges: GraphEdge[] } {
  const byFingerprint = new Map<string, Finding>();
  for (const f of report.findings) if (f.credential && !byFingerprint.has(f.credential.fingerprint)) byFingerprint.set(f.credential.fingerprint, f);
  const tools = new Map<string, GraphNode>();
  const creds = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const toolKey = (repo: string | undefined, tool: string, agent: string | null): string => `${repo ? repo + '/' : ''}${agent ? agent + ' › ' : ''}${tool}`;
  const addTool = (key: string): void => {
    if (!tools.has(key)) tools.set(key, { key, label: key, detail: key, color: '#495057' });
  };
  const addCred = (key: string, label: string, detail: string, cls: string): void => {
    if (!creds.has(key)) creds.set(key, { key, label, detail, color: LIFETIME_COLORS[cls] ?? '#868e96' });
  };
  const addEdge = (from: string, to: string, scope: string, source: string): void => {
    const k = `${from}\u0000${to}`;
    const prev = edges.get(k);
    // A process-scoped path wins over a task-scoped one: the graph shows the worst way a tool holds it.
    if (!prev || (prev.scope === 'task' && scope === 'process')) edges.set(k, { from, to, scope, source });
  };
  const credFromBinding = (b: Binding): [string, string, string, string] => {
    const f = b.fingerprint ? byFingerprint.get(b.fingerprint) : undefined;
    if (f?.credential) {
      const c = f.credential;
      return [`fp:${c.fingerprint}`, `${c.redacted}`, `${c.provider} ${c.type}; ${c.lifetime.class}; afterlife ${afterlifeLabel(f)}`, c.lifetime.class];
    }
    const cls = b.lifetime?.class ?? (b.scope === 'task' ? 'task-scoped' : 'unknown');
    const label = b.credentialRef ?? `(${b.source})`;
    return [`ref:${b.repository ?? ''}:${b.credentialRef ?? b.source + '@' + b.file}`, label, `${b.source} credential; ${cls}; ${b.file}:${b.line}`, cls];
  };
  for (const b of report.bindings ?? []) {
    const t = toolKey(b.repository, b.tool, b.agent);
    addTool(t);
    const [key, label, detail, cls] = credFromBinding(b);
    addCred(key, label, detail, cls);
    addEdge(t, key, b.scope, b.source);
  }
  for (const f of report.findings) {
    if (!f.binding?.tool || !f.credential) continue;
    const t = toolKey(f.context?.repository, f.binding.tool, f.binding.agent);
    addTool(t);
    const c = f.credential;
    addCred(`fp:${c.fingerprint}`, c.redacted, `${c.provider} ${c.type}; ${c.lifetime.class}; afterlife ${afterlifeLabel(f)}`, c.lifetime.class);
    addEdge(t, `fp:${c.fingerprint}`, f.binding.scope, f.binding.source);
  }
  const byLabel = (a: GraphNode, b: GraphNode): number => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
  return { tools: [...tools.values()].sort(byLabel), creds: [...creds.values()].sort(byLabel), edges: [...edges.values()] };
}

function clip(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

function bindingGraphSection(report: Report): string {
  const { tools, creds, edges } = bindingGraphData(report);
  if (tools.length === 0) return `<section id="bindings"><h2>Tool → credential bindings</h2><p class="muted">No tool bindings were found.</p></section>`;
  const shownTools = tools.slice(0, GRAPH_MAX_NODES);
  const shownCreds = creds.slice(0, GRAPH_MAX_NODES);
  const rowH = 26;
  const leftX = 10;
  const nodeW = 260;
  const rightX = 560;
  const width = rightX + nodeW + 10;
  const height = Math.max(shownTools.length, shownCreds.length) * rowH + 20;
  const ty = new Map(shownTools.map((n, i) => [n.key, i * rowH + 10]));
  const cy = new Map(shownCreds.map((n, i) => [n.key, i * rowH + 10]));
  const node = (n: GraphNode, x: number, y: number, cls: string): string =>
    `<g class="${cls}"><rect x="${x}" y="${y}" width="${nodeW}" height="${rowH - 6}" rx="4" fill="#fff" stroke="${esc(n.color)}" stroke-width="2"/><text x="${x + 8}" y="${y + 14}">${esc(clip(n.label, 38))}</text><title>${esc(n.detail)}</title></g>`;
  const paths = edges
    .filter((e) => ty.has(e.from) && cy.has(e.to))
    .map((e) => {
      const y1 = ty.get(e.from)! + (rowH - 6) / 2;
      const y2 = cy.get(e.to)! + (rowH - 6) / 2;
      const x1 = leftX + nodeW;
      const x2 = rightX;
      const mid = (x1 + x2) / 2;
      const color = e.scope === 'process' ? '#c92a2a' : '#2b8a3e';
      const dash = e.scope === 'process' ? '' : ' stroke-dasharray="6 4"';
      return `<path d="M${x1} ${y1} C${mid} ${y1} ${mid} ${y2} ${x2} ${y2}" fill="none" stroke="${color}" stroke-width="2"${dash}><title>${esc(`${e.from} → ${e.to.replace(/^(fp|ref):/, '')} (${e.source}, ${e.scope} scope)`)}</title></path>`;
    })
    .join('');
  const more =
    tools.length > shownTools.length || creds.length > shownCreds.length
      ? `<p class="note">Showing ${shownTools.length} of ${tools.length} tools and ${shownCreds.length} of ${creds.length} credentials.</p>`
      : '';
  return `<section id="bindings"><h2>Tool → credential bindings</h2>
<p class="legend">Left: tools and agents. Right: credentials (border colour = lifetime class). <span class="badge fail">solid red</span> process scope (held for the life of the process) · <span class="badge pass">dashed green</span> task scope (obtained per task).</p>
${more}<div class="graph"><svg id="binding-graph" role="img" aria-label="Tool to credential binding graph" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">${paths}${shownTools.map((n) => node(n, leftX, ty.get(n.key)!, 'tool')).join('')}${shownCreds.map((n) => node(n, rightX, cy.get(n.key)!, 'credential')).join('')}</svg></div></section>`;
}

function findingRow(f: Finding, index: number): string {
  const c = f.credential;
  const fws = uniqueFrameworks(f.frameworks ?? []);
  const where = `${f.context?.repository ? f.context.repository + ':' : ''}${f.file}:${f.line}`;
  const text = [f.ruleId, where, f.message, c?.provider, c?.type, c?.redacted, f.binding?.tool, f.binding?.agent, ...fws.map(frameworkKey), f.kind, f.severity]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
  const after = c?.afterlife;
  const afterSort = !c ? -1 : after?.unbounded ? Number.MAX_SAFE_INTEGER : (after?.seconds ?? 0);
  return `<tr${index >= HTML_PAGE_ROWS ? ' class="hidden"' : ''} data-severity="${esc(f.severity)}" data-lifetime="${esc(lifetimeClassOf(f))}" data-kind="${esc(f.kind)}" data-text="${esc(oneLine(text))}">
<td data-v="${severityRank(f.severity)}">${badge(f.severity)}</td><td class="num">${esc(f.score)}</td><td><code>${esc(f.ruleId)}</code></td><td><code>${esc(where)}</code>${originLabel(f) ? ` <span class="muted origin">${esc(originLabel(f))}</span>` : ''}${occurrencesLabel(f) ? `<br><span class="muted occurrences">${esc(occurrencesLabel(f))}</span>` : ''}${f.context?.commit ? `<br><span class="muted">commit ${esc(f.context.commit.id.slice(0, 12))}</span>` : ''}</td><td>${c ? `<code>${esc(c.redacted)}</code>` : ''}</td><td>${esc(lifetimeClassOf(f))}</td><td data-v="${afterSort}">${esc(afterlifeLabel(f))}</td><td>${esc(f.binding?.tool ?? '')}</td><td>${fws.map((r) => `<code title="${esc(r.title)}">${esc(r.id)}</code>`).join(' ')}</td><td>${esc(oneLine(f.message))}${notesOf(f).map((n) => `<br><span class="muted note">note: ${esc(n)}</span>`).join('')}${f.remediation ? `<details><summary>Fix</summary>${esc(oneLine(f.remediation))}</details>` : ''}</td></tr>`;
}

/** The findings table, one row at a time (at most HTML_MAX_ROWS, with a note saying how many were left out). */
function* findingsSectionChunks(findings: Finding[]): Generator<string> {
  const rows = findings.slice(0, HTML_MAX_ROWS);
  const lifetimes = [...new Set(findings.map(lifetimeClassOf))].sort();
  const kinds = [...new Set(findings.map((f) => f.kind))].sort();
  const note =
    findings.length > rows.length
      ? `<p class="note">Showing the ${plural(rows.length, 'most severe finding')} of ${grouped(findings.length)}; ${grouped(findings.length - rows.length)} more are left out of this page. The JSON and CSV reports (<code>--format json</code>, <code>--format csv</code>) list all of them.</p>`
      : '';
  yield `<section id="findings"><h2>Findings</h2>${note}
<div class="filters" role="search">
<input type="search" id="filter-text" placeholder="Filter by file, rule, tool, framework…" aria-label="Filter findings">
${SEVERITIES.map((s) => `<button type="button" data-filter-severity="${s}" aria-pressed="false">${s}</button>`).join('')}
<select id="filter-lifetime" aria-label="Lifetime class"><option value="">any lifetime</option>${lifetimes.map((l) => `<option value="${esc(l)}">${esc(l === '-' ? 'no credential' : l)}</option>`).join('')}</select>
<select id="filter-kind" aria-label="Finding kind"><option value="">any kind</option>${kinds.map((k) => `<option value="${esc(k)}">${esc(k)}</option>`).join('')}</select>
<span class="count" id="filter-count">${Math.min(rows.length, HTML_PAGE_ROWS)} of ${rows.length} shown</span>
</div>
<table id="findings-table"><colgroup><col class="c-sev"><col class="c-score"><col class="c-rule"><col class="c-where"><col class="c-value"><col class="c-life"><col class="c-after"><col class="c-tool"><col class="c-fw"><col class="c-what"></colgroup><thead><tr><th data-sort="num">Severity</th><th data-sort="num">Score</th><th data-sort="text">Rule</th><th data-sort="text">Where</th><th>Value</th><th data-sort="text">Lifetime</th><th data-sort="num">Afterlife</th><th data-sort="text">Tool</th><th>Frameworks</th><th>What</th></tr></thead>
<tbody>
`;
  for (let i = 0; i < rows.length; i++) yield (i ? '\n' : '') + findingRow(rows[i]!, i);
  yield `
</tbody></table>
<p class="more"><button type="button" id="show-more" data-page="${HTML_PAGE_ROWS}"${rows.length > HTML_PAGE_ROWS ? '' : ' hidden'}>Show more</button></p></section>`;
}

function controlFindingsList(findings: Finding[], open: boolean): string {
  if (findings.length === 0) return '';
  // Findings arrive sorted (formatHtml / the framework report sort once); order is kept by controlViews.
  const items = findings
    .slice(0, CONTROL_MAX_FINDINGS)
    .map(
      (f) =>
        `<li>${badge(f.severity)} <code>${esc(`${f.context?.repository ? f.context.repository + ':' : ''}${f.file}:${f.line}`)}</code> <code>${esc(f.ruleId)}</code>${f.credential ? ` <code>${esc(f.credential.redacted)}</code>` : ''} ${esc(oneLine(f.message))}</li>`,
    )
    .join('');
  const more = findings.length > CONTROL_MAX_FINDINGS ? `<li class="muted">… and ${findings.length - CONTROL_MAX_FINDINGS} more</li>` : '';
  return `<details${open && findings.length <= 10 ? ' open' : ''}><summary>${findings.length} finding(s)</summary><ul>${items}${more}</ul></details>`;
}

const STATUS_LABEL: Record<string, string> = { fail: 'FAIL', gap: 'GAP', pass: 'PASS', 'not-assessed': 'NOT ASSESSED' };

/** One framework: each control with its state and findings (pass them sorted). Shared with the framework report. */
export function frameworkSection(
  catalog: FrameworkCatalog,
  findings: readonly Finding[],
  opts: { open?: boolean; scorecard?: readonly ScorecardEntry[]; evidence?: ControlEvidence } = {},
): string {
  const views = controlViews(catalog, findings, opts.evidence);
  const n = (s: string): number => views.filter((v) => v.status === s).length;
  // Framework report: which scorecard controls speak to each framework control (from the entries' mappings).
  const sc = opts.scorecard?.length ? opts.scorecard : null;
  const scCell = (id: string): string =>
    sc
      ? `<td class="fw-scorecard">${
          entriesForControl(sc, catalog.id, id)
            .map((e) => `<div data-scorecard="${esc(e.control)}">${badge(statusOf(e))} ${esc(e.title)}</div>`)
            .join('') || '<span class="muted">–</span>'
        }</td>`
      : '';
  const rows = views
    .map(
      (v) =>
        `<tr class="fw-control" data-control="${esc(v.control.id)}" data-status="${esc(v.status)}"><td><code>${esc(v.control.id)}</code></td><td>${v.control.url && /^https:\/\//.test(v.control.url) ? `<a href="${esc(v.control.url)}" rel="noreferrer">${esc(v.control.title)}</a>` : esc(v.control.title)}${v.control.description ? `<br><span class="muted">${esc(oneLine(v.control.description))}</span>` : ''}</td><td>${badge(v.status, STATUS_LABEL[v.status])}<br><span class="muted why">${esc(v.why)}</span></td><td>${controlFindingsList(v.findings, opts.open ?? false)}</td>${scCell(v.control.id)}</tr>`,
    )
    .join('\n');
  const body = views.length
    ? `<p>${n('fail')} failing · ${n('gap')} with a scorecard gap · ${n('pass')} passing (with evidence) · ${n('not-assessed')} not assessed by credlife</p>
<table class="framework-controls"><thead><tr><th>Control</th><th>Title</th><th>State</th><th>Findings</th>${sc ? '<th>Scorecard controls</th>' : ''}</tr></thead><tbody>
${rows}
</tbody></table>`
    : `<p class="muted">No control catalog is available for this framework and no finding maps to it.</p>`;
  return `<section class="framework" id="fw-${esc(catalog.id)}" data-framework="${esc(catalog.id)}"><h2>${esc(catalog.title)}</h2>${body}</section>`;
}

export interface ScorecardHtmlOptions {
  /** Framework report: a column with this framework's controls each entry maps to. */
  framework?: { id: string; title: string; catalog?: FrameworkCatalog };
}

function evidenceList(items: ScorecardEntry['evidence'], kind: 'for' | 'against'): string {
  const list = items.filter((x) => x.kind === kind);
  if (!list.length) return '';
  return `<div class="sc-ev ${kind}"><span class="muted">${kind === 'for' ? 'For' : 'Against'}</span><ul>${list
    .map((x) => `<li data-kind="${kind}">${esc(evidenceMark(x))} <code>${esc(evidenceLabel(x))}</code> ${esc(oneLine(x.detail))}</li>`)
    .join('')}</ul></div>`;
}

/**
 * The controls scorecard: cards by status, then one row per control with its status, why, the
 * evidence for and against (file:line), the next step and, in the framework report, the framework's controls.
 * Shared with the framework report.
 */
export function scorecardSection(entries: readonly ScorecardEntry[], opts: ScorecardHtmlOptions = {}): string {
  const fw = opts.framework;
  const rows = entries
    .map((e) => {
      const st = statusOf(e);
      const evidence = sortedEvidence(e).slice(0, SCORECARD_HTML_EVIDENCE);
      const n = evidenceCounts(e);
      const more = n.for + n.against > evidence.length ? `<div class="muted">${n.for + n.against - evidence.length} more in the JSON report</div>` : '';
      const metrics = Object.entries(e.metrics ?? {})
        .filter(([k]) => k !== 'evidenceFor' && k !== 'evidenceAgainst')
        .map(([k, v]) => `${esc(k)} ${esc(v)}`)
        .join(' · ');
      const mapped = fw
        ? `<td class="sc-fw">${
            mappedControls(e, fw.id, fw.catalog)
              .map((m) => `<div data-fw-control="${esc(m.id)}"><code>${esc(m.id)}</code>${m.title ? ` ${esc(m.title)}` : ''}</div>`)
              .join('') || '<span class="muted">–</span>'
          }</td>`
        : '';
      return `<tr class="sc-control" data-control="${esc(e.control)}" data-status="${esc(st)}"><td>${esc(e.title)}<br><code>${esc(e.control)}</code></td><td>${badge(st)}</td><td>${esc(e.why)}${metrics ? `<div class="muted">${metrics}</div>` : ''}</td><td class="sc-evidence">${
        evidence.length ? evidenceList(evidence, 'against') + evidenceList(evidence, 'for') + more : '<span class="muted">no evidence either way</span>'
      }</td><td>${esc(e.next)}</td>${mapped}</tr>`;
    })
    .join('\n');
  const cards = statusCounts(entries)
    .map(([st, k]) => card(st, k, `sc-${st}`))
    .join('');
  return `<section id="scorecard" class="scorecard"><h2>Controls scorecard</h2>
<p class="muted">The five controls that keep an agent's credentials from outliving its task — per-task issuance, context binding, short TTL and revocation, tool-call logging, identity separated from secrets (docs/scorecard.md explains each) — measured from the files. Static analysis cannot prove runtime behaviour: <em>met</em> means the files show the control and nothing against it; <em>unknown</em> means there was nothing to measure.</p>
<div class="cards">${cards}</div>
<table class="scorecard-table"><thead><tr><th>Control</th><th>Status</th><th>Why</th><th>Evidence</th><th>Next step</th>${fw ? `<th>${esc(fw.title)} controls</th>` : ''}</tr></thead><tbody>
${rows}
</tbody></table></section>`;
}

function repositoriesSection(report: Report, findings: Finding[]): string {
  const repos = report.repositories ?? [];
  if (!repos.length) return '';
  const shared = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!f.credential || (f.context?.crossRepo?.repositories.length ?? 0) < 2) continue;
    const list = shared.get(f.credential.fingerprint) ?? [];
    shared.set(f.credential.fingerprint, list);
    list.push(f);
  }
  const reused = [...shared.values()];
  const reuse = reused
    .slice(0, HTML_MAX_REUSE)
    .map((list) => {
      const c = list[0]!.credential!;
      return `<tr><td><code>${esc(c.redacted)}</code> ${esc(c.provider)}</td><td>${esc(list[0]!.context!.crossRepo!.repositories.join(', '))}</td><td>${list
        .slice(0, 20)
        .map((f) => `<code>${esc(`${f.context?.repository ?? ''}:${f.file}:${f.line}`)}</code>`)
        .join('<br>')}</td></tr>`;
    })
    .join('\n');
  return `<section id="repositories"><h2>Repositories</h2>
<table><thead><tr><th>Repository</th><th>Findings</th><th>Files scanned</th><th>Gate</th></tr></thead><tbody>
${repos.map((r) => `<tr><td>${esc(r.name)}</td><td class="num">${r.findings}</td><td class="num">${r.filesScanned}</td><td>${badge(r.gateFailed ? 'fail' : 'pass', r.gateFailed ? 'FAILED' : 'PASSED')}</td></tr>`).join('\n')}
</tbody></table>
<h3>Credentials reused across repositories</h3>
${reuse ? `<table><thead><tr><th>Credential</th><th>Repositories</th><th>Where</th></tr></thead><tbody>${reuse}</tbody></table>` : '<p class="muted">No credential fingerprint appears in more than one repository.</p>'}${reused.length > HTML_MAX_REUSE ? `<p class="note">Showing ${HTML_MAX_REUSE} of ${grouped(reused.length)} shared credentials; the JSON and CSV reports list every finding with its repositories.</p>` : ''}
</section>`;
}

/** summary.incomplete, right under the verdict: every file (the list is bounded by the files scanned). */
function incompleteBlock(report: Report): string {
  const heading = incompleteHeading(report);
  if (!heading) return '';
  const { files, failed } = incompleteOf(report);
  const items = files.map((i) => `<li><code>${esc(i.file)}</code>: ${esc(i.reason)}${i.detail ? ` (${esc(i.detail)})` : ''}</li>`).join('');
  return `<div id="incomplete" class="verdict ${failed ? 'fail' : 'pass'}">${esc(heading)}<ul>${items}</ul></div>`;
}

/** Exceptions in effect (policy suppressions, inline comments, baselined findings), under the verdict. */
function exceptionsBlock(report: Report): string {
  const heading = exceptionsHeading(report);
  if (!heading) return '';
  const ex = exceptionsOf(report);
  const items = [
    ...ex.suppressed.map((x) => `<li>${esc(suppressionLabel(x))}</li>`),
    ...ex.baselined.slice(0, HTML_EXCEPTIONS).map((b) => `<li>baselined <code>${esc(`${b.file}:${b.line}`)}</code> ${esc(b.ruleId)} (${esc(b.severity)})</li>`),
  ];
  if (ex.baselined.length > HTML_EXCEPTIONS) items.push(`<li>… ${ex.baselined.length - HTML_EXCEPTIONS} more baselined (the JSON report lists them)</li>`);
  return `<details id="exceptions" class="verdict"><summary>${esc(heading)}</summary><ul>${items.join('')}</ul></details>`;
}

/** Baselined findings listed in the HTML exceptions block. */
const HTML_EXCEPTIONS = 500;

export function reportHeader(report: Report, title: string): string {
  const gate = report.summary?.gate;
  const verdict = gate
    ? `<div class="verdict ${gate.failed ? 'fail' : 'pass'}">${gate.failed ? `Gate failed: ${esc(gate.reasons.join('; '))}` : `Gate passed (fail on ${esc(gate.failOn)})`}</div>`
    : '';
  const what = report.repositories?.length ? `${report.repositories.length} repositories` : esc(report.repository ?? report.root);
  return `<h1>${esc(title)}</h1><div class="meta">${what} · task window ${esc(formatDuration(report.taskWindowSeconds ?? 0))} · credlife ${esc(report.tool?.version ?? '')}</div>${verdict}${incompleteBlock(report)}${exceptionsBlock(report)}`;
}

export function reportFooter(report: Report, ctx?: FormatContext): string {
  return `If a secret would still be useful after the task has ended, it is too long-lived for an autonomous workload. · credlife ${esc(report.tool?.version ?? '')}${ctx?.generatedAt ? ` · generated ${esc(ctx.generatedAt)}` : ''} · report ${esc(sha256Hex(JSON.stringify(report.findings.map((f) => [f.ruleId, f.file, f.line]))).slice(0, 12))}`;
}

export function formatHtml(report: Report, ctx?: FormatContext): string {
  return [...formatHtmlChunks(report, ctx)].join('');
}

/** The same page as formatHtml, in pieces: the findings table is written row by row. */
export function* formatHtmlChunks(report: Report, ctx?: FormatContext): Generator<string> {
  const findings = sortFindings(report.findings ?? []);
  const catalogs = ctx?.frameworks ?? defaultFrameworkCatalogs();
  const nav = `<nav class="muted">Jump to: <a href="#summary">Summary</a>${report.scorecard?.length ? ' · <a href="#scorecard">Scorecard</a>' : ''} · <a href="#bindings">Bindings</a> · <a href="#findings">Findings</a> · ${REPORT_FRAMEWORKS.map((id) => `<a href="#fw-${id}">${esc(catalogFor(id, catalogs, findings).title)}</a>`).join(' · ')}</nav>`;
  const body = function* (): Generator<string> {
    const before = [nav, summarySection(report, findings), report.scorecard?.length ? scorecardSection(report.scorecard) : '', repositoriesSection(report, findings), bindingGraphSection(report)];
    yield before.filter(Boolean).join('\n') + '\n';
    yield* findingsSectionChunks(findings);
    yield `\n<div id="frameworks">${REPORT_FRAMEWORKS.map((id) => frameworkSection(catalogFor(id, catalogs, findings), findings, { evidence: { scorecard: report.scorecard, filesScanned: report.summary?.filesScanned } })).join('\n')}</div>`;
  };
  yield* htmlPageChunks('credlife report', reportHeader(report, 'credlife: credential afterlife report'), body(), reportFooter(report, ctx));
}
