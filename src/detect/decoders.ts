// Post-processors that read a lifetime out of the credential itself (rule field `decoder`).
import type { Lifetime } from '../model/report.js';
import type { Detection } from '../model/records.js';
import { decodeJwt, jwtLifetime } from '../lifetime/jwt.js';
import { exampleClaimReason } from './placeholders.js';

export const DECODER_NAMES: readonly string[] = ['jwt', 'azure-sas', 'basic-auth', 'none'];

export interface Decoded {
  lifetime?: Lifetime;
  claims?: Detection['claims'];
}

/** Azure SAS: the `se=` (signed expiry) and `st=` (start) query parameters. */
export function azureSasLifetime(secret: string, now: Date = new Date()): Lifetime | null {
  const param = (name: string): string | null => {
    const m = new RegExp(`(?:^|[?&;])${name}=([^&;"'\\s]{1,64})`).exec(secret);
    if (!m) return null;
    try {
      return decodeURIComponent(m[1]!);
    } catch {
      return null;
    }
  };
  const se = param('se');
  if (!se) return null;
  const end = Date.parse(se);
  if (!Number.isFinite(end)) return null;
  const st = param('st');
  const start = st ? Date.parse(st) : NaN;
  const ttl = Number.isFinite(start) && end >= start ? Math.floor((end - start) / 1000) : null;
  const expiresAt = new Date(end).toISOString();
  if (end <= now.getTime()) return { class: 'short-lived', ttlSeconds: ttl, expiresAt, note: 'expired (SAS se= in the past)' };
  const span = ttl ?? Math.floor((end - now.getTime()) / 1000);
  return {
    class: span <= 24 * 3600 ? 'short-lived' : 'long-lived',
    ttlSeconds: ttl,
    expiresAt,
    note: ttl !== null ? 'SAS se - st' : 'SAS se= expiry',
  };
}

/** base64 of `user:password` with a printable, non-empty password (Docker `auths`, HTTP Basic). */
export function isBasicAuthPair(secret: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(secret)) return false;
  const text = Buffer.from(secret, 'base64').toString('latin1');
  return /^[\x20-\x7e]{0,256}:[\x20-\x7e]{1,1024}$/.test(text);
}

/**
 * Run a decoder. `null` means "this is not what the rule thought" (e.g. not a decodable JWT): drop it.
 */
export function runDecoder(name: string | undefined, secret: string, now: Date = new Date()): Decoded | null {
  if (!name || name === 'none') return {};
  if (name === 'jwt') {
    const jwt = decodeJwt(secret);
    if (!jwt) return null;
    if (exampleClaimReason(jwt.claims.sub)) return null;
    return { lifetime: jwtLifetime(jwt.claims, now), claims: jwt.claims };
  }
  if (name === 'basic-auth') return isBasicAuthPair(secret) ? {} : null;
  if (name === 'azure-sas') {
    const lifetime = azureSasLifetime(secret, now);
    return lifetime ? { lifetime } : {};
  }
  return {};
}
