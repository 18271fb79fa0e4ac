// GitHub Actions workflows: which steps get which credentials, and whether cloud access uses static keys
// from `secrets.*` (long-lived, config finding) or OIDC federation (`id-token: write` + `role-to-assume`,
// `workload_identity_provider`, `azure/login` with `client-id` and no secret: per-job tokens, no finding).
import type { FileContext } from '../model/records.js';
import { emptyExtractResult, type ExtractResult, type ReaderHelpers } from './index.js';
import { entriesOf, get, getCI, isMapNode, itemsOf, parseYamlDocs, str, text, truthy, type PNode } from './tree.js';
import { bindValue, findReference, makeBinding, type BindContext } from './values.js';
import { durationSeconds, lifetimeOf, makeEvidence, makeIssue } from './common.js';
// Readers do not know the configured task window: they report values above the default one.
import { DEFAULT_TASK_WINDOW_SECONDS } from '../model/defaults.js';

export function isGithubWorkflow(file: string): boolean {
  return /(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$/i.test(file);
}

const STATIC_AWS_ENV = new Set(['AWS_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY_ID']);
const STATIC_AZURE_ENV = new Set(['AZURE_CLIENT_SECRET', 'ARM_CLIENT_SECRET', 'AZURE_CREDENTIALS']);
const STATIC_GCP_ENV = new Set(['GOOGLE_CREDENTIALS', 'GCP_SA_KEY', 'GOOGLE_APPLICATION_CREDENTIALS_JSON', 'GCLOUD_SERVICE_KEY', 'GCP_CREDENTIALS']);

const OIDC_HINT = {
  aws: 'aws-actions/configure-aws-credentials with role-to-assume and permissions: id-token: write',
  gcp: 'google-github-actions/auth with workload_identity_provider and service_account',
  azure: 'azure/login with client-id, tenant-id and subscription-id (federated credential) and permissions: id-token: write',
};

function idTokenWrite(perms: PNode | undefined): boolean {
  const all = str(perms);
  if (all === 'write-all') return true;
  return str(get(perms, 'id-token')) === 'write';
}

/** Per workflow: the ids of steps that mint a GitHub App token, and whether the action revokes it at job end. */
const appTokenSteps = new WeakMap<BindContext, Map<string, { revoked: boolean }>>();
const APP_TOKEN_ACTIONS = new Set(['actions/create-github-app-token', 'tibdex/github-app-token']);

function actionName(uses: string): string {
  return uses.replace(/@.*$/, '').toLowerCase();
}

export function readGithubActions(ctx: FileContext, helpers: ReaderHelpers): ExtractResult {
  const out = emptyExtractResult();
  const parsed = parseYamlDocs(ctx);
  out.warnings.push(...parsed.warnings);
  const b: BindContext = { ctx, helpers, out, via: 'ci:github-actions', flavor: { ciSecrets: 'env' } };
  for (const doc of parsed.docs) {
    const workflowOidc = idTokenWrite(get(doc, 'permissions'));
    bindEnvBlock(b, get(doc, 'env'), 'workflow');
    for (const job of entriesOf(get(doc, 'jobs'))) {
      const jobPerms = get(job.value, 'permissions');
      const oidc = jobPerms !== undefined ? idTokenWrite(jobPerms) : workflowOidc;
      bindEnvBlock(b, get(job.value, 'env'), `job:${job.key}`);
      // A reusable-workflow call: `secrets:` passed to it are bindings of the called workflow.
      const called = str(get(job.value, 'uses'));
      for (const e of entriesOf(get(job.value, 'secrets'))) {
        const v = text(e.value);
        if (v !== undefined) bindValue(b, { tool: called ? actionName(called) : `job:${job.key}`, offset: e.value.offset, key: e.key }, v);
      }
      for (const step of itemsOf(get(job.value, 'steps'))) {
        readStep(b, step, job.key, oidc);
      }
    }
  }
  return out;
}

/** `env:` at workflow, job or step level: secrets handed to every command, static cloud keys included. */
function bindEnvBlock(b: BindContext, env: PNode | undefined, tool: string): void {
  const staticKeys: { provider: 'aws' | 'azure' | 'gcp'; key: string; node: PNode }[] = [];
  for (const e of entriesOf(env)) {
    const v = text(e.value);
    if (v === undefined) continue;
    const binding = bindValue(b, { tool, offset: e.value.offset, key: e.key }, v);
    bindGithubToken(b, binding, tool, e.value, v);
    const upper = e.key.toUpperCase();
    const fromSecret = /secrets\./.test(v) || binding?.source === 'literal';
    if (!fromSecret) continue;
    if (STATIC_AWS_ENV.has(upper)) staticKeys.push({ provider: 'aws', key: e.key, node: e.value });
    else if (STATIC_AZURE_ENV.has(upper)) staticKeys.push({ provider: 'azure', key: e.key, node: e.value });
    else if (STATIC_GCP_ENV.has(upper)) staticKeys.push({ provider: 'gcp', key: e.key, node: e.value });
  }
  // An AWS key id is half of one credential: bind the pair once, at the secret, so it yields one finding.
  const secretKey = staticKeys.find((k) => k.key.toUpperCase() === 'AWS_SECRET_ACCESS_KEY');
  const keyId = staticKeys.find((k) => k.key.toUpperCase() === 'AWS_ACCESS_KEY_ID');
  if (secretKey && keyId) dropBindingAt(b, keyId.node.offset);
  // One issue per provider per block, at the secret (not the key id) when both are there.
  for (const provider of ['aws', 'azure', 'gcp'] as const) {
    const keys = staticKeys.filter((k) => k.provider === provider);
    if (!keys.length) continue;
    const at = keys.find((k) => /SECRET|CREDENTIALS|KEY$/i.test(k.key) && !/KEY_ID$/i.test(k.key)) ?? keys[0]!;
    staticCloudIssue(b, provider, at.node.offset, `${keys.map((k) => k.key).join(', ')} in ${tool} env`);
  }
}

function dropBindingAt(b: BindContext, offset: number): void {
  const line = b.ctx.lineAt(offset).line;
  const i = b.out.bindings.findIndex((x) => x.line === line);
  if (i >= 0) b.out.bindings.splice(i, 1);
}

/** `${{ secrets.GITHUB_TOKEN }}` / `${{ github.token }}`: the per-job token, minted by Actions (≤ 24 h). */
function bindGithubToken(b: BindContext, existing: unknown, tool: string, node: PNode, value: string): void {
  const jobToken = /\$\{\{\s*(?:secrets\.GITHUB_TOKEN|github\.token)\s*\}\}/.test(value);
  // A token output of an earlier step (actions/create-github-app-token): an installation token minted for this job.
  const stepToken = /\$\{\{\s*steps\.([\w-]+)\.outputs\.token\s*\}\}/.exec(value);
  if (!jobToken && !stepToken) return;
  const idx = b.out.bindings.indexOf(existing as never);
  if (idx >= 0) b.out.bindings.splice(idx, 1);
  const ref = jobToken ? 'GITHUB_TOKEN' : `steps.${stepToken![1]}.outputs.token`;
  const app = stepToken ? appTokenSteps.get(b)?.get(stepToken[1]!) : undefined;
  const binding = makeBinding(b, { tool, offset: node.offset, scope: 'task' }, 'minted', ref, {
    issuer: jobToken ? 'github-actions' : app ? 'github-app-token' : 'step-output',
    ...(app ? { revokedAtJobEnd: app.revoked } : {}),
  });
  // GITHUB_TOKEN expires when the job ends; an App token from create-github-app-token is revoked in the
  // action's post step unless skip-token-revoke is set, and otherwise lives its hour.
  binding.lifetime = jobToken
    ? { class: 'task-scoped', ttlSeconds: null, expiresAt: null, note: 'GITHUB_TOKEN: expires when the job ends' }
    : app?.revoked
      ? { class: 'task-scoped', ttlSeconds: null, expiresAt: null, note: 'GitHub App installation token: revoked when the job ends' }
      : { class: 'short-lived', ttlSeconds: 3600, expiresAt: null, note: app ? 'GitHub App installation token with skip-token-revoke: valid for 1 h' : 'token minted by an earlier step (GitHub App installation tokens: 1 h)' };
  b.out.bindings.push(binding);
}

function staticCloudIssue(b: BindContext, provider: 'aws' | 'azure' | 'gcp', offset: number, what: string): void {
  const ruleId = provider === 'aws' ? 'gha-static-aws-keys' : provider === 'gcp' ? 'gha-static-gcp-key' : 'gha-static-azure-secret';
  b.out.issues.push(
    makeIssue(b.ctx, {
      ruleId,
      offset,
      message: `static ${provider.toUpperCase()} credentials (${what}) where OIDC federation would mint a per-job token: use ${OIDC_HINT[provider]}`,
      lifetime: { class: 'static', ttlSeconds: null, expiresAt: null, note: 'long-term cloud credential stored as a CI secret' },
      tags: ['ci', 'static-ci-credential', provider],
      severityHint: 'high',
      provider,
    }),
  );
  b.out.evidence.push(makeEvidence(b.ctx, 'identity-separation', 'against', offset, `CI job holds static ${provider.toUpperCase()} credentials`, `gha-static-${provider}`));
}

function readStep(b: BindContext, step: PNode, jobId: string, oidc: boolean): void {
  if (!isMapNode(step)) return;
  const uses = str(get(step, 'uses'));
  const name = str(get(step, 'name'));
  const id = str(get(step, 'id'));
  // Named by what the step is, never by its position: inserting a step must not rename the others
  // (baselines and reports would see new findings). An anonymous run step is its job's.
  const tool = uses ? actionName(uses) : name ? `step:${name}` : id ? `job:${jobId}/step:${id}` : `job:${jobId}/run`;
  const withNode = get(step, 'with');
  bindEnvBlock(b, get(step, 'env'), tool);
  const action = uses ? actionName(uses) : '';
  if (APP_TOKEN_ACTIONS.has(action)) {
    b.out.evidence.push(makeEvidence(b.ctx, 'per-task-issuance', 'for', step.offset, `job "${jobId}" mints a GitHub App installation token for this run`, 'gha-app-token'));
    // actions/create-github-app-token revokes the token in its post step unless skip-token-revoke is true;
    // tibdex/github-app-token never revokes it.
    const skip = truthy(getCI(withNode, 'skip-token-revoke'));
    const revoked = action === 'actions/create-github-app-token' && !skip;
    if (id) {
      const steps = appTokenSteps.get(b) ?? new Map<string, { revoked: boolean }>();
      steps.set(id, { revoked });
      appTokenSteps.set(b, steps);
    }
    b.out.evidence.push(
      revoked
        ? makeEvidence(b.ctx, 'short-ttl-revocation', 'for', step.offset, `job "${jobId}": the GitHub App token is revoked when the job ends (${action} default)`, 'gha-app-token-revoke')
        : makeEvidence(b.ctx, 'short-ttl-revocation', 'against', step.offset, `job "${jobId}": the GitHub App token is not revoked at job end (${skip ? 'skip-token-revoke: true' : action}), so it stays valid for up to 1 h`, 'gha-app-token-revoke'),
    );
  }

  if (action === 'aws-actions/configure-aws-credentials') return readAws(b, withNode, oidc);
  if (action === 'google-github-actions/auth') return readGcp(b, withNode, oidc);
  if (action === 'azure/login') return readAzure(b, withNode, oidc);
  // Any other action's inputs: secrets passed to it are bindings of that action.
  for (const e of entriesOf(withNode)) {
    const v = text(e.value);
    if (v === undefined) continue;
    const binding = bindValue(b, { tool, offset: e.value.offset, key: e.key }, v);
    bindGithubToken(b, binding, tool, e.value, v);
  }
}

function bindInput(b: BindContext, withNode: PNode | undefined, key: string, tool: string) {
  const node = getCI(withNode, key);
  const v = text(node);
  if (!node || v === undefined) return null;
  const binding = bindValue(b, { tool, offset: node.offset, key, requireCredentialName: false }, v);
  return { node, binding, value: v };
}

function oidcGood(b: BindContext, tool: string, node: PNode, ref: string, oidc: boolean, detail: string): void {
  const binding = makeBinding(b, { tool, offset: node.offset, scope: 'task' }, 'minted', ref, { issuer: 'github-oidc', idTokenWrite: oidc });
  b.out.bindings.push(binding);
  if (oidc) b.out.evidence.push(makeEvidence(b.ctx, 'identity-separation', 'for', node.offset, detail, 'gha-oidc'));
}

function readAws(b: BindContext, withNode: PNode | undefined, oidc: boolean): void {
  const tool = 'aws';
  const keyId = bindInput(b, withNode, 'aws-access-key-id', tool);
  const secret = bindInput(b, withNode, 'aws-secret-access-key', tool);
  bindInput(b, withNode, 'aws-session-token', tool);
  const role = getCI(withNode, 'role-to-assume');
  if (keyId || secret) {
    if (keyId && secret) dropBindingAt(b, keyId.node.offset);
    const at = (secret ?? keyId)!.node;
    staticCloudIssue(b, 'aws', at.offset, `aws-access-key-id / aws-secret-access-key${role ? ', even with role-to-assume (the keys are still the root of trust)' : ''}`);
  } else if (role) {
    oidcGood(b, tool, role, text(role) ?? 'role-to-assume', oidc, 'AWS access through GitHub OIDC (role-to-assume, id-token: write)');
  }
  const duration = getCI(withNode, 'role-duration-seconds');
  const seconds = durationSeconds(text(duration) ?? null);
  if (duration && seconds !== null && seconds > DEFAULT_TASK_WINDOW_SECONDS && !findReference(text(duration) ?? '')) {
    b.out.issues.push(
      makeIssue(b.ctx, {
        ruleId: 'gha-role-duration-long',
        offset: duration.offset,
        message: `role-duration-seconds ${seconds} keeps the AWS session usable long after a short job; set it to the job's length (minimum 900)`,
        lifetime: lifetimeOf(seconds, 'role-duration-seconds'),
        tags: ['ci', 'session-duration', 'aws'],
        severityHint: seconds > 3600 ? 'medium' : 'low',
        provider: 'aws',
      }),
    );
  }
}

function readGcp(b: BindContext, withNode: PNode | undefined, oidc: boolean): void {
  const tool = 'gcp';
  const creds = bindInput(b, withNode, 'credentials_json', tool);
  const wip = getCI(withNode, 'workload_identity_provider');
  if (creds) staticCloudIssue(b, 'gcp', creds.node.offset, 'credentials_json (a service-account key)');
  else if (wip) oidcGood(b, tool, wip, text(wip) ?? 'workload_identity_provider', oidc, 'GCP access through Workload Identity Federation');
}

function readAzure(b: BindContext, withNode: PNode | undefined, oidc: boolean): void {
  const tool = 'azure';
  const creds = bindInput(b, withNode, 'creds', tool);
  const secret = bindInput(b, withNode, 'client-secret', tool);
  const clientId = getCI(withNode, 'client-id');
  if (creds || secret) staticCloudIssue(b, 'azure', (secret ?? creds)!.node.offset, secret ? 'client-secret' : 'creds (a service principal secret)');
  else if (clientId) oidcGood(b, tool, clientId, findReference(text(clientId) ?? '')?.ref ?? text(clientId) ?? 'client-id', oidc, 'Azure access through a federated credential (client-id, no secret)');
}
