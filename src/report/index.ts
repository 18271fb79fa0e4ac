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

export const formatters: Record<string, Formatter> = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  html: formatHtml,
  markdown: formatMarkdown,
  junit: formatJunit,
  csv: formatCsv,
};

/**
 * Formats that can also be produced in pieces (the same text as `formatters`: generators of strings, still pure
 * functions of the report), so that writing a large report never holds it as one string.
 */
export const chunkedFormatters: Partial<Record<string, (report: Report, ctx: FormatContext) => Iterable<string>>> = {
  json: (report) => formatJsonChunks(report),
  sarif: formatSarifChunks,
  csv: formatCsvChunks,
  junit: formatJunitChunks,
  html: formatHtmlChunks,
};

/** The report in the given format, in pieces (one piece for formats that are not chunked). */
export function formatChunks(format: string, report: Report, ctx: FormatContext): Iterable<string> {
  const chunked = chunkedFormatters[format];
  return chunked ? chunked(report, ctx) : [formatters[format]!(report, ctx)];
}

export function formatNames(): string[] {
  return Object.keys(formatters);
}

export type { FrameworkCatalog } from './catalog.js';
export { defaultFrameworkCatalogs, loadFrameworkCatalogs } from './catalog.js';
export { formatFrameworkReport, frameworkReportFormats, FRAMEWORK_REPORT_IDS } from './framework-report.js';
export { mergeReports, type MergeInput } from './merge.js';
