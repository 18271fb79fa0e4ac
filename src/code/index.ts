// Agent code analysis: which tools hold process-scoped credentials and which obtain them per call.
// TypeScript / JavaScript through the TypeScript parser, syntax only (src/code/ts.ts), Python by indentation-aware line analysis
// (src/code/python.ts); patterns are data in rules/code/*.yaml. Runs in worker threads; cross-file links
// are made in the main thread by linkCodeFacts().
import type { Binding } from '../model/report.js';
import type { CodeFacts, Evidence, FileContext, Issue } from '../model/records.js';
// Type-only: the readers module is another stage; code analysis must load without it.
import type { ExtractResult, ReaderHelpers } from '../extract/index.js';
import { codePatterns, type CodePatterns } from './patterns.js';
import { hasOwnCodeFindings, hasRelativeReexports, isCandidateText, languageOf, RELATIVE_REEXPORT, tsCandidateFromHits, type CandidateKind } from './prefilter.js';
export type { CandidateKind } from './prefilter.js';
import type { FileCodeFacts } from './model.js';
import { analyzeTypeScript, type CodeAnalysis } from './ts.js';
import { analyzePython } from './python.js';
import { linkFacts } from './link.js';

/** Files above this size are bundles or generated code, not agent source. */
export const MAX_CODE_BYTES = 1024 * 1024;
/** Average line length above which a file is treated as minified. */
export const MAX_AVERAGE_LINE = 500;

/**
 * Cheap text check: does this file import an agent SDK or read credentials (kind `text`), or only re-export
 * relative modules (`reexports`)? null: neither. `anchorHits`: for a TypeScript file, the hits of
 * tsCandidateAnchors' keywords when a shared keyword pass found them (same answer, no regex over the whole text).
 */
export function codeCandidateKind(file: string, text: string, patterns: CodePatterns = codePatterns(), anchorHits?: Map<number, number[]>): CandidateKind | null {
  const lang = languageOf(file);
  if (!lang) return null;
  const fromHits = lang === 'typescript' && anchorHits ? tsCandidateFromHits(text, anchorHits, patterns) : undefined;
  if (fromHits !== undefined) return fromHits;
  if (isCandidateText(lang, text, patterns)) return 'text';
  return lang === 'typescript' && hasRelativeReexports(text) ? 'reexports' : null;
}

/** Cheap text check: is this file worth code analysis (see codeCandidateKind)? */
export function isCodeCandidate(file: string, text: string, patterns: CodePatterns = codePatterns(), anchorHits?: Map<number, number[]>): boolean {
  return codeCandidateKind(file, text, patterns, anchorHits) !== null;
}

/** Facts of a barrel file, read with a regex: `export * from './x'`, `export { a as b } from './x'`. */
function barrelFacts(file: string, text: string): CodeFacts | undefined {
  const reexports: FileCodeFacts['reexports'] = [];
  for (const m of text.matchAll(new RegExp(RELATIVE_REEXPORT.source, 'g'))) {
    const module = m[3]!;
    if (m[2] === undefined) {
      if (m[1] === undefined) reexports.push({ name: '*', module, imported: '*' });
      continue; // `export * as ns from` exposes a namespace, not names
    }
    for (const part of m[2].split(',')) {
      const [imported, exported] = part.trim().replace(/^type\s+/, '').split(/\s+as\s+/).map((x) => x.trim());
      if (imported && /^[\w$]+$/.test(imported)) reexports.push({ name: exported || imported, module, imported });
    }
  }
  if (!reexports.length) return undefined;
  const data: FileCodeFacts = { version: 1, exports: {}, reexports, uses: [] };
  return { file, data };
}

function minifiedReason(text: string): string | null {
  if (text.length > MAX_CODE_BYTES) return `larger than ${MAX_CODE_BYTES} bytes`;
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  if (text.length / lines > MAX_AVERAGE_LINE) return `average line length above ${MAX_AVERAGE_LINE} characters (minified)`;
  return null;
}

/**
 * Would analyzeCode (with `defer`) run the TypeScript parser on this file? The pool sends such files to one
 * code-analysis worker, so the parser warms up in one thread instead of in every worker.
 */
export function needsTypeScriptParse(file: string, text: string, patterns: CodePatterns = codePatterns(), kind?: CandidateKind | null): boolean {
  return (
    languageOf(file) === 'typescript' &&
    (kind !== undefined ? kind === 'text' : isCandidateText('typescript', text, patterns)) &&
    minifiedReason(text) === null &&
    hasOwnCodeFindings('typescript', text, patterns)
  );
}

export interface AnalyzeOptions {
  /**
   * Workers pass true: a TS/JS file that can only hold export facts (no tool, client, issuer or evidence
   * name in it) is not parsed; the result says `deferred`, and the cross-file link parses it only if a link
   * reaches it (linkCodeFacts' `load`).
   */
  defer?: boolean;
  /** The scan's code patterns (part of its rule set); default the shipped ones. */
  patterns?: CodePatterns;
  /** The file's codeCandidateKind when the caller has it (saves the regex over the text). */
  candidate?: CandidateKind;
}

export function analyzeCode(ctx: FileContext, helpers: ReaderHelpers, opts: AnalyzeOptions = {}): ExtractResult & { facts?: CodeFacts; deferred?: boolean } {
  const patterns = opts.patterns ?? codePatterns();
  const result: ExtractResult = { bindings: [], issues: [], warnings: [], evidence: [], detections: [] };
  const lang = languageOf(ctx.file);
  if (!lang) return result;
  const skip = minifiedReason(ctx.text);
  if (skip) {
    result.warnings.push({ file: ctx.file, message: `code analysis skipped: ${skip}; text scan still applied` });
    return result;
  }
  if (lang === 'typescript' && (opts.candidate ? opts.candidate !== 'text' : !isCandidateText(lang, ctx.text, patterns))) {
    // Only relative re-exports: keep the cross-file chain without building an AST.
    const facts = barrelFacts(ctx.file, ctx.text);
    return facts ? { ...result, facts } : result;
  }
  if (opts.defer && !hasOwnCodeFindings(lang, ctx.text, patterns)) return { ...result, deferred: true };
  let analysis: CodeAnalysis;
  try {
    analysis = lang === 'typescript' ? analyzeTypeScript(ctx, helpers, patterns) : analyzePython(ctx, helpers, patterns);
  } catch (err) {
    // Pathologically nested input can exhaust the stack of the parser or the walk: record it, keep the scan.
    if (!(err instanceof RangeError)) throw err;
    result.warnings.push({ file: ctx.file, message: 'code analysis skipped: nesting too deep; text scan still applied' });
    return result;
  }
  result.bindings.push(...analysis.bindings);
  result.issues.push(...analysis.issues);
  result.evidence.push(...analysis.evidence);
  result.warnings.push(...analysis.warnings);
  const f = analysis.facts;
  const hasFacts = Object.keys(f.exports).length > 0 || f.uses.length > 0 || f.reexports.length > 0;
  return hasFacts ? { ...result, facts: { file: ctx.file, data: f } } : result;
}

/**
 * Main thread: link facts across files (relative imports). `deferred` files were not parsed by the workers;
 * `load` parses one when a link reaches it (and only then).
 */
export function linkCodeFacts(
  facts: CodeFacts[],
  deferred?: { files: ReadonlySet<string>; load: (file: string) => CodeFacts | undefined },
): { bindings: Binding[]; issues: Issue[]; evidence: Evidence[] } {
  return linkFacts(facts, deferred);
}
