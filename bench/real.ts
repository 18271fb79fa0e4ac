// `npm run bench -- --real [DIR...] [--devset ROOT] [--check] [--write-untriaged FILE] [--no-perf]`: scan real repositories
// with the default command (`credlife scan DIR -f json`, no flags that change the verdict) and print each
// section of bench/real/sections.ts: files, time, secret findings by rule and severity, the default gate, and
// the comparison with bench/real/triage.json.
//
// With no DIR, every repository of bench/real/devset.json under ROOT (default $CREDLIFE_DEVSET or
// /work/devset); with `--holdout ROOT`, every repository of bench/real/holdout.json under ROOT (unseen code,
// read by hand: no triage, so its targets are not checked); with `--fresh ROOT`, those of bench/real/fresh.json
// (read by hand, causes fixed: no longer unseen, not triaged either). A DIR is matched to a dev-set entry by its folder name. `--check` exits 1 when a target is
// not met (an untriaged finding, an fp at medium or above, precision below 0.95, a failed gate, lost recall).
// The speed columns (credlife vs secretlint, stage split, RSS: bench/real/perf.ts) follow unless --no-perf.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../src/testing/paths.js';
import type { Report } from '../src/model/report.js';
import { measure } from './measure.js';
import { SECTIONS } from './real/sections.js';
import type { BenchOptions, DevsetEntry, RepoRun } from './real/types.js';

const OPTIONS_WITH_VALUE = new Set(['--devset', '--holdout', '--fresh', '--write-untriaged', '--repeat']);

/** A pinned list of repositories: devset.json (triaged, labelled), holdout.json (unseen, read by hand only) or fresh.json (read by hand, causes fixed). */
export function loadDevset(dataDir: string, file = 'devset.json'): DevsetEntry[] {
  return (JSON.parse(fs.readFileSync(path.join(dataDir, file), 'utf8')) as { repositories: DevsetEntry[] }).repositories;
}

/** Folders and options from the arguments after `--real`. */
export function parseRealArgs(argv: string[], devset: DevsetEntry[], holdoutSet?: DevsetEntry[], freshSet?: DevsetEntry[]): { dirs: string[]; options: string[] } {
  const dirs: string[] = [];
  const options: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      options.push(a);
      if (OPTIONS_WITH_VALUE.has(a) && argv[i + 1] !== undefined) options.push(argv[++i]!);
    } else dirs.push(a);
  }
  if (dirs.length === 0) {
    for (const [flag, set] of [['--holdout', holdoutSet], ['--fresh', freshSet]] as const) {
      const at = options.indexOf(flag);
      if (at < 0) continue;
      const root = options[at + 1]!;
      for (const e of set ?? []) if (fs.existsSync(path.join(root, e.name))) dirs.push(path.join(root, e.name));
      return { dirs, options };
    }
    const at = options.indexOf('--devset');
    const root = at >= 0 ? options[at + 1]! : (process.env.CREDLIFE_DEVSET ?? '/work/devset');
    for (const e of devset) if (fs.existsSync(path.join(root, e.name))) dirs.push(path.join(root, e.name));
  }
  return { dirs, options };
}

async function scanRepo(dir: string, devset: DevsetEntry[]): Promise<RepoRun> {
  const out = path.join(os.tmpdir(), `credlife-real-${process.pid}.json`);
  const bin = path.join(repoRoot(), 'bin', 'credlife.js');
  const m = await measure(process.execPath, [bin, 'scan', dir, '--format', 'json', '--output', out, '--no-progress'], repoRoot(), 60 * 60_000);
  if (m.code !== 0 && m.code !== 1) throw new Error(`credlife scan ${dir} exited ${m.code}${m.timedOut ? ' (timed out)' : ''}`);
  const report = JSON.parse(fs.readFileSync(out, 'utf8')) as Report;
  fs.rmSync(out, { force: true });
  const entry = devset.find((e) => e.name === path.basename(path.resolve(dir))) ?? null;
  return { dir, entry, label: entry ? `${entry.repo}@${entry.commit}` : path.basename(path.resolve(dir)), name: entry ? `${entry.repo}@${entry.commit.slice(0, 12)}` : path.basename(path.resolve(dir)), report, wallMs: m.wallMs, peakRssMb: m.peakRssMb, exitCode: m.code };
}

/** Run the real-repository bench: the exit code (0, or 1 when --check finds unmet targets) and the folders scanned. */
export async function runReal(argv: string[]): Promise<{ code: number; dirs: string[] }> {
  const dataDir = path.join(repoRoot(), 'bench', 'real');
  const devset = loadDevset(dataDir);
  const { dirs, options } = parseRealArgs(argv, devset, loadDevset(dataDir, 'holdout.json'), loadDevset(dataDir, 'fresh.json'));
  if (dirs.length === 0) {
    process.stderr.write('bench --real: no repositories (give DIR..., or --devset ROOT holding the folders of bench/real/devset.json)\n');
    return { code: 2, dirs };
  }
  const runs: RepoRun[] = [];
  for (const dir of dirs) {
    process.stderr.write(`scanning ${dir} …\n`);
    runs.push(await scanRepo(dir, devset));
  }
  const opts: BenchOptions = { dataDir, argv: options };
  process.stdout.write(`machine: ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, node ${process.version}\n`);
  const problems: string[] = [];
  for (const section of SECTIONS) {
    process.stdout.write(`\n## ${section.title}\n\n${section.render(runs, opts)}\n`);
    problems.push(...(section.check?.(runs, opts) ?? []));
  }
  if (problems.length) process.stdout.write(`\nTargets not met (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  else process.stdout.write('\nAll targets met.\n');
  return { code: options.includes('--check') && problems.length ? 1 : 0, dirs };
}
