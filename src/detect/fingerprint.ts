// Fingerprints let a report say "the same secret appears in these three places" without holding the
// secret. A plain hash would let anyone with the report recover a short password by hashing guesses, and a
// built-in key is public, so:
// - with CREDLIFE_FINGERPRINT_KEY set (a CI secret), every value gets a keyed HMAC-SHA256 (`fp1:`): without
//   the key nobody can test a guess against it;
// - without it, a value that looks machine-generated (long, no whitespace, no word-like letter run, ≥ 128
//   bits of estimated entropy: provider tokens, AWS secret keys, JWTs; and AWS access key ids) gets an HMAC
//   under the public default key: guessing 128 random bits is hopeless, so a public key costs nothing;
// - without it, anything guessable (short or human-chosen: passwords, passphrases, connection strings) gets
//   NO value-derived fingerprint: `loc1:` + a hash of where it is (rule, file, key name). Baselines then key
//   it on rule, file and key name, and reuse across places is not claimed for it.
// No slow hash (scrypt) anywhere: the scan path stays fast whatever the tree holds.
import { createHash, createHmac } from 'node:crypto';
import { shannonEntropy } from './entropy.js';

/** Used when CREDLIFE_FINGERPRINT_KEY is not set, for machine-generated values only (it is public). */
export const DEFAULT_FINGERPRINT_KEY = 'credlife-fingerprint-v1';
const OUTPUT_BYTES = 16;
/** Prefix of fingerprints derived from where a guessable value is, not from the value (no key set). */
export const LOCATION_FINGERPRINT_PREFIX = 'loc1:';

/** Below this many estimated bits a value might be guessed. */
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

const derived = new Map<string, Buffer>();

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

/** The key to use: CREDLIFE_FINGERPRINT_KEY, or '' when unset (see fingerprintOf for what no key means). */
export function fingerprintKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.CREDLIFE_FINGERPRINT_KEY ?? '';
}

function macKeyFor(key: string): Buffer {
  let k = derived.get(key);
  if (!k) derived.set(key, (k = createHash('sha256').update('credlife-fp1-mac\0').update(key).digest()));
  return k;
}

/** Where a value is, for the fingerprint of a guessable value when no key is set. */
export interface FingerprintSlot {
  ruleId: string;
  file: string;
  /** The variable / key the value is assigned to, when known. */
  keyName?: string;
}

/** Does this fingerprint come from the value (equal values, equal fingerprints) rather than from its place? */
export function isValueFingerprint(fp: string): boolean {
  return !fp.startsWith(LOCATION_FINGERPRINT_PREFIX);
}

/**
 * `fp1:` + base64url(16 bytes of HMAC-SHA256) of the value, keyed with `key` (CREDLIFE_FINGERPRINT_KEY); with
 * no key, machine-generated values use the public default key and guessable ones get `loc1:` + a hash of
 * `slot` (see the file comment). Never a slow hash.
 */
export function fingerprintOf(value: string, key = '', slot: FingerprintSlot = { ruleId: '', file: '' }): string {
  if (key.length > 0 || isMachineGenerated(value)) {
    const mac = macKeyFor(key.length > 0 ? key : DEFAULT_FINGERPRINT_KEY);
    return `fp1:${createHmac('sha256', mac).update(value).digest().subarray(0, OUTPUT_BYTES).toString('base64url')}`;
  }
  const where = createHash('sha256').update('credlife-loc1\0').update(slot.ruleId).update('\0').update(slot.file).update('\0').update(slot.keyName ?? '');
  return `${LOCATION_FINGERPRINT_PREFIX}${where.digest().subarray(0, OUTPUT_BYTES).toString('base64url')}`;
}
