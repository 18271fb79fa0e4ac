// `node dist/bench/staged.js [--files N] [--changed K] [--full]`: how long `credlife scan --staged` takes in a
// large repository — the pre-commit budget. Builds a synthetic monorepo of N tracked files (default
// 100 000) in a temp dir, stages K changed files (one with a fake token), and times the hook command
// (median of 5 runs), next to `git status` as the floor every hook pays. --full also times a full scan.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fakeToken } from '../src/testing/fake-tokens.js';
import { repoRoot } from '../src/testing/paths.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const FILES = arg('--files', 100_000);
const CHANGED = arg('--changed', 20);
const bin = path.join(repoRoot(), 'bin', 'credlife.js');
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });

function timeMs(cmd: string, args: string[], cwd: string): { ms: number; code: number | null } {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd, stdio: 'ignore', env: { ...process.env, CI: 'true', NO_COLOR: '1' } });
  return { ms: performance.now() - t0, code: r.status };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-staged-bench-'));
const t0 = performance.now();
let bytes = 0;
for (let i = 0; i < FILES; i++) {
  const rel = path.join(`packages/pkg${i % 500}`, `src/mod${Math.floor(i / 500) % 50}`, `file${i}.ts`);
  const text = `// module ${i}\nexport function f${i}(x: number): number {\n  return x * ${i} + ${i % 7};\n}\n`.repeat(8);
  fs.mkdirSync(path.join(dir, path.dirname(rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
  bytes += text.length;
}
git(dir, 'init', '-q', '-b', 'main');
git(dir, 'add', '-A');
git(dir, 'commit', '-q', '-m', 'monorepo');
const setupS = (performance.now() - t0) / 1000;

for (let i = 0; i < CHANGED; i++) {
  const rel = path.join(`packages/pkg${i}`, 'src/mod0', `file${i}.ts`);
  const extra = i === 0 ? `const GITHUB_TOKEN = "${fakeToken('github-pat')}";\n` : `export const changed${i} = ${i};\n`;
  fs.appendFileSync(path.join(dir, rel), extra);
}
git(dir, 'add', '-A');

const status: number[] = [];
const staged: number[] = [];
let code: number | null = null;
for (let run = 0; run < 5; run++) {
  status.push(timeMs('git', ['status', '--porcelain'], dir).ms);
  const r = timeMs(process.execPath, [bin, 'scan', '--staged', '--quiet', '--no-progress'], dir);
  staged.push(r.ms);
  code = r.code;
}
const lines = [
  `tracked files: ${FILES} (${(bytes / 1e6).toFixed(0)} MB), staged changed files: ${CHANGED} (setup ${setupS.toFixed(0)} s)`,
  `git status --porcelain:          median ${median(status).toFixed(0)} ms`,
  `credlife scan --staged:          median ${median(staged).toFixed(0)} ms (exit ${code}, expected 1: one staged fake token)`,
];
const json = spawnSync(process.execPath, [bin, 'scan', '--staged', '--format', 'json', '--no-progress'], { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true' }, maxBuffer: 1 << 28 });
try {
  const stages = (JSON.parse(json.stdout) as { summary: { stages?: Record<string, number> } }).summary.stages ?? {};
  lines.push(`  stages (ms): ${Object.entries(stages).map(([k, v]) => `${k} ${v}`).join(', ')}`);
} catch {
  lines.push('  (stage timings unavailable)');
}
const tiny = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-staged-floor-'));
git(tiny, 'init', '-q', '-b', 'main');
fs.writeFileSync(path.join(tiny, 'a.ts'), 'export const a = 1;\n');
git(tiny, 'add', '-A');
lines.push(`credlife scan --staged, 1-file repo (startup floor): median ${median([0, 1, 2].map(() => timeMs(process.execPath, [bin, 'scan', '--staged', '--quiet', '--no-progress'], tiny).ms)).toFixed(0)} ms`);
fs.rmSync(tiny, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
if (process.argv.includes('--full')) {
  const full = timeMs(process.execPath, [bin, 'scan', '.', '--quiet', '--no-progress'], dir);
  lines.push(`credlife scan . (full, for contrast): ${full.ms.toFixed(0)} ms`);
}
process.stdout.write(lines.join('\n') + '\n');
fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
