// The article's five controls, measured per repository (docs/scorecard.md).
//   worker side:  collectEvidence(ctx)  — evidence patterns from rules/controls/*.yaml on one file
//   main thread:  buildScorecard(report, evidence) — one entry per control from bindings, findings, evidence
export { collectEvidence, controlCatalog, evidenceKeywords, teamControlCatalog, MAX_HITS_PER_PATTERN, type EvidenceKeywords } from './collect.js';
export { buildCiCredentials, buildScorecard, isToolBinding, MAX_EVIDENCE_PER_CONTROL } from './build.js';
export { areaOf, type EvidenceArea } from './area.js';
export {
  CONTROL_IDS,
  ControlPatternError,
  compileControlData,
  loadControlCatalog,
  readControlData,
  readControlFiles,
  validatePattern,
  type ControlCatalog,
  type ControlData,
  type ControlId,
  type ControlInfo,
  type ControlPattern,
} from './patterns.js';
