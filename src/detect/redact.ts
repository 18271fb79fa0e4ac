// What reports show instead of a secret: its known prefix, and the last 4 characters only when the
// secret is long enough that 4 characters give nothing away. Never more.

/** Characters beyond the prefix a secret needs before its last 4 are shown. */
export const MIN_LENGTH_FOR_SUFFIX = 16;

export function redact(secret: string, prefix = ''): string {
  const knownPrefix = prefix && secret.startsWith(prefix) ? prefix : '';
  const rest = secret.length - knownPrefix.length;
  if (rest >= MIN_LENGTH_FOR_SUFFIX) return `${knownPrefix}…${secret.slice(-4)}`;
  return `${knownPrefix}…`;
}
