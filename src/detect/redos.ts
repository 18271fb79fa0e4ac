// Load-time guard against regexes that backtrack catastrophically. JavaScript regexes cannot be
// interrupted, so a rule that can take exponential time on a hostile line would stall the whole scan.
// Two layers: a static check for the classic shapes, then a timed probe on adversarial inputs, run in a
// worker thread that is terminated when a regex runs past its deadline.
import { Worker } from 'node:worker_threads';

const SAMPLE_CHARS = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).concat(['\t', '\n', 'é']);

interface GroupFrame {
  start: number;
  /** Some quantifier inside the group is unbounded (*, +, {n,}). */
  hasUnbounded: boolean;
  /** Offsets of top-level `|` inside the group. */
  bars: number[];
}

/** Set of sample characters an atom at `src[i]` can start with (approximate; null = unknown). */
function firstChars(alt: string): Set<string> | null {
  let s = alt.replace(/^\?(?::|=|!|<[=!]|<[A-Za-z_][A-Za-z0-9_]*>)/, '');
  s = s.replace(/^\^/, '');
  if (s.length === 0) return new Set();
  let atom: RegExp;
  try {
    if (s[0] === '\\') {
      const esc = s.slice(0, s[1] === 'u' ? 6 : s[1] === 'x' ? 4 : 2);
      atom = new RegExp(`^${esc}$`, 'u');
    } else if (s[0] === '[') {
      let j = 1;
      if (s[j] === '^') j++;
      if (s[j] === ']') j++;
      while (j < s.length && s[j] !== ']') j += s[j] === '\\' ? 2 : 1;
      atom = new RegExp(`^${s.slice(0, j + 1)}$`, 'u');
    } else if (s[0] === '(') {
      return null;
    } else if (s[0] === '.') {
      return new Set(SAMPLE_CHARS);
    } else {
      return new Set([s[0]!]);
    }
  } catch {
    return null;
  }
  return new Set(SAMPLE_CHARS.filter((c) => atom.test(c)));
}

function splitAlternatives(body: string, bars: number[], start: number): string[] {
  const out: string[] = [];
  let from = 0;
  for (const b of bars) {
    out.push(body.slice(from, b - start));
    from = b - start + 1;
  }
  out.push(body.slice(from));
  return out;
}

/** Length of an unbounded quantifier at src[i] (`*`, `+`, `{n,}`), or 0. Bounded `{n,m}` returns 0. */
function unboundedQuantifierAt(src: string, i: number): number {
  const c = src[i];
  if (c === '*' || c === '+') return 1;
  if (c === '{') {
    const m = /^\{(\d+),(\d*)\}/.exec(src.slice(i, i + 20));
    if (m && (m[2] === '' || Number(m[2]) > 1000)) return m[0].length;
  }
  return 0;
}

function quantifierAt(src: string, i: number): boolean {
  const c = src[i];
  return c === '*' || c === '+' || c === '?' || (c === '{' && /^\{\d+(,\d*)?\}/.test(src.slice(i, i + 20)));
}

/** Static check: the reason a regex source has a catastrophic-backtracking shape, or null. */
export function staticRedosReason(src: string): string | null {
  const stack: GroupFrame[] = [{ start: 0, hasUnbounded: false, bars: [] }];
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
      // An escaped atom followed by an unbounded quantifier counts for the enclosing group.
      if (unboundedQuantifierAt(src, i + 1)) stack[stack.length - 1]!.hasUnbounded = true;
      continue;
    }
    if (inClass) {
      if (c === ']') {
        inClass = false;
        if (unboundedQuantifierAt(src, i + 1)) stack[stack.length - 1]!.hasUnbounded = true;
      }
      continue;
    }
    if (c === '[') {
      inClass = true;
      continue;
    }
    if (c === '(') {
      stack.push({ start: i + 1, hasUnbounded: false, bars: [] });
      continue;
    }
    if (c === '|') {
      stack[stack.length - 1]!.bars.push(i);
      continue;
    }
    if (c === ')') {
      const frame = stack.pop();
      if (!frame || stack.length === 0) return null; // unbalanced: the RegExp constructor reports it
      const q = unboundedQuantifierAt(src, i + 1);
      const body = src.slice(frame.start, i);
      if (q) {
        if (frame.hasUnbounded) {
          return `nested quantifier: group "(${body.slice(0, 40)})" contains an unbounded quantifier and is itself repeated`;
        }
        if (frame.bars.length > 0) {
          const alts = splitAlternatives(body, frame.bars, frame.start).map(firstChars);
          for (let a = 0; a < alts.length; a++) {
            for (let b = a + 1; b < alts.length; b++) {
              const A = alts[a];
              const B = alts[b];
              if (A === null || B === null) continue;
              for (const ch of A) {
                if (B.has(ch)) {
                  return `overlapping alternation under a quantifier: alternatives of "(${body.slice(0, 40)})" can both start with ${JSON.stringify(ch)}`;
                }
              }
            }
          }
        }
      }
      const parent = stack[stack.length - 1]!;
      if (frame.hasUnbounded || q) parent.hasUnbounded = true;
      continue;
    }
    if (unboundedQuantifierAt(src, i + 1) && c !== '*' && c !== '+' && c !== '?' && c !== '}') {
      stack[stack.length - 1]!.hasUnbounded = true;
    }
    void quantifierAt;
  }
  return null;
}

export interface ProbeRequest {
  source: string;
  flags: string;
  keywords: readonly string[];
  budgetMs: number;
}

/** Adversarial lines for a regex: each keyword followed by long runs of characters regexes like, then a character that makes the match fail. */
export function adversarialInputs(keywords: readonly string[]): { input: string; keyword: string }[] {
  const fillers = ['a', 'A', '0', 'aA0', '-_', ' ', '=', '/+', '.', 'a ', '"a', '\\'];
  const tails = ['!', '\n'];
  const kws = keywords.length > 0 ? keywords.slice(0, 3) : [''];
  const out: { input: string; keyword: string }[] = [];
  for (const kw of kws) {
    for (const f of fillers) {
      const body = f.repeat(Math.ceil(3000 / f.length));
      for (const tail of tails) out.push({ input: `${kw}${body}${tail}${kw}=${body}${tail}`, keyword: kw });
    }
  }
  return out;
}

/** How long the whole probe of one regex may take before its worker is stopped (a regex that never returns). */
export const PROBE_DEADLINE_MS = 5_000;
/** How long a probe worker may take to start (not the regex's fault: a loaded machine). */
const PROBE_START_MS = 60_000;

let probeWorker: { worker: Worker; state: Int32Array; text: Uint8Array } | null = null;

function startProbeWorker(): NonNullable<typeof probeWorker> {
  const state = new Int32Array(new SharedArrayBuffer(8));
  const text = new Uint8Array(new SharedArrayBuffer(1024));
  const worker = new Worker(new URL('./redos-worker.js', import.meta.url), { workerData: { state, text } });
  worker.unref();
  worker.on('error', () => {});
  if (Atomics.wait(state, 0, 0, PROBE_START_MS) === 'timed-out') {
    void worker.terminate();
    throw new Error('the regex probe worker did not start');
  }
  return { worker, state, text };
}

/**
 * Timed probe: run the regex on adversarial strings built from the rule's keywords, in a worker thread.
 * Returns a reason when any probe takes longer than `budgetMs`, or when the whole probe has not finished after
 * PROBE_DEADLINE_MS: the worker is then terminated (a JavaScript regex cannot be interrupted any other way),
 * so a repository's config can never hang the scan. Synchronous: the caller waits on shared memory.
 */
export function probeRedos(re: RegExp, keywords: readonly string[], budgetMs = 200, deadlineMs = PROBE_DEADLINE_MS): string | null {
  probeWorker ??= startProbeWorker();
  const { worker, state, text } = probeWorker;
  const seq = Atomics.load(state, 0);
  worker.postMessage({ source: re.source, flags: re.flags, keywords: [...keywords], budgetMs } satisfies ProbeRequest);
  if (Atomics.wait(state, 0, seq, deadlineMs) === 'timed-out' && Atomics.load(state, 0) === seq) {
    probeWorker = null;
    void worker.terminate();
    return `regex did not finish within ${deadlineMs} ms on adversarial lines (stopped)`;
  }
  const length = Atomics.load(state, 1);
  return length === 0 ? null : new TextDecoder().decode(text.slice(0, length));
}
