// The npm package: `npm pack` carries bin, the runtime dist, rules, docs, the demo's templates and LICENSE only
// (no tests, bench or materialised demo with key-shaped strings), has no install-time scripts, and credlife
// finds nothing in it. `credlife demo` generates the demo at run time instead.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { runCli } from '../../src/testing/cli.js';
import { repoRoot } from '../../src/testing/paths.js';
import type { Report } from '../../src/model/report.js';

const ALLOWED = [/^package\.json$/, /^dist\/rules-yaml\.json$/, /^README\.md$/, /^LICENSE$/, /^bin\/credlife\.js$/, /^dist\/src\//, /^rules\//, /^docs\//, /^examples\/demo-agent\.json$/];

function npmAvailable(): boolean {
  try {
    execFileSync('npm', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test('npm pack: only runtime files, no install scripts, and credlife finds nothing in the package', { skip: npmAvailable() ? false : 'npm is not on PATH' }, async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-pack-'));
  const json = execFileSync('npm', ['pack', '--json', '--pack-destination', out], {
    cwd: repoRoot(),
    encoding: 'utf8',
    env: { ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false' },
  });
  const [info] = JSON.parse(json) as { filename: string; files: { path: string }[] }[];
  const files = info!.files.map((f) => f.path).sort();
  const stray = files.filter((f) => !ALLOWED.some((re) => re.test(f)));
  assert.deepEqual(stray, [], 'only bin, runtime dist, rules, docs, demo templates and LICENSE');
  for (const needed of ['bin/credlife.js', 'dist/src/cli.js', 'dist/src/index.js', 'dist/src/pipeline/worker.js', 'dist/src/commands/demo.js', 'LICENSE', 'README.md', 'docs/scorecard.md', 'rules/credentials/openai.yaml', 'examples/demo-agent.json']) {
    assert.ok(files.includes(needed), `${needed} is in the package`);
  }
  for (const f of files) {
    assert.ok(!/^dist\/(test|bench|examples|demo-agent)\//.test(f), `${f} is not runtime code`);
    assert.ok(!/^dist\/src\/testing\//.test(f), `${f}: test helpers are not in the package`);
  }

  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as { scripts?: Record<string, string>; license?: string; repository?: unknown };
  for (const hook of ['preinstall', 'install', 'postinstall', 'prepare', 'prepack', 'postpack']) {
    assert.equal(pkg.scripts?.[hook], undefined, `no ${hook} script (npm warns about install-time scripts)`);
  }
  assert.equal(pkg.license, 'Apache-2.0');
  assert.match(fs.readFileSync(path.join(repoRoot(), 'LICENSE'), 'utf8'), /Apache License\s+Version 2\.0/);
  assert.ok(pkg.repository, 'package.json names its repository (credlife init uses it)');

  // What a project that installed credlife would carry in node_modules: credlife finds nothing in it.
  execFileSync('tar', ['-xzf', path.join(out, info!.filename), '-C', out]);
  const r = await runCli(['scan', path.join(out, 'package'), '--no-config', '--no-default-excludes', '--no-gitignore', '-f', 'json', '--fail-on', 'info'], { cwd: out });
  const report = JSON.parse(r.stdout) as Report;
  assert.deepEqual(report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`), []);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(report.summary.filesScanned >= files.length - 5, 'the package was actually read');
});

test('credlife demo [DIR] generates the demo at run time and reports on it (exit 0)', async () => {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'credlife-demo-test-')), 'demo');
  const r = await runCli(['demo', dir, '--help']);
  assert.equal(r.code, 0);
  const run = await runCli(['demo', dir]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /demo agent repository written to .*demo/);
  assert.ok(fs.existsSync(path.join(dir, '.env')));
  assert.match(run.stdout, /\.env/);
  assert.match(run.stdout, /Gate failed/, 'the demo has findings: that is the point');
  const again = await runCli(['demo', dir]);
  assert.equal(again.code, 2, 'a non-empty folder is refused');
  assert.match(again.stderr, /is not empty/);
});
