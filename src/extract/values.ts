// What a config value tells us about a credential: is it a reference to a value held elsewhere
// (${VAR}, ${env:VAR}, ${input:id}, ${{ secrets.X }}, vault:/op:// paths), a path to a credentials file, or a
// literal that the credential rules classify? Shared by every reader so that a value means the same thing in
// an MCP config, a compose file and a workflow.
import type { Binding, BindingScope, BindingSource } from '../model/report.js';
import type { FileContext } from '../model/records.js';
import type { ExtractResult, ReaderHelpers } from './index.js';

export type Attributes = Record<string, string | number | boolean>;

export interface ValueRef {
  source: BindingSource;
  ref: string;
  attrs?: Attributes;
  /** The reference expression as written (`${{ env.X }}`), to tell a value that is only a reference from one that
   *  embeds it in other text (`lint-${{ inputs.dir }}`). */
  match?: string;
}

export interface RefFlavor {
  /** What `${{ secrets.X }}` means here: a CI secret handed to the job as an env value, or a secret store (Continue). */
  ciSecrets?: 'env' | 'secret-manager';
}

// Secret-manager references: the value is fetched at run time from a store (still static unless the store mints).
const SECRET_MANAGER = [
  /^vault:[^\s"']+/i,
  /^op:\/\/[^\s"']+/,
  /^arn:aws:secretsmanager:[^\s"']+/,
  /^arn:aws:ssm:[^\s"']*:parameter\/[^\s"']+/,
  /^projects\/[^/\s]+\/secrets\/[^\s"']+/,
  /^(?:sm|gcpsm|azurekeyvault|keyvault|bws|doppler|infisical|akv|secretsmanager):\/\/[^\s"']+/i,
  /^@Microsoft\.KeyVault\([^)]*\)/,
];

const REF_PATTERNS: { re: RegExp; make: (m: RegExpExecArray, flavor: RefFlavor) => ValueRef | null }[] = [
  { re: /\$\{input:([\w.-]+)\}/, make: (m) => ({ source: 'input', ref: m[1]! }) },
  {
    re: /\$\{\{\s*secrets\.([\w-]+)\s*\}\}/,
    make: (m, f) =>
      f.ciSecrets === 'secret-manager'
        ? { source: 'secret-manager', ref: m[1]!, attrs: { store: 'secrets' } }
        : { source: 'env', ref: m[1]!, attrs: { store: 'ci-secrets' } },
  },
  { re: /\$\{\{\s*env\.([\w-]+)\s*\}\}/, make: (m) => ({ source: 'env', ref: m[1]! }) },
  // A workflow's inputs are plain values (reusable workflows take secrets through `secrets:`): a credential only
  // when named like one, unlike an MCP client's `${input:id}`, which prompts for a secret.
  { re: /\$\{\{\s*inputs\.([\w-]+)\s*\}\}/, make: (m) => ({ source: 'input', ref: m[1]!, attrs: { store: 'workflow-inputs' } }) },
  { re: /\$env(?:\.([A-Za-z_]\w*)|\[['"]([^'"]+)['"]\])/, make: (m) => ({ source: 'env', ref: (m[1] ?? m[2])! }) },
  { re: /process\.env(?:\.([A-Za-z_]\w*)|\[['"]([^'"]+)['"]\])/, make: (m) => ({ source: 'env', ref: (m[1] ?? m[2])! }) },
  { re: /\$\{env:([A-Za-z_][\w.-]*)\}/, make: (m) => ({ source: 'env', ref: m[1]! }) },
  { re: /\{env:([A-Za-z_][\w.-]*)\}/, make: (m) => ({ source: 'env', ref: m[1]! }) },
  { re: /\$\{([A-Za-z_][\w]*)(?:[:?=+-][^}]*)?\}/, make: (m) => ({ source: 'env', ref: m[1]! }) },
  { re: /\$([A-Za-z_][\w]*)/, make: (m) => ({ source: 'env', ref: m[1]! }) },
  { re: /\{\{\s*(op:\/\/[^\s}]+)\s*\}\}/, make: (m) => ({ source: 'secret-manager', ref: m[1]! }) },
];

/** The reference a value holds, or null when it is (or may be) a literal. */
export function findReference(value: string, flavor: RefFlavor = {}): ValueRef | null {
  const trimmed = value.trim();
  for (const re of SECRET_MANAGER) {
    const m = re.exec(trimmed);
    if (m) return { source: 'secret-manager', ref: m[0] };
  }
  if (!trimmed.includes('$') && !trimmed.includes('{')) return null;
  for (const { re, make } of REF_PATTERNS) {
    const m = re.exec(trimmed);
    if (m) {
      const r = make(m, flavor);
      if (r) return { ...r, match: m[0] };
    }
  }
  return null;
}

// ------------------------------------------------------------------------------------------- key names

const SECRET_WORDS = new Set([
  'key', 'apikey', 'token', 'tokens', 'secret', 'secrets', 'password', 'passwd', 'pwd', 'pass', 'passphrase',
  'auth', 'authorization', 'credential', 'credentials', 'creds', 'bearer', 'cookie', 'session', 'dsn', 'pat',
  'jwt', 'signing', 'privatekey', 'sas', 'sig', 'signature', 'webhook',
]);
const PUBLIC_WORDS = new Set(['public', 'publishable', 'pub', 'pubkey', 'name', 'type', 'header', 'expiry', 'ttl',
  'timeout', 'length', 'endpoint', 'host', 'port', 'region', 'version', 'model', 'enabled', 'mode', 'policy', 'max', 'min',
  'provider', 'method', 'scheme', 'prefix', 'algorithm', 'alg', 'audience', 'issuer', 'scope', 'scopes', 'duration']);
const CONNECTION_KEY = /(?:database|db|redis|mongo(?:db)?|postgres(?:ql)?|mysql|amqp|broker|connection)[-_]?(?:url|uri|string|str|dsn)$/i;

/** Split FOO_BAR, fooBar, foo-bar, X-Api-Key into lower-case words. */
export function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** Does this key name (env var, header, YAML key) usually hold a credential? */
export function isCredentialKey(key: string): boolean {
  if (CONNECTION_KEY.test(key)) return true;
  const words = keyWords(key);
  if (!words.length) return false;
  const last = words[words.length - 1]!;
  if (words.some((w) => PUBLIC_WORDS.has(w))) return false;
  // FOO_KEY_ID / CLIENT_ID name an identity, not a secret (AWS access key ids are caught by their value shape).
  if (last === 'id' && !(words.includes('access') && words.includes('key'))) return false;
  if (['file', 'path', 'dir', 'url', 'uri'].includes(last) && !words.includes('webhook')) return isCredentialFileKey(key);
  return words.some((w) => SECRET_WORDS.has(w)) || /apikey|accesskey|secretkey|privatekey|authtoken/i.test(key);
}

/** Keys whose value is the path of a credentials file (GOOGLE_APPLICATION_CREDENTIALS, *_KEY_FILE, envFile). */
export function isCredentialFileKey(key: string): boolean {
  if (/^GOOGLE_APPLICATION_CREDENTIALS$|^AWS_SHARED_CREDENTIALS_FILE$|^KUBECONFIG$|^AWS_WEB_IDENTITY_TOKEN_FILE$/i.test(key)) return true;
  const words = keyWords(key);
  const last = words[words.length - 1];
  return (last === 'file' || last === 'path') && words.some((w) => SECRET_WORDS.has(w) || w === 'credential');
}

export function looksLikePath(value: string): boolean {
  return /^(?:~|\.{0,2}\/|[A-Za-z]:[\\/]|\$\{?[\w:]+\}?\/)[^\s]*$|\.(?:json|pem|key|p12|pfx|crt|cer|jks|creds|token)$/.test(value.trim());
}

// ------------------------------------------------------------------------------------------- emitting

export interface BindContext {
  ctx: FileContext;
  helpers: ReaderHelpers;
  out: ExtractResult;
  via: string;
  flavor?: RefFlavor;
}

export interface BindTarget {
  tool: string;
  agent?: string | null;
  /** Where the value starts in the file. */
  offset: number;
  /** The key the value is assigned to (env var, header, flag). */
  key?: string;
  attrs?: Attributes;
  scope?: BindingScope;
  /** The text scan cannot see this value as a secret (positional arg, escaped, multi-line): keep the detection. */
  forceDetection?: boolean;
  /** Only bind references when the key or the referenced name looks like a credential (default true). */
  requireCredentialName?: boolean;
}

const AUTH_SCHEME = /^(?:Bearer|Basic|Token|token|Bot|ApiKey|Api-Key|Key|Digest)\s+/;

export function stripAuthScheme(value: string): string {
  return value.replace(AUTH_SCHEME, '').trim();
}

export function makeBinding(b: BindContext, t: BindTarget, source: BindingSource, credentialRef: string | null, attrs?: Attributes): Binding {
  const pos = b.ctx.lineAt(t.offset);
  const attributes = { ...(t.attrs ?? {}), ...(attrs ?? {}) };
  return {
    file: b.ctx.file,
    line: pos.line,
    column: pos.column,
    tool: t.tool,
    agent: t.agent ?? null,
    source,
    scope: t.scope ?? 'process',
    credentialRef,
    via: b.via,
    ...(Object.keys(attributes).length ? { attributes } : {}),
  };
}

/**
 * Classify one value and record the binding it implies. Returns the binding (or null when the value is not a
 * credential: a placeholder, an empty string, a non-secret setting).
 */
export function bindValue(b: BindContext, t: BindTarget, raw: string): Binding | null {
  const value = raw.trim();
  if (!value) return null;
  const requireName = t.requireCredentialName ?? true;
  const ref = findReference(value, b.flavor);
  if (ref) {
    if (!requireName && ref.attrs?.store === 'workflow-inputs' && !isCredentialKey(ref.ref) && !(t.key && isCredentialKey(t.key))) return null;
    if (requireName && !namedCredential(value, ref, t.key)) return null;
    const { match: _match, ...plain } = ref;
    const binding = makeBinding(b, t, plain.source, plain.ref, { ...(t.key ? { key: t.key } : {}), ...(plain.attrs ?? {}) });
    b.out.bindings.push(binding);
    return binding;
  }
  if (t.key && isCredentialFileKey(t.key) && looksLikePath(value)) {
    const binding = makeBinding(b, t, 'file', value, { key: t.key });
    b.out.bindings.push(binding);
    return binding;
  }
  return bindLiteral(b, t, value);
}

/**
 * Does a reference hand over a credential? Its own name says so (OPENAI_API_KEY), it comes from a secret store or
 * a prompted input, or the key it is assigned to is credential-named and the value is that reference alone
 * (after an auth scheme): `key: ${{ runner.os }}-${{ env.VERSION }}` is a cache key built from a version, not a
 * credential, while `api-key: ${{ env.PROVIDER_KEY }}` is one.
 */
function namedCredential(value: string, ref: ValueRef, key: string | undefined): boolean {
  if (isCredentialKey(ref.ref) || ref.source === 'secret-manager') return true;
  if (ref.source === 'input' && ref.attrs?.store !== 'workflow-inputs') return true;
  if (key === undefined || !isCredentialKey(key)) return false;
  const bare = stripAuthScheme(value).replace(/^(["'])(.*)\1$/, '$2').trim();
  return ref.match === undefined || bare === ref.match;
}

/** A literal value: bound only when the credential rules say it is a secret (placeholders are not). */
export function bindLiteral(b: BindContext, t: BindTarget, raw: string): Binding | null {
  const value = stripAuthScheme(raw);
  if (value.length < 6 || value.length > 10_000) return null;
  const pos = b.ctx.lineAt(t.offset);
  let detection;
  try {
    detection = b.helpers.detectValue(value, { line: pos.line, column: pos.column, ...(t.key ? { key: t.key } : {}) });
  } catch {
    detection = null;
  }
  if (!detection) return null;
  // The text scan finds values that sit verbatim in the file; keep ours only where it cannot (escapes, folds,
  // positional arguments with no key beside them). The pipeline de-duplicates by line and fingerprint.
  if (t.forceDetection || !b.ctx.text.includes(value)) b.out.detections.push(detection);
  const binding = makeBinding(b, t, 'literal', null, {
    ...(t.key ? { key: t.key } : {}),
    provider: detection.provider,
  });
  // The credential rules may place the secret inside a multi-line value (a PEM body): bind where they found it,
  // so that the pipeline links the binding to that detection.
  if (detection.line > binding.line) {
    binding.line = detection.line;
    binding.column = detection.column;
  }
  b.out.bindings.push(binding);
  return binding;
}
