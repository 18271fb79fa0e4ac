// Agent and workflow configs: AutoGen OAI_CONFIG_LIST, LangGraph langgraph.json, CrewAI YAML, n8n workflow JSON.
import path from 'node:path';
import type { FileContext } from '../model/records.js';
import { emptyExtractResult, type ExtractResult, type ReaderHelpers } from './index.js';
import { entriesOf, get, isMapNode, isSeqNode, itemsOf, parseJsonDocs, parseYamlDocs, str, text, type PNode } from './tree.js';
import { bindValue, isCredentialKey, makeBinding, type BindContext } from './values.js';
import { bindUrl } from './args.js';

export type AgentConfigKind = 'autogen' | 'langgraph' | 'crewai' | 'n8n' | 'claude-settings';

const CREW_MARKERS = [/^\s+role\s*:/m, /^\s+goal\s*:/m, /^\s+backstory\s*:/m];

/** Name-only when `head` is undefined; with `head`, also the content glance for generic YAML / JSON. */
export function agentConfigKind(file: string, head?: string): AgentConfigKind | null {
  const base = path.posix.basename(file);
  if (/^OAI_CONFIG_LIST(?:[._-][\w.-]*)?$/i.test(base)) return 'autogen';
  if (base === 'langgraph.json') return 'langgraph';
  if (/(?:^|\/)\.claude\/settings(?:\.local)?\.json$/.test(file)) return 'claude-settings';
  if (head === undefined) return null;
  const ext = path.posix.extname(base).toLowerCase();
  if (ext === '.json') {
    if (/"nodes"\s*:/.test(head) && /"connections"\s*:/.test(head) && /"type"\s*:\s*"(?:n8n-nodes-|@n8n\/)/.test(head)) return 'n8n';
    return null;
  }
  if (ext === '.yaml' || ext === '.yml') {
    const markers = CREW_MARKERS.filter((re) => re.test(head)).length;
    if (markers >= 2) return 'crewai';
  }
  return null;
}

export function readAgentConfig(ctx: FileContext, helpers: ReaderHelpers, kind: AgentConfigKind): ExtractResult {
  const out = emptyExtractResult();
  const parsed = kind === 'crewai' ? parseYamlDocs(ctx) : parseJsonDocs(ctx);
  out.warnings.push(...parsed.warnings);
  const b: BindContext = { ctx, helpers, out, via: `agent:${kind}` };
  for (const doc of parsed.docs) {
    if (kind === 'autogen') readAutogen(b, doc);
    else if (kind === 'langgraph') readLanggraph(b, doc);
    else if (kind === 'crewai') readCrewai(b, doc);
    else if (kind === 'claude-settings') readClaudeSettings(b, doc);
    else readN8n(b, doc);
  }
  return out;
}

/** OAI_CONFIG_LIST: [{ "model", "api_key", "base_url", "api_type" }] — one model endpoint per entry. */
function readAutogen(b: BindContext, doc: PNode): void {
  for (const entry of itemsOf(doc)) {
    const tool = `model:${str(get(entry, 'model')) ?? 'unknown'}`;
    for (const e of entriesOf(entry)) {
      const v = text(e.value);
      if (v === undefined) continue;
      if (isCredentialKey(e.key)) bindValue(b, { tool, offset: e.value.offset, key: e.key }, v);
      else if (/:\/\//.test(v)) bindUrl(b, { tool, offset: e.value.offset, key: e.key }, v);
    }
  }
}

/** langgraph.json: `env` is a path to an env file or an inline map; graphs are the agents. */
function readLanggraph(b: BindContext, doc: PNode): void {
  const graphs = entriesOf(get(doc, 'graphs')).map((g) => g.key);
  const tool = 'langgraph';
  const agent = graphs.length === 1 ? graphs[0]! : null;
  const env = get(doc, 'env');
  if (str(env)) {
    b.out.bindings.push(makeBinding(b, { tool, agent, offset: env!.offset }, 'file', str(env)!, { in: 'env', ...(graphs.length ? { graphs: graphs.join(',') } : {}) }));
    return;
  }
  for (const e of entriesOf(env)) {
    const v = text(e.value);
    if (v !== undefined) bindValue(b, { tool, agent, offset: e.value.offset, key: e.key }, v);
  }
}

/**
 * Claude Code `.claude/settings(.local).json`: `env` is set for every session (the agent holds it);
 * `apiKeyHelper` is a command that produces the key, re-run on a refresh interval.
 */
function readClaudeSettings(b: BindContext, doc: PNode): void {
  const tool = 'claude-code';
  for (const e of entriesOf(get(doc, 'env'))) {
    const v = text(e.value);
    if (v !== undefined) bindValue(b, { tool, offset: e.value.offset, key: e.key }, v);
  }
  const helper = get(doc, 'apiKeyHelper');
  if (str(helper)) b.out.bindings.push(makeBinding(b, { tool, offset: helper!.offset }, 'minted', str(helper)!, { key: 'apiKeyHelper' }));
}

/** CrewAI agents.yaml / crew YAML: credential-named keys at any depth under each agent (llm, tools, embedder). */
function readCrewai(b: BindContext, doc: PNode): void {
  for (const agent of entriesOf(doc)) {
    if (!isMapNode(agent.value)) continue;
    walk(agent.value, (key, node, owner) => {
      const v = text(node);
      if (v !== undefined && isCredentialKey(key)) bindValue(b, { tool: owner ?? agent.key, agent: agent.key, offset: node.offset, key }, v);
    });
  }
}

function walk(node: PNode, visit: (key: string, value: PNode, owner: string | null) => void, owner: string | null = null, depth = 0): void {
  if (depth > 20) return;
  for (const e of entriesOf(node)) {
    if (e.value.kind === 'scalar') visit(e.key, e.value, owner);
    else walk(e.value, visit, e.key === 'config' || e.key === 'params' ? owner : e.key, depth + 1);
  }
  if (isSeqNode(node)) for (const item of node.items) walk(item, visit, owner, depth + 1);
}

/**
 * n8n workflow JSON: each node's `credentials` block names credentials held in n8n's encrypted store (a binding
 * with no value); parameters may also carry literal headers / keys or `$env` expressions.
 */
function readN8n(b: BindContext, doc: PNode): void {
  const workflow = str(get(doc, 'name')) ?? null;
  for (const node of itemsOf(get(doc, 'nodes'))) {
    const tool = str(get(node, 'name')) ?? str(get(node, 'type')) ?? 'node';
    for (const cred of entriesOf(get(node, 'credentials'))) {
      const name = str(get(cred.value, 'name')) ?? str(get(cred.value, 'id')) ?? str(cred.value) ?? '';
      b.out.bindings.push(makeBinding(b, { tool, agent: workflow, offset: cred.value.offset }, 'secret-manager', `n8n:${cred.key}${name ? `/${name}` : ''}`, { store: 'n8n-credentials', credentialType: cred.key }));
    }
    const params = get(node, 'parameters');
    if (!params) continue;
    walkN8nParams(b, params, tool, workflow, 0);
  }
}

function walkN8nParams(b: BindContext, node: PNode, tool: string, agent: string | null, depth: number): void {
  if (depth > 20) return;
  // { "name": "Authorization", "value": "Bearer …" } pairs (HTTP Request headers / query parameters)
  const pairName = str(get(node, 'name'));
  const pairValue = get(node, 'value');
  if (pairName && text(pairValue) !== undefined && isCredentialKey(pairName)) {
    bindValue(b, { tool, agent, offset: pairValue!.offset, key: pairName, attrs: { header: pairName } }, cleanExpression(text(pairValue)!));
    return;
  }
  for (const e of entriesOf(node)) {
    const v = text(e.value);
    if (v !== undefined) {
      if (isCredentialKey(e.key)) bindValue(b, { tool, agent, offset: e.value.offset, key: e.key }, cleanExpression(v));
    } else walkN8nParams(b, e.value, tool, agent, depth + 1);
  }
  for (const item of itemsOf(node)) walkN8nParams(b, item, tool, agent, depth + 1);
}

/** n8n expressions start with '=' ("={{ $env.API_KEY }}"). */
function cleanExpression(v: string): string {
  return v.startsWith('=') ? v.slice(1) : v;
}
