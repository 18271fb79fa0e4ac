// The binding model shared by the TypeScript and Python analysers and the cross-file linker:
// a tool reaches credentials (CredEntry); each entry becomes a Binding, and a process-scoped static one
// also becomes a kind: binding Issue.
import type { Binding, BindingScope, BindingSource } from '../model/report.js';
import type { Evidence, Issue } from '../model/records.js';

/** One place a credential enters the program, as seen from a tool. */
export interface CredEntry {
  source: BindingSource;
  /** Env var name, issuer call, secret path, file path; null for a bare literal. */
  ref: string | null;
  file: string;
  line: number;
  column: number;
  scope: BindingScope;
  attributes?: Record<string, string | number | boolean>;
}

/** A value imported from another file of the project, resolved by linkCodeFacts. */
export interface ImportRef {
  /** Module specifier as written (only relative ones are followed). */
  module: string;
  /** Exported name ("default" for default imports). */
  name: string;
  line: number;
  column: number;
  /** Obtained once (module scope) rather than per call: an issuer behind it is process-scoped. */
  once: boolean;
}

export interface Found {
  creds: CredEntry[];
  imports: ImportRef[];
}

export const emptyFound = (): Found => ({ creds: [], imports: [] });

export function mergeFound(into: Found, more: Found): Found {
  for (const c of more.creds) {
    if (!into.creds.some((x) => sameEntry(x, c))) into.creds.push(c);
  }
  for (const r of more.imports) {
    if (!into.imports.some((x) => x.module === r.module && x.name === r.name && x.line === r.line)) into.imports.push(r);
  }
  return into;
}

export function sameEntry(a: CredEntry, b: CredEntry): boolean {
  return a.file === b.file && a.line === b.line && a.column === b.column && a.source === b.source && a.ref === b.ref;
}

/** A tool (or MCP server / client connection) found in a file. */
export interface ToolInfo {
  tool: string;
  /** The agent the tool is given to, when the same file shows it (`new Agent({ name, tools: [...] })`). */
  agent?: string;
  via: string;
  file: string;
  line: number;
}

/** What one exported name holds, for other files that import it. */
export interface ExportFacts {
  creds: CredEntry[];
  imports: ImportRef[];
  /** API client name when the export is a client (e.g. "github"). */
  client?: string;
}

/** A tool whose credential comes from an import, to be resolved across files. */
export interface PendingUse extends ToolInfo {
  ref: ImportRef;
}

/** JSON-serialisable facts one file exports for cross-file linking (CodeFacts.data). */
export interface FileCodeFacts {
  version: 1;
  exports: Record<string, ExportFacts>;
  /** `export { x } from './y'` and `export * from './y'` (name "*"). */
  reexports: { name: string; module: string; imported: string }[];
  uses: PendingUse[];
}

const STATIC_SOURCES: ReadonlySet<BindingSource> = new Set(['literal', 'env', 'secret-manager', 'file']);

/**
 * Names come from scanned code (string literals, identifiers, call text): strip control and bidi characters
 * so a hostile repository cannot inject terminal escapes or reorder text in reports, and bound the length.
 */
export function cleanName(s: string, max = 120): string {
  // eslint-disable-next-line no-control-regex
  const t = s.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

export function toBinding(tool: ToolInfo, c: CredEntry): Binding {
  const b: Binding = {
    file: c.file,
    line: c.line,
    column: c.column,
    tool: cleanName(tool.tool) || 'tool',
    agent: tool.agent ? cleanName(tool.agent) : null,
    source: c.source,
    scope: c.scope,
    credentialRef: c.ref === null ? null : cleanName(c.ref),
    via: tool.via,
  };
  const attributes: Record<string, string | number | boolean> = { ...(c.attributes ?? {}) };
  if (tool.file !== c.file || tool.line !== c.line) {
    attributes.toolFile = tool.file;
    attributes.toolLine = tool.line;
  }
  if (Object.keys(attributes).length) b.attributes = attributes;
  return b;
}

function describe(c: CredEntry): string {
  switch (c.source) {
    case 'env':
      return `the environment variable ${c.ref}`;
    case 'literal':
      return 'a credential written in the code';
    case 'secret-manager':
      return `a stored secret (${c.ref})`;
    case 'file':
      return `a credential read from ${c.ref ?? 'a file'}`;
    case 'minted':
    case 'oauth':
      return `a token from ${c.ref} obtained once`;
    default:
      return c.ref ?? c.source;
  }
}

/** `via` of bindings for API clients that no tool reaches (the agent's own clients). */
export const AGENT_CLIENT_VIA = 'code:client';

/** One credential entry as seen from one tool, before bindings are merged. */
export interface BindingPair {
  tool: ToolInfo;
  entry: CredEntry;
}

/** Where a credential entry is: the same env read reached by two paths is one entry. */
export const entryKey = (c: CredEntry): string => `${c.file}:${c.line}:${c.column}:${c.source}:${c.ref ?? ''}`;

/**
 * One binding per tool and credential: the same tool reaching the same credential (source and reference; a
 * literal only at the same place) from several sites is one binding, its first site the location and the others
 * listed as `occurrences`. Issues and evidence follow the merged bindings.
 */
export function mergePairs(pairs: BindingPair[]): { bindings: Binding[]; issues: Issue[]; evidence: Evidence[] } {
  const groups = new Map<string, BindingPair[]>();
  const seen = new Set<string>();
  for (const p of pairs) {
    const exact = `${p.tool.tool}\0${p.tool.via}\0${entryKey(p.entry)}`;
    if (seen.has(exact)) continue;
    seen.add(exact);
    const cred = p.entry.ref === null ? `@${p.entry.file}:${p.entry.line}:${p.entry.column}` : p.entry.ref;
    const key = [cleanName(p.tool.tool), p.tool.agent ?? '', p.tool.via, p.entry.source, p.entry.scope, cred].join('\0');
    const list = groups.get(key);
    if (list) list.push(p);
    else groups.set(key, [p]);
  }
  const out = { bindings: [] as Binding[], issues: [] as Issue[], evidence: [] as Evidence[] };
  for (const list of groups.values()) {
    list.sort((a, b) => (a.entry.file === b.entry.file ? a.entry.line - b.entry.line || a.entry.column - b.entry.column : a.entry.file < b.entry.file ? -1 : 1));
    const first = list[0]!;
    const b = toBinding(first.tool, first.entry);
    if (list.length > 1) b.occurrences = list.slice(1).map((p) => ({ file: p.entry.file, line: p.entry.line, column: p.entry.column }));
    out.bindings.push(b);
    // An API client no tool reaches is the agent's own binding: reported, not a tool finding.
    if (first.tool.via === AGENT_CLIENT_VIA) continue;
    const issue = toIssue(first.tool, first.entry, b);
    if (issue) out.issues.push(issue);
    out.evidence.push(...bindingEvidence(first.tool, first.entry));
  }
  return out;
}

/** The kind: binding issue for a process-scoped binding, or null when the binding is safe (task scope, input). */
export function toIssue(rawTool: ToolInfo, rawEntry: CredEntry, binding: Binding): Issue | null {
  if (rawEntry.scope !== 'process') return null;
  const tool = { ...rawTool, tool: binding.tool };
  const c = { ...rawEntry, ref: binding.credentialRef };
  const isStatic = STATIC_SOURCES.has(c.source);
  if (!isStatic && c.source !== 'minted' && c.source !== 'oauth') return null;
  const client = c.attributes?.client ? ` through the ${String(c.attributes.client)} client` : '';
  return {
    ruleId: isStatic ? 'code-process-scoped-credential' : 'code-token-minted-once',
    kind: 'binding',
    file: c.file,
    line: c.line,
    column: c.column,
    message: isStatic
      ? `Tool "${tool.tool}" holds ${describe(c)}${client} for the life of the process; every task can use it after its own ends.`
      : `Tool "${tool.tool}" uses ${describe(c)}${client}, shared by every call until it expires.`,
    tags: isStatic ? ['process-scope', 'static-credential', 'agent-tool'] : ['process-scope', 'shared-token', 'agent-tool'],
    severityHint: c.source === 'literal' ? 'high' : isStatic ? 'medium' : 'low',
    binding,
  };
}

/** Scorecard evidence implied by one tool binding. */
export function bindingEvidence(rawTool: ToolInfo, c: CredEntry): Evidence[] {
  const tool = { ...rawTool, tool: cleanName(rawTool.tool) };
  const at = { file: c.file, line: c.line };
  const what = c.ref ? `${c.source} ${cleanName(c.ref)}` : c.source;
  if (c.scope === 'task' && (c.source === 'minted' || c.source === 'oauth')) {
    return [
      { control: 'per-task-issuance', kind: 'for', ...at, detail: `tool ${tool.tool} obtains its credential per call (${what})`, pattern: 'code:issuer-in-tool' },
      { control: 'identity-separation', kind: 'for', ...at, detail: `tool ${tool.tool} gets a brokered token instead of holding a secret`, pattern: 'code:issuer-in-tool' },
    ];
  }
  if (c.scope === 'process' && STATIC_SOURCES.has(c.source)) {
    return [
      { control: 'per-task-issuance', kind: 'against', ...at, detail: `tool ${tool.tool} holds a process-scoped ${what}`, pattern: 'code:process-scoped-credential' },
      { control: 'identity-separation', kind: 'against', ...at, detail: `the agent process holds the raw secret for tool ${tool.tool} (${what})`, pattern: 'code:process-scoped-credential' },
    ];
  }
  return [];
}
