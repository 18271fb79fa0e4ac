// Main thread: follow values across relative imports. Each file's analysis exported what its exported names
// hold (FileCodeFacts.exports) and which tools use an imported name (FileCodeFacts.uses); here the two meet,
// e.g. a client built from process.env in lib/clients.ts and captured by a tool in tools/github.ts.
import path from 'node:path';
import type { Binding } from '../model/report.js';
import type { CodeFacts, Evidence, Issue } from '../model/records.js';
import {
  bindingEvidence,
  sameEntry,
  toBinding,
  toIssue,
  type CredEntry,
  type ExportFacts,
  type FileCodeFacts,
  type ImportRef,
} from './model.js';

const TS_EXTS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const MAX_HOPS = 6;

function isFileFacts(x: unknown): x is FileCodeFacts {
  const f = x as FileCodeFacts;
  return !!f && f.version === 1 && typeof f.exports === 'object' && Array.isArray(f.uses) && Array.isArray(f.reexports);
}

/** Candidate files for a module specifier written in `from` (TS: './x', './x.js'; Python: 'py:.x', 'py:pkg.x'). */
export function moduleCandidates(from: string, spec: string): string[] {
  const dir = path.posix.dirname(from);
  if (spec.startsWith('py:')) {
    const mod = spec.slice(3);
    const dots = /^\.*/.exec(mod)![0].length;
    const rel = mod.slice(dots).split('.').filter(Boolean).join('/');
    const bases: string[] = [];
    if (dots > 0) {
      let d = dir;
      for (let i = 1; i < dots; i++) d = path.posix.dirname(d);
      bases.push(rel ? path.posix.join(d, rel) : d);
    } else {
      // Absolute import inside the project: try the importing file's directory and each ancestor.
      for (let d = dir; ; d = path.posix.dirname(d)) {
        bases.push(path.posix.join(d, rel));
        if (d === '.' || d === '/' || d === '') break;
      }
    }
    return bases.flatMap((b) => [`${b}.py`, `${b}/__init__.py`]).map((p) => path.posix.normalize(p));
  }
  if (!spec.startsWith('.')) return [];
  const base = path.posix.normalize(path.posix.join(dir, spec));
  const out = [base];
  const ext = path.posix.extname(base);
  const stem = ext ? base.slice(0, -ext.length) : base;
  if (ext === '.js' || ext === '.jsx') out.push(`${stem}.ts`, `${stem}.tsx`);
  if (ext === '.mjs') out.push(`${stem}.mts`);
  if (ext === '.cjs') out.push(`${stem}.cts`);
  for (const e of TS_EXTS) out.push(`${base}${e}`);
  for (const e of TS_EXTS) out.push(`${base}/index${e}`);
  return out;
}

export function linkFacts(
  all: CodeFacts[],
  deferred?: { files: ReadonlySet<string>; load: (file: string) => CodeFacts | undefined },
): { bindings: Binding[]; issues: Issue[]; evidence: Evidence[] } {
  const byFile = new Map<string, FileCodeFacts>();
  for (const f of all) if (isFileFacts(f.data)) byFile.set(f.file, f.data);
  // Deferred files (not parsed by the workers) are parsed the first time a link reaches one.
  const pending = new Set(deferred?.files ?? []);
  const has = (file: string): boolean => {
    if (byFile.has(file)) return true;
    if (!pending.delete(file)) return false;
    const f = deferred!.load(file);
    if (f && isFileFacts(f.data)) byFile.set(file, f.data);
    return byFile.has(file);
  };
  const resolveFile = (from: string, spec: string): string | undefined => moduleCandidates(from, spec).find(has);

  const lookup = (file: string, name: string, hops: number): { file: string; facts: ExportFacts } | undefined => {
    const facts = byFile.get(file);
    if (!facts || hops > MAX_HOPS) return undefined;
    // Own properties only: an import named `toString` or `__proto__` must not reach Object.prototype.
    const own = Object.hasOwn(facts.exports, name) ? facts.exports[name] : undefined;
    if (own && Array.isArray(own.creds) && Array.isArray(own.imports)) return { file, facts: own };
    for (const r of facts.reexports) {
      if (r.name !== name && r.name !== '*') continue;
      const target = resolveFile(file, r.module);
      const hit = target && lookup(target, r.name === '*' ? name : r.imported, hops + 1);
      if (hit) return hit;
    }
    return undefined;
  };

  /** Credentials behind an import, following imports of imports. */
  const credsOf = (from: string, ref: ImportRef, hops: number): CredEntry[] => {
    const target = resolveFile(from, ref.module);
    const hit = target && lookup(target, ref.name, hops);
    if (!hit) return [];
    const out: CredEntry[] = hit.facts.creds.map((c) => (c.attributes ? { ...c, attributes: { ...c.attributes } } : { ...c }));
    for (const inner of hit.facts.imports) if (hops < MAX_HOPS) out.push(...credsOf(hit.file, inner, hops + 1));
    for (const c of out) {
      if (ref.once && c.scope === 'task') c.scope = 'process';
      if (hit.facts.client && !c.attributes?.client) c.attributes = { ...(c.attributes ?? {}), client: hit.facts.client };
    }
    return out;
  };

  const bindings: Binding[] = [];
  const issues: Issue[] = [];
  const evidence: Evidence[] = [];
  const files = [...byFile.keys()].sort();
  for (const file of files) {
    const seen: { tool: string; c: CredEntry }[] = [];
    for (const use of byFile.get(file)!.uses) {
      for (const c of credsOf(file, use.ref, 0)) {
        if (seen.some((s) => s.tool === use.tool && sameEntry(s.c, c))) continue;
        seen.push({ tool: use.tool, c });
        const b = toBinding(use, c);
        bindings.push(b);
        const issue = toIssue(use, c, b);
        if (issue) issues.push(issue);
        evidence.push(...bindingEvidence(use, c));
      }
    }
  }
  return { bindings, issues, evidence };
}
