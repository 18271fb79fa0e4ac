// Programmatic API: `scan(options)` returns the JSON report object (the contract in src/model/report.ts).
import { runScan } from './pipeline/scan.js';
import type { ScanOptions } from './model/options.js';
import type { Report } from './model/report.js';

export type { ScanOptions, ScanProgress } from './model/options.js';
export * from './model/report.js';
export { formatters, type FormatContext } from './report/index.js';
export { evaluateGate } from './policy/gate.js';

export function scan(options: ScanOptions = {}): Promise<Report> {
  return runScan(options);
}
