// Durations and sizes as people write them ("30m", "1h30m", "10MB") and as reports show them.
import { UsageError } from './errors.js';

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** Parse "90s", "30m", "1h", "7d", "1h30m" or a plain number of seconds. */
export function parseDuration(input: string, flag = 'duration'): number {
  const text = String(input).replace(/\s+/g, '').toLowerCase();
  if (/^\d+$/.test(text)) return Number(text);
  const re = /(\d+(?:\.\d+)?)\s*([smhdw])/gy;
  let total = 0;
  let consumed = 0;
  for (const m of text.matchAll(re)) {
    total += Number(m[1]) * DURATION_UNITS[m[2]!]!;
    consumed += m[0].length;
  }
  if (consumed === 0 || consumed !== text.length) {
    throw new UsageError(`invalid ${flag} "${input}"`, 'use a duration such as 90s, 30m, 1h, 7d or 1h30m');
  }
  return Math.round(total);
}

const SIZE_UNITS: Record<string, number> = {
  b: 1, k: 1e3, kb: 1e3, m: 1e6, mb: 1e6, g: 1e9, gb: 1e9,
  kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3,
};

/** Parse "10MB", "512KiB", "1g" or a plain number of bytes. */
export function parseSize(input: string, flag = 'size'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(String(input));
  const unit = m?.[2]?.toLowerCase() ?? '';
  const factor = unit === '' ? 1 : SIZE_UNITS[unit];
  if (!m || factor === undefined) {
    throw new UsageError(`invalid ${flag} "${input}"`, 'use a size such as 512KB, 10MB or 1GiB');
  }
  return Math.round(Number(m[1]) * factor);
}

/** "∞", "0", "45m", "3h", "32d": compact afterlife / TTL for humans. */
export function formatSeconds(seconds: number | null, unbounded = false): string {
  if (unbounded) return '∞';
  if (seconds === null) return '?';
  if (seconds <= 0) return '0';
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)}m`;
  if (seconds < 86400 * 2) return `${Math.round((seconds / 3600) * 10) / 10}h`;
  return `${Math.round(seconds / 86400)}d`;
}

/**
 * "unbounded", "0s", "45m", "3h 10m", "32d": a duration in at most two units, for messages, factor details,
 * explanations and report headings (formatSeconds is the one-unit column form).
 */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return 'unbounded';
  if (!Number.isFinite(seconds) || seconds <= 0) return '0s';
  const whole = Math.round(seconds);
  const d = Math.floor(whole / 86400);
  const h = Math.floor((whole % 86400) / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  if (d) return h ? `${d}d ${h}h` : `${d}d`;
  if (h) return m ? `${h}h ${m}m` : `${h}h`;
  if (m) return s ? `${m}m ${s}s` : `${m}m`;
  return `${s}s`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}
