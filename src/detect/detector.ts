// The detection engine: keyword prefilter → rule regex on a bounded window around each keyword hit →
// filters (rule allowlist, config allowlist/stopwords, placeholders, entropy, checksum, decoder, key
// name) → overlap resolution (provider rules beat the generic rule) → Detection (fingerprinted,
// redacted; the raw value never leaves this module).
import type { Detection, FileContext } from '../pipeline/types.js';
import type { Lifetime } from '../types.js';
import type { CredentialRule } from './rule-types.js';
import { PairKeywordMatcher, type KeywordMatcher } from './prefilter.js';
import { shannonEntropy } from './entropy.js';
import { verifyChecksum } from './checksum.js';
import { containsStopword, placeholderReason } from './placeholders.js';
import { keysBefore } from './keys.js';
import { runDecoder, type Decoded } from './decoders.js';
import { fingerprintOf } from './fingerprint.js';
import { redact } from './redact.js';

export interface EngineOptions {
  fingerprintKey: string;
  disabled?: Set<string>;
  allowRegexes?: RegExp[];
  stopwords?: string[];
  /** Clock for lifetime decisions (tests). */
  now?: Date;
}

interface CompiledRule {
  rule: CredentialRule;
  re: RegExp;
  allow: RegExp[];
  keyPattern: RegExp | null;
  keyDeny: RegExp | null;
  priority: number;
  window: number;
  generic: boolean;
}

export interface Engine {
  compiled: CompiledRule[];
  matcher: KeywordMatcher;
}

/** A regex match that passed no filter yet. Offsets are absolute in the scanned text. */
interface Candidate {
  cr: CompiledRule;
  start: number;
  end: number;
  /** Where the whole regex match starts (key names are looked for before it). */
  matchStart: number;
  /** Where the finding is reported when the rule marks it with an `anchor` group (a PEM block's BEGIN line). */
  anchor?: number;
  secret: string;
  key?: string;
  decoded?: Decoded;
}

const DEFAULT_WINDOW = 4096;
const DEFAULT_MULTILINE_WINDOW = 16384;
const MAX_MATCHES_PER_WINDOW = 200;
/** Keyword hits the prefilter records per rule and file; past this the rule runs on the whole text instead. */
export const MAX_HITS_PER_RULE = 10_000;
/** Matches kept from a whole-text run (a file stuffed with keywords to hide a key among them). */
const MAX_MATCHES_WHOLE_TEXT = 20_000;
/**
 * Secrets reported per file (a hostile file full of token-shaped strings must not flood the report). Past it
 * the most severe are kept: live long-lived credentials before short-lived ones, expired ones last; and
 * live long-lived ones are kept up to MAX_LIVE_DETECTIONS_PER_FILE whatever this cap says. A capped file is
 * an incomplete scan (see CapNotes).
 */
export const MAX_DETECTIONS_PER_FILE = 500;
export const MAX_LIVE_DETECTIONS_PER_FILE = 5_000;

/** Where a cap cut what the detector saw in one file; filled by the detector, read by the pipeline. */
export interface CapNotes {
  notes: string[];
}
const MIN_SECRET_LENGTH = 6;
const MAX_SECRET_LENGTH = 16 * 1024;

export function compileEngine(rules: readonly CredentialRule[]): Engine {
  const compiled = rules.map((rule): CompiledRule => ({
    rule,
    re: new RegExp(rule.regex, `${rule.flags ?? ''}gd`),
    allow: (rule.allow ?? []).map((a) => new RegExp(a)),
    keyPattern: rule.keyPattern ? new RegExp(rule.keyPattern, 'i') : null,
    keyDeny: rule.keyDeny ? new RegExp(rule.keyDeny, 'i') : null,
    priority: rule.priority ?? (rule.tags.includes('generic') ? -10 : 0),
    window: rule.window ?? (rule.multiline ? DEFAULT_MULTILINE_WINDOW : DEFAULT_WINDOW),
    generic: rule.tags.includes('generic'),
  }));
  const matcher = new PairKeywordMatcher(
    compiled.map((c, i) => ({ rule: i, keywords: c.rule.keywords, ignoreCase: c.rule.keywordsIgnoreCase ?? false })),
  );
  return { compiled, matcher };
}

/** Index of the newline before `at`, looking back at most `limit` chars (−1 when none / start). */
function lineStart(text: string, at: number, limit: number): number {
  const from = Math.max(0, at - limit);
  const i = text.slice(from, at).lastIndexOf('\n');
  return i < 0 ? from : from + i + 1;
}

function lineEnd(text: string, at: number, limit: number): number {
  const to = Math.min(text.length, at + limit);
  const i = text.slice(at, to).indexOf('\n');
  return i < 0 ? to : at + i;
}

/** Merged [start, end) windows around keyword hits for one rule. Hits are sorted. */
function windowsFor(text: string, hits: readonly number[], cr: CompiledRule): [number, number][] {
  const out: [number, number][] = [];
  const w = cr.window;
  for (const p of hits) {
    const last = out[out.length - 1];
    if (cr.rule.multiline) {
      const s = Math.max(0, p - Math.min(2048, w));
      const e = Math.min(text.length, p + w);
      if (last && s <= last[1]) last[1] = Math.max(last[1], e);
      else out.push([s, e]);
      continue;
    }
    if (last && p < last[1]) {
      // Inside the previous window: it already reaches back far enough; extend its end along the line
      // only if it was clipped (did not stop at a newline). Keeps many hits on one line linear.
      if (last[1] < text.length && text.charCodeAt(last[1]) !== 10 && p + w > last[1]) {
        last[1] = lineEnd(text, last[1], p + w - last[1]);
      }
      continue;
    }
    const s = lineStart(text, p, w);
    const e = lineEnd(text, p, w);
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

const KEY_BEFORE =
  /(?:^|[^\w.$-])["']?([A-Za-z_$][\w.$-]{0,80}?)\\?["']?\]?\s*(?::=|=>|:|=|\s)\s*(?:(?:Bearer|Basic|Token|token|bearer)\s+)?(?:\\?["'`])?$/;

/** The variable / key name a value at `start` is assigned to, from the text just before it on its line. */
export function inferKey(text: string, start: number): string | undefined {
  const ls = lineStart(text, start, 200);
  const before = text.slice(ls, start);
  const m = KEY_BEFORE.exec(before);
  if (!m) return undefined;
  const key = m[1]!;
  // "export", "set", "const" etc. are not key names: they only appear here when nothing follows them.
  if (/^(?:export|set|const|let|var|Bearer|Basic|Token|token|bearer|echo)$/.test(key)) return undefined;
  return key;
}

/** Run one rule over text[ws, we); false when it stopped at maxMatches (the rest of the window was not looked at). */
function runRule(cr: CompiledRule, text: string, ws: number, we: number, out: Candidate[], maxMatches = MAX_MATCHES_PER_WINDOW): boolean {
  const slice = ws === 0 && we === text.length ? text : text.slice(ws, we);
  const re = cr.re;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = re.exec(slice)) !== null) {
    if (n++ >= maxMatches) return false;
    if (m[0].length === 0) re.lastIndex++;
    const span = m.indices?.groups?.secret;
    const secret = m.groups?.secret;
    if (!span || secret === undefined) continue;
    const start = ws + span[0];
    const c: Candidate = { cr, start, end: ws + span[1], matchStart: ws + m.index, secret };
    const key = m.groups?.key;
    if (key) c.key = key;
    const anchor = m.indices?.groups?.anchor;
    if (anchor) c.anchor = ws + anchor[0];
    out.push(c);
  }
  return true;
}

/** Context line (bounded) around a candidate for the placeholder filter. */
function contextOf(text: string, c: Candidate, key: string | undefined) {
  const ls = lineStart(text, c.start, 400);
  const le = lineEnd(text, c.start, 400);
  return { line: text.slice(ls, le), offset: c.start - ls, ...(key ? { key } : {}) };
}

const HASH_KEY = /sha|hash|digest|checksum|commit|integrity|version|request_?id|trace_?id|uuid/i;

function accept(c: Candidate, text: string, opts: EngineOptions): boolean {
  const { rule } = c.cr;
  const s = c.secret;
  if (s.length < MIN_SECRET_LENGTH || s.length > MAX_SECRET_LENGTH) return false;
  if (c.cr.allow.some((re) => re.test(s))) return false;
  if (opts.allowRegexes?.some((re) => re.test(s))) return false;
  if (containsStopword(s, opts.stopwords)) return false;
  c.key ??= inferKey(text, c.matchStart);
  const kp = c.cr.keyPattern;
  // Provider rules may take the provider's name from an earlier key on the line (src/detect/keys.ts).
  if (kp && !(c.key && kp.test(c.key)) && (c.cr.generic || !keysBefore(text, c.matchStart).some((k) => kp.test(k)))) return false;
  if (c.cr.keyDeny && c.key && c.cr.keyDeny.test(c.key)) return false;
  const body = rule.prefix && s.startsWith(rule.prefix) ? s.slice(rule.prefix.length) : s;
  const hashShapedOk = rule.hashShaped === true;
  // Hash-shaped keys (hex, UUID) are only secrets when the key does not say "this is a hash".
  if (hashShapedOk && c.key && HASH_KEY.test(c.key)) return false;
  const reason = placeholderReason(s, contextOf(text, c, c.key), { ...(rule.prefix ? { prefix: rule.prefix } : {}), hashShapedOk, keyed: c.cr.keyPattern !== null });
  if (reason) return false;
  if (rule.entropy !== undefined && shannonEntropy(body) < rule.entropy) return false;
  if (rule.checksum && !verifyChecksum(rule.checksum, s)) return false;
  const decoded = runDecoder(rule.decoder, s, opts.now);
  if (!decoded) return false;
  c.decoded = decoded;
  return true;
}

/** Keep the best of overlapping candidates: higher priority, then longer span, then rule order. */
function resolveOverlaps(cands: Candidate[]): Candidate[] {
  const ranked = cands
    .map((c, i) => ({ c, i }))
    .sort((a, b) => b.c.cr.priority - a.c.cr.priority || b.c.end - b.c.start - (a.c.end - a.c.start) || a.i - b.i)
    .map((x) => x.c);
  const kept: Candidate[] = [];
  for (const c of ranked) {
    if (kept.some((k) => c.start < k.end && k.start < c.end)) continue;
    kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}

function toDetection(c: Candidate, file: string, pos: { line: number; column: number }, opts: EngineOptions): Detection {
  const { rule } = c.cr;
  const lifetime: Lifetime = c.decoded?.lifetime ?? {
    class: rule.lifetime.class,
    ttlSeconds: rule.lifetime.ttlSeconds,
    expiresAt: null,
    note: rule.lifetime.note ?? 'provider default',
  };
  const expired = lifetime.expiresAt !== null && Date.parse(lifetime.expiresAt) <= (opts.now ?? new Date()).getTime();
  const d: Detection = {
    ruleId: rule.id,
    provider: rule.provider,
    type: rule.type,
    file,
    line: pos.line,
    column: pos.column,
    fingerprint: fingerprintOf(c.secret, opts.fingerprintKey),
    redacted: redact(c.secret, rule.prefix),
    lifetime,
    tags: expired ? [...rule.tags, 'expired'] : [...rule.tags],
    remediation: rule.remediation,
    length: c.secret.length,
  };
  if (rule.remediationUrl) d.remediationUrl = rule.remediationUrl;
  if (c.key) d.key = c.key;
  if (c.decoded?.claims && Object.keys(c.decoded.claims).length > 0) d.claims = c.decoded.claims;
  return d;
}

/** All accepted, non-overlapping candidates in `text`. */
function candidatesIn(text: string, engine: Engine, opts: EngineOptions, caps?: CapNotes): Candidate[] {
  const hits = engine.matcher.scan(text, MAX_HITS_PER_RULE);
  const cands: Candidate[] = [];
  for (const [ri, positions] of hits) {
    const cr = engine.compiled[ri]!;
    if (opts.disabled?.has(cr.rule.id)) continue;
    // So many keyword hits that the list was cut: windows could miss a key placed after the cut, so the
    // rule runs once over the whole text (its regex passed the backtracking checks; the per-file time
    // budget still applies).
    let complete = true;
    if (positions.length >= MAX_HITS_PER_RULE) complete = runRule(cr, text, 0, text.length, cands, MAX_MATCHES_WHOLE_TEXT);
    else for (const [ws, we] of windowsFor(text, positions, cr)) complete = runRule(cr, text, ws, we, cands) && complete;
    if (!complete) caps?.notes.push(`rule ${cr.rule.id} stopped at its match limit; part of the file was not checked by it`);
  }
  // Same rule, same span (found from two keyword hits): keep one.
  const seen = new Set<string>();
  const unique = cands.filter((c) => {
    const k = `${c.cr.rule.id}:${c.start}:${c.end}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return resolveOverlaps(unique.filter((c) => accept(c, text, opts)));
}

const CLASS_RANK: Record<string, number> = { static: 0, 'long-lived': 1, unknown: 2, 'short-lived': 3, 'task-scoped': 4 };

/** 0 live long-lived (may fail any gate), 1 live short-lived, 2 expired: the order a cap keeps them in. */
function capRank(c: Candidate, now: number): number {
  const lifetime = c.decoded?.lifetime;
  if (lifetime?.expiresAt && Date.parse(lifetime.expiresAt) <= now) return 2;
  const cls = lifetime?.class ?? c.cr.rule.lifetime.class;
  return (CLASS_RANK[cls] ?? 2) <= 2 ? 0 : 1;
}

/** The candidates a per-file cap keeps: the most severe first (see MAX_DETECTIONS_PER_FILE), in file order. */
function capCandidates(all: Candidate[], now: number, caps?: CapNotes): Candidate[] {
  if (all.length <= MAX_DETECTIONS_PER_FILE) return all;
  const ranked = all.map((c, i) => ({ c, i, r: capRank(c, now) })).sort((a, b) => a.r - b.r || a.i - b.i);
  const live = ranked.filter((x) => x.r === 0).length;
  const keep = Math.min(ranked.length, Math.max(MAX_DETECTIONS_PER_FILE, Math.min(live, MAX_LIVE_DETECTIONS_PER_FILE)));
  if (keep === ranked.length) return all;
  const kept = ranked.slice(0, keep).sort((a, b) => a.i - b.i).map((x) => x.c);
  caps?.notes.push(`${all.length} secrets in this file, ${kept.length} reported (live long-lived ones first, expired ones last)`);
  return kept;
}

export function detectInText(ctx: FileContext, engine: Engine, opts: EngineOptions, caps?: CapNotes): Detection[] {
  const kept = capCandidates(candidatesIn(ctx.text, engine, opts, caps), (opts.now ?? new Date()).getTime(), caps);
  return kept.map((c) => toDetection(c, ctx.file, ctx.lineAt(c.anchor ?? c.start), opts));
}

/**
 * One value from a structured reader. Rules run on `KEY=value` (so key-anchored rules and the generic
 * rule see the key name); the best candidate inside the value wins.
 */
export function detectInValue(
  value: string,
  pos: { file: string; line: number; column: number; key?: string },
  engine: Engine,
  opts: EngineOptions,
): Detection | null {
  if (value.length === 0 || value.length > 1024 * 1024) return null;
  const prefix = pos.key ? `${pos.key.replace(/[\r\n]/g, ' ').slice(0, 200)}=` : '';
  const text = prefix + value;
  const inValue = candidatesIn(text, engine, opts).filter((c) => c.start >= prefix.length);
  if (inValue.length === 0) return null;
  const best = inValue.sort((a, b) => b.cr.priority - a.cr.priority || b.end - b.start - (a.end - a.start))[0]!;
  if (pos.key) best.key = pos.key;
  const offset = Math.max(best.anchor ?? best.start, prefix.length) - prefix.length;
  const before = value.slice(0, offset);
  const nl = before.lastIndexOf('\n');
  const line = pos.line + (before.match(/\n/g)?.length ?? 0);
  const column = nl < 0 ? pos.column + offset : offset - nl;
  return toDetection(best, pos.file, { line, column }, opts);
}
