// Python agent code analysis without a Python runtime: logical lines (brackets, strings, continuations and
// comments handled), indentation blocks for def / class, and regexes over expressions. Lighter than the
// TypeScript analysis but the same binding model: tools (LangChain @tool, CrewAI BaseTool / @tool, OpenAI
// Agents @function_tool, HostedMCPTool, MCPServer*, FastMCP @mcp.tool()) reach credentials through env reads,
// literals, client constructors, issuer calls and module-level values; an issuer call inside a function
// that runs per call makes the binding `task`, everything else is `process`.
import type { Binding, Warning } from '../model/report.js';
import type { Evidence, Issue } from '../model/records.js';
import type { ReaderHelpers } from '../extract/index.js';
import { issuersNamed, matchIssuer, modelStringBinding, providerOfUrl, revokesCredential, type ClientPattern, type CodePatterns, type SdkPatterns, type ModelSlot, type ToolShape, type AgentShape } from './patterns.js';
import {
  AGENT_CLIENT_VIA,
  emptyFound,
  entryKey,
  mergeFound,
  mergePairs,
  type BindingPair,
  type CredEntry,
  type FileCodeFacts,
  type Found,
  type ToolInfo,
} from './model.js';
import type { CodeAnalysis } from './ts.js';
import { argsAt, blankStrings, FSTRING_RE, logicalLines, parenDepths, splitTop, stringLiteral, valueExtent, type LLine } from './python-text.js';

interface FileIn {
  file: string;
  text: string;
  lineAt(offset: number): { line: number; column: number };
}

interface Block {
  /** Index of the header logical line (def / class). */
  header: number;
  /** Logical lines [first, last) of the body. */
  first: number;
  last: number;
  kind: 'def' | 'class';
  name: string;
  params: string[];
  decorators: string[];
  bases: string[];
  indent: number;
}

interface EvalCtx {
  once: boolean;
  depth: number;
  key?: string;
  /** The function whose body is being evaluated (for local assignments and tool parameters). */
  fn?: Block;
  toolParams?: Set<string>;
}

/** A tool found in the file; `key` is the name code refers to it by, `at` the offset of a call-shaped tool. */
interface FoundTool {
  tool: ToolInfo;
  found: Found;
  key?: string;
  at?: number;
}

/** An agent call: its SDK and shape, its name, and its tools options (text, offset, list items with offsets). */
interface AgentCall {
  fw: SdkPatterns;
  shape: AgentShape;
  name: string | undefined;
  toolOptions: { text: string; start: number; items: { item: string; offset: number }[] }[];
  /** Where its tools and model options are (file offsets): what is built there is the agent's. */
  spans: { from: number; to: number }[];
}

const KEYWORDS = new Set(('False None True and as assert async await break class continue def del elif else except finally for '
  + 'from global if import in is lambda nonlocal not or pass raise return try while with yield self cls print str int dict list '
  + 'len bool float type super isinstance Exception').split(' '));

export function analyzePython(input: FileIn, helpers: ReaderHelpers, patterns: CodePatterns): CodeAnalysis {
  return new PyFileAnalyzer(input, helpers, patterns).run();
}

class PyFileAnalyzer {
  private readonly lines: LLine[];
  private readonly blocks: Block[] = [];
  /** local name → { module, name } */
  private readonly imports = new Map<string, { module: string; name: string }>();
  /** Module-level assignments: name → logical line index. */
  private readonly moduleVars = new Map<string, number>();
  /** os.environ["X"] = "literal" at module level: X → logical line index. */
  private readonly envAssignments = new Map<string, number>();
  private readonly evidence: Evidence[] = [];
  private readonly warnings: Warning[] = [];
  private sdks: SdkPatterns[] = [];

  constructor(private readonly input: FileIn, private readonly helpers: ReaderHelpers, private readonly patterns: CodePatterns) {
    this.lines = logicalLines(input.text);
  }

  run(): CodeAnalysis {
    this.index();
    const modules = [...this.imports.values()].map((i) => i.module);
    this.sdks = this.patterns.sdks.filter((f) => f.language === 'python'
      && modules.some((m) => f.imports.some((imp) => m === imp || m.startsWith(`${imp}.`))));
    const bindings: Binding[] = [];
    const issues: Issue[] = [];
    const facts: FileCodeFacts = { version: 1, exports: {}, reexports: [], uses: [] };
    const tools = this.findTools();
    this.assignAgents(tools);
    const pairs: BindingPair[] = [];
    for (const t of tools) {
      for (const c of t.found.creds) pairs.push({ tool: t.tool, entry: c });
      for (const ref of t.found.imports) facts.uses.push({ ...t.tool, ref });
    }
    const inTools = new Set(pairs.map((x) => entryKey(x.entry)));
    pairs.push(...this.mcpServerConfigs().filter((x) => !inTools.has(entryKey(x.entry))));
    pairs.push(...this.agentClients(new Set(pairs.map((x) => entryKey(x.entry)))));
    pairs.push(...this.modelStrings());
    const merged = mergePairs(pairs);
    bindings.push(...merged.bindings);
    issues.push(...merged.issues);
    this.evidence.push(...merged.evidence);
    this.exportFacts(facts);
    this.fileEvidence();
    return { bindings, issues, evidence: this.evidence, warnings: this.warnings, facts };
  }

  // ---- structure ---------------------------------------------------------------------------------------

  private index(): void {
    const pendingDecorators: string[] = [];
    this.lines.forEach((l, i) => {
      const t = l.text.trim();
      let m: RegExpExecArray | null;
      if ((m = /^from\s+([\w.]+)\s+import\s+\(?([^)]*)\)?/s.exec(t))) {
        for (const part of m[2]!.split(',')) {
          const [name, alias] = part.trim().split(/\s+as\s+/);
          if (name && /^\w+$/.test(name)) this.imports.set((alias ?? name).trim(), { module: m[1]!, name });
        }
      } else if ((m = /^import\s+(.+)$/s.exec(t))) {
        for (const part of m[1]!.split(',')) {
          const [name, alias] = part.trim().split(/\s+as\s+/);
          if (name) this.imports.set((alias ?? name.split('.')[0]!).trim(), { module: name.trim(), name: '*' });
        }
      }
      if (t.startsWith('@')) {
        pendingDecorators.push(t.slice(1));
        return;
      }
      if ((m = /^(?:async\s+)?def\s+(\w+)\s*\(/.exec(t))) {
        const params = splitTop(argsAt(t, t.indexOf('('))).map((p) => p.item.trim().replace(/^\*+/, '').split(/[:=\s]/)[0]!).filter(Boolean);
        this.openBlock(i, 'def', m[1]!, params, [...pendingDecorators], []);
      } else if ((m = /^class\s+(\w+)\s*(\(([^)]*)\))?\s*:/.exec(t))) {
        const bases = (m[3] ?? '').split(',').map((b) => b.trim().split('.').pop()!).filter(Boolean);
        this.openBlock(i, 'class', m[1]!, [], [...pendingDecorators], bases);
      } else if (l.indent === 0) {
        if ((m = /^(\w+)\s*(?::[^=]+)?=(?!=)/.exec(t))) this.moduleVars.set(m[1]!, i);
        if ((m = /^os\.environ\[\s*["'](\w+)["']\s*\]\s*=(?!=)/.exec(t))) this.envAssignments.set(m[1]!, i);
        if ((m = /^os\.environ\.setdefault\(\s*["'](\w+)["']/.exec(t))) this.envAssignments.set(m[1]!, i);
      }
      pendingDecorators.length = 0;
    });
  }

  private openBlock(header: number, kind: Block['kind'], name: string, params: string[], decorators: string[], bases: string[]): void {
    const indent = this.lines[header]!.indent;
    let last = header + 1;
    while (last < this.lines.length && this.lines[last]!.indent > indent) last++;
    this.blocks.push({ header, first: header + 1, last, kind, name, params, decorators, bases, indent });
  }

  private pos(offset: number): { line: number; column: number } {
    return this.input.lineAt(offset);
  }

  private entry(offset: number, source: CredEntry['source'], ref: string | null, scope: CredEntry['scope'], attributes?: CredEntry['attributes']): CredEntry {
    const e: CredEntry = { source, ref, file: this.input.file, ...this.pos(offset), scope };
    if (attributes && Object.keys(attributes).length) e.attributes = attributes;
    return e;
  }

  /** Innermost def block containing a logical line, if any. */
  private defAt(lineIndex: number): Block | undefined {
    let best: Block | undefined;
    for (const b of this.blocks) {
      if (b.kind === 'def' && lineIndex >= b.first && lineIndex < b.last && (!best || b.indent > best.indent)) best = b;
    }
    return best;
  }

  private lineIndexAt(offset: number): number {
    let lo = 0;
    let hi = this.lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lines[mid]!.start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private importedFrom(name: string, fw: SdkPatterns): boolean {
    const imp = this.imports.get(name);
    return !!imp && fw.imports.some((m) => imp.module === m || imp.module.startsWith(`${m}.`));
  }

  // ---- expressions -----------------------------------------------------------------------------------------

  /** Credentials an expression (in a credential position) evaluates to; `at` is its offset in the file. */
  private evalExpr(expr: string, at: number, ec: EvalCtx): Found {
    const found = emptyFound();
    if (ec.depth > 6 || !expr.trim()) return found;
    const next: EvalCtx = { ...ec, depth: ec.depth + 1 };
    const lead = expr.length - expr.trimStart().length;
    const lit = stringLiteral(expr);
    if (lit !== undefined && !/^\s*[fF]/.test(expr)) return this.literal(lit, at + lead, ec);
    const f = FSTRING_RE.exec(expr);
    if (f) {
      const body = f[2]!;
      const base = at + expr.indexOf(body);
      for (const m of body.matchAll(/\{([^{}]+)\}/g)) mergeFound(found, this.evalExpr(m[1]!, base + m.index! + 1, next));
      return found;
    }
    mergeFound(found, this.atoms(expr, at, next, true));
    return found;
  }

  private literal(raw: string, offset: number, ec: EvalCtx): Found {
    const value = raw.trim().replace(/^(bearer|basic|token)\s+/i, '');
    if (value.length < 8 || this.patterns.placeholder.test(value)) return emptyFound();
    const p = this.pos(offset);
    const d = this.helpers.detectValue(value, { line: p.line, column: p.column + 1, key: ec.key });
    return d ? { creds: [this.entry(offset, 'literal', null, 'process', { provider: d.provider })], imports: [] } : emptyFound();
  }

  private envReads(text: string, at: number, onlyCredentialNames: boolean): CredEntry[] {
    const out: CredEntry[] = [];
    const re = /\bos\.environ\s*\[\s*["'](\w+)["']\s*\](?!\s*=[^=])|\b(?:os\.environ\.get|os\.getenv|getenv|environ\.get)\(\s*["'](\w+)["']|\benviron\s*\[\s*["'](\w+)["']\s*\](?!\s*=[^=])/g;
    for (const m of text.matchAll(re)) {
      const name = m[1] ?? m[2] ?? m[3]!;
      if (onlyCredentialNames && !this.patterns.credentialEnvName.test(name)) continue;
      out.push(this.entry(at + m.index!, 'env', name, 'process'));
      const assigned = this.envAssignments.get(name);
      if (assigned !== undefined) {
        const l = this.lines[assigned]!;
        const eq = l.text.indexOf('=', l.text.indexOf(']'));
        const value = eq >= 0 ? l.text.slice(eq + 1) : '';
        const litValue = stringLiteral(value);
        if (litValue !== undefined) {
          const lead = value.length - value.trimStart().length;
          out.push(...this.literal(litValue, l.start + eq + 1 + lead, { once: true, depth: 0, key: name }).creds);
        }
      }
    }
    return out;
  }

  /** Calls in `text`: issuer calls and client constructors. */
  private callsIn(text: string, at: number, ec: EvalCtx): Found {
    const found = emptyFound();
    for (const m of text.matchAll(/\b([A-Za-z_][\w.]*)\s*\(/g)) {
      const full = m[1]!;
      const name = full.split('.').pop()!;
      const client = this.clientFor(full);
      // Only an issuer or a client needs its arguments: reading every call's (nested calls included) was
      // quadratic in the nesting depth.
      if (!client && !issuersNamed(this.patterns, name, false).length && !(/^[A-Z]/.test(name) && issuersNamed(this.patterns, name, true).length)) continue;
      const open = m.index! + m[0].length - 1;
      const args = argsAt(text, open);
      const first = stringLiteral(splitTop(args)[0]?.item ?? '');
      const offset = at + m.index!;
      const receiver = full.includes('.') ? full.slice(0, full.lastIndexOf('.')) : undefined;
      const issuer = matchIssuer(this.patterns, name, first, false, receiver)
        ?? (/^[A-Z]/.test(name) ? matchIssuer(this.patterns, name, first, true) : undefined);
      if (issuer) {
        const inDef = !!this.defAt(this.lineIndexAt(offset));
        const scope = issuer.source === 'secret-manager' || ec.once || !inDef ? 'process' : 'task';
        const ref = issuer.argPattern && first ? `${full}(${first})` : full;
        mergeFound(found, { creds: [this.entry(offset, issuer.source, ref, scope, this.issuerAttributes(args))], imports: [] });
        continue;
      }
      if (client) mergeFound(found, this.clientCreds(client, args, at + open + 1, offset, ec));
    }
    return found;
  }

  private issuerAttributes(args: string): Record<string, string | number | boolean> {
    const out: Record<string, string | number | boolean> = {};
    for (const { item } of splitTop(args)) {
      const m = /^\s*["']?(\w+)["']?\s*[=:]\s*(.+)$/s.exec(item);
      if (!m) continue;
      const key = m[1]!.toLowerCase();
      const value = m[2]!.trim();
      if (this.patterns.audienceKeys.has(key) && out.audience === undefined) out.audience = stringLiteral(value) ?? key;
      if (this.patterns.ttlKeys.has(key) && out.ttl === undefined) out.ttl = /^\d+$/.test(value) ? Number(value) : stringLiteral(value) ?? key;
    }
    return out;
  }

  private clientFor(callee: string): ClientPattern | undefined {
    const name = callee.split('.').pop()!;
    const first = callee.split('.')[0]!;
    const imported = this.imports.get(first);
    if (!imported) return undefined;
    // `from llama_index.llms.openai import OpenAI as LlamaOpenAI`: the imported name counts, not only the alias.
    const original = imported.name !== '*' && callee === first ? imported.name : undefined;
    const named = (c: ClientPattern) => !!c.python && (c.python.calls.includes(callee) || c.python.calls.includes(name)
      || (original !== undefined && c.python.calls.includes(original)));
    // A name gated by its module (agno's `Claude` from agno.models.anthropic) wins over the same name ungated.
    return this.patterns.clients.find((c) => named(c) && c.python!.modules.length > 0
      && c.python!.modules.some((m) => imported.module === m || imported.module.startsWith(`${m}.`)))
      ?? this.patterns.clients.find((c) => named(c) && !c.python!.modules.length);
  }

  private clientCreds(client: ClientPattern, args: string, argsAt0: number, callAt: number, ec: EvalCtx): Found {
    const found = emptyFound();
    const py = client.python!;
    let present = false;
    let provider = client.name;
    splitTop(args).forEach(({ item, offset }, index) => {
      const kw = /^\s*(\*\*)?(\w+)\s*=(?!=)/.exec(item);
      if (kw && !kw[1]) {
        const key = kw[2]!;
        const valueAt = argsAt0 + offset + kw[0].length;
        if (py.baseUrl.includes(key)) {
          const url = this.constantString(item.slice(kw[0].length), 0);
          provider = (url && providerOfUrl(this.patterns, url)) || provider;
          return;
        }
        if (py.minting.includes(key)) {
          present = true;
          mergeFound(found, { creds: [this.entry(argsAt0 + offset + item.length - item.trimStart().length, 'minted', `${client.name}.${key}`, 'task')], imports: [] });
          return;
        }
        if (py.containers.includes(key)) {
          const r = this.container(item.slice(kw[0].length), valueAt, ec);
          if (r.creds.length) present = true;
          mergeFound(found, r);
          return;
        }
        if (!py.kwargs.includes(key)) return;
        present = true;
        mergeFound(found, this.evalExpr(item.slice(kw[0].length), valueAt, { ...ec, key }));
      } else if (kw?.[1] || item.trim().startsWith('**')) {
        present = true;
      } else if (py.args.includes(index)) {
        present = true;
        mergeFound(found, this.evalExpr(item, argsAt0 + offset, { ...ec, key: 'api_key' }));
      }
    });
    if (!present && py.defaultEnv.length) found.creds.push(this.entry(callAt, 'env', py.defaultEnv[0]!, 'process', { implicit: true }));
    for (const c of found.creds) c.attributes = { ...(c.attributes ?? {}), client: provider };
    return found;
  }

  /** A string the code spells out: a literal, or a module constant / local assignment holding one. */
  private constantString(expr: string, depth: number): string | undefined {
    const lit = stringLiteral(expr);
    if (lit !== undefined) return lit;
    const f = FSTRING_RE.exec(expr);
    if (f) return f[2]!.split('{')[0];
    const name = expr.trim();
    if (!/^\w+$/.test(name) || depth > 3) return undefined;
    const mv = this.moduleVars.get(name);
    if (mv === undefined) return undefined;
    const l = this.lines[mv]!;
    const m = /^(\w+)\s*(?::[^=]+)?=(?!=)/.exec(l.text);
    return m ? this.constantString(l.text.slice(m[0].length), depth + 1) : undefined;
  }

  /** Credential-keyed kwargs and dict entries: api_key=…, "Authorization": …, token=… */
  private credentialPositions(text: string, at: number, ec: EvalCtx): Found {
    const found = emptyFound();
    const re = /(?:\b(\w+)\s*=(?!=)|["']([\w-]+)["']\s*:)\s*/g;
    for (const m of text.matchAll(re)) {
      const key = m[1] ?? m[2]!;
      if (!this.patterns.credentialKeys.has(key.toLowerCase())) continue;
      if (m[1] && m.index! > 0 && /[.\w]/.test(text[m.index! - 1] ?? '')) continue;
      const startValue = m.index! + m[0].length;
      const v = valueExtent(text, startValue);
      mergeFound(found, this.evalExpr(v, at + startValue, { ...ec, key }));
    }
    return found;
  }

  /** Bag-of-atoms evaluation: env reads, calls, string literals and names inside an expression. */
  private atoms(text: string, at: number, ec: EvalCtx, credentialPosition: boolean): Found {
    const found = emptyFound();
    // Calls first: an env read passed to a client constructor is reported with the client's name.
    mergeFound(found, this.callsIn(text, at, ec));
    for (const e of this.envReads(text, at, !credentialPosition)) mergeFound(found, { creds: [e], imports: [] });
    if (credentialPosition) {
      const depth = parenDepths(text);
      for (const m of text.matchAll(/(?<![\w"'])([fF]?)(["'])((?:\\.|(?!\2)[^\\\n\r\u2028\u2029])*)\2/g)) {
        // Arguments of a call (`exchange_token(scope="read")`) are not the credential itself.
        if (depth[m.index!]! > 0) continue;
        if (m[1]) {
          for (const p of m[3]!.matchAll(/\{([^{}]+)\}/g)) {
            mergeFound(found, this.evalExpr(p[1]!, at + m.index! + 2 + p.index! + 1, ec));
          }
        } else {
          mergeFound(found, this.literal(m[3]!, at + m.index!, ec));
        }
      }
      for (const m of this.names(text)) mergeFound(found, this.resolveName(m.name, at + m.index, ec, true));
      const blanked = blankStrings(text);
      for (const m of blanked.matchAll(/(?<![.\w])self\.(\w+)\b(?!\s*\()/g)) mergeFound(found, this.resolveAttribute(m[1]!, at + m.index!, ec));
      // A settings object (`settings.OPENAI_API_KEY`, pydantic BaseSettings `settings.openai_api_key`): env-backed.
      for (const m of blanked.matchAll(/(?<![.\w])(\w+)\.(\w+)\b(?!\s*\()/g)) {
        const [, obj, field] = m;
        if (obj === 'self' || obj === 'os') continue;
        const upper = field!.toUpperCase();
        const settingsLike = /^[A-Z][A-Z0-9_]*$/.test(field!) || /^(settings|config|cfg|conf|env|environment)$/i.test(obj!);
        if (settingsLike && this.patterns.credentialEnvName.test(upper)) {
          mergeFound(found, { creds: [this.entry(at + m.index!, 'env', upper, 'process', { config: true })], imports: [] });
        }
      }
    }
    return found;
  }

  /** `self.api_key` in a method: what the class assigns to it (`self.api_key = os.environ[…]` in `__init__`). */
  private resolveAttribute(attr: string, at: number, ec: EvalCtx): Found {
    const found = emptyFound();
    if (ec.depth > 6) return found;
    const here = this.lineIndexAt(at);
    const cls = this.blocks.filter((b) => b.kind === 'class' && here >= b.first && here < b.last).sort((a, b) => b.indent - a.indent)[0];
    if (!cls) return found;
    const assign = new RegExp(`^\\s*self\\.${attr}\\s*(?::[^=]+)?=(?!=)`);
    for (let i = cls.first; i < cls.last; i++) {
      const l = this.lines[i]!;
      const m = assign.exec(l.text);
      if (!m) continue;
      const fn = this.defAt(i);
      mergeFound(found, this.evalExpr(l.text.slice(m[0].length), l.start + m[0].length, { ...ec, depth: ec.depth + 1, fn, toolParams: undefined }));
    }
    return found;
  }

  /** Bare names used as values (not attributes, not calls, not keyword-argument names, not in strings). */
  private names(text: string): { name: string; index: number }[] {
    const blanked = blankStrings(text);
    const out: { name: string; index: number }[] = [];
    for (const m of blanked.matchAll(/(?<![.\w])([A-Za-z_]\w*)\b(?!\s*\()(?!\s*=[^=])/g)) {
      if (!KEYWORDS.has(m[1]!)) out.push({ name: m[1]!, index: m.index! });
    }
    return out;
  }

  /** A name: local assignment in the current function, a tool parameter, a module-level value or an import. */
  private resolveName(name: string, at: number, ec: EvalCtx, credentialPosition: boolean): Found {
    if (ec.depth > 6) return emptyFound();
    const next: EvalCtx = { ...ec, depth: ec.depth + 1 };
    const fn = ec.fn;
    if (fn) {
      const here = this.lineIndexAt(at);
      const assignRe = new RegExp(`^\\s*${name}\\s*(?::[^=]+)?=(?!=)`);
      const withRe = new RegExp(`^\\s*(?:async\\s+)?with\\s+.*\\bas\\s+${name}\\s*:`);
      for (let i = Math.min(here, fn.last - 1); i >= fn.first; i--) {
        const l = this.lines[i]!;
        const m = assignRe.exec(l.text) ?? withRe.exec(l.text);
        if (!m) continue;
        if (m[0].includes('with')) return this.atoms(l.text, l.start, next, false);
        return this.evalExpr(l.text.slice(m[0].length), l.start + m[0].length, next);
      }
      if (fn.params.includes(name)) {
        return credentialPosition && ec.toolParams?.has(name) ? { creds: [this.entry(at, 'input', name, 'task')], imports: [] } : emptyFound();
      }
    }
    const mv = this.moduleVars.get(name);
    if (mv !== undefined) {
      const l = this.lines[mv]!;
      const m = /^(\w+)\s*(?::[^=]+)?=(?!=)/.exec(l.text)!;
      const r = this.evalExpr(l.text.slice(m[0].length), l.start + m[0].length, { ...next, once: true, fn: undefined, toolParams: undefined });
      if (!credentialPosition) {
        r.creds = r.creds.filter((c) => c.source !== 'env' || c.attributes?.client !== undefined
          || this.patterns.credentialEnvName.test(c.ref ?? '') || this.patterns.credentialVarName.test(name));
      }
      return r;
    }
    const imp = this.imports.get(name);
    if (imp && imp.name !== '*' && !this.isThirdParty(imp.module)) {
      return { creds: [], imports: [{ module: `py:${imp.module}`, name: imp.name, ...this.pos(at), once: ec.once }] };
    }
    return emptyFound();
  }

  /** Framework and client modules are never project files. */
  private isThirdParty(module: string): boolean {
    const top = module.split('.')[0]!;
    if (!top) return false; // relative import
    return this.patterns.sdks.some((f) => f.imports.some((i) => i === top || module === i || module.startsWith(`${i}.`)))
      || ['os', 'sys', 'json', 'typing', 'openai', 'anthropic', 'pydantic', 'boto3', 'requests', 'httpx'].includes(top);
  }

  // ---- bodies ------------------------------------------------------------------------------------------------

  /** Everything a function or class body reaches per call. */
  private scanBlock(b: Block, ec: EvalCtx, seen: Set<Block>): Found {
    const found = emptyFound();
    if (seen.has(b) || ec.depth > 3) return found;
    seen.add(b);
    const fnCtx: EvalCtx = { ...ec, fn: b.kind === 'def' ? b : ec.fn };
    for (let i = b.first; i < b.last; i++) {
      const l = this.lines[i]!;
      const ctx: EvalCtx = { ...fnCtx, fn: this.defAt(i) ?? fnCtx.fn };
      mergeFound(found, this.atoms(l.text, l.start, ctx, false));
      mergeFound(found, this.credentialPositions(l.text, l.start, ctx));
      // Module-level values the body captures, and module-level helpers it calls.
      const blanked = blankStrings(l.text);
      for (const m of blanked.matchAll(/(?<![.\w])([A-Za-z_]\w*)\b/g)) {
        const name = m[1]!;
        if (KEYWORDS.has(name)) continue;
        const helper = this.topLevelDefs().get(name);
        if (helper && helper !== b && /^\s*\(/.test(blanked.slice(m.index! + name.length))) {
          mergeFound(found, this.scanBlock(helper, { ...ec, depth: ec.depth + 1, toolParams: undefined, fn: helper }, seen));
          continue;
        }
        if (this.isLocal(name, ctx.fn)) continue;
        if (this.moduleVars.has(name) || this.imports.has(name)) mergeFound(found, this.resolveName(name, l.start + m.index!, { ...ctx, fn: undefined }, false));
      }
      // Methods it calls: `self._check_key()` in a class, `places.find(…)` on a module-level instance of a class of this file.
      for (const m of blanked.matchAll(/(?<![.\w])(\w+)\.(\w+)\s*\(/g)) {
        const cls = m[1] === 'self' ? this.classAround(i) : this.isLocal(m[1]!, ctx.fn) ? undefined : this.instanceClass(m[1]!);
        const method = cls && this.blocks.find((x) => x.kind === 'def' && x.name === m[2] && x.header >= cls.first && x.header < cls.last && this.classAround(x.header) === cls);
        if (method && method !== b) mergeFound(found, this.scanBlock(method, { ...ec, depth: ec.depth + 1, toolParams: undefined, fn: method }, seen));
      }
    }
    return found;
  }

  /** The innermost class whose body holds logical line `i`. */
  private classAround(i: number): Block | undefined {
    return this.blocks.filter((x) => x.kind === 'class' && i >= x.first && i < x.last).sort((x, y) => y.indent - x.indent)[0];
  }

  /** `places = PlacesService()` at module level, with the class defined in this file: that class. */
  private instanceClass(name: string): Block | undefined {
    const mv = this.moduleVars.get(name);
    const cls = mv === undefined ? undefined : /^\w+\s*(?::[^=]+)?=\s*(\w+)\s*\(/.exec(this.lines[mv]!.text)?.[1];
    return cls ? this.blocks.find((x) => x.kind === 'class' && x.indent === 0 && x.name === cls) : undefined;
  }

  private readonly localNames = new Map<Block, Set<string>>();

  /** Names a function binds (parameters and simple assignments), computed once per function. */
  private isLocal(name: string, fn: Block | undefined): boolean {
    if (!fn) return false;
    let names = this.localNames.get(fn);
    if (!names) {
      names = new Set(fn.params);
      for (let i = fn.first; i < fn.last; i++) {
        const m = /^\s*(\w+)\s*(?::[^=]+)?=(?!=)/.exec(this.lines[i]!.text);
        if (m) names.add(m[1]!);
      }
      this.localNames.set(fn, names);
    }
    return names.has(name);
  }

  private topDefs: Map<string, Block> | undefined;

  private topLevelDefs(): Map<string, Block> {
    if (!this.topDefs) {
      this.topDefs = new Map();
      for (const b of this.blocks) if (b.kind === 'def' && b.indent === 0) this.topDefs.set(b.name, b);
    }
    return this.topDefs;
  }

  // ---- tools ------------------------------------------------------------------------------------------------

  private findTools(): FoundTool[] {
    const out: FoundTool[] = [];
    const line = (i: number) => this.pos(this.lines[i]!.start + this.lines[i]!.indent).line;
    for (const b of this.blocks) {
      for (const fw of this.sdks) {
        const shape = b.kind === 'def' ? this.decoratorShape(b, fw) : this.baseShape(b, fw);
        if (!shape) continue;
        const name = this.toolName(b, shape.shape, shape.decoratorArgs);
        const tool: ToolInfo = { tool: name, via: `code:${fw.sdk}`, file: this.input.file, line: line(b.header) };
        const toolParams = new Set(b.kind === 'def' ? b.params : []);
        out.push({ tool, key: b.name, found: this.scanBlock(b, { once: false, depth: 0, toolParams }, new Set()) });
        break;
      }
    }
    // Call-shaped tools: HostedMCPTool(tool_config={…}), MCPServerStreamableHttp(params={…}); every call on the
    // logical line (an agent's tools=[…] may build several toolsets).
    this.lines.forEach((l, i) => {
      for (const fw of this.sdks) {
        for (const shape of fw.tools) {
          for (const callName of shape.call) {
            if (!this.importedFrom(callName.split('.')[0]!, fw)) continue;
            for (const m of l.text.matchAll(new RegExp(`(?<![\\w.])${callName.replace(/\./g, '\\.')}\\s*\\(`, 'g'))) {
              out.push(this.callTool(l, i, m.index!, m.index! + m[0].length - 1, shape, fw));
            }
          }
        }
      }
    });
    out.push(...this.functionTools(out));
    return out;
  }

  /** A call-shaped tool at `callAt` (its `(` at `open`) on logical line `i`: its name, body and credential options. */
  private callTool(l: LLine, i: number, callAt: number, open: number, shape: ToolShape, fw: SdkPatterns): FoundTool {
    const args = argsAt(l.text, open);
    const argsOffset = l.start + open + 1;
    // `x = Tool(…)` names the tool `x`; a call nested in another call's arguments is not assigned to it.
    const assigned = /^\s*(\w+)\s*(?::[^=]+)?=(?!=)\s*$/.exec(l.text.slice(0, callAt))?.[1];
    const name = this.callToolName(shape, args, assigned) ?? shape.defaultName ?? `${fw.sdk}-tool`;
    const tool: ToolInfo = { tool: name, via: `code:${fw.sdk}`, file: this.input.file, line: this.pos(l.start + callAt).line };
    const ctx: EvalCtx = { once: false, depth: 0, fn: this.defAt(i) };
    const found = emptyFound();
    // `StructuredTool.from_function(func=search, name="search")`: the body is a function defined elsewhere.
    const fnName = this.bodyFunctionName(shape, args);
    const fn = fnName ? this.topLevelDefs().get(fnName) : undefined;
    if (fn) mergeFound(found, this.scanBlock(fn, { once: false, depth: 0, fn, toolParams: new Set(fn.params) }, new Set()));
    for (const spec of shape.credentials) {
      const kw = spec.replace(/^kw:/, '');
      const item = splitTop(args).find((x) => new RegExp(`^\\s*${kw}\\s*=`).test(x.item));
      if (!item) continue;
      const eq = item.item.indexOf('=') + 1;
      mergeFound(found, this.container(item.item.slice(eq), argsOffset + item.offset + eq, ctx));
    }
    return { tool, found, at: l.start + callAt, ...(assigned ? { key: assigned } : {}) };
  }

  /**
   * `Agent(tools=[get_weather])` where the SDK wraps a plain function as a tool (`functionTools: true`): a function
   * of this file is scanned like a decorated tool; one imported from a project module is linked across files.
   */
  private functionTools(known: FoundTool[]): FoundTool[] {
    const out: FoundTool[] = [];
    const taken = new Set(known.map((t) => t.key).filter((k) => k !== undefined));
    for (const call of this.agentCalls()) {
      if (!call.shape.functionTools) continue;
      for (const { items } of call.toolOptions) {
        for (const { item, offset } of items) {
          const ref = /^\s*([A-Za-z_]\w*)\s*$/.exec(item)?.[1];
          if (!ref || taken.has(ref) || this.moduleVars.has(ref)) continue;
          const def = this.topLevelDefs().get(ref);
          const imp = this.imports.get(ref);
          const at = offset + item.length - item.trimStart().length;
          if (def && def.kind === 'def') {
            const tool: ToolInfo = { tool: ref, via: `code:${call.fw.sdk}`, file: this.input.file, line: this.pos(this.lines[def.header]!.start + this.lines[def.header]!.indent).line };
            out.push({ tool, key: ref, found: this.scanBlock(def, { once: false, depth: 0, fn: def, toolParams: new Set(def.params) }, new Set()) });
          } else if (imp && imp.name !== '*' && !this.isThirdParty(imp.module)) {
            const tool: ToolInfo = { tool: imp.name, via: `code:${call.fw.sdk}`, file: this.input.file, line: this.pos(at).line };
            out.push({ tool, key: ref, found: { creds: [], imports: [{ module: `py:${imp.module}`, name: imp.name, ...this.pos(at), once: false }] } });
          } else continue;
          taken.add(ref);
        }
      }
    }
    return out;
  }

  /** Calls of the agent shapes of the file's SDKs, with their name and the items of their tools options. */
  private agentCalls(): AgentCall[] {
    if (this.agentCallList) return this.agentCallList;
    const out: AgentCall[] = [];
    for (const l of this.lines) {
      for (const fw of this.sdks) {
        for (const shape of fw.agents) {
          // Its own name and aliases (`from google.adk import Agent as AdkAgent`).
          for (const callName of shape.call.flatMap((c) => this.sdkCallNames(c, fw))) {
            for (const m of l.text.matchAll(new RegExp(`(?<![\\w.])${callName.replace(/\./g, '\\.')}\\s*\\(`, 'g'))) {
              const open = m.index! + m[0].length - 1;
              const argItems = splitTop(argsAt(l.text, open));
              const kw = (spec: string) => argItems.find((a) => new RegExp(`^\\s*${spec.slice(spec.indexOf(':') + 1)}\\s*=(?!=)`).test(a.item));
              const name = shape.name.map((spec) => {
                const item = kw(spec)?.item;
                return item === undefined ? undefined : stringLiteral(item.slice(item.indexOf('=') + 1));
              }).find((v) => v !== undefined);
              const toolOptions: AgentCall['toolOptions'] = [];
              const spans: AgentCall['spans'] = [];
              for (const spec of [...shape.tools, ...shape.models]) {
                const hit = spec.startsWith('kw:') ? kw(spec) : undefined;
                if (hit) spans.push({ from: l.start + open + 1 + hit.offset, to: l.start + open + 1 + hit.offset + hit.item.length });
              }
              for (const spec of shape.tools) {
                const hit = kw(spec);
                if (!hit) continue;
                const eq = hit.item.indexOf('=') + 1;
                const value = hit.item.slice(eq);
                const start = l.start + open + 1 + hit.offset + eq;
                const bracket = /^\s*\[/.exec(value);
                const items = bracket ? splitTop(argsAt(value, bracket[0].length - 1)).map((x) => ({ item: x.item, offset: start + bracket[0].length + x.offset })) : [];
                toolOptions.push({ text: value, start, items });
              }
              out.push({ fw, shape, name, toolOptions, spans });
            }
          }
        }
      }
    }
    this.agentCallList = out;
    return out;
  }

  private agentCallList: AgentCall[] | undefined;

  /**
   * `mcp_servers={"github": {"command": …, "env": {…}}}` / `"mcpServers": {…}` dicts outside a known tool shape
   * (Claude Agent SDK options, hand-written client configs): each server is a tool named by its key.
   */
  private mcpServerConfigs(): BindingPair[] {
    const out: BindingPair[] = [];
    this.lines.forEach((l, i) => {
      for (const m of l.text.matchAll(/(?:\b(?:mcp_servers|mcpServers)\s*=|["'](?:mcpServers|mcp_servers)["']\s*:)\s*\{/g)) {
        const open = m.index! + m[0].length - 1;
        const body = argsAt(l.text, open);
        for (const { item, offset } of splitTop(body)) {
          const s = /^\s*["']([^"']+)["']\s*:\s*\{/.exec(item);
          if (!s || !/["'](command|url|transport|args)["']\s*:/.test(item)) continue;
          const valueAt = l.start + open + 1 + offset + s[0].length - 1;
          const tool: ToolInfo = { tool: s[1]!, via: 'code:mcp-config', file: this.input.file, line: this.pos(l.start + open + 1 + offset + item.length - item.trimStart().length).line };
          const found = this.container(item.slice(s[0].length - 1), valueAt, { once: !this.defAt(i), depth: 0, fn: this.defAt(i) });
          for (const c of found.creds) out.push({ tool, entry: c });
        }
      }
    });
    return out;
  }

  /**
   * `Agent(name="ops", tools=[refund, SearchTool()])`: name the agent on those tools' bindings (named in the
   * option, or built inside it).
   */
  private assignAgents(tools: FoundTool[]): void {
    const byKey = new Map<string, ToolInfo>();
    for (const t of tools) if (t.key) byKey.set(t.key, t.tool);
    // The innermost named agent: `tools=[AgentTool(agent=Agent(name="inner", tools=[refund]))]` gives refund to inner.
    for (const call of this.agentCalls()) {
      for (const opt of call.toolOptions) {
        for (const ref of opt.text.matchAll(/(?<![.\w])([A-Za-z_]\w*)\b/g)) {
          const tool = byKey.get(ref[1]!);
          const agent = tool && !tool.agent ? this.agentAt(opt.start + ref.index!) : undefined;
          if (tool && agent) tool.agent = agent;
        }
      }
    }
    for (const t of tools) {
      const agent = t.at !== undefined && !t.tool.agent ? this.agentAt(t.at) : undefined;
      if (agent) t.tool.agent = agent;
    }
  }

  /** A dict / name / call used as a container of credentials (headers, params, tool_config, env). */
  private container(expr: string, at: number, ec: EvalCtx): Found {
    const found = emptyFound();
    const t = expr.trim();
    if (/^\w+$/.test(t)) {
      const mv = this.moduleVars.get(t);
      if (mv !== undefined && ec.depth < 4) {
        const l = this.lines[mv]!;
        const m = /^(\w+)\s*(?::[^=]+)?=(?!=)/.exec(l.text)!;
        return this.container(l.text.slice(m[0].length), l.start + m[0].length, { ...ec, once: true, depth: ec.depth + 1 });
      }
      return this.evalExpr(expr, at, ec);
    }
    mergeFound(found, this.credentialPositions(expr, at, ec));
    // env blocks: {"GITHUB_TOKEN": os.environ["GITHUB_TOKEN"]} and bare credential env reads anywhere inside.
    mergeFound(found, this.atoms(expr, at, ec, false));
    for (const m of expr.matchAll(/["']([A-Z][A-Z0-9_]*)["']\s*:\s*/g)) {
      if (!this.patterns.credentialEnvName.test(m[1]!)) continue;
      const start = m.index! + m[0].length;
      mergeFound(found, this.evalExpr(valueExtent(expr, start), at + start, { ...ec, key: m[1]! }));
    }
    // A module-level value under any key (`env={"OPENAPI_MCP_HEADERS": HEADERS}` with HEADERS a JSON of an
    // Authorization header) is searched the same way.
    for (const m of expr.matchAll(/["'][^"'\n]*["']\s*:\s*([A-Za-z_]\w*)\s*(?=[,}]|$)/g)) {
      if (this.moduleVars.has(m[1]!) && ec.depth < 4) mergeFound(found, this.container(m[1]!, at + m.index! + m[0].length - m[1]!.length, ec));
    }
    return found;
  }

  private decoratorShape(b: Block, fw: SdkPatterns): { shape: ToolShape; decoratorArgs: string } | undefined {
    for (const d of b.decorators) {
      const m = /^([\w.]+)\s*(\(([\s\S]*)\))?\s*$/.exec(d);
      if (!m) continue;
      const parts = m[1]!.split('.');
      const last = parts[parts.length - 1]!;
      for (const shape of fw.tools) {
        if (!shape.decorator.includes(last)) continue;
        // `@tool` must come from the SDK; `@mcp.tool()` needs the SDK imported in the file.
        if (parts.length === 1 && !this.importedFrom(last, fw)) continue;
        if (parts.length > 1 && !this.importedFrom(parts[0]!, fw) && !this.moduleVarFromFramework(parts[0]!, fw)) continue;
        return { shape, decoratorArgs: m[3] ?? '' };
      }
    }
    return undefined;
  }

  /** `mcp = FastMCP("name")` with FastMCP imported from the SDK. */
  private moduleVarFromFramework(name: string, fw: SdkPatterns): boolean {
    const i = this.moduleVars.get(name);
    if (i === undefined) return false;
    const m = /=\s*([\w.]+)\s*\(/.exec(this.lines[i]!.text);
    return !!m && this.importedFrom(m[1]!.split('.')[0]!, fw);
  }

  private baseShape(b: Block, fw: SdkPatterns): { shape: ToolShape; decoratorArgs: string } | undefined {
    for (const base of b.bases) {
      const shape = fw.tools.find((s) => s.extends.includes(base));
      if (shape && this.importedFrom(base, fw)) return { shape, decoratorArgs: '' };
    }
    return undefined;
  }

  private toolName(b: Block, shape: ToolShape, decoratorArgs: string): string {
    const args = splitTop(decoratorArgs);
    for (const spec of shape.name) {
      if (spec === 'decoratorArg:0') {
        const first = args[0] && !/^\s*\w+\s*=/.test(args[0].item) ? stringLiteral(args[0].item) : undefined;
        if (first) return first;
      } else if (spec.startsWith('decoratorKw:')) {
        const kw = spec.slice(12);
        const hit = args.find((a) => new RegExp(`^\\s*${kw}\\s*=`).test(a.item));
        const v = hit && stringLiteral(hit.item.slice(hit.item.indexOf('=') + 1));
        if (v) return v;
      } else if (spec === 'function' || spec === 'class') {
        return b.name;
      } else if (spec.startsWith('property:')) {
        const key = spec.slice(9);
        for (let i = b.first; i < b.last; i++) {
          const l = this.lines[i]!;
          if (l.indent <= b.indent) break;
          const m = new RegExp(`^\\s*${key}\\s*(?::[^=]+)?=\\s*(.+)$`, 's').exec(l.text);
          const v = m && stringLiteral(m[1]!);
          if (v) return v;
        }
      }
    }
    return b.name;
  }

  /** The function given as a call-shaped tool's body: `func=search` (kw:func) or the first argument (arg:0). */
  private bodyFunctionName(shape: ToolShape, args: string): string | undefined {
    const items = splitTop(args);
    for (const spec of shape.body) {
      let value: string | undefined;
      if (spec.startsWith('arg:')) {
        const item = items[Number(spec.slice(4))]?.item;
        if (item && !/^\s*\w+\s*=(?!=)/.test(item)) value = item;
      } else {
        const kw = spec.replace(/^kw:/, '');
        const item = items.find((x) => new RegExp(`^\\s*${kw}\\s*=`).test(x.item))?.item;
        value = item?.slice(item.indexOf('=') + 1);
      }
      const m = value !== undefined ? /^\s*(\w+)\s*$/.exec(value) : null;
      if (m) return m[1];
    }
    return undefined;
  }

  private callToolName(shape: ToolShape, args: string, assigned: string | undefined): string | undefined {
    for (const spec of shape.name) {
      if (spec.startsWith('key:')) {
        const m = new RegExp(`["']${spec.slice(4)}["']\\s*:\\s*["']([^"']+)["']`).exec(args);
        if (m) return m[1];
      } else if (spec.startsWith('kw:')) {
        const m = new RegExp(`(?<![\\w.])${spec.slice(3)}\\s*=\\s*["']([^"']+)["']`).exec(args);
        if (m) return m[1];
      } else if (spec === 'variable') {
        if (assigned) return assigned;
      } else if (spec === 'bodyName') {
        const name = this.bodyFunctionName(shape, args);
        if (name) return name;
      }
    }
    return undefined;
  }

  // ---- agent clients, exports, evidence -----------------------------------------------------------------------

  /**
   * API clients no tool in this file reaches: the agent's own bindings, wherever the client is built (module
   * level, a function, a method, inline in another call's arguments).
   */
  private agentClients(toolEntries: Set<string>): BindingPair[] {
    const out: BindingPair[] = [];
    this.lines.forEach((l, i) => {
      const blanked = blankStrings(l.text);
      for (const m of blanked.matchAll(/(?<![\w.])([A-Za-z_][\w.]*)\s*\(/g)) {
        const client = this.clientFor(m[1]!);
        if (!client) continue;
        const open = m.index! + m[0].length - 1;
        const fn = this.defAt(i);
        const found = this.clientCreds(client, argsAt(l.text, open), l.start + open + 1, l.start + m.index!, { once: !fn, depth: 0, fn });
        for (const c of found.creds) {
          if (toolEntries.has(entryKey(c)) || c.source === 'input') continue;
          const name = typeof c.attributes?.client === 'string' ? c.attributes.client : client.name;
          const tool: ToolInfo = { tool: name, via: AGENT_CLIENT_VIA, file: this.input.file, line: this.pos(l.start + m.index!).line };
          const agent = this.agentAt(l.start + m.index!);
          if (agent) tool.agent = agent;
          out.push({ tool, entry: c });
        }
      }
      // A module-wide key: `openai.api_key = os.getenv(…)`, `stripe.api_key = …` on an imported SDK module.
      const g = /^(\s*)(\w+)\.(\w+)\s*=(?!=)\s*/.exec(l.text);
      const mod = g && this.imports.get(g[2]!);
      if (g && mod?.name === '*' && this.patterns.credentialKeys.has(g[3]!.toLowerCase())) {
        const fn = this.defAt(i);
        const valueAt = l.start + g[0].length;
        const found = this.evalExpr(l.text.slice(g[0].length), valueAt, { once: !fn, depth: 0, fn, key: g[3]! });
        for (const c of found.creds) {
          if (toolEntries.has(entryKey(c)) || c.source === 'input') continue;
          c.attributes = { ...(c.attributes ?? {}), client: g[2]! };
          out.push({ tool: { tool: g[2]!, via: AGENT_CLIENT_VIA, file: this.input.file, line: this.pos(l.start + g[1]!.length).line }, entry: c });
        }
      }
    });
    return out;
  }

  /**
   * The named agent whose tools or model option holds this file offset (`Agent(name="ops", model=Claude(…),
   * tools=[GithubTools()])`): a client or model call built there is that agent's.
   */
  private agentAt(offset: number): string | undefined {
    let best: { name: string; size: number } | undefined;
    for (const c of this.agentCalls()) {
      if (!c.name) continue;
      // The innermost: an agent built inside another agent's tools (`AgentTool(agent=Agent(name=…, model=…))`).
      for (const sp of c.spans) if (offset >= sp.from && offset < sp.to && (!best || sp.to - sp.from < best.size)) best = { name: c.name, size: sp.to - sp.from };
    }
    return best?.name;
  }

  /**
   * Model strings in a catalogued model position (`Agent('openai:gpt-4o')`, `init_chat_model('anthropic:…')`,
   * `LLM(model='openai/gpt-4o')`): the provider's SDK reads its default env key on its own. The agent's binding,
   * at the string; none when the call passes a key itself (`api_key=`).
   */
  private modelStrings(): BindingPair[] {
    const out: BindingPair[] = [];
    this.lines.forEach((l) => {
      const blanked = blankStrings(l.text);
      for (const fw of this.sdks) {
        const slots = [...fw.agents.filter((a) => a.models.length), ...fw.modelCalls];
        for (const slot of slots) {
          for (const callName of slot.call.flatMap((c) => this.sdkCallNames(c, fw))) {
            // `Agent[Deps, Output]('openai:gpt-4o', …)`: a generic alias is still the call.
            for (const m of blanked.matchAll(new RegExp(`(?<![\\w.])${callName.replace(/\./g, '\\.')}\\s*(?:\\[[^()]*?\\]\\s*)?\\(`, 'g'))) {
              const open = m.index! + m[0].length - 1;
              const pair = this.modelStringAt(l, open, slot, fw);
              if (!pair) continue;
              // `Agent(name="ops", model=LiteLlm(model="openai/gpt-4o"))`: a model call in an agent's option is that agent's.
              const agent = pair.tool.agent ?? this.agentAt(l.start + m.index!);
              if (agent) pair.tool.agent = agent;
              out.push(pair);
            }
          }
        }
      }
    });
    return out;
  }

  /** The names a framework's call goes by in this file: its own, and aliases (`from crewai import Agent as CrewAgent`). */
  private sdkCallNames(callName: string, fw: SdkPatterns): string[] {
    const [head, ...rest] = callName.split('.');
    const out: string[] = [];
    for (const [local, imp] of this.imports) {
      if ((local === head || imp.name === head) && this.importedFrom(local, fw)) out.push([local, ...rest].join('.'));
    }
    return out;
  }

  /** A model string spelled out: a literal, an f-string's head, a local assignment earlier in the function, a module constant. */
  private modelValue(expr: string, at: number, depth = 0): string | undefined {
    const name = expr.trim();
    if (depth > 4) return undefined;
    // `os.getenv("MODEL", "openai:gpt-4o")`: the default the code spells out (like `process.env.MODEL ?? '…'`).
    const env = /^os\.(?:getenv|environ\.get)\(\s*["']\w+["']\s*,\s*(.+)\)$/s.exec(name);
    if (env) return stringLiteral(env[1]!.trim());
    const fn = this.defAt(this.lineIndexAt(at));
    if (fn && /^\w+$/.test(name)) {
      const assignRe = new RegExp(`^\\s*${name}\\s*(?::[^=]+)?=(?!=)`);
      for (let i = Math.min(this.lineIndexAt(at), fn.last - 1); i >= fn.first; i--) {
        const m = assignRe.exec(this.lines[i]!.text);
        if (m) return this.modelValue(this.lines[i]!.text.slice(m[0].length), this.lines[fn.header]!.start, depth + 1);
      }
      if (fn.params.includes(name)) return undefined;
    }
    const mv = /^\w+$/.test(name) ? this.moduleVars.get(name) : undefined;
    if (mv !== undefined && this.lineIndexAt(at) !== mv) {
      const l = this.lines[mv]!;
      const m = /^(\w+)\s*(?::[^=]+)?=(?!=)/.exec(l.text)!;
      return this.modelValue(l.text.slice(m[0].length), l.start, depth + 1);
    }
    return this.constantString(expr, 0);
  }

  private modelStringAt(l: LLine, open: number, slot: ModelSlot & { name?: string[] }, fw: SdkPatterns): BindingPair | undefined {
    const items = splitTop(argsAt(l.text, open)).map(({ item, offset }) => {
      const kw = /^\s*(\*\*)?(\w+)\s*=(?!=)\s*/.exec(item);
      return { key: kw ? kw[2]! : undefined, star: !!kw?.[1], value: kw ? item.slice(kw[0].length) : item, at: l.start + open + 1 + offset + (kw ? kw[0].length : item.length - item.trimStart().length) };
    });
    if (items.some((x) => x.key && !x.star && this.patterns.credentialKeys.has(x.key.toLowerCase()))) return undefined;
    const positional = items.filter((x) => !x.key && !x.value.trim().startsWith('*'));
    for (const spec of slot.models) {
      const [kind, key] = spec.split(':') as [string, string];
      const item = kind === 'arg' ? positional[Number(key)] : items.find((x) => x.key === key);
      const value = item && this.modelValue(item.value, item.at);
      const bound = value !== undefined ? modelStringBinding(this.patterns, 'python', value, slot) : undefined;
      if (!item || !bound) continue;
      const agentName = slot.name?.map((s) => items.find((x) => x.key === s.slice(s.indexOf(':') + 1))).map((x) => (x ? stringLiteral(x.value) : undefined)).find((v) => v !== undefined);
      const tool: ToolInfo = { tool: bound.client, via: AGENT_CLIENT_VIA, file: this.input.file, line: this.pos(l.start + open).line };
      if (agentName) tool.agent = agentName;
      return { tool, entry: this.entry(item.at, 'env', bound.env, 'process', { implicit: true, client: bound.client, sdk: fw.sdk }) };
    }
    return undefined;
  }

  private exportFacts(facts: FileCodeFacts): void {
    for (const [name] of this.moduleVars) {
      if (name.startsWith('_')) continue;
      const at = this.lines[this.moduleVars.get(name)!]!.start;
      const r = this.resolveName(name, at, { once: true, depth: 0 }, false);
      const l = this.lines[this.moduleVars.get(name)!]!;
      const cm = /=\s*([\w.]+)\s*\(/.exec(l.text);
      const client = cm ? this.clientFor(cm[1]!) : undefined;
      if ((r.creds.length || r.imports.length) && name !== '__proto__') facts.exports[name] = { creds: r.creds, imports: r.imports, ...(client ? { client: client.name } : {}) };
    }
    for (const b of this.blocks) {
      if (b.kind !== 'def' || b.indent !== 0 || b.name.startsWith('_')) continue;
      const r = this.scanBlock(b, { once: false, depth: 0, fn: b }, new Set());
      if (r.creds.length || r.imports.length) facts.exports[b.name] = { creds: r.creds, imports: r.imports };
    }
  }

  private fileEvidence(): void {
    const file = this.input.file;
    const finallyRanges: [number, number][] = [];
    this.lines.forEach((l, i) => {
      if (/^\s*finally\s*:/.test(l.text)) {
        let j = i + 1;
        while (j < this.lines.length && this.lines[j]!.indent > l.indent) j++;
        finallyRanges.push([i + 1, j]);
      }
    });
    this.lines.forEach((l, i) => {
      const line = () => this.pos(l.start + l.indent).line;
      for (const m of l.text.matchAll(/\b([A-Za-z_][\w.]*)\s*\(/g)) {
        const name = m[1]!.split('.').pop()!;
        // Arguments are read only for the calls that need them (every call's was quadratic in nesting depth).
        let argsText: string | undefined;
        const args = () => (argsText ??= argsAt(l.text, m.index! + m[0].length - 1));
        if (this.patterns.tracingOff.has(name) && /^\s*True\s*$/.test(args())) {
          this.evidence.push({ control: 'tool-call-logging', kind: 'against', file, line: line(), detail: `${name}(True) turns off tracing of tool calls`, pattern: 'code:tracing-disabled' });
        }
        if (this.patterns.spans.has(name)) {
          this.evidence.push({ control: 'tool-call-logging', kind: 'for', file, line: line(), detail: `${name} records a span`, pattern: 'code:tool-span' });
        }
        const full = m[1]!;
        const receiver = full.includes('.') ? full.slice(0, full.lastIndexOf('.')) : '';
        if (finallyRanges.some(([a, b]) => i >= a && i < b) && revokesCredential(this.patterns, name, receiver, args())) {
          this.evidence.push({ control: 'short-ttl-revocation', kind: 'for', file, line: line(), detail: `${name} revokes the credential in a finally block`, pattern: 'code:revoke-in-finally' });
        }
        if (!issuersNamed(this.patterns, name, false).length) continue;
        const first = stringLiteral(splitTop(args())[0]?.item ?? '');
        const issuer = matchIssuer(this.patterns, name, first, false, receiver || undefined);
        if (issuer && issuer.source !== 'secret-manager') {
          const attrs = this.issuerAttributes(args());
          if (attrs.audience !== undefined) {
            this.evidence.push({ control: 'context-binding', kind: 'for', file, line: line(), detail: `${m[1]} is called with an audience or scope`, pattern: 'code:issuer-audience' });
          } else if (this.defAt(i) && /^(mint|exchange)/i.test(name)) {
            this.evidence.push({ control: 'context-binding', kind: 'against', file, line: line(), detail: `${m[1]} is called without an audience or scope`, pattern: 'code:issuer-no-audience' });
          }
          if (typeof attrs.ttl === 'number' && (attrs.ttl <= 3600 || attrs.ttl > 86400)) {
            const short = attrs.ttl <= 3600;
            this.evidence.push({ control: 'short-ttl-revocation', kind: short ? 'for' : 'against', file, line: line(), detail: `${m[1]} asks for a ${attrs.ttl}-second lifetime`, pattern: 'code:issuer-ttl' });
          }
        }
      }
    });
  }
}
