// Baselines: the findings a team already knows about, keyed by content so they survive lines moving and
// files being reformatted:
//
//   rule + credential fingerprint + file          (findings about a credential value)
//   rule + hash(rule, file, subject) + file        (config / binding findings with no credential)
//
// The subject is what the finding is about: the tool, agent and source of its binding and the env var /
// secret names it mentions, or a config finding's normalised message, without step indices (subj1:…).
// Inserting a step above a workflow step keeps the key. Older baselines keyed on the message hash (msg1:…) are still honoured.
//
// Never a line number, never a raw value. The file is YAML with one flow mapping per line, sorted and
// de-duplicated, so two branches that add different findings merge cleanly (and with
// `merge=union` in .gitattributes they never conflict: the reader tolerates duplicates and any order).
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { yamlLib } from '../ruleset/yaml-lib.js';
import type { Finding } from '../model/report.js';
import { ConfigError, CredlifeError } from '../model/errors.js';
import { safeWriteFile } from '../sources/safe-write.js';

export interface BaselineEntry {
  rule: string;
  file: string;
  /** Credential fingerprint (fp1:…), for findings about a credential value. */
  fingerprint?: string;
  /** subj1:… hash of rule, file and the finding's subject (msg1:… in older baselines), for findings without a credential. */
  hash?: string;
}

const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

const HEADER = [
  '# credlife baseline: known findings, keyed by rule + credential fingerprint (or subject hash) + file.',
  '# No line numbers and no secret values. Sorted, one finding per line: regenerate with',
  '# `credlife scan --write-baseline <this file>`; add "<this file> merge=union" to .gitattributes to never',
  '# see a merge conflict here.',
  'version: 1',
];

/** Lower-case, single spaces, and no line/column numbers, so rewording-free moves keep the same hash. */
export function normaliseMessage(message: string): string {
  return message
    .toLowerCase()
    .replace(/\b(?:line|lines|column|col)\s+\d+(?:\s*[-–]\s*\d+)?/g, 'line')
    .replace(/:\d+(?::\d+)?\b/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Env var, secret and input names a message mentions (OPENAI_API_KEY, secrets.DEPLOY_KEY → DEPLOY_KEY). */
function namesIn(message: string): string[] {
  return [...new Set(message.match(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g) ?? [])].sort();
}

/**
 * What a finding without a credential is about, independent of its position: for a binding finding, the
 * binding's tool, agent and source plus the names it mentions (not its wording); for a config finding, its
 * normalised message. Step indices ("job:a#4") are dropped from both.
 */
export function subjectOf(f: Finding): string {
  // String(): a hand-edited report may carry anything where a name belongs; it must not crash a formatter.
  const unindexed = (t: unknown) => String(t ?? '').replace(/#\d+\b/g, '#');
  if (!f.binding) return `message:${unindexed(normaliseMessage(f.message))}`;
  const names = namesIn(f.message);
  return [`tool:${unindexed(f.binding.tool ?? '')}`, `agent:${f.binding.agent ?? ''}`, `source:${f.binding.source}`, `names:${names.join(',')}`].join('\0');
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

export function baselineEntryOf(f: Finding): BaselineEntry {
  if (f.credential?.fingerprint) return { rule: f.ruleId, file: f.file, fingerprint: f.credential.fingerprint };
  return { rule: f.ruleId, file: f.file, hash: `subj1:${digest(`${f.ruleId}\0${f.file}\0${subjectOf(f)}`)}` };
}

/** The key of the message-hash scheme of earlier versions (msg1:…), so their baselines keep working. */
function legacyEntryOf(f: Finding): BaselineEntry | undefined {
  if (f.credential?.fingerprint) return undefined;
  return { rule: f.ruleId, file: f.file, hash: `msg1:${digest(`${f.ruleId}\0${f.file}\0${normaliseMessage(f.message)}`)}` };
}

export function entryKey(e: BaselineEntry): string {
  return `${e.rule}\0${e.file}\0${e.fingerprint ?? e.hash ?? ''}`;
}

export function baselineKeyOf(f: Finding): string {
  return entryKey(baselineEntryOf(f));
}

/** Every key under which a baseline may know this finding: the current one, then the legacy message hash. */
export function baselineKeysOf(f: Finding): string[] {
  const legacy = legacyEntryOf(f);
  return legacy ? [baselineKeyOf(f), entryKey(legacy)] : [baselineKeyOf(f)];
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  const ka = [a.file, a.rule, a.fingerprint ?? a.hash ?? ''];
  const kb = [b.file, b.rule, b.fingerprint ?? b.hash ?? ''];
  for (let i = 0; i < 3; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
  return 0;
}

/** The baseline text for these findings: sorted, de-duplicated, one entry per line. */
export function formatBaseline(findings: readonly Finding[]): string {
  const byKey = new Map<string, BaselineEntry>();
  for (const f of findings) {
    const e = baselineEntryOf(f);
    byKey.set(entryKey(e), e);
  }
  const entries = [...byKey.values()].sort(compareEntries);
  // JSON strings are valid YAML double-quoted scalars, so every path and id is quoted safely.
  const lines = entries.map((e) => {
    const id = e.fingerprint !== undefined ? `fingerprint: ${JSON.stringify(e.fingerprint)}` : `hash: ${JSON.stringify(e.hash)}`;
    return `  - {file: ${JSON.stringify(e.file)}, rule: ${JSON.stringify(e.rule)}, ${id}}`;
  });
  return [...HEADER, entries.length ? 'findings:' : 'findings: []', ...lines, ''].join('\n');
}

/** Write the baseline atomically; returns the number of entries. */
export function writeBaseline(file: string, findings: readonly Finding[], roots: readonly string[] = []): number {
  const text = formatBaseline(findings);
  try {
    safeWriteFile(file, text, { roots: [process.cwd(), ...roots], what: 'baseline' });
  } catch (err) {
    if (err instanceof CredlifeError) throw new ConfigError(err.message, err.hint);
    throw err;
  }
  return text.split('\n').filter((l) => l.startsWith('  - ')).length;
}

/** Read a baseline (YAML or JSON) into a set of keys. Throws ConfigError naming the file and line. */
export function readBaseline(file: string): Set<string> {
  let text: string;
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) throw Object.assign(new Error('not a file'), { code: 'not a regular file' });
    if (st.size > MAX_BASELINE_BYTES) throw Object.assign(new Error('too large'), { code: 'larger than 64 MB' });
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(
      code === 'ENOENT' ? `baseline not found: ${file}` : `cannot read baseline ${file} (${code ?? 'error'})`,
      'create it with credlife scan --write-baseline FILE',
    );
  }
  const doc = yamlLib().parseDocument(text, { prettyErrors: false });
  const bad = (line: number | null, problem: string): never => {
    throw new ConfigError(`${file}${line ? `:${line}` : ''}: ${problem}`, 'regenerate it with credlife scan --write-baseline FILE');
  };
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    bad(e.linePos?.[0]?.line ?? null, `invalid YAML: ${e.message.split('\n')[0]}`);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 0 });
  } catch (err) {
    bad(null, `cannot read baseline: ${(err as Error).message.split('\n')[0]}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return bad(1, 'expected a mapping with "version: 1" and "findings"');
  const obj = data as Record<string, unknown>;
  if (obj.version !== 1) bad(1, `unsupported baseline version ${JSON.stringify(obj.version)} (expected 1)`);
  const list = obj.findings ?? [];
  if (!Array.isArray(list)) return bad(null, '"findings" must be a list');
  const keys = new Set<string>();
  list.forEach((raw, i) => {
    const e = raw as Record<string, unknown> | null;
    const ok =
      e && typeof e === 'object' && typeof e.rule === 'string' && typeof e.file === 'string' &&
      (typeof e.fingerprint === 'string' || typeof e.hash === 'string');
    if (!ok) bad(null, `findings[${i}] needs "rule", "file" and "fingerprint" or "hash"`);
    keys.add(entryKey({ rule: e!.rule as string, file: e!.file as string, ...(typeof e!.fingerprint === 'string' ? { fingerprint: e!.fingerprint } : { hash: e!.hash as string }) }));
  });
  return keys;
}
