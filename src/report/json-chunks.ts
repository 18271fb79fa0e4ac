// JSON text in pieces: the same text as JSON.stringify(value, null, 2), but arrays wrapped in JsonStream are
// serialised one element at a time, so a report with 60,000 findings (or SARIF results) is never one string.
// Pure: no I/O; the caller writes the pieces.

/** An array whose elements are produced (and serialised) one at a time. */
export class JsonStream<T = unknown> {
  constructor(readonly items: Iterable<T>) {}
}

/** Does a value hold a JsonStream anywhere (plain objects and arrays only)? */
function holdsStream(v: unknown): boolean {
  if (v instanceof JsonStream) return true;
  if (Array.isArray(v)) return v.some(holdsStream);
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return Object.values(v).some(holdsStream);
  return false;
}

function indent(text: string, pad: string): string {
  return text.includes('\n') ? text.replace(/\n/g, `\n${pad}`) : text;
}

/** JSON.stringify(value, null, 2) at nesting `pad`, in pieces (see the file comment). */
export function* jsonChunks(value: unknown, pad = ''): Generator<string> {
  if (value instanceof JsonStream) {
    let n = 0;
    for (const item of value.items as Iterable<unknown>) {
      yield `${n++ ? ',' : '['}\n${pad}  ${indent(JSON.stringify(item, null, 2) ?? 'null', `${pad}  `)}`;
    }
    yield n ? `\n${pad}]` : '[]';
    return;
  }
  if (!holdsStream(value)) {
    yield indent(JSON.stringify(value, null, 2) ?? 'null', pad);
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      yield `${i ? ',' : '['}\n${pad}  `;
      const v = value[i];
      yield* v === undefined || typeof v === 'function' ? ['null'] : jsonChunks(v, `${pad}  `);
    }
    yield value.length ? `\n${pad}]` : '[]';
    return;
  }
  let first = true;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined || typeof v === 'function') continue;
    yield `${first ? '{' : ','}\n${pad}  ${JSON.stringify(key)}: `;
    first = false;
    yield* jsonChunks(v, `${pad}  `);
  }
  yield first ? '{}' : `\n${pad}}`;
}
