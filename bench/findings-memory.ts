// `node dist/bench/findings-memory.js [--mb 300] [--findings 60000] [--formats json,sarif,...] [--together]`: peak RSS of a
// scan whose findings, not its bytes, are large. Builds a tree of MB megabytes holding FINDINGS secrets (half
// distinct, half one of 20 values shared across files, so reuse groups are large), then runs one scan per
// format writing the report to a file (--together: one scan writing every format, an upper bound for each), and prints peak RSS (VmHWM of the process, workers included), wall time,
// the number of findings and the report size. Not a test: numbers depend on the machine (docs/performance.md).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fakeToken, prng } from '../src/testing/fake-tokens.js';
import { repoRoot } from '../src/testing/paths.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const MB = Number(arg('--mb', '300'));
const FINDINGS = Number(arg('--findings', '60000'));
const FORMATS = arg('--formats', 'json,sarif,html,markdown,csv,junit,text').split(',');
const FILES = Math.max(1, Math.round(MB * 10));

function buildTree(dir: string): void {
  const random = prng(7);
  const words = ['agent', 'tool', 'call', 'task', 'model', 'plan', 'step', 'result', 'memory', 'context', 'prompt', 'retry'];
  const filler = (bytes: number) => {
    const lines: string[] = [];
    let n = 0;
    while (n < bytes) {
      const line = `// ${Array.from({ length: 10 }, () => words[Math.floor(random() * words.length)]).join(' ')}`;
      lines.push(line);
      n += line.length + 1;
    }
    return lines.join('\n');
  };
  const shared = Array.from({ length: 20 }, (_, i) => fakeToken('github-pat', 900_000 + i));
  const perFile = Math.ceil(FINDINGS / FILES);
  const bytesPerFile = Math.round((MB * 1e6) / FILES);
  let seed = 1;
  for (let f = 0; f < FILES; f++) {
    const sub = path.join(dir, `pkg${Math.floor(f / 100)}`);
    fs.mkdirSync(sub, { recursive: true });
    const secrets: string[] = [];
    for (let s = 0; s < perFile; s++) secrets.push(`TOKEN_${s} = "${s % 2 ? shared[(f + s) % shared.length] : fakeToken('github-pat', seed++)}"`);
    const body = filler(Math.max(0, bytesPerFile - secrets.join('\n').length));
    fs.writeFileSync(path.join(sub, `config${f}.txt`), `${secrets.join('\n')}\n${body}\n`);
  }
}

function run(args: string[]): Promise<{ wallMs: number; peakMb: number; code: number | null }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [path.join(repoRoot(), 'bin', 'credlife.js'), ...args], { stdio: 'ignore', env: { ...process.env, CI: 'true' } });
    let peak = 0;
    const sample = () => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]) / 1000);
      } catch {
        /* exited */
      }
    };
    const timer = setInterval(sample, 25);
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ wallMs: performance.now() - t0, peakMb: peak, code });
    });
  });
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-findings-memory-'));
try {
  const tree = path.join(work, 'tree');
  buildTree(tree);
  process.stdout.write(`tree: ${FILES} files, ~${MB} MB, ~${FINDINGS} secrets\n`);
  process.stdout.write('| format | peak RSS | wall | findings | report |\n| --- | ---: | ---: | ---: | ---: |\n');
  if (process.argv.includes('--together')) {
    const outs = FORMATS.flatMap((f) => ['-o', `${f}=${path.join(work, `report.${f}`)}`]);
    const r = await run(['scan', tree, '--no-config', '--no-progress', '--exit-zero', ...outs]);
    const sizes = FORMATS.map((f) => `${f} ${fs.existsSync(path.join(work, `report.${f}`)) ? (fs.statSync(path.join(work, `report.${f}`)).size / 1e6).toFixed(1) : '-'} MB`).join(', ');
    process.stdout.write(`| ${FORMATS.join(' + ')} (one scan) | ${r.peakMb.toFixed(0)} MB | ${(r.wallMs / 1000).toFixed(1)} s | | ${sizes}${r.code ? ` (exit ${r.code})` : ''} |\n`);
  }
  for (const format of process.argv.includes('--together') ? [] : FORMATS) {
    const out = path.join(work, `report.${format}`);
    const r = await run(['scan', tree, '--no-config', '--no-progress', '--exit-zero', '-o', `${format}=${out}`]);
    let findings = '';
    if (format === 'json' && fs.existsSync(out)) findings = String((JSON.parse(fs.readFileSync(out, 'utf8')) as { findings: unknown[] }).findings.length);
    const size = fs.existsSync(out) ? `${(fs.statSync(out).size / 1e6).toFixed(1)} MB` : '-';
    process.stdout.write(`| ${format} | ${r.peakMb.toFixed(0)} MB | ${(r.wallMs / 1000).toFixed(1)} s | ${findings} | ${size}${r.code ? ` (exit ${r.code})` : ''} |\n`);
    fs.rmSync(out, { force: true });
  }
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
