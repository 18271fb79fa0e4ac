// --staged (the index, for pre-commit) and --diff REF (changed files and lines, for PRs) (issue 7 owns this).
import type { ScanOptions, TaskSource } from '../pipeline/scan.js';
import { UsageError } from '../errors.js';

export async function collectChangesSource(_base: string, _options: ScanOptions, _maxFileSize: number): Promise<TaskSource> {
  throw new UsageError('--staged / --diff are not available in this build', 'scan the working tree instead');
}
