// `credlife report --framework ID [--input report.json | paths…] --format markdown|html [--output FILE]`:
// a control-by-control compliance view of one framework, from a saved JSON report or a fresh scan.
import fs from 'node:fs';
import { safeWriteFile } from '../sources/safe-write.js';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { ConfigError, UsageError } from '../model/errors.js';
import { formatFrameworkReport, FRAMEWORK_REPORT_IDS, frameworkReportFormats, type FrameworkReportFormat } from '../report/framework-report.js';
import { parseReportJson, ReportInputError } from '../report/input.js';
import type { Report } from '../model/report.js';

export interface ReportCommandOptions {
  framework: string;
  input?: string;
  format: string;
  output?: string;
  taskWindow?: string;
  config?: string | boolean;
}

export function register(program: Command): void {
  program
    .command('report')
    .description('control-by-control compliance report for one framework, from a JSON report or a scan')
    .argument('[paths...]', 'files or folders to scan when no --input is given', [])
    .addOption(new Option('--framework <id>', 'framework to report against').choices([...FRAMEWORK_REPORT_IDS]).makeOptionMandatory())
    .option('-i, --input <file>', 'a JSON report from `credlife scan --format json` ("-" for standard input)')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...frameworkReportFormats]).default('markdown'))
    .option('-o, --output <file>', 'write to FILE instead of standard output')
    .option('--task-window <duration>', 'when scanning: how long a task runs (default 15m)')
    .option('-c, --config <file>', 'when scanning: use this config file')
    .option('--no-config', 'when scanning: ignore .credlife.yaml files')
    .action(async (paths: string[], opts: ReportCommandOptions) => {
      const text = await runReportCommand(paths, opts);
      writeOutput(text, opts.output);
      process.exitCode = 0;
    });
}

/** Read a JSON report from a file or "-" (stdin), checked; errors exit 2 with a hint. */
export function readReportFile(file: string): Report {
  let text: string;
  try {
    text = file === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'give the path of a JSON report written by `credlife scan --format json`');
  }
  try {
    return parseReportJson(text);
  } catch (e) {
    if (e instanceof ReportInputError) throw new ConfigError(`${file}: ${e.message}`, 'write the report with `credlife scan --format json --output FILE`');
    throw e;
  }
}

export function writeOutput(text: string, output: string | undefined): void {
  if (!output || output === '-') {
    process.stdout.write(text);
    return;
  }
  safeWriteFile(output, text, { what: '--output' });
}

export async function runReportCommand(paths: string[], opts: ReportCommandOptions): Promise<string> {
  if (!FRAMEWORK_REPORT_IDS.includes(opts.framework as never)) {
    throw new UsageError(`unknown framework "${opts.framework}"`, `use one of: ${FRAMEWORK_REPORT_IDS.join(', ')}`);
  }
  if (!frameworkReportFormats.includes(opts.format as never)) throw new UsageError(`unknown format "${opts.format}"`, 'use markdown or html');
  if (opts.input && paths.length) throw new UsageError('both --input and paths given', 'report on a saved JSON report or scan paths, not both');
  // The scan pipeline is loaded only when scanning, so `--input` works without it.
  const report = opts.input
    ? readReportFile(opts.input)
    : await (await import('../pipeline/scan.js')).runScan({
        paths: paths.length ? paths : ['.'],
        taskWindow: opts.taskWindow,
        config: opts.config === false ? false : typeof opts.config === 'string' ? opts.config : undefined,
      });
  return formatFrameworkReport(report, opts.framework, opts.format as FrameworkReportFormat, { color: false, quiet: false, debug: false });
}
