// Small, safe wrappers around git. Scanned content never reaches a command line, and settings that
// could make git run a program from a hostile repository's config are forced off.
import { execFile } from 'node:child_process';

/** `-c` flags that keep git from executing anything configured by the scanned repository. */
export const SAFE_GIT_FLAGS = [
  '-c', 'core.fsmonitor=false',
  '-c', 'core.hooksPath=/dev/null',
  '-c', 'diff.external=',
  '-c', 'core.pager=cat',
  '-c', 'protocol.allow=never',
];

export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** Run git with fixed arguments in `cwd`; never throws (code -1 when git is missing). */
export function runGit(cwd: string, args: string[], maxBuffer = 512 * 1024 * 1024): Promise<GitResult> {
  return new Promise((resolve) => {
    execFile(
      'git',
      [...SAFE_GIT_FLAGS, ...args],
      { cwd, encoding: 'buffer', maxBuffer, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' } },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : -1) : 0;
        resolve({ code, stdout: stdout ?? Buffer.alloc(0), stderr: stderr?.toString('utf8') ?? '' });
      },
    );
  });
}

/**
 * Paths tracked by git, relative to `dir` (POSIX), or null when `dir` is not inside a work tree. With `only`
 * (paths relative to `dir`), just those are asked about: a pre-commit scan of a few files in a large repository
 * does not list every tracked file.
 */
export async function gitTrackedFiles(dir: string, only?: readonly string[]): Promise<Set<string> | null> {
  const pathspec = only?.length ? ['--', ...only] : [];
  const res = await runGit(dir, [...(only?.length ? ['--literal-pathspecs'] : []), 'ls-files', '-z', '--cached', ...pathspec]);
  if (res.code !== 0) return null;
  const out = res.stdout.toString('utf8');
  const set = new Set<string>();
  for (const p of out.split('\0')) if (p) set.add(p);
  return set;
}

/** Repository URL (credentials stripped), commit and branch of the work tree at `dir`, for SARIF provenance. */
export async function gitVcsInfo(dir: string): Promise<{ repositoryUri?: string; revisionId?: string; branch?: string; pathInRepository?: string } | null> {
  const head = await runGit(dir, ['rev-parse', 'HEAD']);
  if (head.code !== 0) return null;
  const info: { repositoryUri?: string; revisionId?: string; branch?: string; pathInRepository?: string } = { revisionId: head.stdout.toString('utf8').trim() };
  // Where the scanned folder sits in the repository ("services/agent"), so SARIF paths are repository paths.
  const prefix = await runGit(dir, ['rev-parse', '--show-prefix']);
  const sub = prefix.stdout.toString('utf8').trim().replace(/\/+$/, '');
  if (prefix.code === 0 && sub) info.pathInRepository = sub;
  const branch = await runGit(dir, ['rev-parse', '--abbrev-ref', 'HEAD']);
  const name = branch.stdout.toString('utf8').trim();
  if (branch.code === 0 && name && name !== 'HEAD') info.branch = name;
  const remote = await runGit(dir, ['remote', 'get-url', 'origin']);
  const url = remote.stdout.toString('utf8').trim();
  if (remote.code === 0 && url) {
    try {
      const u = new URL(url);
      u.username = '';
      u.password = '';
      u.search = '';
      info.repositoryUri = u.toString();
    } catch {
      // scp-like "git@host:org/repo.git": no secret in it beyond the user name, which is dropped.
      const m = /^[^@\s]+@([^:\s]+):(.+)$/.exec(url);
      if (m) info.repositoryUri = `https://${m[1]}/${m[2]}`;
    }
  }
  return info;
}

/** The first line of git's stderr, bounded: what an error message may quote. */
export function firstLine(s: string): string {
  return s.split('\n')[0]!.slice(0, 200);
}
