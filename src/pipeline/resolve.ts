// Resolution: turn per-file records into report findings and bindings, in four steps (secret findings, binding
// links, issue findings, reuse findings) that create findings through one newFinding() / credentialOf().
// - a secret detection becomes a `kind: secret` finding;
// - a literal binding is linked to the detection on the same line; an env binding to the value for that
//   variable found in an env file of the project (or, failing that, to the provider its name implies);
// - a tool that reaches a static credential at process scope becomes a `kind: binding` finding, unless a
//   reader already raised an issue for that spot;
// - equal fingerprints bound to several tools or agents are reuse.
import path from 'node:path';
import { REUSE_INLINE, type Afterlife, type Binding, type Exposure, type Finding, type Lifetime, type ReuseGroup } from '../model/report.js';
import type { CompiledRules } from '../detect/index.js';
import type { CredentialRule } from '../detect/rule-types.js';
import type { Detection, Issue } from '../model/records.js';
import { afterlifeOf } from '../lifetime/afterlife.js';
import { isEnvFile } from '../sources/worktree.js';
import { originOf } from '../model/origin.js';
import { isValueFingerprint } from '../detect/fingerprint.js';

export interface ResolveInput {
  detections: Detection[];
  bindings: Binding[];
  issues: Issue[];
  rules: CompiledRules;
  taskWindowSeconds: number;
  exposureOf: (file: string) => Exposure;
  /** The scan's clock (ms since the epoch): afterlives and "expired" messages are judged at this instant. */
  now: number;
}

export interface ResolveOutput {
  findings: Finding[];
  bindings: Binding[];
}

const PROCESS_SCOPED_RULE = 'process-scoped-credential';
const REUSE_RULE = 'secret-reuse';

/** Mitigations the token itself shows (JWT claims): an audience restricts where it works, `cnf` binds it to a key. */
function mitigationsOf(d: Detection): { mitigations?: string[] } {
  const m: string[] = [];
  const aud = d.claims?.aud;
  if (aud !== undefined && (typeof aud === 'string' ? aud.length > 0 : aud.length > 0)) m.push('audience-bound');
  if (d.claims?.cnf) m.push('sender-constrained');
  return m.length ? { mitigations: m } : {};
}

function unknownLifetime(note: string): Lifetime {
  return { class: 'unknown', ttlSeconds: null, expiresAt: null, note };
}

/** What every step of resolution shares: the input and the scan's clock, applied through the task window. */
interface Resolution {
  input: ResolveInput;
  now: Date;
  afterlife: (lifetime: Lifetime) => Afterlife;
}

/** The credential block of a finding, from the detection that found its value. */
function credentialOf(d: Detection, afterlife: Afterlife): NonNullable<Finding['credential']> {
  return { provider: d.provider, type: d.type, fingerprint: d.fingerprint, redacted: d.redacted, lifetime: d.lifetime, afterlife };
}

type NewFinding = Pick<Finding, 'ruleId' | 'kind' | 'file' | 'line' | 'column' | 'message' | 'remediation' | 'context'> &
  Partial<Pick<Finding, 'severity' | 'credential' | 'lifetime' | 'afterlife' | 'binding' | 'remediationUrl'>>;

/**
 * A finding as resolution creates it, with its fields in the order of the JSON contract. Score, factors and
 * framework mappings are the scorer's (severity starts at a reader's hint, else info).
 */
function newFinding(f: NewFinding): Finding {
  return {
    ruleId: f.ruleId,
    kind: f.kind,
    severity: f.severity ?? 'info',
    score: 0,
    file: f.file,
    line: f.line,
    column: f.column,
    message: f.message,
    ...(f.credential ? { credential: f.credential } : {}),
    ...(f.lifetime ? { lifetime: f.lifetime } : {}),
    ...(f.afterlife ? { afterlife: f.afterlife } : {}),
    ...(f.binding ? { binding: f.binding } : {}),
    factors: [],
    frameworks: [],
    remediation: f.remediation,
    ...(f.remediationUrl ? { remediationUrl: f.remediationUrl } : {}),
    context: f.context,
  };
}

function bindingRef(b: Pick<Binding, 'tool' | 'agent' | 'source' | 'scope'>): NonNullable<Finding['binding']> {
  return { tool: b.tool, agent: b.agent, source: b.source, scope: b.scope };
}

/** Resolution in four steps: secret findings, binding links, issue findings, reuse findings. */
export function resolve(input: ResolveInput): ResolveOutput {
  const now = new Date(input.now);
  const r: Resolution = { input, now, afterlife: (lifetime) => afterlifeOf(lifetime, input.taskWindowSeconds, now) };
  const secrets = secretFindings(r);
  const links = linkBindings(r, secrets.byPlace);
  const findings = [...secrets.findings, ...links.findings, ...issueFindings(r, links.byPlace)];
  findings.push(...reuseFindings(findings, links.bindings, secrets.byFingerprint));
  for (const f of findings) f.context = { ...f.context, origin: originOf(f.file) };
  return { findings, bindings: links.bindings };
}

/** Secrets: one finding per credential per file (rule + fingerprint); its repeats are occurrences. */
function secretFindings(r: Resolution): { findings: Finding[]; byPlace: Map<string, Finding>; byFingerprint: Map<string, Detection> } {
  const findings: Finding[] = [];
  const byPlace = new Map<string, Finding>();
  const byFingerprint = new Map<string, Detection>();
  const seen = new Set<string>();
  const byCredential = new Map<string, Finding>();
  for (const d of r.input.detections) {
    const key = `${d.file}\0${d.line}\0${d.column}\0${d.ruleId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const placeKey = `${d.file}\0${d.line}`;
    const same = byCredential.get(`${d.file}\0${d.ruleId}\0${d.fingerprint}`);
    if (same) {
      same.occurrences ??= [{ line: same.line, column: same.column }];
      same.occurrences.push({ line: d.line, column: d.column });
      if (!byPlace.has(placeKey)) byPlace.set(placeKey, same);
      continue;
    }
    const finding = newFinding({
      ruleId: d.ruleId,
      kind: 'secret',
      file: d.file,
      line: d.line,
      column: d.column,
      message: secretMessage(d, r.now),
      credential: credentialOf(d, r.afterlife(d.lifetime)),
      remediation: d.remediation,
      remediationUrl: d.remediationUrl,
      context: { exposure: r.input.exposureOf(d.file), tags: d.tags, ...mitigationsOf(d) },
    });
    findings.push(finding);
    byCredential.set(`${d.file}\0${d.ruleId}\0${d.fingerprint}`, finding);
    if (!byPlace.has(placeKey)) byPlace.set(placeKey, finding);
    if (!byFingerprint.has(d.fingerprint)) byFingerprint.set(d.fingerprint, d);
  }
  for (const f of byCredential.values()) {
    if (!f.occurrences) continue;
    f.occurrences.sort((a, b) => a.line - b.line || a.column - b.column);
    f.line = f.occurrences[0]!.line;
    f.column = f.occurrences[0]!.column;
  }
  return { findings, byPlace, byFingerprint };
}

interface LinkedBinding {
  binding: Binding;
  /** The env-file value an env / file reference resolved to. */
  from?: Detection;
}

/** What the catalogue and the project's env files say about credentials a binding names without holding them. */
interface ValueSources {
  /** Values held in env files, by variable name. */
  envValues: Map<string, Detection[]>;
  /** The first rule that lists a variable name among its envNames. */
  envNameRule: Map<string, CredentialRule>;
  /** Lifetime implied by a provider's client (null: its rules disagree). */
  providerLifetime: Map<string, Lifetime | null>;
}

function valueSources(input: ResolveInput): ValueSources {
  const envValues = new Map<string, Detection[]>();
  for (const d of input.detections) {
    if (!d.key || !isEnvFile(d.file)) continue;
    const list = envValues.get(d.key) ?? [];
    list.push(d);
    envValues.set(d.key, list);
  }
  const envNameRule = new Map<string, CredentialRule>();
  for (const rule of input.rules.rules) for (const name of rule.envNames ?? []) if (!envNameRule.has(name)) envNameRule.set(name, rule);
  // What the catalogue knows about a provider's credentials when a client of that provider holds an unnamed
  // variable (new Stripe(process.env.STRIPE_KEY)): the lifetime class, when all of its rules agree on one.
  const providerLifetime = new Map<string, Lifetime | null>();
  for (const rule of input.rules.rules) {
    const known = providerLifetime.get(rule.provider);
    if (known === null) continue;
    if (known === undefined) {
      providerLifetime.set(rule.provider, { class: rule.lifetime.class, ttlSeconds: rule.lifetime.ttlSeconds, expiresAt: null });
    } else if (known.class !== rule.lifetime.class || known.ttlSeconds !== rule.lifetime.ttlSeconds) {
      providerLifetime.set(rule.provider, null);
    }
  }
  return { envValues, envNameRule, providerLifetime };
}

/**
 * Binding links: each binding to a value (a literal to the secret on its line; an env reference to the value for
 * that variable in the nearest env file, else to the provider its name or client implies), then a finding for
 * each tool that holds a static credential at process scope, unless a reader already raised an issue there.
 */
function linkBindings(r: Resolution, secretByPlace: Map<string, Finding>): { bindings: Binding[]; findings: Finding[]; byPlace: Map<string, LinkedBinding> } {
  const sources = valueSources(r.input);
  const issuePlaces = new Set(r.input.issues.map((i) => `${i.file}\0${i.line}`));
  const bindings: Binding[] = [];
  const findings: Finding[] = [];
  const byPlace = new Map<string, LinkedBinding>();
  const seen = new Set<string>();
  for (const b of r.input.bindings) {
    const key = `${b.file}\0${b.line}\0${b.tool}\0${b.source}\0${b.credentialRef ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const { linked, from } = linkBinding(r, b, secretByPlace, sources);
    bindings.push(linked);
    const place = `${b.file}\0${b.line}`;
    if (!byPlace.has(place) || from) byPlace.set(place, { binding: linked, from });
    if (holdsStaticAtProcessScope(linked) && !issuePlaces.has(place)) {
      const rule = from ? undefined : envRuleFor(b.credentialRef ?? '', b.file, r.input.rules, sources.envNameRule);
      findings.push(processScopedFinding(r, b, linked, from, rule));
    }
  }
  return { bindings, findings, byPlace };
}

function linkBinding(r: Resolution, b: Binding, secretByPlace: Map<string, Finding>, sources: ValueSources): { linked: Binding; from?: Detection } {
  const linked: Binding = { ...b };
  let from: Detection | undefined;
  if (b.source === 'literal') {
    const secret = secretByPlace.get(`${b.file}\0${b.line}`);
    if (secret?.credential) {
      linked.fingerprint = secret.credential.fingerprint;
      linked.lifetime = secret.credential.lifetime;
      secret.binding = bindingRef(b);
    }
  } else if ((b.source === 'env' || b.source === 'file') && b.credentialRef) {
    from = nearest(sources.envValues.get(b.credentialRef), b.file);
    if (from) {
      linked.fingerprint = from.fingerprint;
      linked.lifetime = from.lifetime;
    } else {
      const rule = envRuleFor(b.credentialRef, b.file, r.input.rules, sources.envNameRule);
      linked.lifetime =
        b.lifetime ??
        (rule
          ? { class: rule.lifetime.class, ttlSeconds: rule.lifetime.ttlSeconds, expiresAt: null, note: `inferred from the variable name (${rule.provider})` }
          : (clientLifetime(b, sources.providerLifetime) ?? unknownLifetime('value not in the scanned files')));
    }
  } else if (b.source === 'minted') {
    linked.lifetime ??= { class: 'task-scoped', ttlSeconds: null, expiresAt: null, note: 'minted per call' };
  }
  if (linked.lifetime) linked.afterlife = r.afterlife(linked.lifetime);
  return { linked, ...(from ? { from } : {}) };
}

/** The lifetime a provider's client implies for an unnamed variable it holds, when the catalogue agrees on one. */
function clientLifetime(b: Binding, providerLifetime: Map<string, Lifetime | null>): Lifetime | undefined {
  const client = b.attributes?.client;
  const known = typeof client === 'string' ? providerLifetime.get(client) : undefined;
  return known ? { ...known, note: `inferred from the ${client} client (every ${client} credential in the catalogue is ${known.class})` } : undefined;
}

/** A reference held for the life of the process to a credential that is not short-lived. */
function holdsStaticAtProcessScope(linked: Binding): boolean {
  // A binding to a whole env file (compose env_file, VS Code envFile) is covered by that file's own values.
  const wholeEnvFile = linked.source === 'file' && ['env_file', 'envFile', 'env'].includes(String(linked.attributes?.in ?? ''));
  return (
    !wholeEnvFile &&
    linked.scope === 'process' &&
    (linked.source === 'env' || linked.source === 'file') &&
    linked.lifetime !== undefined &&
    linked.lifetime.class !== 'short-lived' &&
    linked.lifetime.class !== 'task-scoped'
  );
}

function processScopedFinding(r: Resolution, b: Binding, linked: Binding, from: Detection | undefined, rule: CredentialRule | undefined): Finding {
  return newFinding({
    ruleId: PROCESS_SCOPED_RULE,
    kind: 'binding',
    file: b.file,
    line: b.line,
    column: b.column ?? 1,
    message: `${b.tool} holds ${b.credentialRef ?? 'a credential'} (${linked.lifetime!.class}) for the life of the process`,
    ...(from ? { credential: credentialOf(from, linked.afterlife!) } : { lifetime: linked.lifetime!, afterlife: linked.afterlife! }),
    binding: bindingRef(b),
    remediation: from?.remediation ?? rule?.remediation ?? '',
    context: { tags: from?.tags ?? (rule?.tags ?? []).filter((t) => !VALUE_TAGS.has(t)), exposure: r.input.exposureOf(b.file) },
  });
}

/** Tags a value's own shape decides (sk_live_ or sk_test_): not inferred from a variable name alone. */
const VALUE_TAGS = new Set(['live', 'test']);

/** Issues raised by readers and code analysis; a binding issue carries the credential its binding resolved to. */
function issueFindings(r: Resolution, linkedByPlace: Map<string, LinkedBinding>): Finding[] {
  return r.input.issues.map((i) => {
    const link = i.kind === 'binding' ? linkedByPlace.get(`${i.file}\0${i.line}`) : undefined;
    const from = link?.from;
    const lifetime = i.lifetime ?? (from ? undefined : link?.binding.lifetime);
    return newFinding({
      ruleId: i.ruleId,
      kind: i.kind,
      severity: i.severityHint,
      file: i.file,
      line: i.line,
      column: i.column,
      message: i.message,
      ...(from ? { credential: credentialOf(from, r.afterlife(from.lifetime)) } : {}),
      ...(lifetime ? { lifetime, afterlife: r.afterlife(lifetime) } : {}),
      ...(i.binding ? { binding: bindingRef(i.binding) } : {}),
      remediation: i.remediation ?? '',
      remediationUrl: i.remediationUrl,
      context: { tags: [...new Set([...(i.tags ?? []), ...(from?.tags ?? [])])], exposure: r.input.exposureOf(i.file) },
    });
  });
}

/**
 * Reuse: one fingerprint held in several places marks every finding of it (context.reuse); several tools or
 * agents holding it is its own finding.
 */
function reuseFindings(findings: Finding[], bindings: readonly Binding[], detectionByFingerprint: Map<string, Detection>): Finding[] {
  const byFingerprint = new Map<string, { holders: Map<string, string>; locations: { file: string; line: number; tool: string | null }[] }>();
  const note = (fp: string, file: string, line: number, tool: string | null) => {
    // A location fingerprint (a guessable value, no CREDLIFE_FINGERPRINT_KEY) cannot tell two places hold the same value.
    if (!isValueFingerprint(fp)) return;
    const entry = byFingerprint.get(fp) ?? { holders: new Map<string, string>(), locations: [] };
    // A holder is a tool in a given config or module: "github" in .mcp.json and in .cursor/mcp.json are two.
    if (tool) entry.holders.set(`${tool}\0${file}`, tool === path.posix.basename(file) ? tool : `${tool} (${file})`);
    if (!entry.locations.some((l) => l.file === file && l.line === line)) entry.locations.push({ file, line, tool });
    byFingerprint.set(fp, entry);
  };
  for (const f of findings) if (f.kind === 'secret' && f.credential) note(f.credential.fingerprint, f.file, f.line, isEnvFile(f.file) ? null : (f.binding?.tool ?? null));
  // An env file declares a value; it does not consume it: its bindings are places, not holders.
  for (const b of bindings) if (b.fingerprint) note(b.fingerprint, b.file, b.line, b.via === 'env' || isEnvFile(b.file) ? null : b.tool);
  const out: Finding[] = [];
  for (const [fp, entry] of byFingerprint) {
    const places = entry.locations.length;
    const holders = [...entry.holders.values()].sort();
    if (holders.length < 2 && places < 2) continue;
    const reuse = { count: Math.max(holders.length, places), tools: holders, locations: entry.locations };
    for (const f of findings) if (f.credential?.fingerprint === fp) f.context = { ...f.context, reuse };
    if (holders.length < 2) continue;
    const first = findings.find((f) => f.kind === 'secret' && f.credential?.fingerprint === fp) ?? findings.find((f) => f.credential?.fingerprint === fp);
    const d = detectionByFingerprint.get(fp);
    const at = entry.locations[0]!;
    out.push(
      newFinding({
        ruleId: REUSE_RULE,
        kind: 'binding',
        file: at.file,
        line: at.line,
        column: 1,
        message: `the same credential reaches ${holders.length} tools or agents (${holders.join(', ')}): one compromise opens all of them`,
        ...(first?.credential ? { credential: { ...first.credential } } : {}),
        binding: { tool: holders.join(', '), agent: null, source: first?.binding?.source ?? 'literal', scope: 'process' },
        remediation: d?.remediation ?? 'Give each tool or agent its own credential, minted per task.',
        context: { tags: d?.tags ?? [], reuse, exposure: first?.context?.exposure },
      }),
    );
  }
  return out;
}

/** In CI, some variable names are the CI system's own per-job token: GITHUB_TOKEN in Actions is the job's
 *  installation token (revoked when the job ends), not a personal access token. */
const CI_ENV_RULES: Record<string, string> = { GITHUB_TOKEN: 'github-app-installation-token' };

function envRuleFor(name: string, file: string, rules: CompiledRules, byName: Map<string, CredentialRule>): CredentialRule | undefined {
  const ci = originOf(file) === 'ci' ? CI_ENV_RULES[name] : undefined;
  return (ci ? rules.rules.find((r) => r.id === ci) : undefined) ?? byName.get(name);
}

function secretMessage(d: Detection, now: Date): string {
  const where = d.key ? ` in ${d.key}` : '';
  if (d.tags.includes('default-credential')) return `${d.provider} ${d.type}${where}: default local credential`;
  if (d.lifetime.expiresAt && Date.parse(d.lifetime.expiresAt) <= now.getTime()) {
    return `expired ${d.provider} ${d.type}${where} is still committed`;
  }
  return `${d.provider} ${d.type}${where} (${d.lifetime.class})`;
}

/** The candidate whose file shares the longest folder prefix with `file`. */
function nearest(candidates: Detection[] | undefined, file: string): Detection | undefined {
  if (!candidates?.length) return undefined;
  const dir = path.posix.dirname(file);
  let best = candidates[0]!;
  let bestLen = -1;
  for (const c of candidates) {
    const cdir = path.posix.dirname(c.file);
    const len = cdir === '.' ? 0 : dir === cdir || dir.startsWith(cdir + '/') ? cdir.length : -1;
    if (len > bestLen) {
      best = c;
      bestLen = len;
    }
  }
  return best;
}

/**
 * Reuse recorded once per credential: findings that share a reuse record point to one group (`report.reuse`)
 * and keep only the first REUSE_INLINE tools and places themselves. Without this a secret repeated N times
 * lists N places in each of its N findings (quadratic: 2,000 copies were 476 MB of JSON).
 */
export function groupReuse(findings: Finding[]): ReuseGroup[] {
  const groups: ReuseGroup[] = [];
  const byRecord = new Map<object, ReuseGroup>();
  const byKey = new Map<string, ReuseGroup>();
  for (const f of findings) {
    const r = f.context?.reuse;
    if (!r) continue;
    let g = byRecord.get(r);
    if (!g) {
      // Records equal in content (history folding copies them) share one group too.
      const key = f.credential?.fingerprint ? `${f.credential.fingerprint}\0${r.count}` : null;
      g = key ? byKey.get(key) : undefined;
      if (!g) {
        g = { id: `reuse-${groups.length + 1}`, count: r.count, tools: r.tools, locations: r.locations };
        groups.push(g);
        if (key) byKey.set(key, g);
      }
      byRecord.set(r, g);
    }
    f.context = { ...f.context, reuse: { group: g.id, count: r.count, tools: r.tools.slice(0, REUSE_INLINE), locations: r.locations.slice(0, REUSE_INLINE) } };
  }
  return groups;
}
