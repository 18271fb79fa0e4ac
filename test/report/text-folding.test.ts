// Text output folds repeats for people: the same tool holding the same credential in many example or test
// files is listed once with the other places on one line (--verbose lists each); findings in the agent's own
// code, secrets and findings at or above the gate are always listed one by one; JSON keeps every finding.
// The binding inventory lists the agent's own bindings first and at most MAX_LISTED_BINDINGS of them.
import test from 'node:test';
import assert from 'node:assert/strict';
import { runCli, writeTree } from '../../src/testing/cli.js';
import { listedBindings, MAX_LISTED_BINDINGS } from '../../src/report/groups.js';

const HEAD = /^(CRITICAL|HIGH|MEDIUM|LOW|INFO) +(\S+):\d+:\d+/;
const client = "import OpenAI from 'openai';\nconst client = new OpenAI();\nexport default client;\n";

function agentTree(): string {
  const files: Record<string, string> = { 'src/agent.ts': client, 'src/worker.ts': client };
  for (let i = 0; i < 6; i++) files[`examples/demo-${i}.ts`] = client;
  return writeTree(files);
}

test('repeated example findings are one entry with the other places; --verbose and JSON list each', async () => {
  const dir = agentTree();
  const json = await runCli(['scan', dir, '--jobs', '1', '--no-config', '-f', 'json', '--exit-zero']);
  const findings = JSON.parse(json.stdout).findings as { file: string; context?: { origin?: string } }[];
  const examples = findings.filter((f) => f.file.startsWith('examples/'));
  assert.equal(examples.length, 6, json.stdout);
  assert.ok(examples.every((f) => f.context?.origin === 'example'));

  const text = await runCli(['scan', dir, '--jobs', '1', '--no-config', '--exit-zero']);
  const heads = text.stdout.split('\n').filter((l) => HEAD.test(l)).map((l) => HEAD.exec(l)![2]!);
  assert.deepEqual(heads.filter((f) => f.startsWith('examples/')), ['examples/demo-0.ts'], text.stdout);
  assert.deepEqual(heads.filter((f) => f.startsWith('src/')), ['src/agent.ts', 'src/worker.ts'], 'source findings are never folded');
  assert.match(text.stdout, /and 5 more like it in example files: examples\/demo-1\.ts:2, examples\/demo-2\.ts:2, examples\/demo-3\.ts:2, … \(--verbose lists each\)/);

  const verbose = await runCli(['scan', dir, '--jobs', '1', '--no-config', '--exit-zero', '--verbose']);
  assert.equal(verbose.stdout.split('\n').filter((l) => HEAD.test(l)).length, findings.length);
  assert.doesNotMatch(verbose.stdout, /more like it/);
});

test('findings at or above the gate are never folded', async () => {
  const dir = agentTree();
  const text = await runCli(['scan', dir, '--jobs', '1', '--no-config', '--fail-on', 'low']);
  assert.equal(text.code, 1);
  const heads = text.stdout.split('\n').filter((l) => HEAD.test(l));
  assert.equal(heads.filter((l) => l.includes('examples/')).length, 6, text.stdout);
  assert.doesNotMatch(text.stdout, /more like it/);
});

test('findings the afterlife gate fails are never folded either', async () => {
  const dir = agentTree();
  const text = await runCli(['scan', dir, '--jobs', '1', '--no-config', '--max-afterlife', '1h']);
  assert.equal(text.code, 1);
  assert.equal(text.stdout.split('\n').filter((l) => HEAD.test(l) && l.includes('examples/')).length, 6, text.stdout);
  assert.doesNotMatch(text.stdout, /more like it/);
});

test('the binding inventory lists the agent\'s own bindings first and says how many it left out', () => {
  const many = [
    ...Array.from({ length: MAX_LISTED_BINDINGS + 10 }, (_, i) => ({ file: `examples/e${i}.ts` })),
    { file: 'src/agent.ts' },
  ];
  const { shown, hidden, hiddenOutsideSource } = listedBindings(many, false);
  assert.equal(shown.length, MAX_LISTED_BINDINGS);
  assert.equal(shown[0]!.file, 'src/agent.ts');
  assert.equal(hidden, 11);
  assert.equal(hiddenOutsideSource, 11);
  assert.equal(listedBindings(many, true).shown.length, many.length);
  assert.equal(listedBindings(many.slice(0, 5), false).hidden, 0);
});
