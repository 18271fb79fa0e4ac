// Small helpers shared by the deployment-posture readers: issues, evidence and lifetimes from TTL settings.
import type { Lifetime, Severity } from '../model/report.js';
import type { Evidence, FileContext, Issue } from '../model/records.js';
import { parseDuration } from '../model/units.js';
import type { Binding } from '../model/report.js';

/** Vault's system default token / lease TTL when a role sets none (768 h = 32 days). */
export const VAULT_DEFAULT_TTL_SECONDS = 768 * 3600;

/** "768h", "32d", "1h30m", "3600", 3600 → seconds; null when unreadable. */
export function durationSeconds(value: string | number | undefined | null): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value) : null;
  const t = value.trim().replace(/^"|"$/g, '');
  if (!t) return null;
  try {
    return parseDuration(t);
  } catch {
    return null;
  }
}

/** Lifetime implied by a TTL setting. */
export function lifetimeOf(ttlSeconds: number | null, note: string): Lifetime {
  if (ttlSeconds === null) return { class: 'static', ttlSeconds: null, expiresAt: null, note };
  return { class: ttlSeconds <= 86400 ? 'short-lived' : 'long-lived', ttlSeconds, expiresAt: null, note };
}

export function severityForTtl(ttlSeconds: number | null): Severity {
  if (ttlSeconds === null || ttlSeconds > 30 * 86400) return 'high';
  if (ttlSeconds > 86400) return 'medium';
  return 'low';
}

export interface IssueInput {
  ruleId: string;
  kind?: 'config' | 'binding';
  offset: number;
  message: string;
  lifetime?: Lifetime;
  tags?: string[];
  severityHint?: Severity;
  binding?: Binding;
  provider?: string;
}

export function makeIssue(ctx: FileContext, i: IssueInput): Issue {
  const pos = ctx.lineAt(i.offset);
  return {
    ruleId: i.ruleId,
    kind: i.kind ?? 'config',
    file: ctx.file,
    line: pos.line,
    column: pos.column,
    message: i.message,
    ...(i.lifetime ? { lifetime: i.lifetime } : {}),
    ...(i.tags ? { tags: i.tags } : {}),
    ...(i.severityHint ? { severityHint: i.severityHint } : {}),
    ...(i.binding ? { binding: i.binding } : {}),
    ...(i.provider ? { provider: i.provider } : {}),
  };
}

export function makeEvidence(ctx: FileContext, control: string, kind: 'for' | 'against', offset: number, detail: string, pattern: string): Evidence {
  return { control, kind, file: ctx.file, line: ctx.lineAt(offset).line, detail, pattern };
}
