// Credentials hidden in command lines and URLs: `--api-key=…`, `--token …`, `--header "Authorization: Bearer …"`,
// connection strings with a password, and query-string tokens.
import type { Binding } from '../model/report.js';
import { isCredentialKey, bindValue, type BindContext, type BindTarget } from './values.js';
import type { PNode } from './tree.js';

const HEADER_FLAGS = new Set(['--header', '-H', '--headers', '--http-header']);
const CREDENTIAL_QUERY = /^(?:token|access[_-]?token|api[_-]?key|apikey|key|auth|secret|password|pass|sig|signature|client[_-]?secret|code)$/i;

export interface ArgsBinding {
  binding: Binding;
  /** Header name when the credential travels in a header (`--header Authorization: …`). */
  header?: string;
}

function flagName(flag: string): string {
  return flag.replace(/^-+/, '');
}

/** Bind the credentials an argument list carries. `items` are the argv nodes (strings only are read). */
export function bindArgs(b: BindContext, target: Omit<BindTarget, 'offset' | 'key'>, items: PNode[]): ArgsBinding[] {
  const found: ArgsBinding[] = [];
  const strings = items.filter((n): n is PNode & { kind: 'scalar' } => n.kind === 'scalar' && typeof n.value === 'string');
  for (let i = 0; i < strings.length; i++) {
    const node = strings[i]!;
    const arg = String(node.value);
    const next = strings[i + 1];
    // --header "Name: value" / -H "Name: value" / --header=Name:value
    const eqHeader = /^(--header|-H|--headers|--http-header)=(.*)$/s.exec(arg);
    if (eqHeader || HEADER_FLAGS.has(arg)) {
      const headerText = eqHeader ? eqHeader[2]! : next ? String(next.value) : '';
      const at = eqHeader ? node : next;
      if (at) {
        const h = bindHeaderString(b, { ...target, offset: at.offset }, headerText);
        if (h) found.push(h);
      }
      if (!eqHeader) i++;
      continue;
    }
    const flagEq = /^(--?[A-Za-z][\w.-]*)=(.+)$/s.exec(arg);
    if (flagEq) {
      if (isCredentialKey(flagName(flagEq[1]!))) {
        const bound = bindValue(b, { ...target, offset: node.offset, key: flagName(flagEq[1]!), forceDetection: true }, flagEq[2]!);
        if (bound) found.push({ binding: bound });
      } else if (/:\/\//.test(flagEq[2]!)) {
        found.push(...bindUrl(b, { ...target, offset: node.offset }, flagEq[2]!));
      }
      continue;
    }
    if (/^--?[A-Za-z][\w.-]*$/.test(arg)) {
      if (next && isCredentialKey(flagName(arg)) && !String(next.value).startsWith('-')) {
        const bound = bindValue(b, { ...target, offset: next.offset, key: flagName(arg), forceDetection: true }, String(next.value));
        if (bound) found.push({ binding: bound });
        i++;
      }
      continue;
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) {
      found.push(...bindUrl(b, { ...target, offset: node.offset }, arg));
      continue;
    }
    // A bare `${GITHUB_TOKEN}` or a provider-shaped token as a positional argument.
    if (!/\s/.test(arg) && arg.length >= 16 && !arg.startsWith('@') && !/^[\w.-]+\/[\w./-]+$/.test(arg)) {
      const bound = bindValue(b, { ...target, offset: node.offset, forceDetection: true }, arg);
      if (bound) found.push({ binding: bound });
    }
  }
  return found;
}

/** "Authorization: Bearer …" as one string (mcp-remote, curl-style flags). */
export function bindHeaderString(b: BindContext, target: BindTarget, headerText: string): ArgsBinding | null {
  const m = /^\s*([A-Za-z][\w-]*)\s*:\s*(.+)$/s.exec(headerText);
  if (!m || !isCredentialHeader(m[1]!)) return null;
  const binding = bindValue(b, { ...target, key: m[1]!, forceDetection: true, requireCredentialName: false, attrs: { ...(target.attrs ?? {}), header: m[1]! } }, m[2]!);
  return binding ? { binding, header: m[1]! } : null;
}

export function isCredentialHeader(name: string): boolean {
  return /^(?:authorization|proxy-authorization|cookie|x-api-key|api-key|apikey)$/i.test(name) || isCredentialKey(name);
}

/** Credentials inside a URL: userinfo password and token-like query parameters. */
export function bindUrl(b: BindContext, target: BindTarget, url: string): ArgsBinding[] {
  const found: ArgsBinding[] = [];
  const userinfo = /^[a-z][a-z0-9+.-]*:\/\/([^/@\s?#]*)@/i.exec(url);
  if (userinfo && userinfo[1]!.includes(':')) {
    const password = userinfo[1]!.slice(userinfo[1]!.indexOf(':') + 1);
    if (password) {
      const bound =
        bindValue(b, { ...target, key: 'password', forceDetection: true, requireCredentialName: false, attrs: { ...(target.attrs ?? {}), in: 'url-userinfo' } }, password.startsWith('$') ? password : url) ??
        (password.startsWith('$') ? null : bindValue(b, { ...target, key: 'password', forceDetection: true, attrs: { ...(target.attrs ?? {}), in: 'url-userinfo' } }, decodeSafe(password)));
      if (bound) found.push({ binding: bound });
    }
  }
  const q = url.indexOf('?');
  if (q >= 0) {
    for (const part of url.slice(q + 1).split(/[&#]/)) {
      const eq = part.indexOf('=');
      if (eq <= 0) continue;
      const name = part.slice(0, eq);
      if (!CREDENTIAL_QUERY.test(name) && !isCredentialKey(name)) continue;
      const bound = bindValue(
        b,
        { ...target, key: name, forceDetection: true, requireCredentialName: false, attrs: { ...(target.attrs ?? {}), in: 'url-query', param: name } },
        decodeSafe(part.slice(eq + 1)),
      );
      if (bound) found.push({ binding: bound });
    }
  }
  return found;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
