// TypeScript / JavaScript agent code analysis. Each file is parsed on its own, syntax only (the TypeScript
// parser, no Project, no type checker); the walk uses the compiler nodes directly. Nothing is executed or
// imported.
//
// For each tool definition (rules/code/*.yaml) it finds the credentials the tool reaches:
//   - credential options of the definition itself (MCP headers, authorization, env),
//   - inside the tool body: env reads of credential-like names, issuer calls, client constructors,
//     credential-keyed properties (Authorization, apiKey, …), and outer values the body captures
//     (module-level clients and constants, imports, helper functions it calls).
// Scope: an issuer call reached per call (inside the body or a function it calls) is `task`; everything
// else — literals, env reads (also inside the body), module-level clients and tokens — is `process`.
import type { ts } from 'ts-morph';
import type { Binding, Warning } from '../model/report.js';
import type { Evidence, Issue } from '../model/records.js';
import type { ReaderHelpers } from '../extract/index.js';
import {
  isCredentialFile,
  matchIssuer,
  revokesCredential,
  moduleMatches,
  providerOfUrl,
  type ClientPattern,
  type CodePatterns,
  type DefaultInstance,
  type SdkPatterns,
  type ModelSlot,
  type ToolShape,
  modelStringBinding,
} from './patterns.js';
import {
  emptyFound,
  AGENT_CLIENT_VIA,
  entryKey,
  mergeFound,
  mergePairs,
  type BindingPair,
  type CredEntry,
  type ExportFacts,
  type FileCodeFacts,
  type Found,
  type ToolInfo,
} from './model.js';
import {
  hasFunctionAncestor,
  isFunctionLike,
  isInside,
  propName,
  SCOPE_KINDS,
  parseSource,
  stringValue,
  tsv,
  unwrap,
} from './ts-nodes.js';

export interface CodeAnalysis {
  bindings: Binding[];
  issues: Issue[];
  evidence: Evidence[];
  warnings: Warning[];
  facts: FileCodeFacts;
}

interface FileIn {
  file: string;
  text: string;
  lineAt(offset: number): { line: number; column: number };
}

export function analyzeTypeScript(input: FileIn, helpers: ReaderHelpers, patterns: CodePatterns): CodeAnalysis {
  const sf = parseSource(input.file, input.text);
  return new TsFileAnalyzer(sf, input, helpers, patterns).run();
}

// ---------------------------------------------------------------------------------------------------------

type Decl =
  | { kind: 'var'; decl: ts.VariableDeclaration; element?: ts.BindingElement; name: string }
  | { kind: 'function'; node: ts.FunctionLikeDeclaration; name: string }
  | { kind: 'param'; node: ts.ParameterDeclaration; name: string }
  | { kind: 'class'; node: ts.ClassLikeDeclaration; name: string };

interface EvalCtx {
  /** Reached through a module-level binding: an issuer behind it runs once, not per call. */
  once: boolean;
  depth: number;
  /** Credential key of the position being evaluated (apiKey, Authorization), for detectValue. */
  key?: string;
  /** Parameters of the tool body: values from them come from the caller (source input). */
  toolParams?: Set<ts.Node>;
}

interface ToolDef extends ToolInfo {
  sdk: string;
  node: ts.Node;
  bodies: ts.Node[];
  credentialExprs: ts.Expression[];
}

const MAX_DEPTH = 8;
const NO_DECLS: Map<string, Decl> = new Map();
const STRING_METHODS = new Set(['trim', 'toString', 'replace', 'replaceAll', 'concat', 'slice', 'substring', 'valueOf', 'padStart']);
const WRAPPERS = new Set(['btoa', 'encodeURIComponent', 'String', 'from']);

class TsFileAnalyzer {
  private readonly imports = new Map<string, { module: string; name: string }>();
  private readonly scopes = new Map<ts.Node, Map<string, Decl>>();
  /** Named imports of SDK ready-made instances (`import { openai } from '@ai-sdk/openai'`). */
  private readonly defaultImports = new Map<ts.ImportSpecifier, DefaultInstance>();
  private readonly evidence: Evidence[] = [];
  private readonly warnings: Warning[] = [];
  private readonly calls: (ts.CallExpression | ts.NewExpression)[] = [];
  private readonly classes: ts.ClassLikeDeclaration[] = [];
  private readonly properties: ts.PropertyAssignment[] = [];
  private readonly finallyBlocks: ts.Block[] = [];
  private sdksInFile: SdkPatterns[] = [];

  constructor(
    private readonly sf: ts.SourceFile,
    private readonly input: FileIn,
    private readonly helpers: ReaderHelpers,
    private readonly patterns: CodePatterns,
  ) {}

  run(): CodeAnalysis {
    this.collect(this.sf);
    const tsSdks = this.patterns.sdks.filter((f) => f.language === 'typescript');
    const modules = new Set([...this.imports.values()].map((i) => i.module));
    this.sdksInFile = tsSdks.filter((f) => [...modules].some((m) => moduleMatches(m, f.imports)));

    const tools = this.findTools();
    this.assignAgents(tools);
    const bindings: Binding[] = [];
    const issues: Issue[] = [];
    const facts: FileCodeFacts = { version: 1, exports: {}, reexports: [], uses: [] };

    const pairs: BindingPair[] = [];
    for (const tool of tools) {
      const found = emptyFound();
      for (const expr of tool.credentialExprs) mergeFound(found, this.credsInContainer(expr, { once: false, depth: 0 }));
      for (const body of tool.bodies) {
        const toolParams = new Set<ts.Node>(isFunctionLike(body) ? body.parameters : []);
        mergeFound(found, this.scanBody(body, { once: false, depth: 0, toolParams }, new Set()));
      }
      for (const c of found.creds) pairs.push({ tool, entry: c });
      for (const ref of found.imports) {
        if (ref.module.startsWith('.')) facts.uses.push({ tool: tool.tool, via: tool.via, file: tool.file, line: tool.line, ref });
      }
    }
    pairs.push(...this.mcpServerConfigs(tools));
    const toolEntries = new Set(pairs.map((x) => entryKey(x.entry)));
    pairs.push(...this.agentClients(toolEntries));
    pairs.push(...this.modelStrings());
    const merged = mergePairs(pairs);
    bindings.push(...merged.bindings);
    issues.push(...merged.issues);
    this.evidence.push(...merged.evidence);

    this.spanEvidence(tools);
    this.exportFacts(facts);
    this.fileEvidence();
    return { bindings, issues, evidence: this.evidence, warnings: this.warnings, facts };
  }

  // ---- positions ----------------------------------------------------------------------------------------

  private pos(node: ts.Node): { line: number; column: number } {
    return this.input.lineAt(node.getStart(this.sf));
  }

  private entry(node: ts.Node, source: CredEntry['source'], ref: string | null, scope: CredEntry['scope'], attributes?: CredEntry['attributes']): CredEntry {
    const e: CredEntry = { source, ref, file: this.input.file, ...this.pos(node), scope };
    if (attributes && Object.keys(attributes).length) e.attributes = attributes;
    return e;
  }

  private text(node: ts.Node, max = 80): string {
    const t = node.getText(this.sf).replace(/\s+/g, '');
    return t.length > max ? `${t.slice(0, max)}…` : t;
  }

  // ---- one walk over the file ----------------------------------------------------------------------------

  /**
   * One walk over the file: records imports, calls, classes, properties and finally blocks, and sets every
   * node's `parent` (the parse leaves them unset: linking them here saves the parser a second full walk).
   */
  private collect(root: ts.Node): void {
    const link = (n: ts.Node): void => {
      tsv.forEachChild(n, (c) => {
        (c as { parent: ts.Node }).parent = n;
        link(c);
      });
    };
    const visit = (n: ts.Node): void => {
      if (tsv.isImportDeclaration(n)) this.addImport(n);
      else if (tsv.isImportEqualsDeclaration(n)) {
        const ref = n.moduleReference;
        if (tsv.isExternalModuleReference(ref)) {
          const m = stringValue(ref.expression);
          if (m) this.imports.set(n.name.text, { module: m, name: 'default' });
        }
      } else if (tsv.isVariableDeclaration(n) && n.initializer) this.addRequire(n);
      if (tsv.isCallExpression(n) || tsv.isNewExpression(n)) this.calls.push(n);
      else if (tsv.isClassDeclaration(n) || tsv.isClassExpression(n)) this.classes.push(n);
      else if (tsv.isPropertyAssignment(n)) this.properties.push(n);
      else if (tsv.isTryStatement(n) && n.finallyBlock) this.finallyBlocks.push(n.finallyBlock);
      if (tsv.isTypeNode(n) || tsv.isInterfaceDeclaration(n) || tsv.isTypeAliasDeclaration(n)) {
        link(n); // types hold nothing to record, but their nodes still get parents
        return;
      }
      tsv.forEachChild(n, (c) => {
        (c as { parent: ts.Node }).parent = n;
        visit(c);
      });
    };
    visit(root);
  }

  private addImport(n: ts.ImportDeclaration): void {
    const module = stringValue(n.moduleSpecifier);
    const clause = n.importClause;
    if (!module || !clause) return;
    if (clause.name) this.imports.set(clause.name.text, { module, name: 'default' });
    const nb = clause.namedBindings;
    if (nb && tsv.isNamespaceImport(nb)) this.imports.set(nb.name.text, { module, name: '*' });
    if (nb && tsv.isNamedImports(nb)) {
      for (const el of nb.elements) {
        const name = (el.propertyName ?? el.name).text;
        this.imports.set(el.name.text, { module, name });
        if (clause.isTypeOnly || el.isTypeOnly) continue;
        const inst = this.patterns.defaultInstances.find((d) => d.module === module && d.names.includes(name));
        if (inst) this.defaultImports.set(el, inst);
      }
    }
  }

  /** `const x = require('m')`, `const { a } = require('m')`, `await import('m')`. */
  private addRequire(n: ts.VariableDeclaration): void {
    const init = unwrap(n.initializer!);
    if (!tsv.isCallExpression(init) || init.arguments.length !== 1) return;
    const isRequire = tsv.isIdentifier(init.expression) && init.expression.text === 'require';
    const isImport = init.expression.kind === tsv.SyntaxKind.ImportKeyword;
    const module = stringValue(init.arguments[0]);
    if (!(isRequire || isImport) || !module) return;
    if (tsv.isIdentifier(n.name)) this.imports.set(n.name.text, { module, name: 'default' });
    else if (tsv.isObjectBindingPattern(n.name)) {
      for (const el of n.name.elements) {
        if (tsv.isIdentifier(el.name)) this.imports.set(el.name.text, { module, name: propName(el.propertyName) ?? el.name.text });
      }
    }
  }

  // ---- names and declarations -----------------------------------------------------------------------------

  /** Callee as { name, module } — module when the name (or its namespace) is imported. */
  private callee(expr: ts.Expression): { name: string; module?: string; receiver?: ts.Expression; chained?: boolean } | undefined {
    const e = unwrap(expr);
    if (tsv.isIdentifier(e)) {
      const imp = this.importOf(e);
      if (imp) return { name: imp.name === 'default' || imp.name === '*' ? e.text : imp.name, module: imp.module };
      return { name: e.text };
    }
    if (tsv.isPropertyAccessExpression(e)) {
      const recv = unwrap(e.expression);
      if (tsv.isIdentifier(recv)) {
        const imp = this.importOf(recv);
        if (imp) return { name: e.name.text, module: imp.module, receiver: recv };
      }
      // `openai.tools.mcp(…)`: the chain's root names the module.
      let root: ts.Expression = recv;
      while (tsv.isPropertyAccessExpression(root)) root = unwrap(root.expression);
      const rootImport = root !== recv && tsv.isIdentifier(root) ? this.importOf(root) : undefined;
      if (rootImport) return { name: e.name.text, module: rootImport.module, receiver: e.expression, chained: true };
      return { name: e.name.text, receiver: e.expression };
    }
    return undefined;
  }

  /** The import an identifier refers to, unless a local declaration shadows it. */
  private importOf(id: ts.Identifier): { module: string; name: string } | undefined {
    const imp = this.imports.get(id.text);
    if (!imp) return undefined;
    const decl = this.resolve(id);
    if (decl && !(decl.kind === 'var' && this.isRequireDecl(decl.decl))) return undefined;
    return imp;
  }

  private isRequireDecl(d: ts.VariableDeclaration): boolean {
    const init = d.initializer && unwrap(d.initializer);
    return !!init && tsv.isCallExpression(init)
      && ((tsv.isIdentifier(init.expression) && init.expression.text === 'require') || init.expression.kind === tsv.SyntaxKind.ImportKeyword);
  }

  private scopeOf(container: ts.Node): Map<string, Decl> {
    if (!SCOPE_KINDS.has(container.kind)) return NO_DECLS;
    let map = this.scopes.get(container);
    if (map) return map;
    map = new Map();
    const add = (name: ts.BindingName, mk: (id: string, el?: ts.BindingElement) => Decl, el?: ts.BindingElement) => {
      if (tsv.isIdentifier(name)) {
        if (!map!.has(name.text)) map!.set(name.text, mk(name.text, el));
        return;
      }
      for (const e of name.elements) if (tsv.isBindingElement(e)) add(e.name, mk, e);
    };
    const addStatement = (s: ts.Node) => {
      if (tsv.isVariableStatement(s)) {
        for (const d of s.declarationList.declarations) add(d.name, (name, element) => ({ kind: 'var', decl: d, element, name }));
      } else if (tsv.isFunctionDeclaration(s) && s.name) {
        map!.set(s.name.text, { kind: 'function', node: s, name: s.name.text });
      } else if (tsv.isClassDeclaration(s) && s.name) {
        map!.set(s.name.text, { kind: 'class', node: s, name: s.name.text });
      }
    };
    if (tsv.isSourceFile(container) || tsv.isBlock(container) || tsv.isModuleBlock(container) || tsv.isCaseClause(container) || tsv.isDefaultClause(container)) {
      container.statements.forEach(addStatement);
    } else if (isFunctionLike(container)) {
      for (const p of container.parameters) add(p.name, (name) => ({ kind: 'param', node: p, name }));
      if ((tsv.isFunctionExpression(container)) && container.name) {
        map.set(container.name.text, { kind: 'function', node: container, name: container.name.text });
      }
    } else if ((tsv.isForStatement(container) || tsv.isForOfStatement(container) || tsv.isForInStatement(container))
      && container.initializer && tsv.isVariableDeclarationList(container.initializer)) {
      for (const d of container.initializer.declarations) add(d.name, (name, element) => ({ kind: 'var', decl: d, element, name }));
    } else if (tsv.isCatchClause(container) && container.variableDeclaration) {
      const d = container.variableDeclaration;
      add(d.name, (name, element) => ({ kind: 'var', decl: d, element, name }));
    }
    this.scopes.set(container, map);
    return map;
  }

  /** Lexical lookup of an identifier (no type checker: walk the enclosing scopes). */
  private resolve(id: ts.Identifier): Decl | undefined {
    for (let cur: ts.Node | undefined = id.parent; cur; cur = cur.parent) {
      const d = this.scopeOf(cur).get(id.text);
      if (d) return d;
    }
    return undefined;
  }

  private functionOf(d: Decl | undefined): ts.FunctionLikeDeclaration | undefined {
    if (!d) return undefined;
    if (d.kind === 'function') return d.node;
    if (d.kind === 'var' && !d.element && d.decl.initializer) {
      const init = unwrap(d.decl.initializer);
      if (tsv.isArrowFunction(init) || tsv.isFunctionExpression(init)) return init;
    }
    return undefined;
  }

  // ---- env reads --------------------------------------------------------------------------------------------

  private isEnvObject(e: ts.Expression): boolean {
    const x = unwrap(e);
    if (tsv.isPropertyAccessExpression(x) && x.name.text === 'env') {
      const o = unwrap(x.expression);
      if (tsv.isIdentifier(o) && (o.text === 'process' || o.text === 'Bun')) return true;
      if (tsv.isMetaProperty(o) && o.name.text === 'meta') return true;
    }
    if (tsv.isIdentifier(x)) {
      const d = this.resolve(x);
      if (d?.kind === 'var' && !d.element && d.decl.initializer) return this.isEnvObject(d.decl.initializer);
      if (!d && x.text === 'env' && this.imports.get('env')?.module === 'node:process') return true;
    }
    return false;
  }

  /** Name of the env var read by this expression; undefined when it is not an env read. */
  private envRead(e: ts.Node): string | undefined {
    if (tsv.isPropertyAccessExpression(e) && this.isEnvObject(e.expression)) return e.name.text;
    if (tsv.isElementAccessExpression(e) && this.isEnvObject(e.expression)) return stringValue(e.argumentExpression);
    if (tsv.isCallExpression(e) && tsv.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'get') {
      const o = e.expression.expression; // Deno.env.get('X')
      if (tsv.isPropertyAccessExpression(o) && o.name.text === 'env' && tsv.isIdentifier(o.expression) && o.expression.text === 'Deno') {
        return stringValue(e.arguments[0]);
      }
    }
    return undefined;
  }

  // ---- issuers and clients ---------------------------------------------------------------------------------

  /** The path a file read takes: a string, or a local constant holding one (`new URL('./media/a.jpg', …)`). */
  private pathOf(arg: ts.Expression | undefined): string | undefined {
    if (!arg) return undefined;
    const direct = stringValue(arg);
    if (direct !== undefined) return direct;
    const x = unwrap(arg);
    const init = tsv.isIdentifier(x) ? this.resolve(x) : undefined;
    const value = init?.kind === 'var' && init.decl.initializer ? unwrap(init.decl.initializer) : undefined;
    if (!value) return undefined;
    if (tsv.isNewExpression(value) && value.arguments?.[0]) return stringValue(value.arguments[0]);
    return stringValue(value);
  }

  private issuerOf(n: ts.CallExpression | ts.NewExpression): { source: CredEntry['source']; ref: string } | undefined {
    const c = this.callee(n.expression);
    if (!c) return undefined;
    const first = stringValue(n.arguments?.[0]);
    const issuer = matchIssuer(this.patterns, c.name, first, tsv.isNewExpression(n), c.receiver ? this.text(c.receiver, 80) : undefined);
    if (!issuer) return undefined;
    const base = tsv.isNewExpression(n) ? `new ${c.name}` : this.text(n.expression, 60);
    return { source: issuer.source, ref: issuer.argPattern && first ? `${base}(${first})` : base };
  }

  /** audience / ttl visible in an issuer call's object arguments (one level of nesting). */
  private issuerAttributes(n: ts.CallExpression | ts.NewExpression): Record<string, string | number | boolean> {
    const out: Record<string, string | number | boolean> = {};
    const visitObject = (o: ts.ObjectLiteralExpression, level: number) => {
      for (const p of o.properties) {
        if (!tsv.isPropertyAssignment(p) && !tsv.isShorthandPropertyAssignment(p)) continue;
        const key = propName(p.name)?.toLowerCase();
        if (!key) continue;
        const init = tsv.isPropertyAssignment(p) ? unwrap(p.initializer) : undefined;
        if (this.patterns.audienceKeys.has(key) && out.audience === undefined) {
          out.audience = (init && stringValue(init)) ?? key;
        } else if (this.patterns.ttlKeys.has(key) && out.ttl === undefined) {
          if (init && tsv.isNumericLiteral(init)) out.ttl = Number(init.text);
          else if (init && stringValue(init)) out.ttl = stringValue(init)!;
          else out.ttl = key;
        } else if (init && tsv.isObjectLiteralExpression(init) && level < 1) {
          visitObject(init, level + 1);
        }
      }
    };
    for (const a of n.arguments ?? []) {
      const x = unwrap(a);
      if (tsv.isObjectLiteralExpression(x)) visitObject(x, 0);
    }
    return out;
  }

  private clientOf(n: ts.CallExpression | ts.NewExpression): ClientPattern | undefined {
    const c = this.callee(n.expression);
    if (!c?.module || c.chained || c.module.startsWith('.')) return undefined;
    const isNew = tsv.isNewExpression(n);
    return this.patterns.clients.find((p) => (isNew ? p.new : p.call).includes(c.name)
      && (!p.modules.length || moduleMatches(c.module!, p.modules)));
  }

  private clientCreds(n: ts.CallExpression | ts.NewExpression, client: ClientPattern, ec: EvalCtx): Found {
    const found = emptyFound();
    const args = n.arguments ?? tsv.factory.createNodeArray();
    let present = false;
    for (const i of client.args) {
      const a = args[i];
      if (a && !tsv.isObjectLiteralExpression(unwrap(a))) {
        present = true;
        mergeFound(found, this.evalValue(a, { ...ec, key: 'apiKey' }));
      }
    }
    const optionsArg = args.find((a) => tsv.isObjectLiteralExpression(unwrap(a)) || tsv.isIdentifier(unwrap(a)));
    const options = optionsArg && this.objectLiteralOf(optionsArg);
    if (options) {
      for (const p of options.properties) {
        if (tsv.isSpreadAssignment(p)) {
          present = true;
          mergeFound(found, this.credsInContainer(p.expression, ec));
          continue;
        }
        const key = propName(p.name as ts.PropertyName);
        const value = tsv.isPropertyAssignment(p) ? p.initializer : tsv.isShorthandPropertyAssignment(p) ? p.name : undefined;
        if (!key || !value) continue;
        if (client.minting.includes(key)) {
          // A role / token provider: the SDK obtains short-lived credentials per call.
          present = true;
          mergeFound(found, { creds: [this.entry(p, 'minted', `${client.name}.${key}`, 'task')], imports: [] });
          continue;
        }
        if (client.containers.includes(key)) {
          const r = this.credsInContainer(value, ec);
          if (r.creds.length || r.imports.length) present = true;
          mergeFound(found, r);
          continue;
        }
        if (!client.options.includes(key)) continue;
        present = true;
        const x = unwrap(value);
        mergeFound(found, tsv.isObjectLiteralExpression(x) ? this.credsInContainer(x, ec) : this.evalValue(value, { ...ec, key }));
      }
    } else if (optionsArg && !client.args.length) {
      present = true;
    }
    if (!present && client.defaultEnv.length) {
      found.creds.push(this.entry(n, 'env', client.defaultEnv[0]!, 'process', { implicit: true }));
    }
    const name = this.providerName(client, options);
    for (const c of found.creds) c.attributes = { ...(c.attributes ?? {}), client: name };
    return found;
  }

  /** The client's provider: an OpenAI-compatible client pointed at another provider's base URL is named after it. */
  private providerName(client: ClientPattern, options: ts.ObjectLiteralExpression | undefined): string {
    if (!options || !client.baseUrl.length) return client.name;
    for (const p of options.properties) {
      const key = propName(p.name as ts.PropertyName);
      if (!key || !client.baseUrl.includes(key)) continue;
      const value = tsv.isPropertyAssignment(p) ? p.initializer : tsv.isShorthandPropertyAssignment(p) ? p.name : undefined;
      const url = value && this.constantString(value, 0);
      const provider = url && providerOfUrl(this.patterns, url);
      if (provider) return provider;
    }
    return client.name;
  }

  /** A string the code spells out: a literal, a template's head, or a const holding one. */
  private constantString(e: ts.Expression, depth: number): string | undefined {
    const x = unwrap(e);
    const literal = stringValue(x);
    if (literal !== undefined) return literal;
    if (tsv.isTemplateExpression(x)) return x.head.text;
    if (tsv.isBinaryExpression(x) && (x.operatorToken.kind === tsv.SyntaxKind.QuestionQuestionToken || x.operatorToken.kind === tsv.SyntaxKind.BarBarToken)) {
      return depth < 4 ? this.constantString(x.right, depth + 1) : undefined;
    }
    if (tsv.isIdentifier(x) && depth < 4) {
      const d = this.resolve(x);
      if (d?.kind === 'var' && !d.element && d.decl.initializer) return this.constantString(d.decl.initializer, depth + 1);
    }
    return undefined;
  }

  private objectLiteralOf(e: ts.Expression): ts.ObjectLiteralExpression | undefined {
    const x = unwrap(e);
    if (tsv.isObjectLiteralExpression(x)) return x;
    if (tsv.isIdentifier(x)) {
      const d = this.resolve(x);
      if (d?.kind === 'var' && !d.element && d.decl.initializer) {
        const init = unwrap(d.decl.initializer);
        if (tsv.isObjectLiteralExpression(init)) return init;
      }
    }
    return undefined;
  }

  // ---- following values ---------------------------------------------------------------------------------------

  private issuerEntry(n: ts.CallExpression | ts.NewExpression, issuer: { source: CredEntry['source']; ref: string }, ec: EvalCtx): CredEntry {
    const perCall = !ec.once && hasFunctionAncestor(n);
    const scope = issuer.source === 'secret-manager' ? 'process' : perCall ? 'task' : 'process';
    return this.entry(n, issuer.source, issuer.ref, scope, this.issuerAttributes(n));
  }

  private literalEntry(node: ts.Node, raw: string, ec: EvalCtx): Found {
    const value = raw.trim().replace(/^(bearer|basic|token)\s+/i, '');
    if (value.length < 8 || this.patterns.placeholder.test(value)) return emptyFound();
    const at = this.pos(node);
    const detection = this.helpers.detectValue(value, { line: at.line, column: at.column + 1, key: ec.key });
    if (!detection) return emptyFound();
    return { creds: [this.entry(node, 'literal', null, 'process', { provider: detection.provider })], imports: [] };
  }

  /** Credentials an expression in a credential position evaluates to. */
  private evalValue(expr: ts.Expression, ec: EvalCtx): Found {
    if (ec.depth > MAX_DEPTH) return emptyFound();
    const next: EvalCtx = { ...ec, depth: ec.depth + 1 };
    const e = unwrap(expr);
    const env = this.envRead(e);
    if (env !== undefined) return { creds: [this.entry(e, 'env', env, 'process')], imports: [] };
    if (tsv.isStringLiteral(e) || tsv.isNoSubstitutionTemplateLiteral(e)) return this.literalEntry(e, e.text, ec);
    if (tsv.isTemplateExpression(e)) {
      const found = emptyFound();
      for (const span of e.templateSpans) mergeFound(found, this.evalValue(span.expression, next));
      return found;
    }
    if (tsv.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (op === tsv.SyntaxKind.PlusToken || op === tsv.SyntaxKind.QuestionQuestionToken || op === tsv.SyntaxKind.BarBarToken) {
        return mergeFound(this.evalValue(e.left, next), this.evalValue(e.right, next));
      }
      return emptyFound();
    }
    if (tsv.isConditionalExpression(e)) return mergeFound(this.evalValue(e.whenTrue, next), this.evalValue(e.whenFalse, next));
    if (tsv.isIdentifier(e)) return this.evalIdentifier(e, next);
    if (tsv.isPropertyAccessExpression(e)) {
      const obj = this.objectLiteralOf(e.expression);
      if (obj) {
        const prop = obj.properties.find((p) => propName(p.name as ts.PropertyName) === e.name.text);
        if (prop && tsv.isPropertyAssignment(prop)) return this.evalValue(prop.initializer, next);
        if (prop && tsv.isShorthandPropertyAssignment(prop)) return this.evalValue(prop.name, next);
        return emptyFound();
      }
      // A field of an issuer's result (`(await mint()).token`, `creds.Credentials.SessionToken`).
      const inner = this.evalValue(e.expression, next);
      if (inner.creds.length) return inner;
      // A validated env object (`env.OPENAI_API_KEY` from t3-env / zod / envalid / a config module): the name is
      // the environment variable's.
      const field = e.name.text;
      if (/^[A-Z][A-Z0-9_]*$/.test(field) && this.patterns.credentialEnvName.test(field)) {
        return { creds: [this.entry(e, 'env', field, 'process', { config: true })], imports: [] };
      }
      return inner;
    }
    if (tsv.isElementAccessExpression(e)) return this.evalValue(e.expression, next);
    if (tsv.isCallExpression(e) || tsv.isNewExpression(e)) return this.evalCall(e, next);
    if (tsv.isObjectLiteralExpression(e) || tsv.isArrayLiteralExpression(e)) return this.credsInContainer(e, next);
    return emptyFound();
  }

  private evalCall(e: ts.CallExpression | ts.NewExpression, ec: EvalCtx): Found {
    const issuer = this.issuerOf(e);
    if (issuer) return { creds: [this.issuerEntry(e, issuer, ec)], imports: [] };
    const client = this.clientOf(e);
    if (client) return this.clientCreds(e, client, ec);
    const c = this.callee(e.expression);
    if (!c) return emptyFound();
    if (c.name === 'readFileSync' || c.name === 'readFile') {
      const path = this.pathOf(e.arguments?.[0]);
      // An image or data file a tool reads is not a credential; only key, token and credentials files are.
      if (!isCredentialFile(this.patterns, path)) return emptyFound();
      return { creds: [this.entry(e, 'file', path ?? null, 'process')], imports: [] };
    }
    if (tsv.isNewExpression(e) && c.name === 'Headers' && e.arguments?.[0]) return this.credsInContainer(e.arguments[0], ec);
    if (STRING_METHODS.has(c.name) && c.receiver) return this.evalValue(c.receiver, ec);
    if (WRAPPERS.has(c.name) && e.arguments?.[0]) return this.evalValue(e.arguments[0], ec);
    // A local helper: what it returns (`const token = await getGithubToken()`), evaluated at the call.
    if (tsv.isCallExpression(e) && tsv.isIdentifier(unwrap(e.expression))) {
      const id = unwrap(e.expression) as ts.Identifier;
      const imp = this.importOf(id);
      if (imp) return { creds: [], imports: [{ module: imp.module, name: imp.name, ...this.pos(id), once: ec.once }] };
      const fn = this.functionOf(this.resolve(id));
      if (fn?.body) return this.returnsOf(fn, ec);
    }
    return emptyFound();
  }

  private returnsOf(fn: ts.FunctionLikeDeclaration, ec: EvalCtx): Found {
    const found = emptyFound();
    if (!fn.body) return found;
    if (!tsv.isBlock(fn.body)) return this.evalValue(fn.body, ec);
    const visit = (n: ts.Node): void => {
      if (tsv.isReturnStatement(n) && n.expression) mergeFound(found, this.evalValue(n.expression, ec));
      if (isFunctionLike(n) || tsv.isClassLike(n)) return;
      tsv.forEachChild(n, visit);
    };
    tsv.forEachChild(fn.body, visit);
    return found;
  }

  private evalIdentifier(id: ts.Identifier, ec: EvalCtx): Found {
    const imp = this.importOf(id);
    if (imp) return { creds: [], imports: [{ module: imp.module, name: imp.name, ...this.pos(id), once: ec.once }] };
    const d = this.resolve(id);
    if (!d) return emptyFound();
    if (d.kind === 'param') {
      if (ec.toolParams?.has(d.node)) return { creds: [this.entry(id, 'input', d.name, 'task')], imports: [] };
      return emptyFound();
    }
    if (d.kind !== 'var' || !d.decl.initializer) return emptyFound();
    const next: EvalCtx = { ...ec, once: ec.once || !hasFunctionAncestor(d.decl) };
    if (d.element) {
      if (this.isEnvObject(d.decl.initializer)) {
        const name = propName(d.element.propertyName) ?? d.name;
        return { creds: [this.entry(d.element, 'env', name, 'process')], imports: [] };
      }
      const obj = this.objectLiteralOf(d.decl.initializer);
      if (obj) {
        const key = propName(d.element.propertyName) ?? d.name;
        const prop = obj.properties.find((p) => propName(p.name as ts.PropertyName) === key);
        if (prop && tsv.isPropertyAssignment(prop)) return this.evalValue(prop.initializer, next);
        return emptyFound();
      }
    }
    return this.evalValue(d.decl.initializer, next);
  }

  /** Credentials inside a container value (headers, requestInit, env, transport, options objects, args). */
  private credsInContainer(expr: ts.Expression, ec: EvalCtx): Found {
    if (ec.depth > MAX_DEPTH) return emptyFound();
    const next: EvalCtx = { ...ec, depth: ec.depth + 1 };
    const e = unwrap(expr);
    const found = emptyFound();
    if (tsv.isObjectLiteralExpression(e)) {
      for (const p of e.properties) {
        if (tsv.isSpreadAssignment(p)) {
          mergeFound(found, this.credsInContainer(p.expression, next));
          continue;
        }
        const name = propName(p.name as ts.PropertyName);
        if (!name) continue;
        const key = name.toLowerCase();
        const value = tsv.isPropertyAssignment(p) ? p.initializer : tsv.isShorthandPropertyAssignment(p) ? p.name : undefined;
        if (!value) continue;
        if (this.patterns.mapKeys.has(key) && tsv.isObjectLiteralExpression(unwrap(value))) {
          // { servers: { github: {...}, linear: {...} } }: each value is one server's config.
          for (const q of (unwrap(value) as ts.ObjectLiteralExpression).properties) {
            if (tsv.isPropertyAssignment(q)) mergeFound(found, this.credsInContainer(q.initializer, next));
          }
        } else if (key === 'authprovider') {
          mergeFound(found, this.authProviderCreds(p, value, next));
        } else if (this.patterns.credentialKeys.has(key) && !tsv.isObjectLiteralExpression(unwrap(value))) {
          mergeFound(found, this.evalValue(value, { ...next, key: name }));
        } else if (this.patterns.containerKeys.has(key) || this.patterns.credentialKeys.has(key)) {
          mergeFound(found, this.credsInContainer(value, next));
        } else if (/^[A-Z0-9_]+$/.test(name) && this.patterns.credentialEnvName.test(name)) {
          mergeFound(found, this.evalValue(value, { ...next, key: name }));
        }
      }
      return found;
    }
    if (tsv.isArrayLiteralExpression(e)) {
      for (const el of e.elements) {
        if (tsv.isSpreadElement(el)) continue;
        const r = this.evalValue(el, next);
        r.creds = r.creds.filter((c) => c.source !== 'env' || this.patterns.credentialEnvName.test(c.ref ?? ''));
        mergeFound(found, r);
      }
      return found;
    }
    if (tsv.isIdentifier(e)) {
      const d = this.resolve(e);
      if (d?.kind === 'var' && !d.element && d.decl.initializer) {
        return this.credsInContainer(d.decl.initializer, { ...next, once: ec.once || !hasFunctionAncestor(d.decl) });
      }
      return this.evalValue(e, next);
    }
    if (tsv.isNewExpression(e) && tsv.isIdentifier(e.expression) && e.expression.text === 'Headers' && e.arguments?.[0]) {
      return this.credsInContainer(e.arguments[0], next);
    }
    return this.evalValue(e, next);
  }

  /**
   * An MCP transport's `authProvider`. One whose `token()` returns a static value (an env read, a literal) sends
   * the same bearer on every request: that value is the credential. Otherwise it is an OAuth client provider
   * (MCP OAuth 2.1): the SDK obtains and refreshes audience-bound tokens per session (`oauth`, task scope).
   */
  private authProviderCreds(at: ts.Node, value: ts.Expression, ec: EvalCtx): Found {
    const tokenFn = this.tokenMethodOf(value, 0);
    if (tokenFn) {
      const r = this.returnsOf(tokenFn, ec);
      const statics = r.creds.filter((c) => c.source !== 'input');
      if (statics.length || r.imports.length) return { creds: statics, imports: r.imports };
    }
    return { creds: [this.entry(at, 'oauth', 'authProvider', 'task')], imports: [] };
  }

  /** The `token()` function of an auth provider given as an object literal, a const or `new LocalClass()`. */
  private tokenMethodOf(value: ts.Expression, depth: number): ts.FunctionLikeDeclaration | undefined {
    const x = unwrap(value);
    const obj = this.objectLiteralOf(x);
    const isToken = (n: ts.PropertyName | undefined) => propName(n) === 'token';
    if (obj) {
      for (const p of obj.properties) {
        if (tsv.isMethodDeclaration(p) && isToken(p.name)) return p;
        if (tsv.isPropertyAssignment(p) && isToken(p.name)) {
          const init = unwrap(p.initializer);
          if (tsv.isArrowFunction(init) || tsv.isFunctionExpression(init)) return init;
        }
      }
      return undefined;
    }
    if (tsv.isIdentifier(x) && depth < 3) {
      const d = this.resolve(x);
      if (d?.kind === 'var' && !d.element && d.decl.initializer) return this.tokenMethodOf(d.decl.initializer, depth + 1);
      return undefined;
    }
    if (tsv.isNewExpression(x) && tsv.isIdentifier(x.expression)) {
      const d = this.resolve(x.expression);
      if (d?.kind !== 'class') return undefined;
      for (const m of d.node.members) if (tsv.isMethodDeclaration(m) && isToken(m.name)) return m;
    }
    return undefined;
  }

  /** Is an outer value a credential holder? Env reads count only under credential-like names. */
  private holderCreds(d: Extract<Decl, { kind: 'var' }>, id: ts.Identifier, ec: EvalCtx): Found {
    const r = this.evalIdentifier(id, ec);
    r.creds = r.creds.filter((c) => c.source !== 'env' || c.attributes?.client !== undefined
      || this.patterns.credentialEnvName.test(c.ref ?? '') || this.patterns.credentialVarName.test(d.name));
    return r;
  }

  // ---- tool bodies --------------------------------------------------------------------------------------------

  /** Everything a tool body reaches per call. `seen` guards against helper recursion. */
  private scanBody(body: ts.Node, ec: EvalCtx, seen: Set<ts.Node>): Found {
    const found = emptyFound();
    if (seen.has(body) || ec.depth > 3) return found;
    seen.add(body);
    const visit = (n: ts.Node): void => {
      if (tsv.isTypeNode(n)) return;
      if (tsv.isCallExpression(n) || tsv.isNewExpression(n)) {
        const issuer = this.issuerOf(n);
        const client = issuer ? undefined : this.clientOf(n);
        if (issuer) mergeFound(found, { creds: [this.issuerEntry(n, issuer, ec)], imports: [] });
        else if (client) mergeFound(found, this.clientCreds(n, client, ec));
        else if (tsv.isCallExpression(n) && tsv.isIdentifier(n.expression)) {
          const imp = this.importOf(n.expression);
          if (imp) this.outerReference(n.expression, body, ec, found);
          if (imp?.module.startsWith('.')) {
            mergeFound(found, { creds: [], imports: [{ module: imp.module, name: imp.name, ...this.pos(n.expression), once: ec.once }] });
          }
          const fn = imp ? undefined : this.functionOf(this.resolve(n.expression));
          if (fn && !isInside(fn, body)) mergeFound(found, this.scanBody(fn, { ...ec, depth: ec.depth + 1, toolParams: undefined }, seen));
        }
      } else if (tsv.isPropertyAccessExpression(n) || tsv.isElementAccessExpression(n)) {
        const env = this.envRead(n);
        if (env !== undefined && this.patterns.credentialEnvName.test(env)) mergeFound(found, { creds: [this.entry(n, 'env', env, 'process')], imports: [] });
      } else if (tsv.isPropertyAssignment(n) || tsv.isShorthandPropertyAssignment(n)) {
        const name = propName(n.name);
        const value = tsv.isPropertyAssignment(n) ? n.initializer : n.name;
        if (name && this.patterns.credentialKeys.has(name.toLowerCase()) && !tsv.isObjectLiteralExpression(unwrap(value))) {
          mergeFound(found, this.evalValue(value, { ...ec, key: name }));
        }
      } else if (tsv.isIdentifier(n) && this.isValueReference(n)) {
        this.outerReference(n, body, ec, found);
      }
      tsv.forEachChild(n, visit);
    };
    visit(body);
    return found;
  }

  /** An identifier used as a value (not a property name, declaration name or label). */
  private isValueReference(n: ts.Identifier): boolean {
    const p = n.parent;
    if (!p) return false;
    if (tsv.isPropertyAccessExpression(p) && p.name === n) return false;
    if ((tsv.isPropertyAssignment(p) || tsv.isMethodDeclaration(p) || tsv.isPropertyDeclaration(p)) && p.name === n) return false;
    if ((tsv.isVariableDeclaration(p) || tsv.isParameter(p) || tsv.isBindingElement(p) || tsv.isFunctionDeclaration(p)
      || tsv.isClassDeclaration(p) || tsv.isImportSpecifier(p)) && (p as { name?: ts.Node }).name === n) return false;
    if (tsv.isBindingElement(p) && p.propertyName === n) return false;
    if (tsv.isCallExpression(p) && p.expression === n) return false; // callees are handled as calls
    if (tsv.isNewExpression(p) && p.expression === n) return false;
    return true;
  }

  /** A body referring to something declared outside it: a module-level client, constant or import. */
  private outerReference(id: ts.Identifier, body: ts.Node, ec: EvalCtx, found: Found): void {
    const imp = this.importOf(id);
    if (imp) {
      if (imp.module.startsWith('.')) mergeFound(found, { creds: [], imports: [{ module: imp.module, name: imp.name, ...this.pos(id), once: ec.once }] });
      for (const [spec] of this.defaultImports) {
        if (spec.name.text !== id.text) continue;
        const c = this.defaultInstanceEntry(spec);
        if (c) mergeFound(found, { creds: [c], imports: [] });
      }
      return;
    }
    const d = this.resolve(id);
    if (d?.kind !== 'var' || isInside(d.decl, body)) return;
    const r = this.holderCreds(d, id, ec);
    mergeFound(found, r);
  }

  // ---- tool definitions ---------------------------------------------------------------------------------------

  private findTools(): ToolDef[] {
    const tools: ToolDef[] = [];
    if (!this.sdksInFile.length) return tools;
    for (const n of this.calls) {
      const c = this.callee(n.expression);
      if (!c) continue;
      for (const fw of this.sdksInFile) {
        const shape = fw.tools.find((s) => this.shapeMatches(s, fw, n, c));
        if (!shape) continue;
        const tool = this.toolFromCall(fw, shape, n);
        if (tool) tools.push(tool);
        break;
      }
    }
    for (const cls of this.classes) {
      const heritage = cls.heritageClauses?.find((h) => h.token === tsv.SyntaxKind.ExtendsKeyword)?.types[0];
      if (!heritage) continue;
      const c = this.callee(heritage.expression);
      if (!c?.module) continue;
      for (const fw of this.sdksInFile) {
        if (!moduleMatches(c.module, fw.imports)) continue;
        const shape = fw.tools.find((s) => s.extends.includes(c.name));
        if (!shape) continue;
        tools.push({
          tool: this.classToolName(cls, shape) ?? shape.defaultName ?? `${fw.sdk}-tool`,
          via: `code:${fw.sdk}`,
          sdk: fw.sdk,
          file: this.input.file,
          line: this.pos(cls).line,
          node: cls,
          bodies: [cls],
          credentialExprs: [],
        });
        break;
      }
    }
    return tools;
  }

  private shapeMatches(s: ToolShape, fw: SdkPatterns, n: ts.CallExpression | ts.NewExpression, c: { name: string; module?: string; receiver?: ts.Expression }): boolean {
    if (tsv.isNewExpression(n)) return !!c.module && s.new.includes(c.name) && moduleMatches(c.module, fw.imports);
    if (c.module && moduleMatches(c.module, fw.imports) && s.call.includes(c.name)) return true;
    // `server.tool("name", …)`: any receiver, in a file importing the SDK; the name must be a string.
    return !!c.receiver && !c.module && s.method.includes(c.name) && stringValue(n.arguments?.[0]) !== undefined;
  }

  private toolFromCall(fw: SdkPatterns, shape: ToolShape, n: ts.CallExpression | ts.NewExpression): ToolDef | undefined {
    const args = n.arguments ?? tsv.factory.createNodeArray();
    const option = (spec: string): ts.Node | undefined => {
      const [where, key] = spec.split(':');
      const index = where === 'option1' ? 1 : 0;
      const obj = args[index] && this.objectLiteralOf(args[index]!);
      if (!obj) return undefined;
      const p = obj.properties.find((x) => propName(x.name as ts.PropertyName) === key);
      if (!p) return undefined;
      if (tsv.isPropertyAssignment(p)) return p.initializer;
      if (tsv.isShorthandPropertyAssignment(p)) return p.name;
      return p; // method declaration `execute() {}`
    };
    let name: string | undefined;
    for (const spec of shape.name) {
      if (spec.startsWith('option')) name = stringValue(option(spec));
      else if (spec.startsWith('arg:')) name = stringValue(args[Number(spec.slice(4))]);
      else if (spec === 'variable') name = this.assignedName(n);
      else if (spec === 'toolsKey') name = this.toolsKey(n);
      if (name) break;
    }
    if (!name && shape.method.length && !shape.call.length) return undefined;
    const bodies: ts.Node[] = [];
    const addBody = (node: ts.Node | undefined) => {
      if (!node) return;
      const fn = isFunctionLike(node) ? node : tsv.isIdentifier(node) ? this.functionOf(this.resolve(node)) : undefined;
      if (fn) bodies.push(fn);
    };
    for (const spec of shape.body) {
      if (spec.startsWith('option')) addBody(option(spec));
      else if (spec.startsWith('arg:')) addBody(args[Number(spec.slice(4))]);
      else if (spec === 'lastFunctionArg') {
        const fnArg = [...args].reverse().find((a) => tsv.isArrowFunction(a) || tsv.isFunctionExpression(a) || tsv.isIdentifier(a));
        addBody(fnArg);
      }
    }
    const credentialExprs: ts.Expression[] = [];
    for (const spec of shape.credentials) {
      if (spec === 'options' || spec === 'options1') {
        const whole = args[spec === 'options1' ? 1 : 0];
        if (whole) credentialExprs.push(whole);
        continue;
      }
      const v = option(spec);
      if (v && tsv.isExpression(v)) credentialExprs.push(v);
    }
    return {
      tool: name ?? shape.defaultName ?? `${fw.sdk}-tool`,
      via: `code:${fw.sdk}`,
      sdk: fw.sdk,
      file: this.input.file,
      line: this.pos(n).line,
      node: n,
      bodies,
      credentialExprs,
    };
  }

  /** `new Agent({ name: 'ops', tools: [a, b], mcpServers: [docs] })`: name the agent on those tools' bindings. */
  private assignAgents(tools: ToolDef[]): void {
    if (!tools.length) return;
    const byNode = new Map<ts.Node, ToolDef>();
    for (const t of tools) {
      byNode.set(t.node, t);
      let cur = t.node;
      while (cur.parent && (tsv.isAwaitExpression(cur.parent) || tsv.isParenthesizedExpression(cur.parent))) cur = cur.parent;
      if (cur.parent && tsv.isVariableDeclaration(cur.parent)) byNode.set(cur.parent, t);
    }
    const toolOf = (e: ts.Expression): ToolDef | undefined => {
      const x = unwrap(e);
      const target = tsv.isNewExpression(x) ? unwrap(x.expression) : x;
      if (tsv.isIdentifier(target)) {
        const d = this.resolve(target);
        if (d?.kind === 'var') return byNode.get(d.decl);
        if (d?.kind === 'class') return byNode.get(d.node);
        return undefined;
      }
      return byNode.get(x);
    };
    for (const n of this.calls) {
      const c = this.callee(n.expression);
      if (!c?.module) continue;
      const fw = this.sdksInFile.find((f) => moduleMatches(c.module!, f.imports));
      const shape = fw?.agents.find((a) => (tsv.isNewExpression(n) ? a.new : a.call).includes(c.name));
      const opts = shape && n.arguments?.[0] && this.objectLiteralOf(n.arguments[0]);
      if (!shape || !opts) continue;
      const option = (spec: string) => {
        const p = opts.properties.find((x) => propName(x.name as ts.PropertyName) === spec.slice(spec.indexOf(':') + 1));
        return p && tsv.isPropertyAssignment(p) ? unwrap(p.initializer) : undefined;
      };
      const name = shape.name.map((spec) => stringValue(option(spec))).find((v) => v !== undefined);
      if (!name) continue;
      for (const spec of shape.tools) {
        const v = option(spec);
        const elements: ts.Expression[] = !v ? []
          : tsv.isArrayLiteralExpression(v) ? [...v.elements]
          : tsv.isObjectLiteralExpression(v) ? v.properties.flatMap((p) => (tsv.isPropertyAssignment(p) ? [p.initializer] : tsv.isShorthandPropertyAssignment(p) ? [p.name] : []))
          : [];
        for (const e of elements) {
          const t = toolOf(e);
          if (t && !t.agent) t.agent = name;
        }
      }
    }
  }

  /** `const t = tool(...)` later registered as `tools: { deploy: t }`: the model sees the tool as "deploy". */
  private toolsKey(n: ts.Node): string | undefined {
    let cur = n;
    while (cur.parent && (tsv.isAwaitExpression(cur.parent) || tsv.isParenthesizedExpression(cur.parent) || tsv.isAsExpression(cur.parent))) cur = cur.parent;
    const decl = cur.parent;
    if (!decl || !tsv.isVariableDeclaration(decl) || !tsv.isIdentifier(decl.name)) return undefined;
    for (const p of this.properties) {
      const init = unwrap(p.initializer);
      if (!tsv.isIdentifier(init) || init.text !== decl.name.text) continue;
      const owner = p.parent.parent;
      if (!owner || !tsv.isPropertyAssignment(owner) || propName(owner.name) !== 'tools') continue;
      const d = this.resolve(init);
      if (d?.kind === 'var' && d.decl === decl) return propName(p.name);
    }
    return undefined;
  }

  /** `const x = tool(...)`, `{ x: tool(...) }`, `x = tool(...)`. */
  private assignedName(n: ts.Node): string | undefined {
    let cur = n;
    while (cur.parent && (tsv.isAwaitExpression(cur.parent) || tsv.isParenthesizedExpression(cur.parent) || tsv.isAsExpression(cur.parent))) cur = cur.parent;
    const p = cur.parent;
    if (!p) return undefined;
    if (tsv.isVariableDeclaration(p) && tsv.isIdentifier(p.name)) return p.name.text;
    if (tsv.isPropertyAssignment(p)) return propName(p.name);
    if (tsv.isPropertyDeclaration(p)) return propName(p.name);
    if (tsv.isBinaryExpression(p) && p.operatorToken.kind === tsv.SyntaxKind.EqualsToken) {
      const left = p.left;
      if (tsv.isIdentifier(left)) return left.text;
      if (tsv.isPropertyAccessExpression(left)) return left.name.text;
    }
    return undefined;
  }

  private classToolName(cls: ts.ClassLikeDeclaration, shape: ToolShape): string | undefined {
    for (const spec of shape.name) {
      if (spec.startsWith('property:')) {
        const key = spec.slice(9);
        for (const m of cls.members) {
          if (tsv.isPropertyDeclaration(m) && propName(m.name) === key) {
            const v = stringValue(m.initializer && unwrap(m.initializer));
            if (v) return v;
          }
        }
      } else if (spec === 'class' && cls.name) {
        return cls.name.text;
      }
    }
    return undefined;
  }

  // ---- agent-level clients, exports, evidence --------------------------------------------------------------

  /**
   * API clients no tool in this file reaches: bindings for the agent itself, wherever the client is built (module
   * scope, a function, a constructor, a lazy getter), and the SDKs' ready-made instances imported by name
   * (`import { openai } from '@ai-sdk/openai'` reads OPENAI_API_KEY on its own).
   */
  private agentClients(toolEntries: Set<string>): BindingPair[] {
    const out: BindingPair[] = [];
    const add = (c: CredEntry, at: ts.Node) => {
      if (toolEntries.has(entryKey(c)) || c.source === 'input') return;
      const name = typeof c.attributes?.client === 'string' ? c.attributes.client : 'client';
      out.push({ tool: { tool: name, via: AGENT_CLIENT_VIA, file: this.input.file, line: this.pos(at).line }, entry: c });
    };
    for (const n of this.calls) {
      const client = this.clientOf(n);
      if (!client) continue;
      for (const c of this.clientCreds(n, client, { once: !hasFunctionAncestor(n), depth: 0 }).creds) add(c, n);
    }
    for (const [spec] of this.defaultImports) {
      const c = this.defaultInstanceEntry(spec);
      if (c) add(c, spec);
    }
    return out;
  }

  /**
   * Model strings in a catalogued model position (`new Agent({ model: 'openai/gpt-4o' })`, `initChatModel('openai:gpt-4o')`):
   * the provider's SDK reads its default env key on its own. The agent's binding, at the string; none when the
   * same options pass a key.
   */
  private modelStrings(): BindingPair[] {
    const out: BindingPair[] = [];
    for (const n of this.calls) {
      const c = this.callee(n.expression);
      if (!c?.module || c.module.startsWith('.')) continue;
      const fw = this.sdksInFile.find((f) => moduleMatches(c.module!, f.imports));
      if (!fw) continue;
      const isNew = tsv.isNewExpression(n);
      const agent = fw.agents.find((a) => a.models.length && (isNew ? a.new : a.call).includes(c.name));
      const slot: ModelSlot | undefined = agent ?? fw.modelCalls.find((m) => (isNew ? m.new : m.call).includes(c.name));
      if (!slot) continue;
      const args = n.arguments ?? tsv.factory.createNodeArray();
      const optionsOf = (i: number) => (args[i] ? this.objectLiteralOf(args[i]!) : undefined);
      const option = (o: ts.ObjectLiteralExpression | undefined, key: string): ts.Expression | undefined => {
        const p = o?.properties.find((x) => propName(x.name as ts.PropertyName) === key);
        return p && tsv.isPropertyAssignment(p) ? p.initializer : p && tsv.isShorthandPropertyAssignment(p) ? p.name : undefined;
      };
      for (const spec of slot.models) {
        const [kind, key] = spec.split(':') as [string, string];
        const holder = kind === 'arg' ? undefined : optionsOf(kind === 'option1' ? 1 : 0);
        const expr = kind === 'arg' ? args[Number(key)] : option(holder, key);
        const value = expr && this.constantString(expr, 0);
        const bound = value !== undefined ? modelStringBinding(this.patterns, 'typescript', value, slot) : undefined;
        if (!expr || !bound) continue;
        // A key passed with the model string (`{ model, apiKey }`) is the call's own credential, not the provider's default.
        const keyed = args.some((_, i) => optionsOf(i)?.properties.some((p) => this.patterns.credentialKeys.has(propName(p.name as ts.PropertyName)?.toLowerCase() ?? '')));
        if (keyed) continue;
        const agentName = agent?.name.map((s) => option(optionsOf(0), s.slice(s.indexOf(':') + 1)))
          .map((x) => (x ? stringValue(unwrap(x)) : undefined)).find((v) => v !== undefined);
        const tool: ToolInfo = { tool: bound.client, via: AGENT_CLIENT_VIA, file: this.input.file, line: this.pos(n).line };
        if (agentName) tool.agent = agentName;
        out.push({ tool, entry: this.entry(expr, 'env', bound.env, 'process', { implicit: true, client: bound.client, sdk: fw.sdk }) });
        break;
      }
    }
    return out;
  }

  /** The binding an SDK's ready-made instance implies, at its import. */
  private defaultInstanceEntry(spec: ts.ImportSpecifier): CredEntry | undefined {
    const d = this.defaultImports.get(spec);
    if (!d) return undefined;
    return this.entry(spec, 'env', d.defaultEnv[0]!, 'process', { implicit: true, client: d.client });
  }

  /**
   * `mcpServers: { firecrawl: { url, headers } }` / `{ command, env }` outside a known tool shape (LangChain's
   * MultiServerMCPClient config, hand-written client configs): each server is a tool named by its key.
   */
  private mcpServerConfigs(tools: ToolDef[]): BindingPair[] {
    const out: BindingPair[] = [];
    for (const p of this.properties) {
      const key = propName(p.name)?.toLowerCase();
      const map = unwrap(p.initializer);
      if (!key || !this.patterns.mapKeys.has(key) || !tsv.isObjectLiteralExpression(map)) continue;
      if (tools.some((t) => isInside(p, t.node))) continue;
      for (const q of map.properties) {
        if (!tsv.isPropertyAssignment(q)) continue;
        const server = unwrap(q.initializer);
        const name = propName(q.name);
        if (!name || !tsv.isObjectLiteralExpression(server)) continue;
        const keys = new Set(server.properties.map((x) => propName(x.name as ts.PropertyName)));
        if (!['command', 'url', 'transport', 'args'].some((k) => keys.has(k))) continue;
        const tool: ToolInfo = { tool: name, via: 'code:mcp-config', file: this.input.file, line: this.pos(q).line };
        for (const c of this.credsInContainer(server, { once: !hasFunctionAncestor(q), depth: 0 }).creds) out.push({ tool, entry: c });
      }
    }
    return out;
  }

  /** What exported names hold, for tools in other files that import them. */
  private exportFacts(facts: FileCodeFacts): void {
    const isExported = (s: ts.Node) => tsv.canHaveModifiers(s) && !!tsv.getModifiers(s)?.some((m) => m.kind === tsv.SyntaxKind.ExportKeyword);
    const isDefault = (s: ts.Node) => tsv.canHaveModifiers(s) && !!tsv.getModifiers(s)?.some((m) => m.kind === tsv.SyntaxKind.DefaultKeyword);
    const put = (name: string, f: ExportFacts) => {
      if ((f.creds.length || f.imports.length) && name !== '__proto__') facts.exports[name] = f;
    };
    const ofDecl = (d: ts.VariableDeclaration, name: string): ExportFacts => {
      const id = d.name as ts.Identifier;
      const r = this.holderCreds({ kind: 'var', decl: d, name }, id, { once: true, depth: 0 });
      const init = d.initializer && unwrap(d.initializer);
      const client = init && (tsv.isNewExpression(init) || tsv.isCallExpression(init)) ? this.clientOf(init) : undefined;
      return { creds: r.creds, imports: r.imports.filter((i) => i.module.startsWith('.')), ...(client ? { client: client.name } : {}) };
    };
    const ofFunction = (fn: ts.FunctionLikeDeclaration): ExportFacts => {
      const r = this.scanBody(fn, { once: false, depth: 0 }, new Set());
      return { creds: r.creds, imports: r.imports.filter((i) => i.module.startsWith('.')) };
    };
    const ofLocal = (local: string, exported: string) => {
      const d = this.scopeOf(this.sf).get(local);
      if (d?.kind === 'var' && !d.element && tsv.isIdentifier(d.decl.name)) put(exported, ofDecl(d.decl, local));
      else if (d?.kind === 'function') put(exported, ofFunction(d.node));
      else {
        const imp = this.imports.get(local);
        if (imp?.module.startsWith('.')) facts.reexports.push({ name: exported, module: imp.module, imported: imp.name });
      }
    };
    for (const s of this.sf.statements) {
      if (tsv.isVariableStatement(s) && isExported(s)) {
        for (const d of s.declarationList.declarations) if (tsv.isIdentifier(d.name)) put(d.name.text, ofDecl(d, d.name.text));
      } else if (tsv.isFunctionDeclaration(s) && isExported(s) && s.name) {
        put(isDefault(s) ? 'default' : s.name.text, ofFunction(s));
      } else if (tsv.isExportDeclaration(s)) {
        const from = s.moduleSpecifier && stringValue(s.moduleSpecifier);
        if (!s.exportClause) {
          if (from?.startsWith('.')) facts.reexports.push({ name: '*', module: from, imported: '*' });
        } else if (tsv.isNamedExports(s.exportClause)) {
          for (const el of s.exportClause.elements) {
            const local = (el.propertyName ?? el.name).text;
            if (from) {
              if (from.startsWith('.')) facts.reexports.push({ name: el.name.text, module: from, imported: local });
            } else {
              ofLocal(local, el.name.text);
            }
          }
        }
      } else if (tsv.isExportAssignment(s) && !s.isExportEquals) {
        const x = unwrap(s.expression);
        if (tsv.isIdentifier(x)) ofLocal(x.text, 'default');
      }
    }
  }

  /** OpenTelemetry spans in a tool body count for tool-call logging (one piece of evidence per tool). */
  private spanEvidence(tools: ToolDef[]): void {
    const done = new Set<ToolDef>();
    for (const n of this.calls) {
      const c = this.callee(n.expression);
      if (!c || !this.patterns.spans.has(c.name)) continue;
      const tool = tools.find((t) => !done.has(t) && t.bodies.some((b) => isInside(n, b)));
      if (!tool) continue;
      done.add(tool);
      this.evidence.push({ control: 'tool-call-logging', kind: 'for', file: this.input.file, line: this.pos(n).line,
        detail: `tool ${tool.tool} records a span (${c.name})`, pattern: 'code:tool-span' });
    }
  }

  private fileEvidence(): void {
    const file = this.input.file;
    for (const n of this.calls) {
      const c = this.callee(n.expression);
      if (!c) continue;
      const line = () => this.pos(n).line;
      if (this.patterns.tracingOff.has(c.name) && n.arguments?.[0]?.kind === tsv.SyntaxKind.TrueKeyword) {
        this.evidence.push({ control: 'tool-call-logging', kind: 'against', file, line: line(), detail: `${c.name}(true) turns off tracing of tool calls`, pattern: 'code:tracing-disabled' });
      }
      if (this.finallyBlocks.some((b) => isInside(n, b))
        && revokesCredential(this.patterns, c.name, c.receiver ? this.text(c.receiver, 120) : '', (n.arguments ?? []).map((a) => this.text(a, 80)).join(' '))) {
        this.evidence.push({ control: 'short-ttl-revocation', kind: 'for', file, line: line(), detail: `${c.name} revokes the credential in a finally block`, pattern: 'code:revoke-in-finally' });
      }
      const issuer = this.issuerOf(n);
      if (issuer && issuer.source !== 'secret-manager') {
        const attrs = this.issuerAttributes(n);
        if (attrs.audience !== undefined) {
          this.evidence.push({ control: 'context-binding', kind: 'for', file, line: line(), detail: `${issuer.ref} is called with an audience or scope`, pattern: 'code:issuer-audience' });
        } else if (hasFunctionAncestor(n) && /^(mint|exchange)/i.test(this.callee(n.expression)?.name ?? '')) {
          // Only explicit mint / exchange calls: STS, Vault and SDK token getters are scoped by their role or client.
          this.evidence.push({ control: 'context-binding', kind: 'against', file, line: line(), detail: `${issuer.ref} is called without an audience or scope`, pattern: 'code:issuer-no-audience' });
        }
        if (typeof attrs.ttl === 'number') {
          const short = attrs.ttl <= 3600;
          if (short || attrs.ttl > 86400) {
            this.evidence.push({ control: 'short-ttl-revocation', kind: short ? 'for' : 'against', file, line: line(),
              detail: `${issuer.ref} asks for a ${attrs.ttl}-second lifetime`, pattern: 'code:issuer-ttl' });
          }
        }
      }
    }
    for (const p of this.properties) {
      const key = propName(p.name);
      const v = unwrap(p.initializer);
      if (key === 'tracingDisabled' && v.kind === tsv.SyntaxKind.TrueKeyword) {
        this.evidence.push({ control: 'tool-call-logging', kind: 'against', file, line: this.pos(p).line, detail: 'tracingDisabled: true turns off the agent trace of tool calls', pattern: 'code:tracing-disabled' });
      } else if (key === 'experimental_telemetry' && tsv.isObjectLiteralExpression(v)) {
        const enabled = v.properties.find((x) => propName(x.name as ts.PropertyName) === 'isEnabled');
        const on = enabled && tsv.isPropertyAssignment(enabled) && enabled.initializer.kind === tsv.SyntaxKind.TrueKeyword;
        const off = enabled && tsv.isPropertyAssignment(enabled) && enabled.initializer.kind === tsv.SyntaxKind.FalseKeyword;
        if (on || off) {
          this.evidence.push({ control: 'tool-call-logging', kind: on ? 'for' : 'against', file, line: this.pos(p).line,
            detail: `AI SDK telemetry ${on ? 'records' : 'does not record'} tool calls (experimental_telemetry.isEnabled: ${on})`, pattern: 'code:ai-sdk-telemetry' });
        }
      }
    }
  }
}
