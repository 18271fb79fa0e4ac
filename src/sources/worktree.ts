// Walk the scanned tree: fast-glob, .gitignore (nested), default excludes, size guard, symlink policy.
// Symlinks are never followed: a link whose target lies inside the root is left to the target itself;
// links out of the root, dangling links and loops are reported as skipped.
import fs from 'node:fs';
import path from 'node:path';
import type fgType from 'fast-glob';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import type { Exposure, SkippedFile } from '../model/report.js';
import type { FileTask } from '../model/records.js';
import { gitTrackedFiles } from './git.js';

/** Folders nobody wants scanned by default; `--no-default-excludes` turns this off. */
export const DEFAULT_EXCLUDES = [
  '**/.git/**',
  '**/node_modules/**',
  '**/dist/**',
  '**/build/**',
  '**/out/**',
  '**/coverage/**',
  '**/vendor/**',
  '**/.venv/**',
  '**/venv/**',
  '**/__pycache__/**',
  '**/.tox/**',
  '**/.mypy_cache/**',
  '**/.pytest_cache/**',
  '**/.next/**',
  '**/.nuxt/**',
  '**/.turbo/**',
  '**/.cache/**',
  '**/target/**',
  '**/.gradle/**',
  '**/.terraform/**',
  '**/bower_components/**',
];

/** Extensions that are binary for sure: skipped without reading a byte. */
const BINARY_EXTENSIONS = new Set(
  (
    'png jpg jpeg gif bmp ico webp avif tiff psd svgz mp3 mp4 m4a wav ogg flac webm mov avi mkv ' +
    'zip gz tgz bz2 xz 7z rar zst jar war ear class dll exe so dylib o a lib obj pdb wasm node ' +
    'woff woff2 ttf otf eot pdf doc docx xls xlsx ppt pptx odt sqlite db pyc pyo whl egg bin dat ' +
    'parquet avro orc npy npz pkl pt onnx safetensors h5 tflite'
  ).split(' '),
);

/** Env files are read even when .gitignore hides them: that is where agents' static keys live. */
export function isEnvFile(rel: string): boolean {
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  return base === '.env' || base.startsWith('.env.') || base.endsWith('.env');
}

export interface DiscoverOptions {
  include?: string[];
  exclude?: string[];
  defaultExcludes?: boolean;
  gitignore?: boolean;
  maxFileSize: number;
  /** Called with each file to scan as soon as it is found (the scan starts processing while discovery runs). */
  onTask?: (task: FileTask) => void;
}

export interface DiscoverResult {
  /** Absolute, real path of the base folder that report paths are relative to. */
  base: string;
  tasks: FileTask[];
  skipped: SkippedFile[];
  isGitRepo: boolean;
}

export class MissingPathError extends Error {}

// fast-glob is loaded on the first folder walk: scanning named files (a pre-commit hook) never needs it.
let fastGlob: typeof fgType | undefined;
async function loadFastGlob(): Promise<typeof fgType> {
  fastGlob ??= (await import('fast-glob')).default;
  return fastGlob;
}

/** A path given to scan exists but cannot be read (a folder without r/x, a file without r): exit 2, never "clean". */
export class UnreadablePathError extends Error {
  constructor(
    readonly given: string,
    readonly code: string,
  ) {
    super(given);
  }
}

/** Can this folder be listed and entered? (root reads everything; an unprivileged user may not.) */
function folderReadable(abs: string): string | null {
  try {
    fs.accessSync(abs, fs.constants.R_OK | fs.constants.X_OK);
    return null;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? 'EACCES';
  }
}

interface ScanRoot {
  given: string;
  real: string;
  isDir: boolean;
}

/** The given paths, real and checked: a missing path or an unreadable root folder is an error, never "clean". */
function resolveRoots(paths: string[]): ScanRoot[] {
  return paths.map((p) => {
    const abs = path.resolve(p);
    let real: string;
    try {
      real = fs.realpathSync(abs);
    } catch {
      throw new MissingPathError(p);
    }
    const isDir = fs.statSync(real).isDirectory();
    // A root that cannot be read would list as empty and pass the gate: refuse it instead.
    const denied = isDir ? folderReadable(real) : null;
    if (denied) throw new UnreadablePathError(p, denied);
    return { given: p, real, isDir };
  });
}

/** Find the files to scan under the given paths (files or folders). */
export async function discover(paths: string[], opts: DiscoverOptions): Promise<DiscoverResult> {
  const resolved = resolveRoots(paths);
  const base =
    resolved.length === 1
      ? resolved[0]!.isDir
        ? resolved[0]!.real
        : path.dirname(resolved[0]!.real)
      : commonAncestor(resolved.map((r) => (r.isDir ? r.real : path.dirname(r.real))));

  // Named files only (a pre-commit hook): ask git about those, not the whole repository (bounded argv).
  const named = resolved.every((r) => !r.isDir) && resolved.length <= 256
    ? resolved.map((r) => path.relative(base, r.real).split(path.sep).join('/'))
    : undefined;
  const tracked = await gitTrackedFiles(base, named);
  const d = new Discovery(base, tracked, opts);
  for (const r of resolved) {
    if (!r.isDir) {
      d.addFile(r.real, true);
      continue;
    }
    await d.walk(r.real);
  }
  d.tasks.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { base, tasks: d.tasks, skipped: d.skipped, isGitRepo: tracked !== null };
}

/** One discovery: the files found so far (tasks), what was skipped and why, and the paths already seen. */
class Discovery {
  readonly tasks: FileTask[] = [];
  readonly skipped: SkippedFile[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly base: string,
    /** Paths git tracks (null: not a git repository). */
    private readonly tracked: Set<string> | null,
    private readonly opts: DiscoverOptions,
  ) {}

  private relOf(abs: string): string {
    return path.relative(this.base, abs).split(path.sep).join('/') || path.basename(abs);
  }

  private exposureOf(rel: string, ignored: boolean): Exposure {
    if (!this.tracked) return 'file';
    if (this.tracked.has(rel)) return 'committed';
    return ignored ? 'ignored' : 'untracked';
  }

  /** A file to scan, unless unreadable, not a regular file, binary by extension (not named explicitly) or too large. */
  addFile(abs: string, explicit: boolean, ignored = false, knownRel?: string): void {
    const rel = knownRel ?? this.relOf(abs);
    if (this.seen.has(rel)) return;
    this.seen.add(rel);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch (err) {
      this.skipped.push({ file: rel, reason: 'unreadable', detail: (err as NodeJS.ErrnoException).code });
      return;
    }
    if (!st.isFile()) {
      this.skipped.push({ file: rel, reason: 'not-regular-file' });
      return;
    }
    const ext = rel.slice(rel.lastIndexOf('.') + 1).toLowerCase();
    if (!explicit && rel.includes('.') && BINARY_EXTENSIONS.has(ext)) {
      this.skipped.push({ file: rel, reason: 'binary', detail: `.${ext}` });
      return;
    }
    if (st.size > this.opts.maxFileSize) {
      this.skipped.push({ file: rel, reason: 'too-large', detail: `${st.size} bytes` });
      return;
    }
    const task: FileTask = { file: rel, absPath: abs, size: st.size, exposure: this.exposureOf(rel, ignored) };
    this.tasks.push(task);
    this.opts.onTask?.(task);
  }

  /** Walk a folder: excludes, .gitignore files, --include, symlinks and unreadable folders applied as entries stream in. */
  async walk(dir: string): Promise<void> {
    const opts = this.opts;
    const ignoreGlobs = [...(opts.defaultExcludes === false ? [] : DEFAULT_EXCLUDES), ...(opts.exclude ?? [])];
    const includeMatch = opts.include?.length ? picomatch(opts.include, { dot: true }) : null;
    const gitignores = opts.gitignore === false ? null : await loadGitignores(dir, ignoreGlobs);
    // '**/*', not '**': both list the same entries, but '**' cannot match a name holding a newline, while
    // '**/*' still lists such an entry at the top of a walk (fast-glob will not descend into it; see below).
    // Streamed, and without fs.Stats: holding 100k entries with their Stats objects made discovery the
    // main thread's memory peak (~120 MB live on a 103k-file tree, and V8 kept the garbage for the whole scan).
    // Each file is stat'ed in addFile instead (one stat either way).
    const fg = await loadFastGlob();
    const entries = fg.stream('**/*', {
      cwd: dir,
      dot: true,
      onlyFiles: false,
      markDirectories: false,
      followSymbolicLinks: false,
      objectMode: true,
      ignore: ignoreGlobs,
      suppressErrors: true,
      // One pattern cannot yield an entry twice; `seen` guards the rest. (Dedup costs ~3 µs an entry.)
      unique: false,
    }) as AsyncIterable<fgType.Entry>;
    // fast-glob paths are clean and '/'-separated: build abs and rel by concatenation, not path.join /
    // path.relative (which dominated discovery on 100k-file trees).
    const relDir = this.relOf(dir);
    const relPrefix = dir === this.base ? '' : `${relDir}/`;
    for await (const entry of entries) {
      const abs = path.sep === '/' ? `${dir}/${entry.path}` : path.join(dir, entry.path);
      const rel = relPrefix + entry.path;
      if (entry.dirent.isDirectory()) {
        await this.folderEntry(abs, rel, entry, gitignores);
        continue;
      }
      if (includeMatch && !includeMatch(rel) && !includeMatch(entry.path)) continue;
      const ignored = gitignores ? gitignores.ignores(entry.path) : false;
      if (ignored && !this.tracked?.has(rel) && !isEnvFile(rel)) continue;
      if (entry.dirent.isSymbolicLink()) {
        this.classifySymlink(abs, rel);
        continue;
      }
      if (!entry.dirent.isFile()) {
        if (!this.seen.has(rel)) this.skipped.push({ file: rel, reason: 'not-regular-file' });
        this.seen.add(rel);
        continue;
      }
      this.addFile(abs, false, ignored, rel);
    }
  }

  /** A folder fast-glob listed: named when it cannot be read, walked on its own when fast-glob cannot enter it. */
  private async folderEntry(abs: string, rel: string, entry: fgType.Entry, gitignores: { ignores(rel: string): boolean } | null): Promise<void> {
    // fast-glob skips a folder it cannot list without a word (suppressErrors): name it instead, so the
    // gate never passes on what was not read. Ignored folders (.gitignore) are outside the scan anyway.
    const denied = folderReadable(abs);
    if (denied && !(gitignores?.ignores(entry.path) || gitignores?.ignores(`${entry.path}/`))) {
      if (!this.seen.has(`${rel}/`)) this.skipped.push({ file: `${rel}/`, reason: 'unreadable', detail: denied });
      this.seen.add(`${rel}/`);
      return;
    }
    // A folder whose name holds a line break: fast-glob lists it but never walks into it, so walk it
    // separately (its own .gitignore files apply; the parents' do not — rare enough, and scanning more
    // is the safe side).
    if (LINE_BREAK.test(entry.name) && !(gitignores?.ignores(entry.path) ?? false)) await this.walk(abs);
  }

  private classifySymlink(abs: string, rel: string): void {
    let target: string;
    try {
      target = fs.realpathSync(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      this.skipped.push({ file: rel, reason: code === 'ELOOP' ? 'symlink-loop' : 'symlink-dangling', detail: code });
      return;
    }
    const inside = target === this.base || target.startsWith(this.base + path.sep);
    if (!inside) this.skipped.push({ file: rel, reason: 'symlink-outside-root' });
    // Inside the root: the target is scanned as itself (or was excluded on purpose); never twice.
  }
}

const LINE_BREAK = /[\n\r]/;

/** .gitignore files under `dir` (nested ones apply to their own folder), as one matcher. */
async function loadGitignores(dir: string, ignoreGlobs: string[]): Promise<{ ignores(rel: string): boolean }> {
  const fg = await loadFastGlob();
  const files = await fg('**/.gitignore', {
    cwd: dir,
    dot: true,
    followSymbolicLinks: false,
    ignore: ignoreGlobs,
    suppressErrors: true,
  });
  const matchers: { prefix: string; ig: Ignore }[] = [];
  for (const f of files) {
    let text: string;
    try {
      const st = fs.lstatSync(path.join(dir, f));
      if (!st.isFile() || st.size > 1_000_000) continue;
      text = fs.readFileSync(path.join(dir, f), 'utf8');
    } catch {
      continue;
    }
    const folder = path.posix.dirname(f);
    matchers.push({ prefix: folder === '.' ? '' : folder + '/', ig: ignore().add(text) });
  }
  return {
    ignores(rel: string): boolean {
      for (const m of matchers) {
        if (m.prefix && !rel.startsWith(m.prefix)) continue;
        const sub = rel.slice(m.prefix.length);
        if (!sub) continue;
        try {
          if (m.ig.ignores(sub)) return true;
          // A file inside an ignored folder is ignored too.
          const parts = sub.split('/');
          for (let i = 1; i < parts.length; i++) {
            if (m.ig.ignores(parts.slice(0, i).join('/') + '/')) return true;
          }
        } catch {
          // A path `ignore` cannot judge (odd characters) is kept.
        }
      }
      return false;
    },
  };
}

function commonAncestor(dirs: string[]): string {
  let common = dirs[0]!;
  for (const d of dirs.slice(1)) {
    while (!(d === common || d.startsWith(common + path.sep))) common = path.dirname(common);
  }
  return common;
}
