// Reports read back from disk are hostile input: whatever the JSON, parseReportJson either refuses it with a
// ReportInputError or returns a report that every formatter (and merge) renders without throwing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseReportJson, ReportInputError } from '../../src/report/input.js';
import { formatCsv } from '../../src/report/csv.js';
import { formatHtml } from '../../src/report/html.js';
import { formatJunit } from '../../src/report/junit.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import { formatSarif } from '../../src/report/sarif.js';
import { formatFrameworkReport } from '../../src/report/framework-report.js';
import { mergeReports } from '../../src/report/merge.js';
import type { Report } from '../../src/model/report.js';
import { sampleCatalogs, sampleReport } from './sample-report.js';

const ctx = { color: false, quiet: false, debug: false, frameworks: sampleCatalogs() };

function renderAll(r: Report): void {
  formatSarif(r, ctx);
  formatHtml(r, ctx);
  formatMarkdown(r, ctx);
  formatJunit(r, ctx);
  formatCsv(r, ctx);
  formatFrameworkReport(r, 'owasp-nhi-2025', 'markdown', ctx);
  formatFrameworkReport(r, 'csa-maestro', 'html', ctx);
  formatMarkdown(mergeReports([{ name: 'x', report: r }, { name: 'y', report: r }]), ctx);
}

test('input: a valid report round-trips', () => {
  const { report } = sampleReport({ seed: 3 });
  const back = parseReportJson(JSON.stringify(report));
  assert.equal(back.findings.length, report.findings.length);
  renderAll(back);
});

test('input: clear errors for what is not a report', () => {
  for (const [text, msg] of [
    ['not json', /not JSON/],
    ['[]', /expected an object/],
    ['{"schemaVersion": 2, "findings": []}', /schemaVersion/],
    ['{"schemaVersion": 1}', /"findings" is not a list/],
    ['{"schemaVersion": 1, "findings": [{"ruleId": 5}]}', /findings\[0\]\.ruleId/],
  ] as const) {
    assert.throws(() => parseReportJson(text), (e: unknown) => e instanceof ReportInputError && msg.test((e as Error).message));
  }
});

/** Replace one randomly chosen value somewhere in the object tree with an arbitrary JSON value. */
function mutate(doc: unknown, pathPick: number[], replacement: unknown): unknown {
  const copy = structuredClone(doc) as Record<string, unknown>;
  let node: unknown = copy;
  for (let depth = 0; depth < pathPick.length; depth++) {
    if (typeof node !== 'object' || node === null) break;
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[pathPick[depth]! % keys.length]!;
    const child = (node as Record<string, unknown>)[key];
    if (depth === pathPick.length - 1 || typeof child !== 'object' || child === null) {
      (node as Record<string, unknown>)[key] = replacement;
      break;
    }
    node = child;
  }
  return copy;
}

test('input: mutated reports are refused or rendered, never crash a formatter', () => {
  // A merged report as the base, so merge-only fields (repository, crossRepo, repositories) get mutated too.
  const one = sampleReport({ seed: 4 }).report;
  const base = mergeReports([{ name: 'a', report: one }, { name: 'b', report: structuredClone(one) }]);
  fc.assert(
    fc.property(fc.array(fc.nat(60), { minLength: 1, maxLength: 7 }), fc.jsonValue({ maxDepth: 2 }), (pick, value) => {
      const text = JSON.stringify(mutate(base, pick, value));
      let report: Report;
      try {
        report = parseReportJson(text);
      } catch (e) {
        assert.ok(e instanceof ReportInputError, String(e));
        return;
      }
      renderAll(report);
    }),
    { numRuns: 500 },
  );
});

test('input: a merged report whose repository counts are objects renders (fuzz counterexample)', () => {
  const one = sampleReport({ seed: 4 }).report;
  const doc = JSON.parse(JSON.stringify(mergeReports([{ name: 'a', report: one }, { name: 'b', report: structuredClone(one) }])));
  doc.repositories[0].findings = { toString: {} };
  doc.repositories[1].filesScanned = [];
  const report = parseReportJson(JSON.stringify(doc));
  assert.equal(report.repositories?.[0]?.findings, 0);
  renderAll(report);
});
