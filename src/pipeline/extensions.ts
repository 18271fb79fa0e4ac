// What a team's config adds to the per-file stages (custom issuer names for code analysis, custom
// scorecard evidence patterns). Read once in the main thread, applied once per worker (and in-process).
import { setCustomIssuers } from '../code/patterns.js';
import { configureControlPatterns } from '../scorecard/index.js';
import type { ControlData } from '../scorecard/patterns.js';

export interface ScanExtensions {
  issuers: string[];
  controlData?: ControlData;
}

export function applyExtensions(ext: ScanExtensions): void {
  setCustomIssuers(ext.issuers);
  configureControlPatterns([], ext.controlData);
}
