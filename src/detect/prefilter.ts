// Keyword prefilter: find where each rule's keywords occur, so that rule regexes only run near them.
// Case-sensitive keywords use indexOf (one pass per distinct keyword); case-insensitive ones share one
// combined regex. The interface (`KeywordMatcher.scan`) is all the detector sees, so an Aho-Corasick
// matcher can replace this without touching anything else.

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
      if (list.length < maxHitsPerRule) list.push(at);
    };
    for (const [kw, rules] of this.exact) {
      let at = text.indexOf(kw);
      let count = 0;
      while (at >= 0 && count++ < maxHitsPerRule) {
        for (const r of rules) add(r, at);
        at = text.indexOf(kw, at + kw.length);
      }
    }
    if (this.foldedRe) {
      const re = new RegExp(this.foldedRe.source, 'gi');
      let m: RegExpExecArray | null;
      let count = 0;
      while ((m = re.exec(text)) !== null && count++ < maxHitsPerRule * 4) {
        const word = m[0].toLowerCase();
        // A longer keyword may contain shorter ones ("client_secret" ⊃ "secret"): credit all of them.
        for (const [kw, rules] of this.folded) {
          if (kw.length <= word.length && word.includes(kw)) for (const r of rules) add(r, m.index);
        }
      }
    }
    for (const list of hits.values()) list.sort((a, b) => a - b);
    return hits;
  }
}
