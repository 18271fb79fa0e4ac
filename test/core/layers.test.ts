// The layering of src/, checked on the import graph parsed at test time with the TypeScript compiler API:
// every folder belongs to one layer, layers import only downwards, folders form no import cycle, production
// code never imports the test helpers in src/testing, no benchmark lives in src/, and no function body is
// longer than 100 lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';
import { repoRoot } from '../../src/testing/paths.js';

/** Lowest layer first; a module may import its own layer (without a cycle) and the layers before it. */
export const LAYERS: readonly (readonly string[])[] = [
  ['model'],
  ['ruleset'],
  ['lifetime', 'detect', 'extract', 'code', 'scorecard'], // analyzers: pure over (file, rule set)
  ['sources'],
  ['pipeline', 'score', 'policy'], // the engine
  ['report'],
  ['commands', 'cli.ts', 'index.ts'],
];
/** Used by tests and benchmarks only. */
const TEST_ONLY = 'testing';

const SRC = path.join(repoRoot(), 'src');

export function sourceFiles(dir = SRC): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out.sort();
}

/** The folder (first segment under src/) a file belongs to; files directly in src/ stand for themselves. */
function unitOf(file: string): string {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel[0]!;
}

/** Relative module specifiers of static imports, re-exports, `import()` and `import x = require()`. */
function importsOf(file: string): string[] {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const specs: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      specs.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
      specs.push(node.arguments[0].text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      specs.push(node.moduleReference.expression.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      specs.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return specs.filter((s) => s.startsWith('.'));
}

export interface ImportEdge {
  from: string;
  to: string;
}

/** Every import between two files of src/ (paths relative to src/, .ts). */
export function importGraph(): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of sourceFiles()) {
    for (const spec of importsOf(file)) {
      const target = path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts');
      if (!target.startsWith(SRC + path.sep)) continue;
      edges.push({ from: path.relative(SRC, file), to: path.relative(SRC, target) });
    }
  }
  return edges;
}

const layerOf = (unit: string): number => LAYERS.findIndex((l) => l.includes(unit));
const edges = importGraph();
const show = (e: ImportEdge) => `src/${e.from} -> src/${e.to}`;

test('every folder of src/ belongs to a layer', () => {
  const units = new Set(sourceFiles().map(unitOf));
  units.delete(TEST_ONLY);
  assert.deepEqual([...units].filter((u) => layerOf(u) < 0), [], `add these folders to LAYERS in ${path.basename(import.meta.url)}`);
});

test('no layer imports a layer above it', () => {
  const upward = edges.filter((e) => {
    const [a, b] = [layerOf(unitOf(path.join(SRC, e.from))), layerOf(unitOf(path.join(SRC, e.to)))];
    return a >= 0 && b >= 0 && b > a;
  });
  assert.deepEqual(upward.map(show), []);
});

test('production code never imports src/testing', () => {
  const bad = edges.filter((e) => unitOf(path.join(SRC, e.to)) === TEST_ONLY && unitOf(path.join(SRC, e.from)) !== TEST_ONLY);
  assert.deepEqual(bad.map(show), []);
});

test('the folders of src/ form no import cycle', () => {
  const graph = new Map<string, Set<string>>();
  for (const e of edges) {
    const [a, b] = [unitOf(path.join(SRC, e.from)), unitOf(path.join(SRC, e.to))];
    if (a === b) continue;
    if (!graph.has(a)) graph.set(a, new Set());
    graph.get(a)!.add(b);
  }
  // Tarjan's strongly connected components: any component with two or more folders is a cycle.
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const connect = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) cycles.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) connect(v);
  const witnesses = cycles.map((c) => `${c.join(' <-> ')}: ${edges.filter((e) => c.includes(unitOf(path.join(SRC, e.from))) && c.includes(unitOf(path.join(SRC, e.to))) && unitOf(path.join(SRC, e.from)) !== unitOf(path.join(SRC, e.to))).map(show).join(', ')}`);
  assert.deepEqual(witnesses, []);
});

test('no benchmark in src/', () => {
  const benches = sourceFiles().filter((f) => /bench/i.test(path.basename(f)));
  assert.deepEqual(benches.map((f) => path.relative(SRC, f)), [], 'benchmarks live in bench/');
});

test('the import parser sees static, type, re-export and dynamic imports', () => {
  const tmp = fs.mkdtempSync(path.join(SRC, '..', 'dist', 'layers-'));
  try {
    const f = path.join(tmp, 'x.ts');
    fs.writeFileSync(f, "import a from './a.js';\nimport type { B } from './b.js';\nexport * from './c.js';\nconst d = await import('./d.js');\ntype E = import('./e.js').E;\nimport f = require('./f.js');\nimport 'node:fs';\n");
    assert.deepEqual(importsOf(f), ['./a.js', './b.js', './c.js', './d.js', './e.js', './f.js']);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

const MAX_FUNCTION_LINES = 100;

/** Every function body in src/ (declarations, methods, arrows, function expressions) with its line count. */
export function functionLengths(): { id: string; lines: number }[] {
  return sourceFiles().flatMap((file) => functionLengthsIn(file, path.relative(SRC, file).split(path.sep).join('/')));
}

function functionLengthsIn(file: string, rel: string): { id: string; lines: number }[] {
  const out: { id: string; lines: number }[] = [];
  const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node, outer: string | null): void => {
    let name = outer;
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const body = node.body as ts.Node;
      const lines = sf.getLineAndCharacterOfPosition(body.getEnd()).line - sf.getLineAndCharacterOfPosition(body.getStart(sf)).line + 1;
      // A function expression or arrow takes the name of the variable or property it is assigned to.
      const named = node.name ?? ((ts.isVariableDeclaration(node.parent) || ts.isPropertyAssignment(node.parent)) && node.parent.initializer === node ? node.parent.name : undefined);
      const own = named && (ts.isIdentifier(named) || ts.isStringLiteral(named)) ? named.text : null;
      // Anonymous callbacks count as part of the named function around them (whose body holds them anyway).
      name = own ?? outer ?? '(anonymous)';
      if (own || !outer) out.push({ id: `${rel} ${name}`, lines });
    }
    ts.forEachChild(node, (child) => visit(child, name));
  };
  visit(sf, null);
  return out;
}

test(`no function in src/ is longer than ${MAX_FUNCTION_LINES} lines`, () => {
  const over = functionLengths().filter((f) => f.lines > MAX_FUNCTION_LINES).map((f) => `${f.id}: ${f.lines} lines`);
  assert.deepEqual(over, [], 'split these into named steps');
});

test('the function measure counts bodies of declarations, methods and arrows; callbacks belong to their function', () => {
  const tmp = fs.mkdtempSync(path.join(SRC, '..', 'dist', 'layers-'));
  const fake = path.join(tmp, 'f.ts');
  try {
    const body = '  call();\n'.repeat(120);
    fs.writeFileSync(
      fake,
      `export function long() {\n${body}}\nconst short = () => {\n  return 1;\n};\nclass C {\n  m() {\n${body}  }\n}\nfunction outer() {\n  [1].map((x) => {\n${body}  });\n}\n`,
    );
    const got = Object.fromEntries(functionLengthsIn(fake, 'f.ts').map((f) => [f.id, f.lines]));
    assert.deepEqual(got, { 'f.ts long': 122, 'f.ts short': 3, 'f.ts m': 122, 'f.ts outer': 124 });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('every module in src/ opens with a comment saying what it does, never which issue asked for it', () => {
  const files = sourceFiles();
  const headless = files.filter((f) => !/^\s*(?:\/\/|\/\*)/.test(fs.readFileSync(f, 'utf8'))).map((f) => path.relative(SRC, f));
  assert.deepEqual(headless, [], 'start these with a comment on what the module does');
  // Issue numbers and a design document that is not in the repository mean nothing to a reader of the code.
  const cited = files.filter((f) => /\((?:issues?|see issue) #?\d+[;),]|\bissue #?\d+\)|DESIGN\.md/i.test(fs.readFileSync(f, 'utf8'))).map((f) => path.relative(SRC, f));
  assert.deepEqual(cited, []);
});

test('the engine reads the clock in one place: the scan settles `now` once and injects it', () => {
  const engine = sourceFiles().filter((f) => ['pipeline', 'score', 'policy'].includes(unitOf(f)));
  const readers = engine.filter((f) => /\bDate\.now\(\)|\bnew Date\(\)/.test(fs.readFileSync(f, 'utf8'))).map((f) => path.relative(SRC, f));
  assert.deepEqual(readers, [path.join('pipeline', 'scan.ts')]);
});
