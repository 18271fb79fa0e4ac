// `credlife explain <ruleId|fingerprint>`: what a rule detects, why it matters under the afterlife rule, the
// provider's lifetime facts, the framework controls and the remediation; or, with --report, the findings of a
// JSON report that carry a credential fingerprint. See docs/frameworks.md ("explain and rules").
import fs from 'node:fs';
import { Option, type Command } from 'commander';
import { UsageError } from '../model/errors.js';
import { LIFETIME_CLASSES, SEVERITIES, type BindingSource, type Finding, type LifetimeClass, type Severity } from '../model/report.js';
import { parseDuration } from '../model/units.js';
import { loadRuleCatalog, type RuleCatalog } from '../score/catalog.js';
import { loadDefaultFrameworks } from '../score/index.js';
import type { Framework } from '../score/frameworks.js';
import {
  explainRule,
  findingsByFingerprint,
  formatFindingExplanation,
  formatRuleExplanation,
  type RuleExplanation,
} from '../score/explain.js';

export interface ExplainOptions {
  report?: string;
  format?: string;
  taskWindow?: string;
}

export interface ExplainDeps {
  catalog?: RuleCatalog;
  frameworks?: Framework[];
  now?: number;
}

/** Shortest fingerprint prefix accepted (fp1: plus 8 characters), so a lookup cannot match by accident. */
const MIN_FINGERPRINT_PREFIX = 12;
const RULE_ID_SHAPE = /^[a-z0-9][a-z0-9-]{0,80}$/;

export function register(program: Command): void {
  program
    .command('explain')
    .description('explain rules, or the findings of a JSON report with a given credential fingerprint')
    .argument('<ruleId|fingerprint...>', 'rule ids (see "credlife rules") or finding fingerprints (fp1:…, with --report)')
    .option('--report <file>', 'JSON report (credlife scan --format json) to look fingerprints up in')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--task-window <duration>', 'task window for the afterlife shown (default 15m)', '15m')
    .addHelpText(
      'after',
      '\nExamples:\n  credlife explain github-classic-pat\n  credlife scan . --format json -o report.json && credlife explain fp1:AbC123xyZ --report report.json\n',
    )
    .action((args: string[], opts: ExplainOptions) => {
      process.stdout.write(runExplain(args, opts));
    });
}

/** The whole command as a function: returns what to print, throws UsageError (exit 2). */
export function runExplain(args: string | string[], opts: ExplainOptions, deps: ExplainDeps = {}): string {
  const format = opts.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format "${format}"`, 'use text or json');
  const taskWindowSeconds = parseDuration(opts.taskWindow ?? '15m', '--task-window');
  const catalog = deps.catalog ?? loadRuleCatalog();
  const frameworks = deps.frameworks ?? loadDefaultFrameworks();
  const ctx = { catalog, frameworks, taskWindowSeconds, now: deps.now ?? Date.now() };
  const ids = (Array.isArray(args) ? args : [args]).map((a) => a.trim());
  if (ids.length === 0) throw new UsageError('nothing to explain', 'give a rule id (see "credlife rules") or a fingerprint with --report');

  let reportFindings: Finding[] | undefined;
  const report = (): Finding[] => (reportFindings ??= readReportFindings(opts.report!));
  const explanations = new Map<string, RuleExplanation>();
  const explain = (ruleId: string) => {
    const info = catalog.rules.get(ruleId);
    if (info && !explanations.has(ruleId)) explanations.set(ruleId, explainRule(info, ctx));
  };
  const sections: Section[] = [];

  for (const id of ids) {
    if (catalog.rules.has(id)) {
      explain(id);
      if (opts.report) sections.push({ title: `Findings of ${id} in the report`, findings: report().filter((f) => f.ruleId === id) });
      continue;
    }
    if (id.startsWith('fp1:')) {
      if (!opts.report) {
        throw new UsageError('a fingerprint needs the report it came from', 'pass --report FILE (a report written by credlife scan --format json)');
      }
      if (id.length < MIN_FINGERPRINT_PREFIX) {
        throw new UsageError('fingerprint prefix too short', `give at least ${MIN_FINGERPRINT_PREFIX - 4} characters after "fp1:"`);
      }
      const findings = findingsByFingerprint(report(), id);
      if (findings.length === 0) throw new UsageError(`no finding with fingerprint ${id} in ${opts.report}`, 'copy the fingerprint from the same report');
      for (const f of findings) explain(f.ruleId);
      sections.push({ title: `Findings with fingerprint ${id}`, findings });
      continue;
    }
    // Never echo an argument that is not shaped like a rule id: it might be a secret pasted by mistake.
    const shown = RULE_ID_SHAPE.test(id) ? `unknown rule id "${id}"` : 'an argument is neither a rule id nor a fingerprint (fp1:…)';
    throw new UsageError(shown, 'run "credlife rules" for the list of rule ids');
  }

  const rules = [...explanations.values()];
  if (format === 'json') {
    const findings = sections.flatMap((s) => s.findings);
    return JSON.stringify({ query: ids, rules, ...(opts.report ? { findings: [...new Set(findings)] } : {}) }, null, 2) + '\n';
  }
  const parts = sections.map((s) =>
    s.findings.length ? `${s.title} (${s.findings.length}):\n\n${s.findings.map(formatFindingExplanation).join('\n')}` : `${s.title}: none.\n`,
  );
  parts.push(...rules.map(formatRuleExplanation));
  return parts.join('\n');
}

interface Section {
  title: string;
  findings: Finding[];
}

/** Findings of a JSON report; a file that is not one is a usage error, never a crash. */
export function readReportFindings(file: string): Finding[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read report ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, 'write one with credlife scan --format json -o FILE');
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new UsageError(`${file} is not a JSON report`, 'write one with credlife scan --format json -o FILE');
  }
  const findings = (doc as { findings?: unknown })?.findings;
  if (!Array.isArray(findings)) throw new UsageError(`${file} has no "findings" list`, 'write one with credlife scan --format json -o FILE');
  return findings.map(normalizeFinding).filter((f): f is Finding => f !== null);
}

/**
 * A report finding in a shape the formatters can rely on: a report is a file on disk that anyone may have edited,
 * so every field is checked and anything malformed is dropped or defaulted, never trusted.
 */
export function normalizeFinding(raw: unknown): Finding | null {
  if (!isRecord(raw) || typeof raw.ruleId !== 'string' || typeof raw.file !== 'string') return null;
  const str = (v: unknown, d = ''): string => (typeof v === 'string' ? v : d);
  const num = (v: unknown, d = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);
  const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const kind = raw.kind === 'binding' || raw.kind === 'config' ? raw.kind : 'secret';
  const severity = SEVERITIES.includes(raw.severity as Severity) ? (raw.severity as Severity) : 'info';
  const f: Finding = {
    ruleId: raw.ruleId,
    kind,
    severity,
    score: num(raw.score),
    file: raw.file,
    line: num(raw.line, 1),
    column: num(raw.column, 1),
    message: str(raw.message),
    factors: (Array.isArray(raw.factors) ? raw.factors : []).filter(isRecord).map((x) => ({
      name: str(x.name, '?'),
      effect: num(x.effect),
      ...(typeof x.detail === 'string' ? { detail: x.detail } : {}),
    })),
    frameworks: (Array.isArray(raw.frameworks) ? raw.frameworks : []).filter(isRecord).map((x) => ({
      framework: str(x.framework, '?'),
      id: str(x.id, '?'),
      title: str(x.title),
      ...(typeof x.url === 'string' ? { url: x.url } : {}),
    })),
    remediation: str(raw.remediation),
    ...(typeof raw.remediationUrl === 'string' ? { remediationUrl: raw.remediationUrl } : {}),
  };
  const c = raw.credential;
  if (isRecord(c) && typeof c.fingerprint === 'string') {
    const l = isRecord(c.lifetime) ? c.lifetime : {};
    const a = isRecord(c.afterlife) ? c.afterlife : {};
    f.credential = {
      provider: str(c.provider, '?'),
      type: str(c.type, '?'),
      fingerprint: c.fingerprint,
      redacted: str(c.redacted),
      lifetime: {
        class: LIFETIME_CLASSES.includes(l.class as LifetimeClass) ? (l.class as LifetimeClass) : 'unknown',
        ttlSeconds: numOrNull(l.ttlSeconds),
        expiresAt: typeof l.expiresAt === 'string' ? l.expiresAt : null,
      },
      afterlife: { unbounded: a.unbounded === true, seconds: a.unbounded === true ? null : numOrNull(a.seconds) },
    };
  }
  const b = raw.binding;
  if (isRecord(b)) {
    f.binding = {
      tool: typeof b.tool === 'string' ? b.tool : null,
      agent: typeof b.agent === 'string' ? b.agent : null,
      source: str(b.source, 'literal') as BindingSource,
      scope: b.scope === 'task' ? 'task' : 'process',
    };
  }
  return f;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
