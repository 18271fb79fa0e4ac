// Afterlife: how long a credential stays useful after the task it was issued for has ended.
// afterlife = max(0, TTL − task window); unbounded for static credentials; 0 once expired (docs/scoring.md).
import { formatDuration } from '../model/units.js';
import type { Afterlife, Lifetime } from '../model/report.js';

/** Upper bound of the short-lived class (short-lived means ≤ 24 h). */
export const SHORT_LIVED_MAX_SECONDS = 24 * 3600;

export const UNBOUNDED: Afterlife = Object.freeze({ unbounded: true, seconds: null }) as Afterlife;

/**
 * The afterlife of a credential with this lifetime, for a task window of `taskWindowSeconds`.
 *
 * Decisions (docs/scoring.md, "Afterlife"):
 * - an `expiresAt` in the past wins over everything: 0 (the token is dead, whatever its class);
 * - an `expiresAt` in the future bounds the remaining life: max(0, expiresAt − now − window);
 * - `static` is unbounded;
 * - a known TTL gives max(0, TTL − window) for every other class;
 * - with no TTL: `task-scoped` is 0 (minted for the task, assumed to end with it); `short-lived` uses the
 *   class bound (24 h − window); `long-lived` and `unknown` are unbounded, because nothing visible shows
 *   that they ever end and the rule asks us to prove that they do.
 */
export function afterlifeOf(lifetime: Lifetime, taskWindowSeconds: number, now: Date | number = Date.now()): Afterlife {
  const nowMs = typeof now === 'number' ? now : now.getTime();
  const window = Math.max(0, Number.isFinite(taskWindowSeconds) ? taskWindowSeconds : 0);
  if (lifetime.expiresAt) {
    const at = Date.parse(lifetime.expiresAt);
    if (Number.isFinite(at)) {
      const remaining = Math.floor((at - nowMs) / 1000);
      if (remaining <= 0) return { unbounded: false, seconds: 0 };
      return { unbounded: false, seconds: Math.max(0, remaining - window) };
    }
  }
  if (lifetime.class === 'static') return { unbounded: true, seconds: null };
  const ttl = lifetime.ttlSeconds;
  if (ttl !== null && Number.isFinite(ttl)) return { unbounded: false, seconds: Math.max(0, Math.floor(ttl - window)) };
  switch (lifetime.class) {
    case 'task-scoped':
      return { unbounded: false, seconds: 0 };
    case 'short-lived':
      return { unbounded: false, seconds: Math.max(0, SHORT_LIVED_MAX_SECONDS - window) };
    default:
      return { unbounded: true, seconds: null };
  }
}

/** Has the credential already expired (its own `expiresAt` is in the past)? */
export function isExpired(lifetime: Lifetime | undefined, now: Date | number = Date.now()): boolean {
  if (!lifetime?.expiresAt) return false;
  const at = Date.parse(lifetime.expiresAt);
  return Number.isFinite(at) && at <= (typeof now === 'number' ? now : now.getTime());
}

export { formatDuration };

export function formatAfterlife(a: Afterlife): string {
  return a.unbounded ? 'unbounded' : formatDuration(a.seconds);
}
