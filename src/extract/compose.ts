// docker-compose files: per service, credentials in `environment` (map or KEY=value list), `env_file`, and
// `secrets` (resolved through the top-level `secrets:` block: file, environment or external store).
import path from 'node:path';
import type { FileContext } from '../model/records.js';
import { emptyExtractResult, type ExtractResult, type ReaderHelpers } from './index.js';
import { entriesOf, get, isMapNode, itemsOf, parseYamlDocs, str, text, type PNode } from './tree.js';
import { bindValue, makeBinding, type BindContext } from './values.js';

export function isComposeName(file: string): boolean {
  const base = path.posix.basename(file).toLowerCase();
  return /^(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$/.test(base);
}

export function isComposeContent(head: string): boolean {
  return /^services\s*:\s*$/m.test(head) && /^\s+(?:image|build)\s*:/m.test(head);
}

export function readCompose(ctx: FileContext, helpers: ReaderHelpers): ExtractResult {
  const out = emptyExtractResult();
  const parsed = parseYamlDocs(ctx);
  out.warnings.push(...parsed.warnings);
  const b: BindContext = { ctx, helpers, out, via: 'compose' };
  for (const doc of parsed.docs) {
    const topSecrets = get(doc, 'secrets');
    for (const service of entriesOf(get(doc, 'services'))) {
      if (!isMapNode(service.value)) continue;
      readService(b, service.key, service.value, topSecrets);
    }
  }
  return out;
}

function readService(b: BindContext, tool: string, service: PNode, topSecrets: PNode | undefined): void {
  const env = get(service, 'environment');
  for (const e of entriesOf(env)) {
    const v = text(e.value);
    if (v !== undefined) bindValue(b, { tool, offset: e.value.offset, key: e.key }, v);
  }
  for (const item of itemsOf(env)) {
    const line = str(item);
    const eq = line?.indexOf('=') ?? -1;
    if (!line || eq <= 0) continue;
    // "KEY=value": the value starts after '='; quoted YAML scalars start one character later.
    const quoted = b.ctx.text[item.offset] === '"' || b.ctx.text[item.offset] === "'";
    bindValue(b, { tool, offset: item.offset + (quoted ? 1 : 0) + eq + 1, key: line.slice(0, eq) }, line.slice(eq + 1));
  }
  const envFile = get(service, 'env_file');
  for (const f of envFile?.kind === 'seq' ? envFile.items : envFile ? [envFile] : []) {
    const p = str(f) ?? str(get(f, 'path'));
    const at = str(f) ? f : get(f, 'path');
    if (p && at) b.out.bindings.push(makeBinding(b, { tool, offset: at.offset }, 'file', p, { in: 'env_file' }));
  }
  for (const s of itemsOf(get(service, 'secrets'))) {
    const name = str(s) ?? str(get(s, 'source'));
    if (!name) continue;
    const def = get(topSecrets, name);
    const file = str(get(def, 'file'));
    const envName = str(get(def, 'environment'));
    const external = get(def, 'external') !== undefined || get(def, 'name') !== undefined;
    const source = file ? 'file' : envName ? 'env' : external ? 'secret-manager' : 'file';
    b.out.bindings.push(makeBinding(b, { tool, offset: s.offset }, source, file ?? envName ?? name, { in: 'secrets', secret: name }));
  }
}
