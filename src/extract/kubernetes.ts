// Kubernetes manifests: legacy service-account token Secrets (`type: kubernetes.io/service-account-token`,
// never expire: config finding) versus projected `serviceAccountToken` volumes with `expirationSeconds`
// (kubelet-rotated, audience-bound: a binding and evidence, no finding); container env credentials.
import type { FileContext } from '../model/records.js';
import { emptyExtractResult, type ExtractResult, type ReaderHelpers } from './index.js';
import { get, getPath, isMapNode, itemsOf, parseYamlDocs, str, text, type PNode } from './tree.js';
import { bindValue, isCredentialKey, makeBinding, type BindContext } from './values.js';
import { durationSeconds, lifetimeOf, makeEvidence, makeIssue } from './common.js';

export function isKubernetesContent(head: string): boolean {
  return /^apiVersion\s*:/m.test(head) && /^kind\s*:/m.test(head);
}

const LEGACY_TOKEN_TYPE = 'kubernetes.io/service-account-token';
/** Kubernetes' own default for projected tokens and the ceiling this reader accepts without comment. */
const PROJECTED_DEFAULT_SECONDS = 3600;
const PROJECTED_LONG_SECONDS = 86400;

/** The pod spec of a workload, whatever its kind. */
function podSpecOf(doc: PNode): PNode | undefined {
  const kind = str(get(doc, 'kind'));
  switch (kind) {
    case 'Pod':
      return get(doc, 'spec');
    case 'CronJob':
      return getPath(doc, 'spec', 'jobTemplate', 'spec', 'template', 'spec');
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
    case 'ReplicationController':
      return getPath(doc, 'spec', 'template', 'spec');
    default:
      return getPath(doc, 'spec', 'template', 'spec');
  }
}

export function readKubernetes(ctx: FileContext, helpers: ReaderHelpers): ExtractResult {
  const out = emptyExtractResult();
  const parsed = parseYamlDocs(ctx);
  // Helm / Go templates are not YAML until rendered: read what parses, without a malformed-file warning each.
  if (!/\{\{[-\s]/.test(ctx.text)) out.warnings.push(...parsed.warnings);
  const b: BindContext = { ctx, helpers, out, via: 'k8s' };
  // `kind: List` wraps manifests in items.
  const docs = parsed.docs.flatMap((d) => (str(get(d, 'kind')) === 'List' ? itemsOf(get(d, 'items')) : [d]));
  const legacySecrets = new Set<string>();
  for (const doc of docs) {
    if (str(get(doc, 'kind')) === 'Secret' && str(get(doc, 'type')) === LEGACY_TOKEN_TYPE) {
      const name = str(getPath(doc, 'metadata', 'name')) ?? 'secret';
      legacySecrets.add(name);
      readLegacySecret(b, doc, name);
    }
  }
  for (const doc of docs) {
    const spec = podSpecOf(doc);
    if (!isMapNode(spec)) continue;
    const workload = str(getPath(doc, 'metadata', 'name')) ?? str(get(doc, 'kind')) ?? 'workload';
    readPodSpec(b, spec, workload, legacySecrets);
  }
  return out;
}

function readLegacySecret(b: BindContext, doc: PNode, name: string): void {
  const typeNode = get(doc, 'type')!;
  const sa = str(getPath(doc, 'metadata', 'annotations', 'kubernetes.io/service-account.name')) ?? name;
  const binding = makeBinding(b, { tool: sa, offset: typeNode.offset }, 'minted', `secret/${name}`, { kind: 'legacy-sa-token' });
  binding.lifetime = { class: 'static', ttlSeconds: null, expiresAt: null, note: 'legacy service-account token Secret: never expires' };
  b.out.bindings.push(binding);
  b.out.issues.push(
    makeIssue(b.ctx, {
      ruleId: 'k8s-legacy-sa-token',
      offset: typeNode.offset,
      message: `Secret "${name}" of type ${LEGACY_TOKEN_TYPE} holds a non-expiring token for service account "${sa}"; use a projected serviceAccountToken with expirationSeconds (or the TokenRequest API)`,
      lifetime: binding.lifetime,
      tags: ['k8s', 'non-expiring'],
      severityHint: 'high',
      provider: 'kubernetes',
      binding,
    }),
  );
  b.out.evidence.push(makeEvidence(b.ctx, 'short-ttl-revocation', 'against', typeNode.offset, `non-expiring service-account token Secret "${name}"`, 'k8s-legacy-sa-token'));
}

function readPodSpec(b: BindContext, spec: PNode, workload: string, legacySecrets: Set<string>): void {
  for (const volume of itemsOf(get(spec, 'volumes'))) {
    for (const source of itemsOf(getPath(volume, 'projected', 'sources'))) {
      const sat = get(source, 'serviceAccountToken');
      if (isMapNode(sat)) readProjectedToken(b, sat, workload);
    }
    const secretName = str(getPath(volume, 'secret', 'secretName'));
    if (secretName && legacySecrets.has(secretName)) {
      const at = getPath(volume, 'secret', 'secretName')!;
      // The mounted token is the legacy one (the issue is raised at the Secret): minted by the controller, never expiring.
      const binding = makeBinding(b, { tool: workload, offset: at.offset }, 'minted', `secret/${secretName}`, { kind: 'legacy-sa-token', mounted: true });
      binding.lifetime = { class: 'static', ttlSeconds: null, expiresAt: null, note: 'legacy service-account token Secret: never expires' };
      b.out.bindings.push(binding);
    }
  }
  const containers = [...itemsOf(get(spec, 'containers')), ...itemsOf(get(spec, 'initContainers'))];
  for (const c of containers) {
    const tool = str(get(c, 'name')) ?? workload;
    for (const env of itemsOf(get(c, 'env'))) {
      const name = str(get(env, 'name'));
      if (!name) continue;
      const value = get(env, 'value');
      if (text(value) !== undefined) {
        bindValue(b, { tool, agent: null, offset: value!.offset, key: name, attrs: { workload } }, text(value)!);
        continue;
      }
      const ref = getPath(env, 'valueFrom', 'secretKeyRef');
      if (isMapNode(ref) && isCredentialKey(name)) {
        const secret = str(get(ref, 'name')) ?? '';
        const key = str(get(ref, 'key')) ?? '';
        b.out.bindings.push(makeBinding(b, { tool, offset: (get(ref, 'name') ?? ref).offset }, 'env', name, { workload, secretRef: `${secret}/${key}` }));
      }
    }
  }
}

function readProjectedToken(b: BindContext, sat: PNode, workload: string): void {
  const expNode = get(sat, 'expirationSeconds');
  const seconds = durationSeconds(text(expNode) ?? null) ?? PROJECTED_DEFAULT_SECONDS;
  const audience = str(get(sat, 'audience'));
  const offset = (expNode ?? sat).offset;
  const binding = makeBinding(b, { tool: workload, offset, scope: 'process' }, 'minted', `serviceAccountToken${audience ? `:${audience}` : ''}`, {
    kind: 'projected-sa-token',
    ttlSeconds: seconds,
    ...(audience ? { audience } : {}),
  });
  binding.lifetime = lifetimeOf(seconds, expNode ? 'projected token expirationSeconds' : 'projected token default (1 h)');
  b.out.bindings.push(binding);
  if (seconds > PROJECTED_LONG_SECONDS) {
    b.out.issues.push(
      makeIssue(b.ctx, {
        ruleId: 'k8s-projected-token-long-ttl',
        offset,
        message: `projected service-account token for "${workload}" lives ${seconds} s; keep expirationSeconds near the task (600–3600)`,
        lifetime: binding.lifetime,
        tags: ['k8s', 'long-ttl'],
        severityHint: 'medium',
        provider: 'kubernetes',
      }),
    );
    return;
  }
  b.out.evidence.push(
    makeEvidence(b.ctx, 'short-ttl-revocation', 'for', offset, `projected service-account token for "${workload}" expires after ${seconds} s${audience ? ` (audience ${audience})` : ''}`, 'k8s-projected-token'),
  );
  if (audience) b.out.evidence.push(makeEvidence(b.ctx, 'context-binding', 'for', offset, `projected token bound to audience ${audience}`, 'k8s-projected-token-audience'));
}

