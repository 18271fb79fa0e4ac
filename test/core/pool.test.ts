// The worker pool's code-analysis routing: the other workers hand every file that needs the TypeScript parser
// to one code worker, which processes it whole; nothing is lost or changed on the way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runInWorkers, codeSlotCount, TaskFeed, type WorkerInit } from '../../src/pipeline/pool.js';
import { processFile } from '../../src/pipeline/process-file.js';
import { ruleSetOf } from '../../src/pipeline/rule-set.js';
import { loadCredentialRules } from '../../src/detect/index.js';
import { rulesDir } from '../../src/ruleset/paths.js';
import { needsTypeScriptParse } from '../../src/code/index.js';
import type { FileResult, FileTask } from '../../src/model/records.js';
import { fakeToken } from '../../src/testing/fake-tokens.js';
import { runCli, writeTree } from '../../src/testing/cli.js';

const TOOL = (i: number) =>
  [
    "import { tool } from 'ai';",
    `export const lookup${i} = tool({`,
    "  description: 'look something up',",
    `  execute: async () => fetch('https://api.example.com/${i}', { headers: { Authorization: \`Bearer \${process.env.EXAMPLE_API_KEY_${i}}\` } }),`,
    '});',
  ].join('\n');

function tree(): Record<string, string> {
  const files: Record<string, string> = {};
  // Text files first, then the tools: with two batches, the first (text only) goes to the code slot and the
  // second (tools only) to the other worker, which must hand every tool file over.
  for (let i = 0; i < 6; i++) files[`a-notes/${i}.env`] = `GITHUB_TOKEN=${fakeToken('github-pat', 300 + i)}\n`;
  for (let i = 0; i < 6; i++) files[`b-tools/tool${i}.ts`] = TOOL(i);
  return files;
}

function tasksOf(dir: string, files: string[]): FileTask[] {
  return files.map((file) => ({ file, absPath: path.join(dir, file), size: fs.statSync(path.join(dir, file)).size, exposure: 'file' as const }));
}

/** The shipped credential rules and what a worker starts with for them. */
function setup(): { credentials: ReturnType<typeof loadCredentialRules>; init: WorkerInit } {
  const credentials = loadCredentialRules([rulesDir('credentials')]);
  const detectOptions = { fingerprintKey: 'k', disabled: new Set<string>(), allowRegexes: [], stopwords: [], now: new Date(0) };
  return { credentials, init: { rules: credentials.rules, detectOptions, maxFileSize: 1 << 20, extensions: { issuers: [] } } };
}

const strip = (r: FileResult) => {
  const { timings: _t, ...rest } = r;
  return rest;
};

test('files that need the TypeScript parser are handed to the code worker and come back processed whole', { timeout: 60_000 }, async () => {
  const files = tree();
  const dir = writeTree(files);
  try {
    const names = Object.keys(files).sort();
    const tasks = tasksOf(dir, names);
    const { credentials, init } = setup();
    const env = { ruleSet: ruleSetOf(credentials, init.extensions), detectOptions: init.detectOptions, maxFileSize: init.maxFileSize };
    const parsed = names.filter((f) => needsTypeScriptParse(f, files[f]!, env.ruleSet.code));
    assert.equal(parsed.length, 6, 'every tool file needs a parse');

    const results: FileResult[] = [];
    const stats = await runInWorkers(tasks, init, { jobs: 2, fileTimeoutMs: 30_000, batchFiles: 6 }, (r) => results.push(r));
    assert.equal(stats.codeSlots, 1);
    assert.equal(stats.handedOff, 6, 'the text worker handed over all six tool files');
    assert.ok(results.every((r) => !r.handedOff), 'no hand-off marker reaches the scan');

    // The same records as processing every file in-process.
    const inProcess = tasks.map((t) => processFile(t, env, { deferCode: true }));
    const byFile = (rs: FileResult[]) => rs.map(strip).sort((a, b) => a.file.localeCompare(b.file));
    assert.deepEqual(byFile(results), byFile(inProcess));
    assert.equal(results.filter((r) => r.file.startsWith('b-tools/') && r.bindings.some((b) => b.tool.startsWith('lookup'))).length, 6, 'each tool file yields its binding');
    assert.equal(results.filter((r) => r.detections.length).length, 6, 'each env file yields its token');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('workers take files while the feed is still open (discovery still running) and finish when it closes', { timeout: 60_000 }, async () => {
  const files = tree();
  const dir = writeTree(files);
  try {
    const names = Object.keys(files).sort();
    const { init } = setup();
    const feed = new TaskFeed(2);
    const results: FileResult[] = [];
    let firstResult!: () => void;
    const first = new Promise<void>((resolve) => (firstResult = resolve));
    const pool = runInWorkers(feed, init, { jobs: 2, fileTimeoutMs: 30_000 }, (r) => {
      results.push(r);
      firstResult();
    });
    const tasks = tasksOf(dir, names);
    for (const t of tasks.slice(0, 3)) feed.push(t); // one full batch of two goes out, one file waits
    await first;
    assert.ok(!feed.closed && results.length >= 1, 'a result came back before the feed closed');
    for (const t of tasks.slice(3)) feed.push(t);
    feed.close();
    await pool;
    assert.deepEqual(results.map((r) => r.file).sort(), names, 'every file processed once');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('one code worker for up to seven workers, two from eight', () => {
  assert.deepEqual([1, 2, 3, 4, 7, 8, 16].map(codeSlotCount), [1, 1, 1, 1, 1, 2, 4]);
});

test('a scan with two workers reports exactly what a scan in-process reports', { timeout: 120_000 }, async () => {
  const files = tree();
  for (let i = 0; i < 40; i++) files[`c-lib/helper${i}.ts`] = `export const v${i} = ${i};\n`;
  const dir = writeTree(files);
  try {
    const run = async (jobs: string) => {
      const r = await runCli(['scan', dir, '--no-config', '--format', 'json', '--jobs', jobs, '--exit-zero']);
      assert.equal(r.code, 0, r.stderr);
      const report = JSON.parse(r.stdout);
      delete report.summary.durationMs;
      delete report.summary.stages;
      return report;
    };
    const [one, two] = [await run('1'), await run('2')];
    assert.equal(two.bindings.filter((b: { tool: string }) => b.tool.startsWith('lookup')).length, 6);
    assert.deepEqual(two, one);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
