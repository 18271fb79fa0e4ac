// --history: secrets anywhere in git history, including ones deleted from the working tree.
//
// How it works:
// 1. One `git log -p --unified=0` over the selected commits is streamed and parsed (history-log.ts);
//    nothing is checked out. Only ADDED lines are kept; each (commit, file) becomes one FileTask whose
//    content holds the added lines at their real line numbers (blank lines in between).
// 2. While in the pipeline, a task's `file` is a key unique per commit, `.credlife-history/<sha>/<path>`,
//    so that resolution (one finding per file+line+rule) never merges two commits. The path stays at the
//    end of the key, so every name-based reader (.env, .mcp.json, workflows, …) still recognises the file.
// 3. After resolution, foldHistory() turns keys back into paths and folds the same secret seen in many
//    commits into ONE finding: the first-seen (oldest) commit, a count of commits, and whether the same
//    fingerprint is still in the working tree (known from the plain working-tree pass the engine runs beside
//    this source: workingTreeIndex()). The source itself only produces tasks; it never scans.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ScanOptions, TaskSource } from '../model/options.js';
import type { FileTask, InlineSuppression } from '../model/records.js';
import type { Binding, Exposure, Finding, Report, SkippedFile, Summary, Warning } from '../model/report.js';
import { UsageError } from '../model/errors.js';
import { quoteRef } from '../model/echo.js';
import { firstLine, runGit, SAFE_GIT_FLAGS } from './git.js';
import { fileFilters } from './filters.js';
import { LOG_FORMAT, LogParser, placeLines, type CommitInfo } from './history-log.js';

/** Folder-like prefix of the per-commit task keys. */
export const HISTORY_KEY_ROOT = '.credlife-history';
const KEY_RE = /^\.credlife-history\/([0-9a-f]{7,64})\/(.*)$/s;
const KEY_ANYWHERE = /\.credlife-history\/[0-9a-f]{7,64}\//g;

export function historyKey(commit: string, repoPath: string): string {
  return `${HISTORY_KEY_ROOT}/${commit}/${repoPath}`;
}

/** Strip every per-commit key prefix from a string (messages, tool names built from file names). */
export function unkey(s: string): string {
  return s.replace(KEY_ANYWHERE, '');
}

export interface HistoryMeta {
  /** Commit id → author time and position in the log (0 = newest). */
  commits: Map<string, { authorTime: string; order: number }>;
  shallow: boolean;
  /** Commits walked (equals the depth reached in a shallow clone). */
  depth: number;
  /** Bytes of patch text read from git. */
  patchBytes: number;
}

/** A TaskSource with what foldHistory needs. */
export interface HistorySource extends TaskSource {
  history: HistoryMeta;
}

function checkRef(ref: string, flag: string): void {
  if (!ref || ref.startsWith('-') || /[\s\0]/.test(ref)) throw new UsageError(`invalid ${flag} "${ref.slice(0, 60)}"`, 'give a branch, tag or commit');
}

/** The repository of the scanned folder: its top level, the folder itself, and whether the clone is shallow. */
async function findRepository(base: string): Promise<{ scanDir: string; top: string; shallow: boolean }> {
  let scanDir: string;
  try {
    const real = fs.realpathSync(base);
    scanDir = fs.statSync(real).isDirectory() ? real : path.dirname(real);
  } catch {
    throw new UsageError(`path not found: ${base}`, 'check the path; credlife scan [paths...] takes files or folders');
  }
  const topRes = await runGit(scanDir, ['rev-parse', '--show-toplevel']);
  if (topRes.code !== 0) {
    throw new UsageError(
      topRes.code === -1 ? '--history needs git, and git was not found' : `--history needs a git repository, and ${scanDir} is not inside one`,
      'run it inside a git clone, or scan the files without --history',
    );
  }
  const top = fs.realpathSync(topRes.stdout.toString('utf8').trim());
  const head = await runGit(top, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  const anyRef = await runGit(top, ['for-each-ref', '--count=1', '--format=%(refname)']);
  if (head.code !== 0 && !anyRef.stdout.toString('utf8').trim()) {
    throw new UsageError('--history: this repository has no commits yet', 'commit first, or scan the working tree without --history');
  }
  const shallowRes = await runGit(top, ['rev-parse', '--is-shallow-repository']);
  return { scanDir, top, shallow: shallowRes.stdout.toString('utf8').trim() === 'true' };
}

/** Which commits: one branch or all refs, optionally only those after --since, at most --max-commits. */
async function chooseRevisions(top: string, options: ScanOptions): Promise<string[]> {
  const revs: string[] = [];
  if (options.branch) {
    checkRef(options.branch, '--branch');
    const ok = await runGit(top, ['rev-parse', '--verify', '--quiet', `${options.branch}^{commit}`]);
    if (ok.code !== 0) throw new UsageError(`--branch: unknown branch ${quoteRef(options.branch)}`, 'list branches with git branch -a; fetch it first');
    revs.push(options.branch);
  } else {
    revs.push('--all');
  }
  if (options.since) {
    checkRef(options.since, '--since');
    const ok = await runGit(top, ['rev-parse', '--verify', '--quiet', `${options.since}^{commit}`]);
    if (ok.code !== 0) throw new UsageError(`--since: unknown ref ${quoteRef(options.since)}`, 'give a commit, tag or branch that exists in this clone');
    revs.push(`^${options.since}`);
  }
  if (options.maxCommits !== undefined) {
    if (!Number.isInteger(options.maxCommits) || options.maxCommits < 1) throw new UsageError('--max-commits must be a positive integer', 'e.g. --max-commits 1000');
    revs.push(`--max-count=${options.maxCommits}`);
  }
  return revs;
}

export async function collectHistorySource(base: string, options: ScanOptions, maxFileSize: number): Promise<HistorySource> {
  const { scanDir, top, shallow } = await findRepository(base);
  const revs = await chooseRevisions(top, options);
  const prefix = path.relative(top, scanDir).split(path.sep).join('/');
  const pathspec = prefix ? ['--', `:(top,literal)${prefix}`] : [];

  const keep = fileFilters(options);
  const commits = new Map<string, { authorTime: string; order: number }>();
  const tasks: FileTask[] = [];
  const skipped: SkippedFile[] = [];
  const skippedSeen = new Set<string>();
  const relative = (repoPath: string): string | null => {
    if (!prefix) return repoPath;
    return repoPath.startsWith(prefix + '/') ? repoPath.slice(prefix.length + 1) : null;
  };
  const parser = new LogParser(
    {
      onCommit: (c: CommitInfo) => {
        if (!commits.has(c.id)) commits.set(c.id, { authorTime: c.authorTime, order: commits.size });
      },
      onFile: (f) => {
        const rel = relative(f.path);
        if (rel === null || !keep(rel)) return;
        const content = placeLines(f.lines);
        tasks.push({
          file: historyKey(f.commit.id, rel),
          absPath: path.join(top, ...f.path.split('/')),
          size: f.bytes,
          exposure: 'history',
          content,
          commit: { id: f.commit.id, authorTime: f.commit.authorTime },
        });
      },
      onSkipped: (_c, p, reason, detail) => {
        const rel = relative(p);
        if (rel === null || !keep(rel)) return;
        // Counted once per path and reason: the same image changed in 300 commits is one skip.
        const k = `${reason}\0${rel}`;
        if (skippedSeen.has(k)) return;
        skippedSeen.add(k);
        skipped.push({ file: rel, reason, ...(detail ? { detail } : reason === 'binary' ? { detail: `binary, or larger than ${maxFileSize} bytes` } : {}) });
      },
    },
    maxFileSize,
  );

  await streamLog(
    top,
    [
      '-c', 'core.quotePath=false',
      // git treats blobs above this size as binary and does not diff them: oversized files cost nothing.
      '-c', `core.bigFileThreshold=${Math.max(1024, maxFileSize)}`,
      'log', ...revs,
      LOG_FORMAT, '-p', '--unified=0',
      // Pinned so that the scanned repository's config (log.showRoot, log.showSignature, diff.relative,
      // diff.interHunkContext, …) can neither hide changes nor change the format the parser reads.
      '--root', '--no-show-signature', '--no-relative', '--inter-hunk-context=0',
      '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames', '--ignore-submodules',
      '--src-prefix=a/', '--dst-prefix=b/',
      ...pathspec,
    ],
    parser,
  );
  tasks.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return {
    base: scanDir,
    tasks,
    skipped,
    isGitRepo: true,
    history: { commits, shallow, depth: commits.size, patchBytes: parser.patchBytes },
  };
}

/** Run `git log …` and feed its stdout to the parser as it arrives. */
function streamLog(cwd: string, args: string[], parser: LogParser): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...SAFE_GIT_FLAGS, ...args], {
      cwd,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', GIT_CONFIG_NOSYSTEM: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => parser.feed(c));
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(0, 2000)));
    child.on('error', (err) => reject(new UsageError(`cannot run git (${(err as NodeJS.ErrnoException).code ?? 'error'})`, 'install git, or scan without --history')));
    child.on('close', (code) => {
      parser.end();
      if (code === 0) resolve();
      else reject(new UsageError(`git log failed: ${firstLine(stderr)}`, 'run credlife from inside the repository'));
    });
  });
}

/** What the working tree holds now, from a plain scan of it: which history secrets are still present. */
export interface WorkingTreeIndex {
  /** Fingerprints in the working tree, with their exposure there. */
  fingerprints: Map<string, Exposure>;
  /** rule + file of working-tree findings without a credential value (config / binding findings). */
  places: Set<string>;
}

export function workingTreeIndex(plain: Pick<Report, 'findings' | 'bindings'>): WorkingTreeIndex {
  const fingerprints = new Map<string, Exposure>();
  const places = new Set<string>();
  for (const f of plain.findings) {
    if (f.credential) fingerprints.set(f.credential.fingerprint, f.context?.exposure ?? 'committed');
    else places.add(`${f.ruleId}\0${f.file}`);
  }
  for (const b of plain.bindings) if (b.fingerprint && !fingerprints.has(b.fingerprint)) fingerprints.set(b.fingerprint, 'committed');
  return { fingerprints, places };
}

/** The per-file records of a history scan that carry task keys, all rewritten in place by foldHistory. */
export interface HistoryRecords {
  findings: Finding[];
  bindings: Binding[];
  warnings: Warning[];
  inline: InlineSuppression[];
  skipped: SkippedFile[];
}

/**
 * Post-resolution step of a --history scan (pure apart from rewriting the given arrays in place):
 * - task keys back to paths in findings, bindings, warnings, inline suppressions and skips;
 * - one finding per (rule, credential fingerprint) — or per (rule, path, message) without a credential —
 *   located at its first-seen (oldest) commit, with context.commit { id, authorTime, count, inWorkingTree };
 * - exposure 'history', unless the fingerprint is in the working tree (then its working-tree exposure).
 * Returns the folded findings and summary.history.
 */
export function foldHistory(meta: HistoryMeta, workingTree: WorkingTreeIndex, records: HistoryRecords): { findings: Finding[]; summary: NonNullable<Summary['history']> } {
  const groups = new Map<string, { best: Finding; bestOrder: number; commits: Set<string> }>();
  const loose: Finding[] = [];
  for (const f of records.findings) {
    const m = KEY_RE.exec(f.file);
    if (!m) {
      loose.push(f);
      continue;
    }
    const commit = m[1]!;
    const info = meta.commits.get(commit);
    const order = info?.order ?? -1;
    f.file = m[2]!;
    f.message = unkey(f.message);
    if (f.binding?.tool) f.binding.tool = unkey(f.binding.tool);
    f.context = { ...f.context, commit: { id: commit, authorTime: info?.authorTime ?? '', count: 1, inWorkingTree: false } };
    const fp = f.credential?.fingerprint;
    const key = fp ? `${f.ruleId}\0${f.kind}\0${fp}` : `${f.ruleId}\0${f.kind}\0${f.file}\0${f.message}`;
    const g = groups.get(key);
    if (!g) groups.set(key, { best: f, bestOrder: order, commits: new Set([commit]) });
    else {
      g.commits.add(commit);
      // Oldest commit first; within one commit, the earliest path and line.
      if (order > g.bestOrder || (order === g.bestOrder && (f.file < g.best.file || (f.file === g.best.file && f.line < g.best.line)))) {
        g.best = f;
        g.bestOrder = order;
      }
    }
  }
  const findings: Finding[] = [...loose];
  for (const g of groups.values()) {
    const f = g.best;
    const fp = f.credential?.fingerprint;
    const inWorkingTree = fp ? workingTree.fingerprints.has(fp) : workingTree.places.has(`${f.ruleId}\0${f.file}`);
    const exposure: Exposure = fp && inWorkingTree ? workingTree.fingerprints.get(fp)! : inWorkingTree ? 'committed' : 'history';
    f.context = { ...f.context, exposure, commit: { ...f.context!.commit!, count: g.commits.size, inWorkingTree } };
    const reuse = f.context.reuse;
    if (reuse) {
      const seen = new Set<string>();
      const locations = reuse.locations
        .map((l) => ({ ...l, file: unkey(l.file), tool: l.tool === null ? null : unkey(l.tool) }))
        .filter((l) => !seen.has(`${l.file}\0${l.line}`) && seen.add(`${l.file}\0${l.line}`));
      const tools = [...new Set(reuse.tools.map(unkey))].sort();
      const count = Math.max(tools.length, locations.length);
      if (count < 2) delete f.context.reuse;
      else f.context.reuse = { count, tools, locations };
    }
    findings.push(f);
  }

  dedupeInPlace(records.bindings, (b) => {
    b.file = unkey(b.file);
    b.tool = unkey(b.tool);
    return `${b.file}\0${b.line}\0${b.tool}\0${b.source}\0${b.credentialRef ?? ''}\0${b.fingerprint ?? ''}`;
  });
  dedupeInPlace(records.warnings, (w) => {
    w.file = unkey(w.file);
    w.message = unkey(w.message);
    return `${w.file}\0${w.message}`;
  });
  for (const s of records.inline) s.file = unkey(s.file);
  dedupeInPlace(records.skipped, (s) => {
    s.file = unkey(s.file);
    return `${s.reason}\0${s.file}`;
  });
  return { findings, summary: { commits: meta.commits.size, shallow: meta.shallow, ...(meta.shallow ? { depth: meta.depth } : {}) } };
}

function dedupeInPlace<T>(list: T[], keyOf: (item: T) => string): void {
  const seen = new Set<string>();
  let w = 0;
  for (const item of list) {
    const k = keyOf(item);
    if (seen.has(k)) continue;
    seen.add(k);
    list[w++] = item;
  }
  list.length = w;
}

/** The history metadata of a source returned by collectHistorySource, if it is one. */
export function historyMetaOf(source: TaskSource): HistoryMeta | undefined {
  return (source as Partial<HistorySource>).history;
}
