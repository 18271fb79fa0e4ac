// The options of one scan as callers give them (CLI, programmatic API, tests), and the shape in which a
// source other than the working tree hands its files to the engine.
import type { Severity, SkippedFile } from './report.js';
import type { FileTask } from './records.js';

export interface ScanProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  findingsSoFar: number;
}

export interface ScanOptions {
  /** Files or folders to scan; default ["."]. */
  paths?: string[];
  taskWindow?: string | number;
  failOn?: Severity;
  /** Duration ("1h") or seconds; fail on any credential whose afterlife exceeds it. */
  maxAfterlife?: string | number | null;
  include?: string[];
  exclude?: string[];
  /** Bytes. Default 10 MB. */
  maxFileSize?: number;
  gitignore?: boolean;
  defaultExcludes?: boolean;
  /** Worker threads; 1 runs in-process. Default: the number of cores. */
  jobs?: number;
  /** Per stage of a file (text scan, code analysis); default 30 s. */
  fileTimeoutMs?: number;
  /** Let the gate pass although files were not fully scanned (they are still listed in summary.incomplete). */
  allowIncomplete?: boolean;
  /** Let the gate pass although files or folders could not be read (--allow-unreadable; other incomplete files still fail). */
  allowUnreadable?: boolean;
  /** false: ignore credlife-ignore comments (--no-inline-suppressions). */
  inlineSuppressions?: boolean;
  debug?: boolean;
  /** Path of a config file, or false for --no-config. */
  config?: string | false;
  strictConfig?: boolean;
  baseline?: string;
  writeBaseline?: string;
  showBaselined?: boolean;
  reportUnusedSuppressions?: boolean;
  staged?: boolean;
  diff?: string;
  history?: boolean;
  since?: string;
  branch?: string;
  maxCommits?: number;
  requireControls?: string[];
  /** Key for fingerprints; default the CREDLIFE_FINGERPRINT_KEY environment variable. */
  fingerprintKey?: string;
  /** Pre-built tasks (stdin, git blobs) instead of discovery. */
  tasks?: FileTask[];
  onProgress?: (p: ScanProgress) => void;
  /** Extra rule folders (tests, plugins). */
  ruleDirs?: string[];
  now?: Date;
}

/** Where a source of tasks other than the working tree can plug in (staged, diff, history). */
export interface TaskSource {
  base: string;
  tasks: FileTask[];
  skipped: SkippedFile[];
  /** Keep only findings on these lines (diff mode), keyed by file. */
  lineFilter?: Map<string, Set<number>>;
  isGitRepo: boolean;
}
