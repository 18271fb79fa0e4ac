// commander wiring only: parse argv, call the library, write outputs, set process.exitCode.
import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { runScan } from './pipeline/scan.js';
import type { ScanOptions, ScanProgress } from './model/options.js';
import { toolVersion } from './ruleset/paths.js';
import { FORMAT_BY_EXTENSION, formatChunks, formatters, type FormatContext } from './report/index.js';
import { CredlifeError, UsageError } from './model/errors.js';
import { parseDuration, parseSize } from './model/units.js';
import { checkSourceOptions } from './sources/index.js';
import { SEVERITIES, type Severity } from './model/report.js';

/** Adds one subcommand (explain, rules, report, merge, init, demo) to the program. */
type RegisterCommand = (program: Command) => void;

/** The subcommands other than scan, imported only when argv asks for something other than a scan. */
async function otherCommands(): Promise<RegisterCommand[]> {
  const mods = await Promise.all([
    import('./commands/explain.js'),
    import('./commands/rules.js'),
    import('./commands/report.js'),
    import('./commands/merge.js'),
    import('./commands/init.js'),
  ]);
  const demo = await import('./commands/demo.js');
  return [...mods.map((m) => m.register), (program) => demo.register(program, scanDemo)];
}

/** `credlife demo`: scan the generated folder with the defaults, reporting only (exit 0). */
function scanDemo(dir: string): Promise<number> {
  return scanCommand([dir], { format: [], output: [], maxFileSize: '10MB', gitignore: true, defaultExcludes: true, color: true, progress: true, stdinName: 'stdin', exitZero: true, inlineSuppressions: true });
}
import { colorEnabled } from './report/color.js';
import { showableRef } from './model/echo.js';
import { plural } from './report/common.js';
import { incompleteMessage, unacceptedIncomplete } from './policy/gate.js';
import type { Report } from './model/report.js';
import { escapeInvisible } from './report/common.js';
import { scrubText } from './detect/scrub.js';
import { checkWriteTarget, safeWriteFile } from './sources/safe-write.js';

const EXIT_HELP = `
Exit codes:
  0  nothing at or above the gate (or --exit-zero)
  1  findings at or above the gate (--fail-on, --max-afterlife, --require-control)
  2  usage, config or runtime error (one-line message and a hint; stack with --debug)

Environment:
  NO_COLOR / FORCE_COLOR     colour control (colour is on only on a TTY by default)
  CREDLIFE_FINGERPRINT_KEY   secret key for fingerprints (set it in CI for unrecoverable, org-wide fingerprints)
`;

const collect = (value: string, previous: string[] = []) => [...previous, value];

interface ScanCliOptions {
  format: string[];
  output: string[];
  failOn?: string;
  maxAfterlife?: string;
  taskWindow?: string;
  include?: string[];
  exclude?: string[];
  maxFileSize: string;
  gitignore: boolean;
  defaultExcludes: boolean;
  jobs?: string;
  fileTimeout?: string;
  color: boolean;
  quiet?: boolean;
  verbose?: boolean;
  debug?: boolean;
  exitZero?: boolean;
  allowIncomplete?: boolean;
  allowUnreadable?: boolean;
  config?: string | boolean;
  strictConfig?: boolean;
  baseline?: string;
  writeBaseline?: string;
  showBaselined?: boolean;
  reportUnusedSuppressions?: boolean;
  inlineSuppressions: boolean;
  staged?: boolean;
  diff?: string;
  history?: boolean;
  since?: string;
  branch?: string;
  maxCommits?: string;
  requireControl?: string[];
  progress: boolean;
  stdinName: string;
}

export function buildProgram(commands: readonly RegisterCommand[] = []): Command {
  const program = new Command();
  program
    .name('credlife')
    .description('Audit AI-agent repositories for credentials that outlive their task.')
    .version(toolVersion(), '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_HELP);

  program
    .command('scan', { isDefault: false })
    .description('scan files and folders for credentials, tool bindings and lifetime settings')
    .argument('[paths...]', 'files or folders to scan', ['.'])
    .addOption(new Option('-f, --format <format>', `output format (repeatable): ${Object.keys(formatters).join(', ')}`).argParser(collect).default([]))
    .addOption(new Option('-o, --output <file>', 'write to FILE, or FORMAT=FILE (repeatable; several -o pair with several -f in order)').argParser(collect).default([]))
    // Checked in scanCommand, not with .choices(): commander's message would quote the bad value.
    .option('--fail-on <severity>', `gate: fail on findings at or above this severity: ${SEVERITIES.join(', ')} (default: failOn in .credlife.yaml, else high)`)
    .option('--max-afterlife <duration>', 'gate: fail on any credential useful longer than this after the task (e.g. 30m, 1h, 7d)')
    .option('--task-window <duration>', 'how long a task runs; afterlife = TTL minus this (default 15m)')
    .option('--include <glob>', 'only scan paths matching this glob (repeatable)', collect)
    .option('--exclude <glob>', 'skip paths matching this glob (repeatable)', collect)
    .option('--max-file-size <size>', 'skip files larger than this', '10MB')
    .option('--no-gitignore', 'scan files that .gitignore hides (env files are always scanned)')
    .option('--no-default-excludes', 'also scan node_modules, dist, build, vendor, .venv, …')
    .option('-j, --jobs <n>', 'worker threads (default: number of cores; 1 = in-process)')
    .option('--file-timeout <ms>', 'time limit per stage of a file (text scan, code analysis); past it the scan is incomplete (default 30000)')
    .option('--allow-incomplete', 'let the gate pass although some files were not fully scanned (they are still listed)')
    .option('--allow-unreadable', 'let the gate pass although some files or folders could not be read (they are still listed); narrower than --allow-incomplete')
    .option('--no-color', 'no colour in text output')
    .option('-q, --quiet', 'text output: findings and the summary line only')
    .option('--verbose', "text output: each scorecard control's evidence and next step")
    .option('--debug', 'list skipped files and stage timings; stack traces on errors')
    .option('--exit-zero', 'report only: exit 0 even when the gate fails')
    .option('-c, --config <file>', 'use this config file instead of searching for .credlife.yaml')
    .option('--no-config', 'ignore .credlife.yaml files')
    .option('--strict-config', "refuse a repository config that disables rules or allowlists findings")
    .option('--baseline <file>', 'ignore findings recorded in this baseline')
    .option('--write-baseline <file>', 'record the current findings as the baseline')
    .option('--show-baselined', 'list baselined findings too')
    .option('--report-unused-suppressions', 'warn about credlife-ignore comments that suppress nothing')
    .option('--no-inline-suppressions', 'ignore credlife-ignore comments (for gates that accept no in-code exceptions)')
    .option('--staged', 'scan the git index (for pre-commit hooks)')
    .option('--diff <ref>', 'scan only lines changed since REF (for pull requests)')
    .option('--history', 'scan every commit reachable from all refs')
    .option('--since <ref>', 'with --history: only commits after REF')
    .option('--branch <name>', 'with --history: only this branch')
    .option('--max-commits <n>', 'with --history: at most N commits')
    .option('--require-control <name>', 'gate: fail when this scorecard control is missing (repeatable)', collect)
    .option('--no-progress', 'no progress line on stderr')
    .option('--stdin-name <name>', 'with the path "-": the file name to report for standard input (decides which readers apply)', 'stdin')
    .addHelpText('after', EXIT_HELP)
    .action(async (paths: string[], opts: ScanCliOptions) => {
      process.exitCode = await scanCommand(paths, opts);
    });

  for (const register of commands) register(program);
  return program;
}

/** Values that are short and plainly not secret-shaped may be quoted in messages; anything else never is. */
const SAFE_ECHO = /^[a-z0-9.-]{1,12}$/i;

/** ` "value"` when safe to quote, else nothing: error messages name the flag and the expected shape instead. */
function echo(value: string): string {
  return SAFE_ECHO.test(value) ? ` "${value}"` : '';
}

/** Flags whose values must never appear in an error message or stack (they could be pasted secrets). */
const SCRUBBED_FLAGS = new Set([
  '-f', '--format', '--fail-on', '--max-afterlife', '--task-window', '--max-file-size', '-j', '--jobs', '--file-timeout',
  '--diff', '--since', '--branch', '--max-commits', '--require-control',
]);

/** Flags whose values are git refs: shown in messages when ref-shaped and not credential-shaped. */
const REF_FLAGS = new Set(['--diff', '--since', '--branch']);

/** The values given to SCRUBBED_FLAGS on this command line that are not safe to echo, longest first. */
export function scrubbedValues(argv: string[]): string[] {
  const out = new Set<string>();
  // A ref that looks like a ref (origin/main) is shown: "unknown ref" must say which one.
  const showRefs = new Set<string>();
  const add = (flag: string, value: string) => {
    if (REF_FLAGS.has(flag) && showableRef(value)) showRefs.add(value);
    else out.add(value);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    if (eq > 0 && SCRUBBED_FLAGS.has(a.slice(0, eq))) add(a.slice(0, eq), a.slice(eq + 1));
    else if (SCRUBBED_FLAGS.has(a) && i + 1 < argv.length) add(a, argv[i + 1]!);
  }
  for (const v of out) showRefs.delete(v);
  return [...out].filter((v) => v.length > 0 && !SAFE_ECHO.test(v) && !showRefs.has(v)).sort((x, y) => y.length - x.length);
}

/** Replace every scrubbed value (and any long piece of one) in `text`. */
export function scrub(text: string, values: string[]): string {
  let out = text;
  for (const v of values) {
    out = out.split(v).join('<value not shown>');
    // A message may quote a truncated value ("…".slice(0, 60)); drop any 12-character piece too.
    for (let i = 0; i + 12 <= v.length; i++) {
      const piece = v.slice(i, i + 12);
      if (out.includes(piece)) out = out.split(piece).join('<value not shown>');
    }
  }
  return out;
}

/** The format a file name implies by its extension (`-o out.sarif` without -f), or undefined. */
export function formatFromExtension(file: string): string | undefined {
  const ext = path.extname(file).toLowerCase();
  return Object.hasOwn(FORMAT_BY_EXTENSION, ext) ? FORMAT_BY_EXTENSION[ext] : undefined;
}

/** The credential rules' scrubber on an error message; if the rules cannot load, long token-like runs go instead. */
function scrubErrorText(text: string): string {
  try {
    return scrubText(text);
  } catch {
    return text.replace(/[A-Za-z0-9_+/=.-]{24,}/g, '<value not shown>');
  }
}

/** Which format goes where: "-" is stdout. */
export function planOutputs(formats: string[], outputs: string[]): { format: string; file: string }[] {
  const plan: { format: string; file: string }[] = [];
  const plain: string[] = [];
  for (const o of outputs) {
    const m = /^([a-z-]+)=(.+)$/.exec(o);
    if (m && Object.hasOwn(formatters, m[1]!)) plan.push({ format: m[1]!, file: m[2]! });
    else plain.push(o);
  }
  if (formats.length === 0) {
    // No -f pairs with these files: the extension says the format (-o out.sarif is SARIF, never text in a .sarif).
    for (const file of plain) {
      if (file === '-') {
        plan.push({ format: 'text', file });
        continue;
      }
      const format = formatFromExtension(file);
      if (!format) {
        throw new UsageError(
          `cannot tell the format of --output ${file} from its extension`,
          `name the format (-f FORMAT, or -o FORMAT=${file}), or use one of: ${Object.keys(FORMAT_BY_EXTENSION).join(' ')}`,
        );
      }
      plan.push({ format, file });
    }
    if (plan.length === 0) plan.push({ format: 'text', file: '-' });
    return plan;
  }
  const listed = formats.length ? formats : plan.length ? [] : ['text'];
  for (const f of listed) {
    if (!Object.hasOwn(formatters, f)) throw new UsageError(`unknown --format${echo(f)}`, `use one of: ${Object.keys(formatters).join(', ')}`);
  }
  const unplaced = listed.filter((f) => !plan.some((p) => p.format === f));
  if (plain.length > 1 || (plain.length === 1 && unplaced.length > 1)) {
    // Several -f with several -o: pair them in order (-f sarif -f html -o a.sarif -o b.html).
    if (plain.length !== unplaced.length) {
      throw new UsageError(
        `${unplaced.length} format(s) for ${plain.length} --output file(s)`,
        'give one --output per --format, in the same order, or write --output FORMAT=FILE for each',
      );
    }
    unplaced.forEach((format, i) => plan.push({ format, file: plain[i]! }));
  } else if (plain.length === 1) {
    plan.push({ format: unplaced[0] ?? 'text', file: plain[0]! });
  } else {
    if (unplaced.length > 1) throw new UsageError('several formats on standard output', 'write --output FORMAT=FILE for all but one');
    if (unplaced.length === 1) plan.push({ format: unplaced[0]!, file: '-' });
  }
  return plan;
}

function progressReporter(enabled: boolean): { onProgress?: (p: ScanProgress) => void; done(): void } {
  if (!enabled) return { done() {} };
  let last = 0;
  let shown = false;
  return {
    onProgress(p) {
      const now = Date.now();
      if (now - last < 200) return;
      last = now;
      shown = true;
      const mb = (p.bytesDone / 1e6).toFixed(1);
      process.stderr.write(`\r\x1b[Kcredlife: ${p.filesDone}/${p.filesTotal} files, ${mb} MB, ${p.findingsSoFar} candidate findings`);
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}

/** Check a duration flag without quoting its value. */
function checkDuration(value: string | undefined, flag: string): void {
  if (value === undefined) return;
  try {
    parseDuration(value, flag);
  } catch {
    throw new UsageError(`${flag} is not a duration`, 'use a duration such as 90s, 30m, 1h, 7d or 1h30m');
  }
}

/** Refuse --output paths that are directories or symlinks (or lie under one) before scanning. */
function checkOutputFiles(plan: { format: string; file: string }[], roots: string[]): void {
  for (const { file } of plan) {
    if (file === '-') continue;
    if (/[\\/]$/.test(file)) throw new UsageError(`--output ${file} is a directory`, 'give a file name, e.g. --output reports/credlife.sarif');
    checkWriteTarget(file, { roots, what: '--output' });
  }
}

/** A whole-number flag, or undefined when not given. */
function toInt(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`${flag} is not a whole number`, 'use a whole number, e.g. 4');
  return Number(v);
}

/** The scan's options from the command line, checked before anything is read. */
function scanOptionsOf(paths: string[], opts: ScanCliOptions): ScanOptions {
  if (opts.failOn !== undefined && !SEVERITIES.includes(opts.failOn as Severity)) {
    throw new UsageError(`--fail-on is not a severity`, `use one of: ${SEVERITIES.join(', ')}`);
  }
  checkDuration(opts.maxAfterlife, '--max-afterlife');
  checkDuration(opts.taskWindow, '--task-window');
  let maxFileSize: number;
  try {
    maxFileSize = parseSize(opts.maxFileSize, '--max-file-size');
  } catch {
    throw new UsageError('--max-file-size is not a size', 'use a size such as 512KB, 10MB or 1GiB');
  }
  if (opts.diff !== undefined && (opts.diff === '' || opts.diff.startsWith('-') || /[\s\0]/.test(opts.diff))) {
    throw new UsageError('--diff needs a git ref', 'give a branch, tag or commit, e.g. --diff origin/main');
  }
  checkSourceOptions({ staged: opts.staged, diff: opts.diff, history: opts.history, since: opts.since, branch: opts.branch, maxCommits: opts.maxCommits });
  return {
    paths,
    failOn: opts.failOn as Severity,
    maxAfterlife: opts.maxAfterlife,
    taskWindow: opts.taskWindow,
    include: opts.include,
    exclude: opts.exclude,
    maxFileSize,
    gitignore: opts.gitignore,
    defaultExcludes: opts.defaultExcludes,
    jobs: toInt(opts.jobs, '--jobs'),
    fileTimeoutMs: toInt(opts.fileTimeout, '--file-timeout'),
    allowIncomplete: opts.allowIncomplete,
    allowUnreadable: opts.allowUnreadable,
    debug: opts.debug,
    config: opts.config === false ? false : typeof opts.config === 'string' ? opts.config : undefined,
    strictConfig: opts.strictConfig,
    baseline: opts.baseline,
    writeBaseline: opts.writeBaseline,
    showBaselined: opts.showBaselined,
    reportUnusedSuppressions: opts.reportUnusedSuppressions,
    inlineSuppressions: opts.inlineSuppressions,
    staged: opts.staged,
    diff: opts.diff,
    history: opts.history,
    since: opts.since,
    branch: opts.branch,
    maxCommits: toInt(opts.maxCommits, '--max-commits'),
    requireControls: opts.requireControl,
  };
}

/** Write every planned output (stdout or files), in pieces: a 60,000-finding JSON report is never one string. */
async function writeOutputs(report: Report, plan: ReturnType<typeof planOutputs>, paths: string[], opts: ScanCliOptions): Promise<void> {
  for (const { format, file } of plan) {
    const ctx: FormatContext = {
      color: file === '-' && colorEnabled(opts.color, process.stdout),
      quiet: Boolean(opts.quiet),
      debug: Boolean(opts.debug),
      verbose: Boolean(opts.verbose),
      ...(file === '-' && process.stdout.isTTY && process.stdout.columns ? { width: process.stdout.columns } : {}),
    };
    const chunks = formatChunks(format, report, ctx);
    if (file === '-') await writeStdout(chunks);
    else safeWriteFile(file, chunks, { roots: outputRoots(paths), what: '--output' });
  }
}

/** The exit code: 2 for a scan the gate does not accept as complete, else 1 when the gate failed (unless --exit-zero). */
function exitCodeOf(report: Report, opts: ScanCliOptions): number {
  const incomplete = report.summary.gate?.incomplete;
  if (incomplete && !incomplete.allowed) {
    // Never a pass (nor a plain "findings" exit 1) on what was not looked at; the reports above name the files.
    const unaccepted = unacceptedIncomplete(report.summary.incomplete ?? [], { allowUnreadable: opts.allowUnreadable });
    const unreadable = unaccepted.some((f) => f.reason === 'unreadable');
    process.stderr.write(`credlife: error: ${incompleteMessage(unaccepted, escapeInvisible)}\n`);
    process.stderr.write(
      unreadable
        ? 'hint: the reports list them (summary.incomplete); run as a user who can read them, fix permissions, exclude them (--exclude), or accept with --allow-unreadable\n'
        : 'hint: the reports list them (summary.incomplete); raise --file-timeout or --max-file-size, fix permissions, or accept with --allow-incomplete\n',
    );
    return 2;
  }
  if (opts.exitZero) return 0;
  return report.summary.gate?.failed ? 1 : 0;
}

async function scanCommand(paths: string[], opts: ScanCliOptions): Promise<number> {
  // Directories first: "-o reports/" is a directory, whatever its extension says.
  checkOutputFiles(opts.output.map((o) => ({ format: '', file: /^([a-z-]+)=(.+)$/.exec(o)?.[2] ?? o })), outputRoots(paths));
  const plan = planOutputs(opts.format, opts.output);
  checkOutputFiles(plan, outputRoots(paths));
  const scanOptions = scanOptionsOf(paths, opts);
  const progress = progressReporter(
    opts.progress && Boolean(process.stderr.isTTY) && !process.env.CI && !opts.quiet && plan.every((p) => p.file !== '-' || p.format === 'text'),
  );
  scanOptions.onProgress = progress.onProgress;
  if (paths.length === 1 && paths[0] === '-') {
    const content = await readStdin();
    const name = opts.stdinName.replace(/\\/g, '/').replace(/^\/+/, '') || 'stdin';
    scanOptions.paths = ['.'];
    scanOptions.tasks = [{ file: name, absPath: name, size: Buffer.byteLength(content), exposure: 'file', content }];
  } else if (paths.includes('-')) {
    throw new UsageError('"-" (standard input) cannot be combined with other paths', 'scan standard input on its own: credlife scan - --stdin-name .env');
  }
  let report;
  try {
    report = await runScan(scanOptions);
  } finally {
    progress.done();
  }
  await writeOutputs(report, plan, paths, opts);
  const written = report.summary.baselineWritten;
  if (written) process.stderr.write(`credlife: wrote ${plural(written.entries, 'finding')} to the baseline ${written.file}\n`);
  // Only files were written: say in one line what they hold, so a run is never silent.
  if (plan.length && plan.every((p) => p.file !== '-')) process.stdout.write(outputsLine(report, plan) + '\n');
  return exitCodeOf(report, opts);
}

/** Folders below which every component of an output path is checked for symlinks: the working directory and the scanned folders. */
export function outputRoots(paths: string[]): string[] {
  const roots = [process.cwd()];
  for (const p of paths) {
    if (p === '-') continue;
    try {
      const abs = path.resolve(p);
      roots.push(fs.lstatSync(abs).isDirectory() ? abs : path.dirname(abs));
    } catch {
      // A missing path fails the scan before anything is written.
    }
  }
  return roots;
}

/** Write pieces to standard output, waiting for it to drain so they are not all buffered at once. */
async function writeStdout(chunks: Iterable<string>): Promise<void> {
  let pending = '';
  for (const chunk of chunks) {
    pending += chunk;
    if (pending.length < 1 << 16) continue;
    if (!process.stdout.write(pending)) await new Promise((r) => process.stdout.once('drain', r));
    pending = '';
  }
  if (pending) process.stdout.write(pending);
}

/** "credlife: 3 findings (1 critical, 2 high) in 12 files; gate failed; wrote credlife.sarif (sarif)". */
export function outputsLine(report: Report, plan: { format: string; file: string }[]): string {
  const s = report.summary;
  const counts = SEVERITIES.filter((x) => (s.bySeverity[x] ?? 0) > 0).map((x) => `${s.bySeverity[x]} ${x}`);
  const incomplete = s.gate?.incomplete && !s.gate.incomplete.allowed ? '; incomplete scan' : '';
  const gate = s.gate ? (s.gate.failed ? `; gate failed${incomplete}` : '; gate passed') : '';
  return (
    `credlife: ${plural(report.findings.length, 'finding')}${counts.length ? ` (${counts.join(', ')})` : ''} in ${plural(s.filesScanned, 'file')}${gate}; ` +
    `wrote ${plan.map((p) => `${p.file} (${p.format})`).join(', ')}`
  );
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

export async function main(argv: string[]): Promise<number> {
  // `credlife scan …` (every pre-commit run) does not load the other subcommands' modules.
  const program = buildProgram(argv[2] === 'scan' ? [] : await otherCommands());
  const debug = argv.includes('--debug');
  const hidden = scrubbedValues(argv);
  // Every error line passes the one scrubber too: a secret quoted by any message is shown redacted.
  const clean = (s: string) => scrubErrorText(scrub(s, hidden));
  const writeErr = (s: string) => process.stderr.write(clean(s.startsWith('error:') ? `credlife: ${s}` : s));
  program.exitOverride();
  program.configureOutput({ writeErr });
  for (const cmd of program.commands) {
    cmd.exitOverride();
    cmd.configureOutput({ writeErr });
  }
  try {
    if (argv.length <= 2) {
      program.outputHelp();
      return 2;
    }
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return 2;
    }
    if (err instanceof CredlifeError) {
      process.stderr.write(clean(`credlife: error: ${err.message}\n`));
      if (err.hint) process.stderr.write(clean(`hint: ${err.hint}\n`));
      if (debug && err.stack) process.stderr.write(clean(err.stack) + '\n');
      return 2;
    }
    const e = err as Error;
    process.stderr.write(clean(`credlife: error: ${e?.message ?? String(err)}\n`));
    process.stderr.write('hint: this looks like a bug in credlife; run again with --debug for details\n');
    if (debug && e?.stack) process.stderr.write(clean(e.stack) + '\n');
    return 2;
  }
}
