// Placeholders and decoys: values in secret-shaped positions that are not secrets. Precision matters as
// much as recall, so every check here has a matching test on both sides (test/detect/placeholders.test.ts).

/** Where a candidate value sits: the (bounded) line around it and the value's offset in that line. */
export interface ValueContext {
  line: string;
  offset: number;
  /** The assigned key name, when known. */
  key?: string;
  /** The file's path (relative, POSIX), when known: decides how `$name` and `!` read. */
  file?: string;
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
  /^\{[A-Za-z_][\w.]*(?:\[[\w'"]*\])*(?:![rsa])?(?::[^{}]*)?\}$/, // {sentinels[3]}, {cfg.value!r}: format fields
  /^%[A-Za-z_][A-Za-z0-9_]*%$/, // %VAR%
  /^%\([A-Za-z_][A-Za-z0-9_]*\)s$/, // %(var)s
  /process\.env\b|import\.meta\.env\b|os\.environ|os\.getenv|getenv\(|System\.getenv|ENV\[|Deno\.env/,
  /^(?:env|secrets|vars|inputs|steps|needs|matrix|github)\.[A-Za-z_][\w.]*$/, // Actions contexts without ${{ }}
  /^(?:arn:aws:secretsmanager|projects\/[^/]+\/secrets\/|vault:|op:\/\/|sm:\/\/|azurekeyvault:|keyvault:)/i,
];

// Words that mark a value as a placeholder or a documented example (AWS docs keys contain "EXAMPLE").
const PLACEHOLDER_WORDS =
  /example|sample|dummy|fake|redacted|placeholder|insert|replace|changeme|change[_-]me|your[_-]?(?:own[_-]?)?(?:api[_-]?)?(?:key|token|secret|password|pass)|your[_-]|[_-]here$|my[_-]?(?:api[_-]?)?(?:key|token|secret|password)|x{4,}|\*{3,}|\.{3}|…|lorem|ipsum|foobar|not[_-]?a[_-]?real|notreal|do[_-]?not[_-]?use|todo|fixme|^none$|^null$|^nil$|^undefined$|^true$|^false$|^password$|^secret$|^token$/i;

/** Text before a value that makes it the word part of `${NAME:?word}` (shell and compose parameter expansion). */
const PARAMETER_EXPANSION_KEY = /\$\{[A-Za-z_][A-Za-z0-9_]*:$/;

/** A version (`5.0.0-beta.25`, `^1.2.3`, `v2.10.0+build.7`): a dependency such as "next-auth" names a package, not a secret. */
const VERSION = /^[~^=v]?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

const SEQUENTIAL = /0123456|1234567|2345678|3456789|abcdefg|bcdefgh|qwerty|asdfgh/i;

/**
 * Runs of 4+ ascending characters (abcd, 0123) covering most of a value: `abcdef012345`, `abc123def456` padded
 * examples. Random tokens almost never hold one such run, let alone mostly consist of them.
 */
export function mostlyAscendingRuns(value: string): boolean {
  if (value.length < 8 || value.length > 128) return false;
  let covered = 0;
  let run = 1;
  for (let i = 1; i <= value.length; i++) {
    if (i < value.length && value.charCodeAt(i) === value.charCodeAt(i - 1) + 1) {
      run++;
      continue;
    }
    if (run >= 4) covered += run;
    run = 1;
  }
  return covered >= value.length * 0.7;
}

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
const PLAIN_HEX = /^[0-9a-f]+$/i;
const HASH_LINE = /"integrity"\s*:|\bintegrity[ =:]|resolved\b|\/go\.mod\s+h1:|\sh1:|\buses:\s*[\w.-]+\/[\w./-]+@|@sha256:|\bchecksum|\bsha(?:1|256|512)sum|\bdigest\b|\bcommit\b|\brevision\b|\brev\b|\betag\b|\bsha\b/i;

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
/** A constant's name: API_KEY, OPENAI_API_KEY, ENV. */
const CONSTANT_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$|^[A-Z]{2,12}$/;
const UNARY_PREFIX = /^(?:!{1,2}|\+\+|--|\+|~|\.\.\.)(?=[A-Za-z_$])/;

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
  if (!quoted && nonNullAssertion(value, ctx.file)) return 'non-null assertion';
  if (quoted) return CODE_AFTER_QUOTED.test(after) ? 'string literal inside a code expression' : null;
  const core = value.replace(UNARY_PREFIX, '');
  // In code, `!!env.API_KEY` is a test of a constant too (in a config file a value like that is written down).
  const constants = !isConfigFile(ctx.file);
  if (core !== value && IDENT_PATH.test(core) && core.split(/\??\./).every((p) => PLAIN_NAME.test(p) || isWordyIdentifier(p) || (constants && CONSTANT_NAME.test(p)))) {
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
  opts: { prefix?: string; hashShapedOk?: boolean; keyed?: boolean; hexOk?: boolean } = {},
): string | null {
  const body = opts.prefix && value.startsWith(opts.prefix) ? value.slice(opts.prefix.length) : value;
  for (const re of REFERENCE) if (re.test(value)) return 'reference to a value held elsewhere';
  if (PLACEHOLDER_WORDS.test(body)) return 'placeholder or example word';
  if (fewDistinctChars(body) || longRun(body)) return 'repeated characters';
  if (SEQUENTIAL.test(body) || mostlyAscendingRuns(body)) return 'sequential characters';
  if (PUBLIC_VALUE.test(value)) return 'public key';
  if (VERSION.test(value)) return 'version number';
  if (IMAGE_BASE64.test(value)) return 'base64 image';
  if (!opts.hashShapedOk) {
    for (const re of HASH_LIKE) {
      // Under a credential-named key that is not a hash name, plain hex is a secret (`openssl rand -hex 32`).
      if (opts.hexOk && PLAIN_HEX.test(value)) continue;
      if (re.test(value)) return 'hash, UUID or commit SHA';
    }
  }
  if (ctx) {
    const before = ctx.line.slice(Math.max(0, ctx.offset - 200), ctx.offset);
    // `${DB_PASSWORD:?set it in .env}`: the key is a shell / compose variable and what follows `:?` is the
    // message printed when it is unset (a default after `:-` is still judged: it is a value written down).
    if (value.startsWith('?') && PARAMETER_EXPANSION_KEY.test(before)) return 'message of a required variable';
    if (DATA_URI.test(before) || DATA_URI.test(value)) return 'data URI';
    if (PUBLIC_LINE.test(ctx.line)) return 'public key';
    if (!opts.hashShapedOk && /^[A-Za-z0-9+/=_-]+$/.test(value) && HASH_LINE.test(before)) {
      if (/^(?:sha\d+-|h1:)|^[0-9a-f]+$/i.test(value)) return 'hash';
    }
    if (ctx.key && PUBLIC_KEY_NAME.test(ctx.key)) return 'public or publishable key';
    const variable = variableReason(value, ctx.file);
    if (variable) return variable;
    if (opts.keyed) {
      const code = codeExpressionReason(value, ctx);
      if (code) return code;
      const phrase = phraseReason(value, ctx);
      if (phrase) return phrase;
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

// What the file and the key say about a value. A key-name rule sees `key = value` everywhere; the same
// characters mean different things in a .env file, a shell script, a TypeScript test and a compose file.

/** Env and config files: what is assigned there is configuration a program will use, not code or prose. */
const CONFIG_FILE = /(?:^|\/)(?:\.env(?:\.[^/]*)?|[^/]*\.env)$|\.(?:ya?ml|json|jsonc|json5|toml|ini|cfg|conf|properties|tfvars)$/i;
/** Files where `$name` inside a value is a variable (shells, PHP, Perl, Makefiles, Dockerfiles, env files). */
const INTERPOLATING_FILE = /\.(?:sh|bash|zsh|ksh|fish|php|pl|pm|mk)$|(?:^|\/)(?:Dockerfile[^/]*|[^/]*\.dockerfile|Makefile|GNUmakefile)$|(?:^|\/)(?:\.env(?:\.[^/]*)?|[^/]*\.env)$/i;
/** Languages where a trailing `!` is a non-null assertion (`OPENAI_API_KEY!`, `= default!`). */
const NON_NULL_FILE = /\.(?:[cm]?tsx?|cs|kt|kts|swift|dart)$/i;

export function isConfigFile(file: string | undefined): boolean {
  return file !== undefined && CONFIG_FILE.test(file);
}

/** A key that names a password: DB_PASSWORD, db.password, dbPassword, redis_pwd, MYSQL_ROOT_PASS, passphrase. */
export const PASSWORD_KEY = /(?:^|[_.\-\s])(?:pass(?:word|wd|phrase)?|pwd|pw)$|(?:password|passwd|passphrase|pwd)$/i;

/** `$name` / `${name}` in a shell-like file: the value is assembled from variables, not written down. */
export function variableReason(value: string, file: string | undefined): string | null {
  if (!file || !INTERPOLATING_FILE.test(file) || !/\$\{?[A-Za-z_]/.test(value)) return null;
  const rest = value.replace(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g, '');
  return rest.length < 6 ? 'variable reference' : null;
}

/** A trailing `!` on a name in TypeScript / C# / Kotlin / Swift / Dart: a non-null assertion, not a value. */
export function nonNullAssertion(value: string, file: string | undefined): boolean {
  return file !== undefined && NON_NULL_FILE.test(file) && value.endsWith('!') && IDENT_PATH.test(value.slice(0, -1));
}

/** A run of letters that reads as a word: one case shape, vowels, no long consonant cluster. */
function isWord(letters: string): boolean {
  if (letters.length < 3 || !/^(?:[a-z]+|[A-Z][a-z]+|[A-Z]+)$/.test(letters)) return false;
  const w = letters.toLowerCase();
  if (!/[aeiouy]/.test(w) || /[^aeiouy]{5}/.test(w)) return false;
  return w.replace(/[^aeiouy]/g, '').length >= 0.25 * w.length;
}

export interface Phrase {
  /** The words, lowercased. */
  words: string[];
}

/**
 * A value made of words and counters (`test-api-key-123`, `weather-123`, `client-auth:401-after-auth-throws`,
 * `a-string-secret-at-least-256-bits-long`, `service-account.`), or null. Parts are split on anything that is
 * not a letter or digit; each is a word (with an optional counter), a counter (≤ 6 digits) or a short part
 * (≤ 3 characters: `m2m`, `gw`); with three words or more, one other part of ≤ 8 characters is allowed (a
 * short id). Words must be at least half the characters. Generated keys are not made this way: their parts mix
 * cases and digits.
 */
export function phraseOf(value: string): Phrase | null {
  const chunks = value.replace(/\.+$/, '').split(/[^A-Za-z0-9]+/).filter(Boolean);
  if (chunks.length === 0 || chunks.length > 16) return null;
  const words: string[] = [];
  let wordLetters = 0;
  let total = 0;
  let others = 0;
  for (const chunk of chunks) {
    total += chunk.length;
    if (/^[0-9]{1,6}$/.test(chunk)) continue;
    const m = /^([A-Za-z]+)[0-9]{0,6}$/.exec(chunk);
    if (m && isWord(m[1]!)) {
      words.push(m[1]!.toLowerCase());
      wordLetters += m[1]!.length;
      continue;
    }
    if (chunk.length <= 3) continue;
    if (++others > 1 || chunk.length > 8) return null;
  }
  if (!words.some((w) => w.length >= 4)) return null;
  if (others > 0 && (words.length < 3 || wordLetters < 0.6 * total)) return null;
  return wordLetters >= 0.5 * total ? { words } : null;
}

/**
 * `'client-auth:pkce:s256'`, `"scope:read:tools"`: one string literal that opens before the key and closes after the
 * value, with the value glued to the colon. Ids and scopes are written this way; credentials are assigned
 * (`"token": "…"`, `token=…`, `Authorization: Bearer …` has a space).
 */
function colonIdentifier(value: string, ctx: { line?: string; offset?: number }): boolean {
  if (ctx.line === undefined || ctx.offset === undefined) return false;
  const before = ctx.line.slice(Math.max(0, ctx.offset - 80), ctx.offset);
  const m = /(["'`])[A-Za-z_][\w.-]*:$/.exec(before);
  // Long values without a further colon may still be a token in a `name:token` pair: only ids are dropped.
  return m !== null && ctx.line[ctx.offset + value.length] === m[1] && !value.includes(m[1]!) && (value.includes(':') || value.length <= 16);
}

/** Words by which a value names itself or says it is a stand-in: `newaccess123`, `securepassword123`, `test-api-key`. */
const SELF_SUBSTRING = /pass(?:word|wd)|secret|token|credential|apikey|access|refresh/;
const SELF_WORDS = new Set([
  'key', 'keys', 'api', 'pass', 'pwd', 'auth', 'test', 'tests', 'testing', 'demo', 'mock', 'mocked', 'dummy', 'sample',
  'valid', 'invalid', 'default', 'fake', 'foo', 'bar', 'baz', 'qux', 'some', 'new', 'old', 'code', 'value', 'string',
]);

export function namesItself(p: Phrase): boolean {
  return p.words.some((w) => SELF_WORDS.has(w) || SELF_SUBSTRING.test(w));
}

/** Leetspeak back to letters (`s3cr3t_pw` → `secret_pw`), for values that only spell a placeholder. */
function unleet(value: string): string {
  return value.replace(/[0134579@$]/g, (c) => ({ '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '9': 'g', '@': 'a', $: 's' })[c]!);
}

/**
 * Why a value under a key is words rather than a credential, or null. A value that names itself
 * (`password123`, `test-api-key-123`, leetspeak `s3cr3t_pw`) is a placeholder anywhere. Otherwise words and
 * counters are a stand-in in code, tests and docs (`weather-123` under `apiKey`: API keys are generated, never
 * words), but may be a real, weak secret under a password key (`hunter2`) or in an env / config file.
 */
export function phraseReason(value: string, ctx: { key?: string; file?: string; line?: string; offset?: number }): string | null {
  if (colonIdentifier(value, ctx)) return 'a colon-joined identifier inside one string';
  let p = phraseOf(value);
  if (!p && value.length <= 24 && /[0-9@$]/.test(value)) {
    const spelled = phraseOf(unleet(value));
    if (spelled && namesItself(spelled)) p = spelled;
  }
  if (!p) return null;
  if (namesItself(p)) return 'words naming the value: a placeholder';
  if (ctx.key && PASSWORD_KEY.test(ctx.key)) return null;
  if (isConfigFile(ctx.file)) return null;
  return 'words and counters, not a generated key';
}

/** Passwords that services ship with or document for local use. */
const DEFAULT_PASSWORDS = new Set([
  'postgres', 'root', 'admin', 'administrator', 'guest', 'neo4j', 'mysql', 'mariadb', 'redis', 'mongo', 'mongodb',
  'rabbitmq', 'minioadmin', 'elastic', 'kibana', 'oracle', 'sysadmin', 'pleaseletmein', 'airflow', 'keycloak',
  'grafana', 'clickhouse', 'supabase',
]);
/** Beside a service account (`neo4j/password`, `elastic:changeme`), placeholder words are the documented default too. */
const DEFAULT_PAIR_PASSWORDS = new Set(['password', 'changeme', 'secret', 'test', 'pass']);
/** Hosts that only make sense on a developer machine or inside a compose network. */
const LOCAL_HOST = /^(?:localhost|127\.0\.0\.1|0\.0\.0\.0|::1|\[::1\]|host\.docker\.internal|[A-Za-z][A-Za-z0-9_-]{0,62})$/;

/**
 * A well-known default credential (the user name as password on a compose host, neo4j's documented pair in
 * `NEO4J_AUTH`, `POSTGRES_PASSWORD` set to the service name): the password is a service default or the user name, on a local host when a
 * host is given. Still reported (defaults get deployed), at low severity with the reason "default local credential".
 */
/** Is this value one of the publicly documented default passwords (`postgres`, `password`, `neo4j`)? Such a
 *  value is no secret, so it is not scrubbed out of names (a compose service called `postgres-test`). */
export function isWellKnownDefault(value: string): boolean {
  return DEFAULT_PASSWORDS.has(value.toLowerCase());
}

export function defaultCredentialReason(secret: string, ctx: { key?: string; user?: string; host?: string }): string | null {
  const isDefault = (pw: string, user?: string) => DEFAULT_PASSWORDS.has(pw.toLowerCase()) || (user !== undefined && user.length > 0 && pw === user);
  // `neo4j/password` is neo4j's documented pair; `user:password` is a placeholder (the user is no service account).
  const pairDefault = (pw: string, user?: string) =>
    isDefault(pw, user) || (user !== undefined && DEFAULT_PASSWORDS.has(user.toLowerCase()) && DEFAULT_PAIR_PASSWORDS.has(pw.toLowerCase()));
  if (ctx.host !== undefined) return LOCAL_HOST.test(ctx.host) && pairDefault(secret, ctx.user) ? 'default local credential' : null;
  const pair = /^([A-Za-z][\w.-]{0,30})[/:]([^/:]+)$/.exec(secret);
  if (pair && pairDefault(pair[2]!, pair[1])) return 'default local credential';
  if (ctx.key && PASSWORD_KEY.test(ctx.key)) {
    // POSTGRES_PASSWORD=postgres, NEO4J_PASSWORD=password: the key names the service the default belongs to.
    const service = ctx.key.toLowerCase().split(/[^a-z0-9]+/).find((w) => DEFAULT_PASSWORDS.has(w));
    if (isDefault(secret) || (service && (secret.toLowerCase() === service || pairDefault(secret, service)))) return 'default local credential';
  }
  return null;
}

/** Under a password key in an env or config file, what is configuration rather than a password. */
const NOT_A_PASSWORD = [
  /^[0-9.]+[smhdw]?$/,
  /^(?:true|false|yes|no|on|off|null|none|nil|undefined|required|optional|string|str|bool|boolean|int|integer|number|object|any|bytes|empty|env|file|prompt|keyring|vault|random|generate|generated|auto|disabled|enabled|unset)$/i,
  /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/, // an env var name
  /^[a-z]+(?:[A-Z][a-z0-9]+)+$/, // a camelCase name (getPassword)
  /^(?:https?|file|wss?):\/\//,
  /^(?:\/|\.\/|\.\.\/|~\/)[\w./-]*$/,
  /\.(?:json|pem|key|txt|ya?ml|env|crt|cer|p12|pfx|jks|toml|ini|cfg|conf)$/,
];

/** A comment or prose line: `# Connection strings with an embedded password: postgres, mysql, …`. */
export function isCommentLine(line: string): boolean {
  return /^\s*(?:#|\/\/|;|\*|<!--|--\s)/.test(line);
}

/** Why a value in a weak-password position (a password key in an env / config file) is not a password. */
export function notAPasswordReason(value: string): string | null {
  return NOT_A_PASSWORD.some((re) => re.test(value)) ? 'configuration, not a password' : null;
}
