// Changed content only, read from git (never from the working tree):
//
//   --staged    the index: files added, copied, modified or retyped in the index relative to HEAD, with
//               their staged blob content. For pre-commit hooks: what is about to be committed.
//   --diff REF  the committed HEAD: files changed on this branch since it forked from REF
//               (`git diff REF...HEAD`, the pull-request view), with their content at HEAD.
//               Uncommitted edits are ignored, so a CI job and a laptop see the same thing.
//
// Both return a lineFilter: only findings on added or changed lines are reported; the rest of each file is
// still read so that context (env references, suppressions, code structure) stays right.
//
// Cost: three git processes plus one `cat-file --batch` regardless of repository size; the work is
// proportional to the change, not the tree (see docs/ci-gate.md for the measured number).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { quoteRef } from '../model/echo.js';
import fs from 'node:fs';
import type { ScanOptions, TaskSource } from '../model/options.js';
import type { FileTask } from '../model/records.js';
import type { Exposure, SkippedFile } from '../model/report.js';
import { UsageError } from '../model/errors.js';
import { firstLine, runGit, SAFE_GIT_FLAGS } from './git.js';
import { decode, looksBinary } from './read.js';
import { fileFilters } from './filters.js';

/** Flags that make diff output independent of the user's and the repository's git config. */
const DIFF_FLAGS = [
  '--no-renames', '--no-ext-diff', '--no-textconv', '--no-color', '--no-relative', '--ignore-submodules',
  '--src-prefix=a/', '--dst-prefix=b/', '--diff-filter=ACMT',
];
const QUOTE_OFF = ['-c', 'core.quotePath=false'];

interface Changed {
  /** Path from the repository top (POSIX). */
  repoPath: string;
  mode: string;
  blob: string;
}

export async function collectChangesSource(base: string, options: ScanOptions, maxFileSize: number): Promise<TaskSource> {
  if (options.writeBaseline) {
    throw new UsageError('--write-baseline records a whole scan; it cannot be combined with --staged or --diff', 'write the baseline from a full scan: credlife scan --write-baseline FILE');
  }
  const scanDir = dirOf(base);
  const top = await gitTop(scanDir, options.staged ? '--staged' : '--diff');
  const prefix = path.relative(top, scanDir).split(path.sep).join('/');
  const pathspec = prefix ? [`:(top,literal)${prefix}`] : [];

  let range: string[];
  let exposure: Exposure;
  if (options.staged) {
    range = ['--cached'];
    exposure = 'staged';
  } else {
    const ref = options.diff!;
    if (ref.startsWith('-') || /[\s\0]/.test(ref)) throw new UsageError(`invalid --diff ref "${ref.slice(0, 60)}"`, 'give a branch, tag or commit, e.g. --diff origin/main');
    const ok = await runGit(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    if (ok.code !== 0) {
      throw new UsageError(`--diff: unknown ref ${quoteRef(ref)}`, 'fetch it first (actions/checkout with fetch-depth: 0, or git fetch origin main)');
    }
    const head = await runGit(top, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
    if (head.code !== 0) throw new UsageError('--diff: this repository has no commits yet', 'commit first, or scan with --staged');
    const mb = await runGit(top, ['merge-base', ref, 'HEAD']);
    if (mb.code !== 0) {
      throw new UsageError(`--diff: ${quoteRef(ref)} and HEAD have no common ancestor in this clone`, 'fetch full history (actions/checkout with fetch-depth: 0)');
    }
    range = [mb.stdout.toString('utf8').trim(), 'HEAD'];
    exposure = 'committed';
  }

  const raw = await runGit(top, [...QUOTE_OFF, 'diff', '--raw', '-z', '--no-abbrev', ...DIFF_FLAGS, ...range, '--', ...pathspec]);
  if (raw.code !== 0) throw new UsageError(`git diff failed: ${firstLine(raw.stderr)}`, 'run credlife from inside the repository');
  const changed = parseRawDiff(raw.stdout);

  const patch = await runGit(top, [...QUOTE_OFF, 'diff', '-U0', ...DIFF_FLAGS, ...range, '--', ...pathspec]);
  if (patch.code !== 0) throw new UsageError(`git diff failed: ${firstLine(patch.stderr)}`, 'run credlife from inside the repository');
  const addedLines = parseAddedLines(patch.stdout.toString('utf8'));

  const filters = fileFilters(options);
  const skipped: SkippedFile[] = [];
  const wanted: (Changed & { file: string })[] = [];
  for (const c of changed) {
    const file = prefix ? c.repoPath.slice(prefix.length + 1) : c.repoPath;
    if (!filters(file)) continue;
    if (c.mode === '160000') continue; // a submodule commit, not a file
    if (c.mode === '120000') {
      skipped.push({ file, reason: 'not-regular-file', detail: 'symlink' });
      continue;
    }
    wanted.push({ ...c, file });
  }

  const blobs = await readBlobs(top, wanted.map((w) => w.blob), maxFileSize);
  const tasks: FileTask[] = [];
  const lineFilter = new Map<string, Set<number>>();
  for (const w of wanted) {
    const blob = blobs.get(w.blob);
    if (!blob) {
      skipped.push({ file: w.file, reason: 'unreadable', detail: 'blob missing' });
      continue;
    }
    if ('tooLarge' in blob) {
      skipped.push({ file: w.file, reason: 'too-large', detail: `${blob.tooLarge} bytes` });
      continue;
    }
    if (looksBinary(blob.data)) {
      skipped.push({ file: w.file, reason: 'binary' });
      continue;
    }
    tasks.push({
      file: w.file,
      absPath: path.join(top, ...w.repoPath.split('/')),
      size: blob.data.length,
      exposure,
      content: decode(blob.data),
    });
    lineFilter.set(w.file, addedLines.get(w.repoPath) ?? new Set());
  }
  tasks.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { base: scanDir, tasks, skipped, lineFilter, isGitRepo: true };
}

function dirOf(base: string): string {
  try {
    const real = fs.realpathSync(base);
    return fs.statSync(real).isDirectory() ? real : path.dirname(real);
  } catch {
    throw new UsageError(`path not found: ${base}`, 'check the path; credlife scan [paths...] takes files or folders');
  }
}

async function gitTop(dir: string, flag: string): Promise<string> {
  const res = await runGit(dir, ['rev-parse', '--show-toplevel']);
  if (res.code !== 0) {
    throw new UsageError(
      res.code === -1 ? `${flag} needs git, and git was not found` : `${flag} needs a git repository, and ${dir} is not inside one`,
      'run it inside a git work tree, or scan the files without --staged/--diff',
    );
  }
  return fs.realpathSync(res.stdout.toString('utf8').trim());
}

/** `git diff --raw -z`: ":oldmode newmode oldsha newsha status\0path\0" records. */
export function parseRawDiff(buf: Buffer): Changed[] {
  const parts = buf.toString('utf8').split('\0');
  const out: Changed[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const meta = parts[i]!;
    const file = parts[i + 1]!;
    const m = /^:(\d{6}) (\d{6}) ([0-9a-f]+) ([0-9a-f]+) ([A-Z])\d*$/.exec(meta);
    if (!m) continue;
    if (/^0+$/.test(m[4]!)) continue; // deleted, or not yet in the index
    out.push({ repoPath: file, mode: m[2]!, blob: m[4]! });
  }
  return out;
}

/** Added / changed line numbers (new side) per file from `git diff -U0`. */
export function parseAddedLines(patch: string): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  let current: Set<number> | null = null;
  // Inside a file header (between "diff --git" and the first "@@") "+++ " names the file; inside hunks
  // it is content ("++ x" added), so the state matters.
  let inHeader = false;
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git ')) {
      current = null;
      inHeader = true;
      continue;
    }
    if (inHeader && line.startsWith('+++ ')) {
      const target = line.slice(4);
      if (target === '/dev/null') continue;
      const name = unquoteGitPath(target);
      const file = name.startsWith('b/') ? name.slice(2) : name;
      current = out.get(file) ?? new Set();
      out.set(file, current);
      continue;
    }
    if (line.startsWith('@@ ')) {
      inHeader = false;
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (!m || !current) continue;
      const start = Number(m[1]);
      const count = m[2] === undefined ? 1 : Number(m[2]);
      for (let n = start; n < start + count; n++) current.add(n);
    }
  }
  return out;
}

/** Git's C-style quoted paths ("a\tb", "caf\303\251") back to text. */
export function unquoteGitPath(s: string): string {
  if (!s.startsWith('"') || !s.endsWith('"') || s.length < 2) return s;
  const body = s.slice(1, -1);
  const bytes: number[] = [];
  const simple: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

type BlobResult = { data: Buffer } | { tooLarge: number };

/**
 * Read blobs with one `git cat-file --batch-check` (sizes) and one `git cat-file --batch` (contents of
 * the ones within the size limit). Object ids go to git on stdin, never on the command line.
 */
async function readBlobs(cwd: string, ids: string[], maxFileSize: number): Promise<Map<string, BlobResult>> {
  const out = new Map<string, BlobResult>();
  const unique = [...new Set(ids)];
  if (!unique.length) return out;
  const sizes = await gitWithInput(cwd, ['cat-file', '--batch-check'], `${unique.join('\n')}\n`);
  const small: string[] = [];
  for (const line of sizes.toString('utf8').split('\n')) {
    const m = /^([0-9a-f]+) blob (\d+)$/.exec(line);
    if (!m) continue;
    const size = Number(m[2]);
    if (size > maxFileSize) out.set(m[1]!, { tooLarge: size });
    else small.push(m[1]!);
  }
  if (!small.length) return out;
  const batch = await gitWithInput(cwd, ['cat-file', '--batch'], `${small.join('\n')}\n`);
  let pos = 0;
  while (pos < batch.length) {
    const nl = batch.indexOf(0x0a, pos);
    if (nl < 0) break;
    const header = batch.toString('utf8', pos, nl);
    const m = /^([0-9a-f]+) (\w+) (\d+)$/.exec(header);
    if (!m) {
      pos = nl + 1; // "<id> missing"
      continue;
    }
    const size = Number(m[3]);
    out.set(m[1]!, { data: batch.subarray(nl + 1, nl + 1 + size) });
    pos = nl + 1 + size + 1;
  }
  return out;
}

/** Run git with SAFE_GIT_FLAGS, feeding `input` on stdin; resolves with stdout, rejects as UsageError. */
function gitWithInput(cwd: string, args: string[], input: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...SAFE_GIT_FLAGS, ...args], {
      cwd,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8').slice(0, 2000)));
    child.on('error', (err) => reject(new UsageError(`cannot run git (${(err as NodeJS.ErrnoException).code ?? 'error'})`, 'install git, or scan without --staged/--diff')));
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(chunks));
      else reject(new UsageError(`git ${args[0]} failed: ${firstLine(stderr)}`, 'run credlife from inside the repository'));
    });
    child.stdin.on('error', () => {
      // git exited early; the close handler reports it.
    });
    child.stdin.end(input);
  });
}
