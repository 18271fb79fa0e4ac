// Resolution: turn per-file records into report findings and bindings.
// - a secret detection becomes a `kind: secret` finding;
// - a literal binding is linked to the detection on the same line; an env binding to the value for that
//   variable found in an env file of the project (or, failing that, to the provider its name implies);
// - a tool that reaches a static credential at process scope becomes a `kind: binding` finding, unless a
//   reader already raised an issue for that spot;
// - equal fingerprints bound to several tools or agents are reuse.
import path from 'node:path';
import { REUSE_INLINE, type Binding, type Exposure, type Finding, type Lifetime, type ReuseGroup } from '../model/report.js';
import type { CompiledRules } from '../detect/index.js';
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
  now?: number;
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

export function resolve(input: ResolveInput): ResolveOutput {
  const now = input.now ?? Date.now();
  const window = input.taskWindowSeconds;
  const findings: Finding[] = [];

  // 1. Secrets, one finding per credential per file (rule + fingerprint); its repeats are occurrences.
  const secretByPlace = new Map<string, Finding>();
  const detectionByFingerprint = new Map<string, Detection>();
  const seen = new Set<string>();
  const byCredential = new Map<string, Finding>();
  for (const d of input.detections) {
    const key = `${d.file}\0${d.line}\0${d.column}\0${d.ruleId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const placeKey = `${d.file}\0${d.line}`;
    const same = byCredential.get(`${d.file}\0${d.ruleId}\0${d.fingerprint}`);
    if (same) {
      same.occurrences ??= [{ line: same.line, column: same.column }];
      same.occurrences.push({ line: d.line, column: d.column });
      if (!secretByPlace.has(placeKey)) secretByPlace.set(placeKey, same);
      continue;
    }
    const finding: Finding = {
      ruleId: d.ruleId,
      kind: 'secret',
      severity: 'info',
      score: 0,
      file: d.file,
      line: d.line,
      column: d.column,
      message: secretMessage(d),
      credential: {
        provider: d.provider,
        type: d.type,
        fingerprint: d.fingerprint,
        redacted: d.redacted,
        lifetime: d.lifetime,
        afterlife: afterlifeOf(d.lifetime, window, new Date(now)),
      },
      factors: [],
      frameworks: [],
      remediation: d.remediation,
      ...(d.remediationUrl ? { remediationUrl: d.remediationUrl } : {}),
      context: { exposure: input.exposureOf(d.file), tags: d.tags, ...mitigationsOf(d) },
    };
    findings.push(finding);
    byCredential.set(`${d.file}\0${d.ruleId}\0${d.fingerprint}`, finding);
    if (!secretByPlace.has(placeKey)) secretByPlace.set(placeKey, finding);
    if (!detectionByFingerprint.has(d.fingerprint)) detectionByFingerprint.set(d.fingerprint, d);
  }

  for (const f of byCredential.values()) {
    if (!f.occurrences) continue;
    f.occurrences.sort((a, b) => a.line - b.line || a.column - b.column);
    f.line = f.occurrences[0]!.line;
    f.column = f.occurrences[0]!.column;
  }

  // 2. Values held in env files, by variable name, nearest folder first.
  const envValues = new Map<string, Detection[]>();
  for (const d of input.detections) {
    if (!d.key || !isEnvFile(d.file)) continue;
    const list = envValues.get(d.key) ?? [];
    list.push(d);
    envValues.set(d.key, list);
  }
  const envNameRule = new Map<string, CompiledRules['rules'][number]>();
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
  const clientLifetime = (b: Binding): Lifetime | undefined => {
    const client = b.attributes?.client;
    const known = typeof client === 'string' ? providerLifetime.get(client) : undefined;
    return known ? { ...known, note: `inferred from the ${client} client (every ${client} credential in the catalogue is ${known.class})` } : undefined;
  };

  const issuePlaces = new Set(input.issues.map((i) => `${i.file}\0${i.line}`));

  // 3. Bindings: link each to a value, then flag process-scoped static ones.
  const bindings: Binding[] = [];
  const linkedByPlace = new Map<string, { binding: Binding; from?: Detection }>();
  const bindingSeen = new Set<string>();
  for (const b of input.bindings) {
    const key = `${b.file}\0${b.line}\0${b.tool}\0${b.source}\0${b.credentialRef ?? ''}`;
    if (bindingSeen.has(key)) continue;
    bindingSeen.add(key);
    const linked: Binding = { ...b };
    let resolvedFrom: Detection | undefined;
    if (b.source === 'literal') {
      const secret = secretByPlace.get(`${b.file}\0${b.line}`);
      if (secret?.credential) {
        linked.fingerprint = secret.credential.fingerprint;
        linked.lifetime = secret.credential.lifetime;
        secret.binding = { tool: b.tool, agent: b.agent, source: b.source, scope: b.scope };
      }
    } else if ((b.source === 'env' || b.source === 'file') && b.credentialRef) {
      resolvedFrom = nearest(envValues.get(b.credentialRef), b.file);
      if (resolvedFrom) {
        linked.fingerprint = resolvedFrom.fingerprint;
        linked.lifetime = resolvedFrom.lifetime;
      } else {
        const rule = envRuleFor(b.credentialRef, b.file, input.rules, envNameRule);
        linked.lifetime =
          b.lifetime ??
          (rule
            ? { class: rule.lifetime.class, ttlSeconds: rule.lifetime.ttlSeconds, expiresAt: null, note: `inferred from the variable name (${rule.provider})` }
            : (clientLifetime(b) ?? unknownLifetime('value not in the scanned files')));
      }
    } else if (b.source === 'minted') {
      linked.lifetime ??= { class: 'task-scoped', ttlSeconds: null, expiresAt: null, note: 'minted per call' };
    }
    if (linked.lifetime) linked.afterlife = afterlifeOf(linked.lifetime, window, new Date(now));
    bindings.push(linked);
    const place = `${b.file}\0${b.line}`;
    if (!linkedByPlace.has(place) || resolvedFrom) linkedByPlace.set(place, { binding: linked, from: resolvedFrom });

    // A binding to a whole env file (compose env_file, VS Code envFile) is covered by that file's own values.
    const wholeEnvFile = linked.source === 'file' && ['env_file', 'envFile', 'env'].includes(String(linked.attributes?.in ?? ''));
    const risky =
      !wholeEnvFile &&
      linked.scope === 'process' &&
      (linked.source === 'env' || linked.source === 'file') &&
      linked.lifetime !== undefined &&
      linked.lifetime.class !== 'short-lived' &&
      linked.lifetime.class !== 'task-scoped';
    if (risky && !issuePlaces.has(`${b.file}\0${b.line}`)) {
      const rule = resolvedFrom ? undefined : envRuleFor(b.credentialRef ?? '', b.file, input.rules, envNameRule);
      findings.push({
        ruleId: PROCESS_SCOPED_RULE,
        kind: 'binding',
        severity: 'info',
        score: 0,
        file: b.file,
        line: b.line,
        column: b.column ?? 1,
        message: `${b.tool} holds ${b.credentialRef ?? 'a credential'} (${linked.lifetime!.class}) for the life of the process`,
        ...(resolvedFrom
          ? {
              credential: {
                provider: resolvedFrom.provider,
                type: resolvedFrom.type,
                fingerprint: resolvedFrom.fingerprint,
                redacted: resolvedFrom.redacted,
                lifetime: resolvedFrom.lifetime,
                afterlife: linked.afterlife!,
              },
            }
          : { lifetime: linked.lifetime!, afterlife: linked.afterlife! }),
        binding: { tool: b.tool, agent: b.agent, source: b.source, scope: b.scope },
        factors: [],
        frameworks: [],
        remediation: resolvedFrom?.remediation ?? rule?.remediation ?? '',
        context: { tags: resolvedFrom?.tags ?? rule?.tags ?? [], exposure: input.exposureOf(b.file) },
      });
    }
  }

  // 4. Issues raised by readers and code analysis.
  for (const i of input.issues) {
    // A reader's binding issue carries the credential its binding resolved to (value or name-implied lifetime).
    const link = i.kind === 'binding' ? linkedByPlace.get(`${i.file}\0${i.line}`) : undefined;
    const from = link?.from;
    const lifetime = i.lifetime ?? (from ? undefined : link?.binding.lifetime);
    const credential = from
      ? {
          credential: {
            provider: from.provider,
            type: from.type,
            fingerprint: from.fingerprint,
            redacted: from.redacted,
            lifetime: from.lifetime,
            afterlife: afterlifeOf(from.lifetime, window, new Date(now)),
          },
        }
      : {};
    findings.push({
      ruleId: i.ruleId,
      kind: i.kind,
      severity: i.severityHint ?? 'info',
      score: 0,
      file: i.file,
      line: i.line,
      column: i.column,
      message: i.message,
      ...credential,
      ...(lifetime ? { lifetime, afterlife: afterlifeOf(lifetime, window, new Date(now)) } : {}),
      ...(i.binding ? { binding: { tool: i.binding.tool, agent: i.binding.agent, source: i.binding.source, scope: i.binding.scope } } : {}),
      factors: [],
      frameworks: [],
      remediation: i.remediation ?? '',
      ...(i.remediationUrl ? { remediationUrl: i.remediationUrl } : {}),
      context: { tags: [...new Set([...(i.tags ?? []), ...(from?.tags ?? [])])], exposure: input.exposureOf(i.file) },
    });
  }

  // 5. Reuse: one fingerprint held in several places; several tools/agents holding it is its own finding.
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
  for (const [fp, entry] of byFingerprint) {
    const places = entry.locations.length;
    const holders = [...entry.holders.values()].sort();
    if (holders.length < 2 && places < 2) continue;
    const reuse = { count: Math.max(holders.length, places), tools: holders, locations: entry.locations };
    for (const f of findings) if (f.credential?.fingerprint === fp) f.context = { ...f.context, reuse };
    if (holders.length >= 2) {
      const first = findings.find((f) => f.kind === 'secret' && f.credential?.fingerprint === fp) ?? findings.find((f) => f.credential?.fingerprint === fp);
      const d = detectionByFingerprint.get(fp);
      const at = entry.locations[0]!;
      findings.push({
        ruleId: REUSE_RULE,
        kind: 'binding',
        severity: 'info',
        score: 0,
        file: at.file,
        line: at.line,
        column: 1,
        message: `the same credential reaches ${holders.length} tools or agents (${holders.join(', ')}): one compromise opens all of them`,
        ...(first?.credential ? { credential: { ...first.credential } } : {}),
        binding: { tool: holders.join(', '), agent: null, source: first?.binding?.source ?? 'literal', scope: 'process' },
        factors: [],
        frameworks: [],
        remediation: d?.remediation ?? 'Give each tool or agent its own credential, minted per task.',
        context: { tags: d?.tags ?? [], reuse, exposure: first?.context?.exposure },
      });
    }
  }
  for (const f of findings) f.context = { ...f.context, origin: originOf(f.file) };
  return { findings, bindings };
}

/** In CI, some variable names are the CI system's own per-job token: GITHUB_TOKEN in Actions is the job's
 *  installation token (revoked when the job ends), not a personal access token. */
const CI_ENV_RULES: Record<string, string> = { GITHUB_TOKEN: 'github-app-installation-token' };

function envRuleFor(name: string, file: string, rules: CompiledRules, byName: Map<string, CompiledRules['rules'][number]>) {
  const ci = originOf(file) === 'ci' ? CI_ENV_RULES[name] : undefined;
  return (ci ? rules.rules.find((r) => r.id === ci) : undefined) ?? byName.get(name);
}

function secretMessage(d: Detection): string {
  const where = d.key ? ` in ${d.key}` : '';
  if (d.tags.includes('default-credential')) return `${d.provider} ${d.type}${where}: default local credential`;
  if (d.lifetime.expiresAt && Date.parse(d.lifetime.expiresAt) <= Date.now()) {
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
