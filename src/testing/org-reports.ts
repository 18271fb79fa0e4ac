// Many repositories' reports from one: for the organisation-scale merge tests and `npm run bench -- --merge N`.
// Report i of n is the base report renamed to repository "org/repo-i", with its credentials re-keyed so that
// some are shared by every repository, some by a tenth of them and the rest by none, the way one leaked
// organisation key spreads. Only fingerprints change; redacted values stay the base report's.
import type { Report, ScorecardEntry } from '../model/report.js';

const STATUSES: ScorecardEntry['status'][] = ['met', 'partial', 'missing', 'unknown'];

/** The fingerprint of a base credential in repository i: shared by all (k % 3 = 0), by a tenth, or by none. */
function fingerprintIn(fp: string, k: number, i: number): string {
  if (k % 3 === 0) return fp;
  if (k % 3 === 1) return `${fp}-g${i % 10}`;
  return `${fp}-r${i}`;
}

export function orgReport(base: Report, i: number): Report {
  const report = structuredClone(base);
  const order = new Map<string, number>();
  const key = (fp: string): number => {
    if (!order.has(fp)) order.set(fp, order.size);
    return order.get(fp)!;
  };
  report.repository = `org/repo-${String(i).padStart(4, '0')}`;
  for (const f of report.findings) if (f.credential) f.credential.fingerprint = fingerprintIn(f.credential.fingerprint, key(f.credential.fingerprint), i);
  for (const b of report.bindings) if (b.fingerprint) b.fingerprint = fingerprintIn(b.fingerprint, key(b.fingerprint), i);
  if (report.summary.gate) report.summary.gate = { ...report.summary.gate, failed: i % 4 !== 0 };
  report.scorecard = report.scorecard?.map((e, k) => ({ ...e, status: STATUSES[(i + k) % STATUSES.length]! }));
  return report;
}
