// Loads the data that drives code analysis: rules/code/*.yaml (agent SDK tool shapes, API clients,
// issuers, credential key names, evidence call names). Loaded once per worker and cached.
import fs from 'node:fs';
import path from 'node:path';
import { parseRuleYaml } from '../ruleset/rule-yaml.js';
import { formatPath, schemaProblem } from '../ruleset/schema.js';
import { rulesDir } from '../ruleset/paths.js';
import { ConfigError } from '../model/errors.js';

export type Language = 'typescript' | 'python';

/** One way an agent SDK defines a tool (see rules/code/*.yaml). */
export interface ToolShape {
  /** Function names called directly (`tool({...})`), imported from the SDK. */
  call: string[];
  /** Class names constructed with `new`. */
  new: string[];
  /** Method names called on any receiver (`server.tool(...)`), when the file imports the SDK. */
  method: string[];
  /** Base classes whose subclasses are tools. */
  extends: string[];
  /** Python decorators (`@tool`, `@function_tool`, `@mcp.tool()`). */
  decorator: string[];
  /** Ordered naming sources: option:KEY, option1:KEY, arg:N, variable, class, property:KEY, function, bodyName (the
   *  name of the function given as the body, as the SDK names it), … */
  name: string[];
  defaultName?: string;
  /** Where the per-call code is: option:KEY, arg:N, lastFunctionArg, method:NAME. */
  body: string[];
  /** Options whose values carry credentials directly: option:KEY, option1:KEY, kw:KEY; options / options1: the whole object. */
  credentials: string[];
}

/**
 * Where a call takes its model as a string (`Agent('openai:gpt-4o')`, `new Agent({ model: 'openai/gpt-4o' })`):
 * the provider named by the string's prefix reads its default env key on its own.
 */
export interface ModelSlot {
  /** Where the model string is: option:KEY, option1:KEY (TS), kw:KEY, arg:N. Empty: the call takes no model string. */
  models: string[];
  /** Provider of a model id without a prefix: a client name, or `infer` (from the id's family: gpt-… → openai). */
  unprefixed?: string;
  /** Every model string goes through this client, whatever its prefix (the AI SDK's default gateway). */
  client?: string;
}

/** A call, not an agent, that takes a model string (`initChatModel('openai:gpt-4o')`, `LLM(model='openai/gpt-4o')`). */
export interface ModelCall extends ModelSlot {
  call: string[];
  new: string[];
}

/** How an agent SDK defines an agent and hands it tools (names the `agent` of each tool binding). */
export interface AgentShape extends ModelSlot {
  new: string[];
  call: string[];
  /** Where the agent's name is: option:KEY (TS) / kw:KEY (Python). */
  name: string[];
  /** Options holding the agent's tools / MCP servers: option:KEY / kw:KEY. */
  tools: string[];
  /** A plain function named in those options is a tool: the SDK wraps it (Python; ADK's FunctionTool). */
  functionTools: boolean;
}

export interface SdkPatterns {
  sdk: string;
  language: Language;
  imports: string[];
  tools: ToolShape[];
  agents: AgentShape[];
  modelCalls: ModelCall[];
  source: string;
}

export interface ClientPattern {
  name: string;
  new: string[];
  call: string[];
  modules: string[];
  options: string[];
  args: number[];
  defaultEnv: string[];
  /** Options whose object value is searched for credentials (`headers: { Authorization: … }`). */
  containers: string[];
  /** Options naming the endpoint: an OpenAI-compatible client pointed at another provider is named after it. */
  baseUrl: string[];
  /** Options whose presence means the SDK obtains short-lived credentials itself (a role, a token provider). */
  minting: string[];
  /** Python: `modules`, when given, are the modules (or their submodules) the call's name must be imported from. */
  python?: { calls: string[]; modules: string[]; kwargs: string[]; args: number[]; defaultEnv: string[]; containers: string[]; baseUrl: string[]; minting: string[] };
}

/** An SDK's ready-made instance (`import { openai } from '@ai-sdk/openai'`) that reads its key from env on its own. */
export interface DefaultInstance {
  module: string;
  names: string[];
  client: string;
  defaultEnv: string[];
}

export type IssuerSource = 'minted' | 'oauth' | 'secret-manager';

export interface IssuerPattern {
  names: Set<string>;
  patterns: RegExp[];
  new: Set<string>;
  argPattern?: RegExp;
  source: IssuerSource;
}

export interface CodePatterns {
  sdks: SdkPatterns[];
  clients: ClientPattern[];
  defaultInstances: DefaultInstance[];
  /** Host suffix → provider name, for clients whose base URL points at another provider. */
  providerHosts: [string, string][];
  /** Model-string prefix (`openai`, `google-gla`) → client name, or null when that provider needs no key. */
  modelProviders: Map<string, string | null>;
  /** Start of an unprefixed model id (`gpt-`, `claude-`) → client name, for slots with `unprefixed: infer`. */
  modelFamilies: [string, string][];
  issuers: IssuerPattern[];
  credentialKeys: Set<string>;
  containerKeys: Set<string>;
  mapKeys: Set<string>;
  credentialEnvName: RegExp;
  credentialVarName: RegExp;
  placeholder: RegExp;
  revoke: RegExp[];
  /** What a revoke call must name (callee, receiver or an argument) to revoke a credential, not a cache. */
  credentialObject: RegExp;
  /** Paths a file read may take to be a credential (key, token, credentials file); other known paths are data. */
  credentialFile: RegExp;
  audienceKeys: Set<string>;
  ttlKeys: Set<string>;
  spans: Set<string>;
  tracingOff: Set<string>;
}

export class CodeRuleError extends ConfigError {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`, 'fix the file under rules/code (see docs/code-analysis.md)');
  }
}

/** One value or a list (CODE_RULE_FILE_SCHEMA holds their types) as a list. */
function asList<T>(v: unknown): T[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]) as T[];
}
const strings = (v: unknown) => asList<string>(v);
const numbers = (v: unknown) => asList<number>(v);

function regex(src: unknown, file: string, what: string, flags = ''): RegExp {
  if (typeof src !== 'string') throw new CodeRuleError(file, `${what} must be a regex string`);
  try {
    return new RegExp(src as string, flags);
  } catch (err) {
    throw new CodeRuleError(file, `${what} is not a valid regex (${(err as Error).message})`);
  }
}

const STRS = { type: ['array', 'string', 'null'], items: { type: 'string', description: 'must be a string' }, description: 'must be a string or list of strings' };
const INTS = { type: ['array', 'integer', 'null'], items: { type: 'integer', description: 'must be an integer' }, description: 'must be integers' };
const REGEX = { type: 'string', description: 'must be a regex string' };
const STR = { type: 'string', description: 'must be a string' };
const list = (items: Record<string, unknown>, what: string) => ({ type: 'array', description: 'must be a list', items: { type: 'object', description: `must be a mapping (${what})`, ...items } });
const MODEL_SLOT = { models: STRS, unprefixed: STR, client: STR };
const CLIENT_PY = { calls: STRS, modules: STRS, kwargs: STRS, args: INTS, defaultEnv: STRS, containers: STRS, baseUrl: STRS, minting: STRS };

/**
 * A rules/code file (JSON schema; each field's `description` is the problem an error names). A file holds any of
 * the sections below (an agent SDK, clients, issuers, key names, …). What a schema cannot say stays in the loader:
 * the spec vocabulary of tool, agent and model positions, what a tool, client or model call needs at least one
 * of, which keys come together (sdk and language, the key-name regexes), regexes that compile, and clients
 * named by model tables that exist.
 */
export const CODE_RULE_FILE_SCHEMA = {
  type: 'object',
  description: 'expected a mapping',
  additionalProperties: false,
  properties: {
    sdk: { type: 'string', description: 'must be a string' },
    language: { enum: ['typescript', 'python'], description: 'must be typescript or python' },
    imports: STRS,
    tools: list(
      {
        additionalProperties: false,
        properties: { call: STRS, new: STRS, method: STRS, extends: STRS, decorator: STRS, name: STRS, body: STRS, credentials: STRS, defaultName: {} },
      },
      'a tool shape',
    ),
    agents: list({ additionalProperties: false, properties: { new: STRS, call: STRS, name: STRS, tools: STRS, functionTools: { type: 'boolean', description: 'must be true or false' }, ...MODEL_SLOT } }, 'an agent shape'),
    modelCalls: list({ additionalProperties: false, properties: { call: STRS, new: STRS, ...MODEL_SLOT } }, 'a model call'),
    // An agent SDK's own classes that are a catalogued client (agno's `Claude` is Anthropic's): that client's default
    // env key, read when no key is passed; gated by `modules`, else by the SDK's imports.
    clientClasses: list({ required: ['client', 'calls'], additionalProperties: false, properties: { client: STR, calls: STRS, modules: STRS, kwargs: STRS, args: INTS, containers: STRS, baseUrl: STRS, minting: STRS } }, 'a client class'),
    clients: list(
      {
        required: ['name'],
        additionalProperties: false,
        properties: {
          name: STR,
          new: STRS, call: STRS, modules: STRS, options: STRS, args: INTS, defaultEnv: STRS, containers: STRS, baseUrl: STRS, minting: STRS,
          python: { type: 'object', description: 'must be a mapping', additionalProperties: false, properties: CLIENT_PY },
        },
      },
      'a client',
    ),
    defaultInstances: list(
      { required: ['module', 'client'], properties: { module: STR, client: STR, names: STRS, defaultEnv: STRS } },
      'a default instance',
    ),
    providerHosts: { type: 'object', description: 'must map host suffixes to provider names', additionalProperties: STR },
    modelProviders: { type: 'object', description: 'must map prefixes to client names (or null)', additionalProperties: { type: ['string', 'null'], description: 'must be a client name or null' } },
    modelFamilies: { type: ['object', 'null'], description: 'must map model id starts to client names', additionalProperties: { type: 'string', description: 'must be a client name' } },
    issuers: list(
      {
        required: ['source'],
        properties: {
          source: { enum: ['minted', 'oauth', 'secret-manager'], description: 'must be minted, oauth or secret-manager' },
          names: STRS,
          patterns: { ...STRS, items: REGEX },
          new: STRS,
          argPattern: REGEX,
        },
      },
      'an issuer',
    ),
    credentialKeys: STRS,
    containerKeys: STRS,
    mapKeys: STRS,
    credentialEnvName: REGEX,
    credentialVarName: REGEX,
    placeholder: REGEX,
    revoke: { type: 'object', description: 'must be a mapping with "patterns" and "objects"', required: ['objects'], properties: { patterns: { ...STRS, items: REGEX }, objects: REGEX } },
    credentialFiles: REGEX,
    audienceKeys: STRS,
    ttlKeys: STRS,
    spans: STRS,
    tracingOff: STRS,
    // rules/code/sdk-defaults.yaml: read by the scorecard (src/scorecard/patterns.ts), which validates it.
    sdks: {},
  },
};

const lower = (list: string[]) => new Set(list.map((s) => s.toLowerCase()));

function readYaml(file: string): Record<string, unknown> {
  let doc: unknown;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
    doc = parseRuleYaml(text);
  } catch (err) {
    throw new CodeRuleError(file, `not valid YAML (${(err as Error).message})`);
  }
  // Text the build parsed is a shipped file, held to the schema by test/core/rule-schemas.test.ts.
  const problem = schemaProblem(CODE_RULE_FILE_SCHEMA, doc, text);
  if (problem) throw new CodeRuleError(file, `${problem.path.length ? `${formatPath(problem.path)}: ` : ''}${problem.problem}`);
  return doc as Record<string, unknown>;
}

// What the analysers understand in a tool shape (a typo in a rule file is a load error, not a silent miss).
const NAME_SPEC = /^(option1?:[\w$-]+|arg:\d+|variable|toolsKey|class|function|bodyName|property:\w+|decoratorArg:\d+|decoratorKw:\w+|key:\w+|kw:\w+)$/;
const BODY_SPEC = /^(option1?:[\w$]+|arg:\d+|lastFunctionArg|method:\w+|kw:\w+)$/;
const CREDENTIAL_SPEC = /^(option1?:[\w$]+|options1?|kw:\w+)$/;
const MODEL_SPEC = /^(option1?:[\w$]+|arg:\d+|kw:\w+)$/;

function checkSpecs(file: string, where: string, specs: string[], re: RegExp): void {
  for (const spec of specs) if (!re.test(spec)) throw new CodeRuleError(file, `${where}: unknown entry "${spec}"`);
}

function loadSdk(file: string, doc: Record<string, unknown>): SdkPatterns {
  const language = doc.language;
  if (language !== 'typescript' && language !== 'python') throw new CodeRuleError(file, '"language" is required (typescript or python) beside "sdk"');
  const tools = (doc.tools ?? []) as Record<string, unknown>[];
  const agents = (doc.agents ?? []) as Record<string, unknown>[];
  const modelCalls = (doc.modelCalls ?? []) as Record<string, unknown>[];
  return {
    sdk: doc.sdk as string,
    language,
    imports: strings(doc.imports),
    source: file,
    agents: agents.map((a, i) => {
      const shape: AgentShape = {
        new: strings(a.new),
        call: strings(a.call),
        name: strings(a.name),
        tools: strings(a.tools),
        functionTools: a.functionTools === true,
        ...modelSlot(file, `agents[${i}]`, a),
      };
      checkSpecs(file, `agents[${i}].name`, shape.name, CREDENTIAL_SPEC);
      checkSpecs(file, `agents[${i}].tools`, shape.tools, CREDENTIAL_SPEC);
      return shape;
    }),
    modelCalls: modelCalls.map((m, i) => {
      const shape: ModelCall = {
        call: strings(m.call),
        new: strings(m.new),
        ...modelSlot(file, `modelCalls[${i}]`, m),
      };
      if (!shape.models.length || !(shape.call.length + shape.new.length)) throw new CodeRuleError(file, `modelCalls[${i}] needs models and call or new`);
      return shape;
    }),
    tools: tools.map((t, i) => {
      const shape: ToolShape = {
        call: strings(t.call),
        new: strings(t.new),
        method: strings(t.method),
        extends: strings(t.extends),
        decorator: strings(t.decorator),
        name: strings(t.name),
        body: strings(t.body),
        credentials: strings(t.credentials),
      };
      if (typeof t.defaultName === 'string') shape.defaultName = t.defaultName;
      checkSpecs(file, `tools[${i}].name`, shape.name, NAME_SPEC);
      checkSpecs(file, `tools[${i}].body`, shape.body, BODY_SPEC);
      checkSpecs(file, `tools[${i}].credentials`, shape.credentials, CREDENTIAL_SPEC);
      const matchers = shape.call.length + shape.new.length + shape.method.length + shape.extends.length + shape.decorator.length;
      if (!matchers) throw new CodeRuleError(file, `tools[${i}] needs call, new, method, extends or decorator`);
      return shape;
    }),
  };
}

function modelSlot(file: string, where: string, doc: Record<string, unknown>): ModelSlot {
  const slot: ModelSlot = { models: strings(doc.models) };
  checkSpecs(file, `${where}.models`, slot.models, MODEL_SPEC);
  for (const key of ['unprefixed', 'client'] as const) {
    const v = doc[key];
    if (typeof v === 'string') slot[key] = v;
  }
  return slot;
}

function loadModelProviders(doc: Record<string, unknown>, out: CodePatterns): void {
  for (const [prefix, client] of Object.entries(doc.modelProviders as Record<string, string | null>)) out.modelProviders.set(prefix.toLowerCase(), client);
  for (const [start, client] of Object.entries((doc.modelFamilies ?? {}) as Record<string, string>)) out.modelFamilies.push([start.toLowerCase(), client]);
}

/** Every client a model table or slot names must be a catalogued client with a name (a typo is a load error). */
function checkModelClients(out: CodePatterns): void {
  const known = new Set(out.clients.map((c) => c.name));
  const check = (name: string | null | undefined, where: string) => {
    if (name && !known.has(name)) throw new CodeRuleError(where, `model provider "${name}" is not a client in rules/code`);
  };
  for (const [prefix, client] of out.modelProviders) check(client, `modelProviders.${prefix}`);
  for (const [start, client] of out.modelFamilies) check(client, `modelFamilies.${start}`);
  for (const f of out.sdks) {
    for (const slot of [...f.agents, ...f.modelCalls]) {
      if (slot.unprefixed !== 'infer') check(slot.unprefixed, f.source);
      check(slot.client, f.source);
    }
  }
}

/** A model id: provider prefix, separator, model name; no spaces, bounded. */
const MODEL_ID = /^[\w.@-]+(?:[:/][\w.@:/-]+)?$/;

/**
 * The client and env key a model string binds (`'openai:gpt-4o'` → openai, OPENAI_API_KEY), or undefined: an
 * unknown prefix, a provider that needs no key (ollama), a client with no default env key.
 */
export function modelStringBinding(patterns: CodePatterns, language: Language, value: string, slot: ModelSlot): { client: string; env: string } | undefined {
  const id = value.trim().toLowerCase();
  if (!id || id.length > 200 || !MODEL_ID.test(id)) return undefined;
  const sep = id.search(/[:/]/);
  let client: string | null | undefined;
  if (sep > 0) client = patterns.modelProviders.get(id.slice(0, sep));
  else if (slot.unprefixed === 'infer') client = patterns.modelFamilies.find(([start]) => id.startsWith(start))?.[1];
  else client = slot.unprefixed;
  // A gateway carries every provider's `provider/model` ids on its own key, except those that need none (ollama).
  if (slot.client) client = sep > 0 && client !== null ? slot.client : undefined;
  if (!client) return undefined;
  const env = defaultEnvOf(patterns, client, language);
  return env ? { client, env } : undefined;
}

/** The env key a client's SDK reads on its own: this language's first, else the other language's (same provider). */
function defaultEnvOf(patterns: CodePatterns, client: string, language: Language): string | undefined {
  const same = patterns.clients.filter((c) => c.name === client);
  const own = (c: ClientPattern) => (language === 'python' ? c.python?.defaultEnv : c.defaultEnv) ?? [];
  const other = (c: ClientPattern) => (language === 'python' ? c.defaultEnv : c.python?.defaultEnv) ?? [];
  return same.map((c) => own(c)[0]).find(Boolean) ?? same.map((c) => other(c)[0]).find(Boolean);
}

function loadClients(file: string, doc: Record<string, unknown>): ClientPattern[] {
  const list = doc.clients as Record<string, unknown>[];
  return list.map((c, i) => {
    const py = c.python as Record<string, unknown> | undefined;
    const client: ClientPattern = {
      name: c.name as string,
      new: strings(c.new),
      call: strings(c.call),
      modules: strings(c.modules),
      options: strings(c.options),
      args: numbers(c.args),
      defaultEnv: strings(c.defaultEnv),
      containers: strings(c.containers),
      baseUrl: strings(c.baseUrl),
      minting: strings(c.minting),
    };
    if (py) {
      client.python = {
        calls: strings(py.calls),
        modules: strings(py.modules),
        kwargs: strings(py.kwargs),
        args: numbers(py.args),
        defaultEnv: strings(py.defaultEnv),
        containers: strings(py.containers),
        baseUrl: strings(py.baseUrl),
        minting: strings(py.minting),
      };
    }
    if (!client.new.length && !client.call.length && !client.python?.calls.length) {
      throw new CodeRuleError(file, `clients[${i}] (${c.name}) needs new, call or python.calls`);
    }
    return client;
  });
}

/** An agent SDK's classes that are a catalogued client: that client's default env key, gated by module imports. */
function loadClientClasses(file: string, imports: string[], list: Record<string, unknown>[], out: CodePatterns): ClientPattern[] {
  return list.map((c, i) => {
    const name = c.client as string;
    if (!out.clients.some((k) => k.name === name)) throw new CodeRuleError(file, `clientClasses[${i}]: "${name}" is not a client in rules/code`);
    const modules = strings(c.modules);
    const env = defaultEnvOf(out, name, 'python');
    return {
      name, new: [], call: [], modules: [], options: [], args: [], defaultEnv: [], containers: [], baseUrl: [], minting: [],
      python: {
        calls: strings(c.calls),
        modules: modules.length ? modules : imports,
        kwargs: strings(c.kwargs),
        args: numbers(c.args),
        defaultEnv: env ? [env] : [],
        containers: strings(c.containers),
        baseUrl: strings(c.baseUrl),
        minting: strings(c.minting),
      },
    };
  });
}

function loadDefaultInstances(file: string, doc: Record<string, unknown>): DefaultInstance[] {
  const list = doc.defaultInstances as { module: string; client: string; names?: unknown; defaultEnv?: unknown }[];
  return list.map((d, i) => {
    const names = strings(d.names);
    const defaultEnv = strings(d.defaultEnv);
    if (!names.length || !defaultEnv.length) throw new CodeRuleError(file, `defaultInstances[${i}] needs names and defaultEnv`);
    return { module: d.module, names, client: d.client, defaultEnv };
  });
}

function loadProviderHosts(doc: Record<string, unknown>): [string, string][] {
  return Object.entries(doc.providerHosts as Record<string, string>).map(([host, name]) => [host.toLowerCase(), name]);
}

/** The provider a base URL points at (`https://api.together.xyz/v1` → together), by host suffix. */
export function providerOfUrl(patterns: CodePatterns, url: string): string | undefined {
  const m = /^[a-z]+:\/\/([^/:?#]+)/i.exec(url.trim());
  if (!m) return undefined;
  const host = m[1]!.toLowerCase();
  return patterns.providerHosts.find(([suffix]) => host === suffix || host.endsWith(`.${suffix}`))?.[1];
}

function loadIssuers(file: string, doc: Record<string, unknown>): IssuerPattern[] {
  const list = doc.issuers as Record<string, unknown>[];
  return list.map((e, i) => {
    const source = e.source as IssuerSource;
    const issuer: IssuerPattern = {
      names: new Set(strings(e.names)),
      patterns: strings(e.patterns).map((p) => regex(p, file, `issuers[${i}].patterns`)),
      new: new Set(strings(e.new)),
      source,
    };
    if (e.argPattern !== undefined) issuer.argPattern = regex(e.argPattern, file, `issuers[${i}].argPattern`);
    return issuer;
  });
}

/** Load every rules/code/*.yaml file. Throws CodeRuleError naming the file and the problem. */
export function loadCodePatterns(dir = rulesDir('code')): CodePatterns {
  const out: CodePatterns = {
    sdks: [],
    clients: [],
    defaultInstances: [],
    providerHosts: [],
    modelProviders: new Map(),
    modelFamilies: [],
    issuers: [],
    credentialKeys: new Set(),
    containerKeys: new Set(),
    mapKeys: new Set(),
    credentialEnvName: /(^|_)(KEY|TOKEN|SECRET|PASSWORD)(_|$)/,
    credentialVarName: /(key|token|secret|password)/i,
    placeholder: /^$/,
    revoke: [],
    credentialObject: /token|credential|lease|secret/i,
    credentialFile: /\.(?:pem|key)$/i,
    audienceKeys: new Set(),
    ttlKeys: new Set(),
    spans: new Set(),
    tracingOff: new Set(),
  };
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  const classes: { file: string; imports: string[]; list: Record<string, unknown>[] }[] = [];
  for (const name of files) {
    const file = path.join(dir, name);
    const doc = readYaml(file);
    if ('sdk' in doc) out.sdks.push(loadSdk(file, doc));
    if ('clientClasses' in doc) classes.push({ file, imports: strings(doc.imports), list: doc.clientClasses as Record<string, unknown>[] });
    if ('clients' in doc) out.clients.push(...loadClients(file, doc));
    if ('defaultInstances' in doc) out.defaultInstances.push(...loadDefaultInstances(file, doc));
    if ('providerHosts' in doc) out.providerHosts.push(...loadProviderHosts(doc));
    if ('issuers' in doc) out.issuers.push(...loadIssuers(file, doc));
    if ('modelProviders' in doc) loadModelProviders(doc, out);
    if ('credentialKeys' in doc) {
      for (const k of strings(doc.credentialKeys)) out.credentialKeys.add(k.toLowerCase());
      for (const k of strings(doc.containerKeys)) out.containerKeys.add(k.toLowerCase());
      for (const k of strings(doc.mapKeys)) out.mapKeys.add(k.toLowerCase());
      out.credentialEnvName = regex(doc.credentialEnvName, file, 'credentialEnvName');
      out.credentialVarName = regex(doc.credentialVarName, file, 'credentialVarName', 'i');
      out.placeholder = regex(doc.placeholder, file, 'placeholder', 'i');
    }
    if ('revoke' in doc) {
      const revoke = doc.revoke as Record<string, unknown>;
      out.revoke = strings(revoke?.patterns).map((p) => regex(p, file, 'revoke.patterns'));
      out.credentialObject = regex(revoke?.objects, file, 'revoke.objects', 'i');
      out.credentialFile = regex(doc.credentialFiles, file, 'credentialFiles', 'i');
      out.audienceKeys = lower(strings(doc.audienceKeys));
      out.ttlKeys = lower(strings(doc.ttlKeys));
      out.spans = new Set(strings(doc.spans));
      out.tracingOff = new Set(strings(doc.tracingOff));
    }
  }
  if (!out.sdks.length) throw new CodeRuleError(dir, 'no agent SDK files found');
  // After every file: a client class takes its default env key from the client it names, wherever that is defined.
  for (const c of classes) out.clients.push(...loadClientClasses(c.file, c.imports, c.list, out));
  checkModelClients(out);
  return out;
}

let shipped: CodePatterns | undefined;

/** The shipped patterns (rules/code), loaded once per thread and never changed. */
export function codePatterns(): CodePatterns {
  shipped ??= loadCodePatterns();
  return shipped;
}

/**
 * The patterns plus the team's own broker calls (config `issuers`, e.g. "mintTaskToken" or "broker.getToken"):
 * a call to one of them inside a tool mints per task. A new value; `patterns` is left as it was.
 */
export function withIssuers(patterns: CodePatterns, names: readonly string[]): CodePatterns {
  if (!names.length) return patterns;
  // A dotted name also matches on its last segment: call names are matched as written at the call site.
  const all = new Set(names.flatMap((n) => [n, n.slice(n.lastIndexOf('.') + 1)]));
  const team: IssuerPattern = { names: all, patterns: [], new: new Set(), source: 'minted' };
  return { ...patterns, issuers: [team, ...patterns.issuers] };
}

/** Does a module specifier belong to one of these import prefixes ("ai" exact, "@ai-sdk/" prefix)? */
export function moduleMatches(specifier: string, imports: string[]): boolean {
  for (const imp of imports) {
    if (imp.endsWith('/') ? specifier.startsWith(imp) : specifier === imp || specifier.startsWith(`${imp}/`)) return true;
  }
  return false;
}

// Call names repeat thousands of times in a repository: which issuers a name hits (before the argument check)
// is remembered per issuer list (custom issuers from config replace the list, and so the memo).
const issuerHits = new WeakMap<IssuerPattern[], Map<string, IssuerPattern[]>>();

export function issuersNamed(patterns: CodePatterns, name: string, isNew: boolean): IssuerPattern[] {
  let memo = issuerHits.get(patterns.issuers);
  if (!memo) issuerHits.set(patterns.issuers, (memo = new Map()));
  const key = `${isNew ? 'new ' : ''}${name}`;
  let hits = memo.get(key);
  if (!hits) {
    hits = patterns.issuers.filter((issuer) => (isNew ? issuer.new.has(name) : issuer.names.has(name) || issuer.patterns.some((p) => p.test(name))));
    if (memo.size < 50_000) memo.set(key, hits);
  }
  return hits;
}

/**
 * A revoke-named call that ends a credential: `tokens.revoke(t)`, `revokeToken(x)`, `lease.revoke()`,
 * `client.auth.token.revoke_self()`. `invalidateToolsCaches()` or `cache.invalidate()` name no credential.
 */
export function revokesCredential(patterns: CodePatterns, name: string, receiver: string, args: string): boolean {
  if (!patterns.revoke.some((r) => r.test(name))) return false;
  return patterns.credentialObject.test(name) || patterns.credentialObject.test(receiver) || patterns.credentialObject.test(args);
}

/** Is a file read by path a credential? Unknown paths may be; known ones only when they look like a key or token file. */
export function isCredentialFile(patterns: CodePatterns, path: string | undefined): boolean {
  return path === undefined || patterns.credentialFile.test(path);
}

/** A bare verb names no credential: `codec.mint(state)` or `exchange(a, b)` mint nothing unless the receiver is an issuer. */
const BARE_VERB = /^(?:mint|exchange|issue)$/i;
const ISSUER_RECEIVER = /token|credential|cred|secret|broker|issuer|sts|vault|auth|identity|iam|keys?\b/i;

/** The issuer a call name (and first string argument, and for a bare verb its receiver) matches, if any. */
export function matchIssuer(
  patterns: CodePatterns,
  name: string,
  firstStringArg: string | undefined,
  isNew: boolean,
  receiver?: string,
): IssuerPattern | undefined {
  for (const issuer of issuersNamed(patterns, name, isNew)) {
    if (!isNew && BARE_VERB.test(name) && !issuer.names.has(name) && !(receiver !== undefined && ISSUER_RECEIVER.test(receiver))) continue;
    if (issuer.argPattern && !(firstStringArg !== undefined && issuer.argPattern.test(firstStringArg))) continue;
    return issuer;
  }
  return undefined;
}
