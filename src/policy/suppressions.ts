// Inline suppressions: `credlife-ignore: <reason>` on the finding's line or the line before,
// optionally `until=YYYY-MM-DD` and a rule id. (Issue 7 owns the full behaviour.)
import type { FileContext, InlineSuppression } from '../pipeline/types.js';

const MARKER = 'credlife-ignore';

/** Worker side: find suppression comments in one file. Cheap when the marker is absent. */
export function findInlineSuppressions(ctx: FileContext): InlineSuppression[] {
  if (!ctx.text.includes(MARKER)) return [];
  const out: InlineSuppression[] = [];
  const re = /credlife-ignore(?:\[(?<rule>[a-z0-9][a-z0-9-]*)\])?(?::\s*(?<rest>[^\n\r]*))?/g;
  for (const m of ctx.text.matchAll(re)) {
    const { line } = ctx.lineAt(m.index!);
    let rest = (m.groups?.rest ?? '').replace(/\s*(?:\*\/|-->|#}|%>)\s*$/, '').trim();
    let until: string | undefined;
    let ruleId = m.groups?.rule;
    const u = /\buntil=(\d{4}-\d{2}-\d{2})\b/.exec(rest);
    if (u) {
      until = u[1];
      rest = rest.replace(u[0], '').trim();
    }
    const r = /\brule=([a-z0-9][a-z0-9-]*)\b/.exec(rest);
    if (r) {
      ruleId = r[1];
      rest = rest.replace(r[0], '').trim();
    }
    out.push({ file: ctx.file, line, reason: rest, until, ruleId });
  }
  return out;
}
