// The article's five controls, measured per repository (issue 11).
import type { Report, ScorecardEntry } from '../types.js';
import type { Evidence, FileContext } from '../pipeline/types.js';

/** Worker side: evidence patterns (rules/controls) that match this file. */
export function collectEvidence(_ctx: FileContext): Evidence[] {
  return [];
}

/** Main thread: one entry per control from bindings, findings and evidence. */
export function buildScorecard(_report: Report, _evidence: Evidence[]): ScorecardEntry[] {
  return [];
}
