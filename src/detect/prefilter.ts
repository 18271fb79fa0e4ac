// Keyword prefilter: find where each rule's keywords occur, so that rule regexes only run near them.
// Two implementations behind one interface (`KeywordMatcher.scan`), so a real Aho-Corasick matcher can
// replace them without touching the detector:
// - SimpleKeywordMatcher: indexOf per case-sensitive keyword, one combined regex for case-insensitive
//   ones. Obvious, but one pass per keyword (~1 GB/s per pass, so ~15 MB/s with 70 keywords).
// - PairKeywordMatcher (the default): one pass over the text. A bitmap of the ASCII-case-folded first
//   three characters of every keyword (2^21 bits; two-character keywords set every third character)
//   rejects almost every position with one lookup; where it passes, a second bitmap of characters 1–3
//   rejects most of the rest (`pro` of `property` against `process.env`), then a 128×128 table of the exact
//   first two characters (all case variants for case-insensitive keywords) gives the candidate keywords, and
//   only those are compared. The result is the same as comparing every keyword at every position.
// GroupedKeywordMatcher is the same pass for several independent keyword sets at once (the credential rules,
// the evidence patterns, code-candidate anchors: src/pipeline/keyword-pass.ts); PairKeywordMatcher is one set.

export interface KeywordSpec {
  /** Index of the rule in the compiled rule list. */
  rule: number;
  keywords: readonly string[];
  ignoreCase: boolean;
}

export interface KeywordMatcher {
  /** Offsets of keyword hits per rule index (sorted, capped at `maxHitsPerRule`). */
  scan(text: string, maxHitsPerRule?: number): Map<number, number[]>;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class SimpleKeywordMatcher implements KeywordMatcher {
  /** keyword → rule indexes (case-sensitive). */
  private readonly exact = new Map<string, number[]>();
  /** lowercased keyword → rule indexes (case-insensitive). */
  private readonly folded = new Map<string, number[]>();
  private readonly foldedRe: RegExp | null;

  constructor(specs: readonly KeywordSpec[]) {
    for (const spec of specs) {
      for (const kw of spec.keywords) {
        const map = spec.ignoreCase ? this.folded : this.exact;
        const key = spec.ignoreCase ? kw.toLowerCase() : kw;
        const list = map.get(key) ?? [];
        if (!list.includes(spec.rule)) list.push(spec.rule);
        map.set(key, list);
      }
    }
    const words = [...this.folded.keys()].sort((a, b) => b.length - a.length);
    this.foldedRe = words.length ? new RegExp(words.map(escapeRegex).join('|'), 'gi') : null;
  }

  scan(text: string, maxHitsPerRule = 10_000): Map<number, number[]> {
    const hits = new Map<number, number[]>();
    const add = (rule: number, at: number) => {
      let list = hits.get(rule);
      if (!list) hits.set(rule, (list = []));
      list.push(at);
    };
    // Each keyword stops after the cap; the cap over all of a rule's keywords is applied to the sorted list.
    for (const [kw, rules] of this.exact) {
      let at = text.indexOf(kw);
      let count = 0;
      while (at >= 0 && count++ < maxHitsPerRule) {
        for (const r of rules) add(r, at);
        at = text.indexOf(kw, at + 1);
      }
    }
    if (this.foldedRe) {
      const re = new RegExp(this.foldedRe.source, 'gi');
      // Each keyword stops at the cap on its own, as above (a shared budget let a frequent keyword use up
      // another's: "aaaa-" never reached the "-"); the walk ends once every keyword is capped.
      const counts = new Map<string, number>();
      let capped = 0;
      let m: RegExpExecArray | null;
      while (capped < this.folded.size && (m = re.exec(text)) !== null) {
        // The regex finds the longest keyword at a position; credit every keyword that starts there, and look
        // again one character on, so that overlapping keywords ("\0z" then "zz" in "\0zz") are all found.
        const at = m.index;
        for (const [kw, rules] of this.folded) {
          if (at + kw.length > text.length || text.slice(at, at + kw.length).toLowerCase() !== kw) continue;
          const n = counts.get(kw) ?? 0;
          if (n >= maxHitsPerRule) continue;
          for (const r of rules) add(r, at);
          counts.set(kw, n + 1);
          if (n + 1 === maxHitsPerRule) capped++;
        }
        re.lastIndex = at + 1;
      }
    }
    for (const [rule, list] of hits) hits.set(rule, list.sort((a, b) => a - b).slice(0, maxHitsPerRule));
    return hits;
  }
}

/** Does `text` at `at` start with the lowercase ASCII `folded`, ignoring ASCII case? (No allocation.) */
function startsWithFolded(text: string, at: number, folded: string): boolean {
  for (let j = 0; j < folded.length; j++) {
    let c = text.charCodeAt(at + j);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== folded.charCodeAt(j)) return false;
  }
  return true;
}

/** ASCII case fold for the position filter: A-Z → a-z; NUL stays 0; non-ASCII → 127 (no table keyword holds 0 or 127). */
const FOLD = new Uint8Array(65536).fill(127);
for (let c = 0; c < 127; c++) FOLD[c] = c >= 65 && c <= 90 ? c + 32 : c;
const foldCode = (c: number): number => FOLD[c]!;

/** Keywords whose first three characters are printable-range ASCII go into the tables; others use indexOf. */
function tableable(kw: string): boolean {
  for (let j = 0; j < Math.min(3, kw.length); j++) {
    const c = kw.charCodeAt(j);
    if (c === 0 || c >= 127) return false;
  }
  return true;
}

interface PairEntry {
  keyword: string;
  /** Lowercased keyword when matched case-insensitively, else null. */
  folded: string | null;
  /** The group whose rules a hit of this keyword is for. Entries are per group, so that at a position each
   *  group sees its keywords in the order a matcher of its own would (rules first hit there in that order). */
  group: number;
  rules: number[];
}

/**
 * Several independent keyword sets ("groups": e.g. the credential rules and the scorecard's evidence patterns)
 * found in one pass over the text. Each group's hits are exactly what a matcher of that group alone finds
 * (its own cap per rule, its own fallback matcher); only the pass over the text is shared.
 */
export class GroupedKeywordMatcher {
  /** (c1 << 7 | c2) → 1 + bucket index; 0 = no keyword starts with this pair. */
  private readonly table = new Uint16Array(128 * 128);
  private readonly buckets: PairEntry[][] = [];
  /** Bit (a << 14 | b << 7 | c) set when a keyword can start with folded characters a, b, c. */
  private readonly tri = new Uint32Array((1 << 21) >>> 5);
  /** The same for the folded characters 1–3 of every keyword (keywords of two or three characters set every
   *  character after them): checked where `tri` lets a position through, before the pair table. */
  private readonly tri2 = new Uint32Array((1 << 21) >>> 5);
  /** Per group: keywords with non-ASCII (or NUL / DEL) in their first three characters, searched with indexOf. */
  private readonly fallbacks: (SimpleKeywordMatcher | null)[];

  constructor(groups: readonly (readonly KeywordSpec[])[]) {
    const entries = new Map<string, PairEntry>();
    this.fallbacks = groups.map((specs, g) => {
      const fallbackSpecs: KeywordSpec[] = [];
      for (const spec of specs) {
        for (const kw of spec.keywords) {
          if (kw.length < 2 || !tableable(kw)) {
            fallbackSpecs.push({ rule: spec.rule, keywords: [kw], ignoreCase: spec.ignoreCase });
            continue;
          }
          const id = spec.ignoreCase ? `${g}:i:${kw.toLowerCase()}` : `${g}:s:${kw}`;
          let e = entries.get(id);
          if (!e) entries.set(id, (e = { keyword: kw, folded: spec.ignoreCase ? kw.toLowerCase() : null, group: g, rules: [] }));
          if (!e.rules.includes(spec.rule)) e.rules.push(spec.rule);
        }
      }
      return fallbackSpecs.length ? new SimpleKeywordMatcher(fallbackSpecs) : null;
    });
    for (const e of entries.values()) this.addEntry(e);
  }

  private addEntry(e: PairEntry): void {
    const f = e.keyword.toLowerCase();
    const fa = foldCode(f.charCodeAt(0));
    const fb = foldCode(f.charCodeAt(1));
    const thirds = f.length >= 3 ? [foldCode(f.charCodeAt(2))] : Array.from({ length: 128 }, (_, x) => x);
    for (const fc of thirds) {
      const key = (fa << 14) | (fb << 7) | fc;
      this.tri[key >>> 5]! |= 1 << (key & 31);
    }
    // Keys of tri2 that fit: one bit, or (a keyword of two or three characters) a whole aligned run of them.
    const known = Math.min(f.length, 4) - 1;
    let first = fb << 14;
    if (known >= 2) first |= foldCode(f.charCodeAt(2)) << 7;
    if (known >= 3) first |= foldCode(f.charCodeAt(3));
    if (known === 3) this.tri2[first >>> 5]! |= 1 << (first & 31);
    else this.tri2.fill(0xffffffff, first >>> 5, (first + (known === 2 ? 1 << 7 : 1 << 14)) >>> 5);
    const a = e.keyword.charAt(0);
    const b = e.keyword.charAt(1);
    const firsts = e.folded ? [...new Set([a.toLowerCase(), a.toUpperCase()])] : [a];
    const seconds = e.folded ? [...new Set([b.toLowerCase(), b.toUpperCase()])] : [b];
    for (const x of firsts) {
      for (const y of seconds) {
        const slot = (x.charCodeAt(0) << 7) | y.charCodeAt(0);
        if (this.table[slot] === 0) {
          this.buckets.push([]);
          this.table[slot] = this.buckets.length;
        }
        this.buckets[this.table[slot]! - 1]!.push(e);
      }
    }
  }

  /** The exact check at a position the bitmap let through (kept out of the scan loop so that stays small). */
  private candidatesAt(text: string, i: number, hits: Map<number, number[]>[], caps: readonly number[]): void {
    const len = text.length;
    const key = (FOLD[text.charCodeAt(i + 1)]! << 14) | ((i + 2 < len ? FOLD[text.charCodeAt(i + 2)]! : 0) << 7) | (i + 3 < len ? FOLD[text.charCodeAt(i + 3)]! : 0);
    if ((this.tri2[key >>> 5]! & (1 << (key & 31))) === 0) return;
    const c1 = text.charCodeAt(i);
    const c2 = text.charCodeAt(i + 1);
    if ((c1 | c2) >= 128) return;
    const bucket = this.table[(c1 << 7) | c2]!;
    if (bucket === 0) return;
    for (const e of this.buckets[bucket - 1]!) {
      const ok = e.folded === null ? text.startsWith(e.keyword, i) : i + e.keyword.length <= text.length && startsWithFolded(text, i, e.folded);
      if (!ok) continue;
      const out = hits[e.group]!;
      const cap = caps[e.group]!;
      for (const r of e.rules) {
        let list = out.get(r);
        if (!list) out.set(r, (list = []));
        if (list.length < cap) list.push(i);
      }
    }
  }

  /** Per group: offsets of keyword hits per rule index (sorted, capped at that group's cap). */
  scanGroups(text: string, caps: readonly number[]): Map<number, number[]>[] {
    const hits = this.fallbacks.map(() => new Map<number, number[]>());
    const tri = this.tri;
    const fold = FOLD;
    const len = text.length;
    // key: the folded codes of three characters (7 bits each) ending at j = i + 2; a keyword can start
    // at i only where its bit is set. The last start position (len - 2) sees a zero third character.
    let key = len > 0 ? fold[text.charCodeAt(0)]! : 0;
    if (len > 1) key = (key << 7) | fold[text.charCodeAt(1)]!;
    for (let j = 2; j <= len; j++) {
      key = ((key << 7) | (j < len ? fold[text.charCodeAt(j)]! : 0)) & 0x1fffff;
      if ((tri[key >>> 5]! & (1 << (key & 31))) === 0) continue;
      this.candidatesAt(text, j - 2, hits, caps);
    }
    // Fallback hits join after the pass, and the cap keeps the first positions of both together.
    this.fallbacks.forEach((fallback, g) => {
      if (!fallback) return;
      const mine = hits[g]!;
      for (const [rule, list] of fallback.scan(text, caps[g])) {
        const own = mine.get(rule);
        mine.set(rule, own ? [...own, ...list].sort((x, y) => x - y).slice(0, caps[g]) : list);
      }
    });
    return hits;
  }
}

/** One group of keyword specs (the detector's, or the evidence patterns'). */
export class PairKeywordMatcher implements KeywordMatcher {
  private readonly grouped: GroupedKeywordMatcher;

  constructor(specs: readonly KeywordSpec[]) {
    this.grouped = new GroupedKeywordMatcher([specs]);
  }

  scan(text: string, maxHitsPerRule = 10_000): Map<number, number[]> {
    return this.grouped.scanGroups(text, [maxHitsPerRule])[0]!;
  }
}
