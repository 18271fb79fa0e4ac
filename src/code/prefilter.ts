// The cheap test that decides whether a file is worth an AST: a linear regex over the text, built once from
// rules/code. A file qualifies when it imports an agent SDK or a known API client module,
// constructs a known client, reads an env var with a credential-like name, re-exports a relative module
// (barrels carry cross-file links), or (Python) passes api_key= / token= style arguments.
import { codePatterns, type CodePatterns } from './patterns.js';
import type { KeywordSpec } from '../detect/prefilter.js';

const TS_EXT = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i;
const PY_EXT = /\.py$/i;

export type CodeLanguage = 'typescript' | 'python';

export function languageOf(file: string): CodeLanguage | null {
  if (/\.d\.[mc]?ts$/i.test(file)) return null;
  if (TS_EXT.test(file)) return 'typescript';
  if (PY_EXT.test(file)) return 'python';
  return null;
}

/** An identifier with a credential-like word in it (API_KEY, GITHUB_TOKEN, DB_PASSWORD, OPENAI_KEY, …). */
const CREDENTIAL_NAME = '[A-Za-z0-9_]*?(?:KEY|TOKEN|SECRET|PASSWORD|PASSWD|PWD|AUTH|CREDENTIAL|PAT\\b)';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The alternatives of the TypeScript candidate regex (see buildTs), and the name sets they are built from. */
function tsCandidateParts(p: CodePatterns) {
  const specs = new Set<string>();
  for (const f of p.sdks) if (f.language === 'typescript') for (const i of f.imports) specs.add(i);
  for (const c of p.clients) for (const m of c.modules) specs.add(m);
  for (const d of p.defaultInstances) specs.add(d.module);
  const alts = [...specs].map((s) => (s.endsWith('/') ? `${escape(s)}[^'"\`]*` : `${escape(s)}(?:/[^'"\`]*)?`));
  const clientNames = new Set<string>();
  for (const c of p.clients) for (const n of c.new) clientNames.add(n);
  const factoryNames = new Set<string>();
  // Factories restricted to modules are already gated by the import of that module.
  for (const c of p.clients) if (!c.modules.length) for (const n of c.call) factoryNames.add(n);
  return {
    specs,
    clientNames,
    factoryNames,
    imports: `(?:from|require\\(|import\\()\\s*['"](?:${alts.join('|')})['"]`,
    // Env reads count only under credential-like names (process.env.NODE_ENV does not make a candidate),
    // or when the whole env object is destructured.
    envRead: `\\b(?:process|Bun|import\\.meta)\\.env(?:\\.|\\[\\s*['"\`])${CREDENTIAL_NAME}`,
    denoRead: `\\bDeno\\.env\\.get\\(\\s*['"\`]${CREDENTIAL_NAME}`,
    envObject: '\\}\\s*=\\s*(?:process|Bun|import\\.meta)\\.env\\b',
    newClient: `\\bnew\\s+(?:${[...clientNames].map(escape).join('|')})\\s*\\(`,
    // Client factories that read their key from env on their own (`createAzure({})`, `tavily({})`).
    factory: `\\b(?:${[...factoryNames].map(escape).join('|')})\\s*\\(`,
  };
}

/** The TypeScript candidate test: one regex, the definition the keyword-anchored test (tsAnchors) must agree with. */
export function buildTs(p: CodePatterns): RegExp {
  const t = tsCandidateParts(p);
  return new RegExp([t.imports, t.envRead, t.denoRead, t.envObject, t.newClient, t.factory].join('|'));
}

/**
 * The same test as keyword anchors for a keyword pass shared with other stages. Every match of an alternative
 * of buildTs starts with one of its literal words (`from`, `require(`, `process.env`, `new`, a factory name,
 * …), so the alternative matches somewhere iff it matches, sticky, at one of their hits; the destructured env
 * object (`} = process.env`) is tested at the hit of its env word, with what precedes it as a lookbehind.
 * Rule index = index in `sticky`. The last rule is the relative re-export (RELATIVE_REEXPORT, at `export`).
 * null when a name list is empty (an empty alternation would match without any word).
 */
export interface TsAnchors {
  keywords: KeywordSpec[];
  sticky: RegExp[];
  /** Rule index of the relative re-export. */
  reexport: number;
}

function buildTsAnchors(p: CodePatterns): TsAnchors | null {
  const t = tsCandidateParts(p);
  if (!t.specs.size || !t.clientNames.size || !t.factoryNames.size) return null;
  const envWords = ['process.env', 'Bun.env', 'import.meta.env'];
  const groups: [string[], string][] = [
    [['from', 'require(', 'import('], t.imports],
    [envWords, `${t.envRead}|(?<=\\}\\s*=\\s*)(?:process|Bun|import\\.meta)\\.env\\b`],
    [['Deno.env.get('], t.denoRead],
    [['new'], t.newClient],
    [[...t.factoryNames], t.factory],
    [['export'], RELATIVE_REEXPORT.source],
  ];
  return {
    keywords: groups.map(([words], rule) => ({ rule, keywords: words, ignoreCase: false })),
    sticky: groups.map(([, source]) => new RegExp(source, 'y')),
    reexport: groups.length - 1,
  };
}

function buildPy(p: CodePatterns): RegExp {
  const mods = new Set<string>();
  for (const f of p.sdks) if (f.language === 'python') for (const i of f.imports) mods.add(i);
  const calls = new Set<string>();
  for (const c of p.clients) for (const n of c.python?.calls ?? []) calls.add(n);
  return new RegExp(
    [
      `^[ \\t]*(?:from|import)[ \\t]+(?:${[...mods].map(escape).join('|')})\\b`,
      `\\b(?:environ\\s*\\[|environ\\.get\\(|getenv\\()\\s*['"]${CREDENTIAL_NAME}`,
      '\\b(?:api_key|token|auth_token|access_token)\\s*=',
      `\\b(?:${[...calls].map(escape).join('|')})\\(`,
    ].join('|'),
    'm',
  );
}

/** Property names the TypeScript analyser reads as tool-call-logging evidence (see fileEvidence in ts.ts). */
export const EVIDENCE_PROPERTIES = ['tracingDisabled', 'experimental_telemetry'];

/**
 * A regex over call names (`^mint([A-Z_]|$)`) as a regex over text: `^` / `$` (outside character classes)
 * become identifier boundaries, so wherever the call name matches, the text matches too.
 */
export function nameRegexInText(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      out += c + (source[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === '^') out += '(?<![\\w$])';
    else if (c === '$') out += '(?![\\w$])';
    else out += c;
  }
  return out;
}

/** A case-insensitive spelling of a word as a regex source (`ab` → `[aA][bB]`). */
const anyCase = (w: string) => [...w].map((ch) => (/[a-z]/i.test(ch) ? `[${ch.toLowerCase()}${ch.toUpperCase()}]` : escape(ch))).join('');

/**
 * The TypeScript names whose presence can make a file yield more than export facts: tool shapes, API client
 * constructors and calls, calls taking a model string, issuers, tracing switches, revoke calls (rules/code). A candidate without any of them
 * can only hold facts another file's tool may import (env reads, clients, helpers it exports): its parse is
 * deferred to the cross-file link, and only if a link reaches it.
 */
function buildTsAction(p: CodePatterns): RegExp {
  const called = new Set<string>();
  const words = new Set<string>(EVIDENCE_PROPERTIES);
  for (const f of p.sdks) {
    if (f.language !== 'typescript') continue;
    for (const t of f.tools) {
      for (const n of [...t.call, ...t.new, ...t.method]) called.add(n);
      for (const n of t.extends) words.add(n);
    }
    // Calls that take a model string (`new Agent({ model: 'openai/gpt-4o' })`) bind the provider's key.
    for (const m of [...f.agents.filter((a) => a.models.length), ...f.modelCalls]) for (const n of [...m.call, ...m.new]) called.add(n);
  }
  for (const c of p.clients) for (const n of [...c.new, ...c.call]) called.add(n);
  // SDK default instances used in the file (`openai('gpt-4o')`, `openai.responses('gpt-4o')`) are the agent's
  // bindings.
  const instances = new Set<string>();
  for (const d of p.defaultInstances) for (const n of d.names) {
    called.add(n);
    instances.add(n);
  }
  for (const i of p.issuers) for (const n of [...i.names, ...i.new]) called.add(n);
  for (const n of p.tracingOff) called.add(n);
  const regexes = [...p.issuers.flatMap((i) => i.patterns), ...p.revoke].map((r) => `(?:${nameRegexInText(r.source)})[\\w$]*`);
  // A call, a generic call, an optional call, `new X`, or an import alias (`{ tool as t }`, `{ tool: t } = require(…)`):
  // an aliased name is matched by the analyser under its imported name, which the import clause spells out.
  const use = '\\s*(?:[(<:]|\\?\\.|as\\b)';
  return new RegExp(
    [
      `(?<![\\w$])(?:${[...called].map(escape).join('|')})(?![\\w$])${use}`,
      `\\bnew\\s+(?:[\\w$]+\\.)*(?:${[...called].map(escape).join('|')})(?![\\w$])`,
      // A default instance's model factories and provider tools: `openai.responses(…)`, `anthropic.tools.x(…)`.
      ...(instances.size ? [`(?<![\\w$.])(?:${[...instances].map(escape).join('|')})\\s*\\??\\.\\s*[A-Za-z_$][\\w$]*(?:\\s*\\.\\s*[A-Za-z_$][\\w$]*)*\\s*[(<]`] : []),
      `(?<![\\w$])(?:${[...words].map(escape).join('|')})(?![\\w$])`,
      // `mcpServers: { … }` configs (map keys compare without case): each server is a tool.
      `(?<![\\w$])(?:${[...p.mapKeys].map(anyCase).join('|')})['"]?\\s*:`,
      ...regexes.map((r) => `${r}${use}`),
    ].join('|'),
  );
}

/** Relative re-exports (`export * from './clients'`, `export { a } from './b'`): barrels carry cross-file links. */
export const RELATIVE_REEXPORT = /\bexport\s+(?:\*(?:\s+as\s+(\w+))?|\{([^}]*)\})\s*from\s*['"](\.[^'"]*)['"]/g;

/** Candidate regexes, built once per patterns value (one per scan's rule set). */
const candidateRes = new WeakMap<CodePatterns, { ts?: RegExp; py?: RegExp; tsAction?: RegExp; anchors?: TsAnchors | null }>();

function regexesFor(p: CodePatterns): { ts?: RegExp; py?: RegExp; tsAction?: RegExp; anchors?: TsAnchors | null } {
  let res = candidateRes.get(p);
  if (!res) candidateRes.set(p, (res = {}));
  return res;
}

/** A TS/JS candidate that can yield bindings, issues or evidence itself (see buildTsAction); Python: always. */
export function hasOwnCodeFindings(lang: CodeLanguage, text: string, p: CodePatterns = codePatterns()): boolean {
  if (lang !== 'typescript') return true;
  const res = regexesFor(p);
  res.tsAction ??= buildTsAction(p);
  return res.tsAction.test(text);
}

/** Worth an AST: agent SDK or client imports, client constructors, credential env reads. */
export function isCandidateText(lang: CodeLanguage, text: string, p: CodePatterns = codePatterns()): boolean {
  const res = regexesFor(p);
  if (lang === 'typescript') {
    res.ts ??= buildTs(p);
    return res.ts.test(text);
  }
  res.py ??= buildPy(p);
  return res.py.test(text);
}

/** A TS/JS file with relative re-exports only needs the regex path (no AST). */
const RELATIVE_REEXPORT_ONE = new RegExp(RELATIVE_REEXPORT.source);

export function hasRelativeReexports(text: string): boolean {
  return RELATIVE_REEXPORT_ONE.test(text);
}

/** The keyword anchors of the TypeScript candidate test (see TsAnchors), or null: use the regexes. */
export function tsCandidateAnchors(p: CodePatterns = codePatterns()): TsAnchors | null {
  const res = regexesFor(p);
  if (res.anchors === undefined) res.anchors = buildTsAnchors(p);
  return res.anchors;
}

/** Hits per anchor rule a keyword pass keeps; a rule with more is answered by the whole-text regexes instead. */
export const MAX_ANCHOR_HITS = 10_000;

/** What makes a file a code candidate: its text (isCandidateText: SDK imports, env reads, clients) or only
 *  its relative re-exports (TypeScript); null: neither. */
export type CandidateKind = 'text' | 'reexports';

/**
 * The candidate kind of a TypeScript text (isCandidateText first, then hasRelativeReexports), from the hits of
 * tsCandidateAnchors' keywords (capped at MAX_ANCHOR_HITS): each anchor's regex tried, sticky, where its words
 * start. undefined when the hits cannot answer (no anchors, or a rule reached the cap).
 */
export function tsCandidateFromHits(text: string, hits: Map<number, number[]>, p: CodePatterns = codePatterns()): CandidateKind | null | undefined {
  const anchors = tsCandidateAnchors(p);
  if (!anchors) return undefined;
  for (const positions of hits.values()) if (positions.length >= MAX_ANCHOR_HITS) return undefined;
  const found = (rule: number): boolean => {
    const re = anchors.sticky[rule]!;
    for (const at of hits.get(rule) ?? []) {
      re.lastIndex = at;
      if (re.test(text)) return true;
    }
    return false;
  };
  for (const rule of hits.keys()) if (rule !== anchors.reexport && found(rule)) return 'text';
  return found(anchors.reexport) ? 'reexports' : null;
}
