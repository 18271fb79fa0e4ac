// What a message may quote back to the user. Values given on the command line can be pasted secrets, so a
// value is quoted only when it has the shape of what it claims to be (a git ref) and not of a credential.

/** A git ref as people write them: origin/main, v1.2.0, release/2026-11, HEAD~3, a commit id. */
const REF_SHAPE = /^[A-Za-z0-9][A-Za-z0-9._/~^@{}-]{0,199}$/;

/**
 * Does this look like a credential rather than a name? A piece of 16+ characters (split at / . _ - ~ ^ @)
 * that mixes letter case or letters and digits is credential-shaped (ghp_…, sk-…, AKIA…, random tokens);
 * lower-case words and commit ids (hex up to 40) are not.
 */
export function credentialShaped(value: string): boolean {
  for (const piece of value.split(/[/._~^@{}-]+/)) {
    if (piece.length < 16) continue;
    if (/^[0-9a-f]{16,40}$/.test(piece)) continue;
    const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((r) => r.test(piece)).length;
    if (classes >= 2) return true;
  }
  return false;
}

/** A git ref that may be quoted in a message: ref-shaped and not credential-shaped. */
export function showableRef(value: string): boolean {
  return REF_SHAPE.test(value) && !credentialShaped(value);
}

/** `"origin/main"` for a showable ref, else a placeholder that says why it is not shown. */
export function quoteRef(value: string): string {
  return showableRef(value) ? `"${value}"` : '(value not shown: it looks like a credential)';
}
