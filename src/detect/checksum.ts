// Checksums that some providers embed in their tokens. A token whose checksum does not verify is a
// random-looking string, not a real credential: dropping it removes many false positives.
import { crc32 } from '../ruleset/crc32.js';

export { crc32 };

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function base62Decode(text: string): number | null {
  let n = 0;
  for (const ch of text) {
    const d = BASE62.indexOf(ch);
    if (d < 0) return null;
    n = n * 62 + d;
  }
  return n;
}

/**
 * GitHub (ghp_, gho_, ghu_, ghs_, ghr_) and npm (npm_) tokens: PREFIX_ + 30 random base62 chars + 6 base62
 * chars holding CRC32(random part), left-padded with "0"
 * (https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/).
 */
function verifyPrefixedCrc32(token: string): boolean {
  const underscore = token.indexOf('_');
  if (underscore < 0) return false;
  const body = token.slice(underscore + 1);
  if (body.length < 7) return false;
  const random = body.slice(0, -6);
  const sum = base62Decode(body.slice(-6));
  return sum !== null && sum === crc32(random);
}

const VERIFIERS: Record<string, (secret: string) => boolean> = {
  'github-crc32': verifyPrefixedCrc32,
  'npm-crc32': verifyPrefixedCrc32,
};

export const CHECKSUM_NAMES: readonly string[] = Object.keys(VERIFIERS);

/** True when the secret's embedded checksum verifies (unknown verifier names are rejected at load). */
export function verifyChecksum(name: string, secret: string): boolean {
  const verify = VERIFIERS[name];
  return verify ? verify(secret) : false;
}
