// A lifetime written next to a token in the same object: an OAuth token response or a cached token
// `{ access_token: '…', expires_in: 3600 }`, `"exp": 1767225600`, `ttl: 900`. The token is judged by that
// lifetime, not as a literal that never expires.
import type { Lifetime } from '../model/report.js';

/** Sibling keys that state how long the token lives (seconds) or when it expires (epoch seconds). */
const SIBLING = /^[ \t]*["']?(?<key>expires_in|expiresIn|expires|ttl|ttl_seconds|ttlSeconds|exp|expires_at|expiresAt|expiry)["']?[ \t]*[:=][ \t]*(?<n>\d{1,12})\b/;
const INLINE = /["']?(?<key>expires_in|expiresIn|ttl|ttl_seconds|ttlSeconds|exp|expires_at|expiresAt)["']?[ \t]*[:=][ \t]*(?<n>\d{1,12})\b/;
/** Lines searched on each side of the token, within the same object (same or deeper indentation). */
const MAX_LINES = 6;
const EPOCH_MIN = 1_000_000_000;

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function toLifetime(key: string, n: number): Lifetime | null {
  const absolute = /^(?:exp|expires_at|expiresAt)$/.test(key) || n >= EPOCH_MIN;
  if (absolute) {
    if (n < EPOCH_MIN) return null;
    return { class: 'short-lived', ttlSeconds: null, expiresAt: new Date(n * 1000).toISOString(), note: `${key} beside the token` };
  }
  if (n <= 0) return null;
  return { class: n <= 86400 ? 'short-lived' : 'long-lived', ttlSeconds: n, expiresAt: null, note: `${key}: ${n} s beside the token` };
}

/**
 * The lifetime stated beside the value at [start, end) of `text`: on the same line after it, or on a nearby
 * line of the same object (lines at the token's indentation or deeper, not past a closing bracket).
 */
export function siblingLifetime(text: string, start: number, end: number): Lifetime | null {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  let lineEnd = text.indexOf('\n', end);
  if (lineEnd < 0) lineEnd = text.length;
  const rest = INLINE.exec(text.slice(end, Math.min(lineEnd, end + 300)));
  if (rest?.groups) return toLifetime(rest.groups.key!, Number(rest.groups.n));
  const own = text.slice(lineStart, lineEnd);
  const indent = indentOf(own);
  const look = (from: number, step: 1 | -1): Lifetime | null => {
    let pos = from;
    for (let i = 0; i < MAX_LINES; i++) {
      let s: number;
      let e: number;
      if (step === 1) {
        if (pos >= text.length) return null;
        s = pos + 1;
        e = text.indexOf('\n', s);
        if (e < 0) e = text.length;
        pos = e;
      } else {
        if (pos <= 0) return null;
        e = pos - 1;
        s = text.lastIndexOf('\n', e - 1) + 1;
        pos = s;
      }
      const line = text.slice(s, Math.min(e, s + 400));
      if (!line.trim()) continue;
      if (indentOf(line) < indent || /^\s*[}\]]/.test(line)) return null;
      if (indentOf(line) > indent) continue;
      const m = SIBLING.exec(line);
      if (m?.groups) return toLifetime(m.groups.key!, Number(m.groups.n));
    }
    return null;
  };
  return look(lineEnd, 1) ?? look(lineStart, -1);
}

/** Keys of issued tokens, whose lifetime may be stated beside them (`expires_in`); API keys and passwords have none. */
const TOKEN_KEY = /(?:access|id|bearer|session|auth|refresh)[_.-]?token|^token$/i;

/**
 * A detection of an issued token (key access_token, id_token, …) with only its rule's default lifetime takes the
 * lifetime written beside it. `line` / `column` are 1-based, as in detections.
 */
export function withSiblingLifetime<T extends { key?: string; line: number; column: number; length?: number; lifetime: Lifetime; claims?: unknown }>(text: string, d: T): T {
  if (!d.key || !TOKEN_KEY.test(d.key) || d.claims || d.lifetime.expiresAt || d.lifetime.ttlSeconds !== null) return d;
  let at = 0;
  for (let l = 1; l < d.line && at >= 0; l++) {
    at = text.indexOf('\n', at);
    if (at >= 0) at++;
  }
  if (at < 0) return d;
  const start = at + Math.max(0, d.column - 1);
  const lifetime = siblingLifetime(text, start, start + (d.length ?? 1));
  return lifetime ? { ...d, lifetime } : d;
}
