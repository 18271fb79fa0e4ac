// Fingerprints let a report say "the same secret appears in these three places" without holding the
// secret. A plain hash would let anyone with the report recover short passwords by hashing guesses, so
// the fingerprint is keyed (derived from CREDLIFE_FINGERPRINT_KEY) and, where guessing could work, slow:
// - a value that looks machine-generated (long, no whitespace, no word-like letter run, ≥ 128 bits of
//   estimated entropy: provider tokens, AWS secret keys, JWTs) cannot be found by hashing guesses, so it
//   gets a fast keyed HMAC-SHA256; so do AWS access key ids (a fixed prefix and 16 issuer-chosen base32
//   characters: 80 random bits, too short for the entropy estimate but just as unguessable);
// - anything else (short or human-chosen: passwords, passphrases, connection strings) gets scrypt.
// The choice depends only on the value, so equal values always get equal fingerprints.
// See docs/performance.md "Fingerprints" for the measured cost of each path.
import { createHash, createHmac, scryptSync } from 'node:crypto';
import { shannonEntropy } from './entropy.js';

/** Used when CREDLIFE_FINGERPRINT_KEY is not set: fingerprints then match across machines and runs. */
export const DEFAULT_FINGERPRINT_KEY = 'credlife-fingerprint-v1';
/** scrypt cost: N=2^13, r=8, p=1 (8 MiB, ~10-30 ms per distinct value). */
const SCRYPT = { N: 1 << 13, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const OUTPUT_BYTES = 16;

/** Below this many estimated bits a value might be guessed, so it pays for scrypt. */
const FAST_PATH_MIN_BITS = 128;
const FAST_PATH_MIN_LENGTH = 32;
/**
 * A long run of letters of one case looks like a word, i.e. possibly human-chosen. Eight letters for a short
 * value; a long random token has such runs by chance, so the allowed run grows with the length.
 */
function hasWordLikeRun(value: string): boolean {
  const limit = 8 + Math.floor(value.length / 16);
  let run = 0;
  let lastCase = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const cs = c >= 97 && c <= 122 ? 1 : c >= 65 && c <= 90 ? 2 : 0;
    run = cs !== 0 && cs === lastCase ? run + 1 : cs !== 0 ? 1 : 0;
    lastCase = cs;
    if (run >= limit) return true;
  }
  return false;
}
/** AWS access key ids: issued by AWS, never chosen by a person. */
const AWS_KEY_ID = /^A(?:KIA|SIA|GPA|IDA|ROA|NPA|NVA|IPA)[A-Z2-7]{16}$/;

const cache = new Map<string, string>();
const MAX_CACHE = 10_000;
const derived = new Map<string, { salt: Buffer; macKey: Buffer }>();

/** The key to use: the environment variable when set, else the built-in default. */
export function fingerprintKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const k = env.CREDLIFE_FINGERPRINT_KEY;
  return k && k.length > 0 ? k : DEFAULT_FINGERPRINT_KEY;
}

/**
 * Too random to guess? A conservative estimate from the value alone: length × min(Shannon entropy per
 * character, log2 of the character pool), with whitespace and word-like runs ruled out.
 */
export function isMachineGenerated(value: string): boolean {
  if (AWS_KEY_ID.test(value)) return true;
  if (value.length < FAST_PATH_MIN_LENGTH || /\s/.test(value) || hasWordLikeRun(value) || hasRepeatedChunk(value)) return false;
  let pool = 0;
  if (/[a-z]/.test(value)) pool += 26;
  if (/[A-Z]/.test(value)) pool += 26;
  if (/[0-9]/.test(value)) pool += 10;
  if (/[^A-Za-z0-9]/.test(value)) pool += 33;
  const bitsPerChar = Math.min(shannonEntropy(value), Math.log2(pool));
  return value.length * bitsPerChar >= FAST_PATH_MIN_BITS;
}

/** The same 5 characters twice ("Rover#1…Rover#1"): a person repeating themselves, not a random generator. */
function hasRepeatedChunk(value: string): boolean {
  const seen = new Set<string>();
  for (let i = 0; i + 5 <= value.length; i++) {
    const chunk = value.slice(i, i + 5);
    if (seen.has(chunk)) return true;
    seen.add(chunk);
  }
  return false;
}

function keysFor(key: string): { salt: Buffer; macKey: Buffer } {
  let k = derived.get(key);
  if (!k) {
    k = {
      salt: createHash('sha256').update('credlife-fp1\0').update(key).digest(),
      macKey: createHash('sha256').update('credlife-fp1-mac\0').update(key).digest(),
    };
    derived.set(key, k);
  }
  return k;
}

/** `fp1:` + base64url(16 bytes of HMAC or scrypt, see above). Equal values and keys give equal fingerprints. */
export function fingerprintOf(value: string, key: string = DEFAULT_FINGERPRINT_KEY): string {
  const { salt, macKey } = keysFor(key);
  if (isMachineGenerated(value)) {
    return `fp1:${createHmac('sha256', macKey).update(value).digest().subarray(0, OUTPUT_BYTES).toString('base64url')}`;
  }
  // Cache on a hash of (salt, value) so the cache itself holds no raw secret.
  const cacheKey = createHash('sha256').update(salt).update(value).digest('base64');
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const out = `fp1:${scryptSync(value, salt, OUTPUT_BYTES, SCRYPT).toString('base64url')}`;
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(cacheKey, out);
  return out;
}
