// The scorecard's systematic errors on real repositories, each reproduced with a fixture built at run time:
// CI credentials scored as the agents' controls, GitHub token lifetimes, words deciding statuses, tests and
// fixtures as evidence, expiry beside a token, logging that is not tool-call logging, visible facts missed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scan } from '../../src/index.js';
import type { Report, ScorecardEntry } from '../../src/model/report.js';
import { writeTree } from '../../src/testing/cli.js';

async function scanTree(files: Record<string, string>): Promise<Report> {
  return scan({ paths: [writeTree(files, 'credlife-scorecard-sys-')], config: false, jobs: 1 });
}

function entry(r: Report, control: string): ScorecardEntry {
  const e = r.scorecard?.find((x) => x.control === control);
  assert.ok(e, `no entry ${control}`);
  return e;
}

function lines(e: ScorecardEntry): string {
  return e.evidence.map((x) => `${x.kind} ${x.file}:${x.line} ${x.detail}`).join('\n');
}

const STALE_BOT = `name: stale
on: { schedule: [{ cron: '0 0 * * *' }] }
jobs:
  stale:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/stale@v9
        with:
          repo-token: \${{ secrets.GITHUB_TOKEN }}
`;

test('CI credentials never move an agent control; they get their own section', async () => {
  const r = await scanTree({ '.github/workflows/stale.yml': STALE_BOT });
  for (const e of r.scorecard!) {
    assert.ok(e.evidence.every((x) => !x.file.startsWith('.github/')), `${e.control} cites CI:\n${lines(e)}`);
  }
  assert.equal(entry(r, 'identity-separation').status, 'unknown');
  assert.equal(entry(r, 'per-task-issuance').status, 'unknown');
  assert.ok((entry(r, 'identity-separation').metrics?.seenInCi ?? 0) > 0, 'CI evidence is counted as seen in CI');
  assert.ok(r.ciCredentials, 'CI/CD credentials section');
  assert.match(r.ciCredentials.why, /job-token/);
  // With an agent holding a static key, the stale bot's token does not make identity separation partial.
  const withAgent = await scanTree({
    '.github/workflows/stale.yml': STALE_BOT,
    'agent.py': 'from openai import OpenAI\nclient = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n',
  });
  assert.equal(entry(withAgent, 'identity-separation').status, 'missing', lines(entry(withAgent, 'identity-separation')));
});

test('GITHUB_TOKEN lives until the job ends; an App token is revoked at job end unless skip-token-revoke', async () => {
  const wf = (skip: boolean) => `name: bot
on: push
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - id: app-token
        uses: actions/create-github-app-token@v1
        with:
          app-id: \${{ vars.APP_ID }}
          private-key: \${{ secrets.APP_PRIVATE_KEY }}${skip ? '\n          skip-token-revoke: true' : ''}
      - uses: actions/github-script@v7
        with:
          github-token: \${{ steps.app-token.outputs.token }}
      - uses: actions/labeler@v5
        with:
          repo-token: \${{ secrets.GITHUB_TOKEN }}
`;
  const r = await scanTree({ '.github/workflows/bot.yml': wf(false) });
  const job = r.bindings.find((b) => b.credentialRef === 'GITHUB_TOKEN')!;
  assert.equal(job.afterlife?.seconds, 0, 'GITHUB_TOKEN: no afterlife after the job');
  const app = r.bindings.find((b) => b.credentialRef === 'steps.app-token.outputs.token')!;
  assert.equal(app.afterlife?.seconds, 0, 'App token revoked at job end');
  const ci = r.ciCredentials!;
  assert.ok(ci.evidence.some((x) => x.kind === 'for' && /revoked when the job ends/.test(x.detail)), JSON.stringify(ci.evidence));
  assert.ok(!ci.evidence.some((x) => /23\.8h|usable for/.test(x.detail)));
  const skipped = await scanTree({ '.github/workflows/bot.yml': wf(true) });
  assert.ok(skipped.ciCredentials!.evidence.some((x) => x.kind === 'against' && /skip-token-revoke/.test(x.detail)));
  assert.equal(skipped.bindings.find((b) => b.credentialRef === 'steps.app-token.outputs.token')!.lifetime?.ttlSeconds, 3600);
});

test('words do not decide: cache invalidation is not revocation, a codec mint is not an issuer, an image is not a credential', async () => {
  const r = await scanTree({
    'mcp.ts': `export class Server {
  async close() {
    try {
      await this.session.close();
    } finally {
      this.invalidateToolsCaches();
      this.cache.invalidate();
    }
  }
}
`,
    'state.ts': `export function next(stateCodec: Codec, state: State) {
  return stateCodec.mint({ step: state.step + 1 });
}
`,
    'tools.ts': `import { tool } from '@openai/agents';
import { readFileSync } from 'node:fs';
const SAMPLE_IMAGE_URL = new URL('../media/image_bison.jpg', import.meta.url);
const SAMPLE_IMAGE_BASE64 = readFileSync(SAMPLE_IMAGE_URL).toString('base64');
export const fetchImage = tool({
  name: 'fetch_image_data',
  execute: async () => SAMPLE_IMAGE_BASE64,
});
`,
  });
  const ttl = entry(r, 'short-ttl-revocation');
  assert.ok(!ttl.evidence.some((x) => /revok/i.test(x.detail)), lines(ttl));
  assert.equal(ttl.metrics?.revocations ?? 0, 0);
  assert.ok(!entry(r, 'context-binding').evidence.some((x) => /mint/.test(x.detail)), lines(entry(r, 'context-binding')));
  assert.ok(!r.bindings.some((b) => b.tool === 'fetch_image_data'), 'an image read by a tool is no credential');
  for (const e of r.scorecard!) assert.ok(!e.evidence.some((x) => /fetch_image_data/.test(x.detail)), `${e.control}: ${lines(e)}`);
  // The same shapes with a credential: a token revoked in finally, a broker's mint, a key file read.
  const real = await scanTree({
    'task.ts': `export async function runTask(broker: Broker, task: Task) {
  const token = await broker.mintToken({ audience: 'https://api.example.com', ttlSeconds: 600 });
  try {
    return await task.run(token);
  } finally {
    await broker.revokeToken(token);
  }
}
`,
  });
  assert.ok(entry(real, 'short-ttl-revocation').metrics!.revocations! >= 1, lines(entry(real, 'short-ttl-revocation')));
});

test('tests and fixtures are never evidence: a fixture JWT is not context binding, test tracing switches do not count', async () => {
  const r = await scanTree({
    'test/fixtures/session.json': '{ "id_token": "{{jwt-short}}" }\n',
    'src/agent.test.ts': `import { Runner } from '@openai/agents';\nconst runner = new Runner({ tracingDisabled: true });\n`,
    'src/agent.ts': `import { Agent, run, tool } from '@openai/agents';\nexport const agent = new Agent({ name: 'helper', tools: [] });\n`,
  });
  const cb = entry(r, 'context-binding');
  assert.notEqual(cb.status, 'met', lines(cb));
  assert.ok(cb.evidence.every((x) => !x.file.startsWith('test/')), lines(cb));
  assert.ok((cb.metrics?.seenInTests ?? 0) > 0, 'the fixture JWT is seen in tests');
  const log = entry(r, 'tool-call-logging');
  assert.equal(log.status, 'met', lines(log));
  assert.ok(log.evidence.every((x) => x.file === 'src/agent.ts'), lines(log));
});

test('expiry beside a token: expires_in two lines below bounds its lifetime', async () => {
  const value = ['new', 'access123', 'Zq9Xv7Lm2', 'Kp0aQw8Rt'].join('');
  const r = await scanTree({
    'src/client.ts': `export const cached = {\n  access_token: "${value}",\n  token_type: 'Bearer',\n  expires_in: 3600,\n};\n`,
  });
  const f = r.findings.find((x) => x.file === 'src/client.ts' && x.credential);
  assert.ok(f, 'the token is found');
  assert.equal(f.credential!.lifetime.ttlSeconds, 3600);
  assert.equal(f.credential!.afterlife.unbounded, false);
  const ttl = entry(r, 'short-ttl-revocation');
  assert.ok(!ttl.evidence.some((x) => /usable indefinitely/.test(x.detail)), lines(ttl));
});

test('logging is tracing around tool execution: sendLoggingMessage is not, trace_tool_span is cited at its call', async () => {
  const mcp = await scanTree({
    'server.ts': `import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
const server = new McpServer({ name: 'notes', version: '1.0.0' });
const apiKey = process.env.NOTES_API_KEY;
await server.server.sendLoggingMessage({ level: 'info', data: 'started' });
`,
  });
  assert.notEqual(entry(mcp, 'tool-call-logging').status, 'met', lines(entry(mcp, 'tool-call-logging')));
  const py = await scanTree({
    'tools/base.py': `from opentelemetry import trace
from autogen_core import trace_tool_span


class Tool:
    async def run_json(self, args):
        with trace_tool_span(tool_name=self.name):
            return await self.run(args)
`,
  });
  const log = entry(py, 'tool-call-logging');
  assert.equal(log.status, 'met', lines(log));
  assert.ok(log.evidence.some((x) => x.line === 7 && /trace_tool_span/.test(x.detail)), lines(log));
});

test('visible facts decide: static keys make per-task issuance missing; token providers, resource indicators, expiry checks, revocation handlers and ephemeral keys count', async () => {
  const keys = await scanTree({ 'agent.py': 'import os\nfrom openai import OpenAI\nclient = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n' });
  assert.equal(entry(keys, 'per-task-issuance').status, 'missing', entry(keys, 'per-task-issuance').why);
  const r = await scanTree({
    'model.py': `from azure.identity import DefaultAzureCredential, get_bearer_token_provider
token_provider = get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default")
`,
    'client.ts': `import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
export const transport = new StreamableHTTPClientTransport(new URL(url), { authProvider });
`,
    'middleware/bearer.ts': `export function check(authInfo: AuthInfo) {
  if (authInfo.expiresAt < Date.now() / 1000) {
    throw new InvalidTokenError('Token has expired');
  }
}
`,
    'handlers/revoke.ts': `export async function handle(provider: Provider, client: Client, req: Request) {
  await provider.revokeToken(client, req);
}
`,
    'token.ts': `export async function getToken() {
  const session = await openai.realtime.clientSecrets.create({ session: { type: 'realtime' } });
  return session.value;
}
`,
  });
  const has = (control: string, file: string) => assert.ok(entry(r, control).evidence.some((x) => x.kind === 'for' && x.file === file), `${control} for in ${file}:\n${lines(entry(r, control))}`);
  has('per-task-issuance', 'model.py');
  has('context-binding', 'model.py');
  has('identity-separation', 'model.py');
  has('context-binding', 'client.ts');
  has('short-ttl-revocation', 'middleware/bearer.ts');
  has('short-ttl-revocation', 'handlers/revoke.ts');
  has('per-task-issuance', 'token.ts');
  assert.ok(entry(r, 'short-ttl-revocation').metrics!.revocations! >= 1);
  assert.equal(entry(r, 'per-task-issuance').status, 'met');
});
