// The defaults of a scan, in one place: the CLI, the config file, the readers, the engine and the report
// readers all take them from here.
import type { Severity } from './report.js';

/** The task window: how long an agent's task runs (15 minutes); afterlife is what a credential outlives it by. */
export const DEFAULT_TASK_WINDOW_SECONDS = 900;
/** The gate fails on findings at or above this severity. */
export const DEFAULT_FAIL_ON: Severity = 'high';
/** Larger files are skipped (bytes). */
export const DEFAULT_MAX_FILE_SIZE = 10 * 1000 * 1000;
/** A stage of one file (text scan, code analysis) is abandoned after this long (milliseconds). */
export const DEFAULT_FILE_TIMEOUT_MS = 30_000;
