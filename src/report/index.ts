// One pure formatter per format: (report, ctx) => string. Formatters never compute and never see raw secrets.
import type { Report } from '../model/report.js';
import type { FrameworkCatalog, RuleDescription } from './catalog.js';
import { formatCsv, formatCsvChunks } from './csv.js';
import { formatHtml, formatHtmlChunks } from './html.js';
import { formatJson, formatJsonChunks } from './json.js';
import { formatJunit, formatJunitChunks } from './junit.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif, formatSarifChunks } from './sarif.js';
import { formatText } from './text.js';

export interface FormatContext {
  /** Colour output (TTY and not NO_COLOR / --no-color). */
  color: boolean;
  quiet: boolean;
  debug: boolean;
  /** Text output: the scorecard's evidence and next steps (they are always in JSON, Markdown and HTML). */
  verbose?: boolean;
  /** Text output: the terminal's width in columns; unset (not a terminal) means no wrapping, for stable output. */
  width?: number;
  /**
   * Framework control catalogs (rules/frameworks/*.yaml) for the HTML and framework reports.
   * Defaults to the shipped catalogs, read once per process (src/report/catalog.ts).
   */
  frameworks?: FrameworkCatalog[];
  /**
   * Rule descriptions by rule id (title, description, remediation) for SARIF rule metadata of checks whose
   * findings are about different credentials. Defaults to the shipped rules/checks, read once per process.
   */
  rules?: ReadonlyMap<string, RuleDescription>;
  /** Fixed "generated at" time for HTML/Markdown footers (ISO 8601); omitted when absent, so output stays reproducible. */
  generatedAt?: string;
}

export type Formatter = (report: Report, ctx: FormatContext) => string;

/** One report format: its pure formatter, optionally the same text in pieces, and the file extensions that imply it. */
export interface ReportFormat {
  format: Formatter;
  /** The same text as `format`, as a generator of pieces (still a pure function of the report), so that writing a large report never holds it as one string. */
  chunks?: (report: Report, ctx: FormatContext) => Iterable<string>;
  /** `-o FILE` without `-f` picks this format for these extensions. */
  extensions?: readonly string[];
}

/** The registry of report formats: adding one is its formatter in src/report/ and one entry here. */
export const REPORT_FORMATS: Readonly<Record<string, ReportFormat>> = {
  text: { format: formatText, extensions: ['.txt'] },
  json: { format: formatJson, chunks: (report) => formatJsonChunks(report), extensions: ['.json'] },
  sarif: { format: formatSarif, chunks: formatSarifChunks, extensions: ['.sarif'] },
  html: { format: formatHtml, chunks: formatHtmlChunks, extensions: ['.html', '.htm'] },
  markdown: { format: formatMarkdown, extensions: ['.md', '.markdown'] },
  junit: { format: formatJunit, chunks: formatJunitChunks, extensions: ['.xml'] },
  csv: { format: formatCsv, chunks: formatCsvChunks, extensions: ['.csv'] },
};

/** Every format's formatter by name (the programmatic API). */
export const formatters: Record<string, Formatter> = Object.fromEntries(Object.entries(REPORT_FORMATS).map(([name, f]) => [name, f.format]));

/** The format a file extension implies (`.sarif` → sarif). */
export const FORMAT_BY_EXTENSION: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(REPORT_FORMATS).flatMap(([name, f]) => (f.extensions ?? []).map((ext) => [ext, name])),
);

/** The report in the given format, in pieces (one piece for formats that are not chunked). */
export function formatChunks(format: string, report: Report, ctx: FormatContext): Iterable<string> {
  const f = REPORT_FORMATS[format]!;
  return f.chunks ? f.chunks(report, ctx) : [f.format(report, ctx)];
}

export function formatNames(): string[] {
  return Object.keys(formatters);
}

export type { FrameworkCatalog } from './catalog.js';
export { defaultFrameworkCatalogs, loadFrameworkCatalogs } from './catalog.js';
export { formatFrameworkReport, frameworkReportFormats, FRAMEWORK_REPORT_IDS } from './framework-report.js';
export { mergeReports, type MergeInput } from './merge.js';
