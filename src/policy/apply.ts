// Apply the team's policy to scored findings, in this order:
//   1. rules.enable / rules.disable (config)        → dropped, recorded
//   2. allowlist.paths (config)                     → dropped, recorded
//   3. inline credlife-ignore comments (own line; a comment alone on a line also covers the next line)
//                                                   → dropped when live; an expired one leaves a note
//   4. rules.severity overrides (config)            → severity changed, recorded, noted on the finding
//   5. baseline (--write-baseline, then --baseline) → dropped (or kept with note "baselined"), counted
// Every suppression that took effect is returned in `suppressed` with its reason and where it was declared,
// because a repository's own config and comments can weaken the gate and reviewers must see that.
import picomatch from 'picomatch';
import type { BaselinedFinding, Finding, SuppressionRecord, Warning } from '../model/report.js';
import type { InlineSuppression } from '../model/records.js';
import { configRelativePath, type LoadedConfig } from './config.js';
import { isExpired, SUPPRESSION_EXAMPLE, validUntil } from './suppressions.js';
import { baselineKeyOf, baselineKeysOf, readBaseline, writeBaseline } from './baseline.js';

export interface PolicyInput {
  config: LoadedConfig;
  inline: InlineSuppression[];
  baselinePath?: string;
  writeBaselinePath?: string;
  /** The scanned folders: a baseline written inside one is checked for symlinks from that folder down. */
  scanRoots?: string[];
  showBaselined?: boolean;
  reportUnusedSuppressions?: boolean;
  /** The scan's clock: expiry dates of suppressions and baselines are judged at this instant. */
  now: Date;
}

export interface PolicyOutput {
  findings: Finding[];
  suppressed: SuppressionRecord[];
  baselined: number;
  /** Set when --write-baseline wrote a file: its path and number of entries. */
  baselineWritten?: { file: string; entries: number };
  baselinedFindings: BaselinedFinding[];
  warnings: Warning[];
}

/** The note a baselined finding carries under --show-baselined (the gate skips such findings). */
export const BASELINED_NOTE = 'baselined';

/** Collects SuppressionRecords, one per (kind, target, reason, source), counting the findings each removed. */
class Ledger {
  private readonly records = new Map<string, SuppressionRecord>();
  add(kind: string, target: string, reason: string, source: string, count = 1): void {
    const key = `${kind}\0${target}\0${reason}\0${source}`;
    const r = this.records.get(key);
    if (r) r.count += count;
    else this.records.set(key, { kind, target, reason, source, count });
  }
  list(): SuppressionRecord[] {
    return [...this.records.values()].sort(
      (a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0) || (a.target < b.target ? -1 : a.target > b.target ? 1 : 0),
    );
  }
}

function note(f: Finding, text: string): void {
  f.context ??= {};
  f.context.notes = [...(f.context.notes ?? []), text];
}

export function applyPolicy(findings: Finding[], input: PolicyInput): PolicyOutput {
  const loaded = input.config;
  const cfg = loaded.config;
  const where = (line?: number) => `${loaded.display ?? loaded.file ?? 'config'}${line ? `:${line}` : ''}`;
  const now = input.now;
  const ledger = new Ledger();
  const warnings: Warning[] = [];

  // Rules disabled in config act inside the detector for credential rules (their hits never become
  // findings), so they are listed whenever configured; the count is what policy itself removed.
  const disabled = new Map((cfg.rules?.disable ?? []).map((d) => [d.id, d]));
  for (const d of disabled.values()) ledger.add('rule-disabled', d.id, d.reason, where(d.line), 0);
  for (const r of cfg.allowlist?.regexes ?? []) ledger.add('allowlist-regex', r.pattern, r.reason, where(r.line), 0);
  for (const s of cfg.allowlist?.stopwords ?? []) ledger.add('stopword', s.word, s.reason, where(s.line), 0);
  const enable = cfg.rules?.enable;
  const enabled = enable ? new Set(enable.ids) : null;
  const pathRules = (cfg.allowlist?.paths ?? []).map((p) => ({ entry: p, match: picomatch(p.pattern, { dot: true }) }));
  const overrides = new Map((cfg.rules?.severity ?? []).map((o) => [o.id, o]));

  const inline = indexInline(input.inline, now, warnings);

  let kept: Finding[] = [];
  // A credential accepted by an inline comment where its value sits (.env) is accepted wherever it is held:
  // the binding finding in the code that reads it carries the same fingerprint.
  const acceptedCredentials = new Map<string, { reason: string; source: string }>();
  for (const f of findings) {
    if (enabled && !enabled.has(f.ruleId)) {
      ledger.add('rule-not-enabled', f.ruleId, enable!.reason, where(enable!.line));
      continue;
    }
    const off = disabled.get(f.ruleId);
    if (off) {
      ledger.add('rule-disabled', off.id, off.reason, where(off.line));
      continue;
    }
    const rel = configRelativePath(loaded, f.file);
    const allowed = pathRules.find((p) => p.match(rel));
    if (allowed) {
      ledger.add('allowlist-path', allowed.entry.pattern, allowed.entry.reason, where(allowed.entry.line));
      continue;
    }
    const live = inline.suppress(f, ledger);
    if (live) {
      if (f.kind === 'secret' && f.credential && !acceptedCredentials.has(f.credential.fingerprint)) {
        acceptedCredentials.set(f.credential.fingerprint, { reason: live.reason, source: `${live.file}:${live.line}` });
      }
      continue;
    }
    const o = overrides.get(f.ruleId);
    if (o && o.severity !== f.severity) {
      note(f, `severity ${f.severity} → ${o.severity} by ${where(o.line)}: ${o.reason}`);
      f.severity = o.severity;
      ledger.add('severity-override', `${o.id} → ${o.severity}`, o.reason, where(o.line));
    }
    kept.push(f);
  }
  if (acceptedCredentials.size) {
    kept = kept.filter((f) => {
      const accepted = f.kind !== 'secret' && f.credential ? acceptedCredentials.get(f.credential.fingerprint) : undefined;
      if (accepted) ledger.add('inline', f.ruleId, accepted.reason, `${accepted.source} (same credential)`);
      return !accepted;
    });
  }
  warnings.push(...inline.unused(Boolean(input.reportUnusedSuppressions)));

  // Baseline: writing one records what is reported now, and those findings count as known in this run.
  let baselined = 0;
  const baselinedFindings: BaselinedFinding[] = [];
  const known = new Set<string>();
  let baselineWritten: PolicyOutput['baselineWritten'];
  if (input.writeBaselinePath) {
    baselineWritten = { file: input.writeBaselinePath, entries: writeBaseline(input.writeBaselinePath, kept, input.scanRoots) };
    for (const f of kept) known.add(baselineKeyOf(f));
  }
  if (input.baselinePath) for (const k of readBaseline(input.baselinePath)) known.add(k);
  if (known.size) {
    const next: Finding[] = [];
    for (const f of kept) {
      if (!baselineKeysOf(f).some((k) => known.has(k))) {
        next.push(f);
        continue;
      }
      baselined++;
      baselinedFindings.push({ ruleId: f.ruleId, file: f.file, line: f.line, severity: f.severity });
      if (input.showBaselined) {
        note(f, BASELINED_NOTE);
        next.push(f);
      }
    }
    kept = next;
    if (baselined) {
      const file = input.baselinePath ?? input.writeBaselinePath!;
      ledger.add('baseline', file, 'known finding recorded in the baseline', file, baselined);
    }
  }
  return { findings: kept, suppressed: ledger.list(), baselined, baselinedFindings, ...(baselineWritten ? { baselineWritten } : {}), warnings };
}

interface InlineIndex {
  /** Suppress `f` if a live comment covers it (recording it, returning the comment); note an expired one. */
  suppress(f: Finding, ledger: Ledger): InlineSuppression | undefined;
  /** Warnings for comments that suppressed nothing (only when asked). */
  unused(report: boolean): Warning[];
}

function indexInline(list: InlineSuppression[], now: Date, warnings: Warning[]): InlineIndex {
  type Entry = InlineSuppression & { usable: boolean; expired: boolean; used: boolean };
  const byFile = new Map<string, Entry[]>();
  for (const s of list) {
    let usable = true;
    let expired = false;
    if (!s.reason) {
      usable = false;
      warnings.push({ file: s.file, line: s.line, kind: 'suppression', message: `credlife-ignore without a reason does not suppress anything; write "${SUPPRESSION_EXAMPLE}"` });
    } else if (s.until !== undefined && !validUntil(s.until)) {
      usable = false;
      warnings.push({ file: s.file, line: s.line, kind: 'suppression', message: 'credlife-ignore until= must be a date (YYYY-MM-DD); this comment does not suppress anything' });
    } else if (s.until !== undefined && isExpired(s.until, now)) {
      expired = true;
    }
    const e: Entry = { ...s, usable, expired, used: false };
    const arr = byFile.get(s.file);
    if (arr) arr.push(e);
    else byFile.set(s.file, [e]);
  }
  return {
    suppress(f, ledger) {
      const candidates = (byFile.get(f.file) ?? []).filter(
        (s) => s.usable && (s.line === f.line || (s.standalone !== false && s.line === f.line - 1)) && (s.ruleId === undefined || s.ruleId === f.ruleId),
      );
      // The comment on the finding's own line wins over the one on the line before.
      candidates.sort((a, b) => b.line - a.line);
      const live = candidates.find((s) => !s.expired);
      if (live) {
        live.used = true;
        ledger.add('inline', f.ruleId, live.reason, `${live.file}:${live.line}`);
        return live;
      }
      for (const s of candidates) {
        s.used = true;
        note(f, `suppression expired on ${s.until} (${s.file}:${s.line}: ${s.reason})`);
      }
      return undefined;
    },
    unused(report) {
      if (!report) return [];
      const out: Warning[] = [];
      for (const entries of byFile.values()) {
        for (const s of entries) {
          if (s.usable && !s.used) {
            out.push({ file: s.file, line: s.line, message: `unused suppression: credlife-ignore${s.ruleId ? ` for ${s.ruleId}` : ''} matches no finding; remove it` });
          }
        }
      }
      return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || (a.line ?? 0) - (b.line ?? 0));
    },
  };
}
