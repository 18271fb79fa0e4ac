// Reading a JSON report back in (for `credlife report --input` and `credlife merge`). The file may come from
// anywhere, so it is checked before any formatter sees it: a malformed report is an error with a clear
// message, never a crash halfway through rendering.
import { SEVERITIES, type Finding, type Report } from '../model/report.js';
import { DEFAULT_TASK_WINDOW_SECONDS } from '../model/defaults.js';

export class ReportInputError extends Error {}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function checkFinding(f: unknown, i: number): string | null {
  if (!isObj(f)) return `findings[${i}] is not an object`;
  if (typeof f.ruleId !== 'string') return `findings[${i}].ruleId is not a string`;
  if (typeof f.file !== 'string') return `findings[${i}].file is not a string`;
  if (!SEVERITIES.includes(f.severity as never)) return `findings[${i}].severity is not one of ${SEVERITIES.join(', ')}`;
  if (typeof f.line !== 'number' || typeof f.column !== 'number') return `findings[${i}].line/column are not numbers`;
  if (typeof f.score !== 'number') return `findings[${i}].score is not a number`;
  if (typeof f.message !== 'string' && f.message !== undefined) return `findings[${i}].message is not a string`;
  if (!['secret', 'binding', 'config'].includes(f.kind as string)) return `findings[${i}].kind is not secret, binding or config`;
  if (f.frameworks !== undefined && !(Array.isArray(f.frameworks) && f.frameworks.every((r) => isObj(r) && typeof r.framework === 'string' && typeof r.id === 'string')))
    return `findings[${i}].frameworks is not a list of {framework, id, title}`;
  if (f.factors !== undefined && !(Array.isArray(f.factors) && f.factors.every((x) => isObj(x) && typeof x.name === 'string')))
    return `findings[${i}].factors is not a list of {name, effect}`;
  const c = f.credential;
  if (c !== undefined) {
    if (!isObj(c) || typeof c.redacted !== 'string' || typeof c.fingerprint !== 'string') return `findings[${i}].credential lacks redacted/fingerprint`;
    if (!isObj(c.lifetime) || typeof c.lifetime.class !== 'string' || !isObj(c.afterlife) || typeof c.afterlife.unbounded !== 'boolean')
      return `findings[${i}].credential lacks lifetime/afterlife`;
    if (typeof c.provider !== 'string' || typeof c.type !== 'string') return `findings[${i}].credential lacks provider/type`;
  }
  if (f.binding !== undefined && !(isObj(f.binding) && typeof f.binding.scope === 'string' && typeof f.binding.source === 'string'))
    return `findings[${i}].binding is not a {tool, agent, source, scope} object`;
  const ctx = f.context;
  if (ctx !== undefined) {
    if (!isObj(ctx)) return `findings[${i}].context is not an object`;
    if (ctx.commit !== undefined && !(isObj(ctx.commit) && typeof ctx.commit.id === 'string')) return `findings[${i}].context.commit has no id`;
    if (ctx.tags !== undefined && !Array.isArray(ctx.tags)) return `findings[${i}].context.tags is not a list`;
    if (ctx.repository !== undefined && typeof ctx.repository !== 'string') return `findings[${i}].context.repository is not a string`;
    const x = ctx.crossRepo;
    if (x !== undefined && !(isObj(x) && Array.isArray(x.repositories) && x.repositories.every((r) => typeof r === 'string')))
      return `findings[${i}].context.crossRepo is not {repositories, count}`;
  }
  return null;
}

/** Parse and check a credlife JSON report (schemaVersion 1). Throws ReportInputError naming the problem. */
export function parseReportJson(text: string): Report {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ReportInputError(`not JSON (${(e as Error).message})`);
  }
  if (!isObj(doc)) throw new ReportInputError('not a credlife JSON report (expected an object)');
  if (doc.schemaVersion !== 1) throw new ReportInputError(`unsupported schemaVersion ${JSON.stringify(doc.schemaVersion)} (expected 1)`);
  if (!Array.isArray(doc.findings)) throw new ReportInputError('"findings" is not a list');
  doc.findings.forEach((f, i) => {
    const problem = checkFinding(f, i);
    if (problem) throw new ReportInputError(problem);
  });
  if (doc.bindings !== undefined && !Array.isArray(doc.bindings)) throw new ReportInputError('"bindings" is not a list');
  if (doc.scorecard !== undefined && !Array.isArray(doc.scorecard)) throw new ReportInputError('"scorecard" is not a list');
  const summary: Obj = isObj(doc.summary) ? { ...doc.summary } : {};
  const g = summary.gate;
  if (g !== undefined && !(isObj(g) && typeof g.failed === 'boolean' && Array.isArray(g.reasons) && SEVERITIES.includes(g.failOn as never) && typeof g.failing === 'number'))
    delete summary.gate;
  for (const k of ['filesScanned', 'bytesScanned', 'durationMs']) if (typeof summary[k] !== 'number') delete summary[k];
  const findings = (doc.findings as Finding[]).map((f) => ({
    ...f,
    message: f.message ?? '',
    factors: f.factors ?? [],
    frameworks: f.frameworks ?? [],
    remediation: typeof f.remediation === 'string' ? f.remediation : '',
  }));
  return {
    ...(doc as unknown as Report),
    tool: isObj(doc.tool) && typeof doc.tool.version === 'string' ? (doc.tool as Report['tool']) : { name: 'credlife', version: '0.0.0' },
    root: typeof doc.root === 'string' ? doc.root : '.',
    taskWindowSeconds: typeof doc.taskWindowSeconds === 'number' ? doc.taskWindowSeconds : DEFAULT_TASK_WINDOW_SECONDS,
    findings,
    bindings: ((doc.bindings as Report['bindings'] | undefined) ?? []).filter(
      (b) => isObj(b) && typeof b.tool === 'string' && typeof b.file === 'string' && typeof b.scope === 'string' && typeof b.source === 'string',
    ),
    repositories: Array.isArray(doc.repositories)
      ? (doc.repositories as NonNullable<Report['repositories']>)
          .filter((r) => isObj(r) && typeof r.name === 'string')
          // Counts a formatter prints as numbers are numbers (an object there could not even be turned into text).
          .map((r) => ({ ...r, root: typeof r.root === 'string' ? r.root : '', findings: num(r.findings), filesScanned: num(r.filesScanned), gateFailed: r.gateFailed === true, ...(r.incomplete === undefined ? {} : { incomplete: num(r.incomplete) }), ...(r.credentials === undefined ? {} : { credentials: num(r.credentials) }) }))
      : undefined,
    repository: typeof doc.repository === 'string' ? doc.repository : undefined,
    scorecard: Array.isArray(doc.scorecard)
      ? (doc.scorecard as unknown[])
          .filter((e): e is Obj => isObj(e) && typeof e.title === 'string')
          .map((e) => ({
            ...(e as unknown as NonNullable<Report['scorecard']>[number]),
            evidence: (Array.isArray(e.evidence) ? e.evidence : []).filter(
              (x: unknown) => isObj(x) && typeof x.file === 'string' && typeof x.detail === 'string',
            ),
            frameworks: Array.isArray(e.frameworks)
              ? e.frameworks.filter((x: unknown) => isObj(x) && typeof x.framework === 'string' && typeof x.id === 'string')
              : undefined,
          }))
      : undefined,
    summary: {
      filesScanned: 0,
      bytesScanned: 0,
      durationMs: 0,
      bySeverity: {},
      byLifetime: {},
      ...(summary as Partial<Report['summary']>),
    },
  };
}
