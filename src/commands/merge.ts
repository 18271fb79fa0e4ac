// `credlife merge a.json b.json … [--format html|json|markdown|csv] [--output FILE]`: one organisation view
// from the JSON reports of many repositories (each repository's own CI scans; merge combines them).
// An argument may be NAME=FILE to name its repository; otherwise the name comes from the report itself.
import path from 'node:path';
import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';
import { formatters } from '../report/index.js';
import { mergeReports, type MergeInput } from '../report/merge.js';
import type { Report } from '../types.js';
import { readReportFile, writeOutput } from './report.js';

export const MERGE_FORMATS = ['html', 'json', 'markdown', 'csv'] as const;

export interface MergeCommandOptions {
  format: string;
  output?: string;
}

export function register(program: Command): void {
  program
    .command('merge')
    .description('merge JSON reports from several repositories into one view, with credential reuse across them')
    .argument('<reports...>', 'JSON reports (`credlife scan --format json`), each optionally as NAME=FILE')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...MERGE_FORMATS]).default('html'))
    .option('-o, --output <file>', 'write to FILE instead of standard output')
    .action((files: string[], opts: MergeCommandOptions) => {
      writeOutput(runMergeCommand(files, opts), opts.output);
      process.exitCode = 0;
    });
}

const GENERIC_STEMS = new Set(['credlife', 'report', 'results', 'result', 'scan', 'output']);

/** A repository name: report.repository, else the scanned root's folder, else the file's name (or its folder). */
export function repositoryName(file: string, report: Report): string {
  if (report.repository?.trim()) return report.repository.trim();
  const root = report.root?.replace(/[\\/]+$/, '') ?? '';
  const rootBase = path.basename(root);
  if (rootBase && rootBase !== '.' && rootBase !== '..') return rootBase;
  const stem = path.basename(file).replace(/\.json$/i, '');
  if (!GENERIC_STEMS.has(stem.toLowerCase())) return stem;
  return path.basename(path.dirname(path.resolve(file))) || stem;
}

export function runMergeCommand(args: string[], opts: MergeCommandOptions): string {
  if (!MERGE_FORMATS.includes(opts.format as never)) throw new UsageError(`unknown format "${opts.format}"`, `use one of: ${MERGE_FORMATS.join(', ')}`);
  if (args.length === 0) throw new UsageError('no reports to merge', 'give one or more JSON reports: credlife merge a.json b.json');
  const inputs: MergeInput[] = args.map((arg) => {
    // NAME=FILE, unless the whole argument is an existing-looking path with "=" in it.
    const m = /^([^=/\\]+)=(.+)$/.exec(arg);
    const file = m ? m[2]! : arg;
    const report = readReportFile(file);
    return { name: m ? m[1]! : repositoryName(file, report), report };
  });
  const merged = mergeReports(inputs);
  return formatters[opts.format]!(merged, { color: false, quiet: false, debug: false });
}
