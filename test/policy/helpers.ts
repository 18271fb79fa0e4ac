// Shared fixtures for the policy tests: a custom credential rule (so the tests do not depend on the
// built-in rule set), fake tokens for it built at run time, temp trees and temp git repositories.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { expandTemplate } from '../../src/testing/fake-tokens.js';
import { runCli, writeTree, type CliResult } from '../../src/testing/cli.js';
import type { Report } from '../../src/model/report.js';

export const RULE_ID = 'acme-deploy-token';

/** A fake Acme deploy token; different seeds give different values. */
export function acmeToken(seed = 1): string {
  return expandTemplate('{lit:ctok}{lit:_}{base62:32}', seed);
}

/** Config text declaring the Acme rule, pinned to `severity` so the tests do not depend on scoring. */
export function configWithRule(opts: { severity?: string; lifetime?: string; extra?: string } = {}): string {
  const lines = [
    'version: 1',
    'customRules:',
    `  - id: ${RULE_ID}`,
    '    provider: acme',
    '    type: deploy token',
    '    keywords: [ctok_]',
    "    regex: '\\b(?<secret>ctok_[0-9A-Za-z]{32})\\b'",
    `    lifetime: ${opts.lifetime ?? '{ class: static, ttlSeconds: null }'}`,
    '    remediation: Mint a per-task token from the Acme broker.',
  ];
  if (opts.severity) {
    lines.push('rules:', '  severity:', `    - id: ${RULE_ID}`, `      severity: ${opts.severity}`, '      reason: pinned for tests');
  }
  if (opts.extra) lines.push(opts.extra);
  return lines.join('\n') + '\n';
}

export function tree(files: Record<string, string>): string {
  return writeTree(files, 'credlife-policy-');
}

export async function scanJson(args: string[], cwd?: string): Promise<{ r: CliResult; report: Report }> {
  const r = await runCli(['scan', ...args, '--format', 'json', '--jobs', '1'], cwd ? { cwd } : {});
  let report: Report;
  try {
    report = JSON.parse(r.stdout) as Report;
  } catch {
    throw new Error(`no JSON report (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
  return { r, report };
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=credlife-test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...args],
    { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

export function gitRepo(files: Record<string, string>): string {
  const dir = tree(files);
  git(dir, 'init', '-q', '-b', 'main');
  return dir;
}

export function write(dir: string, rel: string, text: string): void {
  const abs = path.join(dir, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, text);
}
