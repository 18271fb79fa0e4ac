// The scoring model (docs/scoring.md): a finding's score is the sum of its factors, clamped to 0–100.
// Pure and deterministic: the same facts always give the same factors. Weights live in one table here so that
// docs/scoring.md (whose worked examples are tests) can be checked against them.
import type {
  Afterlife,
  BindingScope,
  BindingSource,
  Exposure,
  Factor,
  Origin,
  FindingKind,
  LifetimeClass,
  Severity,
} from '../model/report.js';
import { formatDuration } from '../lifetime/afterlife.js';

/** Every factor name the model can emit (framework mappings may only refer to these). */
export const FACTOR_NAMES = [
  'afterlife',
  'exposure',
  'config-setting',
  'live-key',
  'test-key',
  'admin-key',
  'broad-scope',
  'cloud-root',
  'wildcard-scope',
  'human-credential',
  'process-scope',
  'task-scope',
  'reuse',
  'passthrough',
  'audience-bound',
  'sender-constrained',
  'short-ttl-config',
  'input-prompt',
  'expired',
  'default-credential',
  'clamp',
] as const;
export type FactorName = (typeof FACTOR_NAMES)[number];

/** Lowest score of each severity; below `low` is `info`. */
export const SEVERITY_THRESHOLDS: Readonly<Record<Exclude<Severity, 'info'>, number>> = Object.freeze({
  critical: 80,
  high: 60,
  medium: 35,
  low: 15,
});

/** An expired credential is capped at this score (info). */
export const EXPIRED_SCORE = 5;
/** A well-known default credential (`postgres:postgres` on a local host, `neo4j/password`) is capped here (low). */
export const DEFAULT_CREDENTIAL_SCORE = 20;

const DAY = 86400;
const HOUR = 3600;

/** The weights. Changing one changes docs/scoring.md's worked examples, which the tests check. */
export const WEIGHTS = Object.freeze({
  afterlife: {
    unboundedStatic: 50,
    unboundedLongLived: 45,
    unboundedUnknown: 40,
    month: 40, // ≥ 30 days
    days: 30, // ≥ 1 day
    hours: 15, // ≥ 1 hour
    minutes: 5, // > 0
    none: 0,
  },
  /** Where a literal value sits (secret findings). */
  exposure: { committed: 25, history: 20, staged: 20, untracked: 12, file: 12, ignored: 8 } as Record<Exposure, number>,
  /** What part of the exposure weight a literal keeps by the file's origin: test fixtures, documentation and
   *  examples mostly hold made-up values, and a real one there is found by fewer people than in product code. */
  originShare: { source: 1, ci: 1, test: 0.2, docs: 0.2, example: 0.2 } as Record<Origin, number>,
  /** Added to a binding's exposure by the file's origin: a tool wired up in a test, a document or an example
   *  shows how code can be used, not how a deployed agent gets its credential; a CI step handed a secret from the
   *  CI's secret store holds it for one job (masked in logs), not in an agent's reach. */
  originBinding: { source: 0, ci: -10, test: -15, docs: -15, example: -15 } as Record<Origin, number>,
  /** Added to a setting's exposure by the file's origin: a CI setting (static cloud keys where OIDC exists) is
   *  the pipeline's own credential design and keeps its full weight. */
  originSetting: { source: 0, ci: 0, test: -15, docs: -15, example: -15 } as Record<Origin, number>,
  /** How a credential reaches the tool when no literal is in the files (binding findings). */
  source: { literal: 12, file: 5, env: 0, input: 0, 'secret-manager': -5, oauth: -5, minted: -10 } as Record<BindingSource, number>,
  configSetting: 10,
  privilege: { 'live-key': 5, 'test-key': -25, 'admin-key': 10, 'broad-scope': 5, 'cloud-root': 10, 'wildcard-scope': 5 },
  humanCredential: 5,
  scope: { process: 5, task: -10 } as Record<BindingScope, number>,
  reuseBase: 8,
  reusePerExtra: 2,
  reuseMax: 14,
  passthrough: 10,
  mitigations: { 'audience-bound': -8, 'sender-constrained': -8, 'short-ttl-config': -10, 'input-prompt': -10 },
});

/** Rule tag → privilege factor. */
const PRIVILEGE_TAGS: Record<string, keyof typeof WEIGHTS.privilege> = {
  live: 'live-key',
  test: 'test-key',
  admin: 'admin-key',
  'broad-scope': 'broad-scope',
  'cloud-root': 'cloud-root',
  'wildcard-scope': 'wildcard-scope',
  wildcard: 'wildcard-scope',
};

const PRIVILEGE_DETAIL: Record<keyof typeof WEIGHTS.privilege, string> = {
  'live-key': 'live key: acts on production data and money',
  'test-key': 'test-mode key: cannot reach production data',
  'admin-key': 'admin key: can create and revoke other keys',
  'broad-scope': 'broad scopes (e.g. a classic PAT with repo-wide access)',
  'cloud-root': 'long-term cloud account key (root-style, no session)',
  'wildcard-scope': 'wildcard scopes or permissions',
};

/** The facts the model scores; the scorer derives them from a Finding (src/score/index.ts). */
export interface ScoreFacts {
  kind: FindingKind;
  /** True when the credential value itself is in the files (secret findings). */
  literal: boolean;
  lifetimeClass: LifetimeClass | null;
  /** null: nothing is known about how long the credential lives. */
  afterlife: Afterlife | null;
  expired: boolean;
  exposure: Exposure | null;
  /** Where in the repository the file sits (null: unknown, weighed like source). */
  origin?: Origin | null;
  source: BindingSource | null;
  scope: BindingScope | null;
  tags: readonly string[];
  reuseCount: number;
  reuseTools: readonly string[];
  passthrough: boolean;
  mitigations: readonly string[];
}

export function severityOf(score: number): Severity {
  if (score >= SEVERITY_THRESHOLDS.critical) return 'critical';
  if (score >= SEVERITY_THRESHOLDS.high) return 'high';
  if (score >= SEVERITY_THRESHOLDS.medium) return 'medium';
  if (score >= SEVERITY_THRESHOLDS.low) return 'low';
  return 'info';
}

/** Factor objects shared between findings (most findings repeat a handful of them); frozen, bounded. */
const sharedFactors = new Map<string, Factor>();
const SHARED_FACTORS_MAX = 50_000;

function sharedFactor(name: FactorName, effect: number, detail: string): Factor {
  const key = `${name}\u0000${effect}\u0000${detail}`;
  let f = sharedFactors.get(key);
  if (!f) {
    f = Object.freeze({ name, effect, detail });
    if (sharedFactors.size < SHARED_FACTORS_MAX) sharedFactors.set(key, f);
  }
  return f;
}

/** The factors for these facts, in a fixed order; their effects sum to the score (0–100). */
export function computeFactors(facts: ScoreFacts): Factor[] {
  const out: Factor[] = [];
  const add = (name: FactorName, effect: number, detail: string): void => {
    out.push(sharedFactor(name, effect, detail));
  };

  add('afterlife', ...afterlifeEffect(facts));

  if (facts.literal) {
    const exposure = facts.exposure ?? 'file';
    const origin = facts.origin ?? 'source';
    const share = WEIGHTS.originShare[origin];
    if (share === 1) add('exposure', WEIGHTS.exposure[exposure], EXPOSURE_DETAIL[exposure]);
    else add('exposure', Math.round(WEIGHTS.exposure[exposure] * share), `${EXPOSURE_DETAIL[exposure]}, ${ORIGIN_DETAIL[origin]}`);
  } else if (facts.source) {
    const origin = facts.origin ?? 'source';
    const shift = (facts.kind === 'config' ? WEIGHTS.originSetting : WEIGHTS.originBinding)[origin];
    if (shift === 0) add('exposure', WEIGHTS.source[facts.source], SOURCE_DETAIL[facts.source]);
    else add('exposure', WEIGHTS.source[facts.source] + shift, `${SOURCE_DETAIL[facts.source]}, ${BINDING_ORIGIN_DETAIL[origin]}`);
  }

  if (facts.kind === 'config') add('config-setting', WEIGHTS.configSetting, 'a setting that governs every credential it issues');

  const privileges = new Set<keyof typeof WEIGHTS.privilege>();
  for (const tag of facts.tags) {
    const p = PRIVILEGE_TAGS[tag];
    if (p) privileges.add(p);
  }
  for (const p of Object.keys(WEIGHTS.privilege) as (keyof typeof WEIGHTS.privilege)[]) {
    if (privileges.has(p)) add(p, WEIGHTS.privilege[p], PRIVILEGE_DETAIL[p]);
  }

  if (facts.tags.includes('human-credential')) {
    add('human-credential', WEIGHTS.humanCredential, "a person's token: an agent using it acts as that person, with all their access");
  }

  const scope = facts.scope ?? (facts.tags.includes('process-scope') ? 'process' : null);
  if (scope === 'process') add('process-scope', WEIGHTS.scope.process, 'obtained once and usable for the life of the process');
  if (scope === 'task') add('task-scope', WEIGHTS.scope.task, 'obtained per task or per call from an issuer');

  const reuse = facts.reuseCount >= 2 ? facts.reuseCount : facts.tags.includes('reuse') ? 2 : 0;
  if (reuse >= 2) {
    const effect = Math.min(WEIGHTS.reuseMax, WEIGHTS.reuseBase + WEIGHTS.reusePerExtra * (reuse - 2));
    // At most five names: the full list is in the report's reuse group (a factor is repeated on every finding).
    const sorted = [...facts.reuseTools].sort();
    const tools = sorted.length ? `: ${sorted.slice(0, 5).join(', ')}${sorted.length > 5 ? ` and ${sorted.length - 5} more` : ''}` : '';
    // A literal in a test, a document or an example keeps the same share of the reuse weight as of the exposure
    // weight: one sample value repeated through a README, an .env.example and tests is documentation; the copy
    // in product code or config (if any) carries the full weight itself.
    const origin = facts.origin ?? 'source';
    const share = facts.literal ? WEIGHTS.originShare[origin] : 1;
    if (share === 1) add('reuse', effect, `the same secret is bound in ${reuse} places${tools}`);
    else add('reuse', Math.round(effect * share), `the same secret is bound in ${reuse} places${tools}, ${ORIGIN_DETAIL[origin]}`);
  }

  if (facts.passthrough || facts.tags.includes('passthrough')) {
    add('passthrough', WEIGHTS.passthrough, 'passed through to an MCP server (forbidden by the MCP authorization spec)');
  }

  const mitigations = new Set(facts.mitigations);
  if (facts.source === 'input') mitigations.add('input-prompt');
  for (const m of Object.keys(WEIGHTS.mitigations) as (keyof typeof WEIGHTS.mitigations)[]) {
    if (mitigations.has(m)) add(m, WEIGHTS.mitigations[m], MITIGATION_DETAIL[m]);
  }

  let sum = total(out);
  if (facts.expired) {
    add('expired', Math.min(0, EXPIRED_SCORE - sum), `already expired: capped at ${EXPIRED_SCORE} (info)`);
    sum = total(out);
  } else if (facts.tags.includes('default-credential') && sum > DEFAULT_CREDENTIAL_SCORE) {
    add('default-credential', DEFAULT_CREDENTIAL_SCORE - sum, `default local credential: a service's documented default, capped at ${DEFAULT_CREDENTIAL_SCORE} (low)`);
    sum = total(out);
  }
  if (sum > 100) add('clamp', 100 - sum, 'score capped at 100');
  else if (sum < 0) add('clamp', -sum, 'score floored at 0');
  return out;
}

export function total(factors: readonly Factor[]): number {
  return factors.reduce((s, f) => s + f.effect, 0);
}

function afterlifeEffect(facts: ScoreFacts): [number, string] {
  const w = WEIGHTS.afterlife;
  if (facts.expired) return [w.none, 'none (the credential has expired)'];
  const a = facts.afterlife;
  if (!a) return [w.unboundedUnknown, 'unbounded (no lifetime information)'];
  if (a.unbounded) {
    if (facts.lifetimeClass === 'static') return [w.unboundedStatic, 'unbounded (static credential, never expires)'];
    if (facts.lifetimeClass === 'long-lived') return [w.unboundedLongLived, 'unbounded (long-lived, no visible expiry)'];
    return [w.unboundedUnknown, 'unbounded (lifetime unknown: nothing shows that it ever expires)'];
  }
  const s = a.seconds ?? 0;
  const d = `${formatDuration(s)} after the task window`;
  if (s >= 30 * DAY) return [w.month, d];
  if (s >= DAY) return [w.days, d];
  if (s >= HOUR) return [w.hours, d];
  if (s > 0) return [w.minutes, d];
  return [w.none, 'none (it expires within the task window)'];
}

const EXPOSURE_DETAIL: Record<Exposure, string> = {
  committed: 'literal value committed to git',
  history: 'literal value in git history (useful until rotated)',
  staged: 'literal value staged for commit',
  untracked: 'literal value in an untracked file',
  file: 'literal value in a file (no git information)',
  ignored: 'literal value in a git-ignored file',
};

const ORIGIN_DETAIL: Record<Origin, string> = {
  source: 'in product code',
  ci: 'in a CI definition',
  test: 'in a test file (usually a made-up fixture value)',
  docs: 'in documentation (usually a made-up example value)',
  example: 'in an example or template (usually a made-up value)',
};

const BINDING_ORIGIN_DETAIL: Record<Origin, string> = {
  source: 'in product code',
  ci: 'held by a CI job for its run, not in an agent\'s reach',
  test: 'wired up in a test, not in a deployed agent',
  docs: 'wired up in documentation, not in a deployed agent',
  example: 'wired up in an example, not in a deployed agent',
};

const SOURCE_DETAIL: Record<BindingSource, string> = {
  literal: 'literal value in configuration',
  file: 'read from a credential file at run time',
  env: 'environment reference to the credential',
  input: 'prompted for at run time (${input:})',
  'secret-manager': 'secret-manager reference',
  oauth: 'obtained through OAuth',
  minted: 'minted by an issuer',
};

const MITIGATION_DETAIL: Record<keyof typeof WEIGHTS.mitigations, string> = {
  'audience-bound': 'audience-restricted token',
  'sender-constrained': 'sender-constrained token (DPoP / mTLS)',
  'short-ttl-config': 'short TTL set in configuration',
  'input-prompt': 'prompted for at run time, not stored',
};
