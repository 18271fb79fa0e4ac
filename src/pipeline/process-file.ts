// Everything that happens to one file, in a worker thread or in-process:
// read → detect secrets → structured readers → code analysis → scorecard evidence → inline suppressions.
import type { Detection, FileContext, FileResult, FileTask } from './types.js';
import { makeLineIndex, readTask } from './read.js';
import { detectSecrets, detectValue, type CompiledRules, type DetectOptions } from '../detect/index.js';
import { MAX_DETECTIONS_PER_FILE } from '../detect/detector.js';
import { extractFile, isExtractCandidate, type ReaderHelpers } from '../extract/index.js';
import { analyzeCode, isCodeCandidate } from '../code/index.js';
import { collectEvidence } from '../scorecard/index.js';
import { findInlineSuppressions } from '../policy/suppressions.js';

export interface FileProcessorEnv {
  rules: CompiledRules;
  detectOptions: DetectOptions;
  maxFileSize: number;
}

function emptyResult(task: FileTask, bytes = 0): FileResult {
  return { file: task.file, bytes, detections: [], bindings: [], issues: [], evidence: [], warnings: [] };
}

function errorText(err: unknown): string {
  // Never echo scanned content: only the error class and a bounded message without quotes.
  const e = err as Error;
  return `${e?.name ?? 'Error'}: ${String(e?.message ?? err).slice(0, 120).replace(/["'`][^"'`]*["'`]/g, '…')}`;
}

export function processFile(task: FileTask, env: FileProcessorEnv): FileResult {
  const t0 = performance.now();
  const outcome = readTask(task, env.maxFileSize);
  if ('skipped' in outcome) return { ...emptyResult(task), skipped: outcome.skipped };
  const result = emptyResult(task, outcome.bytes);
  const text = outcome.text;
  const ctx: FileContext = { file: task.file, text, lineAt: makeLineIndex(text), exposure: task.exposure };
  const timings: Record<string, number> = { read: performance.now() - t0 };
  const time = <T>(stage: string, fn: () => T): T => {
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      timings[stage] = (timings[stage] ?? 0) + performance.now() - t0;
    }
  };

  try {
    result.detections = time('detect', () => detectSecrets(ctx, env.rules, env.detectOptions));
    if (result.detections.length >= MAX_DETECTIONS_PER_FILE) {
      result.warnings.push({ file: task.file, message: `${MAX_DETECTIONS_PER_FILE} or more secrets in this file: only the first ${MAX_DETECTIONS_PER_FILE} are reported` });
    }
  } catch (err) {
    result.warnings.push({ file: task.file, message: `credential rules failed on this file (${errorText(err)})` });
  }

  const helpers: ReaderHelpers = {
    detectValue: (value, pos) => detectValue(value, { ...pos, file: task.file }, env.rules, env.detectOptions),
  };
  const addDetections = (more: Detection[]) => {
    for (const d of more) {
      const kept = result.detections.find((x) => x.line === d.line && x.fingerprint === d.fingerprint);
      if (!kept) result.detections.push(d);
      else if (!kept.key && d.key) kept.key = d.key; // env resolution needs the variable name
    }
  };

  if (isExtractCandidate(task.file, text)) {
    try {
      const r = time('extract', () => extractFile(ctx, helpers));
      result.bindings.push(...r.bindings);
      result.issues.push(...r.issues);
      result.warnings.push(...r.warnings);
      result.evidence.push(...r.evidence);
      addDetections(r.detections);
    } catch (err) {
      result.warnings.push({ file: task.file, message: `structured reader failed (${errorText(err)}); text scan still applied` });
    }
  }

  if (isCodeCandidate(task.file, text)) {
    try {
      const r = time('code', () => analyzeCode(ctx, helpers));
      result.bindings.push(...r.bindings);
      result.issues.push(...r.issues);
      result.warnings.push(...r.warnings);
      result.evidence.push(...r.evidence);
      addDetections(r.detections);
      if (r.facts) result.codeFacts = r.facts;
    } catch (err) {
      result.warnings.push({ file: task.file, message: `code analysis failed (${errorText(err)}); text scan still applied` });
    }
  }

  try {
    result.evidence.push(...time('evidence', () => collectEvidence(ctx)));
  } catch (err) {
    result.warnings.push({ file: task.file, message: `evidence collection failed (${errorText(err)})` });
  }
  const suppressions = findInlineSuppressions(ctx);
  if (suppressions.length) result.suppressions = suppressions;
  result.timings = timings;
  return result;
}
