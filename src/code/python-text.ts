// Text utilities for the Python analyser: logical lines (brackets, strings, continuations, comments) and
// bracket-aware slicing of argument lists. Pure functions over strings; no Python runtime.

/** A logical line: one statement header or simple statement, possibly spanning physical lines. */
export interface LLine {
  start: number;
  end: number;
  indent: number;
  /** The source slice with comments blanked (offsets stay aligned with the file). */
  text: string;
}

/** Split into logical lines: brackets and backslashes continue a line; comments are blanked. */
export function logicalLines(text: string): LLine[] {
  const out: LLine[] = [];
  const chars = text.split('');
  let depth = 0;
  let lineStart = 0;
  let i = 0;
  const n = text.length;
  const push = (end: number) => {
    const slice = chars.slice(lineStart, end).join('');
    if (slice.trim()) {
      const indent = /^[ \t]*/.exec(slice)![0].replace(/\t/g, '        ').length;
      out.push({ start: lineStart, end, indent, text: slice });
    }
    lineStart = end + 1;
  };
  while (i < n) {
    const ch = text[i]!;
    if (ch === '#') {
      while (i < n && text[i] !== '\n') chars[i++] = ' ';
      continue;
    }
    if (ch === '"' || ch === "'") {
      const triple = text.startsWith(ch.repeat(3), i);
      const quote = triple ? ch.repeat(3) : ch;
      // A triple-quoted string that is a statement of its own (a docstring) is prose: its examples
      // (`os.environ["X"]`, `Agent(tools=[…])`) are not the module's code. Blanked, newlines kept.
      const docstring = triple && depth === 0 && text.slice(lineStart, i).trim() === '';
      i += quote.length;
      while (i < n) {
        if (text[i] === '\\') {
          if (docstring) for (const k of [i, i + 1]) if (k < n && text[k] !== '\n') chars[k] = ' ';
          i += 2;
          continue;
        }
        if (text.startsWith(quote, i)) {
          i += quote.length;
          break;
        }
        if (!triple && text[i] === '\n') break; // unterminated: stop at end of line
        if (docstring && text[i] !== '\n') chars[i] = ' ';
        i++;
      }
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
    else if (ch === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    } else if (ch === '\n' && depth === 0) push(i);
    i++;
  }
  push(n);
  return out;
}

const OPENERS = '([{';
const CLOSERS = ')]}';

/**
 * Walk `text` from `from` to its end, skipping Python string literals ('…', "…", triple-quoted, with
 * escapes), and call `visit` on every other character with the bracket depth before it; `visit` is also
 * called once at `text.length` with `undefined`. Returns the index where `visit` returned true, or -1.
 */
function walkOutsideStrings(text: string, from: number, visit: (ch: string | undefined, i: number, depth: number) => boolean): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = from; i <= text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (text.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = null;
      }
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = text.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
      continue;
    }
    if (visit(ch, i, depth)) return i;
    if (ch !== undefined && OPENERS.includes(ch)) depth++;
    else if (ch !== undefined && CLOSERS.includes(ch)) depth--;
  }
  return -1;
}

/** The text of a bracketed argument list starting at `open` (the index of "("), or up to the end. */
export function argsAt(text: string, open: number): string {
  const close = walkOutsideStrings(text, open, (ch, _i, depth) => ch !== undefined && CLOSERS.includes(ch) && depth === 1);
  return close < 0 ? text.slice(open + 1) : text.slice(open + 1, close);
}

/** The expression starting at `from` up to the next top-level comma / semicolon / closing bracket / end of line. */
export function valueExtent(text: string, from: number): string {
  const end = walkOutsideStrings(
    text,
    from,
    (ch, _i, depth) => depth === 0 && ch !== undefined && (CLOSERS.includes(ch) || ch === ',' || ch === '\n' || ch === ';'),
  );
  return end < 0 ? text.slice(from) : text.slice(from, end);
}

/** Split top-level comma-separated items of an argument list / dict body, with their offsets. */
export function splitTop(text: string): { item: string; offset: number }[] {
  const out: { item: string; offset: number }[] = [];
  let start = 0;
  walkOutsideStrings(text, 0, (ch, i, depth) => {
    if ((ch === ',' && depth === 0) || ch === undefined) {
      const item = text.slice(start, i);
      if (item.trim()) out.push({ item, offset: start });
      start = i + 1;
    }
    return false;
  });
  return out;
}

/** Parenthesis depth at each offset (strings skipped), to tell call arguments from the value itself. */
export function parenDepths(text: string): number[] {
  const out = new Array<number>(text.length + 1).fill(0);
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    out[i] = depth;
    if (quote) {
      if (ch === '\\') out[++i] = depth;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
  }
  return out;
}

// String bodies: an escape (a backslash and the character after it) or any other character but the quote.
// A backslash can only start an escape: were it also "any other character", a run of backslashes could be
// split in exponentially many ways, and a string that does not close backtracked for minutes.
const STRING_RE = /^\s*([rRbBuU]?)(["'])((?:\\[\s\S]|(?!\2)[^\\])*)\2\s*$/;
export const FSTRING_RE = /^\s*[fF][rR]?(["'])((?:\\[\s\S]|(?!\1)[^\\])*)\1\s*$/;
/** A one-line string literal (quote, body, quote), for blanking strings out of a line. */
const LINE_STRING = /(["'])(?:\\.|(?!\1)[^\\\n\r\u2028\u2029])*\1/g;

/** The line with every one-line string literal replaced by spaces (offsets kept). */
export function blankStrings(text: string): string {
  return text.replace(LINE_STRING, (x) => ' '.repeat(x.length));
}

export function stringLiteral(expr: string): string | undefined {
  const m = STRING_RE.exec(expr);
  return m ? m[3] : undefined;
}

