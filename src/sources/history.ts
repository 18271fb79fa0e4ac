// --history: every commit reachable from all refs (issue 8 owns this).
import type { ScanOptions, TaskSource } from '../pipeline/scan.js';
import { UsageError } from '../errors.js';

export async function collectHistorySource(_base: string, _options: ScanOptions, _maxFileSize: number): Promise<TaskSource> {
  throw new UsageError('--history is not available in this build', 'scan the working tree instead');
}
