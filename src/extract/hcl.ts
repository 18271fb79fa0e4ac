// A small, bounded reader for the subset of HCL that Vault, Vault Agent, SPIRE and Terraform configs use for
// the settings we read: blocks (`type "label" … {`), map attributes (`config = {`) and `name = value`
// attributes. There is no maintained HCL parser for Node; this reader only needs block nesting and simple
// attribute values, and anything it does not understand is skipped (the text scan still sees it).

export interface HclAttr {
  name: string;
  /** Unquoted value text (strings unquoted, numbers and booleans as written). */
  value: string;
  offset: number;
}

export interface HclBlock {
  type: string;
  labels: string[];
  offset: number;
  attrs: HclAttr[];
  blocks: HclBlock[];
}

const MAX_DEPTH = 64;

const BLOCK_OPEN = /^\s*([A-Za-z_][\w-]*)((?:\s+"[^"]*")*)\s*(=\s*)?\{\s*(?:#.*|\/\/.*)?$/;
// Linear on purpose: the value is taken whole and trimmed in code (a lazy `(.+?)\s*,?\s*$` is a ReDoS).
const ATTR = /^\s*("?)([A-Za-z_][\w.-]*)\1[ \t]*[=:][ \t]*(\S.*)$/;

/** An attribute's value text without a trailing comment or comma. */
function valueText(raw: string): string {
  const quoted = /^"(?:[^"\\]|\\.)*"/.exec(raw);
  if (quoted) return quoted[0];
  let v = raw;
  const comment = v.search(/\s(?:#|\/\/)/);
  if (comment >= 0) v = v.slice(0, comment);
  v = v.trimEnd();
  return v.endsWith(',') ? v.slice(0, -1).trimEnd() : v;
}

/** Parse HCL-ish text into a root block (type ""), never throwing. */
export function parseHcl(source: string): HclBlock {
  const root: HclBlock = { type: '', labels: [], offset: 0, attrs: [], blocks: [] };
  const stack: HclBlock[] = [root];
  let offset = 0;
  let inComment = false;
  for (const rawLine of source.split('\n')) {
    const lineOffset = offset;
    offset += rawLine.length + 1;
    let line = rawLine.replace(/\r$/, '');
    if (inComment) {
      const end = line.indexOf('*/');
      if (end < 0) continue;
      inComment = false;
      line = ' '.repeat(end + 2) + line.slice(end + 2);
    }
    const start = line.indexOf('/*');
    if (start >= 0 && !line.includes('*/', start)) {
      inComment = true;
      line = line.slice(0, start);
    }
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith('//')) continue;
    const open = BLOCK_OPEN.exec(line);
    if (open) {
      const labels = [...(open[2] ?? '').matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
      const block: HclBlock = { type: open[1]!, labels, offset: lineOffset + line.indexOf(open[1]!), attrs: [], blocks: [] };
      if (stack.length <= MAX_DEPTH) stack[stack.length - 1]!.blocks.push(block);
      stack.push(block);
      continue;
    }
    if (/^\}\s*,?\s*(?:#.*|\/\/.*)?$/.test(trimmed)) {
      if (stack.length > 1) stack.pop();
      continue;
    }
    const attr = ATTR.exec(line);
    if (attr) {
      const raw = valueText(attr[3]!);
      const quoted = raw.startsWith('"');
      const value = quoted ? raw.slice(1, -1) : raw;
      const valueOffset = lineOffset + line.indexOf(attr[3]!) + (quoted ? 1 : 0);
      stack[stack.length - 1]!.attrs.push({ name: attr[2]!, value, offset: valueOffset });
    }
  }
  return root;
}

export function attr(block: HclBlock | undefined, ...names: string[]): HclAttr | undefined {
  if (!block) return undefined;
  for (const n of names) {
    const found = block.attrs.filter((a) => a.name === n);
    if (found.length) return found[found.length - 1];
  }
  return undefined;
}

/** Every block (depth-first) whose type matches. */
export function blocksOf(root: HclBlock, type: string): HclBlock[] {
  const found: HclBlock[] = [];
  const stack = [root];
  while (stack.length) {
    const b = stack.pop()!;
    if (b.type === type) found.push(b);
    stack.push(...b.blocks);
  }
  return found.sort((a, b) => a.offset - b.offset);
}
