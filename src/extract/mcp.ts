// MCP client configurations: every server is a tool; every credential it is given (env, headers, URL, args,
// env files) is a binding. Remote servers with no static credential use OAuth (the MCP authorization spec),
// remote servers with a static header get a `kind: binding` issue, and upstream tokens handed to a remote MCP
// server are token passthrough.
import path from 'node:path';
import type { Binding } from '../model/report.js';
import type { FileContext } from '../model/records.js';
import { emptyExtractResult, type ExtractResult, type ReaderHelpers } from './index.js';
import {
  entriesOf,
  get,
  getPath,
  isMapNode,
  isSeqNode,
  itemsOf,
  parseJsonDocs,
  parseTomlDoc,
  parseYamlDocs,
  str,
  text,
  truthy,
  type PEntry,
  type PNode,
} from './tree.js';
import { bindArgs, bindUrl, isCredentialHeader, type ArgsBinding } from './args.js';
import { bindValue, isCredentialKey, makeBinding, type BindContext } from './values.js';

export type McpFormat = 'json' | 'yaml' | 'toml';

export interface McpClient {
  /** Short client name used in `via` ("mcp:cursor"). */
  client: string;
  format: McpFormat;
}

/** Which MCP client (if any) a file belongs to, from its path alone. */
export function mcpClientFor(file: string): McpClient | null {
  const lower = file.toLowerCase();
  const base = path.posix.basename(lower);
  const dir = path.posix.dirname(lower);
  const parent = path.posix.basename(dir);
  if (base === '.mcp.json') return { client: 'claude-code', format: 'json' };
  if (base === '.claude.json') return { client: 'claude-code', format: 'json' };
  if (base === 'claude_desktop_config.json') return { client: 'claude-desktop', format: 'json' };
  if (base === 'mcp.json' && parent === '.cursor') return { client: 'cursor', format: 'json' };
  if (base === 'mcp.json' && parent === '.vscode') return { client: 'vscode', format: 'json' };
  if (base === 'settings.json' && parent === '.vscode') return { client: 'vscode', format: 'json' };
  if (base === 'mcp.json' && parent === '.roo') return { client: 'roo', format: 'json' };
  if (base === 'mcp.json' && parent === '.amazonq') return { client: 'amazon-q', format: 'json' };
  if (base === 'mcp_config.json') return { client: 'windsurf', format: 'json' };
  if (base === 'cline_mcp_settings.json') return { client: 'cline', format: 'json' };
  if (base === 'mcp_settings.json') return { client: 'roo', format: 'json' };
  if (base === 'settings.json' && parent === '.gemini') return { client: 'gemini', format: 'json' };
  if (base === 'settings.json' && (parent === '.zed' || parent === 'zed')) return { client: 'zed', format: 'json' };
  if (base === 'config.toml' && (parent === '.codex' || parent === 'codex')) return { client: 'codex', format: 'toml' };
  if (parent === 'mcpservers' && path.posix.basename(path.posix.dirname(dir)) === '.continue') {
    if (/\.ya?ml$/.test(base)) return { client: 'continue', format: 'yaml' };
    if (base.endsWith('.json')) return { client: 'continue', format: 'json' };
  }
  if (parent === '.continue' && /^config\.(?:ya?ml)$/.test(base)) return { client: 'continue', format: 'yaml' };
  if (parent === '.continue' && base === 'config.json') return { client: 'continue', format: 'json' };
  if ((parent === 'goose' || parent === '.goose') && /^config\.ya?ml$/.test(base)) return { client: 'goose', format: 'yaml' };
  if (base === 'opencode.json' || base === 'opencode.jsonc') return { client: 'opencode', format: 'json' };
  if (base === 'mcp.json' || base.endsWith('.mcp.json') || base === 'mcp_servers.json') return { client: 'generic', format: 'json' };
  return null;
}

/** Generic YAML (a `config.yaml` that may be Continue's or Goose's): decided by a glance at the content. */
export function mcpClientForYamlContent(file: string, textHead: string): McpClient | null {
  const base = path.posix.basename(file.toLowerCase());
  if (!/^config\.ya?ml$/.test(base)) return null;
  if (/^extensions\s*:/m.test(textHead)) return { client: 'goose', format: 'yaml' };
  if (/^mcpServers\s*:/m.test(textHead)) return { client: 'continue', format: 'yaml' };
  return null;
}

interface ServerSpec {
  name: string;
  node: PNode;
  agent?: string | null;
}

/** The servers a client config declares, in its own shape. */
function serversOf(client: string, doc: PNode): ServerSpec[] {
  const fromMap = (m: PNode | undefined): ServerSpec[] => entriesOf(m).map((e: PEntry) => ({ name: e.key, node: e.value }));
  switch (client) {
    case 'vscode':
      return [...fromMap(get(doc, 'servers')), ...fromMap(getPath(doc, 'mcp', 'servers'))];
    case 'zed':
      return fromMap(get(doc, 'context_servers'));
    case 'codex':
      return fromMap(get(doc, 'mcp_servers'));
    case 'goose':
      return fromMap(get(doc, 'extensions'));
    case 'opencode':
      return fromMap(get(doc, 'mcp'));
    case 'continue': {
      const list = get(doc, 'mcpServers');
      if (isSeqNode(list)) {
        return list.items.map((item, i) => ({ name: str(get(item, 'name')) ?? `server-${i + 1}`, node: item }));
      }
      return fromMap(list);
    }
    case 'claude-code': {
      const servers = fromMap(get(doc, 'mcpServers'));
      for (const project of entriesOf(get(doc, 'projects'))) {
        for (const s of fromMap(get(project.value, 'mcpServers'))) servers.push({ ...s, agent: project.key });
      }
      return servers;
    }
    default:
      return [...fromMap(get(doc, 'mcpServers')), ...fromMap(get(doc, 'servers'))];
  }
}

/** Inputs declared with `password: true` (VS Code `inputs`), by id. */
function passwordInputs(doc: PNode): Map<string, boolean> {
  const inputs = new Map<string, boolean>();
  for (const list of [get(doc, 'inputs'), getPath(doc, 'mcp', 'inputs')]) {
    for (const item of itemsOf(list)) {
      const id = str(get(item, 'id'));
      if (id) inputs.set(id, truthy(get(item, 'password')));
    }
  }
  return inputs;
}

// Tokens of these providers sent to a remote MCP server are meant for the provider's API, not for the
// MCP server: the server forwards them (token passthrough).
const UPSTREAM_PROVIDERS = /^(?:github|gh|gitlab|glpat|slack|atlassian|jira|confluence|notion|linear|google|gcp|aws|azure|stripe|openai|anthropic|hf|huggingface|sentry|figma|asana|hubspot|salesforce|shopify|twilio|sendgrid|cloudflare|vercel|supabase|datadog|pagerduty|zendesk|airtable|discord|telegram|dropbox|box)(?:[_-]|$)/i;
const PASSTHROUGH_HEADER = /forward|upstream|pass-?through|on-?behalf|^x-(?:github|gitlab|slack|atlassian|jira|notion|linear|google|aws|azure|stripe|openai|anthropic)-/i;
const PROXY_PACKAGES = /(?:^|[/@])(?:mcp-remote|supergateway|mcp-proxy|@modelcontextprotocol\/inspector)(?:@|$)/;

function isUpstreamToken(binding: Binding, header: string | undefined): boolean {
  if (header && PASSTHROUGH_HEADER.test(header)) return true;
  if (binding.credentialRef && UPSTREAM_PROVIDERS.test(binding.credentialRef)) return true;
  const provider = binding.attributes?.provider;
  return typeof provider === 'string' && UPSTREAM_PROVIDERS.test(provider);
}

export function readMcp(ctx: FileContext, helpers: ReaderHelpers, client: McpClient): ExtractResult {
  const out = emptyExtractResult();
  const parsed = client.format === 'json' ? parseJsonDocs(ctx) : client.format === 'yaml' ? parseYamlDocs(ctx) : parseTomlDoc(ctx);
  out.warnings.push(...parsed.warnings);
  const via = `mcp:${client.client}`;
  for (const doc of parsed.docs) {
    const inputs = passwordInputs(doc);
    const flavor = client.client === 'continue' ? { ciSecrets: 'secret-manager' as const } : {};
    const b: BindContext = { ctx, helpers, out, via, flavor };
    for (const server of serversOf(client.client, doc)) {
      if (!isMapNode(server.node)) continue;
      readServer(b, client.client, server, inputs);
    }
    if (client.client === 'continue') readContinueModels(b, doc);
  }
  return out;
}

function readServer(b: BindContext, client: string, server: ServerSpec, inputs: Map<string, boolean>): void {
  const node = server.node;
  const tool = server.name;
  const base = { tool, agent: server.agent ?? null };
  let command = get(node, 'command') ?? get(node, 'cmd');
  let args = get(node, 'args');
  let env = get(node, 'env') ?? get(node, 'envs') ?? get(node, 'environment');
  // Zed: "command": { "path", "args", "env" }; opencode: "command": ["npx", "pkg", …].
  if (isMapNode(command)) {
    args = get(command, 'args') ?? args;
    env = get(command, 'env') ?? env;
    command = get(command, 'path');
  } else if (isSeqNode(command)) {
    args = command;
    command = command.items[0];
  }
  const url = get(node, 'url') ?? get(node, 'serverUrl') ?? get(node, 'httpUrl') ?? get(node, 'uri');
  const declaredType = (text(get(node, 'type')) ?? text(get(node, 'transport')) ?? '').toLowerCase();
  const argItems = itemsOf(args);
  const proxyUrl = argItems.some((a) => PROXY_PACKAGES.test(String(text(a) ?? '')))
    ? argItems.find((a) => /^https?:\/\//.test(text(a) ?? ''))
    : undefined;
  const remoteUrlNode = url ?? proxyUrl;
  const remote = remoteUrlNode !== undefined && (url !== undefined ? !command || declaredType.includes('http') || declaredType.includes('sse') || declaredType === 'remote' : true);
  const transport = remote ? (declaredType.includes('sse') ? 'sse' : 'http') : 'stdio';
  const attrs = {
    transport,
    ...(remote && text(remoteUrlNode) ? { host: hostOf(text(remoteUrlNode)!) } : {}),
    // Gemini `trust: true` skips tool-call confirmation: the server uses its credential unattended.
    ...(truthy(get(node, 'trust')) ? { trust: true } : {}),
  };

  const credentialBindings: ArgsBinding[] = [];
  const inputAttrs = (binding: Binding | null) => {
    if (binding?.source === 'input' && binding.credentialRef && binding.attributes) {
      binding.attributes.password = inputs.get(binding.credentialRef) ?? false;
    }
  };

  // env (stdio servers: the process environment of the server)
  for (const e of entriesOf(env)) {
    const v = text(e.value);
    if (v === undefined) continue;
    const binding = bindValue(b, { ...base, offset: e.value.offset, key: e.key, attrs: { ...attrs, in: 'env' } }, v);
    inputAttrs(binding);
  }
  // Codex: env_vars forwards named variables from the client's environment.
  for (const item of itemsOf(get(node, 'env_vars'))) {
    const name = str(item);
    if (name && isCredentialKey(name)) b.out.bindings.push(makeBinding(b, { ...base, offset: item.offset }, 'env', name, { ...attrs, in: 'env' }));
  }
  // Goose: env_keys are names resolved from goose's secret store or the environment.
  for (const item of itemsOf(get(node, 'env_keys'))) {
    const name = str(item);
    if (name) b.out.bindings.push(makeBinding(b, { ...base, offset: item.offset }, 'env', name, { ...attrs, in: 'env', store: 'goose-secrets' }));
  }
  // VS Code envFile: the server's environment comes from a file on disk.
  const envFile = get(node, 'envFile');
  if (str(envFile)) b.out.bindings.push(makeBinding(b, { ...base, offset: envFile!.offset }, 'file', str(envFile)!, { ...attrs, in: 'envFile' }));

  // Headers (remote servers): static values here are bearer tokens sent on every request.
  const headerMaps = [get(node, 'headers'), get(node, 'http_headers'), getPath(node, 'requestOptions', 'headers')];
  for (const headers of headerMaps) {
    for (const h of entriesOf(headers)) {
      const v = text(h.value);
      if (v === undefined || !isCredentialHeader(h.key)) continue;
      const binding = bindValue(b, { ...base, offset: h.value.offset, key: h.key, requireCredentialName: false, attrs: { ...attrs, header: h.key } }, v);
      inputAttrs(binding);
      if (binding) credentialBindings.push({ binding, header: h.key });
    }
  }
  // Codex: env_http_headers = { "Header" = "ENV_VAR" }, bearer_token_env_var = "ENV_VAR".
  for (const h of entriesOf(get(node, 'env_http_headers'))) {
    const name = str(h.value);
    if (!name) continue;
    const binding = makeBinding(b, { ...base, offset: h.value.offset }, 'env', name, { ...attrs, header: h.key });
    b.out.bindings.push(binding);
    credentialBindings.push({ binding, header: h.key });
  }
  const bearerVar = get(node, 'bearer_token_env_var');
  if (str(bearerVar)) {
    const binding = makeBinding(b, { ...base, offset: bearerVar!.offset }, 'env', str(bearerVar)!, { ...attrs, header: 'Authorization' });
    b.out.bindings.push(binding);
    credentialBindings.push({ binding, header: 'Authorization' });
  }
  // URL userinfo and query tokens.
  if (text(url)) credentialBindings.push(...bindUrl(b, { ...base, offset: url!.offset, attrs }, text(url)!));
  // Arguments: flags, headers passed to proxies, connection strings.
  const argBindings = bindArgs(b, { ...base, attrs }, argItems);
  for (const a of argBindings) inputAttrs(a.binding);
  if (proxyUrl) credentialBindings.push(...argBindings);

  if (!remote) return;
  // Gemini: explicit OAuth / Google credentials providers.
  const oauth = get(node, 'oauth');
  const authProvider = text(get(node, 'authProviderType'));
  const oauthConfigured = (isMapNode(oauth) && get(oauth, 'enabled') !== undefined ? truthy(get(oauth, 'enabled')) : isMapNode(oauth)) || !!authProvider;
  if (!credentialBindings.length) {
    const binding = makeBinding(b, { ...base, offset: (remoteUrlNode ?? node).offset }, 'oauth', null, {
      ...attrs,
      oauth: oauthConfigured ? (authProvider ?? 'configured') : 'implied',
    });
    b.out.bindings.push(binding);
    b.out.evidence.push({
      control: 'context-binding',
      kind: 'for',
      file: b.ctx.file,
      line: binding.line,
      detail: `remote MCP server "${tool}" has no static credential: OAuth 2.1 with audience-bound tokens (MCP authorization)`,
      pattern: 'mcp-remote-oauth',
    });
    return;
  }
  for (const { binding, header } of credentialBindings) {
    if (binding.source === 'input' || binding.source === 'oauth') continue;
    const passthrough = isUpstreamToken(binding, header);
    binding.attributes = { ...(binding.attributes ?? {}), ...(passthrough ? { passthrough: true } : {}) };
    const where = header ? `header ${header}` : String(binding.attributes.in ?? 'URL');
    b.out.issues.push({
      ruleId: passthrough ? 'mcp-token-passthrough' : header ? 'mcp-static-header' : 'mcp-url-credential',
      kind: 'binding',
      file: b.ctx.file,
      line: binding.line,
      column: binding.column ?? 1,
      message: passthrough
        ? `remote MCP server "${tool}" receives an upstream token (${binding.credentialRef ?? 'literal'}) in ${where}: token passthrough`
        : `remote MCP server "${tool}" gets a static credential (${binding.credentialRef ?? 'literal'}) in ${where} on every request`,
      tags: passthrough ? ['passthrough', 'mcp-static-header'] : header ? ['mcp-static-header'] : ['mcp-url-credential'],
      severityHint: binding.source === 'literal' ? 'high' : 'medium',
      binding,
    });
    b.out.evidence.push({
      control: 'context-binding',
      kind: 'against',
      file: b.ctx.file,
      line: binding.line,
      detail: `remote MCP server "${tool}" authenticates with a static credential, not an audience-bound token`,
      pattern: passthrough ? 'mcp-token-passthrough' : header ? 'mcp-static-header' : 'mcp-url-credential',
    });
  }
}

/** Continue `models: [{ name, provider, apiKey }]`: the model provider key the assistant holds. */
function readContinueModels(b: BindContext, doc: PNode): void {
  for (const model of itemsOf(get(doc, 'models'))) {
    const key = get(model, 'apiKey');
    const v = text(key);
    if (v === undefined) continue;
    const tool = `model:${str(get(model, 'name')) ?? str(get(model, 'provider')) ?? 'model'}`;
    bindValue(b, { tool, offset: key!.offset, key: 'apiKey', requireCredentialName: false }, v);
  }
}

function hostOf(url: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^/@\s]*@)?([^/:?#\s]+)/i.exec(url);
  return m ? m[1]! : '';
}

