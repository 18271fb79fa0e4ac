// A realistic multi-language agent repository, written at run time with fake tokens for every provider rule in
// rules/credentials, planted in varied real contexts, plus decoys that must never be reported. Returns the
// ground truth so recall tests and the benchmark can score a scan.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { expandTemplate } from './fake-tokens.js';
import { repoRoot } from './paths.js';

export interface PlantedSecret {
  /** Relative POSIX path from the tree root. */
  file: string;
  line: number;
  ruleId: string;
  provider: string;
  lifetime: string;
  /** Name of the context the secret was planted in (env, compose-list, mcp-json, …). */
  context: string;
}

export interface Decoy {
  file: string;
  line: number;
  what: string;
}

export interface AgentTree {
  root: string;
  planted: PlantedSecret[];
  decoys: Decoy[];
}

interface RuleInfo {
  id: string;
  provider: string;
  lifetime: string;
  envName: string;
  value: string;
  /** True when the token carries its own provider prefix (contexts without a key name still attribute it). */
  prefixed: boolean;
  /** Set for secrets that live in a file of their own (PEM, service-account JSON): the whole file text. */
  fileText?: string;
  fileLine?: number;
  /** The file name a credential-file rule needs (its examples' `file`). */
  fileName?: string;
  /** The rule needs a key name that names the provider (keyPattern): contexts without one cannot attribute it. */
  keyed: boolean;
}

/** Contexts whose value line holds no key name (the provider appears, if at all, in a server name above). */
const NO_KEY_CONTEXTS = new Set(['shell-curl', 'mcp-args', 'mcp-header']);

/** Provider rules (not the generic detector) with one fake value each, taken from the first match example. */
export function providerRules(seed = 1): RuleInfo[] {
  const dir = path.join(repoRoot(), 'rules', 'credentials');
  const out: RuleInfo[] = [];
  let n = 0;
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const doc = YAML.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as {
      provider?: string;
      rules?: Array<Record<string, unknown>>;
    };
    for (const r of doc.rules ?? []) {
      const provider = String(r.provider ?? doc.provider ?? '');
      if (!provider || provider === 'generic') continue;
      const examples = (r.examples as { match?: string[] } | undefined)?.match ?? [];
      let regex: RegExp;
      try {
        regex = new RegExp(String(r.regex ?? '(?<secret>\\S[\\s\\S]{0,63})'), String(r.flags ?? '').replace(/[^imsu]/g, '') + 'd');
      } catch {
        continue;
      }
      const fileName = (r.examples as { file?: string } | undefined)?.file;
      const keywords = (r.keywords as string[] | undefined) ?? [];
      const ignoreCase = r.keywordsIgnoreCase === true;
      const envNames0 = (r.envNames as string[] | undefined) ?? [];
      const envName0 = envNames0[0] ?? `${String(r.id).toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
      // A rule whose keywords cannot occur in "NAME=value" (Docker "auths", kubeconfig client-key-data) or that
      // is limited to files of a kind (paths) only fires inside its own structure: it gets a file of its own.
      const fires = (text: string) => keywords.some((k) => (ignoreCase ? text.toLowerCase().includes(k.toLowerCase()) : text.includes(k)));
      let value: string | undefined;
      let fileText: string | undefined;
      let fileLine: number | undefined;
      for (const ex of examples) {
        const text = expandTemplate(ex, seed + n++);
        const m = regex.exec(text);
        if (!m) continue;
        const secret = m.groups?.secret ?? m[0];
        if (/\s/.test(secret.trim()) || r.id === 'gcp-service-account-key' || r.paths || r.wholeFile || !fires(`${envName0}=${secret}`)) {
          // A multi-line or structured secret: it gets a file of its own, reported where the rule anchors it
          // (a PEM block's BEGIN line), else on the secret's first line; whole files on line 1.
          fileText = text;
          const at = r.wholeFile ? 0 : (m.indices?.groups?.anchor?.[0] ?? text.indexOf(secret));
          fileLine = text.slice(0, at).split('\n').length;
          value = secret;
          break;
        }
        // Plant the whole token (a connection string, not only its password) unless the match carries an env-style KEY= name.
        const whole = m[0];
        const v = !/[\s"'`]/.test(whole) && !/^[A-Z][A-Z0-9_]*\s*[=:]/.test(whole) ? whole : secret;
        if (v.length >= 8) {
          value = v;
          break;
        }
      }
      if (!value) continue;
      let lifetime = (r.lifetime as { class?: string } | undefined)?.class ?? 'unknown';
      if (provider === 'jwt') lifetime = jwtHasExp(value) ? 'short-lived' : lifetime;
      const envNames = (r.envNames as string[] | undefined) ?? [];
      const envName = envNames[0] ?? `${String(r.id).toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
      out.push({ id: String(r.id), provider, lifetime, envName, value, prefixed: Boolean(r.prefix), fileText, fileLine, keyed: Boolean(r.keyPattern), ...(fileName && fileText !== undefined ? { fileName } : {}) });
    }
  }
  return out;
}

function jwtHasExp(token: string): boolean {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number';
  } catch {
    return false;
  }
}

/** One planting context: how a KEY=value pair looks in a given kind of file. */
interface Context {
  name: string;
  file: string;
  header?: string[];
  /** Lines to append; `at` is the index of the line that holds the secret. */
  entry(key: string, value: string): { lines: string[]; at: number };
  footer?: string[];
}

const lowerKey = (k: string): string => k.toLowerCase();

const CONTEXTS: Context[] = [
  { name: 'env-plain', file: '.env', entry: (k, v) => ({ lines: [`${k}=${v}`], at: 0 }) },
  { name: 'env-quoted', file: '.env.local', entry: (k, v) => ({ lines: [`${k}="${v}"`], at: 0 }) },
  { name: 'env-export', file: '.envrc', entry: (k, v) => ({ lines: [`export ${k}=${v}`], at: 0 }) },
  { name: 'env-comment', file: '.env.production', entry: (k, v) => ({ lines: [`${k}=${v} # rotated monthly`], at: 0 }) },
  {
    name: 'compose-list',
    file: 'deploy/docker-compose.yml',
    header: ['services:', '  agent:', '    image: agent:latest', '    environment:'],
    entry: (k, v) => ({ lines: [`      - ${k}=${v}`], at: 0 }),
  },
  {
    name: 'compose-map',
    file: 'deploy/docker-compose.worker.yml',
    header: ['services:', '  worker:', '    image: worker:latest', '    environment:'],
    entry: (k, v) => ({ lines: [`      ${k}: "${v}"`], at: 0 }),
  },
  {
    name: 'k8s-secret',
    file: 'k8s/secret.yaml',
    header: ['apiVersion: v1', 'kind: Secret', 'metadata:', '  name: agent-secrets', 'type: Opaque', 'stringData:'],
    entry: (k, v) => ({ lines: [`  ${k}: ${v}`], at: 0 }),
  },
  {
    name: 'gha-env',
    file: '.github/workflows/agent.yml',
    header: ['name: agent', 'on: [push]', 'jobs:', '  run:', '    runs-on: ubuntu-latest', '    env:'],
    entry: (k, v) => ({ lines: [`      ${k}: ${v}`], at: 0 }),
    footer: ['    steps:', '      - uses: actions/checkout@v4', '      - run: npm start'],
  },
  {
    name: 'mcp-env',
    file: '.mcp.json',
    header: ['{', '  "mcpServers": {'],
    entry: (k, v) => ({
      lines: [
        `    "srv-${lowerKey(k).replace(/_/g, '-')}": {`,
        '      "command": "npx",',
        '      "args": ["-y", "some-mcp-server"],',
        `      "env": { "${k}": "${v}" }`,
        '    },',
      ],
      at: 3,
    }),
    footer: ['    "last": { "command": "true" }', '  }', '}'],
  },
  {
    name: 'mcp-args',
    file: '.cursor/mcp.json',
    header: ['{', '  "mcpServers": {'],
    entry: (k, v) => ({
      lines: [
        `    "srv-${lowerKey(k).replace(/_/g, '-')}": {`,
        '      "command": "npx",',
        `      "args": ["-y", "some-mcp-server", "--api-key=${v}"]`,
        '    },',
      ],
      at: 2,
    }),
    footer: ['    "last": { "command": "true" }', '  }', '}'],
  },
  {
    name: 'mcp-header',
    file: '.vscode/mcp.json',
    header: ['{', '  "servers": {'],
    entry: (k, v) => ({
      lines: [
        `    "srv-${lowerKey(k).replace(/_/g, '-')}": {`,
        '      "type": "http",',
        '      "url": "https://mcp.example.com/mcp",',
        `      "headers": { "Authorization": "Bearer ${v}" }`,
        '    },',
      ],
      at: 3,
    }),
    footer: ['    "last": { "type": "http", "url": "https://mcp.example.com/x" }', '  }', '}'],
  },
  {
    name: 'ts-client',
    file: 'src/tools/clients.ts',
    entry: (k, v) => ({
      lines: [`export const ${camel(k)} = new Client({ apiKey: '${v}' });`],
      at: 0,
    }),
  },
  {
    name: 'ts-object',
    file: 'src/config.ts',
    header: ['export const config = {'],
    entry: (k, v) => ({ lines: [`  ${camel(k)}: "${v}",`], at: 0 }),
    footer: ['};'],
  },
  {
    name: 'ts-header-template',
    file: 'src/tools/http.ts',
    entry: (k, v) => ({
      lines: [`export const ${camel(k)}Headers = { Authorization: \`Bearer ${v}\` };`],
      at: 0,
    }),
  },
  { name: 'py-kwarg', file: 'agent/clients.py', entry: (k, v) => ({ lines: [`${lowerKey(k)} = make_client(api_key="${v}")`], at: 0 }) },
  { name: 'py-environ', file: 'agent/settings.py', header: ['import os'], entry: (k, v) => ({ lines: [`os.environ["${k}"] = "${v}"`], at: 0 }) },
  { name: 'yaml-config', file: 'config/agent.yaml', header: ['agent:', '  credentials:'], entry: (k, v) => ({ lines: [`    ${lowerKey(k)}: "${v}"`], at: 0 }) },
  { name: 'toml-config', file: 'config/agent.toml', header: ['[credentials]'], entry: (k, v) => ({ lines: [`${lowerKey(k)} = "${v}"`], at: 0 }) },
  { name: 'ini-config', file: 'config/agent.ini', header: ['[credentials]'], entry: (k, v) => ({ lines: [`${lowerKey(k)} = ${v}`], at: 0 }) },
  { name: 'shell-export', file: 'scripts/setup.sh', header: ['#!/usr/bin/env bash', 'set -euo pipefail'], entry: (k, v) => ({ lines: [`export ${k}="${v}"`], at: 0 }) },
  {
    name: 'shell-curl',
    file: 'scripts/call.sh',
    header: ['#!/usr/bin/env bash'],
    entry: (_k, v) => ({ lines: [`curl -s -H "Authorization: Bearer ${v}" https://api.example.com/v1/ping`], at: 0 }),
  },
  { name: 'dockerfile-env', file: 'Dockerfile', header: ['FROM node:20-slim', 'WORKDIR /app'], entry: (k, v) => ({ lines: [`ENV ${k}=${v}`], at: 0 }), footer: ['CMD ["node", "index.js"]'] },
  {
    name: 'notebook',
    file: 'notebooks/explore.ipynb',
    header: ['{', ' "cells": ['],
    entry: (k, v) => ({
      lines: [
        '  {',
        '   "cell_type": "code",',
        '   "metadata": {},',
        '   "source": [',
        `    "${k} = \\"${v}\\"\\n",`,
        '    "print(1)"',
        '   ]',
        '  },',
      ],
      at: 4,
    }),
    footer: ['  { "cell_type": "markdown", "metadata": {}, "source": ["done"] }', ' ],', ' "metadata": {},', ' "nbformat": 4,', ' "nbformat_minor": 5', '}'],
  },
];

function camel(key: string): string {
  return key.toLowerCase().replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** Decoys: none of these may be reported. Documented example keys are assembled from parts. */
function decoyEntries(): Array<{ file: string; lines: string[]; what: string }> {
  const akiaExample = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('');
  const sha = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3';
  const shaPin = 'b4ffde65f46336ab88eb53be808477a3936bae11';
  return [
    { file: '.env.example', lines: ['OPENAI_API_KEY=sk-your-key-here'], what: 'your-key-here' },
    { file: '.env.example', lines: ['ANTHROPIC_API_KEY=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'], what: 'xxxx' },
    { file: '.env.example', lines: ['GITHUB_TOKEN=<token>'], what: '<token>' },
    { file: '.env.example', lines: ['DATABASE_PASSWORD=changeme'], what: 'changeme' },
    { file: '.env.example', lines: ['SLACK_BOT_TOKEN=${SLACK_BOT_TOKEN}'], what: '${VAR}' },
    { file: '.github/workflows/release.yml', lines: ['name: release', 'on: [push]', 'jobs:', '  r:', '    runs-on: ubuntu-latest', '    env:', '      NPM_TOKEN: ${{ secrets.NPM_TOKEN }}', '    steps:', `      - uses: actions/checkout@${shaPin}`], what: '${{ secrets }} / pinned sha' },
    { file: 'src/env.ts', lines: ['export const key = process.env.OPENAI_API_KEY;', 'export const gh = process.env["GITHUB_TOKEN"] ?? "";'], what: 'process.env' },
    { file: 'agent/env.py', lines: ['import os', 'API_KEY = os.environ["OPENAI_API_KEY"]', 'TOKEN = os.environ.get("GITHUB_TOKEN")'], what: 'os.environ' },
    { file: 'docs/aws.md', lines: ['Example: `AWS_ACCESS_KEY_ID=' + akiaExample + '`'], what: 'documented example key' },
    { file: 'package-lock.json', lines: ['{', '  "packages": {', '    "node_modules/x": {', '      "integrity": "sha512-' + 'z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg=="', '    }', '  }', '}'], what: 'lockfile integrity' },
    { file: 'go.sum', lines: ['github.com/pkg/errors v0.9.1 h1:' + 'FEBLx1zS214owpjy7qsBeixbURkuhQAwrK5UwLGTwt4=', 'github.com/pkg/errors v0.9.1/go.mod h1:' + 'bwawxfHBFNV+L2hUp1rHADufV3IMtnDRdf1r5NINEl0='], what: 'go.sum' },
    { file: 'config/ids.yaml', lines: ['request_id: 3f2b8c1e-9d4a-4e7b-8a6f-1c2d3e4f5a6b', `commit: ${sha}`], what: 'uuid / commit sha' },
    { file: 'keys/deploy.pub', lines: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH' + 'k9yZ2xv0m4Qe8b7Ew2r5T1uXcVq3dJfL6pN0aM8sBt deploy@agent'], what: 'public key' },
    { file: 'web/logo.css', lines: ['.logo { background: url(data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk' + 'YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==); }'], what: 'base64 image' },
  ];
}

/**
 * Write the tree into `dir` (created if missing). Each provider rule's fake value is planted in
 * `perRule` contexts, rotating through the context list with `seed`.
 */
export function buildAgentTree(dir: string, seed = 1, perRule = 3): AgentTree {
  const rules = providerRules(seed);
  const buffers = new Map<string, string[]>();
  const planted: PlantedSecret[] = [];
  const decoys: Decoy[] = [];
  const open = (ctx: Context): string[] => {
    let buf = buffers.get(ctx.file);
    if (!buf) {
      buf = [...(ctx.header ?? [])];
      buffers.set(ctx.file, buf);
    }
    return buf;
  };
  let slot = seed;
  rules.forEach((rule) => {
    if (rule.fileText !== undefined) {
      const file = rule.fileName ?? (rule.id === 'gcp-service-account-key' ? `secrets/${rule.id}.json` : `secrets/${rule.id}.pem`);
      buffers.set(file, rule.fileText.replace(/\n$/, '').split('\n'));
      planted.push({ file, line: rule.fileLine ?? 1, ruleId: rule.id, provider: rule.provider, lifetime: rule.lifetime, context: 'key-file' });
      return;
    }
    for (let k = 0; k < perRule; k++) {
      let ctx = CONTEXTS[slot++ % CONTEXTS.length]!;
      // Without a key name, only a prefixed token can be attributed to its provider: a curl header, an MCP
      // server's args or headers carry no key naming the provider on the value's line.
      while ((ctx.name === 'shell-curl' && !rule.prefixed) || (rule.keyed && NO_KEY_CONTEXTS.has(ctx.name))) ctx = CONTEXTS[slot++ % CONTEXTS.length]!;
      const buf = open(ctx);
      const { lines, at } = ctx.entry(rule.envName, rule.value);
      planted.push({ file: ctx.file, line: buf.length + at + 1, ruleId: rule.id, provider: rule.provider, lifetime: rule.lifetime, context: ctx.name });
      buf.push(...lines);
    }
  });
  for (const ctx of CONTEXTS) if (buffers.has(ctx.file)) buffers.get(ctx.file)!.push(...(ctx.footer ?? []));
  for (const d of decoyEntries()) {
    const buf = buffers.get(d.file) ?? [];
    buffers.set(d.file, buf);
    d.lines.forEach((_l, j) => decoys.push({ file: d.file, line: buf.length + j + 1, what: d.what }));
    buf.push(...d.lines);
  }
  for (const [file, lines] of buffers) {
    const full = path.join(dir, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, lines.join('\n') + '\n');
  }
  return { root: dir, planted, decoys };
}
