// One keyword pass over a file's text for every stage that looks for words in it: the credential rules (and
// the path-limited rules on their files), the scorecard's evidence patterns that apply to the file, the
// TypeScript code-candidate anchors and the suppression marker. Each stage gets exactly the hits a matcher of
// its own would find (GroupedKeywordMatcher keeps groups apart); the text is walked once instead of once per
// stage. Matchers are built per kind of file (which groups apply) and kept per rule set.
import { GroupedKeywordMatcher, type KeywordSpec } from '../detect/prefilter.js';
import { engineFor, joinKeywordHits, MAX_HITS_PER_RULE, pathKeywordsApply } from '../detect/index.js';
import { evidenceKeywords, MAX_HITS_PER_PATTERN } from '../scorecard/index.js';
import { languageOf, MAX_ANCHOR_HITS, tsCandidateAnchors } from '../code/prefilter.js';
import { SUPPRESSION_MARKER } from '../policy/suppressions.js';
import type { RuleSet } from './rule-set.js';

/** What the pass found, per stage (see detectSecrets, collectEvidence, tsCandidateFromHits, findInlineSuppressions). */
export interface KeywordPass {
  detect: Map<number, number[]>;
  /** null: no evidence pattern applies to the file. */
  evidence: Map<number, number[]> | null;
  /** The TypeScript candidate anchors' hits; undefined for other files or without anchors. */
  code?: Map<number, number[]>;
  marker: boolean;
}

interface PassMatcher {
  matcher: GroupedKeywordMatcher;
  caps: number[];
  /** Group index of each stage, −1 when it is not in this matcher. */
  path: number;
  evidence: number;
  code: number;
  marker: number;
}

const MARKER_SPEC: KeywordSpec[] = [{ rule: 0, keywords: [SUPPRESSION_MARKER], ignoreCase: false }];

const matchers = new WeakMap<RuleSet, Map<string, PassMatcher>>();

function passMatcherFor(ruleSet: RuleSet, file: string): PassMatcher {
  const engine = engineFor(ruleSet.credentials);
  const withPath = pathKeywordsApply(engine, file);
  const evidence = evidenceKeywords(file, ruleSet.controls);
  const anchors = languageOf(file) === 'typescript' ? tsCandidateAnchors(ruleSet.code) : null;
  const key = `${withPath ? 1 : 0}|${evidence?.key ?? '-'}|${anchors ? 1 : 0}`;
  let forSet = matchers.get(ruleSet);
  if (!forSet) matchers.set(ruleSet, (forSet = new Map()));
  let m = forSet.get(key);
  if (!m) {
    const groups: KeywordSpec[][] = [engine.keywordSpecs];
    const caps = [MAX_HITS_PER_RULE];
    const add = (specs: KeywordSpec[] | null | undefined, cap: number): number => {
      if (!specs) return -1;
      groups.push(specs);
      caps.push(cap);
      return groups.length - 1;
    };
    const path = add(withPath ? engine.pathKeywordSpecs : null, MAX_HITS_PER_RULE);
    const ev = add(evidence?.specs, MAX_HITS_PER_PATTERN);
    const code = add(anchors?.keywords, MAX_ANCHOR_HITS);
    const marker = add(MARKER_SPEC, 1);
    m = { matcher: new GroupedKeywordMatcher(groups), caps, path, evidence: ev, code, marker };
    forSet.set(key, m);
  }
  return m;
}

/** Walk the file's text once for the keywords of every stage that applies to it. */
export function keywordPass(ruleSet: RuleSet, file: string, text: string): KeywordPass {
  const m = passMatcherFor(ruleSet, file);
  const hits = m.matcher.scanGroups(text, m.caps);
  return {
    detect: joinKeywordHits(hits[0]!, m.path >= 0 ? hits[m.path]! : null),
    evidence: m.evidence >= 0 ? hits[m.evidence]! : null,
    ...(m.code >= 0 ? { code: hits[m.code]! } : {}),
    marker: hits[m.marker]!.size > 0,
  };
}
