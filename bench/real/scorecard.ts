// Scorecard section of the real-repository bench (npm run bench -- --real DIR…; `--check` fails below 90%): how often credlife's status agrees with the hand judgement in
// bench/real/scorecard.json (5 controls × each judged repository), and the share of cited evidence lines that are
// real (the line exists and is not triaged as wrong) and about the agents (not CI, tests, fixtures or docs).
//
//   node dist/bench/real/scorecard.js /work/devset/ai /work/devset/autogen …   scan each and report
//   node dist/bench/real/scorecard.js --reports /tmp/reports DIR…               reuse <basename>.json reports
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { areaOf } from '../../src/scorecard/area.js';
import { scan } from '../../src/index.js';
import { repoRoot } from '../../src/testing/paths.js';
import type { Report, ScorecardEntry } from '../../src/model/report.js';
import type { Section } from './types.js';

type Status = ScorecardEntry['status'];

export interface JudgedControl {
  status: Status;
  why: string;
  /** file:line of the lines that decide the status. */
  lines: string[];
}

export interface JudgedRepo {
  repo: string;
  commit: string;
  /** Directory name of the checkout (matched against the scanned directory's basename). */
  dir: string;
  controls: Record<string, JudgedControl>;
}

export interface ScorecardJudgement {
  repos: JudgedRepo[];
  /** Per dir: "file:line" → why the evidence shown there does not show what its detail says. */
  wrong: Record<string, Record<string, string>>;
}

export interface ScorecardRun {
  /** Scanned directory (its basename names the judged repository). */
  root: string;
  report: Report;
}

export interface ScorecardBench {
  cells: number;
  agreeing: number;
  evidenceShown: number;
  /** Shown evidence whose file is agent code, config or deployment (not CI, tests, fixtures, docs). */
  aboutAgents: number;
  /** Shown evidence that is about the agents, points at an existing line, and is not triaged wrong. */
  realAboutAgents: number;
  /** Shown evidence in CI workflows or tests (must be 0: they never move an agent control). */
  ciOrTest: number;
  disagreements: { dir: string; control: string; credlife: Status; hand: Status }[];
  notReal: { dir: string; control: string; at: string; detail: string; reason: string }[];
}

export function loadJudgement(file = path.join(repoRoot(), 'bench', 'real', 'scorecard.json')): ScorecardJudgement {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as ScorecardJudgement;
  return { repos: doc.repos, wrong: doc.wrong ?? {} };
}

function lineExists(root: string, file: string, line: number, cache: Map<string, number | null>): boolean {
  if (!cache.has(file)) {
    try {
      cache.set(file, fs.readFileSync(path.join(root, file), 'utf8').split('\n').length);
    } catch {
      cache.set(file, null);
    }
  }
  const n = cache.get(file);
  return n !== null && n !== undefined && line >= 1 && line <= n;
}

export function scoreScorecard(runs: readonly ScorecardRun[], judged: ScorecardJudgement): ScorecardBench {
  const out: ScorecardBench = { cells: 0, agreeing: 0, evidenceShown: 0, aboutAgents: 0, realAboutAgents: 0, ciOrTest: 0, disagreements: [], notReal: [] };
  for (const run of runs) {
    const dir = path.basename(path.resolve(run.root));
    const repo = judged.repos.find((r) => r.dir === dir);
    if (!repo) continue;
    const wrong = judged.wrong[dir] ?? {};
    const lines = new Map<string, number | null>();
    for (const [control, hand] of Object.entries(repo.controls)) {
      const entry = run.report.scorecard?.find((e) => e.control === control);
      out.cells++;
      if (entry?.status === hand.status) out.agreeing++;
      else out.disagreements.push({ dir, control, credlife: entry?.status ?? 'unknown', hand: hand.status });
      for (const e of entry?.evidence ?? []) {
        out.evidenceShown++;
        const area = areaOf(e.file);
        if (area === 'ci' || area === 'test') out.ciOrTest++;
        if (area !== 'agent') {
          out.notReal.push({ dir, control, at: `${e.file}:${e.line}`, detail: e.detail, reason: `${area}, not the agents` });
          continue;
        }
        out.aboutAgents++;
        const at = `${e.file}:${e.line}`;
        const reason = wrong[at] ?? (lineExists(run.root, e.file, e.line, lines) ? undefined : 'no such line');
        if (reason) out.notReal.push({ dir, control, at, detail: e.detail, reason });
        else out.realAboutAgents++;
      }
    }
  }
  return out;
}

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : 'n/a');

export function formatScorecardSection(b: ScorecardBench): string {
  const out = [
    `cells agreeing:                 ${b.agreeing}/${b.cells} (${pct(b.agreeing, b.cells)})`,
    `evidence real and about agents: ${b.realAboutAgents}/${b.evidenceShown} (${pct(b.realAboutAgents, b.evidenceShown)})`,
    `evidence from CI or tests:      ${b.ciOrTest} (must be 0)`,
  ];
  for (const d of b.disagreements) out.push(`  disagree ${d.dir} ${d.control}: credlife ${d.credlife}, hand ${d.hand}`);
  for (const n of b.notReal) out.push(`  not real ${n.dir} ${n.control} ${n.at}: ${n.reason}`);
  return out.join('\n');
}

/** Targets of the scorecard issue: ≥ 90% of cells agree, ≥ 90% of cited lines are real and about the agents, no CI or test evidence. */
export function scorecardProblems(b: ScorecardBench): string[] {
  const out: string[] = [];
  if (!b.cells) return out;
  if (b.agreeing / b.cells < 0.9) out.push(`scorecard: ${b.agreeing}/${b.cells} cells agree with the hand judgement (target 90%)`);
  if (b.evidenceShown && b.realAboutAgents / b.evidenceShown < 0.9) out.push(`scorecard: ${b.realAboutAgents}/${b.evidenceShown} evidence lines real and about the agents (target 90%)`);
  if (b.ciOrTest) out.push(`scorecard: ${b.ciOrTest} evidence lines from CI or tests`);
  return out;
}

const benchOf = (runs: readonly { dir: string; report: Report }[], dataDir: string) =>
  scoreScorecard(runs.map((r) => ({ root: r.dir, report: r.report })), loadJudgement(path.join(dataDir, 'scorecard.json')));

export const scorecardSection: Section = {
  title: 'Scorecard: agreement with the hand judgement (bench/real/scorecard.json)',
  render: (runs, opts) => formatScorecardSection(benchOf(runs, opts.dataDir)),
  check: (runs, opts) => scorecardProblems(benchOf(runs, opts.dataDir)),
};

/** Scan (or read `<reports>/<basename>.json`) each root and print the section; returns the numbers. */
export async function runScorecardBench(roots: readonly string[], reportsDir?: string): Promise<ScorecardBench> {
  const runs: ScorecardRun[] = [];
  for (const root of roots) {
    const saved = reportsDir ? path.join(reportsDir, `${path.basename(path.resolve(root))}.json`) : undefined;
    const report = saved && fs.existsSync(saved) ? (JSON.parse(fs.readFileSync(saved, 'utf8')) as Report) : await scan({ paths: [root], config: false });
    runs.push({ root, report });
  }
  const b = scoreScorecard(runs, loadJudgement());
  console.log(`## ${scorecardSection.title}\n\n${formatScorecardSection(b)}`);
  return b;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--reports');
  const reportsDir = i >= 0 ? args[i + 1] : undefined;
  const roots = args.filter((a, j) => a !== '--reports' && (i < 0 || j !== i + 1));
  await runScorecardBench(roots, reportsDir);
}
