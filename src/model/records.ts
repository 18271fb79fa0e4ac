// Internal types that flow between pipeline stages. None of them carries a raw secret across a
// thread boundary: workers fingerprint and redact before results leave them.

import type {
  Binding,
  Exposure,
  FindingKind,
  IncompleteFile,
  Lifetime,
  Severity,
  SkippedFile,
  Warning,
} from './report.js';

/** The claims of a JWT credlife reads (never the signature). */
export interface JwtClaims {
  aud?: string | string[];
  sub?: string;
  iss?: string;
  exp?: number;
  iat?: number;
  nbf?: number;
  scope?: string;
  /** A `cnf` (confirmation) claim is present: the token is bound to a key (DPoP, mTLS; RFC 7800 / 8705 / 9449). */
  cnf?: true;
}

/** A secret value found by a credential rule (raw value already replaced by fingerprint + redaction). */
export interface Detection {
  ruleId: string;
  provider: string;
  type: string;
  file: string;
  line: number;
  column: number;
  fingerprint: string;
  redacted: string;
  lifetime: Lifetime;
  tags: string[];
  remediation: string;
  remediationUrl?: string;
  /** The variable / key the value is assigned to, when visible (API_KEY=…, "token": …). Used to resolve env references. */
  key?: string;
  /** Decoded claims for JWT-like tokens (never the signature). */
  claims?: JwtClaims;
  /** Length of the secret value in characters (never the value). */
  length: number;
}

/** A setting that makes credentials long-lived (kind: config) or a risky binding (kind: binding) found by a reader. */
export interface Issue {
  ruleId: string;
  kind: Exclude<FindingKind, 'secret'>;
  file: string;
  line: number;
  column: number;
  message: string;
  /** Lifetime implied by the setting, when known (e.g. Vault ttl, role-duration-seconds). */
  lifetime?: Lifetime;
  tags?: string[];
  /** Optional severity hint from the reader; scoring has the last word. */
  severityHint?: Severity;
  /** Binding the issue is about (kind: binding). */
  binding?: Binding;
  remediation?: string;
  remediationUrl?: string;
  provider?: string;
}

/** Evidence for or against one of the article's five controls (see the scorecard). */
export interface Evidence {
  control: string;
  kind: 'for' | 'against';
  file: string;
  line: number;
  detail: string;
  /** Which evidence pattern produced it. */
  pattern?: string;
}

/** What code analysis of one file exports for cross-file linking in the main thread. */
export interface CodeFacts {
  file: string;
  /** Opaque, JSON-serialisable facts owned by src/code; linked by linkCodeFacts(). */
  data: unknown;
}

/** Everything one file contributes to the report. Produced in a worker (or in-process). */
export interface FileResult {
  file: string;
  bytes: number;
  detections: Detection[];
  bindings: Binding[];
  issues: Issue[];
  evidence: Evidence[];
  codeFacts?: CodeFacts;
  /** Code analysis deferred to the cross-file link (a TS/JS file that can only hold export facts). */
  codeDeferred?: boolean;
  /** Not processed: the file needs the TypeScript parser and goes to the code-analysis worker (pool only). */
  handedOff?: boolean;
  warnings: Warning[];
  skipped?: SkippedFile;
  /** Why this file was not fully scanned (a cap cut its findings, a stage ran out of time). */
  incomplete?: IncompleteFile[];
  /** Inline suppression comments found in the file (credlife-ignore). */
  suppressions?: InlineSuppression[];
  /** Milliseconds spent per stage for this file. */
  timings?: Record<string, number>;
}

export interface InlineSuppression {
  file: string;
  line: number;
  reason: string;
  until?: string;
  ruleId?: string;
  /** The comment sits on a line of its own, so it also covers the next line (a trailing one does not). */
  standalone?: boolean;
}

/** A file to scan, as discovery hands it to readers. */
export interface FileTask {
  /** Relative POSIX path from the scan root (what reports show). */
  file: string;
  /** Absolute path on disk (or a pseudo path for git blobs / stdin). */
  absPath: string;
  size: number;
  exposure: Exposure;
  /** Content supplied directly (git blob, stdin) instead of read from disk. */
  content?: string;
  /** --history: the commit this (commit, file) task comes from. */
  commit?: { id: string; authorTime: string };
}

/** Context handed to every per-file stage (detectors, readers, code analysis, evidence). */
export interface FileContext {
  file: string;
  text: string;
  /** Lines are computed lazily; use lineAt(offset) for positions. */
  lineAt(offset: number): { line: number; column: number };
  exposure: Exposure;
}
