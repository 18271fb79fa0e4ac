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

// Code, not values. Key-name rules (the generic rule, keyword-context provider rules) see every `key = x`
// and `key: x` in source code, where an unquoted right-hand side is an expression. What follows the value
// tells: a property access, call or index (`Uint8Array.from(`, `tokens_1[i]`), a ternary or type union
// (`x509Auth ? a : b`, `X509Credential | undefined`), a string-literal union (`"davinci-002" | "babbage-002"`).
const IDENT_PATH = /^[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)*$/;
/** After an unquoted value: member access, call, index, ternary, union/intersection, comparison, `in`, `as`. */
const CODE_AFTER_UNQUOTED = /^(?:\??\.[A-Za-z_$#]|\(|\[[\w$'"`]|\s*\)\s*[:;,{)=]|\s+(?:\?|:|\|\|?|&&?|\+|-|\*|in|instanceof|as|satisfies|===?|!==?|<=?|>=?)\s)/;
/** After a quoted value: a string-literal union, a method call on the literal, `in` / equality tests. */
const CODE_AFTER_QUOTED = /^(?:\s*\|\s*["'`]|\.[A-Za-z_$]\w*\s*\(?|\s+(?:in|===?|!==?)\s)/;
/** Unary operators and spreads in front of an identifier: `!isBearerToken`, `+obj.ratio`, `...rest`. */
/** A short plain name (`obj`, `cache`, `Math`): with a unary operator in front, a variable. */
const PLAIN_NAME = /^(?:[a-z]{1,12}|[A-Z][a-z]{1,12})$/;
const UNARY_PREFIX = /^(?:!{1,2}|\+|~|\.\.\.)(?=[A-Za-z_$])/;

/**
 * An identifier made of words: camelCase / PascalCase / snake_case parts, each a word with optional trailing
 * digits or an acronym (`x509Authentication`, `OAuth2Client`, `Uint8Array`, `_callApiKey`, `tokens_1`).
 * Random letters-and-digits values almost never split this way (a digit followed by a lowercase letter, or
 * many one- and two-letter parts); human passwords ending in a year or counter (`SummerTime2024`) are kept.
 */
export function isWordyIdentifier(value: string): boolean {
  if (!/^[A-Za-z_$][\w$]*$/.test(value) || !/[a-z]/.test(value)) return false;
  // A digit followed by a lowercase letter is not a word boundary (`a1b2`); a trailing year or counter is a
  // human password (`SummerTime2024`), and so is a year inside one (`BlueHorse2024Staple`).
  if (/[0-9][a-z]|[A-Za-z][0-9]{2,}$|[0-9]{4}/.test(value)) return false;
  const words: string[] = [];
  let acronyms = 0;
  let numbers = 0;
  for (const chunk of value.split(/[_$]+/)) {
    if (chunk === '') continue;
    const tokens = chunk.match(/[A-Z]+(?![a-z])[0-9]*|[A-Z]?[a-z]+[0-9]*|[0-9]+/g) ?? [];
    if (tokens.join('') !== chunk) return false;
    for (const t of tokens) {
      if (/^[0-9]+$/.test(t)) {
        numbers++;
        continue;
      }
      if (/^[A-Z]+[0-9]*$/.test(t)) {
        if (t.replace(/[0-9]/g, '').length > 4 || ++acronyms > 2) return false;
      } else words.push(t.replace(/[0-9]+$/, '').toLowerCase());
    }
  }
  // `_credential`, `$auth`: a private or generated name even when it is one word.
  if (words.length + acronyms + numbers < (/^[_$]/.test(value) ? 1 : 2)) return false;
  let letters = acronyms;
  let wordLetters = 0;
  let short = 0;
  for (const w of words) {
    letters += w.length;
    if (w.length < 3) short++;
    // Words have vowels and no long consonant clusters; random lowercase runs often have neither.
    else if (!/[aeiouy]/.test(w) || /[^aeiouy]{5}/.test(w)) return false;
    else wordLetters += w.length;
  }
  const vowels = words.join('').replace(/[^aeiouy]/g, '').length;
  return short <= 1 && words.some((w) => w.length >= 4) && wordLetters >= 0.6 * letters && vowels >= 0.3 * wordLetters;
}

/** Why a value in a key-name position is code rather than a value, or null. */
export function codeExpressionReason(value: string, ctx: ValueContext): string | null {
  const prev = ctx.line[ctx.offset - 1];
  const quoted = prev === '"' || prev === "'" || prev === '`';
  const after = ctx.line.slice(ctx.offset + value.length + (quoted ? 1 : 0));
  if (isWordyIdentifier(value)) return 'identifier made of words';
  if (quoted) return CODE_AFTER_QUOTED.test(after) ? 'string literal inside a code expression' : null;
  const core = value.replace(UNARY_PREFIX, '');
  if (core !== value && IDENT_PATH.test(core) && core.split(/\??\./).every((p) => PLAIN_NAME.test(p) || isWordyIdentifier(p))) {
    return 'unary operator on an identifier';
  }
  if (CODE_AFTER_UNQUOTED.test(after)) return 'code expression';
  return null;
}

/**
 * Why a value is a placeholder or a decoy, or null when it may be a secret.
 * `body` is the value without the rule's known prefix (so "ghp_" is not judged), `hashShapedOk` is set by
 * rules whose real secrets look like hashes (Datadog 40-hex keys), `keyed` by rules that need a key name
 * (generic, keyword-context provider rules): they also reject code expressions (codeExpressionReason).
 */
export function placeholderReason(
  value: string,
  ctx: ValueContext | undefined,
  opts: { prefix?: string; hashShapedOk?: boolean; keyed?: boolean } = {},
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
    if (opts.keyed) {
      const code = codeExpressionReason(value, ctx);
      if (code) return code;
    }
  }
  return null;
}

/**
 * A decoded claim (JWT `sub`) that marks the whole token as a documentation example: the jwt.io sample
 * (`"sub": "1234567890"`) is copied into countless READMEs and tests. Null when it may be real.
 */
export function exampleClaimReason(claim: string | undefined): string | null {
  if (claim === undefined) return null;
  if (SEQUENTIAL.test(claim)) return 'sequential example subject';
  if (PLACEHOLDER_WORDS.test(claim)) return 'placeholder subject';
  return null;
}

/** Config stopwords: a value containing one of them (case-insensitive) is not a secret. */
export function containsStopword(value: string, stopwords: readonly string[] | undefined): boolean {
  if (!stopwords || stopwords.length === 0) return false;
  const lower = value.toLowerCase();
  return stopwords.some((w) => w.length > 0 && lower.includes(w.toLowerCase()));
}
