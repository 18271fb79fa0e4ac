// ts-morph loading and small helpers over TypeScript compiler nodes, shared by the TypeScript analyser.
// ts-morph is required lazily (sharedProject) so that workers that never meet a candidate file skip loading it;
// `tsv` is the compiler namespace once loaded (an ESM live binding).
import { createRequire } from 'node:module';
import type { Project, ts } from 'ts-morph';

let project: Project | undefined;
let counter = 0;
// ts-morph (and the TypeScript compiler inside it) is loaded on first use: a worker that never meets a
// candidate TS/JS file never pays for loading it.
export let tsv: typeof ts;

/** The worker's one Project: in memory, no lib files, no resolution, no type checking. */
export function sharedProject(): Project {
  if (project) return project;
  const morph = createRequire(import.meta.url)('ts-morph') as typeof import('ts-morph');
  tsv = morph.ts;
  initKinds();
  project = new morph.Project({
    useInMemoryFileSystem: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
    compilerOptions: { allowJs: true, noLib: true, noResolve: true, types: [] },
  });
  return project;
}

/** A neutral in-memory name for the next file: the scanned path never reaches the compiler's file system. */
export function scanFileName(file: string): string {
  return `/scan/f${++counter}.${extensionOf(file)}`;
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

