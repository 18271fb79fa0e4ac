// Rule files (rules/**/*.yaml) validated against JSON schemas with ajv. A schema states each field's problem in
// its `description` ("must be a non-empty string"), so an error reads `file: path: "field" problem` and names
// where the offending key is, never its value. ajv is loaded on the first file that needs it: text the build
// already parsed (dist/rules-yaml.json) comes from the shipped rules, which the test suite validates against the
// same schemas, so a plain scan does not pay ajv's start-up.
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { isPrecompiled } from './rule-yaml.js';

export type JsonSchema = Record<string, unknown>;

const compiled = new WeakMap<JsonSchema, ValidateFunction>();
let ajv: { compile(schema: JsonSchema): ValidateFunction } | undefined;

function validatorFor(schema: JsonSchema): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) {
    if (!ajv) {
      const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
      // verbose: each error carries the schema it failed on (its description is the message); strict off for
      // the description-only annotations.
      ajv = new Ajv({ allErrors: false, verbose: true, strict: false });
    }
    compiled.set(schema, (v = ajv.compile(schema)));
  }
  return v;
}

/** A path in a document, as `checks[2].kind`. */
export function formatPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out ? `.${s}` : s;
  return out;
}

export interface SchemaProblem {
  /** Where the offending key is: `checks[2]`, then the key's name in the problem. */
  path: (string | number)[];
  problem: string;
}

function segmentsOf(e: ErrorObject): (string | number)[] {
  return e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describe(e: ErrorObject, keyNoun: string): SchemaProblem {
  const segments = segmentsOf(e);
  const params = e.params as Record<string, unknown>;
  const own = (e.parentSchema as { description?: string } | undefined)?.description;
  if (e.keyword === 'additionalProperties') {
    // A key of a rule file is the schema's vocabulary, not a value: naming it is what helps.
    const hint = own ? ` (${own})` : '';
    return { path: segments, problem: `unknown ${keyNoun} "${String(params.additionalProperty)}"${hint}` };
  }
  if (e.keyword === 'required') {
    const missing = String(params.missingProperty);
    const props = (e.parentSchema as { properties?: Record<string, { description?: string }> } | undefined)?.properties;
    const problem = props?.[missing]?.description ? `"${missing}" ${props[missing].description}` : (own ?? `"${missing}" is required`);
    return { path: segments, problem };
  }
  const last = segments[segments.length - 1];
  const field = typeof last === 'string' ? `"${last}" ` : '';
  const at = typeof last === 'string' ? segments.slice(0, -1) : segments;
  if (own) return { path: at, problem: `${field}${own}` };
  if (e.keyword === 'enum') return { path: at, problem: `${field}must be one of ${(params.allowedValues as unknown[]).join(', ')}` };
  if (e.keyword === 'type') return { path: at, problem: `${field}must be ${String(params.type).replace(',', ' or ')}` };
  return { path: at, problem: `${field}is not valid (${e.keyword})` };
}

/**
 * The first problem of `doc` against `schema`, or null. `text` is the file's text: a document the build parsed
 * from the shipped rules is not validated again at run time (see the header). `keyNoun` names an unknown key
 * ("unknown field" in patterns).
 */
export function schemaProblem(schema: JsonSchema, doc: unknown, text?: string, keyNoun = 'key'): SchemaProblem | null {
  if (text !== undefined && isPrecompiled(text)) return null;
  const validate = validatorFor(schema);
  if (validate(doc)) return null;
  return describe(validate.errors![0]!, keyNoun);
}

/** Always validate (tests hold the shipped files to their schemas with this). */
export function schemaProblemOf(schema: JsonSchema, doc: unknown): SchemaProblem | null {
  return schemaProblem(schema, doc);
}
