// Key names on a value's line. Keyword-context provider rules (Serper, Twilio, Cohere, …) need a key that
// names the provider; the nearest key often does not (`serper_api_key = make_client(api_key="…")`,
// `const braveKey = { Authorization: \`Bearer …\` }`, `"serper": { "API_KEY": "…" }`), but an assignment
// target or an enclosing key earlier on the same line does.

const LINE_LIMIT = 400;
// An identifier or quoted key followed by an assignment (=, :=, :, =>), JSON-escaped quotes allowed
// (notebook cells: `\"serper\": …`). `==` / `=>` comparisons and arrows are not assignments.
const ASSIGNED = /([A-Za-z_$][\w$.-]{0,80})\\?["']?\]?[ \t]*(?::=|=(?![=>])|:(?![:/]))/g;

/** Assigned key names on the line before `at`, nearest first. */
export function keysBefore(text: string, at: number): string[] {
  const from = Math.max(0, at - LINE_LIMIT);
  const nl = text.lastIndexOf('\n', at - 1);
  const before = text.slice(Math.max(from, nl + 1), at);
  const keys: string[] = [];
  for (const m of before.matchAll(ASSIGNED)) keys.push(m[1]!);
  return keys.reverse();
}
