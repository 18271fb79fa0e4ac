// Worker side of the scorecard: run the evidence patterns (rules/controls) over one file.
// Runs on every file, so it is built like the detection engine: patterns compiled once per worker, a
// keyword prefilter, and each regex only on a bounded window around a keyword hit.
import type { Evidence, FileContext } from '../model/records.js';
import { PairKeywordMatcher, type KeywordMatcher, type KeywordSpec } from '../detect/prefilter.js';
import { compileControlData, loadControlCatalog, type CompiledPattern, type ControlCatalog, type ControlData } from './patterns.js';
import { parseDuration } from '../model/units.js';

export const MAX_HITS_PER_PATTERN = 50;
const MAX_EVIDENCE_PER_PATTERN = 20;
const MAX_EVIDENCE_PER_FILE = 200;
const MAX_LINE_LOOKBACK = 1000;
const MAX_MATCHES_PER_WINDOW = 50;

interface Engine {
  catalog: ControlCatalog;
  /** Patterns grouped by their `files` globs (null: every file), so each distinct glob list is tested once a file. */
  fileGroups: { match: ((file: string) => boolean) | null; indexes: number[] }[];
  /** The keyword sets of the patterns that apply to a file, keyed by which file groups apply (files of one
   *  kind share one; null: no pattern applies), with their matcher once built. */
  matchers: Map<string, EvidenceKeywords | null>;
}

/** The keywords of the evidence patterns that apply to a file (`key` names the set: same key, same specs). */
export interface EvidenceKeywords {
  key: string;
  specs: KeywordSpec[];
  matcher?: KeywordMatcher;
}

let shipped: ControlCatalog | undefined;
/** Matchers per catalog (one per scan's rule set), built on first use. */
const engines = new WeakMap<ControlCatalog, Engine>();

/** The shipped catalog (rules/controls), loaded once per thread and never changed. */
export function controlCatalog(): ControlCatalog {
  shipped ??= loadControlCatalog();
  return shipped;
}

/**
 * A scan's catalog: the shipped patterns plus the team's (config `controlPatterns`), from the data the main
 * thread read and validated with readControlData (no YAML parse in workers). Without data, the shipped one.
 */
export function teamControlCatalog(data?: ControlData): ControlCatalog {
  return data ? compileControlData(data) : controlCatalog();
}

function engineFor(catalog: ControlCatalog): Engine {
  let e = engines.get(catalog);
  if (!e) engines.set(catalog, (e = { catalog, fileGroups: fileGroupsOf(catalog), matchers: new Map() }));
  return e;
}

function fileGroupsOf(catalog: ControlCatalog): Engine['fileGroups'] {
  const groups = new Map<string, Engine['fileGroups'][number]>();
  catalog.patterns.forEach((p, i) => {
    const key = p.pattern.files ? JSON.stringify(p.pattern.files) : '';
    const group = groups.get(key);
    if (group) group.indexes.push(i);
    else groups.set(key, { match: p.fileMatch, indexes: [i] });
  });
  return [...groups.values()];
}

function keywordsFor(e: Engine, file: string): EvidenceKeywords | null {
  let key = '';
  for (const g of e.fileGroups) key += g.match === null || g.match(file) ? '1' : '0';
  let entry = e.matchers.get(key);
  if (entry === undefined) {
    const indexes = e.fileGroups.filter((_, n) => key[n] === '1').flatMap((g) => g.indexes).sort((a, b) => a - b);
    const specs = indexes.map((i) => ({ rule: i, keywords: e.catalog.patterns[i]!.pattern.keywords, ignoreCase: e.catalog.patterns[i]!.pattern.ignoreCase === true }));
    entry = indexes.length ? { key, specs } : null;
    e.matchers.set(key, entry);
  }
  return entry;
}

/** The evidence patterns' keywords for this file (null: no pattern applies), for a keyword pass shared with other stages. */
export function evidenceKeywords(file: string, catalog: ControlCatalog = controlCatalog()): EvidenceKeywords | null {
  return keywordsFor(engineFor(catalog), file);
}

function lineStart(text: string, at: number): number {
  const from = Math.max(0, at - MAX_LINE_LOOKBACK);
  const i = text.lastIndexOf('\n', at - 1);
  return i < from ? from : i + 1;
}

function lineEnd(text: string, at: number, max: number): number {
  const to = Math.min(text.length, at + max);
  const i = text.indexOf('\n', at);
  return i < 0 || i > to ? to : i;
}

/** Merged [start, end) windows around the keyword hits of one pattern. */
function windowsFor(text: string, hits: readonly number[], cp: CompiledPattern): [number, number][] {
  const out: [number, number][] = [];
  for (const h of hits) {
    const s = cp.pattern.multiline ? Math.max(0, h - cp.window) : lineStart(text, h);
    const e = cp.pattern.multiline ? Math.min(text.length, h + cp.window) : lineEnd(text, h, cp.window);
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** A captured value made safe for a report: identifier-like characters only, bounded. */
function sanitize(value: string): string {
  const clean = value.replace(/[^\w.@/:${}\- ]/g, '').trim();
  return clean.length > 60 ? `${clean.slice(0, 57)}…` : clean;
}

function secondsOf(value: string | undefined): number | null {
  if (value === undefined) return null;
  const v = value.trim().replace(/^["']|["']$/g, '');
  try {
    return parseDuration(v);
  } catch {
    return null;
  }
}

function passesCondition(cp: CompiledPattern, groups: Record<string, string> | undefined): boolean {
  const when = cp.pattern.when;
  if (!when) return true;
  const s = secondsOf(groups?.[when.group]);
  if (s === null) return false;
  if (when.max !== undefined && s > when.max) return false;
  if (when.min !== undefined && s < when.min) return false;
  return true;
}

function detailOf(cp: CompiledPattern, groups: Record<string, string> | undefined): string {
  return cp.pattern.detail.replace(/\{(\w+)\}/g, (all, name: string) => {
    if (!groups || !(name in groups)) return all;
    const v = groups[name];
    return v === undefined ? '' : sanitize(v);
  });
}

/** A line comment or a block-comment line (`//`, `#`, `*`, `/*`, `<!--`) before the match: words, not code. */
function inComment(text: string, at: number): boolean {
  const before = text.slice(lineStart(text, at), at).trimStart();
  return /^(?:\/\/|#(?![!{[])|\/?\*|<!--)/.test(before);
}

/** Run one pattern on its windows; push evidence (one per distinct position). */
function runPattern(ctx: FileContext, cp: CompiledPattern, hits: readonly number[], out: Evidence[]): void {
  const text = ctx.text;
  if (cp.textMatch && !cp.textMatch.test(text)) return;
  const seen = new Set<number>();
  let produced = 0;
  for (const [ws, we] of windowsFor(text, hits, cp)) {
    const slice = text.slice(ws, we);
    const re = cp.re;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    let n = 0;
    while ((m = re.exec(slice)) !== null && n++ < MAX_MATCHES_PER_WINDOW) {
      if (m[0].length === 0) re.lastIndex++;
      const groups = m.groups as Record<string, string> | undefined;
      if (!passesCondition(cp, groups)) continue;
      const at = ws + (m.indices?.groups?.at?.[0] ?? m.index);
      if (seen.has(at) || inComment(text, at)) continue;
      seen.add(at);
      const ev: Evidence = { control: cp.pattern.control, kind: cp.pattern.kind, file: ctx.file, line: ctx.lineAt(at).line, detail: detailOf(cp, groups), pattern: cp.pattern.id };
      out.push(ev);
      for (const control of cp.pattern.also ?? []) out.push({ ...ev, control });
      if (++produced >= MAX_EVIDENCE_PER_PATTERN || out.length >= MAX_EVIDENCE_PER_FILE) return;
    }
  }
}

/**
 * Worker side: evidence patterns (rules/controls) that match this file. `given`: the keyword hits of the
 * patterns evidenceKeywords names for the file (capped at MAX_HITS_PER_PATTERN), found by a shared keyword pass;
 * null when no pattern applies.
 */
export function collectEvidence(ctx: FileContext, catalog: ControlCatalog = controlCatalog(), given?: Map<number, number[]> | null): Evidence[] {
  const e = engineFor(catalog);
  let hits = given;
  if (hits === undefined) {
    const entry = keywordsFor(e, ctx.file);
    if (!entry) return [];
    entry.matcher ??= new PairKeywordMatcher(entry.specs);
    hits = entry.matcher.scan(ctx.text, MAX_HITS_PER_PATTERN);
  }
  if (!hits?.size) return [];
  const out: Evidence[] = [];
  for (const i of [...hits.keys()].sort((a, b) => a - b)) {
    runPattern(ctx, e.catalog.patterns[i]!, hits.get(i)!, out);
    if (out.length >= MAX_EVIDENCE_PER_FILE) break;
  }
  return out;
}
