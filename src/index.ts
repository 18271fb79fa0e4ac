// Programmatic API: `scan(options)` returns the JSON report object (DESIGN.md contract).
import { runScan, type ScanOptions } from './pipeline/scan.js';
import type { Report } from './model/report.js';

export type { ScanOptions } from './pipeline/scan.js';
export * from './model/report.js';
export { formatters, type FormatContext } from './report/index.js';
export { evaluateGate } from './policy/gate.js';

export function scan(options: ScanOptions = {}): Promise<Report> {
  return runScan(options);
}
