// `credlife merge REPORT|DIR … [--format html|json|markdown|csv] [--output FILE]`: one organisation view
// from the JSON reports of many repositories (each repository's own CI job scans; merge combines them).
// An argument may be NAME=FILE to name its repository; otherwise the name comes from the report itself. A
// folder stands for every *.json report under it (as `actions/download-artifact` lays them out).
//
// Bounded memory: reports are read one at a time. A first pass folds them (src/report/merge.ts); the JSON and
// CSV outputs then stream each report's findings, bindings and scorecard in further passes, one report in
// memory at a time, so neither memory nor output grows with repositories × shared credentials.
import { prepareTarget } from '../sources/safe-write.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { UsageError } from '../model/errors.js';
import { CSV_COLUMNS, csvRow } from '../report/csv.js';
import { sortFindings } from '../report/common.js';
import { MergeFold } from '../report/merge.js';
import { formatOrgHtml, formatOrgMarkdown } from '../report/org.js';
import type { Report } from '../model/report.js';
import { readReportFile } from './report.js';

/** What a merge output writer gets: the fold of every report, the reports (to read again, one at a time), the output. */
interface MergeOutput {
  out: OutputStream;
  fold: MergeFold;
  sources: readonly MergeSource[];
  names: readonly string[];
}

const PLAIN = { color: false, quiet: false, debug: false };

/**
 * The formats `credlife merge` writes, one entry each: the organisation view for people (a formatter of the
 * fold's view), or the merged report streamed one report at a time (JSON, CSV). A new merge format is one
 * entry here (and its formatter in src/report/).
 */
const MERGE_WRITERS: Record<string, (m: MergeOutput) => void> = {
  html: ({ out, fold }) => out.write(formatOrgHtml(fold.view(), PLAIN)),
  json: ({ out, fold, sources, names }) => writeMergedJson(out, fold, sources, names),
  markdown: ({ out, fold }) => out.write(formatOrgMarkdown(fold.view(), PLAIN)),
  csv: ({ out, fold, sources, names }) => {
    out.write(CSV_COLUMNS.join(',') + '\r\n');
    sources.forEach((s, i) => {
      for (const f of sortFindings(readReportFile(s.file).findings)) out.write(csvRow(fold.tagFinding(f, names[i]!)) + '\r\n');
    });
  },
};

export const MERGE_FORMATS: readonly string[] = Object.keys(MERGE_WRITERS);

export interface MergeCommandOptions {
  format: string;
  output?: string;
}

export function register(program: Command): void {
  program
    .command('merge')
    .description('merge JSON reports from several repositories into one organisation view, with credential reuse across them')
    .argument('<reports...>', 'JSON reports (`credlife scan --format json`), each optionally as NAME=FILE, or folders of them')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...MERGE_FORMATS]).default('html'))
    .option('-o, --output <file>', 'write to FILE instead of standard output')
    .action((files: string[], opts: MergeCommandOptions) => {
      runMergeCommand(files, opts);
      process.exitCode = 0;
    });
}

const GENERIC_STEMS = new Set(['credlife', 'report', 'results', 'result', 'scan', 'output']);

/** "owner/name" from a repository URL (https://host/owner/name.git), or null. */
function nameFromUri(uri: string | undefined): string | null {
  if (!uri) return null;
  try {
    const parts = new URL(uri).pathname.replace(/\.git$/i, '').split('/').filter(Boolean);
    return parts.length >= 2 ? parts.slice(-2).join('/') : (parts[0] ?? null);
  } catch {
    return null;
  }
}

/**
 * A repository name: report.repository, else owner/name from the scanned checkout's remote (report.vcs), else
 * the scanned root's folder, else the file's name (or its folder when the file is generically named).
 */
export function repositoryName(file: string, report: Report): string {
  if (report.repository?.trim()) return report.repository.trim();
  const fromVcs = nameFromUri(report.vcs?.repositoryUri);
  if (fromVcs) return fromVcs;
  const root = report.root?.replace(/[\\/]+$/, '') ?? '';
  const rootBase = path.basename(root);
  if (rootBase && rootBase !== '.' && rootBase !== '..') return rootBase;
  const stem = path.basename(file).replace(/\.json$/i, '');
  if (!GENERIC_STEMS.has(stem.toLowerCase())) return stem;
  return path.basename(path.dirname(path.resolve(file))) || stem;
}

interface MergeSource {
  file: string;
  /** NAME= given on the command line. */
  name?: string;
}

/** Every *.json under a folder, sorted, not following symbolic links. */
function reportsUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /\.json$/i.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

export function mergeSources(args: readonly string[]): MergeSource[] {
  const sources: MergeSource[] = [];
  for (const arg of args) {
    // NAME=FILE, unless the whole argument is an existing path with "=" in it.
    const m = /^([^=/\\]+)=(.+)$/.exec(arg);
    const named = m && !fs.existsSync(arg);
    const file = named ? m[2]! : arg;
    let isDir = false;
    try {
      isDir = file !== '-' && fs.statSync(file).isDirectory();
    } catch {
      // a missing file is reported by readReportFile with its usual message
    }
    if (isDir) {
      const found = reportsUnder(file);
      if (!found.length) throw new UsageError(`no JSON reports under ${file}`, 'give JSON reports written by `credlife scan --format json`, or folders holding them');
      sources.push(...found.map((f) => ({ file: f })));
    } else sources.push({ file, ...(named ? { name: m[1]! } : {}) });
  }
  return sources;
}

/**
 * Write all of `data`, waiting out EAGAIN: standard output may be a non-blocking pipe whose reader is slower
 * than the merge (a short write or EAGAIN is normal there, not an error).
 */
function writeAll(fd: number, data: Buffer): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let off = 0; off < data.length; ) {
    try {
      off += fs.writeSync(fd, data, off, data.length - off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(pause, 0, 0, 5);
    }
  }
}

/** Buffered writes to a file descriptor. */
class Sink {
  private buf: string[] = [];
  private size = 0;

  constructor(readonly fd: number) {}

  write(text: string): void {
    this.buf.push(text);
    this.size += text.length;
    if (this.size > 1 << 20) this.flush();
  }

  flush(): void {
    if (this.buf.length) writeAll(this.fd, Buffer.from(this.buf.join(''), 'utf8'));
    this.buf = [];
    this.size = 0;
  }
}

/** A new file that must not exist yet and is never reached through a symbolic link. */
function createExclusive(file: string): number {
  return fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0), 0o600);
}

/**
 * The output: a temporary file beside the target, renamed into place when complete (or standard output), plus
 * spill files for the parts of the JSON report that are written in the same pass but come later in the file.
 */
class OutputStream extends Sink {
  private readonly tmp: string | undefined;
  private readonly spills: { file: string; sink: Sink }[] = [];

  constructor(private readonly output: string | undefined) {
    let tmp: string | undefined;
    if (output && output !== '-') {
      // Refuses a target that is a symlink or lies under one, and creates missing folders one by one.
      const target = prepareTarget(output, { what: '--output' });
      tmp = `${target}.${process.pid}.tmp`;
    }
    super(tmp ? createExclusive(tmp) : 1);
    this.tmp = tmp;
  }

  /** A temporary file to write now and `append` later. */
  spill(): Sink {
    const dir = this.tmp ? path.dirname(this.tmp) : os.tmpdir();
    const file = path.join(dir, `.credlife-merge-${process.pid}-${this.spills.length}.tmp`);
    const sink = new Sink(createExclusive(file));
    this.spills.push({ file, sink });
    return sink;
  }

  /** Copy a spill's contents to the output. */
  append(spill: Sink): void {
    spill.flush();
    this.flush();
    const chunk = Buffer.alloc(1 << 20);
    let pos = 0;
    for (let n: number; (n = fs.readSync(spill.fd, chunk, 0, chunk.length, pos)) > 0; pos += n) writeAll(this.fd, chunk.subarray(0, n));
  }

  close(): void {
    this.flush();
    this.dropSpills();
    if (this.tmp) {
      fs.closeSync(this.fd);
      fs.renameSync(this.tmp, path.resolve(this.output!));
    }
  }

  abort(): void {
    this.dropSpills();
    if (!this.tmp) return;
    try {
      fs.closeSync(this.fd);
      fs.unlinkSync(this.tmp);
    } catch {
      // nothing left to clean up
    }
  }

  private dropSpills(): void {
    for (const { file, sink } of this.spills.splice(0)) {
      try {
        fs.closeSync(sink.fd);
        fs.unlinkSync(file);
      } catch {
        // already gone
      }
    }
  }
}

/** `JSON.stringify(value, null, 2)` indented to sit at `depth` inside the streamed report. */
function jsonAt(value: unknown, depth: number): string {
  const pad = '  '.repeat(depth);
  return pad + JSON.stringify(value, null, 2).replace(/\n/g, `\n${pad}`);
}

export function runMergeCommand(args: string[], opts: MergeCommandOptions): void {
  if (!Object.hasOwn(MERGE_WRITERS, opts.format)) throw new UsageError(`unknown format "${opts.format}"`, `use one of: ${MERGE_FORMATS.join(', ')}`);
  if (args.length === 0) throw new UsageError('no reports to merge', 'give one or more JSON reports: credlife merge a.json b.json');
  const sources = mergeSources(args);

  // Pass 1: fold, one report in memory at a time.
  const fold = new MergeFold();
  const names: string[] = [];
  for (const s of sources) {
    const report = readReportFile(s.file);
    const name = fold.uniqueName(s.name ?? repositoryName(s.file, report));
    names.push(name);
    fold.add(name, report);
  }

  const out = new OutputStream(opts.output);
  try {
    MERGE_WRITERS[opts.format]!({ out, fold, sources, names });
    out.close();
  } catch (e) {
    out.abort();
    throw e;
  }
}

/** The merged JSON report, key for key what `formatJson(mergeReports(...))` writes, one report in memory at a time. */
function writeMergedJson(out: OutputStream, fold: MergeFold, sources: readonly MergeSource[], names: readonly string[]): void {
  out.write('{\n');
  for (const [k, v] of Object.entries(fold.head())) out.write(`  ${JSON.stringify(k)}: ${jsonAt(v, 1).trimStart()},\n`);
  // One more pass over the reports: findings go straight out; bindings and scorecard entries, which come later
  // in the file, go to spill files that are appended in order.
  const arrays = [
    { key: 'findings', sink: out as Sink, first: true },
    { key: 'bindings', sink: out.spill(), first: true },
    { key: 'scorecard', sink: out.spill(), first: true },
  ];
  const put = (a: (typeof arrays)[number], item: unknown): void => {
    a.sink.write(`${a.first ? '\n' : ',\n'}${jsonAt(item, 2)}`);
    a.first = false;
  };
  const [findings, bindings, scorecard] = arrays as [(typeof arrays)[number], (typeof arrays)[number], (typeof arrays)[number]];
  out.write('  "findings": [');
  sources.forEach((s, i) => {
    const r = readReportFile(s.file);
    const name = names[i]!;
    for (const f of r.findings) put(findings, fold.tagFinding(f, name));
    for (const b of r.bindings ?? []) put(bindings, fold.tagBinding(b, name));
    for (const e of r.scorecard ?? []) put(scorecard, fold.tagScorecard(e, name));
  });
  const close = (a: (typeof arrays)[number]) => (a.first ? ']' : '\n  ]');
  out.write(`${close(findings)},\n  "bindings": [`);
  out.append(bindings.sink);
  out.write(`${close(bindings)},\n`);
  out.write(`  "summary": ${jsonAt(fold.summary(), 1).trimStart()},\n`);
  out.write(`  "repositories": ${jsonAt(fold.repositories(), 1).trimStart()},\n`);
  const hasScorecard = fold.hasScorecard();
  out.write(`  "credentials": ${jsonAt(fold.credentialGroups(), 1).trimStart()}${hasScorecard ? ',' : ''}\n`);
  if (hasScorecard) {
    out.write('  "scorecard": [');
    out.append(scorecard.sink);
    out.write(`${close(scorecard)}\n`);
  }
  out.write('}\n');
}
