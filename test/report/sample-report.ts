// A hand-built Report that exercises every corner the formatters must handle: all severities and lifetime
// classes, secret / binding / config kinds, git history, hostile file names and messages, bindings and a
// scorecard. Raw "secret" values are random at run time and only their redacted forms enter the report,
// so a test can grep every format's output for the raw values and expect none.
import { createHash, randomBytes } from 'node:crypto';
import type { Finding, FrameworkRef, Report, Severity } from '../../src/model/report.js';
import type { FrameworkCatalog } from '../../src/report/catalog.js';
import { prng } from '../../src/testing/fake-tokens.js';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Seeded generator for reproducible snapshots (mulberry32); null means crypto-random values. */
let seeded: (() => number) | null = null;

/** A random alphanumeric string (never a literal in the repository). */
export function randomValue(length: number): string {
  const bytes = randomBytes(length);
  let s = '';
  for (let i = 0; i < length; i++) s += ALNUM[seeded ? Math.floor(seeded() * ALNUM.length) : bytes[i]! % ALNUM.length];
  return s;
}

const fw = (framework: string, id: string, title: string): FrameworkRef => ({ framework, id, title });
const ASI03 = fw('owasp-asi-2026', 'ASI03', 'Identity and Privilege Abuse');
const ASI02 = fw('owasp-asi-2026', 'ASI02', 'Tool Misuse and Exploitation');
const NHI7 = fw('owasp-nhi-2025', 'NHI7', 'Long-Lived Secrets');
const NHI2 = fw('owasp-nhi-2025', 'NHI2', 'Secret Leakage');
const NHI9 = fw('owasp-nhi-2025', 'NHI9', 'NHI Reuse');
const NHI6 = fw('owasp-nhi-2025', 'NHI6', 'Insecure Cloud Deployment Configurations');
const L4 = fw('csa-maestro', 'L4', 'Deployment and Infrastructure');
const L3 = fw('csa-maestro', 'L3', 'Agent Frameworks');
const MANAGE24 = fw('nist-ai-rmf', 'MANAGE 2.4', 'Mechanisms to supersede, disengage or deactivate');
const CWE798 = fw('cwe', 'CWE-798', 'Use of Hard-coded Credentials');

export interface SampleReport {
  report: Report;
  /** The raw values the redacted forms stand for: no output may contain any of them. */
  secrets: string[];
}

function secretFinding(
  raw: string,
  prefix: string,
  o: Partial<Finding> & { file: string; severity: Severity; score: number; provider: string; type: string },
  life: Partial<NonNullable<Finding['credential']>> = {},
): Finding {
  const { provider, type, ...rest } = o;
  return {
    ruleId: `${provider}-token`,
    kind: 'secret',
    line: 3,
    column: 7,
    message: `${type} committed in ${o.file}`,
    factors: [
      { name: 'afterlife', effect: 40 },
      { name: 'exposure', effect: 20, detail: 'committed literal' },
    ],
    frameworks: [ASI03, NHI7, NHI2, L4, MANAGE24, CWE798],
    remediation: 'Mint a short-lived token per task instead.',
    ...rest,
    credential: {
      provider,
      type,
      fingerprint: createHash('sha256').update('test-key:' + raw).digest('hex').slice(0, 32),
      redacted: `${prefix}…${raw.slice(-4)}`,
      lifetime: { class: 'static', ttlSeconds: null, expiresAt: null },
      afterlife: { unbounded: true, seconds: null },
      ...life,
    },
  } as Finding;
}

export function sampleReport(opts: { extraFindings?: number; seed?: number } = {}): SampleReport {
  seeded = opts.seed === undefined ? null : prng(opts.seed);
  try {
    return buildSample(opts.extraFindings ?? 0);
  } finally {
    seeded = null;
  }
}

function buildSample(extraFindings: number): SampleReport {
  const gh = 'ghp_' + randomValue(36);
  const stripe = 'sk_live_' + randomValue(24);
  const aws = 'ASIA' + randomValue(16).toUpperCase();
  const hist = 'xoxb-' + randomValue(30);
  const secrets = [gh, stripe, aws, hist];

  const findings: Finding[] = [
    secretFinding(gh, 'ghp_', {
      file: 'agent/.env',
      severity: 'critical',
      score: 95,
      provider: 'github',
      type: 'classic personal access token',
      binding: { tool: 'github', agent: 'triage-bot', source: 'env', scope: 'process' },
      context: { exposure: 'committed', tags: ['human-credential'] },
      remediationUrl: 'https://docs.github.com/en/apps',
    }),
    secretFinding(
      stripe,
      'sk_live_',
      {
        ruleId: 'stripe-live-key',
        file: 'src/<script>alert(1)</script>.ts',
        line: 12,
        column: 20,
        severity: 'high',
        score: 78,
        provider: 'stripe',
        type: 'live secret key',
        message: 'Stripe key "</td><img src=x onerror=alert(1)>" & more',
        binding: { tool: 'payments', agent: null, source: 'literal', scope: 'process' },
        frameworks: [ASI03, ASI02, NHI7, NHI9, L3, MANAGE24, CWE798],
        context: { exposure: 'committed', reuse: { count: 2, tools: ['payments', 'refunds'], locations: [] } },
      },
    ),
    secretFinding(
      aws,
      'ASIA',
      {
        ruleId: 'aws-sts-session',
        file: '=HYPERLINK("http://example.invalid")',
        line: 1,
        column: 1,
        severity: 'low',
        score: 15,
        provider: 'aws',
        type: 'STS session credentials',
        frameworks: [ASI03, L4],
      },
      { lifetime: { class: 'short-lived', ttlSeconds: 3600, expiresAt: null }, afterlife: { unbounded: false, seconds: 2700 } },
    ),
    secretFinding(hist, 'xoxb-', {
      ruleId: 'slack-bot-token',
      file: 'config/old,settings.yaml',
      line: 40,
      column: 3,
      severity: 'medium',
      score: 55,
      provider: 'slack',
      type: 'bot token',
      context: {
        exposure: 'history',
        commit: { id: 'a'.repeat(40), authorTime: '2026-01-02T03:04:05Z', count: 2, inWorkingTree: false },
      },
    }),
    {
      ruleId: 'ci-static-cloud-keys',
      kind: 'config',
      severity: 'high',
      score: 70,
      file: '.github/workflows/deploy.yml',
      line: 22,
      column: 9,
      message: 'Workflow passes static AWS keys from secrets.* instead of OIDC (role-to-assume).',
      factors: [{ name: 'exposure', effect: 30 }],
      frameworks: [ASI03, NHI6, NHI7, L4],
      remediation: 'Use aws-actions/configure-aws-credentials with role-to-assume and id-token: write.',
    },
    {
      ruleId: 'tool-process-scoped-credential',
      kind: 'binding',
      severity: 'info',
      score: 5,
      file: 'src/tools/search.ts',
      line: 8,
      column: 14,
      message: "Tool 'search' reads SEARCH_API_KEY at module scope; it is held for the process lifetime.",
      binding: { tool: 'search', agent: null, source: 'env', scope: 'process' },
      factors: [],
      frameworks: [ASI02, L3],
      remediation: 'Obtain the credential inside the tool call from a broker.',
    },
  ];
  for (let i = 0; i < extraFindings; i++) {
    const raw = 'ghp_' + randomValue(36);
    secrets.push(raw);
    findings.push(
      secretFinding(raw, 'ghp_', {
        file: `packages/pkg-${i}/.env`,
        line: (i % 50) + 1,
        severity: (['critical', 'high', 'medium', 'low', 'info'] as const)[i % 5]!,
        score: 100 - (i % 100),
        provider: 'github',
        type: 'classic personal access token',
      }),
    );
  }

  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'credlife', version: '0.1.0' },
    root: '/tmp/scan-root',
    taskWindowSeconds: 900,
    findings,
    bindings: [
      { file: 'agent/.env', line: 3, tool: 'github', agent: 'triage-bot', source: 'env', scope: 'process', credentialRef: 'GITHUB_TOKEN', fingerprint: findings[0]!.credential!.fingerprint },
      { file: 'src/tools/search.ts', line: 8, tool: 'search', agent: null, source: 'env', scope: 'process', credentialRef: 'SEARCH_API_KEY' },
      { file: 'src/tools/deploy.ts', line: 30, tool: 'deploy', agent: null, source: 'minted', scope: 'task', credentialRef: 'sts.assumeRole' },
      { file: 'mcp.json', line: 5, tool: '<b>evil</b>', agent: null, source: 'oauth', scope: 'task', credentialRef: null },
    ],
    summary: {
      filesScanned: 42,
      bytesScanned: 123456,
      durationMs: 321,
      bySeverity: { critical: 1, high: 2, medium: 1, low: 1, info: 1 },
      byLifetime: { static: 3, 'short-lived': 1 },
      gate: { failOn: 'high', maxAfterlifeSeconds: 3600, failed: true, failing: 3, reasons: ['3 finding(s) at or above high'] },
    },
    // The five article controls with every status, evidence for and against, hostile evidence text, and
    // framework mappings (one id, MAP 4.2, is absent from sampleCatalogs() so the fallback label shows).
    scorecard: [
      {
        control: 'per-task-issuance',
        title: 'Per-task issuance',
        status: 'partial',
        why: '2 of 4 tool bindings (50%) are task-scoped; process-scoped: github, search',
        evidence: [
          { file: 'agent/.env', line: 3, kind: 'against', detail: 'tool github holds a process-scoped credential (env GITHUB_TOKEN)' },
          { file: 'src/tools/deploy.ts', line: 30, kind: 'for', detail: 'tool deploy obtains its credential per task (minted sts.assumeRole)' },
          { file: 'src/tools/search.ts', line: 8, kind: 'against', detail: 'tool search holds a process-scoped credential (env SEARCH_API_KEY)' },
        ],
        next: 'Move the remaining tools to a per-call issuer. Still process-scoped: github, search.',
        frameworks: [
          { framework: 'owasp-asi-2026', id: 'ASI03' },
          { framework: 'owasp-asi-2026', id: 'ASI02' },
          { framework: 'owasp-nhi-2025', id: 'NHI7' },
          { framework: 'nist-ai-rmf', id: 'MANAGE 2.4' },
        ],
        metrics: { toolBindings: 4, taskScoped: 2, processScoped: 2, taskSharePercent: 50, evidenceFor: 1, evidenceAgainst: 2 },
      },
      {
        control: 'context-binding',
        title: 'Context binding',
        status: 'met',
        why: 'Remote MCP server on OAuth; mint call passes an audience.',
        evidence: [{ file: 'mcp.json', line: 5, kind: 'for', detail: 'remote MCP server "<b>evil</b>" uses OAuth | not a static header' }],
        next: 'Keep audiences narrow.',
        frameworks: [
          { framework: 'owasp-asi-2026', id: 'ASI07' },
          { framework: 'nist-ai-rmf', id: 'MAP 4.2' },
        ],
      },
      {
        control: 'short-ttl-revocation',
        title: 'Short TTL and revocation',
        status: 'missing',
        why: '3 of 4 credentials have an unbounded afterlife; no revocation found.',
        evidence: [{ file: 'src/<script>alert(1)</script>.ts', line: 12, kind: 'against', detail: 'static stripe key: afterlife unbounded `x` *y*' }],
        next: 'Replace static keys with short-lived tokens and revoke them when the task ends.',
        frameworks: [
          { framework: 'owasp-nhi-2025', id: 'NHI7' },
          { framework: 'owasp-nhi-2025', id: 'NHI1' },
          { framework: 'csa-maestro', id: 'L4' },
          { framework: 'nist-ai-rmf', id: 'MANAGE 2.4' },
          { framework: 'nist-ai-rmf', id: 'GOVERN 1.7' },
        ],
      },
      {
        control: 'tool-call-logging',
        title: 'Tool-call logging',
        status: 'unknown',
        why: 'No tracing or audit evidence either way.',
        evidence: [],
        next: 'Wrap tool calls in spans or audit logging.',
        frameworks: [{ framework: 'csa-maestro', id: 'L5' }],
      },
      {
        control: 'identity-separation',
        title: 'Identity separated from secrets',
        status: 'partial',
        why: 'CI uses OIDC; the agent still reads a raw token.',
        evidence: [
          { file: '.github/workflows/agent.yml', line: 9, kind: 'for', detail: 'OIDC federation (id-token: write, role-to-assume)' },
          { file: 'agent/.env', line: 3, kind: 'against', detail: 'agent process holds a raw github token' },
        ],
        next: 'Reach secrets through a broker or secret manager.',
        frameworks: [
          { framework: 'owasp-nhi-2025', id: 'NHI10' },
          { framework: 'csa-maestro', id: 'L7' },
        ],
      },
    ],
  };
  return { report, secrets };
}

/** A small fixed control catalog, so snapshots do not move when rules/frameworks/*.yaml is edited. */
export function sampleCatalogs(): FrameworkCatalog[] {
  const c = (id: string, title: string, assessed = true) => ({ id, title, assessed });
  return [
    { id: 'owasp-asi-2026', title: 'OWASP ASI (test catalog)', controls: [c('ASI01', 'Agent Goal Hijack', false), c('ASI02', 'Tool Misuse and Exploitation'), c('ASI03', 'Identity and Privilege Abuse'), c('ASI07', 'Insecure Inter-Agent Communication')] },
    { id: 'owasp-nhi-2025', title: 'OWASP NHI (test catalog)', controls: [c('NHI1', 'Improper Offboarding', false), c('NHI2', 'Secret Leakage'), c('NHI6', 'Insecure Cloud Deployment Configurations'), c('NHI7', 'Long-Lived Secrets'), c('NHI9', 'NHI Reuse'), c('NHI10', 'Human Use of NHI')] },
    { id: 'csa-maestro', title: 'CSA MAESTRO (test catalog)', controls: [c('L1', 'Foundation Models', false), c('L3', 'Agent Frameworks'), c('L4', 'Deployment and Infrastructure'), c('L7', 'Agent Ecosystem')] },
    { id: 'nist-ai-rmf', title: 'NIST AI RMF (test catalog)', controls: [c('GOVERN 1.7', 'Decommissioning safely'), c('MANAGE 2.4', 'Mechanisms to supersede, disengage or deactivate')] },
  ];
}
