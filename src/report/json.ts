import type { Report } from '../model/report.js';

/** The JSON report contract (DESIGN.md): the report object itself, stable key order, trailing newline. */
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
  yield '{';
  let first = true;
  for (const [key, value] of Object.entries(report)) {
    if (value === undefined || typeof value === 'function') continue;
    yield `${first ? '' : ','}\n  ${JSON.stringify(key)}: `;
    first = false;
    if (STREAMED.has(key) && Array.isArray(value) && value.length > 0) {
      yield '[';
      for (let i = 0; i < value.length; i++) yield `${i ? ',' : ''}\n    ${indent(JSON.stringify(value[i], null, 2) ?? 'null', '    ')}`;
      yield '\n  ]';
    } else {
      yield indent(JSON.stringify(value, null, 2) ?? 'null', '  ');
    }
  }
  yield first ? '}\n' : '\n}\n';
}

function indent(text: string, pad: string): string {
  return text.includes('\n') ? text.replace(/\n/g, `\n${pad}`) : text;
}
