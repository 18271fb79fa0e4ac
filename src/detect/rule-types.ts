// Shape of a credential rule file (rules/credentials/*.yaml) once loaded and validated.
import type { LifetimeClass } from '../model/report.js';

export interface RuleExamples {
  /** Templates (see src/ruleset/token-templates.ts) that must produce a finding of this rule. */
  match: string[];
  /** Templates that must not produce a finding of this rule. */
  noMatch: string[];
  /** The file name the examples are scanned as (rules limited by `paths`); default "test.txt". */
  file?: string;
}

export interface CredentialRule {
  id: string;
  provider: string;
  /** Human name of the credential type, e.g. "classic personal access token". */
  type: string;
  /** Literal strings; the rule's regex only runs near one of them (prefilter). */
  keywords: string[];
  /** Are keywords matched case-insensitively (generic key names); default false. */
  keywordsIgnoreCase?: boolean;
  /** JavaScript regex source with a named group `secret`. */
  regex: string;
  /** Regex flags besides g/d (e.g. "i", "s"). */
  flags?: string;
  /** Run on the whole text rather than on a window around each keyword hit (PEM blocks, JSON key files). */
  multiline?: boolean;
  /** Minimum Shannon entropy (bits per character) of the secret. */
  entropy?: number;
  /** Checksum verifier name: github-crc32 | npm-crc32. */
  checksum?: string;
  /** Post-processor: jwt (decode claims, exp/iat) | azure-sas (se= expiry) | none. */
  decoder?: string;
  /** Literal prefix shown in redacted output (e.g. "ghp_"). */
  prefix?: string;
  /** Typical lifetime; `source` is the provider page the lifetime facts come from. */
  lifetime: { class: LifetimeClass; ttlSeconds: number | null; note?: string; source?: string };
  tags: string[];
  /** Env var names that conventionally hold this credential (used to infer lifetime of env references). */
  envNames?: string[];
  remediation: string;
  remediationUrl?: string;
  /** Regexes (on the secret) that mark a match as not a secret (rule-specific allowlist). */
  allow?: string[];
  examples: RuleExamples;
  /** File the rule came from (for error messages). */
  source: string;
  /** Overlapping matches: the higher priority wins (provider rules 0, URL credentials -5, generic -10). */
  priority?: number;
  /** Regex (case-insensitive) the `key` named group or the inferred key name must match. */
  keyPattern?: string;
  /** Regex (case-insensitive): key names that must NOT hold this credential (author, tokenizer, …). */
  keyDeny?: string;
  /** Real secrets of this rule look like hashes (hex keys): skip the UUID / SHA / checksum decoy filter. */
  hashShaped?: boolean;
  /** Characters searched on each side of a keyword hit (default 4096 on the line; 16384 for multiline). */
  window?: number;
  /** Globs on the file's relative path (a glob without "/" matches the base name): the rule only runs on
   *  matching files (credential files: .npmrc, .netrc, kubeconfig, …). */
  paths?: string[];
  /** The whole file is the credential (keystores, SSH key files): reported once on line 1 when the file
   *  matches `paths`, even when it is binary. For a text file the rule's regex (when given) must match and no
   *  other rule may have found a secret in it (a PEM key inside id_rsa is reported by the PEM rule). */
  wholeFile?: boolean;
}
