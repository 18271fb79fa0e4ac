// The scan, as named phases: settle (options + config file → settings and the rule set), source (the working
// tree or another source's tasks) and process (per-file stages, in workers; the working tree's files go to the
// workers while discovery still walks it), analyse (code links, resolution, the
// history fold), judge (score, policy, scorecard, then the gate once), assemble (the report). It never prints;
// progress goes through a callback.
import path from 'node:path';
import type { Binding, CiCredentials, Exposure, Finding, GateResult, IncompleteFile, Report, ScorecardEntry, Severity, SkippedFile, Warning } from '../model/report.js';
import { LIFETIME_CLASSES, SEVERITIES } from '../model/report.js';
import type { CodeFacts, Detection, Evidence, FileResult, FileTask, InlineSuppression, Issue } from '../model/records.js';
import { cmp, sortBindings, sortFindings } from '../model/order.js';
import { discover, MissingPathError, UnreadablePathError } from '../sources/worktree.js';
import { loadCredentialRules, RuleLoadError, type CompiledRules, type DetectOptions } from '../detect/index.js';
import { analyzeDeferred, processFile } from './process-file.js';
import { defaultJobs, runInWorkers, TaskFeed, type WorkerInit } from './pool.js';
import { groupReuse, resolve } from './resolve.js';
import { linkCodeFacts } from '../code/index.js';
import { scoreFindings } from '../score/index.js';
import { applyPolicy, evaluateGate, loadConfig } from '../policy/index.js';
import type { LoadedConfig } from '../policy/config.js';
import { incompleteFromSkipped } from '../policy/gate.js';
import { makeScrubber, scrubDeep, SKIP_KEYS } from '../detect/scrub.js';
import { buildCiCredentials, buildScorecard } from '../scorecard/index.js';
import { ControlPatternError, readControlData } from '../scorecard/patterns.js';
import { ruleSetOf, type RuleSet, type ScanExtensions } from './rule-set.js';
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

/** Wall time per named stage of one scan (summary.stages). */
class StageTimes {
  readonly times: Record<string, number> = {};
  async run<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.times[name] = (this.times[name] ?? 0) + Math.round(performance.now() - t0);
    }
  }
}

/** Everything one scan settles before it reads a file: the options merged with the config file, and the rule set. */
interface ScanSettings {
  options: ScanOptions;
  paths: string[];
  firstDir: string;
  loaded: LoadedConfig;
  /** The scan's clock: every stage that compares with "now" uses this one instant. */
  now: Date;
  taskWindowSeconds: number;
  maxAfterlifeSeconds: number | null;
  failOn: Severity;
  maxFileSize: number;
  fileTimeoutMs: number;
  /** Globs of the config file, then the CLI's. */
  include: string[] | undefined;
  exclude: string[];
  requiredControls: string[];
  /** The scan's rules: credential rules, code patterns and control catalog with the team's additions. */
  ruleSet: RuleSet;
  detectOptions: DetectOptions;
  /** The team's additions as plain data, for the workers to build the same rule set. */
  extensions: ScanExtensions;
  /** Replaces every detected secret value in a string (src/detect/scrub.ts). */
  scrub: (text: string) => string;
}

/** The per-file records of every file processed, gathered (files that produced nothing are only counted). */
interface Processed {
  detections: Detection[];
  bindings: Binding[];
  issues: Issue[];
  evidence: Evidence[];
  facts: CodeFacts[];
  /** TS/JS files whose parse a worker deferred to the cross-file link (they can only hold export facts). */
  deferredCode: Set<string>;
  warnings: Warning[];
  inline: InlineSuppression[];
  skipped: SkippedFile[];
  incomplete: IncompleteFile[];
  filesScanned: number;
  bytesScanned: number;
}

/** Findings and bindings after resolution (and, for --history, the fold across commits). */
interface Analysed {
  findings: Finding[];
  bindings: Binding[];
  history?: Report['summary']['history'];
}

/** Findings after scoring and policy, and what the scorecard and the gate made of them. */
interface Judged {
  findings: Finding[];
  bindings: Binding[];
  suppressed: Report['summary']['suppressed'];
  baselined: number;
  baselinedFindings: NonNullable<Report['summary']['baselinedFindings']>;
  baselineWritten?: Report['summary']['baselineWritten'];
  /** credlife-ignore comments ignored under --no-inline-suppressions. */
  inlineIgnored: number;
  gate: GateResult;
  scorecard: ScorecardEntry[];
  ciCredentials?: CiCredentials;
}

/** Run a scan and build the report. Throws UsageError / ConfigError for exit-2 conditions. */
export async function runScan(options: ScanOptions = {}): Promise<Report> {
  const started = performance.now();
  const stages = new StageTimes();
  const settings = await settle(options, stages);
  const { source, processed } = await sourceAndProcess(settings, stages);
  const analysed = await analyse(processed, source, settings, stages);
  const judged = await judge(analysed, processed, settings, stages);
  const report = await assemble(settings, source, processed, analysed, judged, stages);
  // Findings were scrubbed before policy; the rest of the report now.
  await stages.run('scrub', () => scrubDeep(report, settings.scrub, new Set([...SKIP_KEYS, 'findings'])));
  report.summary.durationMs = Math.round(performance.now() - started);
  return report;
}

/** Settings: the config file, durations and limits, the credential rules and the team's extensions. */
async function settle(options: ScanOptions, stages: StageTimes): Promise<ScanSettings> {
  const now = options.now ?? new Date();
  const paths = options.paths?.length ? options.paths : ['.'];
  const firstDir = path.resolve(paths[0]!);
  const loaded = loadConfig(firstDir, { path: options.config, strict: options.strictConfig });
  const cfg = loaded.config;

  const taskWindowSeconds = toSeconds(options.taskWindow ?? cfg.taskWindow, '--task-window') ?? DEFAULT_TASK_WINDOW_SECONDS;
  const maxAfterlifeSeconds = toSeconds(options.maxAfterlife ?? cfg.maxAfterlife, '--max-afterlife') ?? null;
  const failOn: Severity = options.failOn ?? cfg.failOn ?? DEFAULT_FAIL_ON;
  if (!SEVERITIES.includes(failOn)) throw new UsageError(`invalid --fail-on "${failOn}"`, `use one of ${SEVERITIES.join(', ')}`);

  const rules = await stages.run('rules', () => loadRules(options, loaded));
  const detectOptions: DetectOptions = {
    fingerprintKey: options.fingerprintKey ?? process.env.CREDLIFE_FINGERPRINT_KEY ?? '',
    disabled: new Set((cfg.rules?.disable ?? []).map((d) => d.id)),
    allowRegexes: (cfg.allowlist?.regexes ?? []).map((r) => new RegExp(r.pattern)),
    stopwords: (cfg.allowlist?.stopwords ?? []).map((s) => s.word),
    now,
  };
  const extensions = loadExtensions(loaded);
  return {
    options,
    paths,
    firstDir,
    loaded,
    now,
    taskWindowSeconds,
    maxAfterlifeSeconds,
    failOn,
    maxFileSize: options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE,
    fileTimeoutMs: options.fileTimeoutMs ?? DEFAULT_FILE_TIMEOUT_MS,
    include: options.include ?? cfg.include,
    exclude: [...(cfg.exclude ?? []), ...(options.exclude ?? [])],
    requiredControls: options.requireControls ?? cfg.requireControls ?? [],
    ruleSet: ruleSetOf(rules, extensions),
    detectOptions,
    extensions,
    scrub: makeScrubber(rules, detectOptions),
  };
}

/** The shipped credential rules, extra rule folders and the config's custom rules. */
function loadRules(options: ScanOptions, loaded: LoadedConfig): CompiledRules {
  const extraRules: CredentialRule[] = loaded.config.customRules ?? [];
  const ruleDirs = [rulesDir('credentials'), ...(options.ruleDirs ?? [])];
  try {
    return loadCredentialRules(ruleDirs, extraRules);
  } catch (err) {
    // A broken custom rule (config) or rule file is a config error: exit 2 naming the file, no "bug" hint.
    if (err instanceof RuleLoadError) throw new ConfigError(err.message, loaded.display ? `check customRules in ${loaded.display} (rules/credentials format, see docs/rules.md)` : 'check the rule files');
    throw err;
  }
}

/** The team's additions to the per-file stages: issuer names for code analysis, scorecard evidence patterns. */
function loadExtensions(loaded: LoadedConfig): ScanExtensions {
  const cfg = loaded.config;
  try {
    return { issuers: cfg.issuers ?? [], controlData: readControlData(cfg.controlPatterns ?? []) };
  } catch (err) {
    if (err instanceof ControlPatternError) {
      // The reason only: the message may quote the pattern's id or regex source, which the config's author wrote.
      throw new ConfigError(`${loaded.display ?? loaded.file ?? 'config'}: controlPatterns: ${controlPatternReason(err.message)}`, 'fix the pattern (see docs/scorecard.md)');
    }
    throw err;
  }
}

/**
 * Source and process. The working tree is processed while discovery walks it: once what was found so far
 * calls for workers (see WorkerChoice), the pool starts and takes the files as they are found. Other sources
 * (pre-built tasks from stdin, staged, diff, history) list their files first.
 */
async function sourceAndProcess(s: ScanSettings, stages: StageTimes): Promise<{ source: TaskSource; processed: Processed }> {
  const { options } = s;
  const collector = new ResultCollector(options.onProgress);
  if (options.tasks || options.staged || options.diff || options.history) {
    const source: TaskSource = options.tasks
      ? { base: s.firstDir, tasks: options.tasks, skipped: [], isGitRepo: false }
      : // Sources that list files themselves filter them as discovery does: the config file's globs, then the CLI's.
        await stages.run('discover', () => gitSource(s.firstDir, { ...options, include: s.include, exclude: s.exclude }, s.maxFileSize));
    collector.expect(source.tasks.length);
    await stages.run('process', () => processTasks(source.tasks, s, collector));
    return { source, processed: collector.gather(source, stages) };
  }
  const feed = new TaskFeed();
  const choice = new WorkerChoice(s);
  let pool: Promise<unknown> | undefined;
  let poolStarted = 0;
  const onTask = (task: FileTask) => {
    collector.expect(1);
    feed.push(task);
    if (pool || !choice.add(task)) return;
    poolStarted = performance.now();
    // Caught at once (a failure must not go unhandled while discovery runs), rethrown below.
    pool = runInWorkers(feed, workerInit(s), { jobs: choice.jobs, fileTimeoutMs: s.fileTimeoutMs }, collector.onResult).then(
      () => null,
      (err: unknown) => ({ err }),
    );
  };
  let source: TaskSource;
  try {
    source = await stages.run('discover', () => discoverTree(s, onTask));
  } catch (err) {
    feed.cancel();
    await pool;
    throw err;
  }
  feed.close();
  if (pool) {
    const failed = (await pool) as { err: unknown } | null;
    stages.times.process = Math.round(performance.now() - poolStarted);
    if (failed) throw failed.err;
  } else await stages.run('process', () => processInProcess(source.tasks, s, collector));
  return { source, processed: collector.gather(source, stages) };
}

/** Discovery of the working tree; `onTask` gets each file as it is found. */
async function discoverTree(s: ScanSettings, onTask: (task: FileTask) => void): Promise<TaskSource> {
  const { options } = s;
  try {
    return await discover(s.paths, { include: s.include, exclude: s.exclude, defaultExcludes: options.defaultExcludes, gitignore: options.gitignore, maxFileSize: s.maxFileSize, onTask });
  } catch (err) {
    if (err instanceof MissingPathError) {
      throw new UsageError(`path not found: ${err.message}`, 'check the path; credlife scan [paths...] takes files or folders');
    }
    if (err instanceof UnreadablePathError) {
      throw new ConfigError(`incomplete scan: cannot read ${err.given} (${err.code})`, 'run credlife as a user who can read it, or fix its permissions');
    }
    throw err;
  }
}

/** Staged / diff / history sources live in src/sources; imported lazily so plain scans do not pay for them. */
async function gitSource(base: string, options: ScanOptions, maxFileSize: number): Promise<TaskSource> {
  const mod = (await import('../sources/index.js')) as {
    collectGitSource?: (base: string, options: ScanOptions, maxFileSize: number) => Promise<TaskSource>;
  };
  if (!mod.collectGitSource) throw new ConfigError('this build has no git sources', 'use a plain scan');
  return mod.collectGitSource(base, options, maxFileSize);
}

/**
 * Workers pay ~100 ms to start; tiny scans (a pre-commit hook on a few files) run in-process. In-process a stage
 * cannot be stopped, so any file big enough to run long goes to a worker, whose watchdog can; so does any scan
 * with regexes from a config (custom rules, allowlist regexes, evidence patterns): they passed the probe, but
 * their first real use on scanned text also runs where the watchdog can stop it. The choice is made on the
 * files found so far: every reason only grows with more files, so the answer on a prefix is the answer.
 */
class WorkerChoice {
  readonly jobs: number;
  private files = 0;
  private bytes = 0;
  private readonly always: boolean;

  constructor(private readonly s: ScanSettings) {
    this.jobs = s.options.jobs ?? defaultJobs();
    const cfg = s.loaded.config;
    const configRegexes = (cfg.customRules?.length ?? 0) + (cfg.allowlist?.regexes?.length ?? 0) + (cfg.controlPatterns?.length ?? 0) > 0;
    this.always = configRegexes || (this.jobs > 1 && s.options.jobs !== undefined);
  }

  /** Count one more file: true once the files so far call for workers. */
  add(task: FileTask): boolean {
    this.files++;
    this.bytes += task.size;
    return this.always || task.size > IN_PROCESS_MAX_FILE_BYTES || (this.jobs > 1 && (this.files > 64 || this.bytes > 4 * 1024 * 1024));
  }
}

function workerInit(s: ScanSettings): WorkerInit {
  return { rules: s.ruleSet.credentials.rules, detectOptions: s.detectOptions, maxFileSize: s.maxFileSize, extensions: s.extensions };
}

/** A listed source's files, in workers or in-process (see WorkerChoice). */
async function processTasks(tasks: FileTask[], s: ScanSettings, collector: ResultCollector): Promise<void> {
  const choice = new WorkerChoice(s);
  if (tasks.some((t) => choice.add(t))) await runInWorkers(tasks, workerInit(s), { jobs: choice.jobs, fileTimeoutMs: s.fileTimeoutMs }, collector.onResult);
  else processInProcess(tasks, s, collector);
}

/** One file at a time in this thread (small scans: no worker start-up to pay). */
function processInProcess(tasks: readonly FileTask[], s: ScanSettings, collector: ResultCollector): void {
  const env = { ruleSet: s.ruleSet, detectOptions: s.detectOptions, maxFileSize: s.maxFileSize };
  for (const task of tasks) collector.onResult(processFile(task, env, { stageTimeoutMs: s.fileTimeoutMs, deferCode: true }));
}

/** Per-file results as they arrive: progress, stage times, and only the results that hold something. */
class ResultCollector {
  // Most files produce nothing: count them and drop them instead of holding 100k result objects (memory).
  private readonly results: FileResult[] = [];
  private readonly empty = { files: 0, bytes: 0 };
  private readonly perFileStages: Record<string, number> = {};
  private readonly progress = { filesDone: 0, filesTotal: 0, bytesDone: 0, findingsSoFar: 0 };

  constructor(private readonly onProgress?: ScanOptions['onProgress']) {}

  /** More files to come (discovery found them). */
  expect(files: number): void {
    this.progress.filesTotal += files;
  }

  readonly onResult = (r: FileResult): void => {
    const progress = this.progress;
    progress.filesDone++;
    progress.bytesDone += r.bytes;
    progress.findingsSoFar += r.detections.length + r.issues.length;
    for (const k in r.timings) this.perFileStages[k] = (this.perFileStages[k] ?? 0) + r.timings[k]!;
    if (isEmptyResult(r)) {
      this.empty.files++;
      this.empty.bytes += r.bytes;
    } else this.results.push(r);
    this.onProgress?.({ ...progress });
  };

  /** The records of all files, in file order; per-file stage times summed into the scan's stages. */
  gather(source: TaskSource, stages: StageTimes): Processed {
    this.results.sort((a, b) => cmp(a.file, b.file));
    const processed = gather(this.results, source, this.empty);
    for (const [k, v] of Object.entries(this.perFileStages)) stages.times[`${k} (cpu)`] = Math.round(v);
    return processed;
  }
}

function isEmptyResult(r: FileResult): boolean {
  return !r.skipped && !r.detections.length && !r.bindings.length && !r.issues.length && !r.evidence.length && !r.warnings.length && !r.codeFacts && !r.codeDeferred && !r.suppressions?.length;
}

/** The per-file records of all results, in file order. */
function gather(results: readonly FileResult[], source: TaskSource, empty: { files: number; bytes: number }): Processed {
  const p: Processed = {
    detections: [],
    bindings: [],
    issues: [],
    evidence: [],
    facts: [],
    deferredCode: new Set(),
    warnings: [],
    inline: [],
    skipped: [...source.skipped],
    incomplete: [],
    filesScanned: empty.files,
    bytesScanned: empty.bytes,
  };
  for (const r of results) {
    if (r.incomplete) p.incomplete.push(...r.incomplete);
    if (r.skipped) {
      p.skipped.push(r.skipped);
      continue;
    }
    p.filesScanned++;
    p.bytesScanned += r.bytes;
    p.detections.push(...r.detections);
    p.bindings.push(...r.bindings);
    p.issues.push(...r.issues);
    p.evidence.push(...r.evidence);
    p.warnings.push(...r.warnings);
    if (r.codeFacts) p.facts.push(r.codeFacts);
    if (r.codeDeferred) p.deferredCode.add(r.file);
    if (r.suppressions) p.inline.push(...r.suppressions);
  }
  return p;
}

/** Analyse: link code facts across files, resolve records into findings, fold history, keep diff lines. */
async function analyse(p: Processed, source: TaskSource, s: ScanSettings, stages: StageTimes): Promise<Analysed> {
  const linked = await stages.run('code-link', () => linkCode(p, source, s));
  p.bindings.push(...linked.bindings);
  p.issues.push(...linked.issues);
  p.evidence.push(...linked.evidence);

  const exposure = new Map<string, Exposure>(source.tasks.map((t) => [t.file, t.exposure]));
  const resolved = await stages.run('resolve', () =>
    resolve({
      detections: p.detections,
      bindings: p.bindings,
      issues: p.issues,
      rules: s.ruleSet.credentials,
      taskWindowSeconds: s.taskWindowSeconds,
      exposureOf: (file) => exposure.get(file) ?? 'file',
      now: s.now.getTime(),
    }),
  );
  let findings = resolved.findings;
  let history: Analysed['history'];
  if (s.options.history) {
    // Per-commit task keys back to paths; the same secret in many commits folds into one finding.
    const { foldHistory, historyMetaOf } = await import('../sources/history.js');
    const meta = historyMetaOf(source);
    if (meta) {
      const workingTree = await stages.run('discover', () => workingTreePass(s.options));
      ({ findings, summary: history } = foldHistory(meta, workingTree, { findings, bindings: resolved.bindings, warnings: p.warnings, inline: p.inline, skipped: p.skipped }));
    }
  }
  if (source.lineFilter) {
    const filter = source.lineFilter;
    findings = findings.filter((f) => filter.get(f.file)?.has(f.line) ?? false);
  }
  return { findings, bindings: resolved.bindings, ...(history ? { history } : {}) };
}

/** The cross-file link of code facts; files the workers did not parse are parsed here when a link reaches one. */
function linkCode(p: Processed, source: TaskSource, s: ScanSettings): ReturnType<typeof linkCodeFacts> {
  if (!p.deferredCode.size) return linkCodeFacts(p.facts);
  const taskOf = new Map(source.tasks.filter((t) => p.deferredCode.has(t.file)).map((t) => [t.file, t]));
  return linkCodeFacts(p.facts, {
    files: p.deferredCode,
    load: (file) => {
      const r = analyzeDeferred(taskOf.get(file), { ruleSet: s.ruleSet, detectOptions: s.detectOptions, maxFileSize: s.maxFileSize });
      if (r) p.warnings.push(...r.warnings);
      return r?.facts;
    },
  });
}

/** Judge: score, policy (suppressions, baseline), the scorecard, then the gate, once, from findings and scorecard. */
async function judge(a: Analysed, p: Processed, s: ScanSettings, stages: StageTimes): Promise<Judged> {
  await stages.run('score', () => scoreFindings(a.findings, { taskWindowSeconds: s.taskWindowSeconds, now: s.now, credentialRules: s.ruleSet.credentials.rules }));
  // One scrubber for every string in the report (src/detect/scrub.ts): findings first, so policy, baselines and
  // suppressions all see the same (redacted) paths and names; everything else once the report is built.
  await stages.run('scrub', () => {
    scrubDeep(a.findings, s.scrub);
    for (const x of p.inline) x.file = s.scrub(x.file);
  });

  // --no-inline-suppressions: a gate that wants none ignores every credlife-ignore comment (and says how many).
  const inlineIgnored = s.options.inlineSuppressions === false ? p.inline.length : 0;
  const policy = await stages.run('policy', () =>
    applyPolicy(a.findings, {
      config: s.loaded,
      inline: s.options.inlineSuppressions === false ? [] : p.inline,
      baselinePath: s.options.baseline,
      writeBaselinePath: s.options.writeBaseline,
      scanRoots: s.paths.map((x) => path.resolve(x)),
      showBaselined: s.options.showBaselined,
      reportUnusedSuppressions: s.options.reportUnusedSuppressions,
      now: s.now,
    }),
  );
  const findings = sortFindings(policy.findings);
  p.warnings.push(...policy.warnings);

  // Timed-out and unreadable skips not already named by the file's own record (discovery, git sources).
  const named = new Set(p.incomplete.map((i) => i.file));
  for (const i of incompleteFromSkipped(p.skipped)) if (!named.has(i.file)) p.incomplete.push(i);
  p.incomplete.sort((x, y) => cmp(x.file, y.file));

  const bindings = sortBindings(a.bindings);
  const scored = { findings, bindings, summary: { gate: { maxAfterlifeSeconds: s.maxAfterlifeSeconds } } };
  const scorecard = await stages.run('scorecard', () => buildScorecard(scored, p.evidence, s.ruleSet.controls));
  const ciCredentials = buildCiCredentials(scored, p.evidence, s.ruleSet.controls);
  checkRequiredControls(s, scorecard);
  const gate = evaluateGate(findings, {
    failOn: s.failOn,
    maxAfterlifeSeconds: s.maxAfterlifeSeconds,
    incomplete: p.incomplete,
    allowIncomplete: s.options.allowIncomplete,
    allowUnreadable: s.options.allowUnreadable,
    requiredControls: s.requiredControls,
    scorecard,
  });
  return {
    findings,
    bindings,
    suppressed: policy.suppressed,
    baselined: policy.baselined,
    baselinedFindings: policy.baselinedFindings,
    ...(policy.baselineWritten ? { baselineWritten: policy.baselineWritten } : {}),
    inlineIgnored,
    gate,
    scorecard,
    ...(ciCredentials ? { ciCredentials } : {}),
  };
}

/** --require-control names a control of the scorecard; named by position, never by value (it could be a pasted secret). */
function checkRequiredControls(s: ScanSettings, scorecard: readonly ScorecardEntry[]): void {
  const from = s.options.requireControls ? '--require-control' : `${s.loaded.display ?? 'config'}: requireControls`;
  for (const [i, name] of s.requiredControls.entries()) {
    if (!scorecard.some((e) => e.control === name)) throw new UsageError(`${from}[${i}]: unknown control`, `use one of: ${scorecard.map((e) => e.control).join(', ') || '(no scorecard)'}`);
  }
}

/** Findings per severity and per lifetime class, every class present. */
function countFindings(findings: readonly Finding[]): Pick<Report['summary'], 'bySeverity' | 'byLifetime'> {
  const bySeverity: Report['summary']['bySeverity'] = {};
  for (const sev of SEVERITIES) bySeverity[sev] = 0;
  const byLifetime: Report['summary']['byLifetime'] = {};
  for (const c of LIFETIME_CLASSES) byLifetime[c] = 0;
  for (const f of findings) {
    bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
    const cls = f.credential?.lifetime.class ?? f.lifetime?.class;
    if (cls) byLifetime[cls] = (byLifetime[cls] ?? 0) + 1;
  }
  return { bySeverity, byLifetime };
}

/** Assemble: the report, in the order of its JSON contract. */
async function assemble(s: ScanSettings, source: TaskSource, p: Processed, a: Analysed, j: Judged, stages: StageTimes): Promise<Report> {
  const { bySeverity, byLifetime } = countFindings(j.findings);
  const skippedByReason: Report['summary']['skipped'] = {};
  for (const sk of p.skipped) skippedByReason[sk.reason] = (skippedByReason[sk.reason] ?? 0) + 1;
  const vcs = source.isGitRepo ? await gitVcsInfo(source.base) : null;
  const reuseGroups = groupReuse(j.findings);
  return {
    schemaVersion: 1,
    tool: { name: 'credlife', version: toolVersion() },
    root: s.paths.length === 1 ? s.paths[0]! : s.paths.join(' '),
    taskWindowSeconds: s.taskWindowSeconds,
    findings: j.findings,
    ...(reuseGroups.length ? { reuse: reuseGroups } : {}),
    bindings: j.bindings,
    summary: {
      filesScanned: p.filesScanned,
      bytesScanned: p.bytesScanned,
      durationMs: 0,
      bySeverity,
      byLifetime,
      skipped: skippedByReason,
      ...(s.options.debug ? { skippedFiles: p.skipped.sort((x, y) => (x.file < y.file ? -1 : 1)) } : {}),
      ...(p.incomplete.length ? { incomplete: p.incomplete } : {}),
      warnings: p.warnings,
      suppressed: j.suppressed,
      baselined: j.baselined,
      ...(j.baselineWritten ? { baselineWritten: j.baselineWritten } : {}),
      ...(j.baselinedFindings.length ? { baselinedFindings: j.baselinedFindings } : {}),
      ...(s.options.inlineSuppressions === false ? { inlineSuppressionsIgnored: j.inlineIgnored } : {}),
      stages: stages.times,
      gate: j.gate,
      ...(a.history ? { history: a.history } : {}),
    },
    ...(vcs ? { vcs } : {}),
    ...(j.scorecard.length ? { scorecard: j.scorecard } : {}),
    ...(j.ciCredentials ? { ciCredentials: j.ciCredentials } : {}),
  };
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

/** A control-pattern error without anything quoted from the pattern (ids, regex sources, values). */
function controlPatternReason(message: string): string {
  return message.replace(/"[^"]*"/g, '"…"').replace(/\([^()]*\)/g, '(…)').slice(0, 200);
}
