// Run the built CLI as a user would (a child process), for end-to-end tests.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './paths.js';
import { expandFixtureText } from './fake-tokens.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<CliResult> {
  const bin = path.join(repoRoot(), 'bin', 'credlife.js');
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [bin, ...args],
      {
        cwd: opts.cwd ?? repoRoot(),
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, CI: 'true', ...opts.env },
        maxBuffer: 64 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** Write a fixture tree into a fresh temp dir; values may use {{kind}} fake-token templates. */
export function writeTree(files: Record<string, string>, prefix = 'credlife-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, expandFixtureText(content));
  }
  return dir;
}

/** What one scan wrote in every format asked for: the run, and each format's file read back as text. */
export interface ScanFiles {
  r: CliResult;
  /** The output folder (a test may write more files there; cleanup removes it). */
  out: string;
  read(format: string): string;
  /** Removes the output folder. */
  cleanup(): void;
}

/** `credlife scan DIR --exit-zero --no-config -j 1` writing each format to its own file (`-o FORMAT=FILE`). */
export async function scanToFiles(dir: string, formats: readonly string[], extra: readonly string[] = []): Promise<ScanFiles> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-out-'));
  const args = ['scan', dir, '--exit-zero', '--no-config', '-j', '1', ...extra];
  for (const f of formats) args.push('-o', `${f}=${path.join(out, `r.${f}`)}`);
  const r = await runCli(args);
  return { r, out, read: (f) => fs.readFileSync(path.join(out, `r.${f}`), 'utf8'), cleanup: () => fs.rmSync(out, { recursive: true, force: true }) };
}
