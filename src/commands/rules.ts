// `credlife rules [--framework X] [--kind K] [--format text|json|markdown]`: every rule credlife ships (credential
// rules and checks), the framework controls a typical finding of each maps to, and the framework catalogs themselves.
// The markdown format is the generated reference in docs/rules.md (a test keeps the two equal).
import { Option, type Command } from 'commander';
import { UsageError } from '../model/errors.js';
import type { FrameworkRef } from '../model/report.js';
import { parseDuration } from '../model/units.js';
import { loadRuleCatalog, type RuleCatalog } from '../score/catalog.js';
import { loadDefaultFrameworks } from '../score/index.js';
import { FINDING_KINDS, type Framework, type MappingWhen } from '../score/frameworks.js';
import { explainRule } from '../score/explain.js';

const RULES_FORMATS = ['text', 'json', 'markdown'] as const;

export interface RulesOptions {
  framework?: string;
  kind?: string;
  format?: string;
  taskWindow?: string;
}

export interface RulesDeps {
  catalog?: RuleCatalog;
  frameworks?: Framework[];
  now?: number;
}

export function register(program: Command): void {
  program
    .command('rules')
    .description('list rules and their framework mappings (OWASP ASI / NHI / LLM, CSA MAESTRO, NIST, CWE)')
    .option('--framework <id>', 'only this framework: an id (owasp-nhi-2025) or a family (ASI, NHI, LLM, MAESTRO, NIST, CWE)')
    .addOption(new Option('--kind <kind>', 'only rules of this finding kind').choices([...FINDING_KINDS]))
    .addOption(new Option('--format <format>', 'output format').choices([...RULES_FORMATS]).default('text'))
    .option('--task-window <duration>', 'task window for the typical scores shown (default 15m)', '15m')
    .action((opts: RulesOptions) => {
      process.stdout.write(runRules(opts));
    });
}

interface RuleRow {
  id: string;
  kind: string;
  provider: string;
  title: string;
  lifetime: string | null;
  lifetimeNote: string | null;
  /** The provider page the lifetime facts come from. */
  lifetimeSource: string | null;
  tags: string[];
  typicalScore: number;
  typicalSeverity: string;
  frameworks: FrameworkRef[];
  remediationUrl: string | null;
}

/** The whole command as a function: returns what to print, throws UsageError (exit 2). */
export function runRules(opts: RulesOptions, deps: RulesDeps = {}): string {
  const format = opts.format ?? 'text';
  if (!RULES_FORMATS.includes(format as never)) throw new UsageError(`unknown format "${format}"`, `use one of: ${RULES_FORMATS.join(', ')}`);
  if (opts.kind !== undefined && !FINDING_KINDS.includes(opts.kind as never)) {
    throw new UsageError(`unknown kind "${opts.kind}"`, `use one of: ${FINDING_KINDS.join(', ')}`);
  }
  const taskWindowSeconds = parseDuration(opts.taskWindow ?? '15m', '--task-window');
  const catalog = deps.catalog ?? loadRuleCatalog();
  const all = deps.frameworks ?? loadDefaultFrameworks();
  const selected = selectFrameworks(all, opts.framework);
  const keep = new Set(selected.map((f) => f.id));
  const ctx = { catalog, frameworks: all, taskWindowSeconds, now: deps.now ?? Date.now() };

  const rows: RuleRow[] = [...catalog.rules.values()]
    .filter((r) => !opts.kind || r.kind === opts.kind)
    .sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind) || a.id.localeCompare(b.id))
    .map((r) => {
      const e = explainRule(r, ctx);
      return {
        id: r.id,
        kind: r.kind,
        provider: r.provider,
        title: r.title,
        lifetime: r.lifetime?.class ?? null,
        lifetimeNote: r.lifetime?.note ?? null,
        lifetimeSource: r.lifetime?.source ?? null,
        tags: r.tags,
        typicalScore: e.typical.score,
        typicalSeverity: e.typical.severity,
        frameworks: e.frameworks.filter((x) => keep.has(x.framework)),
        remediationUrl: e.remediationUrl,
      };
    });

  if (format === 'json') {
    const frameworks = selected.map(({ source: _source, ...fw }) => fw);
    return JSON.stringify({ taskWindowSeconds, frameworks, rules: rows }, null, 2) + '\n';
  }
  if (format === 'markdown') return markdownAll(rows);
  return opts.framework ? textForFramework(selected, rows) : textAll(rows);
}

function selectFrameworks(all: Framework[], wanted: string | undefined): Framework[] {
  if (!wanted) return all;
  const w = wanted.trim().toLowerCase();
  const hit = all.filter((f) => f.id.toLowerCase() === w || f.family.toLowerCase() === w);
  if (hit.length === 0) {
    const shown = /^[a-z0-9-]{1,40}$/.test(w) ? `unknown framework "${wanted}"` : 'unknown framework';
    throw new UsageError(shown, `use one of: ${all.map((f) => f.id).join(', ')} (or a family: ${[...new Set(all.map((f) => f.family))].join(', ')})`);
  }
  return hit;
}

function kindOrder(kind: string): number {
  return kind === 'secret' ? 0 : kind === 'binding' ? 1 : 2;
}

function textAll(rows: RuleRow[]): string {
  const lines: string[] = [`${rows.length} rules (typical score for a typical finding; "credlife explain <id>" for details)`, ''];
  for (const r of rows) {
    lines.push(`${r.id}  [${r.kind}${r.lifetime ? `, ${r.lifetime}` : ''}]  typical ${r.typicalScore} ${r.typicalSeverity}  — ${r.title}`);
    lines.push(`    ${groupRefs(r.frameworks)}`);
  }
  return lines.join('\n') + '\n';
}

function textForFramework(frameworks: Framework[], rows: RuleRow[]): string {
  const lines: string[] = [];
  for (const fw of frameworks) {
    lines.push(`${fw.title} ${fw.version} (${fw.id}, family ${fw.family})`, `  ${fw.url}`, '');
    for (const c of fw.controls) {
      const ruleIds = rows.filter((r) => r.frameworks.some((x) => x.framework === fw.id && x.id === c.id)).map((r) => r.id);
      const whens = fw.mappings.filter((m) => m.control === c.id).map((m) => describeWhen(m.when));
      lines.push(`  ${c.id}  ${c.title}`);
      if (whens.length) lines.push(`      when: ${whens.join(' | ')}`);
      lines.push(`      rules (typical findings): ${ruleIds.length ? ruleIds.join(', ') : '-'}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

function describeWhen(when: MappingWhen): string {
  const parts = Object.entries(when).filter(([, v]) => v?.length).map(([k, v]) => `${k}=${v!.join('/')}`);
  return parts.length ? parts.join(' & ') : 'always';
}

function groupRefs(refs: FrameworkRef[]): string {
  const by = new Map<string, string[]>();
  for (const r of refs) by.set(r.framework, [...(by.get(r.framework) ?? []), r.id]);
  return [...by].map(([fw, ids]) => `${fw}: ${ids.join(', ')}`).join('  ·  ') || '(no mappings)';
}

const KIND_HEADINGS: Record<string, string> = {
  secret: 'Credential rules (`kind: secret`)',
  binding: 'Binding checks (`kind: binding`)',
  config: 'Configuration checks (`kind: config`)',
};

/** The rules reference: one table per kind, an anchor per rule id (SARIF helpUri links to docs/rules.md#<id>). */
function markdownAll(rows: RuleRow[]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
  const lines: string[] = [`${rows.length} rules. Typical score and severity are those of a typical finding of the rule (literal, committed, no mitigations); \`credlife explain <id>\` shows the factors.`];
  for (const kind of ['secret', 'binding', 'config']) {
    const of = rows.filter((r) => r.kind === kind);
    if (of.length === 0) continue;
    lines.push('', `### ${KIND_HEADINGS[kind] ?? kind}`, '', '| Rule | What it finds | Lifetime | Typical | Frameworks |', '|---|---|---|---|---|');
    for (const r of of) {
      const source = r.lifetimeSource ? `[source](${r.lifetimeSource})` : '';
      const why = [r.lifetimeNote ? cell(r.lifetimeNote) : '', source].filter(Boolean).join(', ');
      const lifetime = r.lifetime ? `${r.lifetime}${why ? ` (${why})` : ''}` : '—';
      const what = r.remediationUrl ? `${cell(r.title)} ([remediation](${r.remediationUrl}))` : cell(r.title);
      const fw = shortRefs(r.frameworks);
      lines.push(`| <a id="${r.id}"></a>\`${r.id}\` | ${what} | ${lifetime} | ${r.typicalScore} ${r.typicalSeverity} | ${fw} |`);
    }
  }
  return lines.join('\n') + '\n';
}

/** ASI03 · NHI2, NHI7 · …: the ids only, grouped by framework, CWE last as in the report. */
function shortRefs(refs: FrameworkRef[]): string {
  const by = new Map<string, string[]>();
  for (const r of refs) by.set(r.framework, [...(by.get(r.framework) ?? []), r.id]);
  return [...by.values()].map((ids) => ids.join(', ')).join(' · ') || '—';
}
