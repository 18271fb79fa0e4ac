// `credlife explain <ruleId|fingerprint>`: what a rule detects, why it matters under the afterlife rule, the
// provider's lifetime facts, the framework controls and the remediation; or, with --report, the findings of a
// JSON report that carry a credential fingerprint. See docs/frameworks.md ("explain and rules").
import fs from 'node:fs';
import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';
import type { Finding } from '../types.js';
import { parseDuration } from '../util/units.js';
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
  return findings.filter(
    (f): f is Finding =>
      typeof f === 'object' && f !== null && typeof (f as Finding).ruleId === 'string' && typeof (f as Finding).file === 'string',
  ).map((f) => ({ ...f, factors: Array.isArray(f.factors) ? f.factors : [], frameworks: Array.isArray(f.frameworks) ? f.frameworks : [] }));
}
