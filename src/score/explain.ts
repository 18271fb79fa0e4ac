// What `credlife explain` and `credlife rules` say about a rule: built from the rule catalog, the scoring model
// and the framework mappings, so the explanation can never disagree with what a scan reports. Pure functions.
import type { Finding, FrameworkRef, Lifetime, Severity } from '../model/report.js';
import { afterlifeOf, formatAfterlife, formatDuration } from '../lifetime/afterlife.js';
import type { RuleCatalog, RuleInfo } from './catalog.js';
import type { Framework } from './frameworks.js';
import { scoreFinding } from './index.js';

export interface RuleExplanation {
  id: string;
  kind: RuleInfo['kind'];
  provider: string;
  title: string;
  source: string;
  detects: string;
  whyItMatters: string;
  lifetime: {
    class: string;
    ttlSeconds: number | null;
    note: string | null;
    /** The provider page the lifetime facts come from. */
    source: string | null;
    /** Afterlife at the given task window, as the scan would compute it. */
    afterlife: { unbounded: boolean; seconds: number | null };
    taskWindowSeconds: number;
  } | null;
  /** The score of a typical finding of this rule (secrets: committed literal; bindings: env at process scope). */
  typical: { scenario: string; score: number; severity: Severity; factors: { name: string; effect: number; detail?: string }[] };
  frameworks: FrameworkRef[];
  tags: string[];
  remediation: string;
  remediationUrl: string | null;
}

export interface ExplainContext {
  catalog: RuleCatalog;
  frameworks: Framework[];
  taskWindowSeconds: number;
  /** The clock (the command's; fixed in tests so explanations are reproducible). */
  now: number;
}

const TYPICAL_SCENARIO: Record<RuleInfo['kind'], string> = {
  secret: 'the value committed to git, no binding information',
  binding: 'a tool reading it from an environment variable at process scope',
  config: 'the setting as found, no other signals',
};

/** A representative finding of this rule: what `explain` scores and `rules` maps. */
export function typicalFinding(rule: RuleInfo, taskWindowSeconds: number, now: number): Finding {
  const lifetime: Lifetime | undefined = rule.lifetime
    ? { class: rule.lifetime.class, ttlSeconds: rule.lifetime.ttlSeconds, expiresAt: null, ...(rule.lifetime.note ? { note: rule.lifetime.note } : {}) }
    : undefined;
  const base: Finding = {
    ruleId: rule.id,
    kind: rule.kind,
    severity: 'info',
    score: 0,
    file: '(typical)',
    line: 1,
    column: 1,
    message: rule.title,
    factors: [],
    frameworks: [],
    remediation: '',
    context: { tags: [...rule.tags] },
  };
  if (rule.kind === 'secret') {
    const l = lifetime ?? { class: 'unknown' as const, ttlSeconds: null, expiresAt: null };
    base.credential = {
      provider: rule.provider,
      type: rule.title,
      fingerprint: 'fp1:typical',
      redacted: '…',
      lifetime: l,
      afterlife: afterlifeOf(l, taskWindowSeconds, now),
    };
    base.context = { ...base.context, exposure: 'committed' };
  } else {
    if (lifetime) {
      base.lifetime = lifetime;
      base.afterlife = afterlifeOf(lifetime, taskWindowSeconds, now);
    }
    if (rule.kind === 'binding') base.binding = { tool: 'tool', agent: null, source: 'env', scope: 'process' };
  }
  return base;
}

export function explainRule(rule: RuleInfo, ctx: ExplainContext): RuleExplanation {
  const now = ctx.now;
  const f = scoreFinding(typicalFinding(rule, ctx.taskWindowSeconds, now), {
    taskWindowSeconds: ctx.taskWindowSeconds,
    now,
    catalog: ctx.catalog,
    frameworks: ctx.frameworks,
  });
  const afterlife = f.credential?.afterlife ?? f.afterlife ?? null;
  return {
    id: rule.id,
    kind: rule.kind,
    provider: rule.provider,
    title: rule.title,
    source: rule.source,
    detects: rule.description,
    whyItMatters: whyItMatters(rule, ctx.taskWindowSeconds, afterlife),
    lifetime: rule.lifetime
      ? {
          class: rule.lifetime.class,
          ttlSeconds: rule.lifetime.ttlSeconds,
          note: rule.lifetime.note ?? null,
          source: rule.lifetime.source ?? null,
          afterlife: afterlife ?? { unbounded: true, seconds: null },
          taskWindowSeconds: ctx.taskWindowSeconds,
        }
      : null,
    typical: { scenario: TYPICAL_SCENARIO[rule.kind], score: f.score, severity: f.severity, factors: f.factors },
    frameworks: f.frameworks,
    tags: rule.tags,
    remediation: f.remediation,
    remediationUrl: f.remediationUrl ?? null,
  };
}

function whyItMatters(rule: RuleInfo, window: number, afterlife: { unbounded: boolean; seconds: number | null } | null): string {
  const task = `a ${formatDuration(window)} task`;
  const rulePrefix = 'The rule: if a secret would still be useful after the task has ended, it is too long-lived for an autonomous workload.';
  const l = rule.lifetime;
  let life: string;
  if (!l) {
    life = 'credlife cannot see how long the credential lives, so it cannot show that it ends with the task.';
  } else if (l.class === 'static') {
    life = `It never expires: it stays useful after every task ends (afterlife: unbounded), for anyone who copies it, until someone rotates it by hand.`;
  } else if (l.class === 'long-lived') {
    life = l.ttlSeconds
      ? `It expires after ${formatDuration(l.ttlSeconds)}, so after ${task} it stays useful for ${formatAfterlife(afterlife ?? { unbounded: true, seconds: null })}.`
      : 'It can expire, but commonly does not, and nothing in the files says when; credlife counts its afterlife as unbounded.';
  } else if (l.class === 'short-lived') {
    life = `It expires within ${formatDuration(l.ttlSeconds ?? 86400)}, so after ${task} it stays useful for ${formatAfterlife(afterlife ?? { unbounded: false, seconds: 0 })}: short, but not zero. Minting it per task with a TTL under the task window closes the gap.`;
  } else if (l.class === 'task-scoped') {
    life = 'It is minted per task; when its TTL fits inside the task window its afterlife is zero, which is what the rule asks for.';
  } else {
    life = 'Its lifetime is unknown; nothing shows that it ever expires, so credlife counts its afterlife as unbounded.';
  }
  const binding =
    rule.kind === 'binding'
      ? ' The tool holds it for the life of the process, not the task: every later task, including a hijacked one, can use it.'
      : rule.kind === 'config'
        ? ' The setting applies to every credential it issues, so each of them outlives its task.'
        : '';
  return `${rulePrefix} ${life}${binding}`;
}

/** Findings in a JSON report whose credential fingerprint is `fp` (or starts with it). */
export function findingsByFingerprint(findings: readonly Finding[], fp: string): Finding[] {
  return findings.filter((f) => typeof f.credential?.fingerprint === 'string' && f.credential.fingerprint.startsWith(fp));
}

// ---------- text rendering ----------

export function formatRuleExplanation(e: RuleExplanation): string {
  const lines: string[] = [];
  lines.push(`${e.id} — ${e.title}`);
  lines.push(`  kind: ${e.kind}   provider/family: ${e.provider}   defined in: ${e.source}`);
  lines.push('');
  lines.push('What it detects');
  lines.push(indent(e.detects));
  lines.push('');
  lines.push('Why it matters (the afterlife rule)');
  lines.push(indent(e.whyItMatters));
  if (e.lifetime) {
    lines.push('');
    lines.push('Lifetime');
    lines.push(`  class: ${e.lifetime.class}`);
    lines.push(`  TTL: ${e.lifetime.ttlSeconds === null ? 'none known' : formatDuration(e.lifetime.ttlSeconds)}`);
    if (e.lifetime.note) lines.push(`  note: ${e.lifetime.note}`);
    if (e.lifetime.source) lines.push(`  source: ${e.lifetime.source}`);
    lines.push(`  afterlife with a ${formatDuration(e.lifetime.taskWindowSeconds)} task window: ${formatAfterlife(e.lifetime.afterlife)}`);
  }
  lines.push('');
  lines.push(`Typical score: ${e.typical.score} (${e.typical.severity}) — ${e.typical.scenario}`);
  for (const f of e.typical.factors) lines.push(`  ${signed(f.effect).padStart(4)}  ${f.name}${f.detail ? `: ${f.detail}` : ''}`);
  lines.push('');
  lines.push('Framework controls (typical finding; each report finding lists its own)');
  lines.push(...formatFrameworkRefs(e.frameworks));
  lines.push('');
  lines.push('Remediation');
  lines.push(indent(e.remediation));
  if (e.remediationUrl) lines.push(`  ${e.remediationUrl}`);
  return lines.join('\n') + '\n';
}

export function formatFindingExplanation(f: Finding): string {
  const lines: string[] = [];
  const where = `${f.file}:${f.line}:${f.column}`;
  lines.push(`${where}  ${f.severity} ${f.score}  ${f.ruleId}`);
  if (f.message) lines.push(`  ${f.message}`);
  if (f.credential) {
    const c = f.credential;
    lines.push(`  credential: ${c.provider} ${c.type} ${c.redacted}  lifetime: ${c.lifetime.class}  afterlife: ${formatAfterlife(c.afterlife)}`);
  }
  if (f.binding) lines.push(`  binding: ${f.binding.tool ?? '-'} via ${f.binding.source} at ${f.binding.scope} scope`);
  lines.push('  score factors:');
  for (const x of f.factors ?? []) lines.push(`    ${signed(x.effect).padStart(4)}  ${x.name}${x.detail ? `: ${x.detail}` : ''}`);
  lines.push(`  = ${f.score}`);
  if (f.frameworks?.length) {
    lines.push('  framework controls:');
    lines.push(...formatFrameworkRefs(f.frameworks).map((l) => `  ${l}`));
  }
  if (f.remediation) lines.push(`  remediation: ${f.remediation}`);
  if (f.remediationUrl) lines.push(`  ${f.remediationUrl}`);
  return lines.join('\n') + '\n';
}

export function formatFrameworkRefs(refs: readonly FrameworkRef[]): string[] {
  const by = new Map<string, FrameworkRef[]>();
  for (const r of refs) by.set(r.framework, [...(by.get(r.framework) ?? []), r]);
  if (by.size === 0) return ['  (none)'];
  return [...by].map(([fw, list]) => `  ${fw}: ${list.map((r) => `${r.id} ${r.title}`).join('; ')}`);
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

function indent(text: string): string {
  return wrap(text, 96).map((l) => `  ${l}`).join('\n');
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}
