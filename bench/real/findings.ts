// Section: what the default command says on each repository: files, time, secret findings by rule and
// severity, and the default gate.
import { SEVERITIES, type Finding, type Severity } from '../../src/model/report.js';
import type { RepoRun, Section } from './types.js';

function bySeverity(list: Finding[]): string {
  const n = new Map<Severity, number>();
  for (const f of list) n.set(f.severity, (n.get(f.severity) ?? 0) + 1);
  return SEVERITIES.filter((s) => n.get(s)).map((s) => `${s} ${n.get(s)}`).join(', ');
}

export function secretFindings(run: RepoRun): Finding[] {
  return run.report.findings.filter((f) => f.kind === 'secret');
}

function gateLine(run: RepoRun): string {
  const g = run.report.summary.gate;
  if (!g) return `exit ${run.exitCode}`;
  if (!g.failed) return `passed (fail on ${g.failOn}), exit ${run.exitCode}`;
  const failing = run.report.findings.filter((f) => SEVERITIES.indexOf(f.severity) <= SEVERITIES.indexOf(g.failOn));
  const byKind = new Map<string, number>();
  for (const f of failing) byKind.set(`${f.kind} ${f.ruleId}`, (byKind.get(`${f.kind} ${f.ruleId}`) ?? 0) + 1);
  return `FAILED (fail on ${g.failOn}): ${[...byKind].map(([k, v]) => `${k} ×${v}`).join(', ')}; exit ${run.exitCode}`;
}

export const findingsSection: Section = {
  title: 'Scans (default command: credlife scan DIR)',
  render(runs) {
    const out: string[] = [];
    for (const run of runs) {
      const s = run.report.summary;
      const secrets = secretFindings(run);
      out.push(
        `${run.name}: ${s.filesScanned} files, ${(s.bytesScanned / 1e6).toFixed(1)} MB, ${(run.wallMs / 1000).toFixed(1)} s wall` +
          (run.peakRssMb !== null ? `, peak RSS ${run.peakRssMb.toFixed(0)} MB` : ''),
      );
      out.push(`  findings: ${run.report.findings.length} (${bySeverity(run.report.findings) || 'none'}); secret: ${secrets.length}`);
      const rules = new Map<string, Finding[]>();
      for (const f of secrets) rules.set(f.ruleId, [...(rules.get(f.ruleId) ?? []), f]);
      for (const [rule, list] of [...rules].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))) {
        out.push(`    ${rule.padEnd(36)} ${String(list.length).padStart(4)}  ${bySeverity(list)}`);
      }
      out.push(`  gate: ${gateLine(run)}`);
    }
    return out.join('\n');
  },
  check(runs) {
    return runs.filter((r) => r.report.summary.gate?.failed || r.exitCode !== 0).map((r) => `${r.name}: the default gate fails (exit ${r.exitCode})`);
  },
};
