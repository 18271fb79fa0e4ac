// What the real-repository bench hands to each of its sections (bench/real/sections.ts).
import type { Report } from '../../src/model/report.js';

export interface DevsetEntry {
  /** Folder name of the checkout (how a DIR given to the bench is recognised). */
  name: string;
  /** owner/name on GitHub. */
  repo: string;
  commit: string;
}

/** One repository scanned with the default command (`credlife scan DIR -f json`). */
export interface RepoRun {
  dir: string;
  /** The dev-set entry this folder is, when it is one. */
  entry: DevsetEntry | null;
  /** "owner/name@commit" for dev-set entries, else the folder name. */
  label: string;
  /** The label with the commit cut to 12 characters, for tables. */
  name: string;
  report: Report;
  wallMs: number;
  peakRssMb: number | null;
  /** The CLI's exit code: 0 gate passed, 1 gate failed, 2 error. */
  exitCode: number | null;
}

export interface BenchOptions {
  /** Where bench/real/*.json live (the repository's bench/real folder). */
  dataDir: string;
  /** Extra command-line arguments after the folders (`--check`, …), for sections that take options. */
  argv: string[];
}

/** One section of the real-repository bench. Each section is its own module; `check` lists unmet targets. */
export interface Section {
  title: string;
  render(runs: RepoRun[], opts: BenchOptions): string;
  check?(runs: RepoRun[], opts: BenchOptions): string[];
}
