// Structured readers (issue 3): env files, MCP client configs, agent configs, CI, Kubernetes, compose, Vault, SPIRE.
// Each reader turns one parsed file into bindings, config issues and evidence, with the line of the value.
import type { Binding, Warning } from '../types.js';
import type { Detection, Evidence, FileContext, Issue } from '../pipeline/types.js';
import type { ValuePosition } from '../detect/index.js';

export interface ReaderHelpers {
  /** Classify one value a reader pulled out (credential rules + generic keyword/entropy check). */
  detectValue(value: string, pos: Omit<ValuePosition, 'file'>): Detection | null;
}

export interface ExtractResult {
  bindings: Binding[];
  issues: Issue[];
  warnings: Warning[];
  evidence: Evidence[];
  /** Secrets a reader found that the text scan cannot see (e.g. values split across lines). */
  detections: Detection[];
}

export function emptyExtractResult(): ExtractResult {
  return { bindings: [], issues: [], warnings: [], evidence: [], detections: [] };
}

/** Cheap check (name first, then a glance at the text) before any parsing. */
export function isExtractCandidate(_file: string, _text: string): boolean {
  return false;
}

export function extractFile(_ctx: FileContext, _helpers: ReaderHelpers): ExtractResult {
  return emptyExtractResult();
}
