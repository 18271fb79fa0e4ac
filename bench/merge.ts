// `npm run bench -- --merge N [--merge-base report.json]`: the organisation-scale merge. Builds N repository
// reports from one real scan (by default of the generated agent tree; or a report you give, e.g. of a real
// repository), re-keyed so that some credentials are shared by every repository, some by a tenth and the rest
// by one (src/testing/org-reports.ts), then times `credlife merge` in every format and prints peak RSS and
// output size, with the output of N/10 reports beside it to show the growth is linear.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatJson } from '../src/report/json.js';
import { parseReportJson } from '../src/report/input.js';
import { buildAgentTree } from '../src/testing/agent-tree.js';
import { orgReport } from '../src/testing/org-reports.js';
import { repoRoot } from '../src/testing/paths.js';
import type { Report } from '../src/model/report.js';

type Measure = (cmd: string, args: string[], cwd: string, timeoutMs: number) => Promise<{ wallMs: number; peakRssMb: number | null; code: number | null; timedOut: boolean }>;

const FORMATS = ['json', 'html', 'markdown', 'csv'] as const;
const BIN = () => path.join(repoRoot(), 'bin', 'credlife.js');

async function baseReport(measure: Measure, file: string | undefined, work: string): Promise<Report> {
  if (file) return parseReportJson(fs.readFileSync(file, 'utf8'));
  const tree = path.join(work, 'tree');
  buildAgentTree(tree, 1, 1);
  const out = path.join(work, 'base.json');
  const r = await measure(process.execPath, [BIN(), 'scan', tree, '-f', 'json', '-o', out, '--exit-zero', '--no-config', '--no-progress'], repoRoot(), 10 * 60_000);
  if (r.code !== 0) throw new Error(`base scan exited ${r.code}`);
  return parseReportJson(fs.readFileSync(out, 'utf8'));
}

function writeReports(base: Report, n: number, dir: string): number {
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const d = path.join(dir, `credlife-${String(i).padStart(5, '0')}`);
    fs.mkdirSync(d, { recursive: true });
    const text = formatJson(orgReport(base, i));
    bytes += text.length;
    fs.writeFileSync(path.join(d, 'credlife.json'), text);
  }
  return bytes;
}

export async function runMergeBench(measure: Measure, n: number, baseFile?: string): Promise<void> {
  if (!Number.isInteger(n) || n < 10) throw new Error('--merge takes a whole number of reports, 10 or more');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-merge-bench-'));
  try {
    const base = await baseReport(measure, baseFile, work);
    process.stdout.write(`base report: ${base.findings.length} findings, ${base.bindings.length} bindings, ${(formatJson(base).length / 1024).toFixed(0)} KB\n`);
    const rows: string[][] = [];
    const small = Math.max(1, Math.floor(n / 10));
    const sizes = new Map<string, number>();
    for (const count of [small, n]) {
      const dir = path.join(work, `reports-${count}`);
      const inBytes = writeReports(base, count, dir);
      for (const format of FORMATS) {
        const out = path.join(work, `org-${count}.${format}`);
        const r = await measure(process.execPath, [BIN(), 'merge', dir, '-f', format, '-o', out], repoRoot(), 30 * 60_000);
        const size = r.code === 0 ? fs.statSync(out).size : 0;
        sizes.set(`${format}@${count}`, size);
        rows.push([
          String(count),
          format,
          (inBytes / 1e6).toFixed(1),
          r.code === 0 ? (r.wallMs / 1000).toFixed(1) : r.timedOut ? 'timeout' : `exit ${r.code}`,
          r.peakRssMb === null ? '-' : r.peakRssMb.toFixed(0),
          (size / 1e6).toFixed(2),
          count === n ? `${(size / Math.max(1, sizes.get(`${format}@${small}`) ?? 1)).toFixed(1)}× the output of ${small}` : '',
        ]);
        fs.rmSync(out, { force: true });
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const head = ['reports', 'format', 'input MB', 'wall s', 'peak RSS MB', 'output MB', 'growth'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
    process.stdout.write(`\n${line(head)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${rows.map(line).join('\n')}\n`);
    process.stdout.write(`\ntargets (${n} reports): every format < 30 s and < 1 GB peak RSS; output at most 11× that of ${small} reports\n`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
