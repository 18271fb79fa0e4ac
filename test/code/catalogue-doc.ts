// The catalogue section of docs/code-analysis.md, rendered from rules/code/*.yaml. catalogue-doc.test.ts keeps
// the document in sync (CREDLIFE_UPDATE_DOCS=1 rewrites it).
import path from 'node:path';
import type { ClientPattern, CodePatterns, ModelCall, AgentShape, ToolShape } from '../../src/code/patterns.js';

export const BEGIN = '<!-- catalogue:begin — generated from rules/code/*.yaml; refresh: npm run build && CREDLIFE_UPDATE_DOCS=1 node --test dist/test/code/catalogue-doc.test.js -->';
export const END = '<!-- catalogue:end -->';

const code = (s: string) => `\`${s.replace(/\|/g, '\\|')}\``;
const list = (items: string[]) => (items.length ? items.join(', ') : '—');

function shape(s: ToolShape): string {
  const how = [
    ...s.call.map((c) => code(`${c}()`)),
    ...s.new.map((c) => code(`new ${c}`)),
    ...s.method.map((c) => code(`.${c}()`)),
    ...s.extends.map((c) => `extends ${code(c)}`),
    ...s.decorator.map((c) => code(`@${c}`)),
  ].join(' / ');
  const creds = s.credentials.length ? `; credentials in ${s.credentials.map(code).join(', ')}` : '';
  const body = s.body.length ? `; body ${s.body.map(code).join(', ')}` : '';
  return `${how} (name: ${s.name.map(code).join(', ') || code(s.defaultName ?? 'tool')}${body}${creds})`;
}

function tsArgs(c: ClientPattern): string[] {
  return [...c.options.map((o) => code(o)), ...c.args.map((a) => `argument ${a}`), ...c.containers.map((o) => `${code(o)} (searched)`)];
}

function pyArgs(c: ClientPattern): string[] {
  const py = c.python!;
  return [...py.kwargs.map((o) => code(`${o}=`)), ...py.args.map((a) => `argument ${a}`), ...py.containers.map((o) => `${code(`${o}=`)} (searched)`)];
}

export function renderCatalogue(p: CodePatterns): string {
  const out: string[] = [BEGIN, '', '### Agent SDKs', '', '| agent SDK | language | file | tool shapes | agents |', '| --- | --- | --- | --- | --- |'];
  const sdks = [...p.sdks].sort((a, b) => a.sdk.localeCompare(b.sdk) || a.language.localeCompare(b.language));
  for (const f of sdks) {
    const agents = f.agents.map((a) => [...a.new.map((n) => code(`new ${n}`)), ...a.call.map((n) => code(`${n}()`))].join(' / ')
      + (a.functionTools ? ` (plain functions in ${a.tools.map(code).join(', ')} are tools)` : '')).filter(Boolean);
    out.push(`| ${f.sdk} | ${f.language} | ${code(path.basename(f.source))} | ${f.tools.map(shape).join('<br>')} | ${list(agents)} |`);
  }
  out.push('', '### API clients', '',
    'Where each client\'s credential goes, the env var the SDK reads when none is passed (an `implicit` binding), and the',
    'options that make it obtain short-lived credentials itself (a `minted`, task-scoped binding). A base URL option',
    'names the provider when its host is listed under "Providers named by base URL".', '',
    '| client | TypeScript / JavaScript | credential | default env | Python | credential | default env | mints per call | base URL |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const c of p.clients) {
    const ts = [...c.new.map((n) => code(`new ${n}`)), ...c.call.map((n) => code(`${n}()`))];
    const modules = c.modules.length ? ` from ${c.modules.map(code).join(', ')}` : '';
    const py = c.python;
    const minting = [...c.minting.map(code), ...(py?.minting ?? []).map((m) => code(`${m}=`))];
    const base = [...c.baseUrl.map(code), ...(py?.baseUrl ?? []).map((m) => code(`${m}=`))];
    out.push(`| ${c.name} | ${ts.length ? `${ts.join(', ')}${modules}` : '—'} | ${ts.length ? list(tsArgs(c)) : '—'} | ${list(c.defaultEnv.map(code))} `
      + `| ${py ? `${list(py.calls.map((n) => code(`${n}()`)))}${py.modules.length ? ` from ${py.modules.map(code).join(', ')}` : ''}` : '—'} | ${py ? list(pyArgs(c)) : '—'} | ${py ? list(py.defaultEnv.map(code)) : '—'} `
      + `| ${list(minting)} | ${list(base)} |`);
  }
  out.push('', '### SDK default instances', '', 'Imported by name, they read their key from the environment on their own; the binding is at the import.', '',
    '| import | client | reads |', '| --- | --- | --- |');
  for (const d of p.defaultInstances) out.push(`| ${code(`import { ${d.names.join(', ')} } from '${d.module}'`)} | ${d.client} | ${d.defaultEnv.map(code).join(', ')} |`);
  out.push('', '### Model strings', '',
    'A string in one of these positions names the provider by its prefix (up to the first `:` or `/`); that provider\'s',
    'SDK reads its default env key (the client\'s default env above) on its own: an `implicit` binding at the string.', '',
    '| agent SDK | language | call | model string in | without a prefix |', '| --- | --- | --- | --- | --- |');
  for (const f of sdks) {
    const slots: (AgentShape | ModelCall)[] = [...f.agents.filter((a) => a.models.length), ...f.modelCalls];
    for (const s of slots) {
      const calls = [...s.new.map((n) => code(`new ${n}`)), ...s.call.map((n) => code(`${n}()`))].join(' / ');
      const bare = s.client ? `every string goes through ${s.client}` : s.unprefixed === 'infer' ? 'inferred from the model family' : s.unprefixed ?? '—';
      out.push(`| ${f.sdk} | ${f.language} | ${calls} | ${s.models.map(code).join(', ')} | ${bare} |`);
    }
  }
  out.push('', 'Prefixes: ' + [...p.modelProviders].map(([prefix, client]) => `${code(prefix)} → ${client ?? 'no key'}`).join(', ') + '.', '',
    'Model families (an id without a prefix, where inferred): ' + p.modelFamilies.map(([start, client]) => `${code(`${start}…`)} → ${client}`).join(', ') + '.');
  out.push('', '### Providers named by base URL', '', 'An OpenAI-compatible client whose base URL is on one of these hosts (or a subdomain) is named after the provider:', '');
  out.push(p.providerHosts.map(([host, name]) => `${code(host)} → ${name}`).join(', ') + '.');
  out.push('', END);
  return out.join('\n');
}

/** The document with its catalogue section replaced (or appended before "## Cost" when missing). */
export function withCatalogue(doc: string, section: string): string {
  const b = doc.indexOf(BEGIN.slice(0, BEGIN.indexOf('—')));
  const e = doc.indexOf(END);
  if (b >= 0 && e > b) return doc.slice(0, b) + section + doc.slice(e + END.length);
  const at = doc.indexOf('\n## Cost');
  const insert = `\n## Catalogue\n\n${section}\n`;
  return at >= 0 ? doc.slice(0, at) + insert + doc.slice(at) : `${doc}${insert}`;
}
