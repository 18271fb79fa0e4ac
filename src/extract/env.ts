// dotenv files: `.env`, `.env.*`, `*.env`. Full dotenv syntax — `export`, single / double / backtick quotes,
// escapes in double quotes, `#` comments, multi-line quoted values, `${VAR}` interpolation — so that each value
// is found at the line where it starts. Every credential-looking KEY=value is a binding of the file itself.
import path from 'node:path';
import type { FileContext } from '../model/records.js';
import { emptyExtractResult, type ExtractResult, type ReaderHelpers } from './index.js';
import { bindValue, findReference, type BindContext } from './values.js';

export function isEnvFileName(file: string): boolean {
  const base = path.posix.basename(file);
  return base === '.env' || base.startsWith('.env.') || base.endsWith('.env');
}

export interface EnvEntry {
  key: string;
  /** The value after unquoting and unescaping (interpolation is not expanded). */
  value: string;
  /** Offset of the first character of the value (after the opening quote). */
  offset: number;
  /** Offset of the key. */
  keyOffset: number;
  quote: '' | "'" | '"' | '`';
  /** Variables interpolated with ${VAR} / $VAR (unquoted and double-quoted values only). */
  interpolates: string[];
}

const KEY_RE = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*(?:=|:[ \t])[ \t]*/;

/** Parse dotenv text into entries; malformed lines are skipped (they are still seen by the text scan). */
export function parseDotenv(source: string): EnvEntry[] {
  const entries: EnvEntry[] = [];
  let pos = 0;
  const n = source.length;
  while (pos < n) {
    let eol = source.indexOf('\n', pos);
    if (eol < 0) eol = n;
    const line = source.slice(pos, eol);
    const m = KEY_RE.exec(line);
    if (!m || /^\s*#/.test(line)) {
      pos = eol + 1;
      continue;
    }
    const key = m[1]!;
    const keyOffset = pos + line.indexOf(key);
    let vstart = pos + m[0].length;
    const q = source[vstart];
    if (q === '"' || q === "'" || q === '`') {
      const close = findClosingQuote(source, vstart + 1, q);
      if (close < 0) {
        // Unterminated: dotenv reads the rest of the line as the value.
        const raw = source.slice(vstart + 1, eol).replace(/\r$/, '');
        entries.push({ key, value: raw, offset: vstart + 1, keyOffset, quote: '', interpolates: interpolations(raw) });
        pos = eol + 1;
        continue;
      }
      const raw = source.slice(vstart + 1, close);
      const value = q === '"' ? unescapeDouble(raw) : raw;
      entries.push({ key, value, offset: vstart + 1, keyOffset, quote: q, interpolates: q === "'" ? [] : interpolations(raw) });
      let next = source.indexOf('\n', close);
      pos = next < 0 ? n : next + 1;
      continue;
    }
    // Unquoted: up to an inline comment (" #") or end of line, trimmed.
    let raw = source.slice(vstart, eol).replace(/\r$/, '');
    const hash = raw.search(/\s#/);
    if (hash >= 0) raw = raw.slice(0, hash);
    if (raw.startsWith('#')) raw = '';
    const value = raw.trim();
    vstart += raw.length - raw.trimStart().length;
    entries.push({ key, value, offset: vstart, keyOffset, quote: '', interpolates: interpolations(value) });
    pos = eol + 1;
  }
  return entries;
}

function findClosingQuote(source: string, from: number, quote: string): number {
  for (let i = from; i < source.length; i++) {
    const c = source[i];
    if (c === '\\' && quote === '"') {
      i++;
      continue;
    }
    if (c === quote) return i;
  }
  return -1;
}

function unescapeDouble(raw: string): string {
  return raw.replace(/\\([nrt"\\$])/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c));
}

function interpolations(raw: string): string[] {
  const names: string[] = [];
  for (const m of raw.matchAll(/(?<!\\)\$(?:\{([A-Za-z_]\w*)(?:[:?=+-][^}]*)?\}|([A-Za-z_]\w*))/g)) names.push(m[1] ?? m[2]!);
  return names;
}

/** A CI template expression: ${{ secrets.X }}, ${{ vars.X }}, ${{ env.X }}. */
const CI_TEMPLATE = /\$\{\{[^}]*\}\}/;

export function readEnvFile(ctx: FileContext, helpers: ReaderHelpers): ExtractResult {
  const out = emptyExtractResult();
  const tool = path.posix.basename(ctx.file);
  const b: BindContext = { ctx, helpers, out, via: 'env' };
  let entries: EnvEntry[];
  try {
    entries = parseDotenv(ctx.text);
  } catch (err) {
    out.warnings.push({ file: ctx.file, message: `env file could not be read (${(err as Error).name}); text scan still applied` });
    return out;
  }
  for (const e of entries) {
    if (!e.value) continue;
    // Interpolation (KEY=${OTHER}, "postgres://u:${PW}@h") copies another variable: that variable's own line
    // is its binding (or it comes from the process environment), so the reference itself binds nothing.
    // A templated env file rendered by CI (SECRET=${{ secrets.X }}) names where the value will come from; the
    // secret lives in the CI store and its binding is the workflow's, not this file's: a reference, no finding.
    if ((e.interpolates.length || CI_TEMPLATE.test(e.value)) && findReference(e.value)) continue;
    const before = out.detections.length;
    const binding = bindValue(b, { tool, offset: e.offset, key: e.key, requireCredentialName: false, forceDetection: true }, e.value);
    if (!binding) continue;
    binding.credentialRef = e.key;
    // The keyed detection lets references to KEY elsewhere resolve to this value (the pipeline de-duplicates).
    for (const d of out.detections.slice(before)) d.key ??= e.key;
  }
  return out;
}
