// The JSON formatter: the report itself, as one string or streamed in pieces.
import type { Report } from '../model/report.js';
import { JsonStream, jsonChunks } from './json-chunks.js';

/** The JSON report contract (docs/report-formats.md): the report object itself, stable key order, trailing newline. */
export function formatJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}

/** Top-level arrays written one element at a time (they grow with what was found). */
const STREAMED = new Set(['findings', 'bindings', 'reuse']);

/**
 * The same text as formatJson, in pieces: each finding, binding and reuse group is serialised on its own, so
 * writing a report with 60,000 findings never holds one string of all of them.
 */
export function* formatJsonChunks(report: Report): Generator<string> {
  const view: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(report)) view[key] = STREAMED.has(key) && Array.isArray(value) ? new JsonStream(value) : value;
  yield* jsonChunks(view);
  yield '\n';
}
