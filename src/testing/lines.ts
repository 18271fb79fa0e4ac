// Finding expected line numbers in fixtures by a snippet, so tests do not hard-code line numbers.

/** 1-based line of the only line containing `snippet` (throws if absent or ambiguous). */
export function lineOf(text: string, snippet: string): number {
  const hits = text.split('\n').flatMap((l, i) => (l.includes(snippet) ? [i + 1] : []));
  if (hits.length !== 1) throw new Error(`snippet ${JSON.stringify(snippet)} found on ${hits.length} lines`);
  return hits[0]!;
}
