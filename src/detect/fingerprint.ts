// Fingerprints let a report say "the same secret appears in these three places" without holding the
// secret. A plain hash would let anyone with the report recover short passwords by hashing guesses, so
// the fingerprint is keyed (salt derived from CREDLIFE_FINGERPRINT_KEY) and slow (scrypt).
// See docs/rules.md "Fingerprints" for the trade-off of the built-in default key.
import { createHash, scryptSync } from 'node:crypto';

/** Used when CREDLIFE_FINGERPRINT_KEY is not set: fingerprints then match across machines and runs. */
export const DEFAULT_FINGERPRINT_KEY = 'credlife-fingerprint-v1';
/** scrypt cost: N=2^13, r=8, p=1 (8 MiB, ~10-30 ms per distinct value; measured in docs/rules.md). */
const SCRYPT = { N: 1 << 13, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const OUTPUT_BYTES = 16;

const cache = new Map<string, string>();
const MAX_CACHE = 10_000;

/** The key to use: the environment variable when set, else the built-in default. */
export function fingerprintKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const k = env.CREDLIFE_FINGERPRINT_KEY;
  return k && k.length > 0 ? k : DEFAULT_FINGERPRINT_KEY;
}

/** `fp1:` + base64url(scrypt(value, salt(key))). Equal values and keys give equal fingerprints. */
export function fingerprintOf(value: string, key: string = DEFAULT_FINGERPRINT_KEY): string {
  const salt = createHash('sha256').update('credlife-fp1\0').update(key).digest();
  // Cache on a hash of (salt, value) so the cache itself holds no raw secret.
  const cacheKey = createHash('sha256').update(salt).update(value).digest('base64');
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const out = `fp1:${scryptSync(value, salt, OUTPUT_BYTES, SCRYPT).toString('base64url')}`;
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(cacheKey, out);
  return out;
}
