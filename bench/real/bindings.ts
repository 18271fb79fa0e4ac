// Recall of agent-code bindings against hand labels (bench/real/bindings.json): for each labelled binding, did
// the scan report a binding in that file, at that line, for that tool, with that source and scope?
//
//   node dist/bench/real/bindings.js DIR...          scan each DIR (a checkout of a labelled repository, matched
//                                                    by its folder name) and print recall and the misses
//   node dist/bench/real/bindings.js --files DIR...  scan only the labelled files (quick, no cross-file links)
//
// The real-repository bench (`npm run bench -- --real DIR...`) prints bindingsSection over the reports it has.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Binding, Report } from '../../src/model/report.js';
import { repoRoot } from '../../src/testing/paths.js';
import type { BenchOptions, RepoRun, Section } from './types.js';

/** Recall target of the labelled bindings (issue: ≥ 90% with the right tool, source and scope). */
export const BINDING_RECALL_TARGET = 0.9;

export interface BindingLabel {
  /** owner/name@commit */
  repo: string;
  file: string;
  line: number;
  tool: string;
  source: string;
  scope: string;
  why: string;
}

export interface BindingMiss {
  label: BindingLabel;
  /** What the scan reported in that file at that line, if anything (shows a wrong tool / source / scope). */
  near: string[];
}

export interface BindingRecall {
  total: number;
  found: number;
  misses: BindingMiss[];
  /** Repositories with labels that were not scanned (their labels are not counted). */
  unscanned: string[];
}

export const LABELS_FILE = path.join(repoRoot(), 'bench', 'real', 'bindings.json');

export function loadBindingLabels(file = LABELS_FILE): BindingLabel[] {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { labels?: BindingLabel[] };
  if (!Array.isArray(doc.labels)) throw new Error(`${file}: expected { labels: [...] }`);
  for (const [i, l] of doc.labels.entries()) {
    for (const k of ['repo', 'file', 'tool', 'source', 'scope', 'why'] as const) {
      if (typeof l[k] !== 'string' || !l[k]) throw new Error(`${file}: labels[${i}].${k} must be a non-empty string`);
    }
    if (!Number.isInteger(l.line) || l.line < 1) throw new Error(`${file}: labels[${i}].line must be a positive integer`);
  }
  return doc.labels;
}

/** owner/name@commit → name (the folder a checkout usually has). */
export const repoName = (repo: string): string => repo.split('@')[0]!.split('/').pop()!;

/** Tool names compare without case and separators: google_calendar = Google Calendar = google-calendar. */
export const sameTool = (a: string, b: string): boolean => a.toLowerCase().replace(/[-_\s]/g, '') === b.toLowerCase().replace(/[-_\s]/g, '');

const norm = (f: string) => f.replace(/\\/g, '/').replace(/^\.\//, '');

function commonDir(files: string[]): string {
  const parts = files.map((f) => path.posix.dirname(norm(f)).split('/'));
  const first = parts[0]!;
  let n = 0;
  while (n < first.length && parts.every((p) => p[n] === first[n])) n++;
  return first.slice(0, n).join('/');
}

function describe(b: Binding): string {
  return `${b.tool} ${b.source}/${b.scope}${b.credentialRef ? ` ${b.credentialRef}` : ''} (${b.via})`;
}

/** Recall of the labels over reports keyed by repository folder name (reports' file paths relative to it). */
export function bindingRecall(labels: BindingLabel[], reports: Map<string, Pick<Report, 'bindings'>>): BindingRecall {
  const out: BindingRecall = { total: 0, found: 0, misses: [], unscanned: [] };
  for (const label of labels) {
    const name = repoName(label.repo);
    const report = reports.get(name);
    if (!report) {
      if (!out.unscanned.includes(name)) out.unscanned.push(name);
      continue;
    }
    out.total++;
    const inFile = report.bindings.filter((b) => norm(b.file) === norm(label.file) && b.line === label.line);
    const hit = inFile.some((b) => sameTool(b.tool, label.tool) && b.source === label.source && b.scope === label.scope);
    if (hit) out.found++;
    else out.misses.push({ label, near: inFile.map(describe) });
  }
  return out;
}

export function formatBindingRecall(r: BindingRecall): string {
  const pct = r.total ? ((100 * r.found) / r.total).toFixed(1) : '-';
  const lines = [`Binding recall: ${r.found}/${r.total} labelled bindings (${pct}%) with the right tool, source and scope`];
  for (const m of r.misses) {
    const l = m.label;
    lines.push(`  missed ${repoName(l.repo)}/${l.file}:${l.line} ${l.tool} ${l.source}/${l.scope}${m.near.length ? ` — found instead: ${m.near.join('; ')}` : ''}`);
  }
  if (r.unscanned.length) lines.push(`  not scanned: ${r.unscanned.join(', ')}`);
  return lines.join('\n');
}

function recallOf(runs: RepoRun[], opts: BenchOptions): BindingRecall {
  const labels = loadBindingLabels(path.join(opts.dataDir, 'bindings.json'));
  const reports = new Map<string, Pick<Report, 'bindings'>>();
  for (const run of runs) reports.set(run.entry?.name ?? path.basename(path.resolve(run.dir)), run.report);
  // A label pinned to another commit than the checkout's is not counted against it.
  const pinned = labels.filter((l) => {
    const run = runs.find((r) => (r.entry?.name ?? path.basename(path.resolve(r.dir))) === repoName(l.repo));
    return !run?.entry || l.repo.endsWith(`@${run.entry.commit}`);
  });
  return bindingRecall(pinned, reports);
}

/** The bench section: recall of the hand-labelled bindings in the scanned repositories. */
export const bindingsSection: Section = {
  title: 'Agent-code bindings (recall against bench/real/bindings.json)',
  render: (runs, opts) => formatBindingRecall(recallOf(runs, opts)),
  check(runs, opts) {
    const r = recallOf(runs, opts);
    return r.total && r.found / r.total < BINDING_RECALL_TARGET
      ? [`binding recall ${r.found}/${r.total} is below ${BINDING_RECALL_TARGET * 100}%`]
      : [];
  },
};

/** Scan a checkout with the built CLI (whole tree, or only the given files) and return its JSON report. */
export function scanForBindings(dir: string, files?: string[]): Report {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-bindings-')), 'report.json');
  try {
    const cli = path.join(repoRoot(), 'bin', 'credlife.js');
    const targets = files?.length ? files : ['.'];
    const r = spawnSync(process.execPath, [cli, 'scan', ...targets, '-f', 'json', '-o', out, '--exit-zero', '-q'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    if (!fs.existsSync(out)) throw new Error(`scan of ${dir} wrote no report (exit ${r.status}): ${String(r.stderr).slice(0, 500)}`);
    const report = JSON.parse(fs.readFileSync(out, 'utf8')) as Report;
    // Several paths are reported relative to their common folder: put that folder back.
    const base = files && files.length > 1 ? commonDir(files) : files?.length === 1 ? path.posix.dirname(norm(files[0]!)) : '';
    if (base && base !== '.') for (const b of report.bindings) b.file = `${base}/${norm(b.file)}`;
    return report;
  } finally {
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
}

function main(argv: string[]): void {
  const onlyFiles = argv.includes('--files');
  const dirs = argv.filter((a) => !a.startsWith('--'));
  if (!dirs.length) {
    console.error('usage: node dist/bench/real/bindings.js [--files] DIR...');
    process.exitCode = 2;
    return;
  }
  const labels = loadBindingLabels();
  const reports = new Map<string, Report>();
  for (const dir of dirs) {
    const name = path.basename(path.resolve(dir));
    const files = onlyFiles ? [...new Set(labels.filter((l) => repoName(l.repo) === name).map((l) => l.file))] : undefined;
    reports.set(name, scanForBindings(dir, files));
  }
  console.log(formatBindingRecall(bindingRecall(labels, reports)));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
