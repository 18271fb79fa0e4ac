// Every file credlife writes (reports, baselines, init's files) goes through here. A scanned repository can
// commit `credlife.sarif` as a symlink to a file outside it, or a symlinked `.github/`: writing by path
// would follow the link. So the target and every folder on the way to it (below the working directory, or
// below the scanned root the target lies in) are checked with lstat and refused if any is a symlink; missing
// folders are created one at a time; the text goes to a new temporary file in the target folder (O_EXCL:
// never an existing file or link) and is renamed over the target (rename replaces a link, never follows it).
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { UsageError } from '../model/errors.js';

export interface SafeWriteOptions {
  /** Folders whose descendants are checked component by component; default: the working directory. */
  roots?: string[];
  /** How the target is named in errors (e.g. "--output", "baseline"). */
  what?: string;
}

/** Does `child` lie inside (or equal) `parent`? Both absolute. */
function inside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The folder from which every component of `abs` is checked: the shallowest root holding it; outside every
 * root (an explicit path elsewhere, which the scanned repository does not control), its nearest existing folder.
 */
function checkFrom(abs: string, roots: string[]): string {
  const holding = roots.map((r) => path.resolve(r)).filter((r) => inside(abs, r) && r !== abs);
  holding.sort((a, b) => a.length - b.length);
  if (holding[0]) return holding[0];
  let dir = path.dirname(abs);
  while (!lstatOrNull(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

function refuse(what: string, target: string, why: string): never {
  throw new UsageError(`refusing to write ${what} ${target}: ${why}`, 'credlife never writes through a symbolic link; remove the link or choose another path');
}

/**
 * Check the folders from `from` down to the target's folder, creating the missing ones; refuse a symlink
 * anywhere on the way, and a target that is a symlink or not a regular file.
 */
export function prepareTarget(target: string, opts: SafeWriteOptions = {}, create = true): string {
  const what = opts.what ?? 'file';
  const abs = path.resolve(target);
  const from = checkFrom(abs, opts.roots ?? [process.cwd()]);
  const parts = path.relative(from, abs).split(path.sep).filter(Boolean);
  let cur = from;
  for (let i = 0; i < parts.length; i++) {
    cur = path.join(cur, parts[i]!);
    const last = i === parts.length - 1;
    let st: fs.Stats | null = null;
    try {
      st = fs.lstatSync(cur);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new UsageError(`cannot write ${what} ${target} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, 'check the path and its permissions');
    }
    if (st?.isSymbolicLink()) refuse(what, target, last ? 'it is a symbolic link' : `${path.relative(from, cur) || cur} is a symbolic link`);
    if (last) {
      if (st?.isDirectory()) throw new UsageError(`${what} ${target} is a directory`, 'give a file name, e.g. --output reports/credlife.sarif');
      if (st && !st.isFile()) refuse(what, target, 'it is not a regular file');
    } else if (!st) {
      if (!create) return abs; // nothing below a missing folder can be a link yet
      try {
        fs.mkdirSync(cur);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new UsageError(`cannot write ${what} ${target} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, 'check the path and its permissions');
        // Created by someone else meanwhile: check it like any existing component.
        if (fs.lstatSync(cur).isSymbolicLink()) refuse(what, target, `${path.relative(from, cur)} is a symbolic link`);
      }
    } else if (!st.isDirectory()) {
      throw new UsageError(`cannot write ${what} ${target}: ${path.relative(from, cur)} is not a folder`, 'check the path');
    }
  }
  return abs;
}

/** Check a target before any work is done (the same checks as a write; nothing is created). */
export function checkWriteTarget(target: string, opts: SafeWriteOptions = {}): void {
  prepareTarget(target, opts, false);
}

/** Write `chunks` (a string, or pieces of one written as they come) safely to `target`; see the file comment. */
export function safeWriteFile(target: string, chunks: string | Iterable<string>, opts: SafeWriteOptions = {}): void {
  const what = opts.what ?? 'file';
  const abs = prepareTarget(target, opts);
  const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | null = null;
  try {
    fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0), 0o644);
    // Small pieces are gathered into ~64 KB writes.
    let pending = '';
    for (const chunk of typeof chunks === 'string' ? [chunks] : chunks) {
      pending += chunk;
      if (pending.length >= 1 << 16) {
        writeAll(fd, pending);
        pending = '';
      }
    }
    if (pending) writeAll(fd, pending);
    fs.closeSync(fd);
    fd = null;
    // The target may have been swapped for a link since the check: rename would replace the link itself.
    const st = lstatOrNull(abs);
    if (st?.isSymbolicLink()) refuse(what, target, 'it is a symbolic link');
    fs.renameSync(tmp, abs);
  } catch (err) {
    if (fd !== null) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'EISDIR') throw new UsageError(`${what} ${target} is a directory`, 'give a file name, e.g. --output reports/credlife.sarif');
    throw new UsageError(`cannot write ${what} ${target} (${code})`, 'check the path and its permissions');
  }
}

function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text);
  for (let off = 0; off < buf.length; ) off += fs.writeSync(fd, buf, off);
}

function lstatOrNull(p: string): fs.Stats | null {
  try {
    return fs.lstatSync(p);
  } catch {
    return null;
  }
}
