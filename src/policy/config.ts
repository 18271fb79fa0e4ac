// .credlife.yaml: found by walking up from the scanned path; --config FILE; --no-config. (Issue 7 owns
// the schema, validation with file/line/key errors, and --strict-config.)
import type { Severity } from '../types.js';
import type { CredentialRule } from '../detect/rule-types.js';

export interface AllowEntry {
  pattern: string;
  reason: string;
}

export interface CredlifeConfig {
  failOn?: Severity;
  maxAfterlife?: string;
  taskWindow?: string;
  include?: string[];
  exclude?: string[];
  rules?: { disable?: { id: string; reason: string }[]; severity?: Record<string, Severity> };
  allowlist?: { paths?: AllowEntry[]; regexes?: AllowEntry[]; stopwords?: { word: string; reason: string }[] };
  customRules?: CredentialRule[];
  /** Extra issuer call names for code analysis (mint/exchange functions of the team's broker). */
  issuers?: string[];
  requireControls?: string[];
}

export interface LoadedConfig {
  /** Absolute path of the config file used, or null. */
  file: string | null;
  config: CredlifeConfig;
}

export interface LoadConfigOptions {
  /** Explicit --config FILE, or false for --no-config. */
  path?: string | false;
  strict?: boolean;
}

export function loadConfig(_startDir: string, _opts: LoadConfigOptions): LoadedConfig {
  return { file: null, config: {} };
}
