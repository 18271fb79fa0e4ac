// Repeated findings for people: in a repository with hundreds of examples or tests, the same tool holding the
// same credential in every example file is one fact, not hundreds of entries. The human formats list the
// first such finding in full and name the other places on one line; machine formats (JSON, SARIF, CSV, JUnit)
// keep every finding. Only findings outside ordinary source (test, docs, example, ci files) and below the gate
// are folded: a finding the gate acts on, or one in the agent's own code, is always shown on its own.
import type { Finding, GateResult, Report } from '../model/report.js';
import { failsGate } from '../policy/gate.js';
import { originOf } from '../model/origin.js';

/** Fewer findings than this with one key are listed one by one. */
export const MIN_GROUP = 3;

export interface FindingEntry {
  finding: Finding;
  /** The other findings folded into this one (same rule, severity, tool, credential, kind of file). */
  more: Finding[];
}

function foldKey(f: Finding, gate: GateResult | undefined): string | null {
  const origin = f.context?.origin;
  if (typeof origin !== 'string' || origin === 'source') return null;
  // The gate's own test (severity and --max-afterlife): whatever it counts is always listed.
  if (f.kind === 'secret' || (gate && failsGate(f, { failOn: gate.failOn, maxAfterlifeSeconds: gate.maxAfterlifeSeconds }).failed)) return null;
  // The message names the tool and the credential it holds ("anthropic holds ANTHROPIC_API_KEY …").
  const b = f.binding;
  return [f.ruleId, f.severity, origin, b?.tool ?? '', b?.source ?? '', b?.scope ?? '', f.message].join('\0');
}

/**
 * Findings in the given order, with repeats folded into the first of their key when `fold` is set and at least
 * MIN_GROUP share it. Order is kept: an entry stands where its first finding stood.
 */
export function findingEntries(report: Report, findings: readonly Finding[], fold: boolean): FindingEntry[] {
  if (!fold) return findings.map((finding) => ({ finding, more: [] }));
  const gate = report.summary.gate;
  const keys = findings.map((f) => foldKey(f, gate));
  const count = new Map<string, number>();
  for (const k of keys) if (k !== null) count.set(k, (count.get(k) ?? 0) + 1);
  const first = new Map<string, FindingEntry>();
  const out: FindingEntry[] = [];
  findings.forEach((finding, i) => {
    const k = keys[i];
    if (k === null || k === undefined || (count.get(k) ?? 0) < MIN_GROUP) {
      out.push({ finding, more: [] });
      return;
    }
    const entry = first.get(k);
    if (entry) entry.more.push(finding);
    else {
      const e: FindingEntry = { finding, more: [] };
      first.set(k, e);
      out.push(e);
    }
  });
  return out;
}

/** "and 311 more in example files: a.ts:1, b.ts:2, c.ts:4 …" for an entry with folded findings. */
export function moreLabel(entry: FindingEntry, max = 3): string {
  const n = entry.more.length;
  if (!n) return '';
  const origin = entry.finding.context?.origin ?? 'other';
  const shown = entry.more.slice(0, max).map((f) => `${f.file}:${f.line}`);
  return `and ${n} more like it in ${origin} files: ${shown.join(', ')}${n > max ? ', …' : ''}`;
}

/** Bindings the text inventory lists at most, without --verbose. */
export const MAX_LISTED_BINDINGS = 40;

/**
 * The bindings a person sees first: those in the agent's own code, then the rest, at most `max` unless `all`;
 * `hidden` counts what was left out and how many of those sit in test, docs, example or ci files.
 */
export function listedBindings<B extends { file: string }>(bindings: readonly B[], all: boolean, max = MAX_LISTED_BINDINGS): { shown: B[]; hidden: number; hiddenOutsideSource: number } {
  if (all || bindings.length <= max) return { shown: [...bindings], hidden: 0, hiddenOutsideSource: 0 };
  const source = bindings.filter((b) => originOf(b.file) === 'source');
  const other = bindings.filter((b) => originOf(b.file) !== 'source');
  const shown = [...source, ...other].slice(0, max);
  const hiddenOutsideSource = other.length - Math.max(0, max - source.length);
  return { shown, hidden: bindings.length - shown.length, hiddenOutsideSource: Math.max(0, hiddenOutsideSource) };
}
