// Credential detection: rules as data (rules/credentials), keyword prefilter, windowed regexes,
// entropy, checksums, placeholder filter, JWT / SAS decoding. See docs/rules.md.
// Contract used by the pipeline and by the structured readers:
import type { Detection, FileContext } from '../model/records.js';
import type { CredentialRule } from './rule-types.js';
import { loadRules } from './loader.js';
import { compileEngine, detectInText, detectInValue, detectWholeFile, type CapNotes, type Engine } from './detector.js';
export { joinKeywordHits, pathKeywordsApply, MAX_HITS_PER_RULE } from './detector.js';
export type { CapNotes } from './detector.js';

export { RuleLoadError, validateRule, loadRuleFile } from './loader.js';
export { fingerprintOf, fingerprintKeyFromEnv, isValueFingerprint, DEFAULT_FINGERPRINT_KEY } from './fingerprint.js';
export { redact } from './redact.js';
export { placeholderReason } from './placeholders.js';
export type { CredentialRule } from './rule-types.js';

export interface CompiledRules {
  rules: CredentialRule[];
}

export interface DetectOptions {
  /** Key for fingerprints (see src/detect/fingerprint.ts). */
  fingerprintKey: string;
  /** Rule ids to skip. */
  disabled?: Set<string>;
  /** Regexes on the secret value that mark it as not a secret (config allowlist). */
  allowRegexes?: RegExp[];
  /** Words that, when contained in the value, mark it as not a secret. */
  stopwords?: string[];
  /** The scan's clock, for lifetime decisions (an expired token); default: now. */
  now?: Date;
}

/** Position of a value inside a file, for detectValue. */
export interface ValuePosition {
  file: string;
  line: number;
  column: number;
  /** The key / variable name the value is assigned to, if any. */
  key?: string;
}

// Compiled regexes and the keyword matcher, per rule set. A WeakMap (not a field) so that CompiledRules
// stays plain data that can cross into worker threads; each worker compiles once on first use.
const engines = new WeakMap<CompiledRules, Engine>();
export function engineFor(rules: CompiledRules): Engine {
  let e = engines.get(rules);
  if (!e) engines.set(rules, (e = compileEngine(rules.rules)));
  return e;
}

/** Load and validate rule files (throws RuleLoadError naming file, rule id and problem). */
export function loadCredentialRules(dirs: string[], extra: CredentialRule[] = []): CompiledRules {
  return { rules: loadRules(dirs, extra) };
}

/** Scan a whole file's text. `hits`: its keyword hits, when a keyword pass shared with other stages found them (see joinKeywordHits). */
export function detectSecrets(ctx: FileContext, rules: CompiledRules, opts: DetectOptions, caps?: CapNotes, hits?: Map<number, number[]>): Detection[] {
  return detectInText(ctx, engineFor(rules), opts, caps, hits);
}

/** A binary file that a whole-file rule names a credential (keystore): its detection, or null. */
export function detectCredentialFile(file: string, bytes: Uint8Array, rules: CompiledRules, opts: DetectOptions): Detection | null {
  return detectWholeFile(file, bytes, engineFor(rules), opts);
}

/** Is this path a credential file by name (a whole-file rule's `paths`)? Cheap: no content is read. */
export function isCredentialFileName(file: string, rules: CompiledRules): boolean {
  return engineFor(rules).wholeFile.some((c) => c.paths?.(file));
}

/** Classify one value that a structured reader pulled out of a config (env value, header, arg). */
export function detectValue(value: string, pos: ValuePosition, rules: CompiledRules, opts: DetectOptions, caps?: CapNotes): Detection | null {
  return detectInValue(value, pos, engineFor(rules), opts, caps);
}
