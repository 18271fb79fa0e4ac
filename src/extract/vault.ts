// HashiCorp Vault: role definitions (Terraform `vault_*_role` resources, role JSON payloads), server configs and
// Vault Agent configs. A token or lease whose TTL is unset lives for the system default, 768 h (32 days); a
// TTL above the task window is reported with its value so that scoring can compare it to the window.
import path from 'node:path';
import type { FileContext } from '../model/records.js';
import { emptyExtractResult, type ExtractResult, type ReaderHelpers } from './index.js';
import { attr, blocksOf, parseHcl, type HclBlock } from './hcl.js';
import { entriesOf, get, isMapNode, parseJsonDocs, text, type PNode } from './tree.js';
import { makeBinding, type BindContext } from './values.js';
import {
  VAULT_DEFAULT_TTL_SECONDS,
  durationSeconds,
  lifetimeOf,
  makeEvidence,
  makeIssue,
  severityForTtl,
} from './common.js';
// Readers do not know the configured task window: they report values above the default one.
import { DEFAULT_TASK_WINDOW_SECONDS } from '../model/defaults.js';

const TTL_KEYS = ['token_ttl', 'ttl', 'default_ttl', 'default_sts_ttl', 'default_lease_ttl', 'default_lease_ttl_seconds'];
const MAX_TTL_KEYS = ['token_max_ttl', 'max_ttl', 'token_explicit_max_ttl', 'explicit_max_ttl', 'max_sts_ttl', 'max_lease_ttl', 'max_lease_ttl_seconds'];
const PERIOD_KEYS = ['token_period', 'period'];

export function isVaultContent(file: string, head: string): boolean {
  const ext = path.posix.extname(file).toLowerCase();
  if (ext === '.json') return /"(?:token_ttl|token_max_ttl|token_policies|max_lease_ttl|default_lease_ttl)"\s*:/.test(head);
  return /resource\s+"vault_[\w]+"|^\s*auto_auth\s*\{|^\s*storage\s+"\w+"|^\s*(?:default|max)_lease_ttl\s*=/m.test(head);
}

interface TtlSetting {
  value: string;
  offset: number;
}

interface RoleTtls {
  /** Human name of what the TTL governs ("vault_approle_auth_backend_role.agent"). */
  name: string;
  offset: number;
  ttl?: TtlSetting;
  max?: TtlSetting;
  period?: TtlSetting;
}

export function readVault(ctx: FileContext, helpers: ReaderHelpers): ExtractResult {
  const out = emptyExtractResult();
  const b: BindContext = { ctx, helpers, out, via: 'vault' };
  if (path.posix.extname(ctx.file).toLowerCase() === '.json') {
    const parsed = parseJsonDocs(ctx);
    out.warnings.push(...parsed.warnings);
    for (const doc of parsed.docs) {
      const role = roleFromJson(doc, path.posix.basename(ctx.file, '.json'));
      if (role) checkRole(b, role, true);
    }
    return out;
  }
  const root = parseHcl(ctx.text);
  for (const res of blocksOf(root, 'resource')) {
    const [type, name] = res.labels;
    if (!type || !/^vault_\w+_role$|^vault_token$|^vault_mount$/.test(type)) continue;
    checkRole(b, roleFromHcl(res, `${type}.${name ?? ''}`), /_role$/.test(type) || type === 'vault_token');
  }
  readServerConfig(b, root);
  readAgentConfig(b, root);
  return out;
}

function roleFromHcl(block: HclBlock, name: string): RoleTtls {
  const pick = (keys: string[]) => {
    const a = attr(block, ...keys);
    return a ? { value: a.value, offset: a.offset } : undefined;
  };
  return { name, offset: block.offset, ttl: pick(TTL_KEYS), max: pick(MAX_TTL_KEYS), period: pick(PERIOD_KEYS) };
}

function roleFromJson(doc: PNode, name: string): RoleTtls | null {
  if (!isMapNode(doc)) return null;
  const pick = (keys: string[]) => {
    for (const k of keys) {
      const n = get(doc, k);
      const v = text(n);
      if (n && v !== undefined) return { value: v, offset: n.offset };
    }
    return undefined;
  };
  const role: RoleTtls = { name, offset: doc.offset, ttl: pick(TTL_KEYS), max: pick(MAX_TTL_KEYS), period: pick(PERIOD_KEYS) };
  const looksLikeRole = entriesOf(doc).some((e) => /^token_|policies|bound_|secret_id/.test(e.key));
  return looksLikeRole || role.ttl || role.max ? role : null;
}

/** Zero means "use the mount / system default" in Vault. */
function effective(setting: TtlSetting | undefined): number | null {
  if (!setting) return null;
  const s = durationSeconds(setting.value);
  return s === null || s === 0 ? null : s;
}

function checkRole(b: BindContext, role: RoleTtls, reportUnset: boolean): void {
  const ttl = effective(role.ttl);
  const max = effective(role.max);
  const period = effective(role.period);
  if (period !== null) {
    b.out.issues.push(
      makeIssue(b.ctx, {
        ruleId: 'vault-periodic-token',
        offset: role.period!.offset,
        message: `${role.name} issues periodic tokens (period ${period} s): renewed forever, they never reach an end; use a short token_ttl and token_max_ttl`,
        lifetime: { class: 'long-lived', ttlSeconds: null, expiresAt: null, note: 'periodic token: renewable without limit' },
        tags: ['vault', 'periodic'],
        severityHint: 'high',
        provider: 'vault',
      }),
    );
    return;
  }
  if (ttl === null) {
    if (!reportUnset) return;
    const fallback = max ?? VAULT_DEFAULT_TTL_SECONDS;
    b.out.issues.push(
      makeIssue(b.ctx, {
        ruleId: 'vault-ttl-unset',
        offset: role.ttl?.offset ?? role.offset,
        message: `${role.name} sets no TTL: tokens live ${max !== null ? `up to max_ttl (${max} s)` : 'for the system default, 768 h (32 days)'}; set token_ttl / ttl to the task window`,
        lifetime: lifetimeOf(fallback, max !== null ? 'Vault max_ttl' : 'Vault default TTL (768 h)'),
        tags: ['vault', 'ttl-unset'],
        severityHint: severityForTtl(fallback),
        provider: 'vault',
      }),
    );
    return;
  }
  if (ttl > DEFAULT_TASK_WINDOW_SECONDS) {
    b.out.issues.push(
      makeIssue(b.ctx, {
        ruleId: 'vault-ttl-long',
        offset: role.ttl!.offset,
        message: `${role.name} issues tokens / leases for ${ttl} s; keep the TTL to the task window`,
        lifetime: lifetimeOf(ttl, 'Vault TTL setting'),
        tags: ['vault', 'long-ttl'],
        severityHint: severityForTtl(ttl),
        provider: 'vault',
      }),
    );
  } else {
    b.out.evidence.push(makeEvidence(b.ctx, 'short-ttl-revocation', 'for', role.ttl!.offset, `${role.name} TTL ${ttl} s`, 'vault-short-ttl'));
  }
  if (max !== null && max > 86400) {
    b.out.issues.push(
      makeIssue(b.ctx, {
        ruleId: 'vault-ttl-long',
        offset: role.max!.offset,
        message: `${role.name} lets tokens be renewed for ${max} s (max TTL); a renewing process keeps the credential far beyond the task`,
        lifetime: lifetimeOf(max, 'Vault max TTL setting'),
        tags: ['vault', 'long-max-ttl'],
        severityHint: severityForTtl(max),
        provider: 'vault',
      }),
    );
  }
}

/** Server config (`storage` + `listener`): default_lease_ttl / max_lease_ttl, 768 h when unset. */
function readServerConfig(b: BindContext, root: HclBlock): void {
  const storage = root.blocks.find((x) => x.type === 'storage' || x.type === 'backend');
  if (!storage && !attr(root, 'default_lease_ttl', 'max_lease_ttl')) return;
  const def = attr(root, 'default_lease_ttl');
  const max = attr(root, 'max_lease_ttl');
  checkRole(
    b,
    {
      name: 'Vault server default_lease_ttl',
      offset: storage?.offset ?? def?.offset ?? 0,
      ...(def ? { ttl: { value: def.value, offset: def.offset } } : {}),
      ...(max ? { max: { value: max.value, offset: max.offset } } : {}),
    },
    true,
  );
}

/** Vault Agent: the auth method it logs in with and the sink where it writes the token. */
function readAgentConfig(b: BindContext, root: HclBlock): void {
  for (const autoAuth of blocksOf(root, 'auto_auth')) {
    for (const method of autoAuth.blocks.filter((x) => x.type === 'method')) {
      const kind = method.labels[0] ?? attr(method, 'type')?.value ?? 'method';
      const binding = makeBinding(b, { tool: 'vault-agent', offset: method.offset }, 'minted', `auth/${kind}`, { method: kind });
      b.out.bindings.push(binding);
      const config = method.blocks.find((x) => x.type === 'config');
      const secretIdFile = attr(config, 'secret_id_file_path');
      if (secretIdFile) b.out.bindings.push(makeBinding(b, { tool: 'vault-agent', offset: secretIdFile.offset }, 'file', secretIdFile.value, { method: kind, key: 'secret_id_file_path' }));
      const remove = attr(config, 'remove_secret_id_file_after_reading');
      if (secretIdFile && remove?.value === 'false') {
        b.out.issues.push(
          makeIssue(b.ctx, {
            ruleId: 'vault-agent-secret-id-kept',
            offset: remove.offset,
            message: 'Vault Agent keeps the AppRole secret_id file after reading it: the static secret stays on disk for anyone who can read it',
            tags: ['vault', 'static-secret-id'],
            severityHint: 'medium',
            provider: 'vault',
          }),
        );
      }
    }
    for (const sink of autoAuth.blocks.filter((x) => x.type === 'sink')) {
      const config = sink.blocks.find((x) => x.type === 'config');
      const p = attr(config, 'path');
      if (!p) continue;
      // The sink holds the Vault token the agent minted; its lifetime is the auth role's TTL (checked on the role).
      const binding = makeBinding(b, { tool: 'vault-agent', offset: p.offset }, 'minted', p.value, { sink: sink.labels[0] ?? 'file' });
      binding.lifetime = { class: 'unknown', ttlSeconds: null, expiresAt: null, note: "Vault token: the auth role's TTL" };
      b.out.bindings.push(binding);
    }
    b.out.evidence.push(makeEvidence(b.ctx, 'identity-separation', 'for', autoAuth.offset, 'Vault Agent authenticates on behalf of the workload (the app never holds the login secret)', 'vault-agent'));
  }
}
