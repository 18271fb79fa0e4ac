// Agent code analysis (issue 4): ts-morph for TS/JS, lighter analysis for Python.
import type { Binding } from '../types.js';
import type { CodeFacts, Evidence, FileContext, Issue } from '../pipeline/types.js';
import { emptyExtractResult, type ExtractResult, type ReaderHelpers } from '../extract/index.js';

/** Cheap text check: does this file import an agent/tool framework or read credentials? */
export function isCodeCandidate(_file: string, _text: string): boolean {
  return false;
}

export function analyzeCode(_ctx: FileContext, _helpers: ReaderHelpers): ExtractResult & { facts?: CodeFacts } {
  return emptyExtractResult();
}

/** Main thread: link facts across files (relative imports). */
export function linkCodeFacts(_facts: CodeFacts[]): { bindings: Binding[]; issues: Issue[]; evidence: Evidence[] } {
  return { bindings: [], issues: [], evidence: [] };
}
