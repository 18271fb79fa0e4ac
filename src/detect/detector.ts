// The detection engine: keyword prefilter → rule regex on a bounded window around each keyword hit →
// filters (rule allowlist, config allowlist/stopwords, placeholders, entropy, checksum, decoder, key
// name) → overlap resolution (provider rules beat the generic rule) → Detection (fingerprinted,
// redacted; the raw value never leaves this module).
import type { Detection, FileContext } from '../model/records.js';
import type { Lifetime } from '../model/report.js';
import type { CredentialRule } from './rule-types.js';
import { PairKeywordMatcher, type KeywordMatcher, type KeywordSpec } from './prefilter.js';
import { shannonEntropy } from './entropy.js';
import { verifyChecksum } from './checksum.js';
import { containsStopword, defaultCredentialReason, isCommentLine, isConfigFile, isWellKnownDefault, notAPasswordReason, PASSWORD_KEY, placeholderReason } from './placeholders.js';
import { keysBefore } from './keys.js';
import { runDecoder, type Decoded } from './decoders.js';
import { fingerprintOf } from './fingerprint.js';
import { redact } from './redact.js';
import { createHash } from 'node:crypto';
import { publicValueOf } from './public-values.js';
import { globMatcher } from './globs.js';

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
  /** Only files whose path matches (rule `paths`), or null for every file. */
  paths: ((file: string) => boolean) | null;
}

export interface Engine {
  compiled: CompiledRule[];
  matcher: KeywordMatcher;
  /** The generic rule (lookalikes are reported under it), when loaded. */
  generic: CompiledRule | null;
  /** Provider rules with a distinctive prefix (4+ characters), longest prefix first. */
  prefixed: CompiledRule[];
  /** Rules limited to files of a kind, and the keyword matcher run only on such files. */
  pathRules: CompiledRule[];
  pathKeywordMatcher: KeywordMatcher | null;
  /** The keyword sets of `matcher` and `pathKeywordMatcher`, for a keyword pass shared with other stages. */
  keywordSpecs: KeywordSpec[];
  pathKeywordSpecs: KeywordSpec[] | null;
  /** Whole-file rules (credential files by name), in rule order: looked at for every file without findings. */
  wholeFile: CompiledRule[];
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
  /** User and host beside the secret in a connection string (named groups `user`, `host`). */
  user?: string;
  host?: string;
  decoded?: Decoded;
  /** Overlap priority when it differs from the rule's (lookalikes rank just above the generic rule). */
  priority?: number;
  /** A value with a provider's prefix that fails the provider's checksum or format: reported by the generic
   *  rule, with a note naming the provider and the provider's remediation. */
  lookalike?: { provider: CredentialRule; why: 'checksum' | 'format'; generic?: CompiledRule };
  /** Set when the value is a well-known default (reported at low severity with this reason). */
  defaultCredential?: string;
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
  /**
   * When present, the raw value and redacted form of every detection in the file, so the worker can scrub
   * the file's other strings (names, keys, messages) before anything leaves it. Never crosses a thread.
   */
  values?: { secret: string; redacted: string }[];
}
const MIN_SECRET_LENGTH = 6;
/** The generic rule's floor outside weak-password positions (shorter values are mostly words and ids). */
const MIN_GENERIC_LENGTH = 8;
/** A weak password is still a password: under a password key in an env or config file, from 4 characters. */
const MIN_WEAK_PASSWORD_LENGTH = 4;
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
    paths: rule.paths ? pathMatcher(rule.paths) : null,
  }));
  // Whole-file rules are chosen by file name (detectWholeFile), never by keyword. Rules limited to files of a
  // kind (paths: .npmrc, .netrc, kubeconfig) have a matcher of their own, run only on such files, so their
  // common keywords ("password", "token:") cost nothing elsewhere.
  const spec = (keep: (c: CompiledRule) => boolean) =>
    compiled.map((c, i) => ({ rule: i, keywords: keep(c) ? c.rule.keywords : [], ignoreCase: c.rule.keywordsIgnoreCase ?? false }));
  const keywordSpecs = spec((c) => !c.rule.wholeFile && !c.paths);
  const matcher = new PairKeywordMatcher(keywordSpecs);
  const pathRules = compiled.filter((c) => c.paths && !c.rule.wholeFile);
  const pathKeywordSpecs = pathRules.length ? spec((c) => c.paths !== null && !c.rule.wholeFile) : null;
  const pathKeywordMatcher = pathKeywordSpecs ? new PairKeywordMatcher(pathKeywordSpecs) : null;
  const generic = compiled.find((c) => c.generic) ?? null;
  const prefixed = compiled
    .filter((c) => !c.generic && !c.rule.wholeFile && (c.rule.prefix?.length ?? 0) >= 4 && !c.rule.prefix!.includes('://'))
    .sort((a, b) => b.rule.prefix!.length - a.rule.prefix!.length);
  const wholeFile = compiled.filter((c) => c.rule.wholeFile);
  return { compiled, matcher, generic, prefixed, pathRules, pathKeywordMatcher, keywordSpecs, pathKeywordSpecs, wholeFile };
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
    if (m.groups?.user !== undefined) c.user = m.groups.user;
    if (m.groups?.host !== undefined) c.host = m.groups.host;
    out.push(c);
  }
  return true;
}

/** Context line (bounded) around a candidate for the placeholder filter. */
function contextOf(text: string, c: Candidate, key: string | undefined, file: string | undefined) {
  const ls = lineStart(text, c.start, 400);
  const le = lineEnd(text, c.start, 400);
  return { line: text.slice(ls, le), offset: c.start - ls, ...(key ? { key } : {}), ...(file ? { file } : {}) };
}

const HASH_KEY = /sha|hash|digest|checksum|commit|integrity|version|request_?id|trace_?id|uuid|etag|^rev$|[_.-]rev$|revision/i;

function accept(c: Candidate, text: string, opts: EngineOptions, file: string | undefined): boolean {
  const { rule } = c.cr;
  const s = c.secret;
  if (s.length > MAX_SECRET_LENGTH) return false;
  c.key ??= inferKey(text, c.matchStart);
  // Under a password key in an env or config file a short, wordy, low-entropy value is a weak password.
  const weakPassword =
    c.cr.generic && c.key !== undefined && PASSWORD_KEY.test(c.key) && isConfigFile(file) && !isCommentLine(text.slice(lineStart(text, c.start, 400), c.start));
  const minLength = weakPassword ? MIN_WEAK_PASSWORD_LENGTH : c.cr.generic ? MIN_GENERIC_LENGTH : MIN_SECRET_LENGTH;
  if (s.length < minLength) return false;
  if (weakPassword ? notAPasswordReason(s) : c.cr.allow.some((re) => re.test(s))) return false;
  if (opts.allowRegexes?.some((re) => re.test(s))) return false;
  if (containsStopword(s, opts.stopwords)) return false;
  const kp = c.cr.keyPattern;
  // Provider rules may take the provider's name from an earlier key on the line (src/detect/keys.ts).
  if (kp && !(c.key && kp.test(c.key)) && (c.cr.generic || !keysBefore(text, c.matchStart).some((k) => kp.test(k)))) return false;
  if (c.cr.keyDeny && c.key && c.cr.keyDeny.test(c.key)) return false;
  const body = rule.prefix && s.startsWith(rule.prefix) ? s.slice(rule.prefix.length) : s;
  const hashShapedOk = rule.hashShaped === true;
  // Hash-shaped keys (hex, UUID) are only secrets when the key does not say "this is a hash".
  if (hashShapedOk && c.key && HASH_KEY.test(c.key)) return false;
  // The key decides for the generic rule: hex under `client_secret` is a secret, under `sha256` a hash.
  const hexOk = c.cr.generic && c.key !== undefined && !HASH_KEY.test(c.key);
  // A well-known default (`postgres:postgres@postgres`, `neo4j/password`) is reported at low severity even
  // though its words would read as a placeholder.
  const dflt = defaultCredentialReason(s, { ...(c.key ? { key: c.key } : {}), ...(c.user !== undefined ? { user: c.user } : {}), ...(c.host !== undefined ? { host: c.host } : {}) });
  if (dflt) c.defaultCredential = dflt;
  const reason = dflt
    ? null
    : placeholderReason(s, contextOf(text, c, c.key, file), {
        ...(rule.prefix ? { prefix: rule.prefix } : {}),
        hashShapedOk,
        hexOk,
        keyed: c.cr.keyPattern !== null,
      });
  if (reason) return false;
  // Public by design (emulator keys, SDK sample keys, Firebase web API keys): silent, never a finding.
  if (publicValueOf(s, text, c.start, c.end)) return false;
  if (!weakPassword && !dflt && rule.entropy !== undefined && shannonEntropy(body) < rule.entropy) return false;
  // A failing checksum means "not this provider's token", yet the value is still secret-shaped in the
  // provider's format: kept as a lookalike (candidatesIn reports it under the generic rule, or drops it).
  if (rule.checksum && !verifyChecksum(rule.checksum, s)) c.lookalike = { provider: rule, why: 'checksum' };
  const decoded = runDecoder(rule.decoder, s, opts.now);
  if (!decoded) return false;
  c.decoded = decoded;
  return true;
}

/** Keep the best of overlapping candidates: higher priority, then longer span, then rule order. */
function resolveOverlaps(cands: Candidate[]): Candidate[] {
  const ranked = cands
    .map((c, i) => ({ c, i }))
    .sort((a, b) => (b.c.priority ?? b.c.cr.priority) - (a.c.priority ?? a.c.cr.priority) || b.c.end - b.c.start - (a.c.end - a.c.start) || a.i - b.i)
    .map((x) => x.c);
  // Kept spans never overlap, so in start order their ends ascend too: the first kept span ending after c
  // starts is the only one that can overlap it (binary search; `some` over all kept was quadratic).
  const kept: Candidate[] = [];
  for (const c of ranked) {
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (kept[mid]!.end <= c.start) lo = mid + 1;
      else hi = mid;
    }
    if (lo < kept.length && kept[lo]!.start < c.end) continue;
    kept.splice(lo, 0, c);
  }
  return kept;
}

function toDetection(c: Candidate, file: string, pos: { line: number; column: number }, opts: EngineOptions): Detection {
  if (c.lookalike) return lookalikeDetection(c, c.lookalike, file, pos, opts);
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
    fingerprint: fingerprintOf(c.secret, opts.fingerprintKey, { ruleId: rule.id, file, ...(c.key ? { keyName: c.key } : {}) }),
    redacted: redact(c.secret, rule.prefix),
    lifetime,
    tags: [...rule.tags, ...(expired ? ['expired'] : []), ...(c.defaultCredential ? ['default-credential'] : [])],
    remediation: rule.remediation,
    length: c.secret.length,
  };
  if (rule.remediationUrl) d.remediationUrl = rule.remediationUrl;
  if (c.key) d.key = c.key;
  if (c.decoded?.claims && Object.keys(c.decoded.claims).length > 0) d.claims = c.decoded.claims;
  return d;
}

/** A provider-prefixed value that is not the provider's token: the generic rule's finding, the provider's remediation. */
function lookalikeDetection(c: Candidate, look: NonNullable<Candidate['lookalike']>, file: string, pos: { line: number; column: number }, opts: EngineOptions): Detection {
  const generic = look.generic ?? null;
  const { lookalike: _drop, ...plain } = c;
  const base = toDetection({ ...plain, cr: generic ?? c.cr, decoded: {} }, file, pos, opts);
  const p = look.provider;
  const a = /^[aeiou]/i.test(p.provider) ? 'an' : 'a';
  const d: Detection = {
    ...base,
    ruleId: generic?.rule.id ?? GENERIC_RULE_ID,
    provider: p.provider,
    type: look.why === 'checksum'
      ? `value that looks like ${a} ${p.provider} ${p.type} but its checksum fails`
      : `value with the prefix of ${a} ${p.provider} ${p.type} that does not match its format`,
    redacted: redact(c.secret, p.prefix),
    tags: [...new Set([...base.tags, 'generic', 'lookalike'])],
    remediation: p.remediation,
  };
  if (p.remediationUrl) d.remediationUrl = p.remediationUrl;
  else delete d.remediationUrl;
  return d;
}

const GENERIC_RULE_ID = 'generic-secret-assignment';

/**
 * Lookalikes: a provider candidate whose checksum failed is kept only when the generic rule is enabled (it
 * is reported under it, ranking just above the generic rule's own match of the same value); a generic
 * candidate that starts with a provider's distinctive prefix gets that provider's note and remediation.
 */
function lookalikeOk(c: Candidate, engine: Engine, opts: EngineOptions): boolean {
  const generic = engine.generic;
  if (c.lookalike) {
    if (!generic || opts.disabled?.has(generic.rule.id)) return false;
    c.priority = generic.priority + 1;
    c.lookalike.generic = generic;
    return true;
  }
  if (c.cr.generic) {
    const p = engine.prefixed.find((x) => c.secret.startsWith(x.rule.prefix!));
    if (p) c.lookalike = { provider: p.rule, why: 'format', generic: c.cr };
  }
  return true;
}

/** All accepted, non-overlapping candidates in `text`. */
/** Path globs of a rule: a glob without "/" matches the base name (`.npmrc`, `*.p12`), others the whole path. */
export function pathMatcher(globs: readonly string[]): (file: string) => boolean {
  const m = globMatcher(globs, { basename: true, nocase: true });
  return (file) => m(file.replace(/\\/g, '/'));
}

/** Do the rules limited to files of a kind (`paths`) apply to this file, so their keywords are looked for too? */
export function pathKeywordsApply(engine: Engine, file: string | undefined): boolean {
  return engine.pathKeywordMatcher !== null && file !== undefined && engine.pathRules.some((c) => c.paths!(file));
}

/**
 * The keyword hits candidatesIn works from: the rules' keywords (capped at MAX_HITS_PER_RULE a rule), joined by
 * the path-limited rules' own when they apply. `pathHits` given: those hits, found by a shared keyword pass.
 */
export function joinKeywordHits(hits: Map<number, number[]>, pathHits: Map<number, number[]> | null): Map<number, number[]> {
  if (pathHits) for (const [ri, positions] of pathHits) hits.set(ri, positions);
  return hits;
}

function keywordHits(text: string, engine: Engine, file: string | undefined): Map<number, number[]> {
  const hits = engine.matcher.scan(text, MAX_HITS_PER_RULE);
  return joinKeywordHits(hits, pathKeywordsApply(engine, file) ? engine.pathKeywordMatcher!.scan(text, MAX_HITS_PER_RULE) : null);
}

/** `given`: the keyword hits of `text` (see joinKeywordHits), when a shared keyword pass found them already. */
function candidatesIn(text: string, engine: Engine, opts: EngineOptions, caps?: CapNotes, file?: string, given?: Map<number, number[]>): Candidate[] {
  const hits = given ?? keywordHits(text, engine, file);
  const cands: Candidate[] = [];
  for (const [ri, positions] of hits) {
    const cr = engine.compiled[ri]!;
    if (opts.disabled?.has(cr.rule.id)) continue;
    if (cr.paths && (file === undefined || !cr.paths(file))) continue;
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
  const accepted = unique.filter((c) => accept(c, text, opts, file) && lookalikeOk(c, engine, opts));
  return resolveOverlaps(accepted);
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

export function detectInText(ctx: FileContext, engine: Engine, opts: EngineOptions, caps?: CapNotes, hits?: Map<number, number[]>): Detection[] {
  const kept = capCandidates(candidatesIn(ctx.text, engine, opts, caps, ctx.file, hits), (opts.now ?? new Date()).getTime(), caps);
  const found = kept.map((c) => {
    const d = toDetection(c, ctx.file, ctx.lineAt(c.anchor ?? c.start), opts);
    if (!(c.defaultCredential && isWellKnownDefault(c.secret))) caps?.values?.push({ secret: c.secret, redacted: d.redacted });
    return d;
  });
  if (found.length === 0) {
    const whole = detectWholeFile(ctx.file, ctx.text, engine, opts);
    if (whole) found.push(whole);
  }
  return found;
}

/**
 * A credential file (keystore, SSH key file): the first whole-file rule whose `paths` match. `content` is the
 * text, or the raw bytes of a binary file (then the name alone decides). The fingerprint is of the content's
 * SHA-256, so the same keystore committed twice is one credential; nothing of the content leaves here.
 */
export function detectWholeFile(file: string, content: string | Uint8Array, engine: Engine, opts: EngineOptions): Detection | null {
  for (const cr of engine.wholeFile) {
    if (!cr.paths?.(file) || opts.disabled?.has(cr.rule.id)) continue;
    if (typeof content === 'string') {
      cr.re.lastIndex = 0;
      const m = cr.re.exec(content);
      const secret = m?.groups?.secret;
      if (secret === undefined || placeholderReason(secret, undefined) !== null) continue;
    } else if (content.length === 0) continue;
    const digest = createHash('sha256').update(content).digest('hex');
    const c: Candidate = { cr, start: 0, end: 0, matchStart: 0, secret: digest, decoded: {} };
    const d = toDetection(c, file, { line: 1, column: 1 }, opts);
    d.redacted = '(whole file)';
    d.length = typeof content === 'string' ? Buffer.byteLength(content) : content.length;
    return d;
  }
  return null;
}

/**
 * Replace every secret the rules detect inside `text` with its redacted form. Used on strings that are not
 * scanned file content (names, paths, messages): a value that is also a name is never printed raw.
 */
export function scrubWithEngine(text: string, engine: Engine, opts: EngineOptions): string {
  if (text.length < MIN_SECRET_LENGTH) return text;
  const found = candidatesIn(text, engine, opts);
  if (!found.length) return text;
  let out = '';
  let at = 0;
  for (const c of found) {
    if (c.start < at) continue;
    out += text.slice(at, c.start) + redact(c.secret, c.cr.rule.prefix);
    at = c.end;
  }
  return out + text.slice(at);
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
  caps?: CapNotes,
): Detection | null {
  if (value.length === 0 || value.length > 1024 * 1024) return null;
  const prefix = pos.key ? `${pos.key.replace(/[\r\n]/g, ' ').slice(0, 200)}=` : '';
  const text = prefix + value;
  const inValue = candidatesIn(text, engine, opts, undefined, pos.file).filter((c) => c.start >= prefix.length);
  if (inValue.length === 0) return null;
  const best = inValue.sort((a, b) => b.cr.priority - a.cr.priority || b.end - b.start - (a.end - a.start))[0]!;
  if (pos.key) best.key = pos.key;
  const offset = Math.max(best.anchor ?? best.start, prefix.length) - prefix.length;
  const before = value.slice(0, offset);
  const nl = before.lastIndexOf('\n');
  const line = pos.line + (before.match(/\n/g)?.length ?? 0);
  const column = nl < 0 ? pos.column + offset : offset - nl;
  const d = toDetection(best, pos.file, { line, column }, opts);
  if (!(best.defaultCredential && isWellKnownDefault(best.secret))) caps?.values?.push({ secret: best.secret, redacted: d.redacted });
  return d;
}
