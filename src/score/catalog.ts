// The rule catalog: metadata of every rule a finding can carry — credential rules (rules/credentials) and
// checks (rules/checks) — for default remediations, framework mapping tags, `explain` and `rules`.
// Credential rule files are read leniently here (only the descriptive fields); src/detect validates them fully.
import fs from 'node:fs';
import path from 'node:path';
import { LIFETIME_CLASSES, type FindingKind, type LifetimeClass } from '../model/report.js';
import { loadChecks } from './checks.js';
import { rulesDir as shippedRulesDir } from '../ruleset/paths.js';
import type { CredentialRule } from '../detect/rule-types.js';
import { parseRuleYaml } from '../ruleset/rule-yaml.js';

export interface RuleInfo {
  id: string;
  kind: FindingKind;
  /** Provider for credential rules (github, aws, …); the check family for checks. */
  provider: string;
  title: string;
  description: string;
  lifetime: { class: LifetimeClass; ttlSeconds: number | null; note?: string; source?: string } | null;
  tags: string[];
  remediation: string;
  remediationUrl?: string;
  /** rules/credentials/<file> or rules/checks/<file>. */
  source: string;
}

export interface RuleCatalog {
  rules: Map<string, RuleInfo>;
  /** Remediation text → its link, so a finding that borrowed a rule's text gets that rule's link too. */
  urlByRemediation?: Map<string, string>;
}

const cache = new Map<string, RuleCatalog>();
const cacheByRules = new WeakMap<readonly CredentialRule[], Map<string, RuleCatalog>>();

/**
 * Load (once per folder) the credential rules and checks under `rulesDir`. Pass `credentialRules` (what
 * src/detect already loaded, custom rules included) to skip reading rules/credentials again: YAML parsing of the
 * provider files costs a few hundred milliseconds.
 */
export function loadRuleCatalog(rulesDir: string = shippedRulesDir(), credentialRules?: readonly CredentialRule[]): RuleCatalog {
  const byDir = credentialRules ? (cacheByRules.get(credentialRules) ?? new Map<string, RuleCatalog>()) : cache;
  if (credentialRules) cacheByRules.set(credentialRules, byDir);
  const hit = byDir.get(rulesDir);
  if (hit) return hit;
  const rules = new Map<string, RuleInfo>();
  const credentials = credentialRules ? credentialRules.map((r) => fromCredentialRule(r, rulesDir)) : readCredentialRules(path.join(rulesDir, 'credentials'));
  for (const info of credentials) if (!rules.has(info.id)) rules.set(info.id, info);
  for (const c of loadChecks(path.join(rulesDir, 'checks'))) {
    if (rules.has(c.id)) continue;
    rules.set(c.id, {
      id: c.id,
      kind: c.kind,
      provider: c.family,
      title: c.title,
      description: c.description,
      lifetime: c.lifetime ? { class: c.lifetime, ttlSeconds: null } : null,
      tags: c.tags,
      remediation: c.remediation,
      ...(c.remediationUrl ? { remediationUrl: c.remediationUrl } : {}),
      source: `rules/checks/${c.source}`,
    });
  }
  const urlByRemediation = new Map<string, string>();
  for (const r of rules.values()) if (r.remediation && r.remediationUrl && !urlByRemediation.has(r.remediation)) urlByRemediation.set(r.remediation, r.remediationUrl);
  const catalog = { rules, urlByRemediation };
  byDir.set(rulesDir, catalog);
  return catalog;
}

function fromCredentialRule(r: CredentialRule, rulesDir: string): RuleInfo {
  const rel = path.relative(path.dirname(rulesDir), r.source);
  return {
    id: r.id,
    kind: 'secret',
    provider: r.provider,
    title: `${r.provider} ${r.type}`,
    description: describeCredential(r.provider, r.type, r.lifetime),
    lifetime: { class: r.lifetime.class, ttlSeconds: r.lifetime.ttlSeconds, ...(r.lifetime.note ? { note: r.lifetime.note } : {}), ...(r.lifetime.source ? { source: r.lifetime.source } : {}) },
    tags: [...r.tags],
    remediation: r.remediation,
    ...(r.remediationUrl ? { remediationUrl: r.remediationUrl } : {}),
    source: path.isAbsolute(r.source) && !rel.startsWith('..') ? rel.split(path.sep).join('/') : r.source,
  };
}

function readCredentialRules(dir: string): RuleInfo[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch {
    return [];
  }
  const out: RuleInfo[] = [];
  for (const name of names) {
    let doc: unknown;
    try {
      doc = parseRuleYaml(fs.readFileSync(path.join(dir, name), 'utf8'));
    } catch {
      continue; // src/detect reports broken rule files; the catalog only describes the good ones
    }
    if (!isRecord(doc) || !Array.isArray(doc.rules)) continue;
    const fileProvider = typeof doc.provider === 'string' ? doc.provider : name.replace(/\.ya?ml$/, '');
    for (const r of doc.rules) {
      if (!isRecord(r) || typeof r.id !== 'string') continue;
      const provider = typeof r.provider === 'string' ? r.provider : fileProvider;
      const type = typeof r.type === 'string' ? r.type : 'credential';
      const lt = isRecord(r.lifetime) ? r.lifetime : {};
      const cls = LIFETIME_CLASSES.includes(lt.class as LifetimeClass) ? (lt.class as LifetimeClass) : 'unknown';
      out.push({
        id: r.id,
        kind: 'secret',
        provider,
        title: `${provider} ${type}`,
        description: typeof r.description === 'string' ? r.description : describeCredential(provider, type, r.lifetime),
        lifetime: {
          class: cls,
          ttlSeconds: typeof lt.ttlSeconds === 'number' ? lt.ttlSeconds : null,
          ...(typeof lt.note === 'string' ? { note: lt.note } : {}),
          ...(typeof lt.source === 'string' ? { source: lt.source } : {}),
        },
        tags: Array.isArray(r.tags) ? r.tags.filter((t): t is string => typeof t === 'string') : [],
        remediation: typeof r.remediation === 'string' ? r.remediation.trim() : '',
        ...(typeof r.remediationUrl === 'string' ? { remediationUrl: r.remediationUrl } : {}),
        source: `rules/credentials/${name}`,
      });
    }
  }
  return out;
}

/** A sentence for credential rules that have no `description`: what the value is and how long it lives. */
function describeCredential(provider: string, type: string, lifetime: unknown): string {
  const what = `${provider} ${type}`;
  const article = /^[aeiou]/i.test(what) ? 'An' : 'A';
  const note = isRecord(lifetime) && typeof lifetime.note === 'string' ? ` Lifetime: ${lifetime.note}.` : '';
  return `${article} ${what} value written into a file of the repository (source, config, env file, or git history).${note}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
