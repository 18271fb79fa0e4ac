// The cheap test that decides whether a file is worth an AST: a linear regex over the text, built once from
// rules/code. A file qualifies when it imports an agent/tool framework or a known API client module,
// constructs a known client, reads an env var with a credential-like name, re-exports a relative module
// (barrels carry cross-file links), or (Python) passes api_key= / token= style arguments.
import { codePatterns, type CodePatterns } from './patterns.js';

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

function buildTs(p: CodePatterns): RegExp {
  const specs = new Set<string>();
  for (const f of p.frameworks) if (f.language === 'typescript') for (const i of f.imports) specs.add(i);
  for (const c of p.clients) for (const m of c.modules) specs.add(m);
  const alts = [...specs].map((s) => (s.endsWith('/') ? `${escape(s)}[^'"\`]*` : `${escape(s)}(?:/[^'"\`]*)?`));
  const clientNames = new Set<string>();
  for (const c of p.clients) for (const n of [...c.new, ...c.call]) clientNames.add(n);
  return new RegExp(
    [
      `(?:from|require\\(|import\\()\\s*['"](?:${alts.join('|')})['"]`,
      // Env reads count only under credential-like names (process.env.NODE_ENV does not make a candidate),
      // or when the whole env object is destructured.
      `\\b(?:process|Bun|import\\.meta)\\.env(?:\\.|\\[\\s*['"\`])${CREDENTIAL_NAME}`,
      `\\bDeno\\.env\\.get\\(\\s*['"\`]${CREDENTIAL_NAME}`,
      '\\}\\s*=\\s*(?:process|Bun|import\\.meta)\\.env\\b',
      `\\bnew\\s+(?:${[...clientNames].map(escape).join('|')})\\s*\\(`,
    ].join('|'),
  );
}

function buildPy(p: CodePatterns): RegExp {
  const mods = new Set<string>();
  for (const f of p.frameworks) if (f.language === 'python') for (const i of f.imports) mods.add(i);
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

/** Relative re-exports (`export * from './clients'`, `export { a } from './b'`): barrels carry cross-file links. */
export const RELATIVE_REEXPORT = /\bexport\s+(?:\*(?:\s+as\s+(\w+))?|\{([^}]*)\})\s*from\s*['"](\.[^'"]*)['"]/g;

let tsRe: RegExp | undefined;
let pyRe: RegExp | undefined;

/** Worth an AST: framework or client imports, client constructors, credential env reads. */
export function isCandidateText(lang: CodeLanguage, text: string): boolean {
  const p = codePatterns();
  if (lang === 'typescript') {
    tsRe ??= buildTs(p);
    return tsRe.test(text);
  }
  pyRe ??= buildPy(p);
  return pyRe.test(text);
}

/** A TS/JS file with relative re-exports only needs the regex path (no AST). */
const RELATIVE_REEXPORT_ONE = new RegExp(RELATIVE_REEXPORT.source);

export function hasRelativeReexports(text: string): boolean {
  return RELATIVE_REEXPORT_ONE.test(text);
}
