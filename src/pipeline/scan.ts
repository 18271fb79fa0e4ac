// The scan orchestrator: options → config → discover → process files (workers) → resolve → score →
// policy → gate → scorecard → Report. It never prints; progress goes through a callback.
import path from 'node:path';
import type { Binding, Exposure, Finding, IncompleteFile, Report, Severity, SkippedFile, Warning } from '../model/report.js';
import { LIFETIME_CLASSES, SEVERITIES } from '../model/report.js';
import type { CodeFacts, Detection, Evidence, FileResult, FileTask, InlineSuppression, Issue } from '../model/records.js';
import { discover, MissingPathError, UnreadablePathError } from '../sources/worktree.js';
import { loadCredentialRules, RuleLoadError, type DetectOptions } from '../detect/index.js';
import { analyzeDeferred, processFile } from './process-file.js';
import { defaultJobs, runInWorkers, type WorkerInit } from './pool.js';
import { groupReuse, resolve } from './resolve.js';
import { linkCodeFacts } from '../code/index.js';
import { scoreFindings } from '../score/index.js';
import { applyPolicy, evaluateGate, loadConfig } from '../policy/index.js';
import { incompleteFromSkipped } from '../policy/gate.js';
import { makeScrubber, scrubDeep, SKIP_KEYS } from '../detect/scrub.js';
import { buildCiCredentials, buildScorecard } from '../scorecard/index.js';
import { ControlPatternError, readControlData } from '../scorecard/patterns.js';
import { applyExtensions, type ScanExtensions } from './extensions.js';
import { parseDuration } from '../model/units.js';
import { ConfigError, UsageError } from '../model/errors.js';
import { rulesDir, toolVersion } from '../ruleset/paths.js';
import type { ScanOptions, TaskSource } from '../model/options.js';
import type { WorkingTreeIndex } from '../sources/history.js';
import { gitVcsInfo } from '../sources/git.js';
import type { CredentialRule } from '../detect/rule-types.js';
import { DEFAULT_FAIL_ON, DEFAULT_FILE_TIMEOUT_MS, DEFAULT_MAX_FILE_SIZE, DEFAULT_TASK_WINDOW_SECONDS } from '../model/defaults.js';

/** Files above this size always go to a worker (see the 'process' stage): in-process nothing could stop them. */
export const IN_PROCESS_MAX_FILE_BYTES = 128 * 1024;

function toSeconds(value: string | number | null | undefined, flag: string): number | null | undefined {
  if (value === null || value === undefined) return value;
  return typeof value === 'number' ? value : parseDuration(value, flag);
}

/** Run a scan and build the report. Throws UsageError / ConfigError for exit-2 conditions. */
export async function runScan(options: ScanOptions = {}): Promise<Report> {
  const started = performance.now();
  const stages: Record<string, number> = {};
  const stage = async <T>(name: string, fn: () => T | Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      stages[name] = (stages[name] ?? 0) + Math.round(performance.now() - t0);
    }
  };

  const paths = options.paths?.length ? options.paths : ['.'];
  const firstDir = path.resolve(paths[0]!);
  const loaded = loadConfig(firstDir, { path: options.config, strict: options.strictConfig });
  const cfg = loaded.config;

  const taskWindowSeconds = toSeconds(options.taskWindow ?? cfg.taskWindow, '--task-window') ?? DEFAULT_TASK_WINDOW_SECONDS;
  const maxAfterlifeSeconds = toSeconds(options.maxAfterlife ?? cfg.maxAfterlife, '--max-afterlife') ?? null;
  const failOn: Severity = options.failOn ?? cfg.failOn ?? DEFAULT_FAIL_ON;
  if (!SEVERITIES.includes(failOn)) throw new UsageError(`invalid --fail-on "${failOn}"`, `use one of ${SEVERITIES.join(', ')}`);
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;

  const extraRules: CredentialRule[] = cfg.customRules ?? [];
  const ruleDirs = [rulesDir('credentials'), ...(options.ruleDirs ?? [])];
  const rules = await stage('rules', () => {
    try {
      return loadCredentialRules(ruleDirs, extraRules);
    } catch (err) {
      // A broken custom rule (config) or rule file is a config error: exit 2 naming the file, no "bug" hint.
      if (err instanceof RuleLoadError) throw new ConfigError(err.message, loaded.display ? `check customRules in ${loaded.display} (rules/credentials format, see docs/rules.md)` : 'check the rule files');
      throw err;
    }
  });
  const detectOptions: DetectOptions = {
    fingerprintKey: options.fingerprintKey ?? process.env.CREDLIFE_FINGERPRINT_KEY ?? '',
    disabled: new Set((cfg.rules?.disable ?? []).map((d) => d.id)),
    allowRegexes: (cfg.allowlist?.regexes ?? []).map((r) => new RegExp(r.pattern)),
    stopwords: (cfg.allowlist?.stopwords ?? []).map((s) => s.word),
  };

  let extensions: ScanExtensions;
  try {
    extensions = { issuers: cfg.issuers ?? [], controlData: readControlData(cfg.controlPatterns ?? []) };
  } catch (err) {
    if (err instanceof ControlPatternError) {
      // The reason only: the message may quote the pattern's id or regex source, which the config's author wrote.
      throw new ConfigError(`${loaded.display ?? loaded.file ?? 'config'}: controlPatterns: ${controlPatternReason(err.message)}`, 'fix the pattern (see docs/scorecard.md)');
    }
    throw err;
  }

  // Discover (or take tasks from another source).
  let source: TaskSource;
  if (options.tasks) {
    source = { base: firstDir, tasks: options.tasks, skipped: [], isGitRepo: false };
  } else if (options.staged || options.diff || options.history) {
    // Sources that list files themselves filter them as discovery does: the config file's globs, then the CLI's.
    const filtered: ScanOptions = { ...options, include: options.include ?? cfg.include, exclude: [...(cfg.exclude ?? []), ...(options.exclude ?? [])] };
    source = await stage('discover', () => gitSource(firstDir, filtered, maxFileSize));
  } else {
    source = await stage('discover', async () => {
      try {
        return await discover(paths, {
          include: options.include ?? cfg.include,
          exclude: [...(cfg.exclude ?? []), ...(options.exclude ?? [])],
          defaultExcludes: options.defaultExcludes,
          gitignore: options.gitignore,
          maxFileSize,
        });
      } catch (err) {
        if (err instanceof MissingPathError) {
          throw new UsageError(`path not found: ${err.message}`, 'check the path; credlife scan [paths...] takes files or folders');
        }
        if (err instanceof UnreadablePathError) {
          throw new ConfigError(`incomplete scan: cannot read ${err.given} (${err.code})`, 'run credlife as a user who can read it, or fix its permissions');
        }
        throw err;
      }
    });
  }

  // Process every file: in workers for larger scans, in-process for small ones.
  const results: FileResult[] = [];
  const totalBytes = source.tasks.reduce((n, t) => n + t.size, 0);
  const jobs = options.jobs ?? defaultJobs();
  let bytesDone = 0;
  let findingsSoFar = 0;
  let filesDone = 0;
  // Most files produce nothing: count them and drop them instead of holding 100k result objects (memory).
  let emptyFiles = 0;
  let emptyBytes = 0;
  const perFileStages: Record<string, number> = {};
  const onResult = (r: FileResult) => {
    filesDone++;
    bytesDone += r.bytes;
    findingsSoFar += r.detections.length + r.issues.length;
    for (const k in r.timings) perFileStages[k] = (perFileStages[k] ?? 0) + r.timings[k]!;
    const empty =
      !r.skipped && !r.detections.length && !r.bindings.length && !r.issues.length && !r.evidence.length && !r.warnings.length && !r.codeFacts && !r.codeDeferred && !r.suppressions?.length;
    if (empty) {
      emptyFiles++;
      emptyBytes += r.bytes;
    } else results.push(r);
    options.onProgress?.({ filesDone, filesTotal: source.tasks.length, bytesDone, findingsSoFar });
  };
  const fileTimeoutMs = options.fileTimeoutMs ?? DEFAULT_FILE_TIMEOUT_MS;
  await stage('process', async () => {
    // Workers pay ~100 ms to start; tiny scans (a pre-commit hook on a few files) run in-process. In-process a
    // stage cannot be stopped, so any file big enough to run long goes to a worker, whose watchdog can.
    const large = source.tasks.some((t) => t.size > IN_PROCESS_MAX_FILE_BYTES);
    // Regexes from a config (custom rules, allowlist regexes, evidence patterns) passed the probe, but their first
    // real use on scanned text also runs where the watchdog can stop it.
    const configRegexes = (cfg.customRules?.length ?? 0) + (cfg.allowlist?.regexes?.length ?? 0) + (cfg.controlPatterns?.length ?? 0) > 0;
    const useWorkers = large || configRegexes || (jobs > 1 && (options.jobs !== undefined || source.tasks.length > 64 || totalBytes > 4 * 1024 * 1024));
    if (useWorkers) {
      const init: WorkerInit = { rules: rules.rules, detectOptions, maxFileSize, extensions };
      await runInWorkers(source.tasks, init, { jobs, fileTimeoutMs }, onResult);
    } else {
      applyExtensions(extensions);
      const env = { rules, detectOptions, maxFileSize };
      for (const task of source.tasks) onResult(processFile(task, env, { stageTimeoutMs: fileTimeoutMs, deferCode: true }));
    }
  });
  results.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));

  // Gather per-file records.
  const detections: Detection[] = [];
  const bindings: Binding[] = [];
  const issues: Issue[] = [];
  const evidence: Evidence[] = [];
  const facts: CodeFacts[] = [];
  const deferredCode = new Set<string>();
  const warnings: Warning[] = [];
  const inline: InlineSuppression[] = [];
  const skipped: SkippedFile[] = [...source.skipped];
  const incomplete: IncompleteFile[] = [];
  let filesScanned = emptyFiles;
  let bytesScanned = emptyBytes;
  const exposure = new Map<string, Exposure>(source.tasks.map((t) => [t.file, t.exposure]));
  for (const r of results) {
    if (r.incomplete) incomplete.push(...r.incomplete);
    if (r.skipped) {
      skipped.push(r.skipped);
      continue;
    }
    filesScanned++;
    bytesScanned += r.bytes;
    detections.push(...r.detections);
    bindings.push(...r.bindings);
    issues.push(...r.issues);
    evidence.push(...r.evidence);
    warnings.push(...r.warnings);
    if (r.codeFacts) facts.push(r.codeFacts);
    if (r.codeDeferred) deferredCode.add(r.file);
    if (r.suppressions) inline.push(...r.suppressions);
  }
  for (const [k, v] of Object.entries(perFileStages)) stages[`${k} (cpu)`] = Math.round(v);

  const linked = await stage('code-link', () => {
    if (!deferredCode.size) return linkCodeFacts(facts);
    // Files the workers did not parse (they can only hold export facts) are parsed here, when a link reaches one.
    const taskOf = new Map(source.tasks.filter((t) => deferredCode.has(t.file)).map((t) => [t.file, t]));
    applyExtensions(extensions);
    return linkCodeFacts(facts, {
      files: deferredCode,
      load: (file) => {
        const r = analyzeDeferred(taskOf.get(file), { rules, detectOptions, maxFileSize });
        if (r) warnings.push(...r.warnings);
        return r?.facts;
      },
    });
  });
  bindings.push(...linked.bindings);
  issues.push(...linked.issues);
  evidence.push(...linked.evidence);

  const now = options.now ?? new Date();
  const resolved = await stage('resolve', () =>
    resolve({
      detections,
      bindings,
      issues,
      rules,
      taskWindowSeconds,
      exposureOf: (file) => exposure.get(file) ?? 'file',
      now: now.getTime(),
    }),
  );
  let findings = resolved.findings;
  let historySummary: Report['summary']['history'];
  if (options.history) {
    // Per-commit task keys back to paths; the same secret in many commits folds into one finding.
    const { foldHistory, historyMetaOf } = await import('../sources/history.js');
    const meta = historyMetaOf(source);
    if (meta) {
      const workingTree = await stage('discover', () => workingTreePass(options));
      ({ findings, summary: historySummary } = foldHistory(meta, workingTree, { findings, bindings: resolved.bindings, warnings, inline, skipped }));
    }
  }
  if (source.lineFilter) {
    const filter = source.lineFilter;
    findings = findings.filter((f) => filter.get(f.file)?.has(f.line) ?? false);
  }

  await stage('score', () => scoreFindings(findings, { taskWindowSeconds, now, credentialRules: rules.rules }));

  // One scrubber for every string in the report (src/detect/scrub.ts): findings first, so policy, baselines and
  // suppressions all see the same (redacted) paths and names; everything else once the report is built.
  const scrub = makeScrubber(rules, detectOptions);
  await stage('scrub', () => {
    scrubDeep(findings, scrub);
    for (const s of inline) s.file = scrub(s.file);
  });

  // --no-inline-suppressions: a gate that wants none ignores every credlife-ignore comment (and says how many).
  const inlineIgnored = options.inlineSuppressions === false ? inline.length : 0;
  const policy = await stage('policy', () =>
    applyPolicy(findings, {
      config: loaded,
      inline: options.inlineSuppressions === false ? [] : inline,
      baselinePath: options.baseline,
      writeBaselinePath: options.writeBaseline,
      scanRoots: paths.map((p) => path.resolve(p)),
      showBaselined: options.showBaselined,
      reportUnusedSuppressions: options.reportUnusedSuppressions,
      now,
    }),
  );
  findings = sortFindings(policy.findings);
  warnings.push(...policy.warnings);

  // Timed-out and unreadable skips not already named by the file's own record (discovery, git sources).
  const named = new Set(incomplete.map((i) => i.file));
  for (const i of incompleteFromSkipped(skipped)) if (!named.has(i.file)) incomplete.push(i);
  incomplete.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const gate = evaluateGate(findings, { failOn, maxAfterlifeSeconds, incomplete, allowIncomplete: options.allowIncomplete, allowUnreadable: options.allowUnreadable });

  const bySeverity: Report['summary']['bySeverity'] = {};
  for (const s of SEVERITIES) bySeverity[s] = 0;
  const byLifetime: Report['summary']['byLifetime'] = {};
  for (const c of LIFETIME_CLASSES) byLifetime[c] = 0;
  for (const f of findings) {
    bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
    const cls = f.credential?.lifetime.class ?? f.lifetime?.class;
    if (cls) byLifetime[cls] = (byLifetime[cls] ?? 0) + 1;
  }
  const skippedByReason: Report['summary']['skipped'] = {};
  for (const s of skipped) skippedByReason[s.reason] = (skippedByReason[s.reason] ?? 0) + 1;

  const reuseGroups = groupReuse(findings);
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'credlife', version: toolVersion() },
    root: paths.length === 1 ? paths[0]! : paths.join(' '),
    taskWindowSeconds,
    findings,
    ...(reuseGroups.length ? { reuse: reuseGroups } : {}),
    bindings: sortBindings(resolved.bindings),
    summary: {
      filesScanned,
      bytesScanned,
      durationMs: 0,
      bySeverity,
      byLifetime,
      skipped: skippedByReason,
      ...(options.debug ? { skippedFiles: skipped.sort((a, b) => (a.file < b.file ? -1 : 1)) } : {}),
      ...(incomplete.length ? { incomplete } : {}),
      warnings,
      suppressed: policy.suppressed,
      baselined: policy.baselined,
      ...(policy.baselineWritten ? { baselineWritten: policy.baselineWritten } : {}),
      ...(policy.baselinedFindings.length ? { baselinedFindings: policy.baselinedFindings } : {}),
      ...(options.inlineSuppressions === false ? { inlineSuppressionsIgnored: inlineIgnored } : {}),
      stages,
      gate,
      ...(historySummary ? { history: historySummary } : {}),
    },
  };
  if (source.isGitRepo) {
    const vcs = await gitVcsInfo(source.base);
    if (vcs) report.vcs = vcs;
  }
  const scorecard = await stage('scorecard', () => buildScorecard(report, evidence));
  if (scorecard.length) report.scorecard = scorecard;
  const ci = buildCiCredentials(report, evidence);
  if (ci) report.ciCredentials = ci;
  const required = options.requireControls ?? cfg.requireControls ?? [];
  if (required.length) {
    const from = options.requireControls ? '--require-control' : `${loaded.display ?? 'config'}: requireControls`;
    for (const [i, name] of required.entries()) {
      const entry = scorecard.find((e) => e.control === name);
      // Named by position, never by value (it could be a pasted secret).
      if (!entry) throw new UsageError(`${from}[${i}]: unknown control`, `use one of: ${scorecard.map((e) => e.control).join(', ') || '(no scorecard)'}`);
      (gate.requiredControls ??= []).push({ control: name, status: entry.status, failed: entry.status === 'missing' });
      if (entry.status === 'missing') {
        gate.failed = true;
        gate.reasons.push(`required control ${name} is missing`);
      }
    }
  }
  // Findings were scrubbed before policy; the rest of the report now.
  await stage('scrub', () => scrubDeep(report, scrub, new Set([...SKIP_KEYS, 'findings'])));
  report.summary.durationMs = Math.round(performance.now() - started);
  return report;
}

/** --history: the plain working-tree scan whose fingerprints say which secrets of the history are still present. */
async function workingTreePass(options: ScanOptions): Promise<WorkingTreeIndex> {
  const { workingTreeIndex } = await import('../sources/history.js');
  const plain = await runScan({
    ...options,
    history: false,
    since: undefined,
    branch: undefined,
    maxCommits: undefined,
    baseline: undefined,
    writeBaseline: undefined,
    requireControls: [],
    onProgress: undefined,
    tasks: undefined,
  });
  return workingTreeIndex(plain);
}

/** Staged / diff / history sources live in src/sources; imported lazily so plain scans do not pay for them. */
async function gitSource(base: string, options: ScanOptions, maxFileSize: number): Promise<TaskSource> {
  const mod = (await import('../sources/index.js')) as {
    collectGitSource?: (base: string, options: ScanOptions, maxFileSize: number) => Promise<TaskSource>;
  };
  if (!mod.collectGitSource) throw new ConfigError('this build has no git sources', 'use a plain scan');
  return mod.collectGitSource(base, options, maxFileSize);
}

/** A control-pattern error without anything quoted from the pattern (ids, regex sources, values). */
function controlPatternReason(message: string): string {
  return message.replace(/"[^"]*"/g, '"…"').replace(/\([^()]*\)/g, '(…)').slice(0, 200);
}

function sortFindings(findings: Finding[]): Finding[] {
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  return findings.sort(
    (a, b) =>
      rank(a.severity) - rank(b.severity) ||
      b.score - a.score ||
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
}

function sortBindings(bindings: Binding[]): Binding[] {
  return bindings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || (a.tool < b.tool ? -1 : 1));
}
