// Sources of content other than the working tree: the git index (--staged), changes since a ref
// (--diff REF), and git history (--history). Each returns a TaskSource for the pipeline.
import type { ScanOptions, TaskSource } from '../pipeline/scan.js';
import { UsageError } from '../errors.js';

export async function collectGitSource(base: string, options: ScanOptions, maxFileSize: number): Promise<TaskSource> {
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
