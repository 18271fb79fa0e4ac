// Throughput of detectSecrets on generated mixed text (code, config, prose, base64, minified-ish lines,
// a sprinkling of fake secrets). Run: node dist/bench/detect-throughput.js [megabytes]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectSecrets, loadCredentialRules } from '../src/detect/index.js';
import { rulesDir } from '../src/ruleset/paths.js';
import { expandTemplate, fakeToken, FAKE_TOKEN_KINDS } from '../src/testing/fake-tokens.js';
import type { FileContext } from '../src/model/records.js';
import { makeLineIndex } from '../src/sources/read.js';

const LINES = [
  'import { createClient } from "@acme/sdk";',
  'const token = await getAccessToken(request.headers.authorization);',
  'export async function handler(event: APIGatewayProxyEvent): Promise<Result> {',
  '  if (!apiKey) throw new Error("missing api key: set OPENAI_API_KEY");',
  'password: ${DB_PASSWORD}',
  '      - uses: actions/checkout@{hex:40}',
  '"integrity": "sha512-{base64:86}==",',
  'The quick brown fox jumps over the lazy dog; tokens, secrets and passwords are discussed here.',
  'max_tokens: 4096',
  'data:image/png;base64,{base64:300}',
  'SELECT id, name, token_hash FROM sessions WHERE user_id = $1 AND expires_at > now();',
  '{"key": "{hex:8}-{hex:4}-{hex:4}-{hex:4}-{hex:12}", "value": {digits:6}, "auth": false}',
  'def refresh(self, token: str) -> None:  # refresh the secret store',
  'var a=function(e,t){return e.token=t.secret||null,e.auth=e.password?1:0},b={base62:120};',
  'https://example.com/api/v1/resources?page=2&limit=50',
];

export function generateMixedText(bytes: number, secretEvery = 400): string {
  const parts: string[] = [];
  let size = 0;
  let i = 0;
  const kinds = FAKE_TOKEN_KINDS.filter((k) => !k.startsWith('private-key'));
  while (size < bytes) {
    let line = expandTemplate(LINES[i % LINES.length]!, i % 97);
    if (i % secretEvery === secretEvery - 1) {
      const kind = kinds[(i / secretEvery) % kinds.length | 0]!;
      line = `SECRET_${i % 7}=${fakeToken(kind, (i % 5) + 1)}`;
    }
    parts.push(line);
    size += line.length + 1;
    i++;
  }
  return parts.join('\n');
}


export interface BenchResult {
  mb: number;
  /** First pass: includes one scrypt fingerprint per distinct secret. */
  coldMs: number;
  /** Second pass over the same text: fingerprints cached, so this is the scanning cost. */
  ms: number;
  /** CPU time of the second pass (less sensitive to a busy machine than wall time). */
  cpuMs: number;
  mbPerCpuSec: number;
  mbPerSec: number;
  detections: number;
}

export function runBenchmark(megabytes: number): BenchResult {
  const rules = loadCredentialRules([rulesDir('credentials')]);
  const text = generateMixedText(megabytes * 1024 * 1024);
  const ctx: FileContext = { file: 'bench.txt', text, lineAt: makeLineIndex(text), exposure: 'file' };
  const opts = { fingerprintKey: 'bench' };
  // Scan in 1 MB "files" so the per-file detection cap does not hide work.
  const pass = (): { ms: number; cpuMs: number; detections: number } => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    let detections = 0;
    const chunk = 1024 * 1024;
    for (let off = 0; off < text.length; off += chunk) {
      const part = text.slice(off, off + chunk);
      detections += detectSecrets({ ...ctx, text: part, lineAt: makeLineIndex(part) }, rules, opts).length;
    }
    const c = process.cpuUsage(c0);
    return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, detections };
  };
  const cold = pass();
  const warm = pass();
  const mb = text.length / (1024 * 1024);
  return { mb, coldMs: cold.ms, ms: warm.ms, cpuMs: warm.cpuMs, mbPerSec: mb / (warm.ms / 1000), mbPerCpuSec: mb / (warm.cpuMs / 1000), detections: warm.detections };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const mb = Number(process.argv[2] ?? 50);
  const r = runBenchmark(mb);
  console.log(
    `${r.mb.toFixed(1)} MB: ${(r.ms / 1000).toFixed(2)} s = ${r.mbPerSec.toFixed(1)} MB/s scanning (fingerprints cached; ${r.mbPerCpuSec.toFixed(1)} MB per CPU-second); ` +
      `first pass with fingerprinting ${(r.coldMs / 1000).toFixed(2)} s; ${r.detections} detections`,
  );
}
