// Main-thread side of the scorecard: one entry per control, from the report's bindings and findings and the
// evidence that readers, code analysis and the evidence patterns found. Static analysis sees configuration
// and code, not runtime behaviour, so a control with nothing to measure is `unknown`, never a guess.
import type { Binding, CiCredentials, Finding, GateResult, Report, ScorecardEntry } from '../model/report.js';
import type { Evidence } from '../model/records.js';
import { formatSeconds } from '../model/units.js';
import { CONTROL_IDS, type ControlCatalog, type ControlId, type ControlInfo } from './patterns.js';
import { controlCatalog } from './collect.js';
import { areaOf, type EvidenceArea } from './area.js';

type Status = ScorecardEntry['status'];
type Item = ScorecardEntry['evidence'][number];

/** Evidence shown per control; the totals stay in metrics.evidenceFor / evidenceAgainst. */
export const MAX_EVIDENCE_PER_CONTROL = 12;
/** Weak items (SDK defaults, imports of tracing libraries, generic restatements) shown per side at most. */
const MAX_WEAK_SHOWN = 3;
/** Afterlife above this fails short-ttl-revocation unless the gate sets its own --max-afterlife. */
const DEFAULT_MAX_AFTERLIFE_SECONDS = 3600;

/** Readers that describe infrastructure (env files, CI jobs, cluster manifests), not the agent's tools. */
const INFRA_VIA = /^(?:env|ci:|k8s|kubernetes|compose|hcl|vault|spire|terraform)/;

export function isToolBinding(b: Binding): boolean {
  return !b.via || !INFRA_VIA.test(b.via);
}

/** Obtained per task or per call from an issuer (task scope, OAuth, a mint call). */
function isPerTask(b: Binding): boolean {
  return b.scope === 'task' || b.source === 'oauth' || b.source === 'minted';
}

const AUDIENCE_ATTRS = ['audience', 'aud', 'resource', 'scope', 'scopes'];
function isAudienceBound(b: Binding): boolean {
  return b.source === 'oauth' || AUDIENCE_ATTRS.some((k) => b.attributes?.[k] !== undefined && b.attributes[k] !== '');
}

function ref(b: Binding): string {
  return b.credentialRef ? `${b.source} ${b.credentialRef}` : b.source;
}

/** An evidence item; `revocation` (not shown) marks items that revoke a credential, for the count in `why`. */
type Tagged = Item & { revocation?: boolean; weak?: boolean };

function item(kind: 'for' | 'against', file: string, line: number, detail: string): Item {
  return { kind, file, line, detail };
}

/** Dedupe on kind + file + line (first detail wins), count, and cap: against and for share the list. */
function selectEvidence(items: Item[], byDetail = false): { shown: Item[]; countFor: number; countAgainst: number } {
  // First detail wins, except that a weak item (a generic pattern restating what a binding says) gives way.
  const seen = new Map<string, number>();
  const unique: Item[] = [];
  const weakAt = new Set<number>();
  for (const e of items as Tagged[]) {
    const key = `${e.kind}\u0000${e.file}\u0000${e.line}${byDetail ? `\u0000${e.detail}` : ''}`;
    const at = seen.get(key);
    if (at !== undefined) {
      if (weakAt.has(at) && !e.weak) {
        unique[at] = { kind: e.kind, file: e.file, line: e.line, detail: e.detail };
        weakAt.delete(at);
      }
      continue;
    }
    seen.set(key, unique.length);
    if (e.weak) weakAt.add(unique.length);
    unique.push({ kind: e.kind, file: e.file, line: e.line, detail: e.detail });
  }
  const weakSet = new Set([...weakAt].map((i) => unique[i]!));
  // Strong evidence before weak (SDK defaults, generic restatements) in the capped list, then by file and line.
  const order = (a: Item, b: Item) => Number(weakSet.has(a)) - Number(weakSet.has(b)) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line;
  // Weak items fill at most MAX_WEAK_SHOWN places per side: the list is for the lines that decide.
  const capWeak = (list: Item[]) => {
    let weak = 0;
    return list.filter((e) => !weakSet.has(e) || ++weak <= MAX_WEAK_SHOWN);
  };
  const against = capWeak(unique.filter((e) => e.kind === 'against').sort(order));
  const pro = capWeak(unique.filter((e) => e.kind === 'for').sort(order));
  const half = MAX_EVIDENCE_PER_CONTROL / 2;
  const takeAgainst = Math.min(against.length, Math.max(half, MAX_EVIDENCE_PER_CONTROL - pro.length));
  const takeFor = Math.min(pro.length, MAX_EVIDENCE_PER_CONTROL - takeAgainst);
  return {
    shown: [...against.slice(0, takeAgainst), ...pro.slice(0, takeFor)],
    countFor: unique.filter((e) => e.kind === 'for').length,
    countAgainst: unique.filter((e) => e.kind === 'against').length,
  };
}

/** for only → met; both → partial; against only → missing; neither → `none`. */
function balance(countFor: number, countAgainst: number, none: Status): Status {
  if (countFor && !countAgainst) return 'met';
  if (countFor && countAgainst) return 'partial';
  if (countAgainst) return 'missing';
  return none;
}

function names(list: string[], max = 5): string {
  const unique = [...new Set(list)];
  return unique.length > max ? `${unique.slice(0, max).join(', ')} and ${unique.length - max} more` : unique.join(', ');
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** "for: …; against: …" with the empty side left out. */
function sides(countFor: number, forText: string, countAgainst: number, againstText: string): string {
  return [countFor ? `${forText} in ${plural(countFor, 'place')}` : '', countAgainst ? `${againstText} in ${plural(countAgainst, 'place')}` : '']
    .filter(Boolean)
    .join('; ');
}

interface Inputs {
  report: ScorecardInput;
  tools: Binding[];
  evidence: Map<ControlId, Tagged[]>;
}

interface Measured {
  status: Status;
  why: string;
  items: Item[];
  metrics: Record<string, number>;
  /** Appended to the control's `next` text (e.g. which tools to change). */
  nextSuffix?: string;
}

function perTaskIssuance({ tools, evidence }: Inputs): Measured {
  const items: Item[] = [...(evidence.get('per-task-issuance') ?? [])];
  const perTask = tools.filter(isPerTask);
  const process = tools.filter((b) => !isPerTask(b));
  for (const b of perTask) items.push(item('for', b.file, b.line, `tool ${b.tool} obtains its credential per task (${ref(b)})`));
  for (const b of process) items.push(item('against', b.file, b.line, `tool ${b.tool} holds a process-scoped credential (${ref(b)})`));
  const metrics = { toolBindings: tools.length, taskScoped: perTask.length, processScoped: process.length };
  const other = evidence.get('per-task-issuance') ?? [];
  const otherFor = other.some((e) => e.kind === 'for');
  const otherAgainst = other.some((e) => e.kind === 'against');
  if (!tools.length) {
    // No tool bindings, but static keys read by the agent's clients (against) or issuers (for) are visible facts.
    const sel = selectEvidence(items);
    const status = balance(sel.countFor, sel.countAgainst, 'unknown');
    const why =
      status === 'unknown'
        ? 'no tool bindings and no credential reads or issuers found: nothing to measure (tools wired outside these files are invisible to a static scan)'
        : sides(sel.countFor, 'credentials issued per task or session', sel.countAgainst, 'static keys read once for the process');
    return { status, why, items, metrics };
  }
  const share = Math.round((perTask.length / tools.length) * 100);
  let status: Status = perTask.length === tools.length ? 'met' : perTask.length ? 'partial' : 'missing';
  if (status === 'met' && otherAgainst) status = 'partial';
  if (status === 'missing' && otherFor) status = 'partial';
  const processTools = process.map((b) => b.tool);
  const why = process.length
    ? `${perTask.length} of ${plural(tools.length, 'tool binding')} (${share}%) are task-scoped; process-scoped: ${names(processTools)}`
    : `every tool binding (${tools.length}) obtains its credential per task or per call`;
  return { status, why, items, metrics: { ...metrics, taskSharePercent: share }, ...(process.length ? { nextSuffix: `Still process-scoped: ${names(processTools)}.` } : {}) };
}

function contextBinding({ report, tools, evidence }: Inputs): Measured {
  const items: Item[] = [...(evidence.get('context-binding') ?? [])];
  let bound = 0;
  let bearer = 0;
  for (const b of tools) {
    if (isAudienceBound(b)) {
      bound++;
      items.push(item('for', b.file, b.line, `tool ${b.tool} gets an audience-bound token (${ref(b)})`));
    } else if (!isPerTask(b)) {
      bearer++;
      items.push(item('against', b.file, b.line, `tool ${b.tool} presents a bearer credential (${ref(b)}) that works for any request`));
    }
  }
  for (const f of report.findings) {
    const m = f.context?.mitigations ?? [];
    if (m.includes('audience-bound') || m.includes('sender-constrained')) {
      items.push(item('for', f.file, f.line, `${f.credential?.type ?? f.ruleId} is ${m.includes('sender-constrained') ? 'sender-constrained' : 'audience-bound'}`));
    }
  }
  const sel = selectEvidence(items);
  const metrics = { audienceBoundTools: bound, bearerTools: bearer };
  const status = balance(sel.countFor, sel.countAgainst, 'unknown');
  const why =
    status === 'unknown'
      ? tools.length
        ? 'tokens are obtained per task, but no audience, resource or scope argument was visible'
        : 'no tool bindings and no audience, resource or scope settings found'
      : sides(sel.countFor, 'audience, resource or session binding', sel.countAgainst, 'context-free bearer credentials');
  return { status, why, items, metrics };
}

interface Afterlives {
  none: number;
  upTo1h: number;
  upTo24h: number;
  over24h: number;
  unbounded: number;
  unknown: number;
}

function credentialAfterlife(f: Finding): Finding['afterlife'] | undefined {
  return f.credential?.afterlife ?? f.afterlife;
}

function shortTtl({ report, evidence }: Inputs): Measured {
  const items: Item[] = [...(evidence.get('short-ttl-revocation') ?? [])];
  const limit = report.summary?.gate?.maxAfterlifeSeconds ?? DEFAULT_MAX_AFTERLIFE_SECONDS;
  const dist: Afterlives = { none: 0, upTo1h: 0, upTo24h: 0, over24h: 0, unbounded: 0, unknown: 0 };
  const seen = new Set<string>();
  /** Positions already counted through a finding: the binding there is the same credential. */
  const seenAt = new Set<string>();
  const count = (key: string, a: Finding['afterlife'] | undefined): boolean => {
    if (seen.has(key)) return false;
    seen.add(key);
    if (!a) dist.unknown++;
    else if (a.unbounded) dist.unbounded++;
    else if (a.seconds === null) dist.unknown++;
    else if (a.seconds <= 0) dist.none++;
    else if (a.seconds <= 3600) dist.upTo1h++;
    else if (a.seconds <= 86400) dist.upTo24h++;
    else dist.over24h++;
    return true;
  };
  for (const f of report.findings) {
    const a = credentialAfterlife(f);
    if (!a) continue;
    const key = f.credential?.fingerprint ?? `${f.ruleId}\u0000${f.file}\u0000${f.line}`;
    if (!count(key, a)) continue;
    seenAt.add(`${f.file}\u0000${f.line}`);
    const what = f.credential ? `${f.credential.provider} ${f.credential.type}` : f.binding?.tool ? `tool ${f.binding.tool} (${f.ruleId})` : f.ruleId;
    if (a.unbounded) items.push(item('against', f.file, f.line, `${what}: no expiry, usable indefinitely after the task`));
    else if (a.seconds !== null && a.seconds > limit) items.push(item('against', f.file, f.line, `${what}: usable for ${formatSeconds(a.seconds)} after the task`));
    else if (a.seconds !== null) items.push(item('for', f.file, f.line, `${what}: afterlife ${formatSeconds(a.seconds)}`));
  }
  for (const b of report.bindings) {
    if (!b.afterlife || (b.fingerprint && seen.has(b.fingerprint)) || seenAt.has(`${b.file}\u0000${b.line}`)) continue;
    const key = b.fingerprint ?? `binding\u0000${b.file}\u0000${b.line}`;
    if (!count(key, b.afterlife)) continue;
    const a = b.afterlife;
    const what = `tool ${b.tool} (${ref(b)})`;
    if (a.unbounded) items.push(item('against', b.file, b.line, `${what}: credential has no expiry, usable indefinitely after the task`));
    else if (a.seconds !== null && a.seconds > limit) items.push(item('against', b.file, b.line, `${what}: usable for ${formatSeconds(a.seconds)} after the task`));
    else if (a.seconds !== null) items.push(item('for', b.file, b.line, `${what}: afterlife ${formatSeconds(a.seconds)}`));
  }
  const revocations = (evidence.get('short-ttl-revocation') ?? []).filter((e) => e.kind === 'for' && e.revocation).length;
  const sel = selectEvidence(items);
  const total = dist.none + dist.upTo1h + dist.upTo24h + dist.over24h + dist.unbounded + dist.unknown;
  const metrics = {
    credentials: total,
    afterlifeNone: dist.none,
    afterlifeUpTo1h: dist.upTo1h,
    afterlifeUpTo24h: dist.upTo24h,
    afterlifeOver24h: dist.over24h,
    afterlifeUnbounded: dist.unbounded,
    afterlifeUnknown: dist.unknown,
    revocations,
    maxAfterlifeSeconds: limit,
  };
  const status = balance(sel.countFor, sel.countAgainst, 'unknown');
  const parts = [
    dist.unbounded && `${dist.unbounded} unbounded`,
    dist.over24h && `${dist.over24h} > 24h`,
    dist.upTo24h && `${dist.upTo24h} ≤ 24h`,
    dist.upTo1h && `${dist.upTo1h} ≤ 1h`,
    dist.none && `${dist.none} none`,
    dist.unknown && `${dist.unknown} unknown`,
  ].filter(Boolean);
  const distText = total ? `afterlife of ${plural(total, 'credential')}: ${parts.join(', ')}` : 'no credentials with a known afterlife';
  const revText = revocations ? `revocation on completion seen ${plural(revocations, 'time')}` : 'no revocation on completion seen';
  const why = status === 'unknown' ? `${distText}; no TTL or revocation settings found` : `${distText}; ${revText}`;
  return { status, why, items, metrics };
}

function toolCallLogging({ tools, evidence }: Inputs): Measured {
  const items = [...(evidence.get('tool-call-logging') ?? [])];
  const sel = selectEvidence(items);
  const metrics = { toolBindings: tools.length };
  // With tools (or agents holding credentials) and no logging anywhere in the files, say missing: that is what
  // the files show. Nothing about agents at all: unknown.
  const agentsSeen = tools.length > 0 || [...evidence.entries()].some(([c, list]) => c !== 'tool-call-logging' && list.length > 0);
  const status = balance(sel.countFor, sel.countAgainst, agentsSeen ? 'missing' : 'unknown');
  const why =
    status === 'unknown'
      ? 'no tools and no tracing or audit logging found'
      : !sel.countFor && !sel.countAgainst
        ? `no tracing, telemetry or audit logging found${tools.length ? ` for ${plural(tools.length, 'tool binding')}` : ' around the agents\' tool calls'}`
        : sel.countFor
          ? `${sides(sel.countFor, 'tool calls recorded (tracing, telemetry, audit)', sel.countAgainst, 'tracing turned off')}; static analysis cannot prove every call is covered`
          : `${sides(0, '', sel.countAgainst, 'tracing turned off')}; no other tracing or audit logging found`;
  return { status, why, items, metrics };
}

function identitySeparation({ report, tools, evidence }: Inputs): Measured {
  const items: Item[] = [...(evidence.get('identity-separation') ?? [])];
  const rawSecrets = new Set<string>();
  for (const f of report.findings) {
    if (f.kind !== 'secret' || !f.credential) continue;
    const cls = f.credential.lifetime.class;
    if (cls !== 'static' && cls !== 'long-lived') continue;
    if (rawSecrets.has(f.credential.fingerprint)) continue;
    rawSecrets.add(f.credential.fingerprint);
    items.push(item('against', f.file, f.line, `raw ${cls} ${f.credential.provider} ${f.credential.type} in the files the agent reads`));
  }
  let brokered = 0;
  let held = 0;
  for (const b of report.bindings) {
    if (b.source === 'secret-manager' || b.source === 'oauth' || b.source === 'minted') {
      brokered++;
      items.push(item('for', b.file, b.line, `${b.tool} reaches its credential through ${b.source === 'secret-manager' ? 'a secret manager' : b.source === 'oauth' ? 'OAuth' : 'an issuer'} (${b.credentialRef ?? b.source})`));
    } else if (isToolBinding(b) && (b.source === 'literal' || b.source === 'env' || b.source === 'file')) {
      held++;
      items.push(item('against', b.file, b.line, `the agent process holds the raw secret for ${b.tool} (${ref(b)})`));
    }
  }
  const sel = selectEvidence(items);
  const metrics = { rawLongLivedSecrets: rawSecrets.size, brokeredBindings: brokered, rawSecretBindings: held };
  const status = balance(sel.countFor, sel.countAgainst, 'unknown');
  const why =
    status === 'unknown'
      ? `no raw long-lived secrets, workload identity or secret-manager use found${tools.length ? '' : ' (and no tool bindings)'}`
      : sides(sel.countFor, 'workload identity, broker or secret manager', sel.countAgainst, "raw long-lived secrets in the agent's reach");
  return { status, why, items, metrics };
}

const MEASURES: Record<ControlId, (i: Inputs) => Measured> = {
  'per-task-issuance': perTaskIssuance,
  'context-binding': contextBinding,
  'short-ttl-revocation': shortTtl,
  'tool-call-logging': toolCallLogging,
  'identity-separation': identitySeparation,
};

/**
 * Generic patterns: they restate a binding's fact (a static key read from env; a binding's detail wins at the
 * same line) or are indirect (a tracing library imported); shown after direct evidence.
 */
const WEAK_PATTERNS = new Set(['static-key-from-env', 'tracing-library']);

const SEEN_KEY = { test: 'seenInTests', docs: 'seenInDocs', ci: 'seenInCi' } as const;

/** Evidence patterns whose items revoke a credential (counted in short-ttl-revocation's `why`). */
const REVOCATION_PATTERNS = /revoke|revocation/;

/** What the scorecard reads of a report: findings, bindings and the gate's afterlife limit. */
export type ScorecardInput = Pick<Report, 'findings' | 'bindings'> & { summary?: { gate?: Pick<GateResult, 'maxAfterlifeSeconds'> } };

/** The report and evidence of one area, ready for the measures. */
function inputsOf(report: ScorecardInput, evidence: Evidence[], catalog: ControlCatalog, area: EvidenceArea): Inputs {
  const inArea = (file: string, via?: string) => areaOf(file, via) === area;
  const sub: ScorecardInput = {
    ...report,
    findings: report.findings.filter((f) => inArea(f.file)),
    bindings: report.bindings.filter((b) => inArea(b.file, b.via)),
  };
  const own = evidence.filter((e) => inArea(e.file));
  // Framework defaults ("traces tool calls unless disabled") give way to explicit evidence against in the same area.
  // A default with `offBy` gives way only to those switches (a static key does not turn off an SDK's resource
  // indicator); one without gives way to any evidence against its control.
  const defaultPatterns = new Map(catalog.patterns.filter((p) => p.pattern.defaultOnly).map((p) => [p.pattern.id, p.pattern]));
  const defaults = new Set(defaultPatterns.keys());
  const hasAgainst = new Set(own.filter((e) => e.kind === 'against').map((e) => e.control));
  const seenPatterns = new Set(own.map((e) => e.pattern));
  const turnedOff = (e: Evidence) => {
    const p = e.pattern ? defaultPatterns.get(e.pattern) : undefined;
    if (!p) return false;
    return p.offBy ? p.offBy.some((id) => seenPatterns.has(id)) : hasAgainst.has(e.control);
  };
  const byControl = new Map<ControlId, Tagged[]>();
  for (const e of own) {
    if (turnedOff(e)) continue;
    if (!(CONTROL_IDS as readonly string[]).includes(e.control) || (e.kind !== 'for' && e.kind !== 'against')) continue;
    const list = byControl.get(e.control as ControlId) ?? [];
    list.push({
      ...item(e.kind, e.file, e.line, e.detail),
      ...(e.pattern && REVOCATION_PATTERNS.test(e.pattern) ? { revocation: true } : {}),
      ...(e.pattern && (WEAK_PATTERNS.has(e.pattern) || defaults.has(e.pattern)) ? { weak: true } : {}),
    });
    byControl.set(e.control as ControlId, list);
  }
  return { report: sub, tools: sub.bindings.filter(isToolBinding), evidence: byControl };
}

/**
 * Main thread: one entry per control from bindings, findings and evidence about the agents (agent code, MCP
 * and agent configs, deployment). CI evidence goes to buildCiCredentials; tests, fixtures and docs never decide
 * a status and are only counted (metrics.seenInTests, seenInDocs, seenInCi).
 */
export function buildScorecard(report: ScorecardInput, evidence: Evidence[], catalog: ControlCatalog = controlCatalog()): ScorecardEntry[] {
  const controls: readonly ControlInfo[] = catalog.controls;
  const agent = inputsOf(report, evidence, catalog, 'agent');
  const others = (['test', 'docs', 'ci'] as const).map((area) => [area, inputsOf(report, evidence, catalog, area)] as const);
  return controls.map((info) => {
    const m = MEASURES[info.control](agent);
    const sel = selectEvidence(m.items);
    const seen = Object.fromEntries(
      others.map(([area, inputs]) => {
        const s = selectEvidence(MEASURES[info.control](inputs).items);
        return [SEEN_KEY[area], s.countFor + s.countAgainst];
      }),
    );
    const next = m.nextSuffix && m.status !== 'met' ? `${info.next[m.status]} ${m.nextSuffix}` : info.next[m.status];
    return {
      control: info.control,
      title: info.title,
      status: m.status,
      why: m.why,
      evidence: sel.shown,
      next,
      ...(info.frameworks ? { frameworks: Object.entries(info.frameworks).flatMap(([framework, ids]) => ids.map((id) => ({ framework, id }))) } : {}),
      metrics: { ...m.metrics, evidenceFor: sel.countFor, evidenceAgainst: sel.countAgainst, ...seen },
    };
  });
}

/**
 * The CI/CD credentials section: OIDC federation against static cloud keys, the lifetime of the job token and
 * of minted tokens, App-token revocation, static secrets handed to jobs. It never moves an agent control.
 */
export function buildCiCredentials(report: ScorecardInput, evidence: Evidence[], catalog: ControlCatalog = controlCatalog()): CiCredentials | undefined {
  const ci = inputsOf(report, evidence, catalog, 'ci');
  const items: Item[] = [];
  const metrics = { oidcJobs: 0, staticCloudKeys: 0, jobTokens: 0, appTokens: 0, appTokensNotRevoked: 0, staticSecrets: 0 };
  for (const list of ci.evidence.values()) {
    for (const e of list) items.push(item(e.kind, e.file, e.line, e.detail));
  }
  for (const e of evidence) {
    if (areaOf(e.file) !== 'ci') continue;
    if (e.pattern === 'gha-oidc' || e.pattern === 'gitlab-id-tokens') metrics.oidcJobs++;
    else if (e.pattern?.startsWith('gha-static-') || e.pattern === 'gitlab-static-cloud-keys') metrics.staticCloudKeys++;
    else if (e.pattern === 'gha-app-token') metrics.appTokens++;
    else if (e.pattern === 'gha-app-token-revoke' && e.kind === 'against') metrics.appTokensNotRevoked++;
  }
  const seen = new Set<string>();
  for (const b of ci.report.bindings) {
    const key = b.fingerprint ?? `${b.source}\u0000${b.credentialRef ?? ''}\u0000${b.file}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (b.source === 'minted' && b.credentialRef === 'GITHUB_TOKEN') {
      metrics.jobTokens++;
      items.push(item('for', b.file, b.line, `${b.tool} uses the job's GITHUB_TOKEN, which expires when the job ends`));
    } else if (b.afterlife?.unbounded && (b.source === 'env' || b.source === 'literal' || b.source === 'file')) {
      metrics.staticSecrets++;
      items.push(item('against', b.file, b.line, `${b.tool} is handed a static secret (${ref(b)}) that never expires`));
    }
  }
  if (!items.length) return undefined;
  // One CI step can mint a token and revoke it: both facts stay (deduplicated on the detail too).
  const sel = selectEvidence(items, true);
  const parts = [
    metrics.oidcJobs && `${plural(metrics.oidcJobs, 'job')} on OIDC federation`,
    metrics.staticCloudKeys && `${plural(metrics.staticCloudKeys, 'static cloud key')}`,
    metrics.jobTokens && `${plural(metrics.jobTokens, 'job-token use')} (expire at job end)`,
    metrics.appTokens && `${plural(metrics.appTokens, 'App token')}${metrics.appTokensNotRevoked ? `, ${metrics.appTokensNotRevoked} not revoked at job end` : ', revoked at job end'}`,
    metrics.staticSecrets && `${plural(metrics.staticSecrets, 'static secret')} handed to jobs`,
  ].filter(Boolean);
  return {
    title: 'CI/CD credentials',
    why: `${parts.join('; ') || 'CI credentials seen'}; judged apart from the agents' controls`,
    evidence: sel.shown,
    metrics: { ...metrics, evidenceFor: sel.countFor, evidenceAgainst: sel.countAgainst },
  };
}
