// Section: every secret finding compared with its verdict in bench/real/triage.json (read by a person, one line
// of why, never a raw value): tp (a real credential), fixture (a realistic made-up value planted in a test,
// doc or example on purpose), fp (not a credential). Precision is (tp + fixture) / triaged findings. Entries
// whose finding is no longer reported show what changed: an fp gone is a fix, a tp or fixture gone is lost recall.
import fs from 'node:fs';
import path from 'node:path';
import { SEVERITIES, type Finding } from '../../src/model/report.js';
import { secretFindings } from './findings.js';
import type { BenchOptions, RepoRun, Section } from './types.js';

export type Verdict = 'tp' | 'fixture' | 'fp';
export interface TriageEntry {
  /** owner/name@commit */
  repo: string;
  file: string;
  line: number;
  rule: string;
  verdict: Verdict;
  why: string;
}

export function loadTriage(dataDir: string): TriageEntry[] {
  const file = path.join(dataDir, 'triage.json');
  if (!fs.existsSync(file)) return [];
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { entries?: TriageEntry[] };
  for (const e of data.entries ?? []) {
    if (!['tp', 'fixture', 'fp'].includes(e.verdict)) throw new Error(`triage.json: ${e.repo} ${e.file}:${e.line}: verdict must be tp, fixture or fp`);
  }
  return data.entries ?? [];
}

/** Every line the finding's credential is on in its file (the finding's own line first). */
export function linesOf(f: Finding): number[] {
  const occ = (f as { occurrences?: { line: number }[] }).occurrences ?? [];
  return [f.line, ...occ.map((o) => o.line)];
}

interface Matched {
  finding: Finding;
  entry: TriageEntry | undefined;
}

export function matchTriage(run: RepoRun, entries: TriageEntry[]): { matched: Matched[]; gone: TriageEntry[] } {
  const mine = entries.filter((e) => e.repo === run.label);
  const used = new Set<TriageEntry>();
  const matched = secretFindings(run).map((finding) => {
    const lines = new Set(linesOf(finding));
    const hits = mine.filter((e) => e.file === finding.file && e.rule === finding.ruleId && lines.has(e.line));
    for (const h of hits) used.add(h);
    // A finding that folds several triaged lines takes the worst verdict among them.
    const entry = hits.find((e) => e.verdict === 'fp') ?? hits.find((e) => e.verdict === 'fixture') ?? hits[0];
    return { finding, entry };
  });
  return { matched, gone: mine.filter((e) => !used.has(e)) };
}

interface Tally {
  findings: number;
  tp: number;
  fixture: number;
  fp: number;
  untriaged: number;
  fpAtMedium: number;
  fixedFp: number;
  lostTrue: number;
}

function tally(run: RepoRun, entries: TriageEntry[]): Tally & { untriagedList: Finding[]; fpMediumList: Matched[]; lostList: TriageEntry[] } {
  const { matched, gone } = matchTriage(run, entries);
  const medium = SEVERITIES.indexOf('medium');
  const t = {
    findings: matched.length,
    tp: matched.filter((m) => m.entry?.verdict === 'tp').length,
    fixture: matched.filter((m) => m.entry?.verdict === 'fixture').length,
    fp: matched.filter((m) => m.entry?.verdict === 'fp').length,
    untriaged: matched.filter((m) => !m.entry).length,
    fpAtMedium: 0,
    fixedFp: gone.filter((e) => e.verdict === 'fp').length,
    lostTrue: gone.filter((e) => e.verdict !== 'fp').length,
    untriagedList: matched.filter((m) => !m.entry).map((m) => m.finding),
    fpMediumList: matched.filter((m) => m.entry?.verdict === 'fp' && SEVERITIES.indexOf(m.finding.severity) <= medium),
    lostList: gone.filter((e) => e.verdict !== 'fp'),
  };
  t.fpAtMedium = t.fpMediumList.length;
  return t;
}

function precision(t: Tally): string {
  const triaged = t.tp + t.fixture + t.fp;
  return triaged === 0 ? '-' : ((t.tp + t.fixture) / triaged).toFixed(3);
}

/** Skeleton triage entries for findings without a verdict (file, line and rule only: the verdict is a person's). */
function skeleton(run: RepoRun, f: Finding): TriageEntry {
  return { repo: run.label, file: f.file, line: f.line, rule: f.ruleId, verdict: '?' as Verdict, why: '' };
}

export const triageSection: Section = {
  title: 'Secret findings against bench/real/triage.json',
  render(runs, opts: BenchOptions) {
    const entries = loadTriage(opts.dataDir);
    const header = ['repository', 'secret', 'tp', 'fixture', 'fp', 'untriaged', 'fp ≥ medium', 'precision', 'fp fixed', 'tp/fixture lost'];
    const rows: string[][] = [];
    const total: Tally = { findings: 0, tp: 0, fixture: 0, fp: 0, untriaged: 0, fpAtMedium: 0, fixedFp: 0, lostTrue: 0 };
    const details: string[] = [];
    const todo: TriageEntry[] = [];
    for (const run of runs) {
      const t = tally(run, entries);
      for (const k of Object.keys(total) as (keyof Tally)[]) total[k] += t[k];
      rows.push([run.name, t.findings, t.tp, t.fixture, t.fp, t.untriaged, t.fpAtMedium, precision(t), t.fixedFp, t.lostTrue].map(String));
      for (const f of t.untriagedList) {
        details.push(`  untriaged  ${run.name} ${f.file}:${f.line} ${f.ruleId} ${f.severity}`);
        todo.push(skeleton(run, f));
      }
      for (const m of t.fpMediumList) details.push(`  fp ≥ medium ${run.name} ${m.finding.file}:${m.finding.line} ${m.finding.ruleId} ${m.finding.severity}: ${m.entry!.why}`);
      for (const e of t.lostList) details.push(`  lost ${e.verdict}  ${run.name} ${e.file}:${e.line} ${e.rule}: ${e.why}`);
    }
    rows.push(['total', total.findings, total.tp, total.fixture, total.fp, total.untriaged, total.fpAtMedium, precision(total), total.fixedFp, total.lostTrue].map(String));
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => '| ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ') + ' |';
    const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), ...details];
    const i = opts.argv.indexOf('--write-untriaged');
    if (i >= 0 && opts.argv[i + 1]) {
      fs.writeFileSync(opts.argv[i + 1]!, JSON.stringify({ entries: todo }, null, 2) + '\n');
      out.push(`  ${todo.length} untriaged finding(s) written to ${opts.argv[i + 1]} (verdict "?": read each line and decide)`);
    }
    return out.join('\n');
  },
  check(runs, opts) {
    const entries = loadTriage(opts.dataDir);
    const problems: string[] = [];
    const total: Tally = { findings: 0, tp: 0, fixture: 0, fp: 0, untriaged: 0, fpAtMedium: 0, fixedFp: 0, lostTrue: 0 };
    for (const run of runs) {
      if (!run.entry) continue;
      const t = tally(run, entries);
      for (const k of Object.keys(total) as (keyof Tally)[]) total[k] += t[k];
      if (t.untriaged) problems.push(`${run.name}: ${t.untriaged} untriaged secret finding(s)`);
      if (t.fpAtMedium) problems.push(`${run.name}: ${t.fpAtMedium} fp at medium or above`);
      if (t.lostTrue) problems.push(`${run.name}: ${t.lostTrue} tp/fixture finding(s) no longer reported`);
    }
    const triaged = total.tp + total.fixture + total.fp;
    if (triaged && (total.tp + total.fixture) / triaged < 0.95) problems.push(`precision over the dev set ${precision(total)} < 0.95`);
    return problems;
  },
};
