// Locating and running the SARIF validators the tests use: the SARIF 2.1.0 JSON schema and Microsoft's
// sarif-multitool (a native binary shipped in the @microsoft/sarif-multitool-<platform> npm package).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../src/testing/paths.js';

/** The SARIF 2.1.0 schema the multitool package ships (one copy per platform package). */
export function sarifSchemaPath(): string | null {
  for (const p of ['linux', 'darwin', 'win32']) {
    const f = path.join(repoRoot(), 'node_modules', '@microsoft', `sarif-multitool-${p}`, 'sarif-2.1.0.json');
    if (existsSync(f)) return f;
  }
  return null;
}

export function multitoolPath(): string | null {
  const exe = process.platform === 'win32' ? 'Sarif.Multitool.exe' : 'Sarif.Multitool';
  const f = path.join(repoRoot(), 'node_modules', '@microsoft', `sarif-multitool-${process.platform}`, exe);
  return existsSync(f) ? f : null;
}

export type MultitoolResult = { skipped: string } | { errors: string[]; stdout: string };

/** `sarif-multitool validate FILE --rule-kind "Sarif;Gh"`: the problems it reports at level error. */
export function multitoolValidate(input: string): MultitoolResult {
  const exe = multitoolPath();
  if (!exe) return { skipped: 'sarif-multitool is not installed for this platform (npm @microsoft/sarif-multitool)' };
  const output = input.replace(/(\.sarif)?$/, '.validation.sarif');
  rmSync(output, { force: true });
  const r = spawnSync(exe, ['validate', input, '--rule-kind', 'Sarif;Gh', '--output', output], {
    encoding: 'utf8',
    timeout: 170_000,
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
  });
  if (r.error) return { skipped: `sarif-multitool could not run here: ${r.error.message}` };
  if (r.status !== 0 || !existsSync(output)) return { errors: [`multitool exited ${r.status}: ${r.stderr || r.stdout}`], stdout: r.stdout };
  const log = JSON.parse(readFileSync(output, 'utf8'));
  type V = { level?: string; ruleId: string; ruleIndex?: number; message: { text?: string; arguments?: string[] } };
  type VRun = { results?: V[]; tool: { driver: { rules?: { defaultConfiguration?: { level?: string } }[] } } };
  // A result without a level takes its rule's default level (SARIF §3.27.10), else "warning".
  const errors = (log.runs as VRun[]).flatMap((run) =>
    (run.results ?? [])
      .filter((p) => (p.level ?? run.tool.driver.rules?.[p.ruleIndex ?? -1]?.defaultConfiguration?.level ?? 'warning') === 'error')
      .map((e) => `${e.ruleId}: ${e.message.text ?? (e.message.arguments ?? []).join(' ')}`),
  );
  if (/: error /.test(r.stdout)) errors.push(...r.stdout.split('\n').filter((l) => /: error /.test(l)));
  return { errors, stdout: r.stdout };
}
