// The shared vocabulary of credlife. Every stage of the pipeline speaks these types:
// discover → read → detect / extract → resolve → lifetime → score → policy → report.
// The public JSON report (schemaVersion 1) is `Report`; fields may be added, never change meaning.

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export type LifetimeClass = 'static' | 'long-lived' | 'short-lived' | 'task-scoped' | 'unknown';
export const LIFETIME_CLASSES: readonly LifetimeClass[] = ['static', 'long-lived', 'short-lived', 'task-scoped', 'unknown'];

export type FindingKind = 'secret' | 'binding' | 'config';

export type { Origin } from './origin.js';
import type { Origin } from './origin.js';

/** How a credential reaches a tool. */
export type BindingSource = 'literal' | 'env' | 'input' | 'secret-manager' | 'oauth' | 'minted' | 'file';
/** `process`: usable for the life of the process; `task`: obtained per task / per call from an issuer. */
export type BindingScope = 'process' | 'task';

/**
 * Where a secret value sits, most exposed first.
 * committed: tracked by git; untracked: in a git work tree but not tracked; ignored: matched by .gitignore;
 * history: only in git history; staged: in the index (--staged); file: no git information (not a repository).
 */
export type Exposure = 'committed' | 'untracked' | 'ignored' | 'history' | 'staged' | 'file';

export interface Lifetime {
  class: LifetimeClass;
  ttlSeconds: number | null;
  /** ISO 8601, when the credential itself says when it expires (JWT exp, SAS se=). */
  expiresAt: string | null;
  /** Short human note on where the lifetime comes from ("provider default", "JWT exp - iat", …). */
  note?: string;
}

export interface Afterlife {
  unbounded: boolean;
  /** Seconds the credential stays useful after the task window; null when unbounded. */
  seconds: number | null;
}

export interface Credential {
  provider: string;
  type: string;
  /**
   * `fp1:` keyed HMAC of the value (equal values, equal fingerprints), or `loc1:` for a guessable value scanned
   * without CREDLIFE_FINGERPRINT_KEY: a hash of its place (rule, file, key name), nothing derived from the value.
   */
  fingerprint: string;
  /** Known prefix and at most the last 4 characters; never enough to use or guess the value. */
  redacted: string;
  lifetime: Lifetime;
  afterlife: Afterlife;
}

export interface Occurrence {
  line: number;
  column: number;
}

export interface FindingBinding {
  tool: string | null;
  agent: string | null;
  source: BindingSource;
  scope: BindingScope;
}

export interface Factor {
  name: string;
  effect: number;
  detail?: string;
}

export interface FrameworkRef {
  framework: string;
  id: string;
  title: string;
  url?: string;
}

/** Extra facts about a finding that scoring, policy and reports use. */
export interface FindingContext {
  exposure?: Exposure;
  /** Where in the repository the file sits (src/model/origin.ts): `source`, `test`, `docs`, `example` or `ci`.
   *  A literal value in a test, docs or example file weighs less (docs/scoring.md). */
  origin?: Origin;
  /** Rule tags (e.g. human-credential, admin, live, test, broad-scope, cloud-root). */
  tags?: string[];
  /**
   * Other places where the same fingerprint is bound (reuse across tools/agents/repositories). In a report,
   * `group` names the entry of `report.reuse` that lists every place once; here `tools` and `locations` hold
   * at most REUSE_INLINE entries each (the first ones), so the report grows with places, not places².
   */
  reuse?: { count: number; tools: string[]; locations: { file: string; line: number; tool: string | null }[]; group?: string };
  /** Mitigations visible in the files: audience-bound, sender-constrained, short-ttl-config, input-prompt. */
  mitigations?: string[];
  /** The credential is passed through to an MCP server (forbidden by the MCP authorization spec). */
  passthrough?: boolean;
  /** Git history location, for --history findings. */
  commit?: { id: string; authorTime: string; count: number; inWorkingTree: boolean };
  /** Notes added by policy (e.g. "suppression expired on 2026-01-01"). */
  notes?: string[];
  /** Set by `credlife merge`: the repository this finding came from. */
  repository?: string;
  /**
   * Set by `credlife merge`: the same credential fingerprint appears in two or more repositories. `repositories`
   * lists at most 10 names (the whole list is `repositoryCount` long); `count` is the findings carrying it.
   */
  crossRepo?: { repositories: string[]; count: number; repositoryCount?: number };
}

export interface Finding {
  ruleId: string;
  kind: FindingKind;
  severity: Severity;
  score: number;
  /** Relative POSIX path from the scan root. */
  file: string;
  line: number;
  column: number;
  /** Every place the same credential (fingerprint) appears in this file, this finding's own first; present when
   *  there is more than one. One credential repeated in a file is one finding; across files they stay separate. */
  occurrences?: Occurrence[];
  message: string;
  credential?: Credential;
  /** For config / binding findings without a value in the files: the lifetime the setting implies. */
  lifetime?: Lifetime;
  afterlife?: Afterlife;
  binding?: FindingBinding;
  factors: Factor[];
  frameworks: FrameworkRef[];
  remediation: string;
  remediationUrl?: string;
  context?: FindingContext;
}

export interface Binding {
  file: string;
  /** Where the credential enters: the literal, the env read, the mint call. */
  line: number;
  column?: number;
  tool: string;
  agent: string | null;
  source: BindingSource;
  scope: BindingScope;
  /** Env var name, input id, secret-manager path, issuer call, or null for a bare literal. */
  credentialRef: string | null;
  /** Which reader produced it: "mcp:cursor", "env", "code:ai-sdk", "ci:github-actions", … */
  via?: string;
  /** Set by resolution when the binding is linked to a secret value found in the files. */
  fingerprint?: string;
  lifetime?: Lifetime;
  afterlife?: Afterlife;
  /** Free-form facts the reader saw (e.g. audience, ttl, headers), used by scoring and the scorecard. */
  attributes?: Record<string, string | number | boolean>;
  /** Other places the same tool reaches the same credential (one binding per tool and credential). */
  occurrences?: { file: string; line: number; column?: number }[];
  /** Set by `credlife merge`: the repository this binding came from. */
  repository?: string;
}

export type SkipReason =
  | 'binary'
  | 'too-large'
  | 'unreadable'
  | 'symlink-outside-root'
  | 'symlink-loop'
  | 'symlink-dangling'
  | 'timeout'
  | 'vanished'
  | 'minified'
  | 'not-regular-file'
  | 'parse-error'
  | 'depth-limit';

export interface SkippedFile {
  file: string;
  reason: SkipReason;
  detail?: string;
}

/**
 * Why a file was not fully scanned. Each one fails the gate as an "incomplete scan" (exit 2) unless
 * --allow-incomplete: the gate must never pass on what was not looked at.
 * findings-capped: more secrets than the per-file cap (the most severe were kept);
 * timeout: a stage ran past --file-timeout (findings of the stages that finished are kept);
 * unreadable: the file or folder could not be read; crashed: analysis of the file crashed.
 */
export type IncompleteReason = 'findings-capped' | 'timeout' | 'unreadable' | 'crashed';

export interface IncompleteFile {
  file: string;
  reason: IncompleteReason;
  detail?: string;
}

export interface Warning {
  file: string;
  line?: number;
  message: string;
  /** 'suppression': about a credlife-ignore comment that does not work as written; shown even with --quiet. */
  kind?: 'suppression';
}

export interface BaselinedFinding {
  ruleId: string;
  file: string;
  line: number;
  severity: Severity;
}

export interface SuppressionRecord {
  /** "rule-disabled", "allowlist-path", "allowlist-regex", "stopword", "inline", "baseline", "severity-override", … */
  kind: string;
  target: string;
  reason: string;
  source: string;
  count: number;
}

export interface ScorecardEntry {
  control: string;
  title: string;
  status: 'met' | 'partial' | 'missing' | 'unknown';
  why: string;
  evidence: { file: string; line: number; kind: 'for' | 'against'; detail: string }[];
  next: string;
  /** Framework controls this control addresses (from rules/controls/*.yaml `frameworks:`), for the framework report. */
  frameworks?: { framework: string; id: string }[];
  /** Counts behind the status (e.g. toolBindings, taskScoped, afterlife buckets, evidenceFor/evidenceAgainst before the cap). */
  metrics?: Record<string, number>;
}

/** CI/CD credentials, judged apart from the agents' controls (docs/scorecard.md). */
export interface CiCredentials {
  title: string;
  why: string;
  evidence: ScorecardEntry['evidence'];
  /** oidcJobs, staticCloudKeys, jobTokens, appTokens, appTokensNotRevoked, staticSecrets, evidenceFor/evidenceAgainst. */
  metrics: Record<string, number>;
}

export interface Summary {
  filesScanned: number;
  bytesScanned: number;
  durationMs: number;
  bySeverity: Partial<Record<Severity, number>>;
  byLifetime: Partial<Record<LifetimeClass, number>>;
  /** Skipped files counted by reason; the list itself is in `skippedFiles` when --debug is set. */
  skipped?: Partial<Record<SkipReason, number>>;
  skippedFiles?: SkippedFile[];
  /** Files that were not fully scanned (always listed; they fail the gate unless --allow-incomplete). */
  incomplete?: IncompleteFile[];
  warnings?: Warning[];
  suppressed?: SuppressionRecord[];
  baselined?: number;
  /** --write-baseline: where the baseline went and how many entries it holds. */
  baselineWritten?: { file: string; entries: number };
  /** Every finding the baseline kept out of the gate in this run (shown or not), so reviewers see what is known. */
  baselinedFindings?: BaselinedFinding[];
  /** Set when --no-inline-suppressions ignored credlife-ignore comments: how many comments were ignored. */
  inlineSuppressionsIgnored?: number;
  /** Stage timings in milliseconds (discover, read, detect, extract, code, resolve, score, policy, report). */
  stages?: Record<string, number>;
  gate?: GateResult;
  history?: { commits: number; shallow: boolean; depth?: number };
}

export interface GateResult {
  failOn: Severity;
  maxAfterlifeSeconds: number | null;
  failed: boolean;
  /** Number of findings that fail the gate. */
  failing: number;
  reasons: string[];
  /** Controls required with --require-control / requireControls, with their scorecard status ("missing" fails the gate). */
  requiredControls?: { control: string; status: ScorecardEntry['status']; failed: boolean }[];
  /** Set when files were not fully scanned: how many, and whether --allow-incomplete accepted that. */
  incomplete?: { files: number; allowed: boolean };
}

export interface Report {
  schemaVersion: 1;
  tool: { name: 'credlife'; version: string };
  root: string;
  taskWindowSeconds: number;
  findings: Finding[];
  bindings: Binding[];
  summary: Summary;
  scorecard?: ScorecardEntry[];
  /** CI/CD credentials (OIDC vs static keys, job-token and App-token lifetimes); never part of the scorecard. */
  ciCredentials?: CiCredentials;
  /** Set by `credlife merge`: the repository each finding came from is in finding.context / repository tags. */
  repository?: string;
  /** Set by `credlife merge`: one entry per merged repository report. */
  repositories?: MergedRepository[];
  /** Set by `credlife merge`: one group per credential fingerprint across the merged repositories. */
  credentials?: CredentialGroup[];
  /** Reuse recorded once per credential: every tool and place holding it (findings point here by `context.reuse.group`). */
  reuse?: ReuseGroup[];
  /**
   * Version control of the scanned root, when known (SARIF versionControlProvenance). Never carries credentials.
   * pathInRepository: the scanned folder relative to the repository's top level ("services/agent"), absent at the top.
   */
  vcs?: { repositoryUri?: string; revisionId?: string; branch?: string; pathInRepository?: string };
}

export interface ReuseGroup {
  id: string;
  count: number;
  tools: string[];
  locations: { file: string; line: number; tool: string | null }[];
}

/** Tools and locations a finding's own `context.reuse` lists; the rest are in its `report.reuse` group. */
export const REUSE_INLINE = 5;

export interface MergedRepository {
  name: string;
  root: string;
  findings: number;
  filesScanned: number;
  gateFailed: boolean;
  /** Files its scan could not fully read (summary.incomplete). */
  incomplete?: number;
  bySeverity?: Partial<Record<Severity, number>>;
  /** Distinct credentials (fingerprints) in this repository. */
  credentials?: number;
  /** The longest afterlife of any credential in this repository. */
  afterlife?: Afterlife;
  /** Scorecard status per control. */
  scorecard?: Record<string, ScorecardEntry['status']>;
}

/**
 * One credential (fingerprint) across merged repositories: what an organisation needs to rotate it once.
 * Name and location lists are capped (10); the counts are exact (tools count up to 1000).
 */
export interface CredentialGroup {
  fingerprint: string;
  provider: string;
  type: string;
  redacted: string;
  lifetime: LifetimeClass;
  /** The longest afterlife any of its findings reports. */
  afterlife: Afterlife;
  /** The most severe of its findings. */
  severity: Severity;
  /** Findings carrying it, in all repositories. */
  findings: number;
  repositoryCount: number;
  repositories: string[];
  toolCount: number;
  tools: string[];
  locations: { repository: string; file: string; line: number }[];
}
