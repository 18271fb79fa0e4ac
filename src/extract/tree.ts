// One positioned tree for JSON(C), YAML and TOML, so that readers walk configs the same way whatever the
// syntax and every value keeps the offset where it starts in the file (ctx.lineAt(offset) gives its line).
// Parsing is bounded: nesting depth is checked before parsing (deep nesting overflows recursive parsers),
// YAML aliases are resolved against a node budget (alias bombs), and parser failures become warnings.
import { createRequire } from 'node:module';
import type * as Jsonc from 'jsonc-parser';
import type { Node as JsonNode, ParseError as JsonParseError } from 'jsonc-parser';
import type { Document as YamlDocument, Node as YamlNode } from 'yaml';
import { yamlLib } from '../ruleset/yaml-lib.js';
import { parseTOML, type AST } from 'toml-eslint-parser';
import type { Warning } from '../model/report.js';
import type { FileContext } from '../model/records.js';

// The JSON(C) parser, loaded on first use like yaml (its Node entry is CommonJS): start-up of a scan with no JSON.
let jsoncLib: typeof Jsonc | undefined;
const jsonc = () => (jsoncLib ??= createRequire(import.meta.url)('jsonc-parser') as typeof Jsonc);

export type Scalar = string | number | boolean | null;

export type PNode = PMap | PSeq | PScalar;
export interface PMap {
  kind: 'map';
  offset: number;
  entries: PEntry[];
}
export interface PSeq {
  kind: 'seq';
  offset: number;
  items: PNode[];
}
export interface PScalar {
  kind: 'scalar';
  offset: number;
  value: Scalar;
}
export interface PEntry {
  key: string;
  keyOffset: number;
  value: PNode;
}

export interface ParsedDocs {
  docs: PNode[];
  warnings: Warning[];
}

/** Deeper structures are cut (their content is still seen by the text scan). */
export const MAX_DEPTH = 100;
/** Nodes built per file, aliases included: bounds alias bombs and huge documents. */
export const MAX_NODES = 200_000;
/** Bracket nesting above this is refused before parsing: recursive parsers would overflow the stack. */
const MAX_BRACKET_DEPTH = 400;

// ---------------------------------------------------------------------------------------------- access

export function isMapNode(n: PNode | undefined): n is PMap {
  return n?.kind === 'map';
}
export function isSeqNode(n: PNode | undefined): n is PSeq {
  return n?.kind === 'seq';
}

/** Value of `key` in a map (last one wins, like the parsers do). */
export function get(node: PNode | undefined, key: string): PNode | undefined {
  if (!isMapNode(node)) return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) if (node.entries[i]!.key === key) return node.entries[i]!.value;
  return undefined;
}

/** Follow a path of keys. */
export function getPath(node: PNode | undefined, ...keys: string[]): PNode | undefined {
  let cur = node;
  for (const k of keys) cur = get(cur, k);
  return cur;
}

/** Case-insensitive key lookup (headers, YAML written by hand). */
export function getCI(node: PNode | undefined, key: string): PNode | undefined {
  if (!isMapNode(node)) return undefined;
  const lower = key.toLowerCase();
  for (let i = node.entries.length - 1; i >= 0; i--) if (node.entries[i]!.key.toLowerCase() === lower) return node.entries[i]!.value;
  return undefined;
}

export function entriesOf(node: PNode | undefined): PEntry[] {
  return isMapNode(node) ? node.entries : [];
}
export function itemsOf(node: PNode | undefined): PNode[] {
  return isSeqNode(node) ? node.items : [];
}

/** A scalar as text (numbers and booleans too: `ttl: 3600`); undefined for maps, sequences and null. */
export function text(node: PNode | undefined): string | undefined {
  if (node?.kind !== 'scalar' || node.value === null) return undefined;
  return String(node.value);
}

export function str(node: PNode | undefined): string | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}

export function truthy(node: PNode | undefined): boolean {
  if (node?.kind !== 'scalar') return false;
  return node.value === true || node.value === 'true' || node.value === 'yes' || node.value === 1;
}

// ---------------------------------------------------------------------------------------------- guards

/** Deepest `[`/`{` nesting outside strings: a cheap look before handing text to a recursive parser. */
export function bracketDepth(source: string, limit = MAX_BRACKET_DEPTH): number {
  let depth = 0;
  let max = 0;
  let quote = '';
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (quote) {
      if (c === 92 /* \ */ && quote === '"') i++;
      else if (source[i] === quote) quote = '';
      continue;
    }
    if (c === 34 /* " */) quote = '"';
    else if (c === 91 || c === 123) {
      if (++depth > max) max = depth;
      if (max > limit) return max;
    } else if (c === 93 || c === 125) depth = Math.max(0, depth - 1);
  }
  return max;
}

function tooDeep(ctx: FileContext, what: string): Warning | null {
  if (bracketDepth(ctx.text) <= MAX_BRACKET_DEPTH) return null;
  return { file: ctx.file, message: `${what} nesting deeper than ${MAX_BRACKET_DEPTH} levels: structured reading skipped` };
}

function failure(ctx: FileContext, what: string, err: unknown): Warning {
  const why = err instanceof RangeError ? 'too deeply nested or too large' : 'parser failed';
  return { file: ctx.file, message: `${what} could not be read (${why}); text scan still applied` };
}

class Budget {
  left = MAX_NODES;
  exhausted = false;
  take(): boolean {
    if (this.left <= 0) {
      this.exhausted = true;
      return false;
    }
    this.left--;
    return true;
  }
}

// ---------------------------------------------------------------------------------------------- JSON

export function parseJsonDocs(ctx: FileContext): ParsedDocs {
  const warnings: Warning[] = [];
  const deep = tooDeep(ctx, 'JSON');
  if (deep) return { docs: [], warnings: [deep] };
  const errors: JsonParseError[] = [];
  let root: JsonNode | undefined;
  try {
    root = jsonc().parseTree(ctx.text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  } catch (err) {
    return { docs: [], warnings: [failure(ctx, 'JSON', err)] };
  }
  if (errors.length) {
    const first = errors[0]!;
    warnings.push({
      file: ctx.file,
      line: ctx.lineAt(first.offset).line,
      message: `malformed JSON (${jsonc().printParseErrorCode(first.error)}); read what could be parsed`,
    });
  }
  if (!root) return { docs: [], warnings };
  const budget = new Budget();
  const doc = fromJson(root, 0, budget);
  if (budget.exhausted) warnings.push({ file: ctx.file, message: `JSON larger than ${MAX_NODES} nodes: read in part` });
  return { docs: doc ? [doc] : [], warnings };
}

function fromJson(node: JsonNode, depth: number, budget: Budget): PNode | undefined {
  if (depth > MAX_DEPTH || !budget.take()) return undefined;
  if (node.type === 'object') {
    const entries: PEntry[] = [];
    for (const prop of node.children ?? []) {
      const [k, v] = prop.children ?? [];
      if (!k || typeof k.value !== 'string' || !v) continue;
      const value = fromJson(v, depth + 1, budget);
      if (value) entries.push({ key: k.value, keyOffset: k.offset, value });
    }
    return { kind: 'map', offset: node.offset, entries };
  }
  if (node.type === 'array') {
    const items: PNode[] = [];
    for (const c of node.children ?? []) {
      const v = fromJson(c, depth + 1, budget);
      if (v) items.push(v);
    }
    return { kind: 'seq', offset: node.offset, items };
  }
  const v = node.value as unknown;
  return { kind: 'scalar', offset: node.offset, value: typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null };
}

// ---------------------------------------------------------------------------------------------- YAML

/** The yaml package composes about 1 MB/s; configs are far smaller, generated bundles are not worth seconds. */
const MAX_YAML_BYTES = 4_000_000;
/** Anchors + aliases beyond this make the yaml package quadratic (40,000 aliases: ~10 s). */
const MAX_YAML_ANCHORS = 2000;
/** Unmatched `}` / `]` are one parser error each, and errors cost super-linear time. */
const MAX_YAML_STRAY_CLOSERS = 1000;
const COMPACT_NESTING = new RegExp(`^[ \\t]*(?:[-?][ \\t]+){${MAX_BRACKET_DEPTH},}`, 'm');
const ANCHOR_OR_ALIAS = /(?:^|[\s,[{])[&*][^\s,[\]{}]/g;

/**
 * Shapes the yaml package handles badly enough to hurt a scan, checked in linear time before parsing:
 * compact nesting (`- - - - …`, hundreds deep on one line: a fatal out-of-memory inside the parser), deep
 * indentation nesting, thousands of anchors / aliases, thousands of stray closing brackets.
 */
export function yamlHazard(source: string): string | null {
  if (COMPACT_NESTING.test(source)) return `compact nesting deeper than ${MAX_BRACKET_DEPTH} levels`;
  let anchors = 0;
  ANCHOR_OR_ALIAS.lastIndex = 0;
  while (ANCHOR_OR_ALIAS.exec(source)) if (++anchors > MAX_YAML_ANCHORS) return `more than ${MAX_YAML_ANCHORS} anchors and aliases`;
  // Indentation nesting: a stack of increasing indents, like a Python tokenizer.
  const indents: number[] = [0];
  let stray = 0;
  let depth = 0;
  for (let i = 0; i < source.length; ) {
    let end = source.indexOf('\n', i);
    if (end < 0) end = source.length;
    let indent = 0;
    while (i + indent < end && source.charCodeAt(i + indent) === 32) indent++;
    if (i + indent < end && source[i + indent] !== '#') {
      while (indents.length > 1 && indent < indents[indents.length - 1]!) indents.pop();
      if (indent > indents[indents.length - 1]!) indents.push(indent);
      if (indents.length > MAX_BRACKET_DEPTH) return `indentation nesting deeper than ${MAX_BRACKET_DEPTH} levels`;
    }
    for (let j = i + indent; j < end; j++) {
      const c = source.charCodeAt(j);
      if (c === 91 || c === 123) depth++;
      else if (c === 93 || c === 125) {
        if (depth > 0) depth--;
        else if (++stray > MAX_YAML_STRAY_CLOSERS) return `more than ${MAX_YAML_STRAY_CLOSERS} unmatched closing brackets`;
      }
    }
    i = end + 1;
  }
  return null;
}

export function parseYamlDocs(ctx: FileContext): ParsedDocs {
  const warnings: Warning[] = [];
  const deep = tooDeep(ctx, 'YAML');
  if (deep) return { docs: [], warnings: [deep] };
  if (ctx.text.length > MAX_YAML_BYTES) {
    return { docs: [], warnings: [{ file: ctx.file, message: `YAML larger than ${MAX_YAML_BYTES / 1e6} MB: structured reading skipped; text scan still applied` }] };
  }
  const hazard = yamlHazard(ctx.text);
  if (hazard) return { docs: [], warnings: [{ file: ctx.file, message: `YAML with ${hazard}: structured reading skipped; text scan still applied` }] };
  const budget = new Budget();
  const docs: PNode[] = [];
  try {
    const { LineCounter, parseAllDocuments } = yamlLib();
    const lineCounter = new LineCounter();
    const parsed = parseAllDocuments(ctx.text, {
      keepSourceTokens: false,
      lineCounter,
      uniqueKeys: false,
      prettyErrors: false,
      strict: false,
      merge: true,
    });
    const list = Array.isArray(parsed) ? parsed : [];
    let warned = false;
    for (const doc of list) {
      const err = doc.errors[0];
      if (err && !warned) {
        warned = true;
        warnings.push({ file: ctx.file, line: lineCounter.linePos(err.pos[0]).line, message: `malformed YAML (${err.code}); read what could be parsed` });
      }
      const node = doc.contents as YamlNode | null;
      if (!node) continue;
      const p = fromYaml(node, 0, budget, doc);
      if (p) docs.push(p);
      if (budget.exhausted) break;
    }
  } catch (err) {
    return { docs: [], warnings: [failure(ctx, 'YAML', err)] };
  }
  if (budget.exhausted) warnings.push({ file: ctx.file, message: `YAML larger than ${MAX_NODES} nodes (aliases included): read in part` });
  return { docs, warnings };
}

// alias.resolve() searches the document; remember each alias' target (bombs repeat the same aliases).
const aliasCache = new WeakMap<object, YamlNode | undefined>();

function yamlOffset(node: YamlNode): number {
  return node.range?.[0] ?? 0;
}

function fromYaml(node: YamlNode, depth: number, budget: Budget, doc: YamlDocument): PNode | undefined {
  if (depth > MAX_DEPTH || !budget.take()) return undefined;
  const { isAlias, isMap, isPair, isScalar, isSeq } = yamlLib();
  if (isAlias(node)) {
    // Each resolution costs budget, so `a: [*b, *b, …]` bombs stop at MAX_NODES instead of exploding.
    let resolved = aliasCache.get(node);
    if (!aliasCache.has(node)) {
      resolved = node.resolve(doc) as YamlNode | undefined;
      aliasCache.set(node, resolved);
    }
    return resolved ? fromYaml(resolved, depth + 1, budget, doc) : undefined;
  }
  if (isMap(node)) {
    const entries: PEntry[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YamlNode | null;
      // With `merge: true` the yaml package parses a `<<` key as Symbol(<<); keep its source text.
      const keyText = isScalar(keyNode) ? (typeof keyNode.value === 'symbol' ? (keyNode.source ?? '<<') : String(keyNode.value)) : null;
      const valueNode = pair.value as YamlNode | null;
      if (keyText === '<<' && valueNode) {
        // Merge keys: `<<: *base` or `<<: [*a, *b]` bring the anchored entries in (explicit keys win).
        const sources = isSeq(valueNode) ? (valueNode.items as YamlNode[]) : [valueNode];
        for (const s of sources) {
          const merged = fromYaml(s, depth + 1, budget, doc);
          if (isMapNode(merged)) entries.unshift(...merged.entries.filter((e) => !entries.some((x) => x.key === e.key)));
        }
        continue;
      }
      if (keyText === null) continue;
      const value: PNode | undefined = valueNode
        ? fromYaml(valueNode, depth + 1, budget, doc)
        : { kind: 'scalar', offset: keyNode ? yamlOffset(keyNode) : 0, value: null };
      if (value) entries.push({ key: keyText, keyOffset: keyNode ? yamlOffset(keyNode) : value.offset, value });
    }
    return { kind: 'map', offset: yamlOffset(node), entries };
  }
  if (isSeq(node)) {
    const items: PNode[] = [];
    for (const item of node.items as YamlNode[]) {
      const v = item ? fromYaml(item, depth + 1, budget, doc) : undefined;
      if (v) items.push(v);
    }
    return { kind: 'seq', offset: yamlOffset(node), items };
  }
  if (isScalar(node)) {
    const v = node.value;
    const value: Scalar =
      typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : typeof v === 'bigint' ? Number(v) : v === null ? null : String(v);
    return { kind: 'scalar', offset: yamlOffset(node), value };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------- TOML

export function parseTomlDoc(ctx: FileContext): ParsedDocs {
  const deep = tooDeep(ctx, 'TOML');
  if (deep) return { docs: [], warnings: [deep] };
  let program: AST.TOMLProgram;
  try {
    program = parseTOML(ctx.text);
  } catch (err) {
    const e = err as { lineNumber?: number };
    if (typeof e?.lineNumber === 'number') {
      return { docs: [], warnings: [{ file: ctx.file, line: e.lineNumber, message: 'malformed TOML; text scan still applied' }] };
    }
    return { docs: [], warnings: [failure(ctx, 'TOML', err)] };
  }
  const budget = new Budget();
  const root: PMap = { kind: 'map', offset: 0, entries: [] };
  const top = program.body[0];
  for (const item of top?.body ?? []) {
    if (item.type === 'TOMLKeyValue') addKeyValue(root, item, budget);
    else {
      const table = tableAt(root, item.resolvedKey, item.kind === 'array', item.range[0]);
      if (table) for (const kv of item.body) addKeyValue(table, kv, budget);
    }
  }
  return { docs: [root], warnings: [] };
}

function keyNames(key: AST.TOMLKey): string[] {
  return key.keys.map((k) => (k.type === 'TOMLBare' ? k.name : k.value));
}

/** The map at a dotted path, creating intermediate tables (and a new element for [[array]] tables). */
function tableAt(root: PMap, path: (string | number)[], arrayTable: boolean, offset: number): PMap | undefined {
  let cur: PMap = root;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    if (typeof seg === 'number') continue; // resolvedKey carries array indexes; we follow the last element
    let next = get(cur, seg);
    if (last && arrayTable) {
      if (!isSeqNode(next)) {
        next = { kind: 'seq', offset, items: [] };
        cur.entries.push({ key: seg, keyOffset: offset, value: next });
      }
      const elem: PMap = { kind: 'map', offset, entries: [] };
      next.items.push(elem);
      return elem;
    }
    if (isSeqNode(next)) {
      const lastItem = next.items[next.items.length - 1];
      if (!isMapNode(lastItem)) return undefined;
      cur = lastItem;
      continue;
    }
    if (!isMapNode(next)) {
      next = { kind: 'map', offset, entries: [] };
      cur.entries.push({ key: seg, keyOffset: offset, value: next });
    }
    cur = next;
  }
  return cur;
}

function addKeyValue(table: PMap, kv: AST.TOMLKeyValue, budget: Budget): void {
  const names = keyNames(kv.key);
  const parent = names.length > 1 ? tableAt(table, names.slice(0, -1), false, kv.range[0]) : table;
  const value = fromToml(kv.value, 0, budget);
  if (parent && value) parent.entries.push({ key: names[names.length - 1]!, keyOffset: kv.key.range[0], value });
}

function fromToml(node: AST.TOMLContentNode, depth: number, budget: Budget): PNode | undefined {
  if (depth > MAX_DEPTH || !budget.take()) return undefined;
  if (node.type === 'TOMLArray') {
    const items: PNode[] = [];
    for (const e of node.elements) {
      const v = fromToml(e, depth + 1, budget);
      if (v) items.push(v);
    }
    return { kind: 'seq', offset: node.range[0], items };
  }
  if (node.type === 'TOMLInlineTable') {
    const map: PMap = { kind: 'map', offset: node.range[0], entries: [] };
    for (const kv of node.body) addKeyValue(map, kv, budget);
    return map;
  }
  const v = node.value as unknown;
  const value: Scalar =
    typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : typeof v === 'bigint' ? Number(v) : v instanceof Date ? v.toISOString() : null;
  return { kind: 'scalar', offset: node.range[0], value };
}
