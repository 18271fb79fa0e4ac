// The TypeScript parser and small helpers over its nodes, shared by the TypeScript analyser. Analysis is
// syntax only: one `ts.createSourceFile` per file (no Project, no program, no type checker, no lib files).
// The compiler is loaded lazily (loadTypeScript) so that a worker that never meets a candidate file skips
// loading it; `tsv` is the compiler namespace once loaded (an ESM live binding).
import { createRequire } from 'node:module';
import type { ts } from 'ts-morph';
import { requireCached } from './compile-cache.js';

// The TypeScript compiler that ts-morph bundles (@ts-morph/common/dist/typescript.js), required on its own:
// ts-morph's Project and wrappers are not needed for a syntax walk and cost another ~100 ms to load. It is
// compiled through a V8 code cache when one can be kept safely (src/code/compile-cache.ts).
export let tsv: typeof ts;

function requireCompiler(): typeof ts {
  const req = createRequire(import.meta.url);
  try {
    const fromMorph = createRequire(req.resolve('ts-morph'));
    return requireCached(fromMorph.resolve('@ts-morph/common/dist/typescript.js')) as typeof ts;
  } catch {
    // A ts-morph whose layout differs: its public `ts` export is the same compiler.
    return (req('ts-morph') as typeof import('ts-morph')).ts;
  }
}

/** The compiler namespace, loaded on first use. */
export function loadTypeScript(): typeof ts {
  if (!tsv) {
    tsv = requireCompiler();
    initKinds();
  }
  return tsv;
}

/**
 * Parse one file, syntax only; the scanned path never reaches the compiler. Parent pointers are left unset
 * (the parser would spend a second full walk on them): the analyser's own walk sets them (TsFileAnalyzer.collect).
 */
export function parseSource(file: string, text: string): ts.SourceFile {
  const t = loadTypeScript();
  const ext = extensionOf(file);
  const kind = ext === 'tsx' ? t.ScriptKind.TSX : ext === 'jsx' ? t.ScriptKind.JSX : ext === 'js' ? t.ScriptKind.JS : t.ScriptKind.TS;
  return t.createSourceFile(`/scan/f.${ext}`, text, t.ScriptTarget.Latest, false, kind);
}

function extensionOf(file: string): string {
  const m = /\.(tsx|ts|jsx|mjs|cjs|js|mts|cts)$/i.exec(file);
  const ext = m ? m[1]!.toLowerCase() : 'ts';
  if (ext === 'mts' || ext === 'cts') return 'ts';
  if (ext === 'mjs' || ext === 'cjs') return 'js';
  return ext;
}

/** Node kinds that declare names (statement lists, functions, loops, catch clauses); set once ts-morph is loaded. */
export let SCOPE_KINDS: Set<number>;

function initKinds(): void {
  const k = tsv.SyntaxKind;
  SCOPE_KINDS = new Set<number>([
    k.SourceFile, k.Block, k.ModuleBlock, k.CaseClause, k.DefaultClause, k.FunctionDeclaration, k.FunctionExpression,
    k.ArrowFunction, k.MethodDeclaration, k.Constructor, k.GetAccessor, k.SetAccessor, k.ForStatement, k.ForOfStatement,
    k.ForInStatement, k.CatchClause,
  ]);
}
export function unwrap(e: ts.Expression): ts.Expression {
  let cur = e;
  for (;;) {
    if (tsv.isParenthesizedExpression(cur) || tsv.isAwaitExpression(cur) || tsv.isAsExpression(cur) || tsv.isNonNullExpression(cur)
      || tsv.isSatisfiesExpression(cur) || tsv.isTypeAssertionExpression(cur)) {
      cur = cur.expression;
    } else {
      return cur;
    }
  }
}

export function isFunctionLike(n: ts.Node): n is ts.FunctionLikeDeclaration {
  return tsv.isFunctionDeclaration(n) || tsv.isFunctionExpression(n) || tsv.isArrowFunction(n) || tsv.isMethodDeclaration(n)
    || tsv.isConstructorDeclaration(n) || tsv.isGetAccessorDeclaration(n) || tsv.isSetAccessorDeclaration(n);
}

export function hasFunctionAncestor(n: ts.Node): boolean {
  for (let cur = n.parent; cur; cur = cur.parent) if (isFunctionLike(cur)) return true;
  return false;
}

export function stringValue(e: ts.Node | undefined): string | undefined {
  if (!e) return undefined;
  if (tsv.isStringLiteral(e) || tsv.isNoSubstitutionTemplateLiteral(e)) return e.text;
  return undefined;
}

export function propName(n: ts.PropertyName | ts.BindingName | undefined): string | undefined {
  if (!n) return undefined;
  if (tsv.isIdentifier(n) || tsv.isStringLiteral(n) || tsv.isNumericLiteral(n) || tsv.isPrivateIdentifier(n)) return n.text;
  if (tsv.isComputedPropertyName(n)) return stringValue(n.expression);
  return undefined;
}

export function isInside(node: ts.Node, container: ts.Node): boolean {
  return node.pos >= container.pos && node.end <= container.end;
}

