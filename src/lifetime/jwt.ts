// JWT decoding for lifetime: header and payload only, bounded size, never verified (we have no key, and
// the question is "how long would this work if it is real", not "is it real").
import type { Lifetime } from '../model/report.js';
import type { JwtClaims } from '../model/records.js';

/** Tokens longer than this are not decoded (hostile input). */
export const MAX_JWT_LENGTH = 16 * 1024;
const SHORT_LIVED_MAX_SECONDS = 24 * 3600;

export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: JwtClaims;
}

function decodePart(part: string): Record<string, unknown> | null {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(part)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const short = (v: unknown, max = 200): string | undefined => (typeof v === 'string' ? v.slice(0, max) : undefined);
const numeric = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The raw payload of a compact JWS (every claim, unfiltered), or null when it is not one. Never verifies. */
export function jwtPayload(token: string): Record<string, unknown> | null {
  if (token.length > MAX_JWT_LENGTH) return null;
  const parts = token.split('.');
  return parts.length === 3 ? decodePart(parts[1]!) : null;
}

/** Decode a compact JWS (header.payload.signature). Null when it is not a JWT. Never verifies. */
export function decodeJwt(token: string): DecodedJwt | null {
  if (token.length > MAX_JWT_LENGTH) return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const header = decodePart(parts[0]!);
  const payload = decodePart(parts[1]!);
  if (!header || !payload || typeof header.alg !== 'string') return null;
  const claims: JwtClaims = {};
  const aud = payload.aud;
  if (typeof aud === 'string') claims.aud = aud.slice(0, 200);
  else if (Array.isArray(aud)) claims.aud = aud.filter((a): a is string => typeof a === 'string').slice(0, 10).map((a) => a.slice(0, 200));
  const sub = short(payload.sub);
  if (sub !== undefined) claims.sub = sub;
  const iss = short(payload.iss);
  if (iss !== undefined) claims.iss = iss;
  const scope = short(payload.scope) ?? short(payload.scp);
  if (scope !== undefined) claims.scope = scope;
  if (payload.cnf !== null && typeof payload.cnf === 'object' && !Array.isArray(payload.cnf)) claims.cnf = true;
  for (const k of ['exp', 'iat', 'nbf'] as const) {
    const n = numeric(payload[k]);
    if (n !== undefined) claims[k] = n;
  }
  return { header, claims };
}

function isoOf(seconds: number): string | null {
  const d = new Date(seconds * 1000);
  return Number.isFinite(d.getTime()) ? d.toISOString() : null;
}

/**
 * Lifetime of a JWT from its claims: TTL = exp − iat (or exp − nbf), expiresAt = exp; no exp → static
 * (RFC 7519 makes every time claim optional); exp in the past → short-lived, expiresAt in the past, "expired".
 */
export function jwtLifetime(claims: JwtClaims, now: Date = new Date()): Lifetime {
  if (claims.exp === undefined) {
    return { class: 'static', ttlSeconds: null, expiresAt: null, note: 'JWT without exp never expires' };
  }
  const expiresAt = isoOf(claims.exp);
  const start = claims.iat ?? claims.nbf;
  const ttl = start !== undefined && claims.exp >= start ? Math.floor(claims.exp - start) : null;
  if (claims.exp * 1000 <= now.getTime()) {
    return { class: 'short-lived', ttlSeconds: ttl, expiresAt, note: 'expired (JWT exp in the past)' };
  }
  const span = ttl ?? Math.floor(claims.exp - now.getTime() / 1000);
  return {
    class: span <= SHORT_LIVED_MAX_SECONDS ? 'short-lived' : 'long-lived',
    ttlSeconds: ttl,
    expiresAt,
    note: ttl !== null ? 'JWT exp - iat' : 'JWT exp (no iat)',
  };
}
