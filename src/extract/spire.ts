// SPIFFE / SPIRE: SVID lifetimes. SPIRE defaults are short (X.509-SVID 1 h, JWT-SVID 5 min) and rotated by
// the agent; a server config or registration entry that raises them past those defaults is reported with its
// value, and short settings are evidence for short-lived, per-workload identity.
import path from 'node:path';
import type { FileContext } from '../model/records.js';
import { emptyExtractResult, type ExtractResult, type ReaderHelpers } from './index.js';
import { attr, blocksOf, parseHcl } from './hcl.js';
import { entriesOf, get, itemsOf, parseJsonDocs, text, type PNode } from './tree.js';
import { makeBinding, type BindContext } from './values.js';
import { durationSeconds, lifetimeOf, makeEvidence, makeIssue, severityForTtl } from './common.js';

/** SPIRE's own defaults: above them an SVID outlives what SPIFFE intends. */
const X509_DEFAULT = 3600;
const JWT_DEFAULT = 300;

export function isSpireContent(file: string, head: string): boolean {
  const ext = path.posix.extname(file).toLowerCase();
  if (ext === '.json') return /"(?:x509_svid_ttl|jwt_svid_ttl)"\s*:/.test(head);
  return /\b(?:default_x509_svid_ttl|default_jwt_svid_ttl|default_svid_ttl)\b|^\s*server\s*\{[\s\S]*trust_domain/m.test(head);
}

interface SvidSetting {
  kind: 'x509' | 'jwt';
  key: string;
  value: string | number;
  offset: number;
  owner: string;
}

export function readSpire(ctx: FileContext, helpers: ReaderHelpers): ExtractResult {
  const out = emptyExtractResult();
  const b: BindContext = { ctx, helpers, out, via: 'spire' };
  const settings: SvidSetting[] = [];
  if (path.posix.extname(ctx.file).toLowerCase() === '.json') {
    const parsed = parseJsonDocs(ctx);
    out.warnings.push(...parsed.warnings);
    // Registration entries: { "entries": [ { "spiffe_id", "x509_svid_ttl", "jwt_svid_ttl" } ] } or a bare list.
    for (const doc of parsed.docs) {
      const entries = itemsOf(get(doc, 'entries')).length ? itemsOf(get(doc, 'entries')) : doc.kind === 'seq' ? itemsOf(doc) : [doc];
      for (const e of entries) collectJson(e, settings);
    }
  } else {
    const root = parseHcl(ctx.text);
    for (const server of blocksOf(root, 'server')) {
      for (const [key, kind] of [
        ['default_x509_svid_ttl', 'x509'],
        ['default_svid_ttl', 'x509'],
        ['default_jwt_svid_ttl', 'jwt'],
      ] as const) {
        const a = attr(server, key);
        if (a) settings.push({ kind, key, value: a.value, offset: a.offset, owner: 'SPIRE server' });
      }
      if (!attr(server, 'default_x509_svid_ttl', 'default_svid_ttl') && !attr(server, 'default_jwt_svid_ttl')) {
        out.evidence.push(makeEvidence(ctx, 'short-ttl-revocation', 'for', server.offset, 'SPIRE server keeps the default SVID lifetimes (X.509 1 h, JWT 5 min)', 'spire-default-ttl'));
      }
    }
  }
  for (const s of settings) check(b, s);
  return out;
}

function collectJson(entry: PNode, settings: SvidSetting[]): void {
  const owner = text(get(entry, 'spiffe_id')) ?? text(get(entry, 'id')) ?? 'registration entry';
  for (const e of entriesOf(entry)) {
    const kind = e.key === 'x509_svid_ttl' || e.key === 'ttl' ? 'x509' : e.key === 'jwt_svid_ttl' ? 'jwt' : null;
    const v = text(e.value);
    if (kind && v !== undefined) settings.push({ kind, key: e.key, value: v, offset: e.value.offset, owner });
  }
}

function check(b: BindContext, s: SvidSetting): void {
  const seconds = durationSeconds(typeof s.value === 'number' ? s.value : String(s.value));
  if (seconds === null || seconds === 0) return;
  const ceiling = s.kind === 'x509' ? X509_DEFAULT : JWT_DEFAULT;
  const binding = makeBinding(b, { tool: s.owner, offset: s.offset }, 'minted', `spiffe:${s.kind}-svid`, { key: s.key, ttlSeconds: seconds });
  binding.lifetime = lifetimeOf(seconds, `SPIRE ${s.key}`);
  b.out.bindings.push(binding);
  if (seconds > ceiling) {
    b.out.issues.push(
      makeIssue(b.ctx, {
        ruleId: 'spire-svid-ttl-long',
        offset: s.offset,
        message: `${s.owner}: ${s.key} ${seconds} s is above SPIRE's default (${ceiling} s); a stolen ${s.kind.toUpperCase()}-SVID stays valid that long`,
        lifetime: binding.lifetime,
        tags: ['spiffe', 'long-ttl'],
        severityHint: severityForTtl(seconds),
        provider: 'spiffe',
      }),
    );
  } else {
    b.out.evidence.push(makeEvidence(b.ctx, 'short-ttl-revocation', 'for', s.offset, `${s.owner}: ${s.key} ${seconds} s`, 'spire-short-ttl'));
  }
}
