// Inline suppressions, found in each file by the worker that reads it:
//
//   the marker `credlife-ignore`, an optional `[rule-id]` (or a bare `rule-id`), a colon, then the reason; inside the reason
//   `until=YYYY-MM-DD` sets an expiry and `rule=<rule-id>` limits it to one rule (examples in
//   docs/ci-gate.md; written this way so that this file holds no suppression itself).
//
// A trailing comment applies to findings on its own line; a comment on a line of its own applies to
// the next line (and its own). A reason is required: a marker
// with an empty reason is still returned (so policy can warn about it) but never suppresses. The marker
// counts when followed by ":" or "[", or when it ends a comment with nothing after it (the bare form a user
// may expect to work: returned without a reason, so it warns); prose that merely mentions the word is not a
// suppression.
import type { FileContext, InlineSuppression } from '../model/records.js';

const MARKER = 'credlife-ignore';
/** The word every suppression starts with (a shared keyword pass looks for it; see findInlineSuppressions). */
export const SUPPRESSION_MARKER = MARKER;
/** How to write one, for messages (built so that this source line is not itself a suppression). */
export const SUPPRESSION_EXAMPLE = `${MARKER}: <why this is safe>`;
const MAX_REASON = 200;
// marker, optional [rule-id], then ":" and the rest of the line.
// The rule id may also follow the marker as a bare word (`credlife-ignore github-classic-pat: reason`), the way
// linters take theirs.
const SUPPRESSION = /credlife-ignore(?:\s*\[\s*(?<bracketRule>[^\]\s]{1,100})\s*\]|[ \t]+(?<wordRule>[a-z0-9][a-z0-9._-]{0,99}))?\s*:(?<rest>[^\n\r]{0,1000})/g;
// The bare marker: nothing but a comment closer between it and the end of the line.
const BARE = /credlife-ignore(?=[ \t]*(?:\*\/|-->|#\}|%>|\*\))?[ \t]*(?:\r?\n|$))/g;
// A comment opener somewhere before a bare marker on its line (a bare marker in prose is not a suppression).
const COMMENT_OPENER = /(?:^|\s)(?:#|\/\/|\/\*|<!--|--|;|\{#|\(\*|REM\b)/i;
// Comment closers and string quotes that end the line after the reason.
const TRAILERS = /\s*(?:\*\/|-->|#\}|%>|\*\)|["'`]\s*[,;)]*)\s*$/;

// What may precede the marker on a comment-only line: indentation and comment openers of common languages.
const COMMENT_ONLY_PREFIX = /^\s*(?:#+|\/\/+|\/\*+|\*|<!--|--|;+|%|\{#|\(\*|REM\b|')?\s*$/i;

/**
 * Worker side: find suppression comments in one file. Cheap when the marker is absent. `hasMarker`: whether the
 * text holds the marker, when a keyword pass already looked.
 */
export function findInlineSuppressions(ctx: FileContext, hasMarker?: boolean): InlineSuppression[] {
  if (!(hasMarker ?? ctx.text.includes(MARKER))) return [];
  const out: InlineSuppression[] = [];
  for (const m of ctx.text.matchAll(SUPPRESSION)) {
    const { line, column } = ctx.lineAt(m.index!);
    const before = ctx.text.slice(m.index! - (column - 1), m.index!);
    const standalone = COMMENT_ONLY_PREFIX.test(before);
    out.push({ file: ctx.file, line, ...parseSuppressionText(m.groups?.rest ?? '', m.groups?.bracketRule ?? m.groups?.wordRule), standalone });
  }
  for (const m of ctx.text.matchAll(BARE)) {
    const { line, column } = ctx.lineAt(m.index!);
    const before = ctx.text.slice(m.index! - (column - 1), m.index!);
    if (!COMMENT_OPENER.test(before)) continue;
    out.push({ file: ctx.file, line, reason: '', standalone: COMMENT_ONLY_PREFIX.test(before) });
  }
  if (out.length > 1) out.sort((a, b) => a.line - b.line);
  return out;
}

/** Split "reason until=… rule=…" into its parts. Exported for tests. */
export function parseSuppressionText(rest: string, bracketRule?: string): { reason: string; until?: string; ruleId?: string } {
  let text = rest.replace(TRAILERS, '');
  let until: string | undefined;
  let ruleId = bracketRule;
  const u = /(?:^|\s)until=(\S*)/.exec(text);
  if (u) {
    until = u[1]!;
    text = text.replace(u[0], ' ');
  }
  const r = /(?:^|\s)rule=(\S*)/.exec(text);
  if (r) {
    ruleId = r[1]!;
    text = text.replace(r[0], ' ');
  }
  // Control characters and long tails never reach reports.
  const reason = text.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_REASON);
  return { reason, ...(until !== undefined ? { until } : {}), ...(ruleId !== undefined ? { ruleId } : {}) };
}

/** Is `until` a real calendar date in YYYY-MM-DD form? */
export function validUntil(until: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(until);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** A suppression is live through the whole `until` day (UTC) and expired from the next day on. */
export function isExpired(until: string, now: Date): boolean {
  const today = now.toISOString().slice(0, 10);
  return today > until;
}
