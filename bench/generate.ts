// Deterministic benchmark corpora: a monorepo-shaped tree of TS/JS/Python code, JSON/YAML/TOML config,
// env files, lockfiles and minified bundles, with a known number of planted secrets and agent tool files.
// Fake tokens are built at run time (src/ruleset/token-templates.ts); nothing token-shaped is in this file.
import fs from 'node:fs';
import path from 'node:path';
import { fakeToken } from '../src/testing/fake-tokens.js';
import { prng } from '../src/ruleset/token-templates.js';

export const GENERATOR_VERSION = 3;

export interface CorpusInfo {
  dir: string;
  files: number;
  bytes: number;
  /** Planted secrets: file → fake-token kind. */
  planted: { file: string; kind: string }[];
  agentToolFiles: number;
}


const WORDS = (
  'account order user invoice payment shipment cache queue worker handler service client request response ' +
  'record batch stream buffer config option result error status value index table column event message ' +
  'report summary metric counter timer session profile search filter mapper reducer builder factory'
).split(' ');

const PLANT_KINDS = ['github-pat', 'openai', 'stripe-live', 'aws-access-key-id', 'anthropic', 'slack-bot', 'npm', 'google-api-key', 'huggingface', 'postgres-url'];

export function generateCorpus(dir: string, targetBytes: number, seed = 42): CorpusInfo {
  const marker = path.join(dir, '.corpus.json');
  if (fs.existsSync(marker)) {
    const info = JSON.parse(fs.readFileSync(marker, 'utf8')) as CorpusInfo & { version: number; target: number };
    if (info.version === GENERATOR_VERSION && info.target === targetBytes) return info;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const ident = () => pick(WORDS) + pick(WORDS).replace(/^./, (c) => c.toUpperCase()) + Math.floor(rand() * 1000);
  const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(rand() * 16)]).join('');
  const b64 = (n: number) =>
    Array.from({ length: n }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'[Math.floor(rand() * 64)]).join('');

  let bytes = 0;
  let files = 0;
  let agentToolFiles = 0;
  let plantSeq = 0;
  const planted: CorpusInfo['planted'] = [];
  const write = (rel: string, content: string) => {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
    bytes += Buffer.byteLength(content);
    files++;
  };

  const tsModule = () => {
    const parts: string[] = [`import { ${ident()} } from './${pick(WORDS)}.js';`, ''];
    const n = 8 + Math.floor(rand() * 20);
    for (let i = 0; i < n; i++) {
      const name = ident();
      parts.push(
        `export function ${name}(input: ${pick(['string', 'number', 'Record<string, unknown>'])}): string {`,
        `  const ${pick(WORDS)} = ${JSON.stringify(pick(WORDS) + ' ' + pick(WORDS))};`,
        `  if (!input) throw new Error('missing ${pick(WORDS)}');`,
        `  return \`\${${pick(WORDS)}}-\${String(input).slice(0, ${Math.floor(rand() * 40)})}\`;`,
        '}',
        '',
      );
    }
    return parts.join('\n');
  };
  const pyModule = () => {
    const parts = ['import os', 'import json', ''];
    for (let i = 0; i < 10 + Math.floor(rand() * 15); i++) {
      parts.push(`def ${pick(WORDS)}_${pick(WORDS)}_${i}(data):`, `    result = json.dumps({"${pick(WORDS)}": data})`, `    return result[:${Math.floor(rand() * 80)}]`, '');
    }
    return parts.join('\n');
  };
  const lockfile = () => {
    const pkgs: Record<string, unknown> = {};
    for (let i = 0; i < 200; i++) {
      const name = `${pick(WORDS)}-${pick(WORDS)}-${i}`;
      pkgs[`node_modules/${name}`] = {
        version: `${Math.floor(rand() * 9)}.${Math.floor(rand() * 20)}.${Math.floor(rand() * 30)}`,
        resolved: `https://registry.example.org/${name}/-/${name}.tgz`,
        integrity: `sha512-${b64(86)}==`,
      };
    }
    return JSON.stringify({ name: 'workspace', lockfileVersion: 3, packages: pkgs }, null, 2);
  };
  const minified = () => {
    const chunks: string[] = [];
    for (let i = 0; i < 2500; i++) chunks.push(`function ${ident()}(a,b){return a+b*${i}}var ${pick(WORDS)}${i}="${hex(16)}";`);
    return chunks.join('');
  };
  const yamlConfig = () =>
    Array.from({ length: 30 }, (_, i) => `${pick(WORDS)}_${i}:\n  enabled: ${rand() > 0.5}\n  retries: ${Math.floor(rand() * 5)}\n  name: ${pick(WORDS)}`).join('\n') + '\n';
  const tomlConfig = () => Array.from({ length: 20 }, (_, i) => `[${pick(WORDS)}_${i}]\nlimit = ${Math.floor(rand() * 100)}\nmode = "${pick(WORDS)}"\n`).join('\n');
  const markdown = () => Array.from({ length: 40 }, () => `${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)}.`).join('\n\n') + '\n';
  const agentTool = (n: number) =>
    [
      `import { tool } from 'ai';`,
      `import { z } from 'zod';`,
      `import OpenAI from 'openai';`,
      `const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });`,
      `export const ${pick(WORDS)}Tool${n} = tool({`,
      `  description: 'look up ${pick(WORDS)}',`,
      `  parameters: z.object({ q: z.string() }),`,
      `  execute: async ({ q }) => client.responses.create({ model: 'gpt-4.1', input: q }),`,
      `});`,
      '',
    ].join('\n');

  let pkg = 0;
  while (bytes < targetBytes) {
    const base = `packages/pkg-${pkg}`;
    for (let i = 0; i < 12; i++) write(`${base}/src/${pick(WORDS)}-${i}.ts`, tsModule());
    for (let i = 0; i < 3; i++) write(`${base}/py/${pick(WORDS)}_${i}.py`, pyModule());
    write(`${base}/config/app.yaml`, yamlConfig());
    write(`${base}/config/settings.toml`, tomlConfig());
    write(`${base}/package.json`, JSON.stringify({ name: `pkg-${pkg}`, version: '1.0.0', dependencies: { zod: '^3.0.0' } }, null, 2));
    write(`${base}/package-lock.json`, lockfile());
    write(`${base}/README.md`, markdown());
    if (pkg % 2 === 0) write(`${base}/dist-bundle/app.min.js`, minified());
    if (pkg % 3 === 0) {
      write(`${base}/src/agent/tools-${pkg}.ts`, agentTool(pkg));
      agentToolFiles++;
    }
    if (pkg % 2 === 1) {
      const kind = PLANT_KINDS[plantSeq % PLANT_KINDS.length]!;
      const value = fakeToken(kind, 1000 + plantSeq);
      plantSeq++;
      const rel = `${base}/.env`;
      write(rel, `# service config\nLOG_LEVEL=info\nSERVICE_SECRET=${value}\n`);
      planted.push({ file: rel, kind });
    }
    pkg++;
  }
  const info: CorpusInfo = { dir, files, bytes, planted, agentToolFiles };
  fs.writeFileSync(marker, JSON.stringify({ ...info, version: GENERATOR_VERSION, target: targetBytes }));
  return info;
}
