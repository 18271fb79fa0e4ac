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

/** A config file's path, lower-cased: its base name, folder name and the folder above. */
interface McpPath {
  base: string;
  parent: string;
  grandparent: string;
}

/**
 * One row per MCP client: which config files are its own (from the path alone, with their format) and where
 * they list servers (key paths of name → server maps; default `mcpServers` and `servers`), or a function for
 * another shape. First match wins, so the generic row comes last. Adding a client is one row here plus a
 * fixture under test/fixtures/extract/mcp/<client>/ (test/extract/mcp-clients.test.ts checks both).
 */
export const MCP_CLIENTS: readonly McpClientRow[] = [
  { client: 'claude-code', files: (p) => (p.base === '.mcp.json' || p.base === '.claude.json' ? 'json' : null), servers: claudeCodeServers },
  { client: 'claude-desktop', files: (p) => (p.base === 'claude_desktop_config.json' ? 'json' : null) },
  { client: 'cursor', files: (p) => (p.base === 'mcp.json' && p.parent === '.cursor' ? 'json' : null) },
  { client: 'vscode', files: (p) => ((p.base === 'mcp.json' || p.base === 'settings.json') && p.parent === '.vscode' ? 'json' : null), servers: [['servers'], ['mcp', 'servers']] },
  { client: 'roo', files: (p) => ((p.base === 'mcp.json' && p.parent === '.roo') || p.base === 'mcp_settings.json' ? 'json' : null) },
  { client: 'amazon-q', files: (p) => (p.base === 'mcp.json' && p.parent === '.amazonq' ? 'json' : null) },
  { client: 'windsurf', files: (p) => (p.base === 'mcp_config.json' ? 'json' : null) },
  { client: 'cline', files: (p) => (p.base === 'cline_mcp_settings.json' ? 'json' : null) },
  { client: 'gemini', files: (p) => (p.base === 'settings.json' && p.parent === '.gemini' ? 'json' : null) },
  { client: 'zed', files: (p) => (p.base === 'settings.json' && (p.parent === '.zed' || p.parent === 'zed') ? 'json' : null), servers: [['context_servers']] },
  { client: 'codex', files: (p) => (p.base === 'config.toml' && (p.parent === '.codex' || p.parent === 'codex') ? 'toml' : null), servers: [['mcp_servers']] },
  { client: 'continue', files: continueFiles, servers: continueServers },
  { client: 'goose', files: (p) => ((p.parent === 'goose' || p.parent === '.goose') && /^config\.ya?ml$/.test(p.base) ? 'yaml' : null), servers: [['extensions']] },
  { client: 'opencode', files: (p) => (p.base === 'opencode.json' || p.base === 'opencode.jsonc' ? 'json' : null), servers: [['mcp']] },
  { client: 'generic', files: (p) => (p.base === 'mcp.json' || p.base.endsWith('.mcp.json') || p.base === 'mcp_servers.json' ? 'json' : null) },
];

interface McpClientRow {
  /** Short client name used in `via` ("mcp:cursor"). */
  client: string;
  files: (p: McpPath) => McpFormat | null;
  servers?: readonly (readonly string[])[] | ((doc: PNode) => ServerSpec[]);
}

const DEFAULT_SERVER_KEYS = [['mcpServers'], ['servers']] as const;

/** Which MCP client (if any) a file belongs to, from its path alone. */
export function mcpClientFor(file: string): McpClient | null {
  const lower = file.toLowerCase();
  const dir = path.posix.dirname(lower);
  const p: McpPath = { base: path.posix.basename(lower), parent: path.posix.basename(dir), grandparent: path.posix.basename(path.posix.dirname(dir)) };
  for (const row of MCP_CLIENTS) {
    const format = row.files(p);
    if (format) return { client: row.client, format };
  }
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

const serverMap = (m: PNode | undefined): ServerSpec[] => entriesOf(m).map((e: PEntry) => ({ name: e.key, node: e.value }));

/** The servers a client config declares, in its own shape (its row in MCP_CLIENTS). */
function serversOf(client: string, doc: PNode): ServerSpec[] {
  const shape = MCP_CLIENTS.find((r) => r.client === client)?.servers ?? DEFAULT_SERVER_KEYS;
  if (typeof shape === 'function') return shape(doc);
  return shape.flatMap((keys) => serverMap(getPath(doc, ...keys)));
}

/** Continue: ~/.continue/mcpServers/*.yaml|json blocks, or .continue/config.yaml|json. */
function continueFiles(p: McpPath): McpFormat | null {
  if (p.parent === 'mcpservers' && p.grandparent === '.continue') return /\.ya?ml$/.test(p.base) ? 'yaml' : p.base.endsWith('.json') ? 'json' : null;
  if (p.parent === '.continue') return /^config\.ya?ml$/.test(p.base) ? 'yaml' : p.base === 'config.json' ? 'json' : null;
  return null;
}

/** Continue lists servers as a sequence of named blocks (or, in older configs, a map). */
function continueServers(doc: PNode): ServerSpec[] {
  const list = get(doc, 'mcpServers');
  if (isSeqNode(list)) return list.items.map((item, i) => ({ name: str(get(item, 'name')) ?? `server-${i + 1}`, node: item }));
  return serverMap(list);
}

/** Claude Code: top-level servers plus each project's own, which name the project as the agent. */
function claudeCodeServers(doc: PNode): ServerSpec[] {
  const servers = serverMap(get(doc, 'mcpServers'));
  for (const project of entriesOf(get(doc, 'projects'))) {
    for (const s of serverMap(get(project.value, 'mcpServers'))) servers.push({ ...s, agent: project.key });
  }
  return servers;
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

/** Where a server runs and how it is reached, read from the shapes the clients use. */
interface ServerShape {
  url: PNode | undefined;
  env: PNode | undefined;
  argItems: PNode[];
  /** A URL handed to a local proxy package (mcp-remote …): the server is remote although it has a command. */
  proxyUrl: PNode | undefined;
  remoteUrlNode: PNode | undefined;
  remote: boolean;
  attrs: Record<string, string | boolean>;
}

function serverShape(node: PNode): ServerShape {
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
  return { url, env, argItems, proxyUrl, remoteUrlNode, remote, attrs };
}

/** The tool, agent and transport attributes every binding of one server carries. */
interface ServerBase {
  tool: string;
  agent: string | null;
  attrs: Record<string, string | boolean>;
  /** Marks a VS Code `${input:…}` binding as a password prompt (or not). */
  inputAttrs: (binding: Binding | null) => void;
}

function readServer(b: BindContext, client: string, server: ServerSpec, inputs: Map<string, boolean>): void {
  const node = server.node;
  const shape = serverShape(node);
  const inputAttrs = (binding: Binding | null) => {
    if (binding?.source === 'input' && binding.credentialRef && binding.attributes) {
      binding.attributes.password = inputs.get(binding.credentialRef) ?? false;
    }
  };
  const sb: ServerBase = { tool: server.name, agent: server.agent ?? null, attrs: shape.attrs, inputAttrs };
  bindServerEnv(b, sb, node, shape.env);
  const credentialBindings = bindServerHeaders(b, sb, node);
  const base = { tool: sb.tool, agent: sb.agent };
  // URL userinfo and query tokens.
  if (text(shape.url)) credentialBindings.push(...bindUrl(b, { ...base, offset: shape.url!.offset, attrs: shape.attrs }, text(shape.url)!));
  // Arguments: flags, headers passed to proxies, connection strings.
  const argBindings = bindArgs(b, { ...base, attrs: shape.attrs }, shape.argItems);
  for (const a of argBindings) inputAttrs(a.binding);
  if (shape.proxyUrl) credentialBindings.push(...argBindings);
  if (shape.remote) judgeRemoteServer(b, sb, node, shape, credentialBindings);
}

/** The server's environment: env maps, Codex env_vars, Goose env_keys, VS Code envFile. */
function bindServerEnv(b: BindContext, sb: ServerBase, node: PNode, env: PNode | undefined): void {
  const base = { tool: sb.tool, agent: sb.agent };
  const attrs = sb.attrs;
  // env (stdio servers: the process environment of the server)
  for (const e of entriesOf(env)) {
    const v = text(e.value);
    if (v === undefined) continue;
    const binding = bindValue(b, { ...base, offset: e.value.offset, key: e.key, attrs: { ...attrs, in: 'env' } }, v);
    sb.inputAttrs(binding);
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
}

/** Headers (remote servers): static values here are bearer tokens sent on every request. Returns the credential ones. */
function bindServerHeaders(b: BindContext, sb: ServerBase, node: PNode): ArgsBinding[] {
  const base = { tool: sb.tool, agent: sb.agent };
  const attrs = sb.attrs;
  const credentialBindings: ArgsBinding[] = [];
  const headerMaps = [get(node, 'headers'), get(node, 'http_headers'), getPath(node, 'requestOptions', 'headers')];
  for (const headers of headerMaps) {
    for (const h of entriesOf(headers)) {
      const v = text(h.value);
      if (v === undefined || !isCredentialHeader(h.key)) continue;
      const binding = bindValue(b, { ...base, offset: h.value.offset, key: h.key, requireCredentialName: false, attrs: { ...attrs, header: h.key } }, v);
      sb.inputAttrs(binding);
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
  return credentialBindings;
}

/**
 * A remote server either has no static credential (OAuth 2.1, implied or configured: evidence for context
 * binding) or gets one on every request (an issue per credential, passthrough when it is an upstream token).
 */
function judgeRemoteServer(b: BindContext, sb: ServerBase, node: PNode, shape: ServerShape, credentialBindings: ArgsBinding[]): void {
  const tool = sb.tool;
  // Gemini: explicit OAuth / Google credentials providers.
  const oauth = get(node, 'oauth');
  const authProvider = text(get(node, 'authProviderType'));
  const oauthConfigured = (isMapNode(oauth) && get(oauth, 'enabled') !== undefined ? truthy(get(oauth, 'enabled')) : isMapNode(oauth)) || !!authProvider;
  if (!credentialBindings.length) {
    const binding = makeBinding(b, { tool, agent: sb.agent, offset: (shape.remoteUrlNode ?? node).offset }, 'oauth', null, {
      ...sb.attrs,
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
    staticCredentialIssue(b, tool, binding, header);
  }
}

function staticCredentialIssue(b: BindContext, tool: string, binding: Binding, header: string | undefined): void {
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

