// `npm run bench`: credlife side by side with secretlint (and ripgrep, the practical limit, when installed)
// on the same deterministic corpora. Prints a table and writes bench/results.json.
//
//   npm run bench                      10 MB, 100 MB and 1 GB corpora (secretlint up to --peer-max, default 10 MB:
//                                      secretlint on 100 MB alone takes over 10 minutes on 2 cores)
//   npm run bench -- --quick           10 MB only (for CI)
//   npm run bench -- --sizes 10,100    sizes in MB
//   npm run bench -- --peer-max 1000   also run secretlint on the large corpora (slow)
//   npm run bench -- --merge 1000      `credlife merge` of 1,000 repository reports, every format (bench/merge.ts)
//   npm run bench -- --real [DIR...]   real repositories: findings, default gate and triage (bench/real.ts), then
//                                      credlife vs secretlint, stage split, peak RSS (bench/real/perf.ts; --no-perf skips)
//   npm run bench -- --one-file        one small file against bare `node -e 0`
//   npm run bench -- --npm-tree        pinned npm packages (npm pack, cached) against ripgrep (bench/real/perf.ts)
//   npm run bench -- --rxjs-agent      rxjs + a generated agent repository against secretlint (bench/real/perf.ts)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateCorpus, type CorpusInfo } from './generate.js';
import { repoRoot } from '../src/testing/paths.js';
import type { Report } from '../src/model/report.js';
import { formatters } from '../src/report/index.js';
import { benchCacheDir, perfNpmTree, perfOneFile, perfReal, perfRxjsAgent, realPerfTable, stageTable } from './real/perf.js';
import { measure } from './measure.js';
import { runReal } from './real.js';

interface Run {
  tool: string;
  sizeMb: number;
  files: number;
  mb: number;
  wallMs: number;
  peakRssMb: number | null;
  findings: number | null;
  recall?: string;
  stages?: Record<string, number>;
  note?: string;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function runCredlife(corpus: CorpusInfo, sizeMb: number): Promise<Run> {
  const out = path.join(os.tmpdir(), `credlife-bench-${process.pid}.json`);
  const bin = path.join(repoRoot(), 'bin', 'credlife.js');
  const r = await measure(process.execPath, [bin, 'scan', corpus.dir, '--format', 'json', '--output', out, '--exit-zero', '--no-progress', '--no-config'], repoRoot(), 30 * 60_000);
  const report = JSON.parse(fs.readFileSync(out, 'utf8')) as Report;
  fs.rmSync(out, { force: true });
  // The report stage happens after the report's own clock stops: time the JSON and text formatters here.
  const t0 = performance.now();
  formatters.json!(report, { color: false, quiet: false, debug: false });
  formatters.text!(report, { color: false, quiet: false, debug: false });
  const reportMs = Math.round(performance.now() - t0);
  const secretFiles = new Set(report.findings.filter((f) => f.kind === 'secret').map((f) => f.file));
  const found = corpus.planted.filter((p) => secretFiles.has(p.file)).length;
  return {
    tool: 'credlife',
    sizeMb,
    files: report.summary.filesScanned,
    mb: report.summary.bytesScanned / 1e6,
    wallMs: r.wallMs,
    peakRssMb: r.peakRssMb,
    findings: report.findings.length,
    recall: `${found}/${corpus.planted.length}`,
    stages: { ...report.summary.stages, 'report (json + text)': reportMs, 'scan total (durationMs)': report.summary.durationMs },
  };
}

/** The stage split from the scan's own timings: wall ms on the main thread, CPU ms summed over workers. */
export function stageSplit(stages: Record<string, number>): [string, string][] {
  const g = (...keys: string[]) => keys.reduce((n, k) => n + (stages[k] ?? 0), 0);
  return [
    ['rules (load)', `${g('rules')} ms wall`],
    ['discover', `${g('discover')} ms wall`],
    ['read', `${g('read (cpu)')} ms cpu`],
    ['detect (prefilter, rule regexes, fingerprints)', `${g('detect (cpu)')} ms cpu`],
    ['scorecard evidence', `${g('evidence (cpu)')} ms cpu`],
    ['extract (structured readers)', `${g('extract (cpu)')} ms cpu`],
    ['code analysis', `${g('code (cpu)')} ms cpu + ${g('code-link')} ms wall (link)`],
    ['score (resolve, score, policy, scorecard)', `${g('resolve', 'score', 'policy', 'scorecard')} ms wall`],
    ['report', `${g('report (json + text)')} ms wall`],
    ['process (all workers, wall)', `${g('process')} ms wall`],
  ];
}

async function runSecretlint(corpus: CorpusInfo, sizeMb: number): Promise<Run> {
  const rc = path.join(os.tmpdir(), `secretlintrc-${process.pid}.json`);
  fs.writeFileSync(rc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
  const bin = path.join(repoRoot(), 'node_modules', 'secretlint', 'bin', 'secretlint.js');
  const r = await measure(
    process.execPath,
    [bin, '**/*', '--secretlintrc', rc, '--format', 'json', '--maskSecrets', '--secretlintignore', path.join(os.tmpdir(), 'none-ignore')],
    corpus.dir,
    30 * 60_000,
  );
  fs.rmSync(rc, { force: true });
  let findings: number | null = null;
  let found = 0;
  try {
    const results = JSON.parse(r.stdout) as { filePath: string; messages: unknown[] }[];
    findings = results.reduce((n, x) => n + x.messages.length, 0);
    const withFindings = new Set(results.filter((x) => x.messages.length).map((x) => path.relative(corpus.dir, x.filePath)));
    found = corpus.planted.filter((p) => withFindings.has(p.file)).length;
  } catch {
    /* no JSON: count stays null */
  }
  return {
    tool: 'secretlint',
    sizeMb,
    files: corpus.files,
    mb: corpus.bytes / 1e6,
    wallMs: r.wallMs,
    peakRssMb: r.peakRssMb,
    findings,
    recall: findings === null ? undefined : `${found}/${corpus.planted.length}`,
    ...(r.timedOut ? { note: 'timed out' } : {}),
  };
}

/** ripgrep with a comparable set of provider-prefix regexes: the cost of reading and matching alone. */
export const RG_PATTERNS = [
  'gh[pousr]_[0-9A-Za-z]{36}',
  'github_pat_[0-9A-Za-z_]{82}',
  'glpat-[0-9A-Za-z_-]{20}',
  '(AKIA|ASIA)[A-Z2-7]{16}',
  'sk-(proj|svcacct|admin)-[A-Za-z0-9_-]{20,}',
  'sk-ant-(api03|admin01)-[A-Za-z0-9_-]{90,}',
  '(sk|rk)_(live|test)_[0-9A-Za-z]{24,}',
  'xox[bpaer]-[0-9A-Za-z-]{10,}',
  'npm_[0-9A-Za-z]{36}',
  'AIza[0-9A-Za-z_-]{35}',
  'hf_[A-Za-z]{34}',
  'hv[sbr]\\.[A-Za-z0-9_-]{20,}',
  'eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]*',
  '-----BEGIN [A-Z ]*PRIVATE KEY-----',
  '[a-z]+://[^:/@\\s]+:[^@/\\s]{3,}@[A-Za-z0-9._-]+',
  '(?i)(password|secret|token|api_?key)\\s*[:=]\\s*["\']?[^\\s"\']{8,}',
];

async function runRipgrep(corpus: CorpusInfo, sizeMb: number): Promise<Run | null> {
  const which = await measure('sh', ['-c', 'command -v rg'], repoRoot(), 5000);
  if (which.code !== 0) return null;
  const args = ['--count-matches', '--no-messages', '--hidden', '--no-ignore', ...RG_PATTERNS.flatMap((p) => ['-e', p]), corpus.dir];
  const r = await measure('rg', args, repoRoot(), 30 * 60_000);
  const findings = r.stdout.split('\n').filter(Boolean).reduce((n, line) => n + Number(line.slice(line.lastIndexOf(':') + 1) || 0), 0);
  return { tool: 'ripgrep', sizeMb, files: corpus.files, mb: corpus.bytes / 1e6, wallMs: r.wallMs, peakRssMb: r.peakRssMb, findings };
}

function table(runs: Run[]): string {
  const header = ['tool', 'corpus', 'files', 'MB', 'wall s', 'MB/s', 'files/s', 'peak RSS MB', 'findings', 'planted found', 'vs secretlint'];
  const rows = runs.map((r) => {
    const peer = runs.find((x) => x.tool === 'secretlint' && x.sizeMb === r.sizeMb);
    const ratio = peer && r.tool !== 'secretlint' ? `${(peer.wallMs / r.wallMs).toFixed(1)}× faster` : '';
    return [
      r.tool,
      `${r.sizeMb} MB`,
      String(r.files),
      r.mb.toFixed(1),
      (r.wallMs / 1000).toFixed(2),
      (r.mb / (r.wallMs / 1000)).toFixed(1),
      Math.round(r.files / (r.wallMs / 1000)).toString(),
      r.peakRssMb === null ? '?' : r.peakRssMb.toFixed(0),
      r.findings === null ? '?' : String(r.findings),
      r.recall ?? '',
      ratio + (r.note ? ` (${r.note})` : ''),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Provider regexes for the npm-tree mode: the corpus set plus four more providers (20 in all). */
const NPM_TREE_PATTERNS = [...RG_PATTERNS, 'gsk_[A-Za-z0-9]{52}', 'pplx-[A-Za-z0-9]{48}', 'glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}', 'dop_v1_[a-f0-9]{64}'];

/** --real / --one-file / --npm-tree: the speed modes on real trees (bench/real/perf.ts). */
async function perfModes(real: string[]): Promise<boolean> {
  const oneFile = process.argv.includes('--one-file');
  const npm = process.argv.includes('--npm-tree');
  const rxjs = process.argv.includes('--rxjs-agent');
  if (!real.length && !oneFile && !npm && !rxjs) return false;
  const repeat = Math.max(1, Number(arg('--repeat') ?? '3'));
  process.stdout.write(`machine: ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, node ${process.version}, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}; median of ${repeat} runs\n\n`);
  if (real.length) {
    // Each repository's row is printed as it completes (secretlint can take minutes on a busy machine).
    const rows = await perfReal(real, {
      repeat,
      peer: !process.argv.includes('--no-peer'),
      onRow: (row) => process.stdout.write(`${realPerfTable([row]).split('\n').at(-1)}  (${row.findings} findings, ${row.bindings} bindings)\n`),
    });
    process.stdout.write('\n');
    process.stdout.write(realPerfTable(rows) + '\n\nstage split (ms: rules, discover, resolve, score, report are wall time on the main thread; read, detect, code are summed over the workers)\n\n' + stageTable(rows) + '\n\n');
  }
  if (oneFile) process.stdout.write((await perfOneFile(Math.max(repeat, 5))) + '\n\n');
  const cache = benchCacheDir(arg('--npm-cache'));
  if (npm) process.stdout.write((await perfNpmTree(repeat, NPM_TREE_PATTERNS, cache)) + '\n\n');
  if (rxjs) process.stdout.write((await perfRxjsAgent(repeat, !process.argv.includes('--no-peer'), cache)) + '\n\n');
  return true;
}

async function main(): Promise<void> {
  // `--real [DIR...]`: the real-repository bench: findings, gate and triage (bench/real.ts), then its speed columns.
  const real = process.argv.indexOf('--real');
  if (real >= 0) {
    const { code, dirs } = await runReal(process.argv.slice(real + 1));
    if (dirs.length && !process.argv.includes('--no-perf')) await perfModes(dirs);
    process.exitCode = code;
    return;
  }
  if (await perfModes([])) return;
  const quick = process.argv.includes('--quick');
  const sizes = (arg('--sizes') ?? (quick ? '10' : '10,100,1000')).split(',').map(Number);
  const peerMax = Number(arg('--peer-max') ?? '10');
  const noPeer = process.argv.includes('--no-peer');
  const corporaDir = arg('--corpora') ?? path.join(repoRoot(), 'bench', 'corpora');
  const runs: Run[] = [];
  process.stdout.write(`machine: ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}\n`);
  for (const sizeMb of sizes) {
    const t0 = performance.now();
    const corpus = generateCorpus(path.join(corporaDir, `${sizeMb}mb`), sizeMb * 1e6);
    process.stdout.write(`corpus ${sizeMb} MB: ${corpus.files} files, ${corpus.planted.length} planted secrets, ${corpus.agentToolFiles} agent tool files (ready in ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
    runs.push(await runCredlife(corpus, sizeMb));
    if (!noPeer && sizeMb <= peerMax) runs.push(await runSecretlint(corpus, sizeMb));
    const rg = await runRipgrep(corpus, sizeMb);
    if (rg) runs.push(rg);
  }
  process.stdout.write('\n' + table(runs) + '\n');
  const largest = runs.filter((r) => r.tool === 'credlife').at(-1);
  if (largest?.stages) {
    process.stdout.write(`\nstage split, ${largest.sizeMb} MB ("cpu" is summed over the worker threads, which run in parallel):\n`);
    for (const [k, v] of stageSplit(largest.stages)) process.stdout.write(`  ${k.padEnd(48)} ${v}\n`);
  }
  fs.writeFileSync(path.join(repoRoot(), 'bench', 'results.json'), JSON.stringify({ date: new Date().toISOString(), machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memGiB: os.totalmem() / 2 ** 30, node: process.version }, runs }, null, 2) + '\n');
}

if (process.argv.includes('--merge')) await (await import('./merge.js')).runMergeBench(measure, Number(arg('--merge')), arg('--merge-base'));
else await main();
