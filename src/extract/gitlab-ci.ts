// GitLab CI: jobs that reach cloud providers with static keys held as CI/CD variables (config finding) versus
// jobs that request OIDC `id_tokens` (per-job, audience-bound JWTs: evidence, no finding); credentials in
// `variables:`; `secrets:` fetched from Vault / cloud secret managers.
import path from 'node:path';
import type { FileContext } from '../model/records.js';
import { emptyExtractResult, type ExtractResult, type ReaderHelpers } from './index.js';
import { entriesOf, get, isMapNode, itemsOf, parseYamlDocs, str, text, type PEntry, type PNode } from './tree.js';
import { bindValue, makeBinding, type BindContext } from './values.js';
import { makeEvidence, makeIssue } from './common.js';

export function isGitlabCi(file: string): boolean {
  const base = path.posix.basename(file).toLowerCase();
  return base === '.gitlab-ci.yml' || base === '.gitlab-ci.yaml' || base.endsWith('.gitlab-ci.yml') || /(?:^|\/)\.gitlab\/ci\/[^/]+\.ya?ml$/i.test(file);
}

// Keywords that are not jobs.
const RESERVED = new Set(['default', 'include', 'stages', 'variables', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script', 'spec']);

const STATIC_CLOUD_VARS: Record<string, 'aws' | 'gcp' | 'azure'> = {
  AWS_SECRET_ACCESS_KEY: 'aws',
  AWS_ACCESS_KEY_ID: 'aws',
  GOOGLE_APPLICATION_CREDENTIALS: 'gcp',
  GCP_SERVICE_KEY: 'gcp',
  GCLOUD_SERVICE_KEY: 'gcp',
  GCP_SA_KEY: 'gcp',
  AZURE_CLIENT_SECRET: 'azure',
  ARM_CLIENT_SECRET: 'azure',
};
const STATIC_VAR_RE = new RegExp(`\\$\\{?(${Object.keys(STATIC_CLOUD_VARS).join('|')})\\b`);

export function readGitlabCi(ctx: FileContext, helpers: ReaderHelpers): ExtractResult {
  const out = emptyExtractResult();
  const parsed = parseYamlDocs(ctx);
  out.warnings.push(...parsed.warnings);
  const b: BindContext = { ctx, helpers, out, via: 'ci:gitlab' };
  for (const doc of parsed.docs) {
    const defaultIdTokens = get(get(doc, 'default'), 'id_tokens');
    bindVariables(b, get(doc, 'variables'), 'pipeline');
    const globalStatic = staticVarsIn(get(doc, 'variables'));
    if (globalStatic.length) staticIssue(b, 'pipeline', globalStatic.map((v) => ({ name: v.key, offset: v.value.offset })), false);
    for (const job of entriesOf(doc)) {
      if (RESERVED.has(job.key) || job.key.startsWith('.') || !isMapNode(job.value)) continue;
      readJob(b, job, defaultIdTokens);
    }
  }
  return out;
}

function bindVariables(b: BindContext, vars: PNode | undefined, tool: string): void {
  for (const v of entriesOf(vars)) {
    // `KEY: value` or `KEY: { value: …, description: … }`
    const node = isMapNode(v.value) ? get(v.value, 'value') : v.value;
    const value = text(node);
    if (node && value !== undefined) bindValue(b, { tool, offset: node.offset, key: v.key }, value);
  }
}

function staticVarsIn(vars: PNode | undefined): PEntry[] {
  return entriesOf(vars).filter((v) => STATIC_CLOUD_VARS[v.key.toUpperCase()] !== undefined);
}

function readJob(b: BindContext, job: PEntry, defaultIdTokens: PNode | undefined): void {
  const tool = job.key;
  bindVariables(b, get(job.value, 'variables'), tool);
  const idTokens = get(job.value, 'id_tokens') ?? defaultIdTokens;
  for (const t of entriesOf(idTokens)) {
    const aud = get(t.value, 'aud');
    const audience = str(aud) ?? itemsOf(aud).map((a) => str(a)).filter(Boolean).join(',');
    const binding = makeBinding(b, { tool, offset: t.value.offset, scope: 'task' }, 'minted', t.key, { issuer: 'gitlab-oidc', ...(audience ? { audience } : {}) });
    binding.lifetime = { class: 'short-lived', ttlSeconds: null, expiresAt: null, note: 'GitLab id_token: valid for the job' };
    b.out.bindings.push(binding);
    b.out.evidence.push(makeEvidence(b.ctx, 'identity-separation', 'for', t.value.offset, `job "${tool}" requests an OIDC id_token${audience ? ` for ${audience}` : ''}`, 'gitlab-id-tokens'));
  }
  // secrets: { NAME: { vault: path@engine, gcp_secret_manager: …, azure_key_vault: …, file: bool } }
  for (const s of entriesOf(get(job.value, 'secrets'))) {
    const store = ['vault', 'gcp_secret_manager', 'azure_key_vault', 'akeyless', 'gitlab_secrets_manager'].find((k) => get(s.value, k) !== undefined);
    if (!store) continue;
    const where = get(s.value, store)!;
    const ref = str(where) ?? str(get(where, 'path')) ?? str(get(where, 'name')) ?? s.key;
    b.out.bindings.push(makeBinding(b, { tool, offset: where.offset }, 'secret-manager', ref, { store, variable: s.key }));
  }
  // Static cloud keys: declared in variables, or used by the job's scripts (CI/CD settings hold the value).
  const statics = [...staticVarsIn(get(job.value, 'variables'))];
  const used: { name: string; offset: number }[] = statics.map((v) => ({ name: v.key, offset: v.value.offset }));
  for (const key of ['before_script', 'script', 'after_script']) {
    const scripts = get(job.value, key);
    for (const line of scripts?.kind === 'seq' ? scripts.items : scripts ? [scripts] : []) {
      const m = STATIC_VAR_RE.exec(str(line) ?? '');
      if (m) used.push({ name: m[1]!, offset: line.offset });
    }
  }
  if (!used.length) return;
  for (const u of used) {
    if (!b.out.bindings.some((x) => x.credentialRef === u.name && x.tool === tool)) {
      b.out.bindings.push(makeBinding(b, { tool, offset: u.offset }, 'env', u.name, { store: 'ci-variables' }));
    }
  }
  staticIssue(b, tool, used, idTokens !== undefined);
}

function staticIssue(b: BindContext, tool: string, used: { name: string; offset: number }[], hasIdTokens: boolean): void {
  const first = used[0]!;
  const provider = STATIC_CLOUD_VARS[first.name.toUpperCase()]!;
  b.out.issues.push(
    makeIssue(b.ctx, {
      ruleId: 'gitlab-static-cloud-keys',
      offset: first.offset,
      message: `${tool === 'pipeline' ? 'pipeline variables hold' : `job "${tool}" uses`} static ${provider.toUpperCase()} credentials (${[...new Set(used.map((u) => u.name))].join(', ')}) from CI/CD variables${
        hasIdTokens ? ' although it requests id_tokens' : ''
      }; exchange an id_tokens JWT for short-lived cloud credentials instead`,
      lifetime: { class: 'static', ttlSeconds: null, expiresAt: null, note: 'long-term cloud credential stored as a CI/CD variable' },
      tags: ['ci', 'static-ci-credential', provider],
      severityHint: 'high',
      provider,
    }),
  );
  b.out.evidence.push(makeEvidence(b.ctx, 'identity-separation', 'against', first.offset, `job "${tool}" holds static ${provider.toUpperCase()} credentials`, 'gitlab-static-cloud-keys'));
}
