// CI posture: static cloud keys are config findings; OIDC federation (GitHub id-token + role-to-assume /
// workload_identity_provider / azure client-id, GitLab id_tokens) gives bindings and evidence, never a finding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectedRows, extractFixture, extractText, lineOf, rows, show } from './helpers.js';

test('github actions: static AWS / GCP / Azure keys from secrets.* are config findings', () => {
  const { text, result } = extractFixture('ci/github/.github/workflows/deploy-static.yml');
  assert.deepEqual(
    result.issues.map((i) => `${i.ruleId}|${i.kind}|${i.line}|${i.lifetime?.class}`),
    [
      `gha-static-aws-keys|config|${lineOf(text, 'aws-secret-access-key:')}|static`,
      `gha-static-gcp-key|config|${lineOf(text, 'credentials_json')}|static`,
      `gha-static-azure-secret|config|${lineOf(text, 'creds:')}|static`,
      `gha-static-aws-keys|config|${lineOf(text, 'AWS_SECRET_ACCESS_KEY: ${{ secrets.TF_AWS_SECRET }}')}|static`,
    ],
  );
  assert.deepEqual(
    rows(result.bindings),
    expectedRows(text, [
      { tool: 'aws', source: 'env', scope: 'process', ref: 'AWS_SECRET_ACCESS_KEY', at: 'aws-secret-access-key:' },
      { tool: 'gcp', source: 'env', scope: 'process', ref: 'GCP_SA_KEY', at: 'credentials_json' },
      { tool: 'azure', source: 'env', scope: 'process', ref: 'AZURE_CREDENTIALS', at: 'creds:' },
      { tool: 'step:agent eval', source: 'env', scope: 'process', ref: 'OPENAI_API_KEY', at: 'OPENAI_API_KEY' },
      { tool: 'step:agent eval', source: 'minted', scope: 'task', ref: 'GITHUB_TOKEN', at: 'secrets.GITHUB_TOKEN' },
      { tool: 'job:terraform', source: 'env', scope: 'process', ref: 'TF_AWS_SECRET', at: 'TF_AWS_SECRET' },
    ]),
    show(result.bindings),
  );
  assert.ok(result.bindings.every((b) => b.via === 'ci:github-actions'));
  assert.ok(result.evidence.every((e) => e.control === 'identity-separation' && e.kind === 'against'));
});

test('github actions: OIDC for AWS, GCP and Azure produces no finding, only task-scoped bindings and evidence', () => {
  const { text, result } = extractFixture('ci/github/.github/workflows/deploy-oidc.yml');
  assert.deepEqual(result.issues, [], 'role-duration-seconds 900 and OIDC are the good pattern');
  assert.deepEqual(
    rows(result.bindings),
    expectedRows(text, [
      { tool: 'aws', source: 'minted', scope: 'task', ref: 'arn:aws:iam::123456789012:role/deploy', at: 'role-to-assume' },
      { tool: 'gcp', source: 'minted', scope: 'task', ref: 'projects/123/locations/global/workloadIdentityPools/gh/providers/gh', at: 'workload_identity_provider' },
      { tool: 'azure', source: 'minted', scope: 'task', ref: 'AZURE_CLIENT_ID', at: 'client-id' },
    ]),
  );
  assert.equal(result.evidence.filter((e) => e.control === 'identity-separation' && e.kind === 'for').length, 3);
});

test('github actions: role-duration-seconds above the window is reported with its TTL', () => {
  const { text, result } = extractFixture('ci/github/.github/workflows/long-session.yml');
  assert.equal(result.issues.length, 1);
  const issue = result.issues[0]!;
  assert.equal(issue.ruleId, 'gha-role-duration-long');
  assert.equal(issue.line, lineOf(text, 'role-duration-seconds'));
  assert.deepEqual({ class: issue.lifetime?.class, ttl: issue.lifetime?.ttlSeconds }, { class: 'short-lived', ttl: 43200 });
});

test('gitlab: static AWS key used by a job is a finding; id_tokens and vault secrets are not', () => {
  const bad = extractFixture('ci/gitlab-bad/.gitlab-ci.yml');
  assert.deepEqual(bad.result.issues.map((i) => `${i.ruleId}|${i.line}`), [`gitlab-static-cloud-keys|${lineOf(bad.text, '$AWS_SECRET_ACCESS_KEY')}`]);
  assert.deepEqual(rows(bad.result.bindings), expectedRows(bad.text, [{ tool: 'deploy', source: 'env', scope: 'process', ref: 'AWS_SECRET_ACCESS_KEY', at: '$AWS_SECRET_ACCESS_KEY' }]));

  const good = extractFixture('ci/gitlab-good/.gitlab-ci.yml');
  assert.deepEqual(good.result.issues, []);
  assert.deepEqual(
    rows(good.result.bindings),
    expectedRows(good.text, [
      { tool: 'deploy', source: 'minted', scope: 'task', ref: 'AWS_ID_TOKEN', at: 'aud:' },
      { tool: 'deploy', source: 'secret-manager', scope: 'process', ref: 'production/db/password@ops', at: 'vault:' },
    ]),
    show(good.result.bindings),
  );
  assert.ok(good.result.evidence.some((e) => e.control === 'identity-separation' && e.kind === 'for'));
});

test('github actions: an App installation token from an earlier step is minted per job', async () => {
  const { extractText } = await import('./helpers.js');
  const text = [
    'jobs:',
    '  triage:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - id: app',
    '        uses: actions/create-github-app-token@v1',
    '        with:',
    '          app-id: ${{ vars.APP_ID }}',
    '          private-key: ${{ secrets.APP_PRIVATE_KEY }}',
    '      - uses: example/agent-action@v2',
    '        with:',
    '          github-token: ${{ steps.app.outputs.token }}',
  ].join('\n');
  const r = extractText('.github/workflows/triage.yml', text);
  assert.deepEqual(rows(r.bindings), [
    'actions/create-github-app-token|env|process|APP_PRIVATE_KEY|9',
    'example/agent-action|minted|task|steps.app.outputs.token|12',
  ]);
  assert.deepEqual(r.issues, []);
  assert.ok(r.evidence.some((e) => e.control === 'per-task-issuance' && e.kind === 'for'));
});

test('github actions: secrets passed to a reusable workflow are its bindings', async () => {
  const { extractText } = await import('./helpers.js');
  const text = 'jobs:\n  call:\n    uses: org/repo/.github/workflows/deploy.yml@main\n    secrets:\n      deploy-token: ${{ secrets.DEPLOY_TOKEN }}\n';
  const r = extractText('.github/workflows/call.yml', text);
  assert.deepEqual(rows(r.bindings), ['org/repo/.github/workflows/deploy.yml|env|process|DEPLOY_TOKEN|5']);
});

test('github actions: workflow inputs and references embedded in other text are credentials only when named like one', () => {
  const text = [
    'on: { workflow_call: { inputs: { working-directory: { type: string } } } }',
    'jobs:',
    '  lint:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: ana06/get-changed-files@v2',
    '        with:',
    '          filter: "${{ inputs.working-directory }}/**"',
    '      - uses: ./.github/actions/uv_setup',
    '        with:',
    '          cache-suffix: lint-${{ inputs.working-directory }}',
    '          working-directory: ${{ inputs.working-directory }}',
    '      - uses: actions/cache@v4',
    '        with:',
    '          key: ${{ runner.os }}-playwright-${{ env.PLAYWRIGHT_VERSION }}',
    '      - uses: some/deploy-action@v1',
    '        with:',
    '          api-key: ${{ env.DEPLOY_CREDENTIAL }}',
    '          token: Bearer ${{ env.UPSTREAM }}',
    '          registry-password: ${{ inputs.registry-password }}',
  ].join('\n');
  const result = extractText('.github/workflows/lint.yml', text);
  assert.deepEqual(
    result.bindings.map((b) => `${b.tool}|${b.credentialRef}|${b.source}`).sort(),
    ['some/deploy-action|DEPLOY_CREDENTIAL|env', 'some/deploy-action|UPSTREAM|env', 'some/deploy-action|registry-password|input'],
    show(result.bindings),
  );
});
