// One scan's rule set: the credential rules, the code patterns with the team's issuers, and the scorecard's
// control catalog with the team's evidence patterns. The main thread builds it once per scan; each worker
// builds the same value once from plain data (workerData), so two scans in one process never share settings.
import type { CompiledRules } from '../detect/index.js';
import { codePatterns, withIssuers, type CodePatterns } from '../code/patterns.js';
import { teamControlCatalog } from '../scorecard/index.js';
import type { ControlCatalog, ControlData } from '../scorecard/patterns.js';

/** What a team's config adds to the shipped rules, as plain data that can cross into a worker. */
export interface ScanExtensions {
  issuers: string[];
  controlData?: ControlData;
}

export interface RuleSet {
  credentials: CompiledRules;
  code: CodePatterns;
  controls: ControlCatalog;
}

/** The shipped code patterns and control catalog, extended by the team's issuers and evidence patterns. */
export function ruleSetOf(credentials: CompiledRules, ext: ScanExtensions): RuleSet {
  return { credentials, code: withIssuers(codePatterns(), ext.issuers), controls: teamControlCatalog(ext.controlData) };
}
