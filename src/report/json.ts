import type { Report } from '../types.js';

/** The JSON report contract (DESIGN.md): the report object itself, stable key order, trailing newline. */
export function formatJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
