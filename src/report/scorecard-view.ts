// Presentation helpers for the controls scorecard, shared by the text, Markdown, HTML and framework
// reports. They order, count and label what report.scorecard already says; nothing here measures a control.
import type { ScorecardEntry } from '../model/report.js';
import type { FrameworkCatalog } from './catalog.js';
import { cmp } from './common.js';

export const SCORECARD_STATUSES = ['met', 'partial', 'missing', 'unknown'] as const;
export type ScorecardStatus = (typeof SCORECARD_STATUSES)[number];

export const STATUS_ICON: Record<string, string> = { met: '🟢', partial: '🟡', missing: '🔴', unknown: '⚪' };

/** A status the formatters know, or 'unknown' (a hand-edited or future report may carry anything). */
export function statusOf(e: ScorecardEntry): ScorecardStatus {
  return (SCORECARD_STATUSES as readonly string[]).includes(e.status) ? e.status : 'unknown';
}

/** How many entries have each status, in SCORECARD_STATUSES order. */
export function statusCounts(entries: readonly ScorecardEntry[]): [ScorecardStatus, number][] {
  return SCORECARD_STATUSES.map((s) => [s, entries.filter((e) => statusOf(e) === s).length]);
}

/** "3 met · 1 partial" (statuses with no entries left out). */
export function statusLine(entries: readonly ScorecardEntry[], icons = false): string {
  return statusCounts(entries)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${icons ? STATUS_ICON[s] + ' ' : ''}${n} ${s}`)
    .join(' · ');
}

type EvidenceItem = ScorecardEntry['evidence'][number];

/** Evidence with the side it speaks for: against first (what to fix), then for; each by file and line. */
export function sortedEvidence(e: ScorecardEntry): EvidenceItem[] {
  return [...(e.evidence ?? [])].sort(
    (a, b) => (a.kind === b.kind ? 0 : a.kind === 'against' ? -1 : 1) || cmp(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0),
  );
}

/** Evidence counts: from metrics (all evidence before the report capped the list) or the list itself. */
export function evidenceCounts(e: ScorecardEntry): { for: number; against: number } {
  const list = e.evidence ?? [];
  return {
    for: e.metrics?.evidenceFor ?? list.filter((x) => x.kind === 'for').length,
    against: e.metrics?.evidenceAgainst ?? list.filter((x) => x.kind === 'against').length,
  };
}

export function evidenceLabel(x: EvidenceItem): string {
  return `${x.file}:${x.line}`;
}

/** "for" / "against" as a mark readers can scan. */
export function evidenceMark(x: EvidenceItem): string {
  return x.kind === 'for' ? '✔' : '✘';
}

export interface MappedControl {
  id: string;
  /** From the catalog when it knows the id; otherwise absent (show the id alone). */
  title?: string;
}

/** The controls of one framework that a scorecard entry maps to, titled from the catalog where it has them. */
export function mappedControls(e: ScorecardEntry, framework: string, catalog?: FrameworkCatalog): MappedControl[] {
  const seen = new Set<string>();
  const out: MappedControl[] = [];
  for (const r of e.frameworks ?? []) {
    if (r.framework !== framework || seen.has(r.id)) continue;
    seen.add(r.id);
    const title = catalog?.controls.find((c) => c.id === r.id)?.title;
    out.push(title ? { id: r.id, title } : { id: r.id });
  }
  return out;
}

/** Reverse view for a framework report: which scorecard entries map to one framework control. */
export function entriesForControl(entries: readonly ScorecardEntry[], framework: string, controlId: string): ScorecardEntry[] {
  return entries.filter((e) => (e.frameworks ?? []).some((r) => r.framework === framework && r.id === controlId));
}

/** Does any entry carry a framework mapping at all (reports written before mappings existed do not)? */
export function hasMappings(entries: readonly ScorecardEntry[]): boolean {
  return entries.some((e) => (e.frameworks?.length ?? 0) > 0);
}
