import fc from 'fast-check';

/* eslint-disable @typescript-eslint/no-explicit-any -- walks an arbitrary OpenAPI (JSON Schema) document */

export interface FuzzOperation {
  method: string;
  path: string;
  pathParams: string[];
  query: { name: string; schema: any }[];
  body: any | undefined;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function operationsOf(doc: any): FuzzOperation[] {
  return Object.entries<any>(doc.paths).flatMap(([path, item]) =>
    Object.entries<any>(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        pathParams: (op.parameters ?? []).filter((p: any) => p.in === 'path').map((p: any) => p.name),
        query: (op.parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => ({ name: p.name, schema: p.schema })),
        body: op.requestBody?.content?.['application/json']?.schema,
      })),
  );
}

/** Strings a careless server would mishandle: traversal, shell and SQL metacharacters, format strings, odd Unicode. */
export const HOSTILE_STRINGS = [
  '../../../../etc/passwd', '..\\..\\windows', '$(touch x)', '`touch x`', '; rm -rf /', "' OR '1'='1", "'; DROP TABLE users; --",
  '%s%s%s%n', '{{7*7}}', '<script>alert(1)</script>', '\u0000', '\uFFFF', '\uD800', '🚀'.repeat(50), 'a'.repeat(70_000), '', ' ', 'null', '-1', '1e309',
];

const hostile = fc.constantFrom(...HOSTILE_STRINGS);
/** Any JSON value at all, mostly of the wrong type for a given field. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  hostile,
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, true, false, [], {}, Number.MAX_SAFE_INTEGER, -1, 0),
  fc.jsonValue({ maxDepth: 3 }),
);

function resolve(doc: any, schema: any): any {
  let s = schema;
  for (let i = 0; s?.$ref && i < 10; i++) s = doc.components.schemas[s.$ref.split('/').pop()];
  return s ?? {};
}

/** Property names a schema knows (through allOf/oneOf/anyOf too), so wrong values hit real fields, not only unknown keys. */
function knownFields(doc: any, schema: any, depth = 0): string[] {
  const s = resolve(doc, schema);
  if (depth > 3) return [];
  const nested = [...(s.allOf ?? []), ...(s.oneOf ?? []), ...(s.anyOf ?? [])].flatMap((x: any) => knownFields(doc, x, depth + 1));
  return [...new Set([...Object.keys(s.properties ?? {}), ...nested])];
}

/** A JSON body: the schema's fields with values of any type, extra keys, or not an object at all. */
export function bodyArbitrary(doc: any, schema: any): fc.Arbitrary<string> {
  const fields = knownFields(doc, schema);
  const objectWithWrongFields = fields.length
    ? fc.dictionary(fc.constantFrom(...fields), wrongValue, { maxKeys: fields.length }).map((o) => JSON.stringify(o))
    : fc.constant('{}');
  return fc.oneof(
    { weight: 5, arbitrary: objectWithWrongFields },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }) }, // malformed JSON
    { weight: 1, arbitrary: fc.constantFrom('{"a":', '[', '{"__proto__": {"x": 1}}', '{"constructor": {"prototype": {"x": 1}}}', 'x'.repeat(2_000_000)) },
  );
}

export function pathValueArbitrary(ids: string[]): fc.Arbitrary<string> {
  return fc.oneof(hostile, fc.string({ minLength: 1, maxLength: 40 }), fc.constantFrom(...ids, '0', '-1', 'null', '%00', '%2e%2e%2f'));
}

export function queryArbitrary(params: { name: string }[]): fc.Arbitrary<string> {
  if (params.length === 0) return fc.constant('');
  return fc
    .dictionary(fc.constantFrom(...params.map((p) => p.name)), fc.oneof(hostile, fc.string({ maxLength: 30 }), fc.integer().map(String), fc.constantFrom('true', 'x', '-5', '99999999999')))
    .map((q) => new URLSearchParams(q as Record<string, string>).toString());
}

/** Fills path parameters; hostile values are URL-encoded as a client would send them. */
export function concretePath(path: string, values: string[]): string {
  let i = 0;
  // Buffer round trip: lone surrogates become U+FFFD, as any UTF-8 client would send them.
  return path.replace(/\{[^}]+\}/g, () => encodeURIComponent(Buffer.from(values[i++] ?? 'x', 'utf8').toString('utf8')));
}
