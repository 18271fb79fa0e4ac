// Sources of content other than the working tree: the git index (--staged), changes since a ref
// (--diff REF), and git history (--history). Each returns a TaskSource for the pipeline.
import type { ScanOptions, TaskSource } from '../model/options.js';
import { UsageError } from '../model/errors.js';

interface ModeOptions {
  staged?: boolean;
  diff?: string;
  history?: boolean;
  since?: string;
  branch?: string;
  /** A number from the library, the raw flag text from the CLI. */
  maxCommits?: unknown;
}

/**
 * Refuse mode flags that conflict or do nothing: one git source at a time, and the history filters only
 * with --history. Throws a UsageError naming the flags (never their values).
 */
export function checkSourceOptions(options: ModeOptions): void {
  const diff = options.diff !== undefined;
  if (options.history && (options.staged || diff)) {
    const other = options.staged ? '--staged' : '--diff';
    throw new UsageError(`--history cannot be combined with ${other}`, `use --history to scan past commits, or ${other} to scan pending changes, in separate runs`);
  }
  if (options.staged && diff) {
    throw new UsageError('--staged cannot be combined with --diff', 'use --staged in a pre-commit hook, --diff REF in a pull request');
  }
  if (!options.history) {
    const stray = ([['--since', options.since], ['--branch', options.branch], ['--max-commits', options.maxCommits]] as const).find(([, v]) => v !== undefined);
    if (stray) throw new UsageError(`${stray[0]} only works with --history`, `add --history to scan past commits, or drop ${stray[0]}`);
  }
}

export async function collectGitSource(base: string, options: ScanOptions, maxFileSize: number): Promise<TaskSource> {
  checkSourceOptions(options);
  if (options.history) {
    const { collectHistorySource } = await import('./history.js');
    return collectHistorySource(base, options, maxFileSize);
  }
  if (options.staged || options.diff) {
    const { collectChangesSource } = await import('./changes.js');
    return collectChangesSource(base, options, maxFileSize);
  }
  throw new UsageError('no git source selected', 'use --staged, --diff REF or --history');
}
