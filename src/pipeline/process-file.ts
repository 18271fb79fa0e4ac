// Everything that happens to one file, in a worker thread or in-process:
// read → detect secrets → structured readers → code analysis → scorecard evidence → inline suppressions.
import type { CodeFacts, Detection, FileContext, FileResult, FileTask } from '../model/records.js';
import type { Warning } from '../model/report.js';
import { lineStarts, makeLineIndex, readTask } from '../sources/read.js';
import { detectCredentialFile, detectSecrets, detectValue, isCredentialFileName, type CapNotes, type DetectOptions } from '../detect/index.js';
import type { RuleSet } from './rule-set.js';
import { publicValueOf } from '../detect/public-values.js';
import { extractFile, isExtractCandidate, type ReaderHelpers } from '../extract/index.js';
import { analyzeCode, codeCandidateKind, needsTypeScriptParse } from '../code/index.js';
import { collectEvidence } from '../scorecard/index.js';
import { withSiblingLifetime } from '../lifetime/sibling.js';
import { findInlineSuppressions } from '../policy/suppressions.js';
import { scrubDeep, valueScrubber } from '../detect/scrub.js';
import { keywordPass, type KeywordPass } from './keyword-pass.js';

export interface FileProcessorEnv {
  ruleSet: RuleSet;
  detectOptions: DetectOptions;
  maxFileSize: number;
}

/**
 * Time limits per stage. The text scan (read, credential rules, structured readers) and code analysis each
 * get their own budget: before code analysis starts, `checkpoint` hands over what the text scan found, so a
 * worker stopped during code analysis still reports the file's secrets. In-process, `deadline` is checked
 * between the two (a stage cannot be interrupted there; the pipeline sends large files to workers).
 */
export interface StageControl {
  checkpoint?: (partial: FileResult, next: 'code') => void;
  /** ms per stage; past it in-process, the next stage is not started and the file is marked incomplete. */
  stageTimeoutMs?: number;
  /** Defer parsing TS/JS files that can only hold export facts to the cross-file link (see analyzeCode). */
  deferCode?: boolean;
  /**
   * A TS/JS file that needs the TypeScript parser is not processed here: the result only says `handedOff`, and
   * the pool sends the file to the code-analysis worker, which processes it whole (see src/pipeline/pool.ts).
   */
  handOffParse?: boolean;
}

function emptyResult(task: FileTask, bytes = 0): FileResult {
  return { file: task.file, bytes, detections: [], bindings: [], issues: [], evidence: [], warnings: [] };
}

function errorText(err: unknown): string {
  // Never echo scanned content: only the error class and a bounded message without quotes.
  const e = err as Error;
  return `${e?.name ?? 'Error'}: ${String(e?.message ?? err).slice(0, 120).replace(/["'`][^"'`]*["'`]/g, '…')}`;
}

/** Main thread, cross-file link: parse a file whose code analysis a worker deferred (read again, same guards). */
export function analyzeDeferred(task: FileTask | undefined, env: FileProcessorEnv): { facts?: CodeFacts; warnings: Warning[] } | undefined {
  if (!task) return undefined;
  const outcome = readTask(task, env.maxFileSize);
  if ('skipped' in outcome) return undefined;
  const text = outcome.text;
  const ctx: FileContext = { file: task.file, text, lineAt: makeLineIndex(text), exposure: task.exposure };
  const helpers: ReaderHelpers = {
    detectValue: (value, pos) => detectValue(value, { ...pos, file: task.file }, env.ruleSet.credentials, env.detectOptions),
  };
  try {
    const r = analyzeCode(ctx, helpers, { patterns: env.ruleSet.code });
    return { facts: r.facts, warnings: r.warnings };
  } catch (err) {
    return { warnings: [{ file: task.file, message: `code analysis failed (${errorText(err)}); text scan still applied` }] };
  }
}

/** A file read did not yield text: a keystore or key file is still a credential, reported by name. */
function skippedResult(task: FileTask, outcome: Extract<ReturnType<typeof readTask>, { skipped: unknown }>, env: FileProcessorEnv): FileResult {
  if (outcome.binary && isCredentialFileName(task.file, env.ruleSet.credentials)) {
    const found = detectCredentialFile(task.file, outcome.binary, env.ruleSet.credentials, env.detectOptions);
    if (found) return { ...emptyResult(task, outcome.binary.length), detections: [found] };
  }
  return { ...emptyResult(task), skipped: outcome.skipped };
}

/** The shared keyword pass, or undefined if it failed (each stage then looks for its own keywords). */
function tryKeywordPass(env: FileProcessorEnv, file: string, text: string): KeywordPass | undefined {
  try {
    return keywordPass(env.ruleSet, file, text);
  } catch {
    return undefined;
  }
}

/**
 * What readers and code analysis use to judge a value. A value is public by design (a Firebase config) or not
 * depending on the file around it: judged where the reader found it (searched from its line; searching the
 * whole file once per value made a file of thousands of keys quadratic).
 */
function readerHelpers(task: FileTask, text: string, env: FileProcessorEnv, secretValues: { secret: string; redacted: string }[]): ReaderHelpers {
  let starts: number[] | undefined;
  return {
    detectValue: (value, pos) => {
      const d = detectValue(value, { ...pos, file: task.file }, env.ruleSet.credentials, env.detectOptions, { notes: [], values: secretValues });
      if (!d) return null;
      starts ??= lineStarts(text);
      let at = text.indexOf(value, starts[pos.line - 1] ?? 0);
      if (at < 0) at = text.indexOf(value);
      if (at >= 0 && publicValueOf(value, text, at, at + value.length)) return null;
      return d;
    },
  };
}

export function processFile(task: FileTask, env: FileProcessorEnv, control: StageControl = {}): FileResult {
  const t0 = performance.now();
  const outcome = readTask(task, env.maxFileSize);
  if ('skipped' in outcome) return skippedResult(task, outcome, env);
  const text = outcome.text;
  const read = performance.now() - t0;
  // One walk over the text finds the keywords of the credential rules, evidence patterns, code-candidate
  // anchors and the suppression marker (each stage looks for its own if this failed).
  const pass = tryKeywordPass(env, task.file, text);
  const timings: Record<string, number> = { read, detect: performance.now() - t0 - read };
  const candidate = codeCandidateKind(task.file, text, env.ruleSet.code, pass?.code);
  const codeCandidate = candidate !== null;
  if (control.handOffParse && codeCandidate && needsTypeScriptParse(task.file, text, env.ruleSet.code, candidate)) return { ...emptyResult(task), handedOff: true };
  const result = emptyResult(task, outcome.bytes);
  const ctx: FileContext = { file: task.file, text, lineAt: makeLineIndex(text), exposure: task.exposure };
  const time = <T>(stage: string, fn: () => T): T => {
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      timings[stage] = (timings[stage] ?? 0) + performance.now() - t0;
    }
  };

  // Raw values detected in this file: every other string the file produces is scrubbed of them before it
  // leaves this function (a token used as a tool name, a key name, a message).
  const secretValues: { secret: string; redacted: string }[] = [];
  try {
    const caps: CapNotes = { notes: [], values: secretValues };
    result.detections = time('detect', () => detectSecrets(ctx, env.ruleSet.credentials, env.detectOptions, caps, pass?.detect));
    for (const detail of caps.notes) (result.incomplete ??= []).push({ file: task.file, reason: 'findings-capped', detail });
  } catch (err) {
    result.warnings.push({ file: task.file, message: `credential rules failed on this file (${errorText(err)})` });
  }

  const helpers = readerHelpers(task, text, env, secretValues);

  // Readers' detections join the text scan's: one per line and value (a map: a file can hold thousands), and
  // none beyond a cap the text scan already applied.
  const byPlace = new Map<string, Detection>();
  const addDetections = (more: Detection[]) => {
    if (!byPlace.size) for (const x of result.detections) byPlace.set(`${x.line}\0${x.fingerprint}`, x);
    const capped = result.incomplete?.some((i) => i.reason === 'findings-capped') ?? false;
    for (const d of more) {
      const kept = byPlace.get(`${d.line}\0${d.fingerprint}`);
      if (kept) {
        if (!kept.key && d.key) kept.key = d.key; // env resolution needs the variable name
      } else if (!capped) {
        result.detections.push(d);
        byPlace.set(`${d.line}\0${d.fingerprint}`, d);
      }
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

  // Before code analysis, so a partial result handed over at the checkpoint honours the file's suppressions.
  const suppressions = findInlineSuppressions(ctx, pass?.marker);
  if (suppressions.length) result.suppressions = suppressions;
  result.timings = timings;

  const overBudget = control.stageTimeoutMs !== undefined && performance.now() - t0 > control.stageTimeoutMs;
  if (codeCandidate && overBudget) {
    (result.incomplete ??= []).push({ file: task.file, reason: 'timeout', detail: `text scan over ${control.stageTimeoutMs} ms; code analysis not run, text-scan findings kept` });
  } else if (codeCandidate) {
    control.checkpoint?.(scrubResult(result, secretValues), 'code');
    try {
      const r = time('code', () => analyzeCode(ctx, helpers, { defer: control.deferCode, patterns: env.ruleSet.code, candidate: candidate ?? undefined }));
      result.bindings.push(...r.bindings);
      result.issues.push(...r.issues);
      result.warnings.push(...r.warnings);
      result.evidence.push(...r.evidence);
      addDetections(r.detections);
      if (r.facts) result.codeFacts = r.facts;
      if (r.deferred) result.codeDeferred = true;
    } catch (err) {
      result.warnings.push({ file: task.file, message: `code analysis failed (${errorText(err)}); text scan still applied` });
    }
  }

  try {
    result.evidence.push(...time('evidence', () => collectEvidence(ctx, env.ruleSet.controls, pass?.evidence)));
  } catch (err) {
    result.warnings.push({ file: task.file, message: `evidence collection failed (${errorText(err)})` });
  }
  // A token with its expiry written beside it (`expires_in: 3600`) lives that long, not forever.
  result.detections = result.detections.map((d) => withSiblingLifetime(text, d));
  return scrubResult(result, secretValues);
}

/** Fields of a FileResult that hold no scanned text, or must stay as they are (the file path identifies the task). */
const KEEP = new Set(['file', 'fingerprint', 'redacted', 'ruleId', 'kind', 'codeFacts', 'timings', 'skipped', 'incomplete']);

/** Replace this file's detected values in every string of its result (see src/detect/scrub.ts). */
function scrubResult(result: FileResult, values: { secret: string; redacted: string }[]): FileResult {
  if (!values.length) return result;
  const unique = new Map(values.map((v) => [v.secret, v]));
  const sorted = [...unique.values()].sort((a, b) => b.secret.length - a.secret.length);
  return scrubDeep(result, valueScrubber(sorted), KEEP);
}
