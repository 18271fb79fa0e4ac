// Loading the TypeScript compiler (a 9 MB CommonJS file) through a V8 code cache. Compiling it costs each worker
// thread ~0.1-0.2 s of CPU (several times that in wall time on a busy machine), and Node 20 has no module compile
// cache. The compiler is compiled as Node would compile it (the CommonJS wrapper, run with its own `require`),
// with V8's cached data when a valid cache file exists; after the thread has parsed files, the cache is written
// once, so it also holds the parser functions compiled lazily on first use.
//
// Cached data is compiled code, so it is only read from a folder the current user owns and nobody else can
// write to, through a file with the same properties, opened without following a symlink. The folder is
// CREDLIFE_CACHE_DIR, else $XDG_CACHE_HOME/credlife, else ~/.cache/credlife; CREDLIFE_CACHE_DIR=off turns the
// cache off. The key covers Node, V8, the architecture and the compiler file's path, size and mtime; V8 itself
// rejects data made by another V8 version or with other flags. Any failure falls back to a plain `require`.
// Writing a cache removes all but the newest few of the same module, so upgrades do not pile files up.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

/** The folder for cached compiler code, or null (turned off, no home folder, or no POSIX owner to check). */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const explicit = env.CREDLIFE_CACHE_DIR;
  if (explicit === 'off' || explicit === '0') return null;
  if (typeof process.getuid !== 'function') return null;
  if (explicit) return path.resolve(explicit);
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return path.join(env.XDG_CACHE_HOME, 'credlife');
  const home = os.homedir();
  return home ? path.join(home, '.cache', 'credlife') : null;
}

/** Owned by this user and not writable by group or others. */
function private_(st: fs.Stats): boolean {
  return st.uid === process.getuid!() && (st.mode & 0o022) === 0;
}

/** The cache folder if it exists (or can be made) and is private to this user; otherwise null. */
function usableDir(dir: string, create: boolean): string | null {
  try {
    if (create) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = fs.lstatSync(dir);
    return st.isDirectory() && private_(st) ? dir : null;
  } catch {
    return null;
  }
}

function readPrivateFile(file: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    const st = fs.fstatSync(fd);
    if (!st.isFile() || !private_(st)) return undefined;
    return fs.readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

interface Pending {
  script: vm.Script;
  file: string;
  dir: string;
}

/** A compiled module whose cache is still to be written (the data was absent or rejected). */
let pending: Pending | null = null;

/** How the last requireCached call loaded its module (tests and the bench read it). */
export let lastLoad: 'cache' | 'compiled' | 'require' = 'require';

function cacheFileFor(dir: string, source: string, st: fs.Stats): string {
  const key = crypto
    .createHash('sha256')
    .update([process.version, process.versions.v8, process.arch, source, st.size, st.mtimeMs].join('\0'))
    .digest('hex')
    .slice(0, 24);
  return path.join(dir, `${path.basename(source, '.js')}-${key}.v8cache`);
}

/**
 * `require(file)` for a large CommonJS module that needs nothing of its own beyond `require`: compiled with
 * cached data when there is a valid cache. Falls back to `require` whenever the cache cannot be used.
 */
export function requireCached(file: string, env: NodeJS.ProcessEnv = process.env): unknown {
  const plain = () => {
    lastLoad = 'require';
    return createRequire(file)(file);
  };
  const root = cacheDir(env);
  if (!root) return plain();
  let source: string;
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
    source = fs.readFileSync(file, 'utf8');
  } catch {
    return plain();
  }
  const dir = usableDir(root, false);
  const cacheFile = cacheFileFor(root, file, st);
  const cachedData = dir ? readPrivateFile(cacheFile) : undefined;
  let script: vm.Script;
  try {
    // The same wrapper and arguments Node's CommonJS loader gives a module.
    const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
    script = new vm.Script(wrapped, { filename: file, cachedData });
  } catch {
    return plain();
  }
  const mod = { exports: {} as unknown };
  const fn = script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: typeof mod, f: string, d: string) => void;
  fn.call(mod.exports, mod.exports, createRequire(file), mod, file, path.dirname(file));
  const used = cachedData !== undefined && !script.cachedDataRejected;
  lastLoad = used ? 'cache' : 'compiled';
  if (!used) pending = { script, file: cacheFile, dir: root };
  return mod.exports;
}

/**
 * Write the cache for a module loaded by requireCached, if it had none: call after the module has done real
 * work, so the functions V8 compiled lazily are in it. Once per thread; errors are ignored (a cache is optional).
 */
export function saveCompileCache(): void {
  const p = pending;
  pending = null;
  if (!p || !usableDir(p.dir, true)) return;
  const tmp = `${p.file}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(tmp, p.script.createCachedData(), { mode: 0o600, flag: 'wx' });
    fs.renameSync(tmp, p.file);
    pruneOlder(p.file);
  } catch {
    fs.rmSync(tmp, { force: true });
  }
}

/** The key and extension after a module's name in a cache file's name: 24 hex digits and `.v8cache`. */
const CACHE_SUFFIX_LENGTH = 24 + '.v8cache'.length;

/** Caches of one module kept: each Node, compiler version or install path writes its own 2–3 MB file. */
export const CACHES_KEPT = 3;

/** Remove all but the CACHES_KEPT newest caches of the same module (older versions, other installs). */
function pruneOlder(file: string): void {
  const dir = path.dirname(file);
  // `<module>-<24 hex>.v8cache` (cacheFileFor): the same module is the same name before the key.
  const prefix = path.basename(file).slice(0, -CACHE_SUFFIX_LENGTH);
  const same = fs
    .readdirSync(dir)
    .filter((f) => f.length === prefix.length + CACHE_SUFFIX_LENGTH && f.startsWith(prefix) && /^[0-9a-f]{24}\.v8cache$/.test(f.slice(prefix.length)))
    .map((f) => ({ f, t: fs.lstatSync(path.join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { f } of same.slice(CACHES_KEPT)) fs.rmSync(path.join(dir, f), { force: true });
}
