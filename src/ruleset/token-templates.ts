// Token templates: fake credentials built at run time, so that no token-shaped literal ever sits in the
// repository or the package. `credlife demo` expands its templates with them; tests and benchmarks use them
// for fixtures (through src/testing/fake-tokens.ts).
//
// Templates are plain text with placeholders in single braces:
//   {base62:N} {hex:N} {HEX:N} {alnum:N} (a-z0-9) {upper:N} {lower:N} {alpha:N} (A-Za-z) {digits:N}
//   {b32:N} ([A-Z2-7]) {base64:N} ({A-Za-z0-9+/}) {base64url:N} ({A-Za-z0-9_-}) {BECH32:N} (age, bech32)
//   {lit:TEXT}      literal text; used to split prefixes ("{lit:gh}{lit:p_}") so files hold no token shape
//   {repeat:C:N}    C repeated N times
//   {crc32}         6-char base62 CRC32 of the text produced by the immediately preceding placeholder,
//                   left-padded with "0" — the checksum GitHub (ghp_, gho_, ghs_…) and npm (npm_) tokens carry
//   {jwt:JSON}      header.payload.signature JWT; payload string values like "+3600" / "-60" become
//                   numbers relative to now (seconds)
//   {tok:KIND}      fakeToken(KIND)
//   {b64enc:TPL}    base64 of the expansion of TPL (Docker "auths" entries, HTTP Basic credentials)
// Anything else in braces (JSON, ${VAR}, {{ }}) is copied unchanged.
// Output is deterministic for a given seed (except {jwt:…} times, which are relative to now).
import { crc32 } from './crc32.js';

/** Standard CRC-32 (IEEE), shared with the checksum verifier (test/detect/units.test.ts pins known values). */
export { crc32 };

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ALPHABETS: Record<string, string> = {
  base62: BASE62,
  hex: '0123456789abcdef',
  HEX: '0123456789ABCDEF',
  alnum: 'abcdefghijklmnopqrstuvwxyz0123456789',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  lower: 'abcdefghijklmnopqrstuvwxyz',
  alpha: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  digits: '0123456789',
  b32: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
  base64: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
  base64url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
  BECH32: 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L',
};
const PLACEHOLDER_NAMES = new Set([...Object.keys(ALPHABETS), 'lit', 'repeat', 'crc32', 'jwt', 'tok', 'b64enc']);

/** mulberry32: tiny, fast, seeded; good enough for fake data and generated corpora, not for anything secret. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}


/** Base62 (0-9A-Za-z) of `n`, left-padded with "0" to `width`. */
export function base62(n: number, width = 6): string {
  let out = '';
  let v = n;
  do {
    out = BASE62[v % 62] + out;
    v = Math.floor(v / 62);
  } while (v > 0);
  return out.padStart(width, '0');
}

/** The 6-character checksum GitHub and npm append to their tokens: base62(crc32(random part)). */
export function tokenChecksum(randomPart: string): string {
  return base62(crc32(randomPart), 6);
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** Find the index of the `}` closing the placeholder whose argument starts at `from` (braces nest). */
function closingBrace(template: string, from: number): number {
  let depth = 0;
  for (let i = from; i < template.length; i++) {
    const ch = template[i];
    if (ch === '{') depth++;
    else if (ch === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

function fakeJwt(json: string, random: () => number): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = JSON.parse(json) as Record<string, unknown>;
  for (const [k, v] of Object.entries(payload)) {
    if (typeof v === 'string' && /^[+-]\d+$/.test(v)) payload[k] = now + Number(v);
  }
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = base64url(JSON.stringify(payload));
  return `${header}.${body}.${randomString(ALPHABETS.base64url!, 43, random)}`;
}

function randomString(alphabet: string, n: number, random: () => number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

function expandWith(template: string, random: () => number, seed: number): string {
  let out = '';
  let previous = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, open);
    const head = /^\{([A-Za-z0-9]+)([:}])/.exec(template.slice(open, open + 20));
    if (!head || !PLACEHOLDER_NAMES.has(head[1]!)) {
      out += '{';
      i = open + 1;
      continue;
    }
    const name = head[1]!;
    let arg = '';
    let end: number;
    if (head[2] === '}') {
      end = open + head[0].length;
    } else {
      const argStart = open + head[0].length;
      const close = closingBrace(template, argStart);
      if (close < 0) throw new Error(`token-templates: unclosed placeholder {${name}: in template`);
      arg = template.slice(argStart, close);
      end = close + 1;
    }
    let produced: string;
    if (name in ALPHABETS) {
      const n = Number(arg);
      if (!Number.isInteger(n) || n < 0) throw new Error(`token-templates: bad length in {${name}:${arg}}`);
      produced = randomString(ALPHABETS[name]!, n, random);
    } else if (name === 'lit') {
      produced = arg;
    } else if (name === 'repeat') {
      const sep = arg.lastIndexOf(':');
      const n = Number(arg.slice(sep + 1));
      if (sep < 0 || !Number.isInteger(n) || n < 0) throw new Error(`token-templates: bad {repeat:${arg}}`);
      produced = arg.slice(0, sep).repeat(n);
    } else if (name === 'crc32') {
      produced = tokenChecksum(previous);
    } else if (name === 'b64enc') {
      produced = Buffer.from(expandWith(arg, random, seed), 'utf8').toString('base64');
    } else if (name === 'jwt') {
      produced = fakeJwt(arg, random);
    } else {
      produced = fakeToken(arg, seed + Math.floor(random() * 1e6));
    }
    out += produced;
    previous = produced;
    i = end;
  }
  return out;
}

/** Expand a template (see the header comment). Deterministic for a given seed. */
export function expandTemplate(template: string, seed = 1): string {
  return expandWith(template, prng(seed), seed);
}

// Prefixes are split with {lit:} pieces so this file itself holds no token-shaped literal.
const KINDS: Record<string, string> = {
  'github-pat': '{lit:gh}{lit:p_}{base62:30}{crc32}',
  'github-oauth': '{lit:gh}{lit:o_}{base62:30}{crc32}',
  'github-user-to-server': '{lit:gh}{lit:u_}{base62:30}{crc32}',
  'github-app-installation': '{lit:gh}{lit:s_}{base62:30}{crc32}',
  'github-refresh': '{lit:gh}{lit:r_}{base62:30}{crc32}',
  'github-fine-grained': '{lit:github}{lit:_pat_}{base62:22}{lit:_}{base62:59}',
  'gitlab-pat': '{lit:glpat}{lit:-}{base62:20}',
  'aws-access-key-id': '{lit:AK}{lit:IA}{b32:16}',
  'aws-sts-key-id': '{lit:AS}{lit:IA}{b32:16}',
  'aws-secret-access-key': '{base64:40}',
  openai: '{lit:sk-}{lit:proj-}{base64url:74}{lit:T3Blbk}{lit:FJ}{base64url:74}',
  'openai-admin': '{lit:sk-}{lit:admin-}{base64url:58}{lit:T3Blbk}{lit:FJ}{base64url:58}',
  anthropic: '{lit:sk-}{lit:ant-api03-}{base64url:93}{lit:AA}',
  'anthropic-admin': '{lit:sk-}{lit:ant-admin01-}{base64url:93}{lit:AA}',
  'stripe-live': '{lit:sk_}{lit:live_}{base62:24}',
  'stripe-restricted': '{lit:rk_}{lit:live_}{base62:24}',
  'stripe-test': '{lit:sk_}{lit:test_}{base62:24}',
  'stripe-webhook-secret': '{lit:whsec}{lit:_}{base62:32}',
  'slack-bot': '{lit:xo}{lit:xb-}{digits:11}{lit:-}{digits:13}{lit:-}{base62:24}',
  'slack-user': '{lit:xo}{lit:xp-}{digits:11}{lit:-}{digits:11}{lit:-}{digits:13}{lit:-}{hex:32}',
  'slack-webhook':
    '{lit:https://hooks.}{lit:slack.com/services/}{lit:T}{upper:8}{lit:/B}{upper:8}{lit:/}{base62:24}',
  huggingface: '{lit:h}{lit:f_}{alpha:34}',
  npm: '{lit:np}{lit:m_}{base62:30}{crc32}',
  'google-api-key': '{lit:AI}{lit:za}{base64url:35}',
  'gcp-access-token': '{lit:ya}{lit:29.}{base64url:120}',
  'vault-service-token': '{lit:hv}{lit:s.}{lit:CAESI}{base64url:86}',
  'jwt-short': '{jwt:{"sub":"agent-task","iss":"https://issuer.example","aud":"api","iat":"+0","exp":"+300"}}',
  'jwt-expired': '{jwt:{"sub":"agent-task","aud":"api","iat":"-7200","exp":"-3600"}}',
  'jwt-noexp': '{jwt:{"sub":"service-account","aud":"api","iat":"-60"}}',
  'private-key-pem':
    '{lit:-----BEGIN }{lit:RSA PRIVATE}{lit: KEY-----}\n{lit:MIIE}{base64:60}\n{base64:64}\n{base64:64}\n{base64:64}\n{base64:40}{lit:==}\n{lit:-----END }{lit:RSA PRIVATE}{lit: KEY-----}',
  'postgres-url': '{lit:postgres}{lit:://app_user:}{base62:20}{lit:@db.internal:5432/app}',
  'generic-password': '{base62:10}{lit:!}{base62:4}{lit:#}{base62:6}',
};

/** Names accepted by fakeToken. */
export const FAKE_TOKEN_KINDS: readonly string[] = Object.keys(KINDS);

/** A fake token of a named kind (see FAKE_TOKEN_KINDS). Deterministic for a given seed. */
export function fakeToken(kind: string, seed = 1): string {
  const template = KINDS[kind];
  if (template === undefined) throw new Error(`token-templates: unknown kind "${kind}"`);
  return expandTemplate(template, seed);
}

function seedFor(name: string, base: number): number {
  return (crc32(name) ^ base) >>> 0;
}

/**
 * Expand fixture text: `{{KIND}}` → fakeToken(KIND) (the same kind gives the same value within one text;
 * `{{KIND#2}}` gives a second, different value), `{{tpl:TEMPLATE}}` → expandTemplate(TEMPLATE).
 * Other `{{ … }}` (GitHub Actions expressions, Mustache) are left alone.
 */
export function expandFixtureText(text: string, seed = 1): string {
  let out = '';
  let i = 0;
  let n = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open < 0) break;
    out += text.slice(i, open);
    if (text.startsWith('{{tpl:', open)) {
      const close = closingBrace(text, open + 6);
      if (close >= 0 && text[close + 1] === '}') {
        out += expandTemplate(text.slice(open + 6, close), seed + 7919 * ++n);
        i = close + 2;
        continue;
      }
    }
    const kind = /^\{\{([a-z0-9-]+)(?:#(\d+))?\}\}/.exec(text.slice(open, open + 80));
    if (kind && kind[1]! in KINDS) {
      out += fakeToken(kind[1]!, seedFor(`${kind[1]}#${kind[2] ?? ''}`, seed));
      i = open + kind[0].length;
      continue;
    }
    out += '{{';
    i = open + 2;
  }
  return out + text.slice(i);
}
