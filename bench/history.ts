// `node dist/bench/history.js [--commits N] [--jobs J]`: speed of `credlife scan --history`.
// Generates a linear history of N commits (default 5 000) with `git fast-import` in a temp dir — code,
// YAML and env files edited a few lines at a time, with fake secrets added and later deleted — then times:
//   1. the git log stream + parse alone (what collectHistorySource pays before the pipeline);
//   2. the whole history scan (runScan --history, which also runs the working-tree scan).
// Prints commits/s and MB/s of patch text for both, and checks the planted secrets were found.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fakeToken } from '../src/testing/fake-tokens.js';
import { runScan } from '../src/pipeline/scan.js';
import { LOG_FORMAT, LogParser } from '../src/sources/history-log.js';
import { SAFE_GIT_FLAGS } from '../src/sources/git.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const COMMITS = arg('--commits', 5000);
const JOBS = arg('--jobs', 0) || undefined;
const FILES = 300;
const SECRET_EVERY = 250;
const SECRET_LIFE = 40;

/** Write the fast-import stream to a file (it is large): every commit edits 1–3 files; every 250th adds a secret deleted 40 commits later. */
function writeFastImportStream(file: string): number {
  const fd = fs.openSync(file, 'w');
  const parts = { push: (s: string) => void fs.writeSync(fd, s) };
  const files: string[][] = [];
  const names: string[] = [];
  for (let i = 0; i < FILES; i++) {
    const kind = i % 3;
    names.push(kind === 0 ? `src/mod${i % 20}/file${i}.ts` : kind === 1 ? `deploy/app${i}.yaml` : `docs/page${i}.md`);
    files.push([]);
  }
  let planted = 0;
  const pendingDelete = new Map<number, string>();
  let rnd = 12345;
  const next = () => (rnd = (rnd * 1103515245 + 12345) >>> 0);
  const data = (s: string) => `data ${Buffer.byteLength(s)}\n${s}\n`;
  for (let c = 1; c <= COMMITS; c++) {
    const when = 1_600_000_000 + c * 600;
    parts.push(`commit refs/heads/main\nmark :${c}\nauthor Bench <bench@example.invalid> ${when} +0000\ncommitter Bench <bench@example.invalid> ${when} +0000\n${data(`change ${c}`)}`);
    if (c > 1) parts.push(`from :${c - 1}\n`);
    const edits = 1 + (next() % 3);
    for (let e = 0; e < edits; e++) {
      const f = next() % FILES;
      const lines = files[f]!;
      const at = lines.length ? next() % lines.length : 0;
      const added = Array.from({ length: 4 + (next() % 12) }, (_, k) =>
        names[f]!.endsWith('.ts')
          ? `export const value${c}_${k} = compute(${c}, ${k}); // step ${c}`
          : names[f]!.endsWith('.yaml')
            ? `  setting_${c}_${k}: "value ${c} ${k}"`
            : `Paragraph ${c}.${k}: the quick brown fox jumps over the lazy dog.`,
      );
      lines.splice(at, lines.length > 200 ? 8 : 0, ...added);
      parts.push(`M 100644 inline ${names[f]}\n${data(lines.join('\n') + '\n')}`);
    }
    if (c % SECRET_EVERY === 0) {
      const p = `services/svc${c}/.env`;
      parts.push(`M 100644 inline ${p}\n${data(`OPENAI_API_KEY=${fakeToken('openai', c)}\nPORT=8080\n`)}`);
      pendingDelete.set(c + SECRET_LIFE, p);
      if (c + SECRET_LIFE <= COMMITS) planted++; // deleted before the end: only history has it
    }
    const del = pendingDelete.get(c);
    if (del) parts.push(`D ${del}\n`);
    parts.push('\n');
  }
  fs.closeSync(fd);
  return planted;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-history-bench-'));
const t0 = performance.now();
spawnSync('git', ['init', '-q', '-b', 'main', dir]);
const streamFile = path.join(dir, '.git', 'bench-import.txt');
const planted = writeFastImportStream(streamFile);
const imp = spawnSync('git', ['fast-import', '--quiet'], { cwd: dir, stdio: [fs.openSync(streamFile, 'r'), 'pipe', 'pipe'] });
if (imp.status !== 0) throw new Error(`fast-import failed: ${imp.stderr.toString().slice(0, 300)}`);
spawnSync('git', ['checkout', '-q', '-f', 'main'], { cwd: dir });
const genMs = performance.now() - t0;

// 1. git log -p stream + parse.
const t1 = performance.now();
let tasks = 0;
const parser = new LogParser({ onCommit: () => {}, onFile: () => void tasks++, onSkipped: () => {} }, 10_000_000);
const log = spawnSync('git', [...SAFE_GIT_FLAGS, 'log', '--all', LOG_FORMAT, '-p', '--unified=0', '--no-color', '--no-ext-diff', '--no-renames'], { cwd: dir, maxBuffer: 1 << 30 });
parser.feed(log.stdout);
parser.end();
const logMs = performance.now() - t1;
const patchMB = parser.patchBytes / 1e6;

// 2. The whole history scan.
const t2 = performance.now();
const report = await runScan({ paths: [dir], history: true, config: false, ...(JOBS ? { jobs: JOBS } : {}) });
const scanMs = performance.now() - t2;
const found = report.findings.filter((f) => f.kind === 'secret' && f.credential?.provider === 'openai' && f.context?.commit && !f.context.commit.inWorkingTree).length;

const rate = (n: number, ms: number) => (n / (ms / 1000)).toFixed(0);
console.log(`history bench: ${COMMITS} commits, ${tasks} (commit, file) changes, ${patchMB.toFixed(1)} MB of patch text (generated in ${(genMs / 1000).toFixed(1)} s)`);
console.log(`  git log -p + parse : ${(logMs / 1000).toFixed(2)} s  ${rate(COMMITS, logMs)} commits/s  ${(patchMB / (logMs / 1000)).toFixed(1)} MB/s`);
console.log(`  full --history scan: ${(scanMs / 1000).toFixed(2)} s  ${rate(COMMITS, scanMs)} commits/s  ${(patchMB / (scanMs / 1000)).toFixed(1)} MB/s  (stages: ${JSON.stringify(report.summary.stages)})`);
console.log(`  planted then deleted secrets: ${planted}, found: ${found}, findings total: ${report.findings.length}`);
fs.rmSync(dir, { recursive: true, force: true });
if (found !== planted) process.exitCode = 1;
