// Speed columns of the real-repository bench, and the start-up and npm-tree modes:
//
//   npm run bench -- --real DIR...   credlife and secretlint side by side on each repository: wall and CPU
//                                    time, ratio, credlife's stage split, peak RSS of both
//   npm run bench -- --one-file      `credlife scan` of one small file against bare `node -e 0`
//   npm run bench -- --npm-tree      published npm packages (pinned, fetched once with npm pack) against ripgrep
//                                    running provider regexes (skipped with a message when rg is not installed)
//   npm run bench -- --rxjs-agent    rxjs as published plus a generated agent repository, against secretlint
//   --npm-cache DIR                  where the packed packages and their trees are kept (default: tmp)
//   --repeat N                       runs per measurement (default 3; the median is reported)
//
// The machine is usually shared: every row carries the load average when it ran, and CPU time (user + system,
// from /usr/bin/time or /proc) beside wall time, since CPU time moves much less with other people's load.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../src/testing/paths.js';
import type { Report } from '../../src/model/report.js';
import { formatters } from '../../src/report/index.js';
import { buildAgentTree } from '../../src/testing/agent-tree.js';

export interface Measured {
  wallMs: number;
  cpuMs: number | null;
  peakRssMb: number | null;
  code: number | null;
  stdout: string;
}

const TIME_BIN = '/usr/bin/time';

/** Run a command once; wall, CPU (user + sys) and peak RSS come from GNU time when installed. */
export function measureOnce(cmd: string, args: string[], cwd: string, timeoutMs = 30 * 60_000): Promise<Measured> {
  const useTime = fs.existsSync(TIME_BIN);
  const timeFile = path.join(os.tmpdir(), `credlife-bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const argv = useTime ? ['-f', '%e %U %S %M', '-o', timeFile, cmd, ...args] : args;
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(useTime ? TIME_BIN : cmd, argv, { cwd, stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, NO_COLOR: '1', CI: 'true' } });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(killer);
      const wallMs = performance.now() - t0;
      let cpuMs: number | null = null;
      let peakRssMb: number | null = null;
      try {
        const last = fs.readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
        if (last.length === 4 && last.every((n) => Number.isFinite(n))) {
          cpuMs = (last[1]! + last[2]!) * 1000;
          peakRssMb = last[3]! / 1000;
        }
      } catch {
        /* no GNU time: wall time only */
      }
      fs.rmSync(timeFile, { force: true });
      resolve({ wallMs, cpuMs, peakRssMb, code, stdout: Buffer.concat(chunks).toString('utf8') });
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
};

/**
 * The median run by wall time (its RSS and output go with it); `cpuMs` is the median CPU time of all runs, taken on
 * its own (on a busy machine the run with the median wall time can have any CPU time; GNU time counts in 10 ms).
 */
async function measureMedian(repeat: number, run: () => Promise<Measured>): Promise<Measured & { walls: number[] }> {
  const runs: Measured[] = [];
  for (let i = 0; i < repeat; i++) runs.push(await run());
  const walls = runs.map((r) => r.wallMs);
  const m = median(walls);
  const cpus = runs.map((r) => r.cpuMs).filter((c): c is number => c !== null);
  return { ...runs.find((r) => r.wallMs === m)!, cpuMs: cpus.length ? median(cpus) : null, walls };
}

const load = () => os.loadavg()[0]!.toFixed(1);
const credlifeBin = () => path.join(repoRoot(), 'bin', 'credlife.js');

/** The issue's stage split from a report: wall ms on the main thread, CPU-side ms summed over the workers. */
export function perfStages(stages: Record<string, number>, reportMs: number): Record<string, number> {
  const g = (...keys: string[]) => keys.reduce((n, k) => n + (stages[k] ?? 0), 0);
  return {
    rules: g('rules'),
    discover: g('discover'),
    read: g('read (cpu)'),
    detect: g('detect (cpu)', 'extract (cpu)', 'evidence (cpu)'),
    code: g('code (cpu)', 'code-link'),
    resolve: g('resolve'),
    score: g('score', 'policy', 'scorecard'),
    report: reportMs,
  };
}

export interface RealPerfRow {
  repo: string;
  files: number;
  mb: number;
  load: string;
  credlife: Measured & { walls: number[] };
  secretlint: (Measured & { walls: number[] }) | null;
  stages: Record<string, number>;
  findings: number;
  bindings: number;
}

async function credlifeOn(dir: string, extra: string[] = []): Promise<{ m: Measured; report: Report }> {
  const out = path.join(os.tmpdir(), `credlife-bench-${process.pid}.json`);
  const m = await measureOnce(process.execPath, [credlifeBin(), 'scan', dir, '--format', 'json', '--output', out, '--exit-zero', '--no-config', ...extra], repoRoot());
  const report = JSON.parse(fs.readFileSync(out, 'utf8')) as Report;
  fs.rmSync(out, { force: true });
  return { m, report };
}

/** secretlint as the bench runs it elsewhere: its recommended preset over every file, JSON output, masked. */
export async function secretlintOn(dir: string): Promise<Measured> {
  const rc = path.join(os.tmpdir(), `secretlintrc-${process.pid}.json`);
  fs.writeFileSync(rc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
  const bin = path.join(repoRoot(), 'node_modules', 'secretlint', 'bin', 'secretlint.js');
  try {
    return await measureOnce(process.execPath, [bin, '**/*', '--secretlintrc', rc, '--format', 'json', '--maskSecrets', '--secretlintignore', path.join(os.tmpdir(), 'none-ignore')], dir);
  } finally {
    fs.rmSync(rc, { force: true });
  }
}

export async function perfReal(dirs: string[], opts: { repeat: number; peer: boolean; onRow?: (row: RealPerfRow) => void }): Promise<RealPerfRow[]> {
  const rows: RealPerfRow[] = [];
  for (const dir of dirs) {
    const l = load();
    let report: Report | undefined;
    const credlife = await measureMedian(opts.repeat, async () => {
      const r = await credlifeOn(dir);
      report ??= r.report;
      if (r.report.summary.durationMs <= (report.summary.durationMs ?? Infinity)) report = r.report;
      return r.m;
    });
    const secretlint = opts.peer ? await measureMedian(opts.repeat, () => secretlintOn(dir)) : null;
    const t0 = performance.now();
    formatters.json!(report!, { color: false, quiet: false, debug: false });
    formatters.text!(report!, { color: false, quiet: false, debug: false });
    const reportMs = Math.round(performance.now() - t0);
    rows.push({
      repo: path.basename(path.resolve(dir)),
      files: report!.summary.filesScanned,
      mb: report!.summary.bytesScanned / 1e6,
      load: l,
      credlife,
      secretlint,
      stages: perfStages(report!.summary.stages ?? {}, reportMs),
      findings: report!.findings.length,
      bindings: report!.bindings.length,
    });
    opts.onRow?.(rows.at(-1)!);
  }
  return rows;
}

const sec = (ms: number | null) => (ms === null ? '?' : (ms / 1000).toFixed(2));
const mb = (x: number | null) => (x === null ? '?' : x.toFixed(0));
const ratio = (peer: number | null | undefined, ours: number | null | undefined) =>
  peer && ours ? `${(peer / ours).toFixed(1)}×` : '';

export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function realPerfTable(rows: RealPerfRow[]): string {
  const header = ['repository', 'files', 'MB', 'load', 'credlife wall s', 'cpu s', 'RSS MB', 'secretlint wall s', 'cpu s', 'RSS MB', 'faster (wall)', 'faster (cpu)'];
  return markdownTable(header, rows.map((r) => [
    r.repo, String(r.files), r.mb.toFixed(1), r.load,
    sec(r.credlife.wallMs), sec(r.credlife.cpuMs), mb(r.credlife.peakRssMb),
    r.secretlint ? sec(r.secretlint.wallMs) : '-', r.secretlint ? sec(r.secretlint.cpuMs) : '-', r.secretlint ? mb(r.secretlint.peakRssMb) : '-',
    ratio(r.secretlint?.wallMs, r.credlife.wallMs), ratio(r.secretlint?.cpuMs, r.credlife.cpuMs),
  ]));
}

export function stageTable(rows: RealPerfRow[]): string {
  const keys = ['rules', 'discover', 'read', 'detect', 'code', 'resolve', 'score', 'report'];
  return markdownTable(['repository (ms)', ...keys], rows.map((r) => [r.repo, ...keys.map((k) => String(r.stages[k] ?? 0))]));
}

/** `credlife scan` of one small file against bare `node -e 0`, the floor of any Node CLI. */
export async function perfOneFile(repeat: number): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-onefile-'));
  const file = path.join(dir, 'small.ts');
  fs.writeFileSync(file, "import { readFile } from 'node:fs/promises';\nexport const load = (p: string) => readFile(p, 'utf8');\n");
  try {
    const l = load();
    const node = await measureMedian(repeat, () => measureOnce(process.execPath, ['-e', '0'], dir));
    const cred = await measureMedian(repeat, () => measureOnce(process.execPath, [credlifeBin(), 'scan', file, '--no-config'], dir));
    return markdownTable(['what', 'load', 'wall ms (median)', 'all runs ms', 'cpu ms', 'RSS MB', 'vs node -e 0 (wall)', 'vs node -e 0 (cpu)'], [
      ['node -e 0', l, node.wallMs.toFixed(0), node.walls.map((w) => w.toFixed(0)).join(' '), node.cpuMs?.toFixed(0) ?? '?', mb(node.peakRssMb), '', ''],
      ['credlife scan small.ts', l, cred.wallMs.toFixed(0), cred.walls.map((w) => w.toFixed(0)).join(' '), cred.cpuMs?.toFixed(0) ?? '?', mb(cred.peakRssMb),
        ratio(cred.wallMs, node.wallMs), ratio(cred.cpuMs, node.cpuMs)],
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Published packages for the npm-tree mode, pinned (about 41 MB unpacked): fetched once with `npm pack` into the
 * bench's cache folder and unpacked there. Bench only: tests never reach the registry.
 */
export const NPM_PACKAGES = ['typescript@5.7.3', 'lodash@4.17.21', 'rxjs@7.8.2', '@types/node@22.13.1'];
/** The rxjs + agent tree: rxjs as published, beside a generated agent repository (src/testing/agent-tree.ts). */
export const RXJS_PACKAGE = 'rxjs@7.8.2';

export const benchCacheDir = (given?: string) => given ?? path.join(os.tmpdir(), 'credlife-bench-npm');

/** `name@version` → the tarball `npm pack` writes (`@types/node@22.13.1` → types-node-22.13.1.tgz). */
const tarballName = (spec: string) => {
  const at = spec.lastIndexOf('@');
  return `${spec.slice(0, at).replace(/^@/, '').replace('/', '-')}-${spec.slice(at + 1)}.tgz`;
};

/** Unpack the pinned packages into `target/<tarball name>`, fetching any tarball not yet in `cache`. */
export function packedTree(specs: readonly string[], cache: string, target: string): { dir: string; bytes: number; files: number } {
  fs.mkdirSync(cache, { recursive: true });
  for (const spec of specs) {
    const tgz = path.join(cache, tarballName(spec));
    if (!fs.existsSync(tgz)) {
      const r = spawnSync('npm', ['pack', spec, '--pack-destination', cache, '--silent'], { encoding: 'utf8' });
      if (r.status !== 0 || !fs.existsSync(tgz)) throw new Error(`npm pack ${spec} failed: ${(r.stderr || r.stdout).slice(0, 300)}`);
    }
    const to = path.join(target, path.basename(tgz, '.tgz'));
    if (!fs.existsSync(to)) {
      fs.mkdirSync(to, { recursive: true });
      const r = spawnSync('tar', ['-xzf', tgz, '-C', to, '--strip-components=1']);
      if (r.status !== 0) throw new Error(`tar -xzf ${tgz} failed`);
    }
  }
  let bytes = 0;
  let files = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        bytes += fs.statSync(p).size;
        files++;
      }
    }
  };
  walk(target);
  return { dir: target, bytes, files };
}

/**
 * credlife against ripgrep running the provider regexes over the npm-packages tree. credlife runs with
 * `--no-default-excludes` so that both read the same files (rxjs ships everything under dist/, a default exclude).
 */
export async function perfNpmTree(repeat: number, patterns: readonly string[], cache = benchCacheDir()): Promise<string> {
  if (spawnSync('sh', ['-c', 'command -v rg']).status !== 0) return 'npm-tree: skipped, ripgrep (rg) is not installed (apt-get install ripgrep)';
  const tree = packedTree(NPM_PACKAGES, cache, path.join(cache, 'npm-tree'));
  const l = load();
  const rgArgs = ['--count-matches', '--no-messages', '--hidden', '--no-ignore', ...patterns.flatMap((p) => ['-e', p]), tree.dir];
  const rg = await measureMedian(repeat, () => measureOnce('rg', rgArgs, repoRoot()));
  let files = 0;
  const cred = await measureMedian(repeat, async () => {
    const r = await credlifeOn(tree.dir, ['--no-default-excludes']);
    files = r.report.summary.filesScanned;
    return r.m;
  });
  const note = `npm packages: ${NPM_PACKAGES.join(', ')} (${(tree.bytes / 1e6).toFixed(1)} MB, ${tree.files} files; credlife scanned ${files}, --no-default-excludes)`;
  return `${note}\n\n` + markdownTable(['tool', 'load', 'wall s', 'all runs s', 'cpu s', 'RSS MB', `× ripgrep (wall, ${patterns.length} regexes)`, '× ripgrep (cpu)'], [
    ['ripgrep', l, sec(rg.wallMs), rg.walls.map((w) => sec(w)).join(' '), sec(rg.cpuMs), mb(rg.peakRssMb), '', ''],
    ['credlife', l, sec(cred.wallMs), cred.walls.map((w) => sec(w)).join(' '), sec(cred.cpuMs), mb(cred.peakRssMb), ratio(cred.wallMs, rg.wallMs), ratio(cred.cpuMs, rg.cpuMs)],
  ]);
}

/** credlife against secretlint on rxjs as published plus a generated agent repository (the issue's 12 MB tree). */
export async function perfRxjsAgent(repeat: number, peer: boolean, cache = benchCacheDir()): Promise<string> {
  const dir = path.join(cache, 'rxjs-agent');
  const agent = path.join(dir, 'agent');
  const planted = fs.existsSync(agent) ? null : buildAgentTree(agent).planted.length;
  const tree = packedTree([RXJS_PACKAGE], cache, dir); // sizes count the agent repository too
  const l = load();
  let found = 0;
  const cred = await measureMedian(repeat, async () => {
    const r = await credlifeOn(dir, ['--no-default-excludes']);
    found = r.report.findings.length;
    return r.m;
  });
  const sl = peer ? await measureMedian(repeat, () => secretlintOn(dir)) : null;
  const note = `rxjs + agent tree: ${RXJS_PACKAGE} and a generated agent repository (${(tree.bytes / 1e6).toFixed(1)} MB, ${tree.files} files${planted === null ? '' : `, ${planted} planted fake secrets`}); credlife ${found} findings, --no-default-excludes`;
  return `${note}\n\n` + markdownTable(['tool', 'load', 'wall s', 'all runs s', 'cpu s', 'RSS MB', 'faster (wall)', 'faster (cpu)'], [
    ['credlife', l, sec(cred.wallMs), cred.walls.map((w) => sec(w)).join(' '), sec(cred.cpuMs), mb(cred.peakRssMb), ratio(sl?.wallMs, cred.wallMs), ratio(sl?.cpuMs, cred.cpuMs)],
    ...(sl ? [['secretlint', l, sec(sl.wallMs), sl.walls.map((w) => sec(w)).join(' '), sec(sl.cpuMs), mb(sl.peakRssMb), '', '']] : []),
  ]);
}
