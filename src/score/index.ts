// Score, severity, factors, framework mappings and default remediation for every finding (docs/scoring.md).
// The model is in ./model.ts and docs/scoring.md; mappings are data in rules/frameworks (./frameworks.ts).
import path from 'node:path';
import type { Afterlife, Finding, Lifetime } from '../model/report.js';
import { ConfigError } from '../model/errors.js';
import type { CredentialRule } from '../detect/rule-types.js';
import { afterlifeOf, isExpired } from '../lifetime/afterlife.js';
import { rulesDir as shippedRulesDir } from '../ruleset/paths.js';
import { loadRuleCatalog, type RuleCatalog, type RuleInfo } from './catalog.js';
import { FrameworkLoadError, loadFrameworks, mapFacts, type AfterlifeBand, type Framework } from './frameworks.js';
import { computeFactors, severityOf, total, type ScoreFacts } from './model.js';

export { severityOf, computeFactors, FACTOR_NAMES, SEVERITY_THRESHOLDS, WEIGHTS } from './model.js';
export { loadFrameworks, REQUIRED_FRAMEWORKS, FRAMEWORK_FAMILIES, type Framework } from './frameworks.js';
export { loadRuleCatalog, type RuleCatalog, type RuleInfo } from './catalog.js';

export interface ScoreOptions {
  taskWindowSeconds: number;
  /** The scan's clock, for expiry checks (injected: the engine never reads the time itself). */
  now: Date | number;
  /** rules/ folder holding credentials/, checks/ and frameworks/ (default: the one shipped with credlife). */
  rulesDir?: string;
  /** The credential rules the scan already loaded (src/detect `loadCredentialRules(...).rules`, custom rules
   *  included): their tags, lifetime and remediation feed scoring without reading rules/credentials again. */
  credentialRules?: readonly CredentialRule[];
  /** Preloaded data (tests, long-running callers). */
  catalog?: RuleCatalog;
  frameworks?: Framework[];
}

const frameworkCache = new Map<string, Framework[]>();

/** The framework files under `rulesDir` (loaded once; a broken file is a ConfigError, exit 2). */
export function loadDefaultFrameworks(rulesDir: string = shippedRulesDir()): Framework[] {
  const hit = frameworkCache.get(rulesDir);
  if (hit) return hit;
  try {
    const frameworks = loadFrameworks(path.join(rulesDir, 'frameworks'));
    frameworkCache.set(rulesDir, frameworks);
    return frameworks;
  } catch (e) {
    if (e instanceof FrameworkLoadError) throw new ConfigError(`framework mappings: ${e.message}`, 'fix the file under rules/frameworks');
    throw e;
  }
}

/** Fill score, severity, factors, frameworks (and a default remediation) on every finding. */
export function scoreFindings(findings: Finding[], opts: ScoreOptions): Finding[] {
  const rulesDir = opts.rulesDir ?? shippedRulesDir();
  const catalog = opts.catalog ?? loadRuleCatalog(rulesDir, opts.credentialRules);
  const frameworks = opts.frameworks ?? loadDefaultFrameworks(rulesDir);
  for (const f of findings) scoreFinding(f, { taskWindowSeconds: opts.taskWindowSeconds, now: opts.now, catalog, frameworks });
  return findings;
}

export interface ScoreOneOptions {
  taskWindowSeconds: number;
  now: Date | number;
  catalog: RuleCatalog;
  frameworks: Framework[];
}

/** Score one finding in place (and return it). */
export function scoreFinding(f: Finding, opts: ScoreOneOptions): Finding {
  const rule = opts.catalog.rules.get(f.ruleId);
  const facts = scoreFacts(f, rule, opts);
  const factors = computeFactors(facts);
  f.factors = factors;
  f.score = total(factors);
  f.severity = severityOf(f.score);
  f.frameworks = mapFacts(
    {
      kind: f.kind,
      ruleId: f.ruleId,
      lifetimeClass: facts.lifetimeClass,
      afterlife: facts.expired ? 'none' : afterlifeBand(facts.afterlife),
      exposure: f.context?.exposure ?? null,
      tags: facts.tags,
      factors: factors.map((x) => x.name),
    },
    opts.frameworks,
  );
  if (!f.remediation?.trim()) f.remediation = rule?.remediation || genericRemediation(f);
  if (!f.remediationUrl) {
    // The finding's own rule first: several rules share one remediation text but link their own provider page.
    const url = (rule?.remediation === f.remediation ? rule.remediationUrl : undefined) ?? opts.catalog.urlByRemediation?.get(f.remediation.trim()) ?? rule?.remediationUrl;
    if (url) f.remediationUrl = url;
  }
  return f;
}

/** What the model needs to know about a finding, from the finding first and its rule second. */
export function scoreFacts(f: Finding, rule: RuleInfo | undefined, opts: { taskWindowSeconds: number; now: Date | number }): ScoreFacts {
  const tags = [...new Set([...(f.context?.tags ?? []), ...(rule?.tags ?? [])])].sort();
  const lifetime = lifetimeOf(f, rule, tags);
  const afterlife: Afterlife | null =
    f.credential?.afterlife ?? f.afterlife ?? (lifetime ? afterlifeOf(lifetime, opts.taskWindowSeconds, opts.now) : null);
  const reuse = f.context?.reuse;
  const crossRepo = f.context?.crossRepo;
  const reuseTools = [...(reuse?.tools ?? []), ...(crossRepo?.repositories ?? []).map((r) => `repo:${r}`)];
  return {
    kind: f.kind,
    literal: f.kind === 'secret',
    lifetimeClass: lifetime?.class ?? null,
    afterlife,
    expired: isExpired(lifetime ?? undefined, opts.now),
    exposure: f.context?.exposure ?? null,
    origin: f.context?.origin ?? null,
    source: f.binding?.source ?? null,
    scope: f.binding?.scope ?? null,
    tags,
    reuseCount: Math.max(reuse?.count ?? 0, crossRepo?.count ?? 0),
    reuseTools: [...new Set(reuseTools)],
    passthrough: f.context?.passthrough === true,
    mitigations: f.context?.mitigations ?? [],
  };
}

function lifetimeOf(f: Finding, rule: RuleInfo | undefined, tags: readonly string[]): Lifetime | null {
  if (f.credential?.lifetime) return f.credential.lifetime;
  if (f.lifetime) return f.lifetime;
  if (rule?.lifetime) return { class: rule.lifetime.class, ttlSeconds: rule.lifetime.ttlSeconds, expiresAt: null };
  if (tags.includes('static-credential')) return { class: 'static', ttlSeconds: null, expiresAt: null };
  return null;
}

function afterlifeBand(a: Afterlife | null): AfterlifeBand | null {
  if (!a) return null;
  if (a.unbounded) return 'unbounded';
  return (a.seconds ?? 0) > 0 ? 'bounded' : 'none';
}

function genericRemediation(f: Finding): string {
  switch (f.kind) {
    case 'secret':
      return 'Revoke and rotate this credential, remove it from the files (and from git history), and give the agent a credential minted per task with a TTL shorter than the task window.';
    case 'binding':
      return 'Have the tool obtain its credential per task or per call from an issuer (token exchange, STS AssumeRole, a Vault dynamic secret, a broker) instead of holding a static one for the life of the process.';
    default:
      return 'Configure credentials that expire with the task: OIDC federation instead of static keys, projected tokens with expirationSeconds, and TTLs shorter than the task window.';
  }
}
