// JUnit XML for CI test-report views: one <testcase> per rule × file; a <failure> when any of its findings
// fails the gate exactly as the exit code decided it (severity at or above summary.gate.failOn, or an
// afterlife above summary.gate.maxAfterlifeSeconds; baselined findings never), other findings are reported in
// <system-out> of a passing case. Controls required with --require-control get one case each in the
// "credlife.required-controls" suite, failed when the control is missing. Counts follow the common JUnit schema.
import type { Finding, Report } from '../model/report.js';
import type { FormatContext } from './index.js';
import { formatSeconds } from '../model/units.js';
import { afterlifeLabel, baselinedLabel, cmp, escapeInvisible, exceptionsOf, failsReportGate, gateThreshold, incompleteLabel, incompleteOf, oneLine, requiredControlsOf, sortFindings, suppressionLabel } from './common.js';

/** XML 1.0 escaping; characters XML cannot carry at all are dropped. Attributes also keep their line breaks. */
export function xmlEscape(text: string | number | null | undefined, attribute = true): string {
  // Invisible characters and bidi overrides as visible escapes, then what XML cannot carry is dropped.
  const escaped = escapeInvisible(String(text ?? ''), 'keep')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
  return attribute ? escaped.replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;') : escaped;
}

function describe(f: Finding): string {
  const parts = [`${f.severity.toUpperCase()} (${f.score}) ${f.file}:${f.line}:${f.column} ${oneLine(f.message)}`];
  if (f.credential) parts.push(`  value: ${f.credential.redacted}; lifetime: ${f.credential.lifetime.class}; afterlife: ${afterlifeLabel(f)}`);
  if (f.context?.commit) parts.push(`  commit: ${f.context.commit.id}`);
  if (f.remediation) parts.push(`  fix: ${oneLine(f.remediation)}`);
  return parts.join('\n');
}

export function formatJunit(report: Report, ctx?: FormatContext): string {
  return [...formatJunitChunks(report, ctx)].join('');
}

/** One <testsuite>: its opening tag (with counts), then its cases one at a time. */
interface Suite {
  name: string;
  tests: number;
  failures: number;
  cases: () => Iterable<string>;
}

/** The same text as formatJunit, in pieces: counts are worked out first, then each test case is written on its own. */
export function* formatJunitChunks(report: Report, _ctx?: FormatContext): Generator<string> {
  const suites = junitSuites(report);
  const totalTests = suites.reduce((n, s) => n + s.tests, 0);
  const totalFailures = suites.reduce((n, s) => n + s.failures, 0);
  const seconds = ((report.summary?.durationMs ?? 0) / 1000).toFixed(3);
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="credlife" tests="${totalTests}" failures="${totalFailures}" errors="0" time="${seconds}">\n`;
  for (const [i, suite] of suites.entries()) {
    yield `${i ? '\n' : ''}  <testsuite name="${xmlEscape(suite.name)}" tests="${suite.tests}" failures="${suite.failures}" errors="0" skipped="0" time="0">`;
    for (const c of suite.cases()) yield `\n${c}`;
    yield '\n  </testsuite>';
  }
  yield '\n</testsuites>\n';
}

function junitSuites(report: Report): Suite[] {
  const threshold = gateThreshold(report);
  const limit = report.summary?.gate?.maxAfterlifeSeconds;
  const gateLabel = `at or above ${threshold}` + (limit !== null && limit !== undefined ? ` or afterlife above ${formatSeconds(limit)}` : '');
  // Group by rule, then by (repository, file) inside each rule.
  const byRule = new Map<string, Map<string, Finding[]>>();
  for (const f of sortFindings(report.findings)) {
    const file = (f.context?.repository ? `${f.context.repository}:` : '') + f.file;
    const files = byRule.get(f.ruleId) ?? new Map<string, Finding[]>();
    byRule.set(f.ruleId, files);
    const list = files.get(file) ?? [];
    files.set(file, list);
    list.push(f);
  }
  const suites: Suite[] = [];
  for (const rule of [...byRule.keys()].sort(cmp)) {
    const files = byRule.get(rule)!;
    const names = [...files.keys()].sort(cmp);
    suites.push({
      name: rule,
      tests: files.size,
      failures: names.filter((file) => files.get(file)!.some((f) => failsReportGate(report, f))).length,
      cases: function* () {
        for (const file of names) {
          const list = files.get(file)!;
          const failing = list.filter((f) => failsReportGate(report, f));
          const head = `    <testcase classname="${xmlEscape(rule)}" name="${xmlEscape(file)}" time="0">`;
          if (failing.length) {
            const msg = `${failing.length} finding(s) failing the gate (${gateLabel}) in ${file}`;
            yield `${head}\n      <failure message="${xmlEscape(msg)}" type="${xmlEscape(failing[0]!.severity)}">${xmlEscape(list.map(describe).join('\n'), false)}</failure>\n    </testcase>`;
          } else {
            yield `${head}\n      <system-out>${xmlEscape(list.map(describe).join('\n'), false)}</system-out>\n    </testcase>`;
          }
        }
      },
    });
  }
  const required = requiredControlsOf(report);
  if (required.length) {
    suites.push({
      name: 'credlife.required-controls',
      tests: required.length,
      failures: required.filter((r) => r.failed).length,
      cases: () =>
        required.map((r) => {
          const head = `    <testcase classname="credlife.required-controls" name="${xmlEscape(r.control)}" time="0">`;
          return r.failed
            ? `${head}\n      <failure message="${xmlEscape(`required control ${r.control} is ${r.status}`)}" type="required-control">${xmlEscape(`required control ${r.control} is ${r.status} (--require-control)`, false)}</failure>\n    </testcase>`
            : `${head}\n      <system-out>${xmlEscape(`required control ${r.control} is ${r.status}`, false)}</system-out>\n    </testcase>`;
        }),
    });
  }
  const incomplete = incompleteOf(report);
  if (incomplete.files.length) {
    // One case per file not fully scanned: failed unless --allow-incomplete accepted it.
    suites.push({
      name: 'credlife.incomplete-scan',
      tests: incomplete.files.length,
      failures: incomplete.failed ? incomplete.files.length : 0,
      cases: () =>
        incomplete.files.map((i) => {
          const head = `    <testcase classname="credlife.incomplete-scan" name="${xmlEscape(i.file)}" time="0">`;
          const text = xmlEscape(`not fully scanned: ${incompleteLabel(i)}`, false);
          return incomplete.failed
            ? `${head}\n      <failure message="${xmlEscape(`not fully scanned (${i.reason})`)}" type="incomplete-scan">${text}</failure>\n    </testcase>`
            : `${head}\n      <system-out>${text}</system-out>\n    </testcase>`;
        }),
    });
  }
  // Exceptions in effect: one passing case each (they do not fail the gate), so CI views list them.
  const ex = exceptionsOf(report);
  const exCases = [
    ...ex.suppressed.map((x) => ({ name: `${x.kind} ${x.target} (${x.source})`, text: suppressionLabel(x) })),
    ...ex.baselined.map((b) => ({ name: `baselined ${b.file}:${b.line} ${b.ruleId}`, text: `baselined ${baselinedLabel(b)}` })),
  ];
  if (exCases.length) {
    suites.push({
      name: 'credlife.exceptions',
      tests: exCases.length,
      failures: 0,
      cases: () => exCases.map((c) => `    <testcase classname="credlife.exceptions" name="${xmlEscape(oneLine(c.name))}" time="0">\n      <system-out>${xmlEscape(c.text, false)}</system-out>\n    </testcase>`),
    });
  }
  // A run with no findings still reports one passing case, so CI shows the check ran.
  if (suites.length === 0) suites.push({ name: 'credlife', tests: 1, failures: 0, cases: () => ['    <testcase classname="credlife" name="no findings" time="0"/>'] });
  return suites;
}
