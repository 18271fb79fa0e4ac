// Placeholders and decoys: values in secret-shaped positions that are not secrets. Precision matters as
// much as recall, so every check here has a matching test on both sides (test/detect/placeholders.test.ts).

/** Where a candidate value sits: the (bounded) line around it and the value's offset in that line. */
export interface ValueContext {
  line: string;
  offset: number;
  /** The assigned key name, when known. */
  key?: string;
}

// References to a value held elsewhere: shell/compose/Actions/templating/env reads.
const REFERENCE = [
  /^\$\{/, // ${VAR}, ${{ secrets.X }}
  /^\$[A-Za-z_][A-Za-z0-9_]*$/, // $VAR
  /^\$\(/, // $(command)
  /\{\{.*\}\}|^\{\{|\}\}$/, // {{ var }}, Helm, Mustache, Jinja
  /^\{%|%\}$/,
  /^<[^<>]*>?$|^\[[^\]]*\]$/, // <token>, [your key]
  /^\{[\w:.-]*\}$/, // {placeholder} in templates and docs
  /^%[A-Za-z_][A-Za-z0-9_]*%$/, // %VAR%
  /^%\([A-Za-z_][A-Za-z0-9_]*\)s$/, // %(var)s
  /process\.env\b|import\.meta\.env\b|os\.environ|os\.getenv|getenv\(|System\.getenv|ENV\[|Deno\.env/,
  /^(?:env|secrets|vars|inputs|steps|needs|matrix|github)\.[A-Za-z_][\w.]*$/, // Actions contexts without ${{ }}
  /^(?:arn:aws:secretsmanager|projects\/[^/]+\/secrets\/|vault:|op:\/\/|sm:\/\/|azurekeyvault:|keyvault:)/i,
];

// Words that mark a value as a placeholder or a documented example (AWS docs keys contain "EXAMPLE").
const PLACEHOLDER_WORDS =
  /example|sample|dummy|fake|redacted|placeholder|insert|replace|changeme|change[_-]me|your[_-]?(?:own[_-]?)?(?:api[_-]?)?(?:key|token|secret|password|pass)|your[_-]|[_-]here$|my[_-]?(?:api[_-]?)?(?:key|token|secret|password)|x{4,}|\*{3,}|\.{3}|…|lorem|ipsum|foobar|not[_-]?a[_-]?real|notreal|do[_-]?not[_-]?use|todo|fixme|^none$|^null$|^nil$|^undefined$|^true$|^false$|^password$|^secret$|^token$/i;

const SEQUENTIAL = /0123456|1234567|2345678|3456789|abcdefg|bcdefgh|qwerty|asdfgh/i;

// Hash-shaped values that are not credentials: lockfile integrity, go.sum, UUIDs, commit/action SHAs.
const HASH_LIKE = [
  /^sha(?:1|224|256|384|512)-[A-Za-z0-9+/]+=*$/, // npm/yarn/pnpm integrity
  /^sha(?:1|256|512):[0-9a-f]{40,128}$/i, // docker digests
  /^h1:[A-Za-z0-9+/]+=*$/, // go.sum
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, // UUID
  /^[0-9a-f]{40}$/, // git commit SHA, pinned action SHA
  /^[0-9a-f]{64}$/, // sha256 digests (checksums files)
  /^[0-9a-f]{32}$/, // md5 checksums
];
const HASH_LINE = /"integrity"\s*:|\bintegrity[ =:]|resolved\b|\/go\.mod\s+h1:|\sh1:|\buses:\s*[\w.-]+\/[\w./-]+@|@sha256:|\bchecksum|\bsha(?:1|256|512)sum|\bdigest\b|\bcommit\b|\brevision\b|\bsha\b/i;

// Public material: not a secret.
const PUBLIC_VALUE = /^(?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-|sk-ssh-ed25519@|sk-ecdsa-sha2-)/;
const PUBLIC_LINE = /BEGIN (?:RSA |EC |DSA )?PUBLIC KEY|BEGIN CERTIFICATE|BEGIN PGP PUBLIC KEY|ssh-(?:rsa|ed25519) [A-Za-z0-9+/]{20,}/;
const PUBLIC_KEY_NAME = /public|publishable|pubkey|\bpub[_-]?key|_pub$|^pk$/i;

// Embedded data: data: URIs and base64 images.
const DATA_URI = /data:[\w.+-]+\/[\w.+-]+(?:;[\w=-]+)*;base64,/i;
const IMAGE_BASE64 = /^(?:iVBORw0KGgo|\/9j\/|R0lGOD|UklGR|PHN2Zy|Qk0)/;

function fewDistinctChars(value: string): boolean {
  const distinct = new Set(value).size;
  return distinct <= 3 || (value.length >= 20 && distinct <= 5);
}

function longRun(value: string): boolean {
  return /(.)\1{5,}/.test(value);
}

/**
 * Why a value is a placeholder or a decoy, or null when it may be a secret.
 * `body` is the value without the rule's known prefix (so "ghp_" is not judged), `hashShapedOk` is set by
 * rules whose real secrets look like hashes (Datadog 40-hex keys).
 */
export function placeholderReason(
  value: string,
  ctx: ValueContext | undefined,
  opts: { prefix?: string; hashShapedOk?: boolean } = {},
): string | null {
  const body = opts.prefix && value.startsWith(opts.prefix) ? value.slice(opts.prefix.length) : value;
  for (const re of REFERENCE) if (re.test(value)) return 'reference to a value held elsewhere';
  if (PLACEHOLDER_WORDS.test(body)) return 'placeholder or example word';
  if (fewDistinctChars(body) || longRun(body)) return 'repeated characters';
  if (SEQUENTIAL.test(body)) return 'sequential characters';
  if (PUBLIC_VALUE.test(value)) return 'public key';
  if (IMAGE_BASE64.test(value)) return 'base64 image';
  if (!opts.hashShapedOk) {
    for (const re of HASH_LIKE) if (re.test(value)) return 'hash, UUID or commit SHA';
  }
  if (ctx) {
    const before = ctx.line.slice(Math.max(0, ctx.offset - 200), ctx.offset);
    if (DATA_URI.test(before) || DATA_URI.test(value)) return 'data URI';
    if (PUBLIC_LINE.test(ctx.line)) return 'public key';
    if (!opts.hashShapedOk && /^[A-Za-z0-9+/=_-]+$/.test(value) && HASH_LINE.test(before)) {
      if (/^(?:sha\d+-|h1:)|^[0-9a-f]+$/i.test(value)) return 'hash';
    }
    if (ctx.key && PUBLIC_KEY_NAME.test(ctx.key)) return 'public or publishable key';
  }
  return null;
}

/** Config stopwords: a value containing one of them (case-insensitive) is not a secret. */
export function containsStopword(value: string, stopwords: readonly string[] | undefined): boolean {
  if (!stopwords || stopwords.length === 0) return false;
  const lower = value.toLowerCase();
  return stopwords.some((w) => w.length > 0 && lower.includes(w.toLowerCase()));
}
